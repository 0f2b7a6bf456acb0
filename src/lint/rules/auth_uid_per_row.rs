//! `auth-uid-per-row`.

use pg_query::protobuf::{self, SubLinkType};
use pg_query::{Node, NodeEnum, NodeRef};

use crate::lint::context::{function_name, is_function, Context, TableName};
use crate::lint::walk::walk;
use crate::lint::Violation;

/// Functions that read the request's JWT: stable, but not free, and the
/// planner calls them once per row unless they stand alone in a subquery.
const AUTH_FUNCTIONS: &[(&str, &str)] = &[
    ("auth", "uid"),
    ("auth", "jwt"),
    ("auth", "role"),
    ("auth", "email"),
    ("pg_catalog", "current_setting"),
];

/// ## What it does
/// Flags policies whose `USING` or `WITH CHECK` expression calls
/// `auth.uid()`, `auth.jwt()`, `auth.role()`, `auth.email()` or
/// `current_setting()` directly, rather than as `(select auth.uid())`.
///
/// ## Why is this bad?
/// A direct call is evaluated for every row the query scans; wrapped in a
/// scalar subquery it becomes an init plan, evaluated once per query. On
/// large tables Supabase measured the difference in orders of magnitude,
/// and its database advisor reports the same (`auth_rls_initplan`).
///
/// ## Example
/// ```sql
/// create policy "own rows" on public.orders
///   for select using (customer_id = auth.uid());
/// ```
///
/// ## Use instead
/// ```sql
/// create policy "own rows" on public.orders
///   for select using (customer_id = (select auth.uid()));
/// ```
pub fn auth_uid_per_row(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let (name, table, expressions) = match &statement.node {
            NodeEnum::CreatePolicyStmt(p) => (&p.policy_name, &p.table, [&p.qual, &p.with_check]),
            NodeEnum::AlterPolicyStmt(p) => (&p.policy_name, &p.table, [&p.qual, &p.with_check]),
            _ => continue,
        };
        let mut calls: Vec<String> = Vec::new();
        for expression in expressions.into_iter().flatten() {
            for call in per_row_calls(expression) {
                if !calls.contains(&call) {
                    calls.push(call);
                }
            }
        }
        if calls.is_empty() {
            continue;
        }
        let table = table
            .as_ref()
            .map(|t| TableName::of(t).to_string())
            .unwrap_or_default();
        let listed = calls
            .iter()
            .map(|c| format!("{c}()"))
            .collect::<Vec<_>>()
            .join(", ");
        let first = &calls[0];
        violations.push(Violation::new(
            index,
            format!("policy {name:?} on {table} calls {listed} for every row it checks"),
            format!("wrap the call in a scalar subquery, `(select {first}())`, so PostgreSQL evaluates it once per query"),
        ));
    }
    violations
}

/// The auth functions `expression` calls outside a `(select f())` wrapper.
fn per_row_calls(expression: &Node) -> Vec<String> {
    let mut calls = Vec::new();
    walk(expression, &mut |node| match node {
        NodeRef::SubLink(sublink) if is_init_plan(sublink) => false,
        NodeRef::FuncCall(call) => {
            let name = function_name(call);
            if AUTH_FUNCTIONS
                .iter()
                .any(|(schema, f)| is_function(&name, schema, f))
            {
                calls.push(name.join("."));
            }
            true
        }
        _ => true,
    });
    calls
}

/// Whether a sublink is `(SELECT <expression without columns>)`: a
/// scalar subquery without `FROM` that refers to no column of the outer
/// row, which PostgreSQL runs once as an init plan.
fn is_init_plan(sublink: &protobuf::SubLink) -> bool {
    if sublink.sub_link_type() != SubLinkType::ExprSublink {
        return false;
    }
    let Some(NodeEnum::SelectStmt(select)) =
        sublink.subselect.as_ref().and_then(|s| s.node.as_ref())
    else {
        return false;
    };
    if !select.from_clause.is_empty()
        || select.where_clause.is_some()
        || select.target_list.len() != 1
    {
        return false;
    }
    let mut correlated = false;
    walk(&select.target_list[0], &mut |node| {
        correlated |= matches!(node, NodeRef::ColumnRef(_));
        !correlated
    });
    !correlated
}
