//! Statements a Supabase database accepts but plain PostgreSQL refuses,
//! because what they rely on is emulated (`src/shim/extensions/`) or is
//! granted by supautils. Each is rewritten into a call of a function of
//! `src/shim/emulation.sql`, which decides at run time:
//!
//! - `CREATE INDEX ... USING hnsw|ivfflat|pgroonga ... WITH (m = 16)`: an
//!   emulated access method has PostgreSQL's hash index behind it, which
//!   knows no `m`, `ef_construction` or `lists`; the options are checked
//!   against the real extension's limits and left out. On a server with the
//!   real extension the statement runs as written.
//! - `CREATE FOREIGN DATA WRAPPER`: superuser-only in PostgreSQL; supautils
//!   lets `postgres` create one (as the superuser) for handlers and
//!   validators that extensions provide.

use std::sync::LazyLock;

use pg_query::protobuf::{CreateFdwStmt, IndexStmt};
use pg_query::{Node, NodeEnum};
use regex::Regex;

use crate::migrations::nodes::strings;
use crate::quote::quote_literal;

/// Access methods the emulations provide (`vector.sql`, `pgroonga.sql`).
const EMULATED_ACCESS_METHODS: &[&str] = &["hnsw", "ivfflat", "pgroonga"];

/// A cheap filter, so only candidate statements are parsed.
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)(\busing\s+(hnsw|ivfflat|pgroonga)\b.*\bwith\s*\(|^\s*create\s+foreign\s+data\s+wrapper\b)")
        .expect("valid regex")
});

/// A statement that goes through `src/shim/emulation.sql`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmulatedDdl {
    /// `CREATE INDEX` with storage options on a possibly emulated access method.
    IndexWithOptions {
        /// The statement as written.
        original: String,
        /// The same statement without its `WITH (...)`.
        without_options: String,
        /// The access method.
        access_method: String,
        /// The options, names and values as written.
        options: Vec<(String, String)>,
    },
    /// `CREATE FOREIGN DATA WRAPPER`.
    ForeignDataWrapper {
        /// Its name.
        name: String,
        /// `HANDLER` (qualified name parts); `None` for none or `NO HANDLER`.
        handler: Option<Vec<String>>,
        /// `VALIDATOR`; `None` for none or `NO VALIDATOR`.
        validator: Option<Vec<String>>,
        /// `OPTIONS (...)`.
        options: Vec<(String, String)>,
    },
}

impl EmulatedDdl {
    /// Recognises a statement; `None` for everything else (it then runs as written).
    pub fn parse(sql: &str) -> Option<EmulatedDdl> {
        if !CANDIDATE.is_match(sql) {
            return None;
        }
        let mut parsed = pg_query::parse(sql, 0).ok()?;
        if parsed.protobuf.stmts.len() != 1 {
            return None;
        }
        let node = parsed.protobuf.stmts[0].stmt.as_mut()?.node.as_mut()?;
        match node {
            NodeEnum::IndexStmt(index) => {
                let (access_method, options) = take_options(index)?;
                let without_options = parsed.deparse(Default::default()).ok()?;
                Some(EmulatedDdl::IndexWithOptions {
                    original: sql.to_string(),
                    without_options,
                    access_method,
                    options,
                })
            }
            NodeEnum::CreateFdwStmt(fdw) => Some(foreign_data_wrapper(fdw)),
            _ => None,
        }
    }

    /// The call that replaces the statement.
    pub fn call_sql(&self) -> String {
        match self {
            EmulatedDdl::IndexWithOptions {
                original,
                without_options,
                access_method,
                options,
            } => format!(
                "SELECT schemagate_shim.create_index_with_options({}, {}, {}, {}, {})",
                quote_literal(original),
                quote_literal(without_options),
                quote_literal(access_method),
                text_array(options.iter().map(|(name, _)| name.as_str())),
                text_array(options.iter().map(|(_, value)| value.as_str())),
            ),
            EmulatedDdl::ForeignDataWrapper {
                name,
                handler,
                validator,
                options,
            } => format!(
                "SELECT schemagate_shim.create_foreign_data_wrapper({}, {}, {}, {}, {})",
                quote_literal(name),
                function_name(handler.as_deref()),
                function_name(validator.as_deref()),
                text_array(options.iter().map(|(name, _)| name.as_str())),
                text_array(options.iter().map(|(_, value)| value.as_str())),
            ),
        }
    }
}

/// Code that an emulation can define but not run, and was run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmulatedCall {
    /// A function (or `DO` block) in an emulated procedural language (plv8, pljava).
    Language,
    /// A foreign table of an emulated foreign-data wrapper (wrappers).
    ForeignTable,
}

impl EmulatedCall {
    /// What happened, for the report.
    pub fn message(self) -> String {
        match self {
            EmulatedCall::Language => "a function in an emulated procedural language (plv8 or pljava) was called: schemagate can create such functions but has no engine to run them".to_string(),
            EmulatedCall::ForeignTable => "a foreign table of an emulated foreign-data wrapper (wrappers) was used: schemagate can create wrappers, servers and foreign tables but does not reach the remote service".to_string(),
        }
    }

    /// How to check the code anyway.
    pub fn hint(self) -> &'static str {
        "run this code in a test against Supabase's own image instead (--postgres docker --image supabase/postgres:<tag>), or keep calls out of migrations and seeds"
    }
}

