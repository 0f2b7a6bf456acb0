//! `schemagate drift`: the remote history → which migrations production
//! has → those applied to a throwaway server (expected) → a snapshot of the
//! live database, read-only (actual) → the difference, object by object →
//! report, and with `--emit-sql` the catch-up and capture migrations.

use super::pipeline::{discover_into, load_config, on_throwaway, run_to_report, usage};
use super::progress::{Progress, ProgressDisplay};
use crate::apply::Watch;
use crate::cli::DriftArgs;
use crate::config::Config;
use crate::drift;
use crate::migrations::{Discovery, Migration};
use crate::postgres::Database;
use crate::remote::{load_remote, remote_url};
use crate::report::{Drift, MigrationResult, Report, RunError, Severity};
use crate::throwaway;

/// What `drift` does once the project is loaded.
#[derive(Debug, Clone)]
pub struct DriftOptions {
    /// Install the Supabase shim on the expected side.
    pub supabase_shim: bool,
    /// Apply every local migration, not only those the remote recorded.
    pub include_pending: bool,
    /// `--schemas`, which replaces `[drift] schemas` when given.
    pub schemas: Vec<String>,
    /// `--emit-sql`: where to write the catch-up and capture migrations.
    pub emit_sql: Option<std::path::PathBuf>,
    /// How progress shows on stderr.
    pub progress: ProgressDisplay,
}

impl Default for DriftOptions {
    /// The shim on, everything else off: what a Supabase project needs.
    fn default() -> Self {
        DriftOptions {
            supabase_shim: true,
            include_pending: false,
            schemas: Vec::new(),
            emit_sql: None,
            progress: ProgressDisplay::Off,
        }
    }
}

/// Runs `drift` and returns its report; never fails, since every error
/// becomes the report's status.
pub async fn run(args: &DriftArgs) -> Report {
    run_to_report("drift", async |report| pipeline(args, report).await).await
}

async fn pipeline(args: &DriftArgs, report: &mut Report) -> Result<Severity, RunError> {
    let config = load_config(&args.project, &args.output)?;
    let discovery = discover_into(&config, report)?;
    let url = remote_url(args.remote_url.as_deref()).ok_or_else(|| {
        usage("drift needs --remote-url (or SCHEMAGATE_REMOTE_URL or SUPABASE_DB_URL)")
    })?;
    let options = DriftOptions {
        supabase_shim: !args.server.no_supabase_shim,
        include_pending: args.include_pending,
        schemas: args.schemas.clone(),
        emit_sql: args.emit_sql.clone(),
        progress: ProgressDisplay::for_format(args.output.format),
    };
    // The remote first: an unreachable one fails before a server starts.
    let remote = RemoteSide::read(&url).await?;
    on_throwaway(&args.server, &config, report, async |database, report| {
        compare(database, &config, &discovery, remote, &options, report).await
    })
    .await
}

/// Runs the whole comparison with `expected` as the throwaway database
/// (fresh; the caller owns its lifetime) against the live database at
/// `remote_url`. `discovery` should come from [`discover_into`].
pub async fn drift_database(
    expected: &Database,
    config: &Config,
    discovery: &Discovery,
    remote_url: &str,
    options: &DriftOptions,
    report: &mut Report,
) -> Result<(), RunError> {
    let remote = RemoteSide::read(remote_url).await?;
    compare(expected, config, discovery, remote, options, report).await
}

/// The live database and its migration history.
struct RemoteSide {
    url: String,
    source: String,
    rows: Vec<crate::report::RemoteMigration>,
}

impl RemoteSide {
    /// Reads the history in a read-only transaction; an unreachable
    /// database fails here, before any server is started.
    async fn read(url: &str) -> Result<RemoteSide, RunError> {
        let history = load_remote(Some(url), None)
            .await?
            .ok_or_else(|| usage("drift needs --remote-url"))?;
        Ok(RemoteSide {
            url: url.to_string(),
            source: history.source,
            rows: history.rows,
        })
    }
}

async fn compare(
    expected_db: &Database,
    config: &Config,
    discovery: &Discovery,
    remote: RemoteSide,
    options: &DriftOptions,
    report: &mut Report,
) -> Result<(), RunError> {
    report.verifications.clear();
    let (alignment, findings) = crate::history::align(
        &discovery.migrations,
        &remote.rows,
        &remote.source,
        &config.history,
    );
    let migrations =
        drift::recorded_migrations(&discovery.migrations, &alignment, options.include_pending);
    report.history = Some(alignment);
    report.findings.extend(findings);
    let mut drift = Drift {
        source: remote.source.clone(),
        include_pending: options.include_pending,
        applied: migrations.iter().map(|m| m.version.clone()).collect(),
        ..Drift::default()
    };

    if !build_expected(expected_db, config, &migrations, options, report).await? {
        report.findings.push(drift::not_compared_finding());
        report.drift = Some(drift);
        return Ok(());
    }
    drift::against_live(
        expected_db,
        &remote.url,
        config,
        &drift::Request {
            schemas: &options.schemas,
            emit_sql: options.emit_sql.as_deref(),
            migrations: &migrations,
        },
        &mut drift,
        report,
    )
    .await?;
    report.drift = Some(drift);
    Ok(())
}

/// Prepares the throwaway database and applies `migrations` as `check`
/// does. Returns false when one failed (its finding is in the report).
async fn build_expected(
    database: &Database,
    config: &Config,
    migrations: &[Migration],
    options: &DriftOptions,
    report: &mut Report,
) -> Result<bool, RunError> {
    // Drift only needs the schema: no lock tracing or re-application.
    let progress = Progress::new(migrations.len(), options.progress);
    let applied = throwaway::prepare_and_apply(
        database,
        config,
        migrations,
        options.supabase_shim,
        &Watch::default(),
        &|result| progress.migration(result),
        report,
    )
    .await?;
    progress.finish();
    let Some(applied) = applied else {
        return Ok(false);
    };
    let all_applied = applied.all_applied();
    for result in applied.results {
        if let Some(slot) = report
            .migrations
            .iter_mut()
            .find(|m: &&mut MigrationResult| m.version == result.version && m.file == result.file)
        {
            *slot = result;
        }
    }
    report.findings.extend(applied.findings);
    Ok(all_applied)
}
