//! `constraint-without-not-valid`.

use pg_query::protobuf::ConstrType;

use crate::lint::context::{added_constraints, Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags a `FOREIGN KEY` or `CHECK` constraint added to a table this
/// migration did not create, without `NOT VALID`, whether by `ADD
/// CONSTRAINT` or inline in `ADD COLUMN`.
///
/// ## Why is this bad?
/// PostgreSQL checks every existing row before the statement returns: a
/// check constraint under an `ACCESS EXCLUSIVE` lock (no reads, no writes),
/// a foreign key under `SHARE ROW EXCLUSIVE` on both tables (no writes to
/// either). The locks last until the migration commits.
///
/// ## Example
/// ```sql
/// alter table public.orders
///   add constraint orders_customer_fk foreign key (customer_id) references auth.users (id);
/// ```
///
/// ## Use instead
/// Add the constraint `NOT VALID` (new rows are checked at once, old ones
/// are not), then validate it in a later migration, which only takes a
/// `SHARE UPDATE EXCLUSIVE` lock:
/// ```sql
/// alter table public.orders
///   add constraint orders_customer_fk foreign key (customer_id) references auth.users (id) not valid;
/// -- next migration
/// alter table public.orders validate constraint orders_customer_fk;
/// ```
pub fn constraint_without_not_valid(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, table, alter) in ctx.alter_tables() {
        if ctx.is_new_table(&table, index) {
            continue;
        }
        for (constraint, inline) in added_constraints(alter) {
            if constraint.skip_validation {
                continue;
            }
            let message = match constraint.contype() {
                ConstrType::ConstrForeign => {
                    let target = constraint
                        .pktable
                        .as_ref()
                        .map(|t| TableName::of(t).to_string())
                        .unwrap_or_default();
                    format!("adds a foreign key to {table} without NOT VALID: every row is checked against {target} while writes to both wait")
                }
                ConstrType::ConstrCheck => format!(
                    "adds a check constraint to {table} without NOT VALID: every row is checked under ACCESS EXCLUSIVE"
                ),
                _ => continue,
            };
            let help = if inline {
                "add the column first, then the constraint with NOT VALID, and VALIDATE CONSTRAINT in a later migration"
            } else {
                "add it with NOT VALID, then VALIDATE CONSTRAINT in a later migration (a weaker lock that lets reads and writes go on)"
            };
            violations.push(Violation::new(index, message, help));
        }
    }
    violations
}
