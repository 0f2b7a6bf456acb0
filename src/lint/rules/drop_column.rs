//! `drop-column`.

use pg_query::protobuf::AlterTableType;

use crate::lint::context::Context;
use crate::lint::Violation;

/// ## What it does
/// Flags `ALTER TABLE ... DROP COLUMN` on a table this migration did not
/// create, unless this migration added the column.
///
/// ## Why is this bad?
/// The column's data is lost, and deployed code that still selects or
/// writes the column (a PostgREST client asking for it by name) fails until
/// it is redeployed.
///
/// ## Example
/// ```sql
/// alter table public.listings drop column legacy_price;
/// ```
///
/// ## Use instead
/// Ship code that no longer reads or writes the column first, then drop it
/// in a later migration, with a `-- schemagate:ignore drop-column <why>`
/// comment once that is done.
pub fn drop_column(ctx: &Context) -> Vec<Violation> {
    ctx.existing_column_commands(AlterTableType::AtDropColumn)
        .map(|(index, table, cmd)| {
            Violation::new(
                index,
                format!("drops column {} of {table}, and its data", cmd.name),
                "deploy code that no longer uses the column first, then drop it in a later migration",
            )
        })
        .collect()
}
