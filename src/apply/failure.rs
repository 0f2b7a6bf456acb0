//! From a failure to a report entry: the server's error with its position
//! mapped from the statement to the file, refusals, timeouts, and the
//! findings that carry them.

use sqlx::postgres::{PgDatabaseError, PgErrorPosition};

use crate::config::ApplySettings;
use crate::migrations::lines::char_to_byte;
use crate::migrations::split::Statement;
use crate::migrations::Migration;
use crate::postgres::newer_syntax::newer_syntax_hint;
use crate::report::{Finding, MigrationError, RuleId, Severity};

pub(super) fn describe_error(
    migration: &Migration,
    index: Option<usize>,
    error: &sqlx::Error,
    findings: &mut Vec<Finding>,
) -> MigrationError {
    let statement = index.and_then(|i| migration.statements.get(i));
    let Some(db_error) = error
        .as_database_error()
        .and_then(|e| e.try_downcast_ref::<PgDatabaseError>())
    else {
        let (line, column) = statement.map(|s| migration.position(s.start)).unzip();
        return MigrationError {
            message: error.to_string(),
            sqlstate: None,
            line,
            column,
            detail: None,
            hint: None,
            statement: statement.map(|s| s.sql.clone()),
        };
    };
    let offset = statement.map(|s| s.start + error_offset(s, db_error));
    let (line, column) = offset.map(|o| migration.position(o)).unzip();
    let message = db_error.message().to_string();
    if db_error.code() == "0A000" && message.contains("is not available on this server") {
        let mut finding = Finding::new(RuleId::ExtensionUnavailable, Severity::Error, &message)
            .in_file(&migration.file)
            .with_help(db_error.hint().unwrap_or(
                "use --postgres docker --image supabase/postgres:<tag>, which carries every Supabase extension",
            ));
        if let (Some(line), Some(column)) = (line, column) {
            finding = finding.at(line, column);
        }
        findings.push(finding);
    }
    let in_statement = matches!(db_error.position(), Some(PgErrorPosition::Original(_)));
    let newer = statement
        .and_then(|s| newer_syntax_hint(db_error.code(), in_statement, &s.sql))
        .map(str::to_string);
    let (message, hint) = match crate::shim::emulated_call(&message) {
        Some(call) => (call.message(), Some(call.hint().to_string())),
        None => (message, db_error.hint().map(str::to_string).or(newer)),
    };
    MigrationError {
        message,
        sqlstate: Some(db_error.code().to_string()),
        line,
        column,
        detail: db_error.detail().map(str::to_string),
        hint,
        statement: statement.map(|s| s.sql.clone()),
    }
}

/// Byte offset of the error inside the statement: the server's position
/// when it gave one (1-based, in characters), else the PL/pgSQL line of a
/// `DO` block or function body, else the statement's start.
pub(super) fn error_offset(statement: &Statement, error: &PgDatabaseError) -> usize {
    match error.position() {
        Some(PgErrorPosition::Original(position)) => {
            char_to_byte(&statement.sql, position.saturating_sub(1))
        }
        _ => error
            .r#where()
            .and_then(plpgsql_line)
            .and_then(|line| body_line_offset(&statement.sql, line))
            .unwrap_or(0),
    }
}

/// The line number in a PL/pgSQL context such as
/// `PL/pgSQL function inline_code_block line 3 at RAISE`.
pub(super) fn plpgsql_line(context: &str) -> Option<usize> {
    let first = context.lines().next()?;
    let after = first.split(" line ").nth(1)?;
    after.split_whitespace().next()?.parse().ok()
}

/// Offset of line `line` (1-based) of the first dollar-quoted body: PL/pgSQL
/// counts lines from the opening `$tag$`.
pub(super) fn body_line_offset(sql: &str, line: usize) -> Option<usize> {
    let open = sql.find('$')?;
    let mut offset = open;
    for _ in 1..line {
        offset += sql[offset..].find('\n')? + 1;
    }
    let indent = sql[offset..].len() - sql[offset..].trim_start_matches([' ', '\t']).len();
    Some(offset + indent)
}

pub(super) fn describe_refusal(
    migration: &Migration,
    index: usize,
    message: &str,
) -> MigrationError {
    let statement = migration.statements.get(index);
    let (line, column) = statement.map(|s| migration.position(s.start)).unzip();
    MigrationError {
        message: message.to_string(),
        sqlstate: None,
        line,
        column,
        detail: None,
        hint: None,
        statement: statement.map(|s| s.sql.clone()),
    }
}

pub(super) fn timeout_error(settings: &ApplySettings) -> MigrationError {
    MigrationError {
        message: format!(
            "did not finish within file_timeout ({}); the statement was cancelled",
            humantime::format_duration(settings.file_timeout)
        ),
        sqlstate: None,
        line: None,
        column: None,
        detail: None,
        hint: Some(
            "raise [apply] file_timeout in schemagate.toml if this migration is meant to take that long"
                .to_string(),
        ),
        statement: None,
    }
}

pub(super) fn failure_finding(migration: &Migration, error: &MigrationError) -> Finding {
    let finding = error_finding(RuleId::MigrationFailed, &error.message, migration, error);
    match &error.hint {
        Some(hint) => finding.with_help(hint.clone()),
        None => finding,
    }
}

/// An error finding on `migration` at the failure's position, with its
/// SQLSTATE after the message.
pub(super) fn error_finding(
    rule: RuleId,
    message: &str,
    migration: &Migration,
    error: &MigrationError,
) -> Finding {
    let code = error
        .sqlstate
        .as_deref()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    let mut finding =
        Finding::new(rule, Severity::Error, format!("{message}{code}")).in_file(&migration.file);
    if let (Some(line), Some(column)) = (error.line, error.column) {
        finding = finding.at(line, column);
    }
    finding
}
