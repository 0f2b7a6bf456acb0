//! `schemagate check`: discover → check → start a server → shim → apply →
//! verify → report.

use std::time::Instant;

use sqlx::Connection;

use super::history;
use super::progress::Progress;
use super::{conclude, discover_migrations, infrastructure, usage};
use crate::apply::{self, Applied, History, Watch};
use crate::changes::{ChangeSet, ChangeSource, GitChanges};
use crate::cli::{CheckArgs, ServerArgs};
use crate::config::Config;
use crate::migrations::{Discovery, Migration};
use crate::postgres::{self, BackendKind, BackendSettings, Database, Server};
use crate::report::{Finding, Report, RuleId, RunError, ServerInfo, Severity};
use crate::{lint, sandbox, shim, verify};

/// Which migration files `check` analyses: static rules, traced locks and
/// rewrites, and the re-application of files marked idempotent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Analysis {
    /// The files a change set adds, modifies or renames. Without a change
    /// set (`None`) nothing is analysed, and a `lint-skipped` notice says so.
    Changes(Option<ChangeSet>),
    /// Every migration file (`check --all`).
    All,
}

/// What `check` does once the project is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// Install the Supabase shim.
    pub supabase_shim: bool,
    /// Apply the seed files.
    pub seed: bool,
    /// Show progress on stderr.
    pub progress: bool,
    /// Which files to analyse.
    pub analysis: Analysis,
}

/// Runs `check` with the change set from git and returns its report; never
/// fails, since every error becomes the report's status.
pub async fn run(args: &CheckArgs) -> Report {
    let changes = GitChanges::new(&args.project.project_dir, args.change.base.clone());
    run_with_changes(args, &changes).await
}

/// Runs `check` with the change set from `changes` (git, or a pull request).
pub async fn run_with_changes(args: &CheckArgs, changes: &dyn ChangeSource) -> Report {
    let started = Instant::now();
    let mut report = Report::new("check", ".");
    let mut fail_on = args
        .output
        .fail_on
        .map(Severity::from)
        .unwrap_or(Severity::Error);
    let outcome = pipeline(args, changes, &mut report, &mut fail_on).await;
    conclude(report, started, outcome, fail_on)
}

async fn pipeline(
    args: &CheckArgs,
    changes: &dyn ChangeSource,
    report: &mut Report,
    fail_on: &mut Severity,
) -> Result<(), RunError> {
    let config = Config::load(&args.project.locations(args.output.fail_on)).map_err(usage)?;
    *fail_on = config.fail_on;
    let discovery = discover_into(&config, report)?;
    let remote = history::load_remote(&args.remote).await?;
    let change_set = history::check_history(
        &config,
        &discovery.migrations,
        changes,
        &args.change.labels,
        remote.as_ref(),
        report,
    )
    .await?;
    let settings = backend_settings(&args.server, config.supabase.major_version);
    let fallback = fallback(&args.server);
    let server = start_server(&settings, fallback, &config, report).await?;
    let database = server.scratch_database().await.map_err(infrastructure)?;
    let options = CheckOptions {
        supabase_shim: !args.server.no_supabase_shim,
        seed: args.seed,
        progress: true,
        // The change set's new or changed files are analysed; with none
        // (no repository or base), only `--all` analyses anything.
        analysis: if args.all {
            Analysis::All
        } else {
            Analysis::Changes(change_set)
        },
    };
    let outcome = check_database(&database, &config, &discovery, &options, report).await;
    if let Err(e) = database.close().await {
        tracing::warn!("could not drop the throwaway database: {e}");
    }
    outcome
}

