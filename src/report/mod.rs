//! The report: plain data that every stage fills and every renderer reads.
//!
//! Nothing here talks to a database or the file system; renderers
//! (`human`, `json`, `markdown`) only read a [`Report`] and write to
//! an `io::Write`.

pub mod annotations;
pub mod combined;
pub mod digest;
mod drift;
pub mod hazard;
mod history;
pub mod human;
pub mod json;
pub mod links;
pub mod markdown;
pub mod plain_text;
mod review;
mod rule;
pub mod sarif;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use drift::{Difference, DifferenceKind, Drift, DriftCounts};
pub use history::{
    AlignmentRow, AlignmentStatus, HistoryAlignment, PlannedPlaceholder, PlannedRepair,
    ReconcilePlan, RemoteMigration, RepairStatus,
};
pub use review::{AdvisorRun, TestFileResult, TestRun, TestStatus};
pub use rule::{RuleId, UnknownRule};

/// Version of the JSON report layout, bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The outcome of a whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every check passed.
    Pass,
    /// A check failed: a migration, a verification or an error-severity finding.
    Fail,
    /// The run could not complete (usage, configuration or infrastructure).
    Error,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Notice,
    /// Fails a run only with `--fail-on warning`.
    Warning,
    /// Fails the run.
    Error,
}

impl FromStr for Severity {
    type Err = String;

    /// `error`, `warning` or `notice`, as in the configuration and the JSON report.
    fn from_str(text: &str) -> Result<Severity, String> {
        match text {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            "notice" => Ok(Severity::Notice),
            other => Err(format!(
                "expected \"error\", \"warning\" or \"notice\", found {other:?}"
            )),
        }
    }
}

/// One thing a check found, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Which rule fired.
    pub rule: RuleId,
    /// How serious it is.
    pub severity: Severity,
    /// File path relative to the repository root, when the finding has one.
    pub file: Option<String>,
    /// 1-based line in `file`.
    pub line: Option<u32>,
    /// 1-based column (in characters) in `file`.
    pub column: Option<u32>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Finding {
    /// A finding without a location.
    pub fn new(rule: RuleId, severity: Severity, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity,
            file: None,
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// Points the finding at a file.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Points the finding at a line and column of its file.
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Adds a fix hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Whether a migration was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyStatus {
    /// Applied and recorded in the history table.
    Applied,
    /// Failed; nothing of it remains.
    Failed,
    /// Not attempted, because an earlier one failed or the run stopped.
    NotRun,
}

/// Where and why a migration failed, as PostgreSQL said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationError {
    /// The server's message (or ours, for a refused or timed-out file).
    pub message: String,
    /// The SQLSTATE code, when the server raised the error.
    pub sqlstate: Option<String>,
    /// 1-based line in the migration file.
    pub line: Option<u32>,
    /// 1-based column in the migration file.
    pub column: Option<u32>,
    /// The server's DETAIL.
    pub detail: Option<String>,
    /// The server's HINT.
    pub hint: Option<String>,
    /// The statement that failed, as sent.
    pub statement: Option<String>,
}

impl MigrationError {
    /// An error with only a message (ours, not the server's).
    pub fn new(message: impl Into<String>) -> Self {
        MigrationError {
            message: message.into(),
            sqlstate: None,
            line: None,
            column: None,
            detail: None,
            hint: None,
            statement: None,
        }
    }

    /// The message, then the SQLSTATE in brackets when there is one.
    pub fn message_with_code(&self) -> String {
        match &self.sqlstate {
            Some(code) => format!("{} [{code}]", self.message),
            None => self.message.clone(),
        }
    }
}

/// One migration file and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationResult {
    /// The version digits, as text.
    pub version: String,
    /// The name part of the file name (without version and `.sql`).
    pub name: String,
    /// Path relative to the repository root.
    pub file: String,
    /// What happened.
    pub status: ApplyStatus,
    /// Wall time of the apply, in milliseconds.
    pub duration_ms: u64,
    /// Number of statements in the file.
    pub statements: usize,
    /// Why it failed.
    pub error: Option<MigrationError>,
}

