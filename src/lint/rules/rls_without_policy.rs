//! `rls-without-policy`.

use std::collections::HashSet;

use pg_query::protobuf::AlterTableType;
use pg_query::NodeEnum;

use crate::lint::context::{alter_commands, Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags `ENABLE ROW LEVEL SECURITY` on a table created in the same
/// migration when the migration creates no policy for it.
///
/// ## Why is this bad?
/// With row level security on and no policy, PostgreSQL denies everything
/// to everyone but the owner and `service_role`: the app's API calls get
/// empty results and failed writes. That is occasionally intended (a table
/// only server code touches), usually a forgotten policy.
///
/// ## Example
/// ```sql
/// create table public.cart_items (id uuid primary key, user_id uuid);
/// alter table public.cart_items enable row level security;
/// ```
///
/// ## Use instead
/// ```sql
/// create policy "users manage their cart" on public.cart_items
///   for all to authenticated using (user_id = (select auth.uid()));
/// ```
/// or, for a server-only table, suppress with that reason.
pub fn rls_without_policy(ctx: &Context) -> Vec<Violation> {
    let with_policy: HashSet<TableName> = ctx
        .statements
        .iter()
        .filter_map(|s| match &s.node {
            NodeEnum::CreatePolicyStmt(policy) => policy.table.as_ref().map(TableName::of),
            _ => None,
        })
        .collect();
    let mut violations = Vec::new();
    for (index, table, alter) in ctx.alter_tables() {
        let enables =
            alter_commands(alter).any(|c| c.subtype() == AlterTableType::AtEnableRowSecurity);
        if enables && ctx.is_new_table(&table, index) && !with_policy.contains(&table) {
            violations.push(Violation::new(
                index,
                format!("enables row level security on {table} but creates no policy for it: every API request gets no rows and every write is refused"),
                "create the policies the app needs in this migration, or suppress with the reason if only service_role may use the table",
            ));
        }
    }
    violations
}
