//! `security-definer-search-path`.

use pg_query::NodeEnum;

use crate::lint::context::{strings, Context};
use crate::lint::Violation;

/// ## What it does
/// Flags `CREATE FUNCTION ... SECURITY DEFINER` without a `SET search_path`
/// clause.
///
/// ## Why is this bad?
/// A security definer function runs with its owner's rights (on Supabase,
/// `postgres`, which bypasses row level security) but resolves unqualified
/// names through the caller's `search_path`. A caller who can create
/// objects in a schema on their path can make the function call their own
/// `now()` or read their own `profiles` table, with the owner's rights.
///
/// ## Example
/// ```sql
/// create function public.is_admin() returns boolean
/// language sql security definer
/// as $$ select exists (select 1 from admins where user_id = auth.uid()) $$;
/// ```
///
/// ## Use instead
/// ```sql
/// create function public.is_admin() returns boolean
/// language sql security definer set search_path = ''
/// as $$ select exists (select 1 from public.admins where user_id = auth.uid()) $$;
/// ```
pub fn security_definer_search_path(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let NodeEnum::CreateFunctionStmt(function) = &statement.node else {
            continue;
        };
        let mut definer = false;
        let mut fixed_path = false;
        for option in &function.options {
            let Some(NodeEnum::DefElem(option)) = option.node.as_ref() else {
                continue;
            };
            match (
                option.defname.as_str(),
                option.arg.as_ref().and_then(|a| a.node.as_ref()),
            ) {
                ("security", Some(NodeEnum::Boolean(b))) => definer = b.boolval,
                ("set", Some(NodeEnum::VariableSetStmt(set))) if set.name == "search_path" => {
                    fixed_path = true;
                }
                _ => {}
            }
        }
        if definer && !fixed_path {
            let name = strings(&function.funcname).join(".");
            violations.push(Violation::new(
                index,
                format!("SECURITY DEFINER function {name} has no fixed search_path: callers can make it resolve names to their own objects, run with its owner's rights"),
                "add `set search_path = ''` and schema-qualify every name in the body",
            ));
        }
    }
    violations
}
