//! `volatile-default`.

use pg_query::protobuf::{ColumnDef, ConstrType};
use pg_query::NodeRef;

use crate::lint::context::{column_constraints, function_name, strings, Context};
use crate::lint::walk::walk;
use crate::lint::Violation;

/// Functions PostgreSQL marks volatile that migrations use as defaults: a
/// default calling one must be computed row by row.
const VOLATILE: &[&str] = &[
    "random",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuidv4",
    "uuidv7",
    "gen_random_bytes",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "txid_current",
];

/// Whether a column's type is one of the `serial` pseudo-types.
pub fn is_serial(column: &ColumnDef) -> bool {
    column.type_name.as_ref().is_some_and(|t| {
        strings(&t.names).last().is_some_and(|name| {
            matches!(
                *name,
                "smallserial" | "serial" | "bigserial" | "serial2" | "serial4" | "serial8"
            )
        })
    })
}

/// ## What it does
/// Flags `ADD COLUMN` on a table this migration did not create when the
/// new column's value must be computed for each row: a volatile default
/// (`gen_random_uuid()`, `random()`, `clock_timestamp()`, `nextval()`...),
/// a `serial` type, an identity column, or a stored generated column.
///
/// ## Why is this bad?
/// A constant or stable default (`0`, `now()`) is stored once in the
/// catalog. These are not: PostgreSQL rewrites the whole table to fill the
/// column, under an `ACCESS EXCLUSIVE` lock, so nothing reads or writes it
/// until the migration commits. `schemagate check` confirms the rewrite
/// (`traced-rewrite`).
///
/// ## Example
/// ```sql
/// alter table public.orders add column public_id uuid not null default gen_random_uuid();
/// ```
///
/// ## Use instead
/// ```sql
/// alter table public.orders add column public_id uuid;
/// alter table public.orders alter column public_id set default gen_random_uuid();
/// -- then backfill existing rows in batches, and SET NOT NULL later
/// ```
pub fn volatile_default(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, table, column) in ctx.columns_added_to_existing_tables() {
        let Some(reason) = per_row_value(column) else {
            continue;
        };
        violations.push(Violation::new(
            index,
            format!(
                "adds column {} to {table} with {reason}: PostgreSQL rewrites the table under ACCESS EXCLUSIVE to fill every row",
                column.colname
            ),
            "add the column without it (or with a constant default), set the default afterwards, and backfill existing rows in batches",
        ));
    }
    violations
}

/// Why a new column's value is computed per row, if it is.
fn per_row_value(column: &ColumnDef) -> Option<String> {
    if is_serial(column) {
        return Some("a serial type (a sequence default)".to_string());
    }
    for constraint in column_constraints(column) {
        match constraint.contype() {
            ConstrType::ConstrIdentity => return Some("an identity".to_string()),
            ConstrType::ConstrGenerated => return Some("a stored generated value".to_string()),
            ConstrType::ConstrDefault => {
                if let Some(expr) = &constraint.raw_expr {
                    if let Some(function) = volatile_call(expr) {
                        return Some(format!("the volatile default {function}()"));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn volatile_call(expr: &pg_query::Node) -> Option<String> {
    let mut found = None;
    walk(expr, &mut |node| {
        if let NodeRef::FuncCall(call) = node {
            let name = function_name(call);
            if found.is_none() && name.last().is_some_and(|n| VOLATILE.contains(n)) {
                found = Some(name.join("."));
            }
        }
        found.is_none()
    });
    found
}
