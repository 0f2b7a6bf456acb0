//! `schemagate check`: discover → check → start a server → shim → apply →
//! verify → report.

use std::time::Instant;

use sqlx::Connection;

use super::history;
use super::progress::Progress;
use super::{elapsed_ms, infrastructure, usage};
use crate::apply::{self, History};
use crate::changes::GitChanges;
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::migrations::{discover, Discovery, Migration};
use crate::postgres::{self, BackendKind, BackendSettings, Database, Server};
use crate::report::{Finding, Report, RuleId, RunError, ServerInfo, Severity};
use crate::{sandbox, shim, verify};

/// What `check` does once the project is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Install the Supabase shim.
    pub supabase_shim: bool,
    /// Apply the seed files.
    pub seed: bool,
    /// Show progress on stderr.
    pub progress: bool,
}

/// Runs `check` and returns its report; never fails, since every error
/// becomes the report's status.
pub async fn run(args: &CheckArgs) -> Report {
    let started = Instant::now();
    let mut report = Report::new("check", ".");
    let mut fail_on = args
        .output
        .fail_on
        .map(Severity::from)
        .unwrap_or(Severity::Error);
    if let Err(error) = pipeline(args, &mut report, &mut fail_on).await {
        report.error = Some(error);
    }
    report.duration_ms = elapsed_ms(started);
    report.finish(fail_on);
    report
}

async fn pipeline(
    args: &CheckArgs,
    report: &mut Report,
    fail_on: &mut Severity,
) -> Result<(), RunError> {
    if args.postgres == BackendKind::Docker {
        return Err(usage("--postgres docker is not available yet; use --postgres embedded (the default) or --postgres url"));
    }
    let config = Config::load(&args.project.locations(args.output.fail_on)).map_err(usage)?;
    *fail_on = config.fail_on;
    let discovery = discover_into(&config, report)?;
    let remote = history::load_remote(&args.remote).await?;
    let changes = GitChanges::new(&config.project_dir, args.change.base.clone());
    history::check_history(
        &config,
        &discovery.migrations,
        &changes,
        &args.change.labels,
        remote.as_ref(),
        report,
    )
    .await?;
    let settings = BackendSettings {
        kind: args.postgres,
        database_url: args.database_url.clone(),
        major_version: config.supabase.major_version,
        bindir: args.pg_bindir.clone(),
    };
    let server = start_server(&settings, &config, report).await?;
    let database = server.scratch_database().await.map_err(infrastructure)?;
    let options = CheckOptions {
        supabase_shim: !args.no_supabase_shim,
        seed: args.seed,
        progress: true,
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
    let discovery = discover(&config.migrations_dir, &|p| config.relative(p)).map_err(|e| {
        usage(format!(
            "cannot read {}: {e}",
            config.relative(&config.migrations_dir)
        ))
    })?;
    report.findings.extend(discovery.findings.iter().cloned());
    report
        .findings
        .extend(discovery.migrations.iter().flat_map(sandbox::scan));
    report.migrations = discovery.migrations.iter().map(apply::not_run).collect();
    report.verifications = verify::not_run(&config.verify);
    Ok(discovery)
}

/// Starts the throwaway server `settings` ask for, recording it in the
/// report (with a warning when its major version is not production's).
pub async fn start_server(
    settings: &BackendSettings,
    config: &Config,
    report: &mut Report,
) -> Result<Server, RunError> {
    let backend = postgres::backend(settings).map_err(infrastructure)?;
    let server = backend.start().await.map_err(infrastructure)?;
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
            .with_help(format!(
                "install postgresql-{production} (or point SCHEMAGATE_PG_BINDIR at it) so behaviour matches production"
            )),
        );
    }
    Ok(server)
}

/// Prepares `database` and applies, seeds and verifies into `report`. The
/// database should be fresh; the caller owns its lifetime.
pub async fn check_database(
    database: &Database,
    config: &Config,
    discovery: &Discovery,
    options: &CheckOptions,
    report: &mut Report,
) -> Result<(), RunError> {
    prepare_database(database, options.supabase_shim).await?;
    if !apply_roles_sql(database, config, report).await? {
        return Ok(());
    }
    report.findings.extend(superuser_warning(database).await?);

    let progress = Progress::new(discovery.migrations.len(), !options.progress);
    let applied = apply::apply_all(
        database,
        &discovery.migrations,
        &config.apply,
        History::Record,
        &|result| progress.migration(result),
    )
    .await
    .map_err(infrastructure)?;
    progress.finish();
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
        let timeout = config.apply.statement_timeout.as_millis();
        report.verifications = verify::run_all(&mut conn, &config.verify, timeout)
            .await
            .map_err(|e| infrastructure(format!("running verification queries: {e}")))?;
        let _ = conn.close().await;
        let config_file = config.relative(&config.project_dir.join("schemagate.toml"));
        report
            .findings
            .extend(verify::findings(&report.verifications, &config_file));
    }
    Ok(())
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

/// `supabase/roles.sql`, applied by the superuser before the migrations
/// as the CLI does. Returns false when it failed (recorded as a finding).
pub async fn apply_roles_sql(
    database: &Database,
    config: &Config,
    report: &mut Report,
) -> Result<bool, RunError> {
    let Some(path) = &config.supabase.roles_sql else {
        return Ok(true);
    };
    let file = config.relative(path);
    let sql =
        std::fs::read_to_string(path).map_err(|e| usage(format!("cannot read {file}: {e}")))?;
    let mut admin = database.connect_admin().await.map_err(infrastructure)?;
    let outcome = sqlx::raw_sql(&sql).execute(&mut admin).await;
    let _ = admin.close().await;
    match outcome {
        Ok(_) => Ok(true),
        Err(e) => {
            report.findings.push(
                Finding::new(
                    RuleId::MigrationFailed,
                    Severity::Error,
                    format!("roles.sql failed: {e}"),
                )
                .in_file(file),
            );
            Ok(false)
        }
    }
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
    let applied = apply::apply_all(database, &seeds, &config.apply, History::Skip, &|_| {})
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
