//! `schemagate drift`: the remote history → which migrations production
//! has → those applied to a throwaway server (expected) → a snapshot of the
//! live database, read-only (actual) → the difference, object by object →
//! report, and with `--emit-sql` the catch-up and capture migrations.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use super::pipeline::{
    backend_settings, discover_into, fallback, load_config, run_to_report, usage,
};
use super::progress::Progress;
use crate::apply::Watch;
use crate::cli::DriftArgs;
use crate::config::Config;
use crate::drift::diff::{self, Change};
use crate::drift::emit::{self, Header};
use crate::drift::scope::IgnorePattern;
use crate::drift::snapshot::{take_expected, take_live};
use crate::drift::{self, Scope, Snapshot, SnapshotOptions};
use crate::migrations::{Discovery, Migration};
use crate::postgres::Database;
use crate::remote::{load_remote, remote_url};
use crate::report::{
    elapsed_ms, AlignmentStatus, Drift, Finding, MigrationResult, Report, RuleId, RunError,
    Severity,
};
use crate::shim::CreateExtension;
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
    /// Show progress on stderr.
    pub progress: bool,
}

impl Default for DriftOptions {
    /// The shim on, everything else off: what a Supabase project needs.
    fn default() -> Self {
        DriftOptions {
            supabase_shim: true,
            include_pending: false,
            schemas: Vec::new(),
            emit_sql: None,
            progress: false,
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
        progress: true,
    };
    // The remote first: an unreachable one fails before a server starts.
    let remote = RemoteSide::read(&url).await?;
    let settings = backend_settings(&args.server, config.supabase.major_version);
    let server =
        throwaway::start_server(&settings, fallback(&args.server), &config, report).await?;
    let database = throwaway::scratch_database(&server).await?;
    let outcome = compare(&database, &config, &discovery, remote, &options, report).await;
    throwaway::discard(database).await;
    outcome.map(|()| config.fail_on)
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

fn snapshot_options(config: &Config) -> SnapshotOptions {
    SnapshotOptions {
        statement_timeout_ms: config.apply.statement_timeout.as_millis(),
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
    let recorded: BTreeSet<&str> = alignment
        .rows
        .iter()
        .filter(|r| r.remote.is_some() && r.status != AlignmentStatus::RemoteOnly)
        .map(|r| r.version.as_str())
        .collect();
    let migrations: Vec<Migration> = discovery
        .migrations
        .iter()
        .filter(|m| options.include_pending || recorded.contains(m.version.as_str()))
        .cloned()
        .collect();
    report.history = Some(alignment);
    report.findings.extend(findings);
    let mut drift = Drift {
        source: remote.source.clone(),
        include_pending: options.include_pending,
        applied: migrations.iter().map(|m| m.version.clone()).collect(),
        ..Drift::default()
    };

    if !build_expected(expected_db, config, &migrations, options, report).await? {
        report.findings.push(Finding::new(
            RuleId::DriftIncomplete,
            Severity::Warning,
            "a migration failed on the throwaway server, so the live database was not compared with it",
        ));
        report.drift = Some(drift);
        return Ok(());
    }
    // Both snapshots at once: they run on different servers.
    let started = Instant::now();
    let snapshot_options = snapshot_options(config);
    let ((expected, expected_ms), (actual, actual_ms)) = tokio::join!(
        take_expected(expected_db, &snapshot_options),
        take_live(&remote.url, &snapshot_options)
    );
    let (expected, actual) = (expected?, actual?);
    drift.expected_snapshot_ms = expected_ms;
    drift.actual_snapshot_ms = actual_ms;
    let diffed = Instant::now();
    let scope = scope(config, options, &migrations, &expected, &actual)?;
    let changes = diff::diff(&expected, &actual, &scope);
    report.differences = diff::differences(&changes);
    drift.diff_ms = elapsed_ms(diffed);
    drift.compare_ms = elapsed_ms(started);
    drift.counts = diff::counts(&report.differences);
    drift.schemas = compared_schemas(&scope, &expected, &actual);
    drift.expected_objects = count_in_scope(&scope, &expected);
    drift.actual_objects = count_in_scope(&scope, &actual);
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
        report.findings.push(drift_finding(&drift));
    }
    if let Some(dir) = &options.emit_sql {
        drift.files = write_files(dir, config, &changes, &expected, &actual, &remote.source)?;
    }
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
    let progress = Progress::new(migrations.len(), !options.progress);
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

/// The scope from `[drift]`, `--schemas`, the migrations' own extensions,
/// and what either side could not read.
fn scope(
    config: &Config,
    options: &DriftOptions,
    migrations: &[Migration],
    expected: &Snapshot,
    actual: &Snapshot,
) -> Result<Scope, RunError> {
    let ignore = config
        .drift
        .ignore
        .iter()
        .map(|p| {
            IgnorePattern::parse(p)
                .map_err(|m| usage(format!("{}: drift.ignore: {m}", config.file)))
        })
        .collect::<Result<_, _>>()?;
    let schemas = if options.schemas.is_empty() {
        config.drift.schemas.clone()
    } else {
        Some(options.schemas.clone())
    };
    let created_extensions = migrations
        .iter()
        .flat_map(|m| &m.statements)
        .filter_map(|s| CreateExtension::parse(&s.sql))
        .map(|e| e.name)
        .collect();
    Ok(Scope {
        schemas,
        ignore,
        created_extensions,
        skipped: expected
            .skipped
            .iter()
            .chain(&actual.skipped)
            .map(|s| s.object_type)
            .collect(),
    })
}

fn compared_schemas(scope: &Scope, expected: &Snapshot, actual: &Snapshot) -> Vec<String> {
    let mut schemas: BTreeSet<String> = BTreeSet::new();
    for snapshot in [expected, actual] {
        for object in snapshot.objects.values() {
            if object.object_type == drift::ObjectType::Schema && scope.includes(object, snapshot) {
                schemas.insert(
                    object
                        .name
                        .clone()
                        .unwrap_or_else(|| object.identity.clone()),
                );
            }
        }
    }
    schemas.into_iter().collect()
}

fn count_in_scope(scope: &Scope, snapshot: &Snapshot) -> usize {
    snapshot
        .objects
        .values()
        .filter(|o| scope.includes(o, snapshot))
        .count()
}

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

/// Writes the capture (at the run's timestamp) and catch-up (one second
/// later, so both can join the history) files that have content.
fn write_files(
    dir: &Path,
    config: &Config,
    changes: &[Change<'_>],
    expected: &Snapshot,
    actual: &Snapshot,
    source: &str,
) -> Result<Vec<String>, RunError> {
    let now = now().map_err(usage)?;
    let capture_version = now.format("%Y%m%d%H%M%S").to_string();
    let catch_up_version = (now + chrono::Duration::seconds(1))
        .format("%Y%m%d%H%M%S")
        .to_string();
    let files = [
        (
            format!("{capture_version}_drift_capture_remote.sql"),
            emit::capture(
                changes,
                actual,
                &Header {
                    source,
                    version: &capture_version,
                },
            ),
        ),
        (
            format!("{catch_up_version}_drift_catch_up.sql"),
            emit::catch_up(
                changes,
                expected,
                &Header {
                    source,
                    version: &catch_up_version,
                },
            ),
        ),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let Some(text) = text else { continue };
        std::fs::create_dir_all(dir)
            .map_err(|e| usage(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| usage(format!("cannot write {}: {e}", path.display())))?;
        written.push(config.relative(&std::path::absolute(&path).unwrap_or(path)));
    }
    Ok(written)
}

/// Now in UTC, or `SCHEMAGATE_NOW` (RFC 3339) when set, so reruns and
/// tests name files the same way.
fn now() -> Result<chrono::DateTime<chrono::Utc>, String> {
    match std::env::var("SCHEMAGATE_NOW") {
        Ok(text) => chrono::DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|e| format!("SCHEMAGATE_NOW={text:?} is not an RFC 3339 time: {e}")),
        Err(_) => Ok(chrono::Utc::now()),
    }
}
