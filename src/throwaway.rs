//! The prepared throwaway database: a server started with its fallback
//! policy, the Supabase shim and `roles.sql` installed, the migrations
//! applied as `supabase db push` would, then seeds and verification.
//!
//! `check` and `drift` both build their expected schema here; progress is
//! a callback, so no terminal code lives at this level.

use sqlx::Connection;

use crate::apply::{self, Applied, History, Watch};
use crate::config::Config;
use crate::migrations::{not_read_finding, Migration, Source};
use crate::postgres::{self, BackendKind, BackendSettings, Database, Server};
use crate::report::{Finding, MigrationResult, Report, RuleId, RunError, ServerInfo, Severity};
use crate::run_error::{infrastructure, usage};
use crate::{advisors, shim, verify};

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
        // A flag that cannot work (`--postgres url` without a URL) is the caller's.
        Err(postgres::BackendError::Settings(message)) => return Err(usage(message)),
        Err(error) => return Err(infrastructure(error)),
    };
    report.server = Some(ServerInfo {
        backend: server.backend,
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
            .with_help(if server.backend == BackendKind::Docker {
                format!("use an image of PostgreSQL {production} (--image) so behaviour matches production")
            } else {
                format!("install PostgreSQL {production} so behaviour matches production: `SCHEMAGATE_PG_MAJOR={production} scripts/ensure-postgres.sh` installs postgresql-{production} and its extension packages where Debian has them (bookworm packages 15, trixie 17); or point SCHEMAGATE_PG_BINDIR at its binaries, or use --postgres docker (Supabase's own image for that major)")
            }),
        );
    }
    Ok(server)
}

async fn start_backend(settings: &BackendSettings) -> Result<Server, postgres::BackendError> {
    postgres::backend(settings)?.start().await
}

/// A fresh database on `server`, for one run.
pub async fn scratch_database(server: &Server) -> Result<Database, RunError> {
    server.scratch_database().await.map_err(infrastructure)
}

/// Drops the run's database; failing to is only worth a log line, since the
/// server it lives on is thrown away too.
pub async fn discard(database: Database) {
    if let Err(e) = database.close().await {
        tracing::warn!("could not drop the throwaway database: {e}");
    }
}

/// Prepares a fresh database (shim, `roles.sql`) and applies `migrations`
/// as `supabase db push` would, calling `progress` with each result.
/// `None` when `roles.sql` failed (its finding is in the report).
pub async fn prepare_and_apply(
    database: &Database,
    config: &Config,
    migrations: &[Migration],
    supabase_shim: bool,
    watch: &Watch,
    progress: &(dyn Fn(&MigrationResult) + Sync),
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
    if watch.record_ddl {
        advisors::install_recorder(database)
            .await
            .map_err(infrastructure)?;
    }
    let applied = apply::apply_all(
        database,
        migrations,
        &config.apply,
        History::Record,
        watch,
        progress,
    )
    .await
    .map_err(infrastructure)?;
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
    let roles = Migration::read(
        &config.repo_root,
        path,
        file.clone(),
        String::new(),
        "roles.sql".to_string(),
    )
    .map_err(|e| usage(format!("cannot read {file}: {e}")))?;
    if let Source::NotRead(reason) = &roles.source {
        report.findings.push(not_read_finding(&file, reason));
        return Ok(false);
    }
    let (ok, _) = apply_unrecorded(database, config, &[roles], report).await?;
    Ok(ok)
}

/// Seeds run after the migrations, as the migration role, without history
/// rows. Returns false when one failed.
pub async fn apply_seeds(
    database: &Database,
    config: &Config,
    seeds: &[Migration],
    report: &mut Report,
) -> Result<bool, RunError> {
    let (ok, results) = apply_unrecorded(database, config, seeds, report).await?;
    report.seeds = results;
    Ok(ok)
}

/// Applies files that get no history rows and show no progress (`roles.sql`,
/// seeds), adding their findings to the report. Returns whether every file
/// was applied, and each file's result.
async fn apply_unrecorded(
    database: &Database,
    config: &Config,
    files: &[Migration],
    report: &mut Report,
) -> Result<(bool, Vec<MigrationResult>), RunError> {
    let applied = apply::apply_all(
        database,
        files,
        &config.apply,
        History::Skip,
        &Watch::default(),
        &|_| {},
    )
    .await
    .map_err(infrastructure)?;
    let ok = applied.all_applied();
    report.findings.extend(applied.findings);
    Ok((ok, applied.results))
}

/// The seed files (`supabase/seed.sql` or `db.seed.sql_paths`), read and
/// split; a file that may not be read (a link, a FIFO) gets its finding.
pub fn read_seeds(config: &Config, report: &mut Report) -> Result<Vec<Migration>, RunError> {
    let mut seeds = Vec::new();
    for path in &config.supabase.seed_paths {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let seed = Migration::read(
            &config.repo_root,
            path,
            config.relative(path),
            "seed".to_string(),
            name,
        )
        .map_err(|e| usage(format!("cannot read {}: {e}", config.relative(path))))?;
        if let Source::NotRead(reason) = &seed.source {
            report.findings.push(not_read_finding(&seed.file, reason));
        }
        seeds.push(seed);
    }
    Ok(seeds)
}

/// Runs the project's verification queries as the migration role, into the
/// report's verifications and findings. Nothing to do without queries.
pub async fn verify_into(
    database: &Database,
    config: &Config,
    report: &mut Report,
) -> Result<(), RunError> {
    if config.verify.is_empty() {
        return Ok(());
    }
    let mut conn = database.connect_migrator().await.map_err(infrastructure)?;
    // A second wall behind the read-only transaction: any transaction this
    // session might still open is read-only too.
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
    Ok(())
}

/// A warning when migrations would run as a superuser (a `url` server whose
/// `postgres` role is one), since that hides production's permission errors.
pub async fn superuser_warning(database: &Database) -> Result<Option<Finding>, RunError> {
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
