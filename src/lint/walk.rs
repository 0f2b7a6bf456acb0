//! A walk over expression trees (policy conditions, column defaults).
//!
//! `pg_query`'s own `nodes()` iterator covers only the nodes it needs for
//! table lists: it skips, among others, the left side of `x IN (SELECT ...)`
//! and `ARRAY[...]`, which a policy may well call `auth.uid()` in. This walk
//! covers every node that can appear in an expression, and lets the visitor
//! skip a subtree.

use pg_query::protobuf::SelectStmt;
use pg_query::{Node, NodeRef};

/// Visits `node` and everything under it, depth first. `visit` returns
/// false to skip the children of the node it was given.
pub fn walk<'a>(node: &'a Node, visit: &mut dyn FnMut(NodeRef<'a>) -> bool) {
    if let Some(inner) = node.node.as_ref() {
        walk_ref(inner.to_ref(), visit);
    }
}

fn walk_ref<'a>(node: NodeRef<'a>, visit: &mut dyn FnMut(NodeRef<'a>) -> bool) {
    if !visit(node) {
        return;
    }
    let mut children: Vec<&'a Node> = Vec::new();
    match node {
        NodeRef::AExpr(e) => {
            children.extend(e.lexpr.as_deref());
            children.extend(e.rexpr.as_deref());
        }
        NodeRef::BoolExpr(e) => children.extend(&e.args),
        NodeRef::BooleanTest(e) => children.extend(e.arg.as_deref()),
        NodeRef::NullTest(e) => children.extend(e.arg.as_deref()),
        NodeRef::CoalesceExpr(e) => children.extend(&e.args),
        NodeRef::MinMaxExpr(e) => children.extend(&e.args),
        NodeRef::FuncCall(c) => {
            children.extend(&c.args);
            children.extend(&c.agg_order);
            children.extend(c.agg_filter.as_deref());
        }
        NodeRef::TypeCast(c) => children.extend(c.arg.as_deref()),
        NodeRef::CollateClause(c) => children.extend(c.arg.as_deref()),
        NodeRef::NamedArgExpr(a) => children.extend(a.arg.as_deref()),
        NodeRef::AIndirection(i) => children.extend(i.arg.as_deref()),
        NodeRef::AArrayExpr(a) => children.extend(&a.elements),
        NodeRef::RowExpr(r) => children.extend(&r.args),
        NodeRef::CaseExpr(c) => {
            children.extend(c.arg.as_deref());
            children.extend(&c.args);
            children.extend(c.defresult.as_deref());
        }
        NodeRef::CaseWhen(w) => {
            children.extend(w.expr.as_deref());
            children.extend(w.result.as_deref());
        }
        NodeRef::SubLink(s) => {
            children.extend(s.testexpr.as_deref());
            children.extend(s.subselect.as_deref());
        }
        NodeRef::SelectStmt(s) => {
            walk_select(s, visit);
            return;
        }
        NodeRef::ResTarget(t) => children.extend(t.val.as_deref()),
        NodeRef::RangeSubselect(s) => children.extend(s.subquery.as_deref()),
        NodeRef::RangeFunction(f) => children.extend(&f.functions),
        NodeRef::JoinExpr(j) => {
            children.extend(j.larg.as_deref());
            children.extend(j.rarg.as_deref());
            children.extend(j.quals.as_deref());
        }
        NodeRef::List(l) => children.extend(&l.items),
        NodeRef::SortBy(s) => children.extend(s.node.as_deref()),
        NodeRef::GroupingSet(g) => children.extend(&g.content),
        NodeRef::CommonTableExpr(c) => children.extend(c.ctequery.as_deref()),
        _ => {}
    }
    for child in children {
        walk(child, visit);
    }
}

fn walk_select<'a>(select: &'a SelectStmt, visit: &mut dyn FnMut(NodeRef<'a>) -> bool) {
    if let Some(with) = &select.with_clause {
        for cte in &with.ctes {
            walk(cte, visit);
        }
    }
    for list in [
        &select.target_list,
        &select.from_clause,
        &select.group_clause,
        &select.values_lists,
        &select.sort_clause,
    ] {
        for node in list {
            walk(node, visit);
        }
    }
    for node in [&select.where_clause, &select.having_clause]
        .into_iter()
        .flatten()
    {
        walk(node, visit);
    }
    for side in [&select.larg, &select.rarg].into_iter().flatten() {
        walk_ref(NodeRef::SelectStmt(side), visit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(sql: &str) -> Vec<String> {
        let parsed = pg_query::parse(sql, 0).unwrap();
        let root = parsed.protobuf.stmts[0].stmt.as_ref().unwrap();
        let mut names = Vec::new();
        walk(root, &mut |node| {
            if let NodeRef::FuncCall(c) = node {
                names.push(crate::lint::context::function_name(c).join("."));
            }
            true
        });
        names
    }

    #[test]
    fn reaches_calls_pg_query_skips() {
        assert_eq!(
            calls("select 1 where auth.uid() in (select f()) and x = any (array[g()])"),
            ["auth.uid", "f", "g"]
        );
        assert_eq!(calls("select 1 union select h() order by 1"), ["h"]);
    }
}
