//! Reading pg_query's parse trees: helpers the linter and the shim's DDL
//! rewriting both need.

use pg_query::{Node, NodeEnum};

/// The strings of a list of `String` nodes (qualified names, column lists);
/// other nodes are passed over.
pub fn strings(nodes: &[Node]) -> Vec<&str> {
    nodes
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(NodeEnum::String(s)) => Some(s.sval.as_str()),
            _ => None,
        })
        .collect()
}