/// The outcome of one verification query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    /// The result matched the expectation.
    Pass,
    /// The query ran but the result did not match.
    Fail,
    /// The query itself failed.
    Error,
    /// Not run, because a migration failed first.
    NotRun,
}

/// One verification query and its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationResult {
    /// The name from the configuration.
    pub name: String,
    /// What happened.
    pub status: VerificationStatus,
    /// The expectation, in words (`5 rows`, `rows equal to [[...]]`).
    pub expected: String,
    /// The rows returned, each value in PostgreSQL's text form (`null` for NULL).
    pub actual: Option<Vec<Vec<Option<String>>>>,
    /// The query error, for status `error`.
    pub error: Option<String>,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
}

/// Which kind of PostgreSQL server a run uses (`--postgres`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackendKind {
    /// Local server binaries in a temporary directory (the default).
    Embedded,
    /// A container started with testcontainers from `--image` (falls back to `embedded` when none can be had).
    Docker,
    /// An existing server given by `--database-url`.
    Url,
}

impl BackendKind {
    /// Every kind, in the order `--help` lists them.
    pub const ALL: [BackendKind; 3] =
        [BackendKind::Embedded, BackendKind::Docker, BackendKind::Url];

    /// The name `--postgres` and the JSON report use.
    pub fn as_str(self) -> &'static str {
        match self {
            BackendKind::Embedded => "embedded",
            BackendKind::Docker => "docker",
            BackendKind::Url => "url",
        }
    }
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BackendKind {
    type Err = String;

    fn from_str(text: &str) -> Result<BackendKind, String> {
        BackendKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| format!("expected docker, embedded or url, found {text:?}"))
    }
}

/// The throwaway (or target) server the run used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    /// `embedded`, `docker` or `url`.
    pub backend: BackendKind,
    /// `server_version` as the server reports it.
    pub version: String,
    /// Time to get a server ready, in milliseconds.
    pub startup_ms: u64,
}

/// Rows as compact text: `[[a, b], [c, null]]`.
pub fn rows_as_text(rows: &[Vec<Option<String>>]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|row| {
            let values: Vec<&str> = row.iter().map(|v| v.as_deref().unwrap_or("null")).collect();
            format!("[{}]", values.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Counts for a one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Migration files found.
    pub migrations: usize,
    /// Applied.
    pub applied: usize,
    /// Failed.
    pub failed: usize,
    /// Not run.
    pub not_run: usize,
    /// Verifications that passed.
    pub verifications_passed: usize,
    /// Verifications that failed or errored.
    pub verifications_failed: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity notice.
    pub notices: usize,
}

/// Why a run ended with status `error`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunError {
    /// `usage` (exit 2) or `infrastructure` (exit 3).
    pub kind: ErrorKind,
    /// The message, with secrets redacted.
    pub message: String,
}

/// The class of a run error, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Bad arguments or configuration: exit 2.
    Usage,
    /// A server could not be started or reached: exit 3.
    Infrastructure,
}

