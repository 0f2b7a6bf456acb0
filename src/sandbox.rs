//! Refuses, before execution, statements that could escape the throwaway
//! server.
//!
//! On PostgreSQL 15 a `CREATEROLE` role (Supabase's `postgres`) can grant
//! itself `pg_execute_server_program` and then run programs as the server's
//! OS user. The server already runs unprivileged with a cleared environment;
//! this check stops the obvious routes before anything runs. Dollar-quoted
//! bodies and string literals are searched too, because `EXECUTE '…'` inside
//! a `DO` block runs them just the same.

use std::sync::LazyLock;

use regex::Regex;

use crate::migrations::lexer::strip_comments;
use crate::migrations::Migration;
use crate::report::{Finding, RuleId, Severity};

struct Pattern {
    regex: Regex,
    reason: &'static str,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let pattern = |regex: &str, reason| Pattern {
        regex: Regex::new(regex).expect("valid regex"),
        reason,
    };
    vec![
        pattern(
            r"(?is)\bgrant\b.*\bpg_(execute_server_program|read_server_files|write_server_files)\b",
            "grants a role that runs programs or reads or writes files on the server",
        ),
        pattern(
            r"(?is)\balter\s+system\b",
            "changes the server's configuration (ALTER SYSTEM)",
        ),
        pattern(r#"(?is)\bload\s+('|"|\$)"#, "loads a shared library (LOAD)"),
        pattern(
            r#"(?is)\blanguage\s+('|")?(c|internal)\b('|")?"#,
            "creates a function in C or internal code, which loads a library",
        ),
    ]
});

/// Why a statement is refused, if it is.
pub fn refusal(sql: &str) -> Option<&'static str> {
    let text = strip_comments(sql);
    PATTERNS
        .iter()
        .find(|p| p.regex.is_match(&text))
        .map(|p| p.reason)
}

/// The first refused statement of a migration: its index and the reason.
pub fn first_refused(migration: &Migration) -> Option<(usize, &'static str)> {
    migration
        .statements
        .iter()
        .enumerate()
        .find_map(|(i, s)| refusal(&s.sql).map(|reason| (i, reason)))
}

/// One error finding per refused statement, at its line.
pub fn scan(migration: &Migration) -> Vec<Finding> {
    migration
        .statements
        .iter()
        .filter_map(|statement| {
            let reason = refusal(&statement.sql)?;
            let (line, column) = migration.position(statement.start);
            Some(
                Finding::new(
                    RuleId::DangerousStatement,
                    Severity::Error,
                    format!("refused before execution: this statement {reason}"),
                )
                .in_file(&migration.file)
                .at(line, column)
                .with_help("migrations must not reach the server's files, programs or configuration; Supabase does not allow this either"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escalation_routes() {
        for sql in [
            "GRANT pg_execute_server_program TO postgres",
            "grant\n  pg_read_server_files to postgres",
            "DO $$ BEGIN EXECUTE 'GRANT pg_write_server_files TO postgres'; END $$",
            "ALTER SYSTEM SET shared_preload_libraries = 'x'",
            "LOAD 'auto_explain'",
            "CREATE FUNCTION f() RETURNS int AS '/tmp/evil.so', 'f' LANGUAGE C",
            "create function f() returns int as 'x' language 'c'",
        ] {
            assert!(refusal(sql).is_some(), "{sql}");
        }
    }

    #[test]
    fn allows_ordinary_statements_and_comments() {
        for sql in [
            "GRANT SELECT ON public.t TO anon",
            "-- grant pg_execute_server_program would be bad\nSELECT 1",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'",
            "create function f() returns int language plpgsql as $$ begin return 1; end $$",
            "SELECT 'load' AS word",
            "COPY (SELECT 1) TO PROGRAM 'true'",
        ] {
            assert_eq!(refusal(sql), None, "{sql}");
        }
    }
}