/// Loads the migrations into the report (all `not_run` until applied),
/// with discovery and sandbox findings.
pub fn discover_into(config: &Config, report: &mut Report) -> Result<Discovery, RunError> {
    report.project_dir = config.relative(&config.project_dir);
    let discovery = discover_migrations(config)?;
    report.findings.extend(discovery.findings.iter().cloned());
    report
        .findings
        .extend(discovery.migrations.iter().flat_map(sandbox::scan));
    report.migrations = discovery.migrations.iter().map(apply::not_run).collect();
    report.verifications = verify::not_run(&config.verify);
    Ok(discovery)
}

/// The backend the server flags ask for.
pub fn backend_settings(server: &ServerArgs, major_version: Option<u32>) -> BackendSettings {
    BackendSettings {
        kind: server.postgres,
        database_url: server.database_url.clone(),
        major_version,
        bindir: server.pg_bindir.clone(),
        image: server.image.clone(),
        docker_network: server.docker_network.clone(),
    }
}

/// Whether a docker backend that cannot start may fall back to embedded.
pub fn fallback(server: &ServerArgs) -> Fallback {
    if server.no_fallback {
        Fallback::Never
    } else {
        Fallback::ToEmbedded
    }
}

/// What to do when the docker backend cannot provide a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// Check on the embedded backend, with a `backend-fallback` warning.
    ToEmbedded,
    /// Fail with an infrastructure error (exit 3).
    Never,
}

/// Starts the server the settings ask for. When that is a container and none
/// can be had (no engine, an image that cannot be pulled or started), the
/// run goes on with the embedded backend and says so in a warning, so a
/// missing Docker never fails a build by itself.
pub async fn start_server(
    settings: &BackendSettings,
    fallback: Fallback,
    config: &Config,
    report: &mut Report,
) -> Result<Server, RunError> {
    let server = match start_backend(settings).await {
        Ok(server) => server,
        Err(error) if settings.kind == BackendKind::Docker && fallback == Fallback::ToEmbedded => {
            tracing::info!("{error}; falling back to the embedded backend");
            let embedded = BackendSettings {
                kind: BackendKind::Embedded,
                ..settings.clone()
            };
            let server = start_backend(&embedded).await.map_err(|e| {
                infrastructure(format!(
                    "{error}; and the embedded fallback failed too: {e}"
                ))
            })?;
            report.findings.push(
                Finding::new(
                    RuleId::BackendFallback,
                    Severity::Warning,
                    format!("--postgres docker could not be used ({error}); the migrations were checked on the embedded backend ({}) instead", server.version),
                )
                .with_help(
                    "make a Docker engine reachable (in a container: mount /var/run/docker.sock) and the image pullable, or pass --no-fallback to make this an error",
                ),
            );
            server
        }
        Err(error) => return Err(infrastructure(error)),
    };
    report.server = Some(ServerInfo {
        backend: server.backend.to_string(),
        version: server.version.clone(),
        startup_ms: u64::try_from(server.startup.as_millis()).unwrap_or(u64::MAX),
    });
    if let Some(production) = config.supabase.major_version.filter(|m| *m != server.major) {
        report.findings.push(
            Finding::new(
                RuleId::ServerVersionMismatch,
                Severity::Warning,
                format!(
                    "the throwaway server runs PostgreSQL {} but supabase/config.toml says production runs {production}",
                    server.major
                ),
            )
            .in_file(config.relative(&config.project_dir.join("supabase/config.toml")))
            .with_help(if server.backend == "docker" {
                format!("use an image of PostgreSQL {production} (--image) so behaviour matches production")
            } else {
                format!("install postgresql-{production} (or point SCHEMAGATE_PG_BINDIR at it) so behaviour matches production")
            }),
        );
    }
    Ok(server)
}

async fn start_backend(settings: &BackendSettings) -> Result<Server, postgres::BackendError> {
    postgres::backend(settings)?.start().await
}

