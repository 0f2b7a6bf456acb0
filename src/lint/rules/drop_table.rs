//! `drop-table`.

use pg_query::protobuf::ObjectType;
use pg_query::NodeEnum;

use crate::lint::context::{dropped_objects, Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags `DROP TABLE` of a table this migration did not create.
///
/// ## Why is this bad?
/// The table's rows are gone for good (only a backup brings them back), and
/// code that is still deployed, and still queries the table, fails until it
/// is redeployed.
///
/// ## Example
/// ```sql
/// drop table public.orders;
/// ```
///
/// ## Use instead
/// Stop using the table in a release first, keep a copy of the data if it
/// may be needed, then drop it in a later migration with a
/// `-- schemagate:ignore drop-table <why it is safe>` comment.
pub fn drop_table(ctx: &Context) -> Vec<Violation> {
    let dropped = ctx.existing_tables(|node| match node {
        NodeEnum::DropStmt(drop) if drop.remove_type() == ObjectType::ObjectTable => {
            dropped_objects(drop)
                .iter()
                .filter_map(|parts| TableName::from_parts(parts))
                .map(|table| (table, ()))
                .collect()
        }
        _ => Vec::new(),
    });
    dropped
        .into_iter()
        .map(|(index, table, ())| {
            Violation::new(
                index,
                format!("drops table {table}, and every row in it"),
                "make sure no deployed code uses the table and its data is not needed (or backed up), then suppress this with the reason",
            )
        })
        .collect()
}
