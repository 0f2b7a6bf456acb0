//! `not-null-without-default`.

use pg_query::protobuf::ConstrType;

use crate::lint::context::{has_constraint, Context};
use crate::lint::rules::volatile_default::is_serial;
use crate::lint::Violation;

/// ## What it does
/// Flags `ADD COLUMN ... NOT NULL` (or `PRIMARY KEY`) without a `DEFAULT`
/// on a table this migration did not create.
///
/// ## Why is this bad?
/// The existing rows would get NULL in a column that forbids it, so the
/// statement fails as soon as the table has a row. It passes on an empty
/// development database and fails on production.
///
/// ## Example
/// ```sql
/// alter table public.listings add column council text not null;
/// ```
///
/// ## Use instead
/// ```sql
/// alter table public.listings add column council text not null default 'unknown';
/// ```
/// or add it nullable, backfill it, and make it `NOT NULL` later (see
/// `set-not-null`).
pub fn not_null_without_default(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, table, column) in ctx.columns_added_to_existing_tables() {
        let required = column.is_not_null
            || has_constraint(column, ConstrType::ConstrNotnull)
            || has_constraint(column, ConstrType::ConstrPrimary);
        let filled = column.raw_default.is_some()
            || is_serial(column)
            || [
                ConstrType::ConstrDefault,
                ConstrType::ConstrIdentity,
                ConstrType::ConstrGenerated,
            ]
            .into_iter()
            .any(|kind| has_constraint(column, kind));
        if required && !filled {
            violations.push(Violation::new(
                index,
                format!(
                    "adds NOT NULL column {} to {table} without a default: it fails as soon as the table has a row",
                    column.colname
                ),
                "give it a constant default, or add it nullable, backfill it, then set NOT NULL in a later migration",
            ));
        }
    }
    violations
}
