//! What stops a file from outside (its deadline, the data directory's cap)
//! and the server's refusals that deserve their own finding.

use sqlx::postgres::PgDatabaseError;

use crate::config::ApplySettings;
use crate::migrations::Migration;
use crate::report::{Finding, MigrationError, RuleId, Severity};

/// Why a file's work was stopped from outside.
pub(super) enum Stopped {
    /// It ran past `file_timeout`.
    TimedOut,
    /// The server's data directory passed its cap.
    OutOfSpace,
}

/// Runs a file's work under its bounds, which the file cannot lift: the
/// client-side `file_timeout` and the data directory's cap.
pub(super) async fn bounded<T>(
    settings: &ApplySettings,
    space: Option<&crate::postgres::SpaceWatch>,
    work: impl std::future::Future<Output = T>,
) -> Result<T, Stopped> {
    let full = async {
        match space {
            Some(space) => space.wait_exceeded().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        outcome = tokio::time::timeout(settings.file_timeout, work) => outcome.map_err(|_| Stopped::TimedOut),
        () = full => Err(Stopped::OutOfSpace),
    }
}

/// The error, and an `out-of-space` finding, for a file stopped at the cap.
pub(super) fn out_of_space(
    space: Option<&crate::postgres::SpaceWatch>,
    migration: &Migration,
    findings: &mut Vec<Finding>,
) -> MigrationError {
    let message = space.map_or_else(
        || "out of space for the throwaway server".to_string(),
        |s| s.message(),
    );
    findings.push(out_of_space_finding(migration, &message));
    let mut error = MigrationError::new(message);
    error.hint = Some(format!(
        "bulk data does not belong in a migration; raise {} if this much is meant",
        crate::postgres::space::CAP_ENV
    ));
    error
}

fn out_of_space_finding(migration: &Migration, message: &str) -> Finding {
    Finding::new(RuleId::OutOfSpace, Severity::Error, message)
        .in_file(&migration.file)
        .with_help(format!(
            "bulk data does not belong in a migration; raise {} if this much is meant",
            crate::postgres::space::CAP_ENV
        ))
}

/// A finding of its own for a server error that is not an ordinary
/// migration failure: the server guard's refusal (`dangerous-statement`) or
/// a full disk or `temp_file_limit` (`out-of-space`).
pub(super) fn server_refusal(
    migration: &Migration,
    db_error: &PgDatabaseError,
    line: Option<u32>,
    column: Option<u32>,
) -> Option<Finding> {
    let message = db_error.message();
    let guard = db_error.code() == "42501"
        && db_error
            .hint()
            .is_some_and(|h| h.starts_with("schemagate's server guard"));
    let disk_full = db_error.code() == "53100"
        || (db_error.code() == "53400" && message.contains("temp_file_limit"));
    let finding = if guard {
        Finding::new(
            RuleId::DangerousStatement,
            Severity::Error,
            format!("refused by the server guard: {message}"),
        )
        .in_file(&migration.file)
        .with_help("migrations must not reach the server's files, programs or reserved roles; Supabase does not allow this either")
    } else if disk_full {
        out_of_space_finding(
            migration,
            &format!("out of space for the throwaway server: {message}"),
        )
    } else {
        return None;
    };
    Some(match (line, column) {
        (Some(line), Some(column)) => finding.at(line, column),
        _ => finding,
    })
}
