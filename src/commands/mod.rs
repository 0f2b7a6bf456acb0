//! One pipeline per subcommand; each returns a [`Report`] that `main`
//! renders. Nothing below this module imports it.

pub mod action;
pub mod check;
pub mod comment;
pub mod drift;
pub mod history;
pub mod lint;
pub mod list;
mod progress;
pub mod reconcile;
pub mod verify;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::report::{ErrorKind, Format, Report, RunError};

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

/// Runs the command `cli` names.
pub async fn run(cli: &Cli) -> Outcome {
    register_secrets(cli);
    let mut outcome = run_command(cli).await;
    outcome.report = crate::scrub::scrub_value(outcome.report);
    outcome
}

/// The passwords of the URLs on the command line join the secrets kept
/// out of every output (those from the environment are already there).
fn register_secrets(cli: &Cli) {
    let urls: Vec<&Option<String>> = match &cli.command {
        Command::Check(args) => vec![&args.server.database_url, &args.remote.remote_url],
        Command::Drift(args) => vec![&args.server.database_url, &args.remote_url],
        Command::List(args) => vec![&args.remote.remote_url],
        Command::Reconcile(args) => vec![&args.remote_url],
        Command::Verify(args) => vec![&args.remote_url],
        Command::Comment(args) => {
            crate::scrub::register(&args.github_token.iter().cloned().collect::<Vec<_>>());
            Vec::new()
        }
        Command::Lint(_) | Command::Action => Vec::new(),
    };
    for url in urls.into_iter().flatten() {
        crate::scrub::register_url(url);
    }
}

async fn run_command(cli: &Cli) -> Outcome {
    match &cli.command {
        Command::Check(args) => Outcome {
            report: check::run(args).await,
            format: args.output.format.into(),
            output: args.output.output.clone(),
        },
        Command::Lint(args) => Outcome {
            report: lint::run(args),
            format: args.output.format.into(),
            output: args.output.output.clone(),
        },
        Command::Verify(args) => Outcome {
            report: verify::run(args).await,
            format: args.output.format.into(),
            output: args.output.output.clone(),
        },
        Command::List(args) => Outcome {
            report: list::run(args).await,
            format: args.output.format.into(),
            output: args.output.output.clone(),
        },
        Command::Reconcile(args) => Outcome {
            report: reconcile::run(args).await,
            format: args.output.format.into(),
            output: args.output.output.clone(),
        },
        Command::Action => action::run().await,
        Command::Comment(args) => comment::run(args).await,
        Command::Drift(args) => Outcome {
            report: drift::run(args).await,
            format: args.output.format.into(),
            output: args.output.output.clone(),
        },
    }
}

/// A usage or configuration error (exit 2).
pub(crate) fn usage(message: impl std::fmt::Display) -> RunError {
    RunError {
        kind: ErrorKind::Usage,
        message: crate::postgres::redact_text(&message.to_string()),
    }
}

/// An infrastructure error (exit 3).
pub(crate) fn infrastructure(message: impl std::fmt::Display) -> RunError {
    RunError {
        kind: ErrorKind::Infrastructure,
        message: crate::postgres::redact_text(&message.to_string()),
    }
}

/// The project's migration files, in apply order, with discovery findings.
pub(crate) fn discover_migrations(
    config: &crate::config::Config,
) -> Result<crate::migrations::Discovery, RunError> {
    let root = crate::project_file::root_for(&config.repo_root, &config.migrations_dir);
    let dir = config.relative(&config.migrations_dir);
    match crate::migrations::discover(&config.migrations_dir, &root, &|p| config.relative(p)) {
        Ok(discovery) => Ok(discovery),
        // A project with `supabase/` but no migrations yet: a notice, not an error.
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && config.migrations_default
                && config.project_dir.join("supabase").is_dir() =>
        {
            Ok(crate::migrations::Discovery {
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

/// Loads a project's configuration and migration files, for commands that
/// compare them with something (`list`, `reconcile`).
pub(crate) fn load_project(
    project: &crate::cli::ProjectArgs,
    report: &mut Report,
) -> Result<(crate::config::Config, crate::migrations::Discovery), RunError> {
    let config = crate::config::Config::load(&project.locations(None)).map_err(usage)?;
    report.project_dir = config.relative(&config.project_dir);
    let discovery = discover_migrations(&config)?;
    Ok((config, discovery))
}

/// Puts a pipeline's outcome into its report: the error if any, the time,
/// the status.
pub(crate) fn conclude(
    mut report: Report,
    started: std::time::Instant,
    outcome: Result<(), RunError>,
    fail_on: crate::report::Severity,
) -> Report {
    if let Err(error) = outcome {
        report.error = Some(error);
    }
    report.duration_ms = elapsed_ms(started);
    report.finish(fail_on);
    report
}

fn elapsed_ms(started: std::time::Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