/// Everything one run found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Layout version of this report.
    pub schema_version: u32,
    /// `schemagate <version>`.
    pub tool: String,
    /// The command that produced it (`check`, `verify`).
    pub command: String,
    /// The overall outcome.
    pub status: Status,
    /// Why the run ended with `error`.
    pub error: Option<RunError>,
    /// The project directory, relative to the repository root (`.` for the root).
    pub project_dir: String,
    /// The pull request the run checked, when known (the `comment` command reads it).
    pub pr: Option<u64>,
    /// The commit the run checked, when known.
    pub head_sha: Option<String>,
    /// The server used, once one was ready.
    pub server: Option<ServerInfo>,
    /// Every migration file, in apply order.
    pub migrations: Vec<MigrationResult>,
    /// The migration files the run analysed as new or changed (every file
    /// with `check --all`). Renderers show these, and other files only
    /// when something in them fails.
    #[serde(default)]
    pub changed: Vec<String>,
    /// Seed files applied after the migrations (`--seed`), same shape.
    pub seeds: Vec<MigrationResult>,
    /// Every verification query, in configuration order.
    pub verifications: Vec<VerificationResult>,
    /// Every finding, most severe first.
    pub findings: Vec<Finding>,
    /// For `check`: how the advisors ran, when they did.
    #[serde(default)]
    pub advisors: Option<AdvisorRun>,
    /// For `check`: the project's pgTAP tests, when it has any.
    #[serde(default)]
    pub tests: Option<TestRun>,
    /// Local files against the remote history, when a remote was given.
    pub history: Option<HistoryAlignment>,
    /// What `reconcile` planned or did.
    pub reconcile: Option<ReconcilePlan>,
    /// Plain information for people (what was posted, where).
    #[serde(default)]
    pub notes: Vec<String>,
    /// For `drift`: how the comparison was made.
    pub drift: Option<Drift>,
    /// For `drift`: every object that differs between the migrations and
    /// the live database.
    #[serde(default)]
    pub differences: Vec<Difference>,
    /// Counts.
    pub summary: Summary,
    /// Wall time of the whole run, in milliseconds.
    pub duration_ms: u64,
}

/// Milliseconds since `started`, as reports record durations.
pub fn elapsed_ms(started: std::time::Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

impl Report {
    /// A copy whose every text (messages, file names, SQL) is safe to print
    /// on a terminal or in a GitHub Actions log: see [`plain_text`].
    pub fn for_log(&self) -> Report {
        plain_text::map_text(self, &plain_text::for_log)
    }

    /// An empty report for `command`, to be filled stage by stage.
    pub fn new(command: &str, project_dir: impl Into<String>) -> Self {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: format!("schemagate {}", env!("CARGO_PKG_VERSION")),
            command: command.to_string(),
            status: Status::Pass,
            error: None,
            project_dir: project_dir.into(),
            pr: None,
            head_sha: None,
            server: None,
            migrations: Vec::new(),
            changed: Vec::new(),
            seeds: Vec::new(),
            verifications: Vec::new(),
            findings: Vec::new(),
            advisors: None,
            tests: None,
            history: None,
            reconcile: None,
            notes: Vec::new(),
            drift: None,
            differences: Vec::new(),
            summary: Summary::default(),
            duration_ms: 0,
        }
    }

    /// Sorts findings (most severe first, then by file and line), counts
    /// everything and derives the status. `fail_on` is the least severity
    /// that fails the run. An `error` set earlier is kept.
    pub fn finish(&mut self, fail_on: Severity) {
        self.findings.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.file.cmp(&b.file))
                .then_with(|| a.line.cmp(&b.line))
        });
        self.summary = self.count();
        self.status = if self.error.is_some() {
            Status::Error
        } else if self.summary.failed > 0
            || self.seeds.iter().any(|s| s.status == ApplyStatus::Failed)
            || self.summary.verifications_failed > 0
            || self.findings.iter().any(|f| f.severity >= fail_on)
        {
            Status::Fail
        } else {
            Status::Pass
        };
    }

    fn count(&self) -> Summary {
        let migrations = |status| {
            self.migrations
                .iter()
                .filter(|m| m.status == status)
                .count()
        };
        let findings = |severity| {
            self.findings
                .iter()
                .filter(|f| f.severity == severity)
                .count()
        };
        Summary {
            migrations: self.migrations.len(),
            applied: migrations(ApplyStatus::Applied),
            failed: migrations(ApplyStatus::Failed),
            not_run: migrations(ApplyStatus::NotRun),
            verifications_passed: self
                .verifications
                .iter()
                .filter(|v| v.status == VerificationStatus::Pass)
                .count(),
            verifications_failed: self
                .verifications
                .iter()
                .filter(|v| {
                    matches!(
                        v.status,
                        VerificationStatus::Fail | VerificationStatus::Error
                    )
                })
                .count(),
            errors: findings(Severity::Error),
            warnings: findings(Severity::Warning),
            notices: findings(Severity::Notice),
        }
    }

    /// Failed migrations and seeds, failed verifications and error findings:
    /// the action's `failed` output.
    pub fn failed_count(&self) -> usize {
        let seeds = self
            .seeds
            .iter()
            .filter(|s| s.status == ApplyStatus::Failed)
            .count();
        self.summary.failed + seeds + self.summary.verifications_failed + self.summary.errors
    }

    /// The process exit code this report stands for: 0 pass, 1 fail,
    /// 2 usage error, 3 infrastructure error.
    pub fn exit_code(&self) -> i32 {
        match (&self.status, &self.error) {
            (Status::Pass, _) => 0,
            (Status::Fail, _) => 1,
            (
                Status::Error,
                Some(RunError {
                    kind: ErrorKind::Usage,
                    ..
                }),
            ) => 2,
            (Status::Error, _) => 3,
        }
    }
}

