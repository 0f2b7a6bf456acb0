//! `truncate`.

use pg_query::NodeEnum;

use crate::lint::context::{relations, Context};
use crate::lint::Violation;

/// ## What it does
/// Flags `TRUNCATE` of a table this migration did not create.
///
/// ## Why is this bad?
/// Every row is deleted, with no `WHERE` to limit it and no `ON DELETE`
/// triggers fired, under an `ACCESS EXCLUSIVE` lock. Row level security
/// does not apply to it either.
///
/// ## Example
/// ```sql
/// truncate public.cart_items;
/// ```
///
/// ## Use instead
/// `DELETE ... WHERE` the rows that must go, or suppress with the reason
/// the table's contents are disposable.
pub fn truncate(ctx: &Context) -> Vec<Violation> {
    let emptied = ctx.existing_tables(|node| match node {
        NodeEnum::TruncateStmt(truncate) => relations(&truncate.relations)
            .into_iter()
            .map(|table| (table, ()))
            .collect(),
        _ => Vec::new(),
    });
    emptied
        .into_iter()
        .map(|(index, table, ())| {
            Violation::new(
                index,
                format!("empties {table}: every row is deleted"),
                "delete only the rows that must go (DELETE ... WHERE), or say why the contents are disposable in a suppression",
            )
        })
        .collect()
}
