//! Command-line types (clap derive) and nothing else.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Locations;
use crate::postgres::BackendKind;
use crate::report::{Format, RepairStatus, Severity};

/// Pre-merge checker for PostgreSQL and Supabase migrations.
///
/// Exit codes: 0 all checks passed; 1 a check failed; 2 usage or
/// configuration error; 3 infrastructure error (a server could not be
/// started or reached).
#[derive(Debug, Parser)]
#[command(name = "schemagate", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Log filter for stderr (e.g. `info`, `debug`, `schemagate=trace`).
    #[arg(long, global = true, env = "SCHEMAGATE_LOG", default_value = "warn")]
    pub log: String,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply every migration to a throwaway PostgreSQL with the Supabase
    /// shim, run the verification queries, and report.
    Check(CheckArgs),
    /// Run the verification queries against the live database, read-only.
    Verify(VerifyArgs),
    /// List local migrations against the live database's history, like `supabase migration list`.
    List(ListArgs),
    /// Plan (and with flags, carry out) the alignment of local files with the remote history.
    Reconcile(ReconcileArgs),
    /// The GitHub Action's entrypoint: reads INPUT_* and the GitHub environment.
    Action,
    /// Post a JSON report as the sticky pull-request comment (fork-safe workflow_run pattern).
    Comment(CommentArgs),
    /// Run the static rules on migration files, without a server (pre-commit hooks, editors).
    Lint(LintArgs),
    /// Compare the schema the migrations produce with the live database's, object by object.
    Drift(DriftArgs),
}

/// `schemagate comment`.
#[derive(Debug, Clone, Args)]
pub struct CommentArgs {
    /// The JSON report to post (untrusted: parsed, never used as markdown).
    #[arg(long, env = "SCHEMAGATE_REPORT")]
    pub report: PathBuf,
    /// The pull request [default: the report's `pr`].
    #[arg(long)]
    pub pr: Option<u64>,
    /// The repository, `owner/name`.
    #[arg(long, env = "GITHUB_REPOSITORY")]
    pub repo: Option<String>,
    /// A token that may comment on pull requests.
    #[arg(long, env = "GITHUB_TOKEN", hide_env_values = true)]
    pub github_token: Option<String>,
    /// The API's base URL (GitHub Enterprise).
    #[arg(long, env = "GITHUB_API_URL", default_value = "https://api.github.com")]
    pub api_url: String,
}

/// `schemagate drift`.
#[derive(Debug, Clone, Args)]
pub struct DriftArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub project: ProjectArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
    /// The live database, read only: one read-only transaction of catalog queries (falls back to SUPABASE_DB_URL).
    #[arg(long, env = "SCHEMAGATE_REMOTE_URL", hide_env_values = true)]
    pub remote_url: Option<String>,
    /// Write `<timestamp>_drift_catch_up.sql` (what the remote lacks) and `<timestamp>_drift_capture_remote.sql` (what only the remote has) to this directory, for review.
    #[arg(long, env = "SCHEMAGATE_EMIT_SQL")]
    pub emit_sql: Option<PathBuf>,
    /// The schemas to compare, comma-separated [default: `[drift] schemas`, else every schema Supabase does not manage].
    #[arg(long, env = "SCHEMAGATE_DRIFT_SCHEMAS", value_delimiter = ',')]
    pub schemas: Vec<String>,
    /// Compare with every local migration, not only the ones the remote history records as applied.
    #[arg(long, env = "SCHEMAGATE_INCLUDE_PENDING")]
    pub include_pending: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub server: ServerArgs,
}

/// `schemagate list`.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub project: ProjectArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub remote: RemoteArgs,
}