/// Which renderer writes the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Human,
    /// Machine-readable, documented in `docs/report-schema.md`.
    Json,
    /// For a pull-request comment or job summary.
    Markdown,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// For a GitHub Actions log: the terminal report plus annotations.
    Actions,
}

/// Writes `report` in `format`.
pub fn render(
    report: &Report,
    format: Format,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Text formats reach terminals and job logs: what the pull request
    // wrote must not act there. JSON and SARIF escape it themselves.
    match format {
        Format::Human => human::render(&report.for_log(), out, human::Style::detect()),
        Format::Json => json::render(report, out),
        Format::Markdown => markdown::render(&report.for_log(), out),
        Format::Sarif => sarif::render(report, out),
        Format::Actions => {
            let report = report.for_log();
            human::render(&report, out, human::Style::Plain)?;
            annotations::render(&report, out).map(|_| ())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration(status: ApplyStatus) -> MigrationResult {
        MigrationResult {
            version: "1".into(),
            name: "a".into(),
            file: "supabase/migrations/1_a.sql".into(),
            status,
            duration_ms: 0,
            statements: 1,
            error: None,
        }
    }

    #[test]
    fn status_follows_failures_and_fail_on() {
        let mut report = Report::new("check", ".");
        report.migrations.push(migration(ApplyStatus::Applied));
        report
            .findings
            .push(Finding::new(RuleId::VersionWidth, Severity::Warning, "w"));
        report.finish(Severity::Error);
        assert_eq!((report.status, report.exit_code()), (Status::Pass, 0));
        report.finish(Severity::Warning);
        assert_eq!((report.status, report.exit_code()), (Status::Fail, 1));

        let mut failed = Report::new("check", ".");
        failed.migrations.push(migration(ApplyStatus::Failed));
        failed.finish(Severity::Error);
        assert_eq!(failed.exit_code(), 1);
        assert_eq!(failed.summary.failed, 1);
    }

    #[test]
    fn errors_map_to_exit_codes() {
        for (kind, code) in [(ErrorKind::Usage, 2), (ErrorKind::Infrastructure, 3)] {
            let mut report = Report::new("check", ".");
            report.error = Some(RunError {
                kind,
                message: "x".into(),
            });
            report.finish(Severity::Error);
            assert_eq!((report.status, report.exit_code()), (Status::Error, code));
        }
    }

    #[test]
    fn findings_sort_most_severe_first() {
        let mut report = Report::new("check", ".");
        report.findings.push(Finding::new(
            RuleId::LegacyInitSkipped,
            Severity::Notice,
            "n",
        ));
        report
            .findings
            .push(Finding::new(RuleId::InvalidName, Severity::Error, "e"));
        report.finish(Severity::Error);
        assert_eq!(report.findings[0].severity, Severity::Error);
        assert_eq!(report.summary.notices, 1);
    }
}
