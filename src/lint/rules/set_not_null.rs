//! `set-not-null`.

use pg_query::protobuf::AlterTableType;

use crate::lint::context::Context;
use crate::lint::Violation;

/// ## What it does
/// Flags `ALTER COLUMN ... SET NOT NULL` on a column that existed before
/// this migration.
///
/// ## Why is this bad?
/// PostgreSQL scans every row to prove there is no NULL, holding an
/// `ACCESS EXCLUSIVE` lock: nothing reads or writes the table meanwhile.
/// And if production has a NULL that development does not, the migration
/// fails.
///
/// ## Example
/// ```sql
/// alter table public.listings alter column council set not null;
/// ```
///
/// ## Use instead
/// Since PostgreSQL 12 a validated `CHECK (col IS NOT NULL)` lets `SET NOT
/// NULL` skip the scan:
/// ```sql
/// alter table public.listings add constraint council_not_null check (council is not null) not valid;
/// -- next migration
/// alter table public.listings validate constraint council_not_null;
/// alter table public.listings alter column council set not null;
/// alter table public.listings drop constraint council_not_null;
/// ```
pub fn set_not_null(ctx: &Context) -> Vec<Violation> {
    ctx.existing_column_commands(AlterTableType::AtSetNotNull)
        .map(|(index, table, cmd)| {
            Violation::new(
                index,
                format!(
                    "SET NOT NULL on {table}.{} scans every row under ACCESS EXCLUSIVE, and fails if production has a NULL",
                    cmd.name
                ),
                "add CHECK (col IS NOT NULL) NOT VALID, validate it in a later migration, then SET NOT NULL (no scan) and drop the check",
            )
        })
        .collect()
}