/// `schemagate reconcile`.
#[derive(Debug, Clone, Args)]
pub struct ReconcileArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub project: ProjectArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
    /// The live database (falls back to SUPABASE_DB_URL).
    #[arg(long, env = "SCHEMAGATE_REMOTE_URL", hide_env_values = true)]
    pub remote_url: Option<String>,
    /// Write a placeholder migration for every remote-only version.
    #[arg(long)]
    pub write: bool,
    /// Change the remote history table, as `supabase migration repair` does (needs --status, versions and --yes).
    #[arg(long, requires = "status")]
    pub repair: bool,
    /// With --repair: `applied` inserts the rows from the local files, `reverted` deletes them.
    #[arg(long, value_enum)]
    pub status: Option<RepairStatus>,
    /// With --repair: the versions to repair.
    #[arg(requires = "repair")]
    pub versions: Vec<String>,
    /// With --repair: really write to the live database.
    #[arg(long)]
    pub yes: bool,
}

/// Where the project is.
#[derive(Debug, Clone, Args)]
pub struct ProjectArgs {
    /// The project directory (holding `supabase/`).
    #[arg(long, env = "SCHEMAGATE_PROJECT_DIR", default_value = ".")]
    pub project_dir: PathBuf,
    /// The migrations directory, relative to the project directory.
    #[arg(
        long,
        env = "SCHEMAGATE_MIGRATIONS",
        default_value = "supabase/migrations"
    )]
    pub migrations: PathBuf,
    /// The configuration file, relative to the project directory (optional).
    #[arg(long, env = "SCHEMAGATE_CONFIG", default_value = "schemagate.toml")]
    pub config: PathBuf,
}

/// How to report.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format on stdout.
    #[arg(long, env = "SCHEMAGATE_FORMAT", value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Also write the JSON report to this file, whatever `--format` is (written on every exit path that has a report).
    #[arg(long, env = "SCHEMAGATE_OUTPUT")]
    pub output: Option<PathBuf>,
    /// The least severity of finding that fails the run [default: error, or `fail_on` in schemagate.toml].
    #[arg(long, env = "SCHEMAGATE_FAIL_ON", value_enum)]
    pub fail_on: Option<FailOn>,
}

/// `schemagate check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub project: ProjectArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub server: ServerArgs,
    /// Apply the seed files (`supabase/seed.sql` or `db.seed.sql_paths`) after the migrations.
    #[arg(long, env = "SCHEMAGATE_SEED")]
    pub seed: bool,
    /// Analyse every migration (static rules, traced locks and rewrites, idempotency re-apply), not only a change set's new or changed files.
    #[arg(long, env = "SCHEMAGATE_ALL")]
    pub all: bool,
    /// Do not run the project's pgTAP tests (`supabase/tests/**/*.sql`), which `check` runs after the migrations and seeds.
    #[arg(long, env = "SCHEMAGATE_NO_TESTS")]
    pub no_tests: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub change: ChangeArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub remote: RemoteArgs,
}

/// Which throwaway PostgreSQL to use, and how.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// Which throwaway PostgreSQL to use.
    #[arg(long, env = "SCHEMAGATE_POSTGRES", value_enum, default_value_t = BackendKind::Embedded)]
    pub postgres: BackendKind,
    /// For `--postgres url`: a superuser URL of a server you control; a throwaway database is created there and dropped.
    #[arg(long, env = "SCHEMAGATE_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Directory of `initdb` and `postgres` for the embedded backend.
    #[arg(long, env = "SCHEMAGATE_PG_BINDIR")]
    pub pg_bindir: Option<PathBuf>,
    /// For `--postgres docker`: the PostgreSQL image [default: the `supabase/postgres` tag the Supabase CLI pins for `db.major_version`, 15.8.1.085 or 17.6.1.132].
    #[arg(long, env = "SCHEMAGATE_IMAGE")]
    pub image: Option<String>,
    /// For `--postgres docker`: start the container in this Docker network and reach it there (e.g. `${{ job.container.network }}`).
    #[arg(long, env = "SCHEMAGATE_DOCKER_NETWORK")]
    pub docker_network: Option<String>,
    /// For `--postgres docker`: exit 3 when no container can be had, instead of checking on the embedded backend with a `backend-fallback` warning.
    #[arg(long, env = "SCHEMAGATE_NO_FALLBACK")]
    pub no_fallback: bool,
    /// Do not install the Supabase compatibility objects (plain PostgreSQL projects).
    #[arg(long, env = "SCHEMAGATE_NO_SUPABASE_SHIM")]
    pub no_supabase_shim: bool,
}

