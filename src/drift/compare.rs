//! One comparison of the expected database with the live one: which
//! migrations production has, both snapshots at once, the scope, the diff,
//! and what the report says about it.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use super::snapshot::{take_expected, take_live, SnapshotOptions};
use super::{diff, emit, Scope};
use crate::config::Config;
use crate::migrations::Migration;
use crate::postgres::Database;
use crate::report::{
    elapsed_ms, AlignmentStatus, Drift, Finding, HistoryAlignment, Report, RuleId, RunError,
    Severity,
};

/// What one comparison is asked for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `--schemas`, which replaces `[drift] schemas` when given.
    pub schemas: &'a [String],
    /// `--emit-sql`: where to write the catch-up and capture migrations.
    pub emit_sql: Option<&'a Path>,
    /// The migrations applied to the expected side.
    pub migrations: &'a [Migration],
}

/// The local migrations the remote history records, or every local one
/// with `include_pending`: what the expected side is built from.
pub fn recorded_migrations(
    migrations: &[Migration],
    alignment: &HistoryAlignment,
    include_pending: bool,
) -> Vec<Migration> {
    let recorded: BTreeSet<&str> = alignment
        .rows
        .iter()
        .filter(|r| r.remote.is_some() && r.status != AlignmentStatus::RemoteOnly)
        .map(|r| r.version.as_str())
        .collect();
    migrations
        .iter()
        .filter(|m| include_pending || recorded.contains(m.version.as_str()))
        .cloned()
        .collect()
}

/// Snapshots the expected database and the live one at `url`, compares
/// them in scope, and records the outcome in `drift` and the report's
/// differences and findings; with `emit_sql`, writes the files too.
pub async fn against_live(
    expected_db: &Database,
    url: &str,
    config: &Config,
    request: &Request<'_>,
    drift: &mut Drift,
    report: &mut Report,
) -> Result<(), RunError> {
    // Both snapshots at once: they run on different servers.
    let started = Instant::now();
    let snapshot_options = SnapshotOptions {
        statement_timeout_ms: config.apply.statement_timeout.as_millis(),
    };
    let ((expected, expected_ms), (actual, actual_ms)) = tokio::join!(
        take_expected(expected_db, &snapshot_options),
        take_live(url, &snapshot_options)
    );
    let (expected, actual) = (expected?, actual?);
    drift.expected_snapshot_ms = expected_ms;
    drift.actual_snapshot_ms = actual_ms;
    let diffed = Instant::now();
    let scope = Scope::build(
        config,
        request.schemas,
        request.migrations,
        &expected,
        &actual,
    )?;
    let changes = diff::diff(&expected, &actual, &scope);
    report.differences = diff::differences(&changes);
    drift.diff_ms = elapsed_ms(diffed);
    drift.compare_ms = elapsed_ms(started);
    drift.counts = diff::counts(&report.differences);
    drift.schemas = scope.schemas_in(&expected, &actual);
    drift.expected_objects = scope.count(&expected);
    drift.actual_objects = scope.count(&actual);
    for skipped in expected.skipped.iter().chain(&actual.skipped) {
        let message = format!(
            "{}s were not compared: {}",
            skipped.object_type, skipped.reason
        );
        report.findings.push(Finding::new(
            RuleId::DriftIncomplete,
            Severity::Warning,
            message.clone(),
        ));
        drift.skipped.push(message);
    }
    if !report.differences.is_empty() {
        report.findings.push(drift_finding(drift));
    }
    if let Some(dir) = request.emit_sql {
        drift.files = emit::write_files(dir, config, &changes, &expected, &actual, &drift.source)?;
    }
    Ok(())
}

/// The warning when the expected side could not be built.
pub fn not_compared_finding() -> Finding {
    Finding::new(
        RuleId::DriftIncomplete,
        Severity::Warning,
        "a migration failed on the throwaway server, so the live database was not compared with it",
    )
}

/// The error that makes a run with differences fail.
fn drift_finding(drift: &Drift) -> Finding {
    let c = &drift.counts;
    Finding::new(
        RuleId::SchemaDrift,
        Severity::Error,
        format!(
            "the live database differs from the migrations: {} missing on remote, {} extra on remote, {} different",
            c.missing_on_remote, c.extra_on_remote, c.different
        ),
    )
    .with_help("review the differences; `schemagate drift --emit-sql DIR` writes a catch-up migration (what the remote lacks) and a capture migration (what only the remote has)")
}
