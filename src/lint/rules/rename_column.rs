//! `rename-column`.

use pg_query::protobuf::ObjectType;
use pg_query::NodeEnum;

use crate::lint::context::{Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags `ALTER TABLE ... RENAME COLUMN` on a column that existed before
/// this migration.
///
/// ## Why is this bad?
/// Deployed code, and PostgREST queries that select the column by name,
/// fail from the moment the migration commits until new code is out.
///
/// ## Example
/// ```sql
/// alter table public.featured_queue rename column council_name to council;
/// ```
///
/// ## Use instead
/// Add the new column, write both from the code, backfill, switch reads,
/// then drop the old column in a later migration.
pub fn rename_column(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let NodeEnum::RenameStmt(rename) = &statement.node else {
            continue;
        };
        if rename.rename_type() != ObjectType::ObjectColumn
            || rename.relation_type() != ObjectType::ObjectTable
        {
            continue;
        }
        let Some(table) = rename.relation.as_ref().map(TableName::of) else {
            continue;
        };
        if !ctx.is_new_column(&table, &rename.subname, index) {
            violations.push(Violation::new(
                index,
                format!(
                    "renames column {table}.{} to {}: deployed code that uses the old name breaks",
                    rename.subname, rename.newname
                ),
                "add the new column, write both, backfill, switch reads, then drop the old one in a later migration",
            ));
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use crate::lint::test_utils::{lint_errors, lint_ok};
    use crate::report::RuleId::RenameColumn;

    #[test]
    fn fires_on_an_existing_column() {
        insta::assert_snapshot!(
            lint_errors("alter table public.featured_queue rename column council_name to council;", RenameColumn),
            @"1:1 renames column public.featured_queue.council_name to council: deployed code that uses the old name breaks"
        );
    }

    #[test]
    fn a_new_column_or_table_is_fine() {
        lint_ok(
            "alter table t add column c int;\nalter table t rename column c to d;",
            RenameColumn,
        );
        lint_ok(
            "create table t (a int);\nalter table t rename a to b;",
            RenameColumn,
        );
        lint_ok("alter table t rename to u;", RenameColumn);
    }
}