/// What the change is compared with, and its labels.
#[derive(Debug, Clone, Args)]
pub struct ChangeArgs {
    /// The base to compare with [default: $GITHUB_BASE_REF (as origin/<ref>, then <ref>), else origin/HEAD or main].
    #[arg(long, env = "SCHEMAGATE_BASE")]
    pub base: Option<String>,
    /// A pull-request label (repeatable), e.g. the freeze's override label.
    #[arg(long = "label", env = "SCHEMAGATE_LABELS", value_delimiter = ',')]
    pub labels: Vec<String>,
}

/// Where the live database's migration history comes from.
#[derive(Debug, Clone, Args)]
pub struct RemoteArgs {
    /// The live database, read-only (falls back to SUPABASE_DB_URL).
    #[arg(
        long,
        env = "SCHEMAGATE_REMOTE_URL",
        hide_env_values = true,
        conflicts_with = "remote_history"
    )]
    pub remote_url: Option<String>,
    /// A JSON export of the remote history (`schemagate list --format json`), instead of a connection.
    #[arg(long, env = "SCHEMAGATE_REMOTE_HISTORY")]
    pub remote_history: Option<PathBuf>,
}

/// `schemagate lint`.
#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// Migration files to lint [default: every file in the migrations directory].
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub project: ProjectArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
}

/// `schemagate verify`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub project: ProjectArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub output: OutputArgs,
    /// The live database (read-only); falls back to SUPABASE_DB_URL.
    #[arg(long, env = "SCHEMAGATE_REMOTE_URL", hide_env_values = true)]
    pub remote_url: Option<String>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For a terminal.
    Human,
    /// The JSON report (docs/report-schema.md); nothing else on stdout.
    Json,
    /// Markdown, for a pull-request comment.
    Markdown,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

impl From<OutputFormat> for Format {
    fn from(format: OutputFormat) -> Format {
        match format {
            OutputFormat::Human => Format::Human,
            OutputFormat::Json => Format::Json,
            OutputFormat::Markdown => Format::Markdown,
            OutputFormat::Sarif => Format::Sarif,
        }
    }
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on error findings only.
    Error,
    /// Fail on warnings too.
    Warning,
}

impl From<FailOn> for Severity {
    fn from(level: FailOn) -> Severity {
        match level {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        }
    }
}

// The server layer and the report know nothing of clap; the flags that
// take their enums are spelled here, with the same help text.

impl ValueEnum for BackendKind {
    fn value_variants<'a>() -> &'a [Self] {
        &BackendKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            BackendKind::Embedded => "Local server binaries in a temporary directory (the default)",
            BackendKind::Docker => "A container started with testcontainers from `--image` (falls back to `embedded` when none can be had)",
            BackendKind::Url => "An existing server given by `--database-url`",
        };
        Some(PossibleValue::new(self.as_str()).help(help))
    }
}

impl ValueEnum for RepairStatus {
    fn value_variants<'a>() -> &'a [Self] {
        &[RepairStatus::Applied, RepairStatus::Reverted]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            RepairStatus::Applied => "Record the versions as applied (from the local files)",
            RepairStatus::Reverted => "Remove the versions from the history",
        };
        Some(PossibleValue::new(self.as_str()).help(help))
    }
}

impl ProjectArgs {
    /// The locations, for `Config::load`.
    pub fn locations(&self, fail_on: Option<FailOn>) -> Locations {
        Locations {
            project_dir: self.project_dir.clone(),
            migrations: self.migrations.clone(),
            config: self.config.clone(),
            fail_on: fail_on.map(Severity::from),
        }
    }
}
