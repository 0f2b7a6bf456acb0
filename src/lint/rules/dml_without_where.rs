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
    let touched = ctx.existing_tables(|node| {
        let (verb, relation) = match node {
            NodeEnum::DeleteStmt(delete) if delete.where_clause.is_none() => {
                ("DELETE", delete.relation.as_ref())
            }
            NodeEnum::UpdateStmt(update) if update.where_clause.is_none() => {
                ("UPDATE", update.relation.as_ref())
            }
            _ => return Vec::new(),
        };
        relation
            .map(|r| (TableName::of(r), verb))
            .into_iter()
            .collect()
    });
    touched
        .into_iter()
        .map(|(index, table, verb)| {
            Violation::new(
                index,
                format!("{verb} without WHERE touches every row of {table}"),
                "add the WHERE you meant; for a deliberate change to every row write WHERE true",
            )
        })
        .collect()
}
