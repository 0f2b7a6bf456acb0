//! `index-without-concurrently`.

use pg_query::protobuf::ConstrType;
use pg_query::NodeEnum;

use crate::lint::context::{added_constraints, Context, TableName};
use crate::lint::Violation;

const HELP: &str = "on a large table, build the index outside the migration with CREATE INDEX CONCURRENTLY (the Supabase CLI runs each file in a transaction, where CONCURRENTLY fails) and keep CREATE INDEX IF NOT EXISTS here; for a unique or primary key constraint, then ADD CONSTRAINT ... USING INDEX; on a small table, suppress with the reason";

/// ## What it does
/// Flags index builds on a table this migration did not create: `CREATE
/// INDEX` without `CONCURRENTLY`, and `ADD PRIMARY KEY`, `ADD UNIQUE` or
/// `ADD EXCLUDE` without `USING INDEX` (which build an index too).
///
/// ## Why is this bad?
/// The build reads the whole table while holding a `SHARE` lock (`ACCESS
/// EXCLUSIVE` for the constraint forms): inserts, updates and deletes wait
/// until the migration commits, which on a large table is a visible outage.
///
/// ## Example
/// ```sql
/// create index listings_status_idx on public.listings (status);
/// ```
///
/// ## Use instead
/// `CREATE INDEX CONCURRENTLY` cannot run inside a transaction, and the
/// Supabase CLI applies each migration file in one. Build the index
/// concurrently outside the migration (psql or the SQL editor), and keep
/// the migration idempotent so history still records it:
/// ```sql
/// create index if not exists listings_status_idx on public.listings (status);
/// ```
/// A unique constraint can then reuse the index: `alter table ... add
/// constraint ... unique using index listings_status_idx`.
pub fn index_without_concurrently(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        match &statement.node {
            NodeEnum::IndexStmt(create) if !create.concurrent => {
                let Some(table) = create.relation.as_ref().map(TableName::of) else {
                    continue;
                };
                if ctx.is_new_table(&table, index) {
                    continue;
                }
                let name = if create.idxname.is_empty() {
                    "an index".to_string()
                } else {
                    format!("index {}", create.idxname)
                };
                violations.push(Violation::new(
                    index,
                    format!("builds {name} on {table} without CONCURRENTLY: writes to {table} wait until the migration commits"),
                    HELP,
                ));
            }
            NodeEnum::AlterTableStmt(alter) => {
                let Some(table) = alter.relation.as_ref().map(TableName::of) else {
                    continue;
                };
                if ctx.is_new_table(&table, index) {
                    continue;
                }
                for (constraint, _) in added_constraints(alter) {
                    let kind = match constraint.contype() {
                        ConstrType::ConstrPrimary => "a primary key",
                        ConstrType::ConstrUnique => "a unique constraint",
                        ConstrType::ConstrExclusion => "an exclusion constraint",
                        _ => continue,
                    };
                    if !constraint.indexname.is_empty() {
                        continue;
                    }
                    violations.push(Violation::new(
                        index,
                        format!("adds {kind} to {table}, building its index under ACCESS EXCLUSIVE: reads and writes wait until the migration commits"),
                        HELP,
                    ));
                }
            }
            _ => {}
        }
    }
    violations
}