/// Recognises the error an emulated language handler or FDW handler raises
/// when called (the `language_handler` / `fdw_handler` pseudo-types' input
/// functions, which the emulations use as handlers).
pub fn emulated_call(message: &str) -> Option<EmulatedCall> {
    match message {
        "cannot accept a value of type language_handler" => Some(EmulatedCall::Language),
        "cannot accept a value of type fdw_handler" => Some(EmulatedCall::ForeignTable),
        _ => None,
    }
}

/// The access method and storage options of an index on an emulated
/// access method, removing the options from the statement.
fn take_options(index: &mut IndexStmt) -> Option<(String, Vec<(String, String)>)> {
    let access_method = index.access_method.to_ascii_lowercase();
    if !EMULATED_ACCESS_METHODS.contains(&access_method.as_str()) || index.options.is_empty() {
        return None;
    }
    let options = index.options.iter().filter_map(def_elem).collect();
    index.options.clear();
    Some((access_method, options))
}

fn foreign_data_wrapper(fdw: &CreateFdwStmt) -> EmulatedDdl {
    let mut handler = None;
    let mut validator = None;
    for option in &fdw.func_options {
        let Some(NodeEnum::DefElem(def)) = option.node.as_ref() else {
            continue;
        };
        let name = def.arg.as_deref().map(name_parts).filter(|n| !n.is_empty());
        match def.defname.as_str() {
            "handler" => handler = name,
            "validator" => validator = name,
            _ => {}
        }
    }
    EmulatedDdl::ForeignDataWrapper {
        name: fdw.fdwname.clone(),
        handler,
        validator,
        options: fdw.options.iter().filter_map(def_elem).collect(),
    }
}

/// `name = value` of a `DefElem`, the value as its text.
fn def_elem(node: &Node) -> Option<(String, String)> {
    let Some(NodeEnum::DefElem(def)) = node.node.as_ref() else {
        return None;
    };
    let value = match def.arg.as_deref().and_then(|a| a.node.as_ref()) {
        Some(NodeEnum::Integer(i)) => i.ival.to_string(),
        Some(NodeEnum::Float(f)) => f.fval.clone(),
        Some(NodeEnum::String(s)) => s.sval.clone(),
        Some(NodeEnum::Boolean(b)) => b.boolval.to_string(),
        Some(NodeEnum::TypeName(t)) => name_parts_of(&t.names).join("."),
        _ => String::new(),
    };
    Some((def.defname.clone(), value))
}

fn name_parts(node: &Node) -> Vec<String> {
    match node.node.as_ref() {
        Some(NodeEnum::List(list)) => name_parts_of(&list.items),
        Some(NodeEnum::String(s)) => vec![s.sval.clone()],
        _ => Vec::new(),
    }
}

fn name_parts_of(items: &[Node]) -> Vec<String> {
    strings(items).into_iter().map(str::to_string).collect()
}

/// A qualified function name as SQL text (`'ext.fn'`), each part quoted as
/// an identifier, or `NULL`.
fn function_name(parts: Option<&[String]>) -> String {
    parts.map_or("NULL".to_string(), |parts| {
        let quoted: Vec<String> = parts.iter().map(|p| quote_ident(p)).collect();
        quote_literal(&quoted.join("."))
    })
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn text_array<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = values.map(quote_literal).collect();
    format!("ARRAY[{}]::text[]", items.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_index_options_are_split_off() {
        let ddl = EmulatedDdl::parse(
            "create index on docs using hnsw (embedding vector_cosine_ops) with (m = 16, ef_construction = 64)",
        )
        .expect("recognised");
        let EmulatedDdl::IndexWithOptions {
            without_options,
            access_method,
            options,
            ..
        } = &ddl
        else {
            panic!("{ddl:?}")
        };
        assert_eq!(access_method, "hnsw");
        assert_eq!(
            options,
            &[
                ("m".to_string(), "16".to_string()),
                ("ef_construction".to_string(), "64".to_string())
            ]
        );
        assert!(
            !without_options.to_lowercase().contains("with"),
            "{without_options}"
        );
        assert!(
            without_options.contains("vector_cosine_ops"),
            "{without_options}"
        );
        assert!(ddl
            .call_sql()
            .starts_with("SELECT schemagate_shim.create_index_with_options('create index"));
    }

    #[test]
    fn other_indexes_and_statements_are_left_alone() {
        crate::shim::assert_none_parsed(
            EmulatedDdl::parse,
            &[
                "create index on docs using hnsw (embedding vector_cosine_ops)",
                "create index on docs using btree (x) with (fillfactor = 70)",
                "select 'using hnsw with (m = 1)'",
                "create table t (x int)",
            ],
        );
    }

    #[test]
    fn foreign_data_wrappers_name_their_functions() {
        let ddl = EmulatedDdl::parse(
            "create foreign data wrapper stripe_wrapper handler extensions.stripe_fdw_handler validator stripe_fdw_validator options (x 'y')",
        )
        .expect("recognised");
        assert_eq!(
            ddl.call_sql(),
            "SELECT schemagate_shim.create_foreign_data_wrapper('stripe_wrapper', '\"extensions\".\"stripe_fdw_handler\"', '\"stripe_fdw_validator\"', ARRAY['x']::text[], ARRAY['y']::text[])"
        );
        let bare = EmulatedDdl::parse("CREATE FOREIGN DATA WRAPPER dummy").expect("recognised");
        assert_eq!(
            bare.call_sql(),
            "SELECT schemagate_shim.create_foreign_data_wrapper('dummy', NULL, NULL, ARRAY[]::text[], ARRAY[]::text[])"
        );
    }
}
