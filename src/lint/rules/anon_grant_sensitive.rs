//! `anon-grant-sensitive`.

use pg_query::protobuf::{GrantTargetType, ObjectType, RoleSpecType};
use pg_query::NodeEnum;

use crate::lint::context::{relations, strings, Context, TableName};
use crate::lint::Violation;

/// Schemas of Supabase's own services: nothing in them is meant for `anon`.
const INTERNAL_SCHEMAS: &[&str] = &[
    "auth",
    "vault",
    "storage",
    "pgsodium",
    "pgsodium_masks",
    "supabase_functions",
    "supabase_migrations",
    "realtime",
    "net",
    "cron",
    "extensions",
];

/// Words in a table name that mark data anonymous visitors should not reach.
const SENSITIVE_WORDS: &[&str] = &[
    "user",
    "users",
    "account",
    "accounts",
    "secret",
    "secrets",
    "token",
    "tokens",
    "password",
    "passwords",
    "credential",
    "credentials",
    "key",
    "keys",
    "apikey",
    "apikeys",
    "session",
    "sessions",
    "payment",
    "payments",
    "invoice",
    "invoices",
    "billing",
    "order",
    "orders",
    "customer",
    "customers",
    "audit",
    "private",
    "pii",
];

/// ## What it does
/// Flags `GRANT ... TO anon` (or `TO PUBLIC`, which includes `anon`) on a
/// sensitive table (one in a Supabase service schema such as `auth` or
/// `vault`, or whose name contains a word such as `users`, `secrets`,
/// `tokens`, `payments`, `orders`, `audit`), and on `ALL TABLES IN SCHEMA`.
///
/// ## Why is this bad?
/// `anon` is anyone holding the project's public API key, which ships in
/// every browser bundle. A grant leaves row level security as the only
/// barrier, and RLS is off on new tables by default and does not apply to
/// views or `TRUNCATE`.
///
/// ## Example
/// ```sql
/// grant select on public.orders to anon;
/// grant all on all tables in schema public to anon;
/// ```
///
/// ## Use instead
/// Grant to `authenticated` (signed-in users), with policies; expose only
/// the columns anonymous visitors need, through a view or a function.
pub fn anon_grant_sensitive(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let NodeEnum::GrantStmt(grant) = &statement.node else {
            continue;
        };
        if !grant.is_grant || grant.objtype() != ObjectType::ObjectTable {
            continue;
        }
        let Some(grantee) = grant.grantees.iter().find_map(|g| match g.node.as_ref() {
            Some(NodeEnum::RoleSpec(role)) if role.roletype() == RoleSpecType::RolespecPublic => {
                Some("PUBLIC (which includes anon)")
            }
            Some(NodeEnum::RoleSpec(role)) if role.rolename == "anon" => Some("anon"),
            _ => None,
        }) else {
            continue;
        };
        let privileges = privileges(grant);
        let help = "grant to authenticated instead, with row level security policies, or expose what visitors need through a view or function";
        match grant.targtype() {
            GrantTargetType::AclTargetAllInSchema => {
                let schemas = strings(&grant.objects).join(", ");
                violations.push(Violation::new(
                    index,
                    format!("grants {privileges} on every table in schema {schemas} to {grantee}, sensitive ones included"),
                    help,
                ));
            }
            GrantTargetType::AclTargetObject => {
                for table in relations(&grant.objects).into_iter().filter(is_sensitive) {
                    violations.push(Violation::new(
                        index,
                        format!("grants {privileges} on the sensitive table {table} to {grantee}: anyone with the project's public key gets it, with only row level security in the way"),
                        help,
                    ));
                }
            }
            _ => {}
        }
    }
    violations
}

fn privileges(grant: &pg_query::protobuf::GrantStmt) -> String {
    let names: Vec<String> = grant
        .privileges
        .iter()
        .filter_map(|p| match p.node.as_ref() {
            Some(NodeEnum::AccessPriv(p)) => Some(p.priv_name.to_uppercase()),
            _ => None,
        })
        .collect();
    if names.is_empty() {
        "ALL".to_string()
    } else {
        names.join(", ")
    }
}

fn is_sensitive(table: &TableName) -> bool {
    INTERNAL_SCHEMAS.contains(&table.schema.as_str())
        || table
            .name
            .split('_')
            .any(|word| SENSITIVE_WORDS.contains(&word))
}
