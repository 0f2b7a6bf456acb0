//! The beginning and end every command's pipeline shares: the run-to-report
//! frame, loading the configuration and the migrations, the server flags,
//! and the two error classes.

use std::path::PathBuf;

use crate::cli::{OutputArgs, ProjectArgs, ServerArgs};
use crate::config::Config;
use crate::migrations::Discovery;
use crate::postgres::{BackendSettings, Database};
use crate::report::{elapsed_ms, Format, Report, RunError, Severity};
pub(crate) use crate::run_error::{infrastructure, usage};
use crate::throwaway::{self, Fallback};
use crate::{apply, sandbox, verify};

/// What a command produced and how to show it.
#[derive(Debug)]
pub struct Outcome {
    /// The report.
    pub report: Report,
    /// How to print it on stdout.
    pub format: Format,
    /// Where to write the JSON report, if asked.
    pub output: Option<PathBuf>,
}

impl Outcome {
    /// A subcommand's report, shown as its `--format` says and written
    /// where its `--output` says.
    pub fn as_asked(report: Report, output: &OutputArgs) -> Outcome {
        Outcome {
            report,
            format: output.format.into(),
            output: output.output.clone(),
        }
    }

    /// The Action's report: written to `path`, which the step outputs name.
    pub fn for_action(report: Report, path: PathBuf) -> Outcome {
        Outcome {
            report,
            format: Format::Actions,
            output: Some(path),
        }
    }
}

/// The project's migration files, in apply order, with discovery findings.
/// A migrations directory that does not exist is a usage error, except the
/// default one in a project that has `supabase/` (no migrations yet: a
/// `no-migrations` notice).
pub(crate) fn discover_migrations(config: &Config) -> Result<Discovery, RunError> {
    let root = crate::project_file::root_for(&config.repo_root, &config.migrations_dir);
    let dir = config.relative(&config.migrations_dir);
    match crate::migrations::discover(&config.migrations_dir, &root, &|p| config.relative(p)) {
        Ok(discovery) => Ok(discovery),
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && config.migrations_default
                && config.project_dir.join("supabase").is_dir() =>
        {
            Ok(Discovery {
                migrations: Vec::new(),
                findings: vec![crate::migrations::no_migrations(&dir)],
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(usage(format!(
            "the migrations directory {dir} does not exist: check --project-dir ({}) and --migrations",
            config.relative(&config.project_dir)
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(usage(format!(
            "--migrations {dir} is a file, not a directory"
        ))),
        Err(e) => Err(usage(format!(
            "cannot read the migrations directory {dir}: {e}"
        ))),
    }
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

/// Loads a project's configuration and migration files, for commands that
/// compare them with something (`list`, `reconcile`).
pub(crate) fn load_project(
    project: &ProjectArgs,
    report: &mut Report,
) -> Result<(Config, Discovery), RunError> {
    let config = Config::load(&project.locations(None)).map_err(usage)?;
    report.project_dir = config.relative(&config.project_dir);
    let discovery = discover_migrations(&config)?;
    Ok((config, discovery))
}

/// Runs `pipeline` into a fresh report for `command` and concludes it:
/// the error if any, the time, and the status, judged against the severity
/// the pipeline returns as failing the run (its configuration's `fail_on`).
/// Every command but `comment` and `action` is one call of this.
pub(crate) async fn run_to_report(
    command: &str,
    pipeline: impl AsyncFnOnce(&mut Report) -> Result<Severity, RunError>,
) -> Report {
    let started = std::time::Instant::now();
    let mut report = Report::new(command, ".");
    let fail_on = match pipeline(&mut report).await {
        Ok(fail_on) => fail_on,
        Err(error) => {
            // An error is the status whatever the threshold.
            report.error = Some(error);
            Severity::Error
        }
    };
    report.duration_ms = elapsed_ms(started);
    report.finish(fail_on);
    report
}

/// Loads the configuration, with `--fail-on` overriding its `fail_on`.
pub(crate) fn load_config(project: &ProjectArgs, output: &OutputArgs) -> Result<Config, RunError> {
    Config::load(&project.locations(output.fail_on)).map_err(usage)
}

/// Runs `work` on a fresh database of the server the flags ask for (with
/// its fallback), then discards the database before the server stops.
/// What `work` found fails the run at the configured threshold.
pub(crate) async fn on_throwaway(
    args: &ServerArgs,
    config: &Config,
    report: &mut Report,
    work: impl AsyncFnOnce(&Database, &mut Report) -> Result<(), RunError>,
) -> Result<Severity, RunError> {
    let settings = backend_settings(args, config.supabase.major_version);
    let server = throwaway::start_server(&settings, fallback(args), config, report).await?;
    let database = throwaway::scratch_database(&server).await?;
    let outcome = work(&database, report).await;
    throwaway::discard(database).await;
    drop(server);
    outcome.map(|()| config.fail_on)
}

/// The backend the server flags ask for.
fn backend_settings(server: &ServerArgs, major_version: Option<u32>) -> BackendSettings {
    BackendSettings {
        kind: server.postgres,
        database_url: server.database_url.clone(),
        major_version,
        bindir: server.pg_bindir.clone(),
        image: server.image.clone(),
        docker_network: server.docker_network.clone(),
        supabase_shim: !server.no_supabase_shim,
    }
}

/// Whether a docker backend that cannot start may fall back to embedded.
fn fallback(server: &ServerArgs) -> Fallback {
    if server.no_fallback {
        Fallback::Never
    } else {
        Fallback::ToEmbedded
    }
}
