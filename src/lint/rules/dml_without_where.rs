//! `dml-without-where`.

use pg_query::NodeEnum;

use crate::lint::context::{Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags `DELETE` and `UPDATE` without `WHERE` on a table this migration
/// did not create.
///
/// ## Why is this bad?
/// It touches every row of a production table: a `DELETE` empties it, an
/// `UPDATE` overwrites a column everywhere and locks every row until the
/// migration commits. It is far more often a forgotten `WHERE` than intent.
///
/// ## Example
/// ```sql
/// delete from public.reports;
/// update public.listings set status = 'archived';
/// ```
///
/// ## Use instead
/// ```sql
/// delete from public.reports where status = 'spam';
/// update public.listings set status = 'archived' where updated_at < now() - interval '2 years';
/// ```
/// For a deliberate backfill of every row, write `WHERE true` or suppress
/// with the reason.
pub fn dml_without_where(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let (verb, relation) = match &statement.node {
            NodeEnum::DeleteStmt(delete) if delete.where_clause.is_none() => {
                ("DELETE", delete.relation.as_ref())
            }
            NodeEnum::UpdateStmt(update) if update.where_clause.is_none() => {
                ("UPDATE", update.relation.as_ref())
            }
            _ => continue,
        };
        let Some(table) = relation.map(TableName::of) else {
            continue;
        };
        if !ctx.is_new_table(&table, index) {
            violations.push(Violation::new(
                index,
                format!("{verb} without WHERE touches every row of {table}"),
                "add the WHERE you meant; for a deliberate change to every row write WHERE true",
            ));
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use crate::lint::test_utils::{lint_errors, lint_ok};
    use crate::report::RuleId::DmlWithoutWhere;

    #[test]
    fn fires_without_where() {
        insta::assert_snapshot!(
            lint_errors("delete from public.reports;\nupdate listings set status = 'archived';", DmlWithoutWhere),
            @r"
        1:1 DELETE without WHERE touches every row of public.reports
        2:1 UPDATE without WHERE touches every row of public.listings
        "
        );
    }

    #[test]
    fn a_where_or_a_new_table_is_fine() {
        lint_ok(
            "delete from public.reports where status = 'spam';",
            DmlWithoutWhere,
        );
        lint_ok(
            "update listings set status = 'x' where true;",
            DmlWithoutWhere,
        );
        lint_ok(
            "create table t (a int);\ninsert into t values (1);\nupdate t set a = 2;",
            DmlWithoutWhere,
        );
    }
}
