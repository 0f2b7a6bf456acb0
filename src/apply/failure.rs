//! From a failure to a report entry: the server's error with its position
//! mapped from the statement to the file, refusals, timeouts, and the
//! findings that carry them.

use sqlx::postgres::{PgDatabaseError, PgErrorPosition};

use crate::config::ApplySettings;
use crate::migrations::server_position::{error_offset, ServerPosition};
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
        let message = crate::postgres::redact_text(&error.to_string());
        return plain_error(migration, statement, message);
    };
    let position = ServerPosition {
        position: match db_error.position() {
            Some(PgErrorPosition::Original(position)) => Some(position),
            _ => None,
        },
        context: db_error.r#where(),
    };
    let offset = index.and_then(|i| error_offset(&migration.statements, i, position));
    let (line, column) = offset.map(|o| migration.position(o)).unzip();
    let message = db_error.message().to_string();
    findings.extend(super::stops::server_refusal(
        migration, db_error, line, column,
    ));
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

pub(super) fn describe_refusal(
    migration: &Migration,
    index: usize,
    message: &str,
) -> MigrationError {
    plain_error(
        migration,
        migration.statements.get(index),
        message.to_string(),
    )
}

/// An error with no server fields: only the message and where it stands.
fn plain_error(
    migration: &Migration,
    statement: Option<&Statement>,
    message: String,
) -> MigrationError {
    let (line, column) = statement.map(|s| migration.position(s.start)).unzip();
    MigrationError {
        line,
        column,
        statement: statement.map(|s| s.sql.clone()),
        ..MigrationError::new(message)
    }
}

pub(super) fn timeout_error(settings: &ApplySettings) -> MigrationError {
    MigrationError {
        hint: Some(
            "raise [apply] file_timeout in schemagate.toml if this migration is meant to take that long"
                .to_string(),
        ),
        ..MigrationError::new(format!(
            "did not finish within file_timeout ({}); the statement was cancelled",
            humantime::format_duration(settings.file_timeout)
        ))
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
