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

/// Runs the command `cli` names. Its report leaves scrubbed of secrets
/// (see [`crate::scrub`]).
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
        Command::Check(args) => Outcome::as_asked(check::run(args).await, &args.output),
        Command::Lint(args) => Outcome::as_asked(lint::run(args).await, &args.output),
        Command::Verify(args) => Outcome::as_asked(verify::run(args).await, &args.output),
        Command::List(args) => Outcome::as_asked(list::run(args).await, &args.output),
        Command::Reconcile(args) => Outcome::as_asked(reconcile::run(args).await, &args.output),
        Command::Action => run_action().await,
        Command::Comment(args) => comment::run(args).await,
        Command::Drift(args) => Outcome::as_asked(drift::run(args).await, &args.output),
    }
}

/// The GitHub Action: its inputs name the command(s) to run; this runs
/// them and the action publishes their reports.
async fn run_action() -> Outcome {
    let (action, plan) = match action::Action::plan().await {
        Ok(planned) => planned,
        Err(failed) => return failed,
    };
    let reports = match plan {
        action::Plan::Check(runs) => {
            let mut reports = Vec::with_capacity(runs.len());
            for run in runs {
                reports.push(match run {
                    Ok(run) => check::run_with_changes(&run.args, run.changes.as_ref()).await,
                    Err(message) => action::error_report(message),
                });
            }
            reports
        }
        action::Plan::List(args) => vec![list::run(&args).await],
        action::Plan::Drift(Ok(args)) => vec![drift::run(&args).await],
        action::Plan::Drift(Err(message)) => vec![action::error_report(message)],
        action::Plan::Comment(report) => {
            return comment::post(&report, None, action.github()).await
        }
    };
    action.publish(reports).await
}
