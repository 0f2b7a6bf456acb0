//! `rls-disabled`.

use pg_query::protobuf::{AlterTableType, ObjectType};
use pg_query::NodeEnum;

use crate::lint::context::{alter_commands, Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags a table created in a schema the Supabase API exposes (`public`,
/// or `api.schemas` in `supabase/config.toml`) when the same migration does
/// not `ENABLE ROW LEVEL SECURITY` on it.
///
/// ## Why is this bad?
/// Supabase grants `anon` and `authenticated` access to new tables in
/// `public` by default, and PostgREST serves them: without row level
/// security anyone holding the project's public (anon) key can read and
/// write every row.
///
/// ## Example
/// ```sql
/// create table public.orders (id uuid primary key, customer_id uuid, total_cents int);
/// ```
///
/// ## Use instead
/// ```sql
/// create table public.orders (id uuid primary key, customer_id uuid, total_cents int);
/// alter table public.orders enable row level security;
/// create policy "customers read their orders" on public.orders
///   for select to authenticated using (customer_id = (select auth.uid()));
/// ```
pub fn rls_disabled(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let relation = match &statement.node {
            NodeEnum::CreateStmt(create) => create.relation.as_ref(),
            NodeEnum::CreateTableAsStmt(create) if create.objtype() == ObjectType::ObjectTable => {
                create.into.as_ref().and_then(|i| i.rel.as_ref())
            }
            _ => continue,
        };
        let Some(table) = relation.map(TableName::of) else {
            continue;
        };
        if !ctx.settings.exposed_schemas.contains(&table.schema) || rls_enabled(ctx, &table, index)
        {
            continue;
        }
        violations.push(Violation::new(
            index,
            format!(
                "creates {table} in the API-exposed schema {} without enabling row level security: anyone with the anon key can read and write every row",
                table.schema
            ),
            format!("add `alter table {table} enable row level security;` and the policies the app needs, in this migration"),
        ));
    }
    violations
}

/// Whether the file enables row level security on `table` after statement `created`.
fn rls_enabled(ctx: &Context, table: &TableName, created: usize) -> bool {
    ctx.alter_tables().any(|(index, name, alter)| {
        index > created
            && name == *table
            && alter_commands(alter).any(|c| c.subtype() == AlterTableType::AtEnableRowSecurity)
    })
}
