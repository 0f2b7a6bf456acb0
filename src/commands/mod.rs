//! One pipeline per subcommand; each returns a [`Report`] that `main`
//! renders. Nothing below this module imports it.

pub mod check;
pub mod drift;
pub mod history;
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
    match &cli.command {
        Command::Check(args) => Outcome {
            report: check::run(args).await,
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

fn elapsed_ms(started: std::time::Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
