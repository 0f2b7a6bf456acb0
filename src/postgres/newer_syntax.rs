//! Recognises a statement the server rejects as a syntax error although
//! PostgreSQL's newest parser (libpg_query, PostgreSQL 18) accepts it: the
//! migration uses syntax of a newer major than the server's (`JSON_TABLE`,
//! `MERGE ... RETURNING` are PostgreSQL 17), which usually means the server
//! runs another major than production.

/// The hint for a failed statement, when it is such a case: `sqlstate` is
/// the server's error code, `in_statement` whether the error's position
/// lies in the statement itself (not in a function body it creates).
pub fn newer_syntax_hint(sqlstate: &str, in_statement: bool, sql: &str) -> Option<&'static str> {
    if sqlstate != "42601" || !in_statement || pg_query::parse(sql, 0).is_err() {
        return None;
    }
    Some(
        "PostgreSQL 18's parser accepts this statement, so it uses syntax newer than this server's major (JSON_TABLE and MERGE ... RETURNING need PostgreSQL 17); set db.major_version in supabase/config.toml to the major production runs, and schemagate checks on a server of that major",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_syntax_errors_in_statements_the_newest_parser_accepts() {
        let json_table =
            "select * from json_table('[1]'::jsonb, '$[*]' columns (x int path '$')) as t";
        assert!(newer_syntax_hint("42601", true, json_table).is_some());
        // A real syntax error stays unexplained.
        assert!(newer_syntax_hint("42601", true, "selec 1").is_none());
        // An error inside a function body, or of another kind, too.
        assert!(newer_syntax_hint("42601", false, json_table).is_none());
        assert!(newer_syntax_hint("42P01", true, json_table).is_none());
    }
}