/// Analyses the selected files, prepares `database`, and applies, seeds
/// and verifies into `report`; then applies suppressions to what was
/// traced and `[rules]` levels to every finding. The database should be
/// fresh; the caller owns its lifetime.
pub async fn check_database(
    database: &Database,
    config: &Config,
    discovery: &Discovery,
    options: &CheckOptions,
    report: &mut Report,
) -> Result<(), RunError> {
    let analysed = analysed_files(&options.analysis, discovery, report);
    let watch = analyse(config, &analysed, report);
    let outcome = apply_and_verify(database, config, discovery, options, &watch, report).await;
    lint::suppress(&mut report.findings, &analysed);
    config.rules.apply(&mut report.findings);
    outcome
}

/// The files to analyse, with a notice when there are none to choose from.
fn analysed_files<'m>(
    analysis: &Analysis,
    discovery: &'m Discovery,
    report: &mut Report,
) -> Vec<&'m Migration> {
    match analysis {
        Analysis::All => discovery.migrations.iter().collect(),
        Analysis::Changes(changes) => {
            lint::changed(changes.as_ref(), &discovery.migrations).unwrap_or_else(|| {
                report.findings.push(
                    Finding::new(
                        RuleId::LintSkipped,
                        Severity::Notice,
                        "no change set to take the new or changed migrations from, so static analysis, lock tracing and idempotency checks did not run",
                    )
                    .with_help("run `schemagate check --all` to analyse every migration, or `schemagate lint` for the static rules alone"),
                );
                Vec::new()
            })
        }
    }
}

/// Lints `files` into `report` and returns what to watch while applying.
fn analyse(config: &Config, files: &[&Migration], report: &mut Report) -> Watch {
    let mut watch = Watch::default();
    for migration in files {
        // The server's own error (`migration-failed`) says more than the parser's.
        report.findings.extend(
            lint::lint_file(migration, &config.lint)
                .into_iter()
                .filter(|f| f.rule != RuleId::SyntaxError),
        );
        watch.trace.insert(migration.file.clone());
        if lint::is_idempotent(migration, &config.lint) {
            watch.reapply.insert(migration.file.clone());
        }
    }
    watch
}

async fn apply_and_verify(
    database: &Database,
    config: &Config,
    discovery: &Discovery,
    options: &CheckOptions,
    watch: &Watch,
    report: &mut Report,
) -> Result<(), RunError> {
    let Some(applied) = prepare_and_apply(
        database,
        config,
        &discovery.migrations,
        options.supabase_shim,
        options.progress,
        watch,
        report,
    )
    .await?
    else {
        return Ok(());
    };
    report.findings.extend(superuser_warning(database).await?);
    let all_applied = applied.all_applied();
    report.migrations = applied.results;
    report.findings.extend(applied.findings);
    if !all_applied {
        return Ok(());
    }

    if options.seed && !apply_seeds(database, config, report).await? {
        return Ok(());
    }
    if !config.verify.is_empty() {
        let mut conn = database.connect_migrator().await.map_err(infrastructure)?;
        // A second wall behind the read-only transaction: any transaction
        // this session might still open is read-only too.
        sqlx::raw_sql("SET default_transaction_read_only = on")
            .execute(&mut conn)
            .await
            .map_err(|e| infrastructure(format!("preparing verification queries: {e}")))?;
        let target = verify::Target {
            conn: &mut conn,
            rescue: database.admin_options(),
            statement_timeout: config.apply.statement_timeout,
        };
        let verified = verify::run_all(target, &config.verify, &config.file)
            .await
            .map_err(|e| infrastructure(format!("running verification queries: {e}")))?;
        let _ = conn.close().await;
        report.verifications = verified.results;
        report.findings.extend(verified.findings);
        report
            .findings
            .extend(verify::findings(&report.verifications, &config.file));
    }
    Ok(())
}

