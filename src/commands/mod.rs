//! One pipeline per subcommand; each returns a [`Report`] that `main`
//! renders. Nothing below this module imports it.

pub mod action;
pub mod check;
pub mod comment;
pub mod drift;
pub mod lint;
pub mod list;
mod pipeline;
pub mod progress;
pub mod reconcile;
pub mod verify;

pub use pipeline::{discover_into, Outcome};

use crate::cli::{Cli, Command};

/// Runs the command `cli` names.
pub async fn run(cli: &Cli) -> Outcome {
    match &cli.command {
        Command::Check(args) => Outcome {
            report: check::run(args).await,
            format: args.output.format.into(),
            output: args.output.output.clone(),
        },
        Command::Lint(args) => Outcome {
            report: lint::run(args).await,
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
