//! `alter-column-type`.

use pg_query::protobuf::AlterTableType;

use crate::lint::context::{column_def, Context};
use crate::lint::Violation;

/// ## What it does
/// Flags `ALTER COLUMN ... TYPE` on a column that existed before this
/// migration.
///
/// ## Why is this bad?
/// Unless the old and new types are binary-compatible (`varchar(n)` to
/// `text` or to a longer `varchar`), PostgreSQL rewrites the whole table,
/// and every index on it, under an `ACCESS EXCLUSIVE` lock: nothing can
/// read or write the table until the migration commits. A narrower type
/// (or a `USING` conversion) can also fail on, or silently change,
/// production values that local data does not have. `schemagate check`
/// reports whether the table was actually rewritten (`traced-rewrite`).
///
/// ## Example
/// ```sql
/// alter table public.orders alter column total_cents type bigint;
/// ```
///
/// ## Use instead
/// Add a new column of the new type, backfill it in batches, switch the
/// code over, then drop the old column in a later migration.
pub fn alter_column_type(ctx: &Context) -> Vec<Violation> {
    ctx.existing_column_commands(AlterTableType::AtAlterColumnType)
        .map(|(index, table, cmd)| {
            let using = column_def(&cmd.def).is_some_and(|c| c.raw_default.is_some());
            let conversion = if using {
                " with a USING conversion of every value"
            } else {
                ""
            };
            Violation::new(
                index,
                format!(
                    "changes the type of {table}.{}{conversion}: unless the types are binary-compatible this rewrites the table under ACCESS EXCLUSIVE, and a narrower type can fail on or change existing values",
                    cmd.name
                ),
                "add a column of the new type, backfill it in batches, switch the code, then drop the old column later",
            )
        })
        .collect()
}