/// Prepares a fresh database (shim, `roles.sql`) and applies `migrations`
/// as `supabase db push` would, with progress on stderr. `None` when
/// `roles.sql` failed (its finding is in the report).
pub async fn prepare_and_apply(
    database: &Database,
    config: &Config,
    migrations: &[Migration],
    supabase_shim: bool,
    show_progress: bool,
    watch: &Watch,
    report: &mut Report,
) -> Result<Option<Applied>, RunError> {
    prepare_database(database, supabase_shim).await?;
    report.findings.extend(
        crate::guard::absent_finding(database)
            .await
            .map_err(infrastructure)?,
    );
    if !apply_roles_sql(database, config, report).await? {
        return Ok(None);
    }
    let progress = Progress::new(migrations.len(), !show_progress);
    let applied = apply::apply_all(
        database,
        migrations,
        &config.apply,
        History::Record,
        watch,
        &|result| progress.migration(result),
    )
    .await
    .map_err(infrastructure)?;
    progress.finish();
    Ok(Some(applied))
}

/// Installs the base roles and, unless disabled, the Supabase shim.
pub async fn prepare_database(database: &Database, supabase_shim: bool) -> Result<(), RunError> {
    let mut admin = database.connect_admin().await.map_err(infrastructure)?;
    shim::install_base(&mut admin)
        .await
        .map_err(infrastructure)?;
    if supabase_shim {
        shim::install_supabase(&mut admin)
            .await
            .map_err(infrastructure)?;
    }
    let _ = admin.close().await;
    Ok(())
}

/// `supabase/roles.sql`, applied before the migrations as the CLI does,
/// but as the migration role (it has CREATEROLE, which is all creating
/// roles needs) and under the same screening, bounds and server guard as a
/// migration: the file is part of the pull request. Returns false when it
/// failed (recorded as a finding).
pub async fn apply_roles_sql(
    database: &Database,
    config: &Config,
    report: &mut Report,
) -> Result<bool, RunError> {
    let Some(path) = &config.supabase.roles_sql else {
        return Ok(true);
    };
    let file = config.relative(path);
    let roles = Migration::read(path, file.clone(), String::new(), "roles.sql".to_string())
        .map_err(|e| usage(format!("cannot read {file}: {e}")))?;
    let applied = apply::apply_all(
        database,
        &[roles],
        &config.apply,
        History::Skip,
        &Watch::default(),
        &|_| {},
    )
    .await
    .map_err(infrastructure)?;
    let ok = applied.all_applied();
    report.findings.extend(applied.findings);
    Ok(ok)
}

/// Seeds run after the migrations, as the migration role, without history
/// rows. Returns false when one failed.
async fn apply_seeds(
    database: &Database,
    config: &Config,
    report: &mut Report,
) -> Result<bool, RunError> {
    let mut seeds = Vec::new();
    for path in &config.supabase.seed_paths {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let seed = Migration::read(path, config.relative(path), "seed".to_string(), name)
            .map_err(|e| usage(format!("cannot read {}: {e}", config.relative(path))))?;
        seeds.push(seed);
    }
    let applied = apply::apply_all(
        database,
        &seeds,
        &config.apply,
        History::Skip,
        &Watch::default(),
        &|_| {},
    )
    .await
    .map_err(infrastructure)?;
    let ok = applied.all_applied();
    report.seeds = applied.results;
    report.findings.extend(applied.findings);
    Ok(ok)
}

/// A warning when migrations would run as a superuser (a `url` server whose
/// `postgres` role is one), since that hides production's permission errors.
async fn superuser_warning(database: &Database) -> Result<Option<Finding>, RunError> {
    let mut conn = database.connect_migrator().await.map_err(infrastructure)?;
    let superuser: bool =
        sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| infrastructure(format!("reading the migration role: {e}")))?;
    let _ = conn.close().await;
    Ok(superuser.then(|| {
        Finding::new(
            RuleId::SuperuserMigrations,
            Severity::Warning,
            "migrations run as a superuser on this server, which hides permission errors production would raise",
        )
        .with_help("use the embedded or docker backend, where `postgres` is not a superuser, as on Supabase")
    }))
}
