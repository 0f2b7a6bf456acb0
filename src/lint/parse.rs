//! Parsing for the static rules: PostgreSQL's own grammar (`pg_query`), at
//! any depth a migration can reach.
//!
//! `pg_query` hands its tree over as a protobuf message, and the decoder's
//! default limit of 100 nested messages is reached by ordinary SQL (a view
//! concatenating 48 strings, an expression nested 50 levels deep). That
//! limit is lifted (`prost`'s `no-recursion-limit`, see Cargo.toml), and
//! the analysis runs on a thread with a stack sized for deep trees, since
//! decoding, walking and dropping them all recurse. PostgreSQL's parser
//! keeps its own bound (`stack depth limit exceeded`), as the server does.
//!
//! A failure that is ours (a decoding problem) is never reported as the
//! author's syntax error: it is [`SyntaxError::internal`].

use pg_query::NodeEnum;

use crate::migrations::lexer::first_token;
use crate::migrations::Migration;

/// Stack for the thread that parses and lints one file: trees thousands of
/// levels deep fit, and the memory is only touched as deep as it is used.
const ANALYSIS_STACK_BYTES: usize = 256 * 1024 * 1024;

/// One parsed statement.
#[derive(Debug)]
pub struct Statement {
    /// Byte offset of its first token in the file.
    pub offset: usize,
    /// The parse tree.
    pub node: NodeEnum,
}

/// A statement the parser rejected, or that could not be analysed.
#[derive(Debug)]
pub struct SyntaxError {
    /// Byte offset of the statement's first token in the file.
    pub offset: usize,
    /// The parser's message.
    pub message: String,
    /// Whether the failure is ours (the parse tree could not be handed
    /// over), not the statement's.
    pub internal: bool,
}

/// Runs `analysis` on a thread with a stack big enough for deep parse
/// trees, and returns its result.
pub fn on_deep_stack<T: Send>(analysis: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("schemagate-lint".to_string())
            .stack_size(ANALYSIS_STACK_BYTES)
            .spawn_scoped(scope, analysis)
            .expect("cannot start the analysis thread: the system is out of threads or memory");
        match handle.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Parses the whole file in one call; when that fails, each statement as
/// the Supabase CLI splits it, so one bad statement does not hide the rest.
pub fn parse(migration: &Migration) -> (Vec<Statement>, Vec<SyntaxError>) {
    let text = migration.text();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = text.len() - body.len();
    if let Ok(parsed) = pg_query::parse(body, 0) {
        let statements = parsed
            .protobuf
            .stmts
            .into_iter()
            .filter_map(|raw| {
                let node = raw.stmt?.node?;
                let location = usize::try_from(raw.stmt_location).unwrap_or(0);
                // The location can include comments before the statement.
                let offset = base + location + first_token(body.get(location..).unwrap_or(""));
                Some(Statement { offset, node })
            })
            .collect();
        return (statements, Vec::new());
    }
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    for chunk in &migration.statements {
        let offset = chunk.start + first_token(&chunk.sql);
        if offset >= chunk.start + chunk.sql.len() {
            continue;
        }
        match pg_query::parse(&chunk.sql, 0) {
            Ok(parsed) => statements.extend(parsed.protobuf.stmts.into_iter().filter_map(|raw| {
                let node = raw.stmt?.node?;
                let location = usize::try_from(raw.stmt_location).unwrap_or(0);
                let offset =
                    chunk.start + location + first_token(chunk.sql.get(location..).unwrap_or(""));
                Some(Statement { offset, node })
            })),
            Err(pg_query::Error::Parse(message)) => errors.push(SyntaxError {
                offset,
                message,
                internal: false,
            }),
            Err(other) => errors.push(SyntaxError {
                offset,
                message: other.to_string(),
                internal: true,
            }),
        }
    }
    (statements, errors)
}

/// Whether `sql` is SQL PostgreSQL's parser accepts (every statement of
/// it), deciding on a deep stack.
pub fn is_sql(sql: &str) -> bool {
    on_deep_stack(|| pg_query::parse(sql, 0).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::test_utils::migration;

    /// A view concatenating `n` strings: a left-deep tree `n` levels deep.
    fn concatenation(n: usize) -> String {
        let parts: Vec<String> = (0..n).map(|i| format!("'s{i}'")).collect();
        format!(
            "create view public.v as select {} as x;",
            parts.join(" || ")
        )
    }

    /// An expression nested `n` levels deep.
    fn nesting(n: usize) -> String {
        let mut expr = "1".to_string();
        for i in 0..n {
            expr = format!("coalesce({expr}, {i}) + 1");
        }
        format!("select {expr};")
    }

    #[test]
    fn deep_and_long_statements_parse() {
        for sql in [
            concatenation(48),
            concatenation(2000),
            nesting(50),
            nesting(400),
        ] {
            let (statements, errors) = on_deep_stack(|| parse(&migration(&sql)));
            assert!(errors.is_empty(), "{:?}", errors);
            assert_eq!(statements.len(), 1);
        }
    }

    #[test]
    fn lint_reports_no_syntax_error_on_deep_statements() {
        use crate::config::LintSettings;
        use crate::report::RuleId;
        for sql in [concatenation(48), nesting(50)] {
            let findings = crate::lint::lint_file(&migration(&sql), &LintSettings::default());
            assert!(
                findings
                    .iter()
                    .all(|f| f.rule != RuleId::SyntaxError && f.rule != RuleId::LintSkipped),
                "{findings:#?}"
            );
        }
    }

    #[test]
    fn real_syntax_errors_stay_the_authors() {
        let (_, errors) = parse(&migration("selec 1;"));
        assert_eq!(errors.len(), 1);
        assert!(!errors[0].internal);
    }

    #[test]
    fn sql_and_prose_are_told_apart() {
        assert!(is_sql("create table t (id int);\ninsert into t values (1)"));
        assert!(is_sql(&concatenation(100)));
        assert!(!is_sql(
            "Applied by hand during the March outage, see ticket 42."
        ));
    }
}
