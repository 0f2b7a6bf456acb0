//! `schemagate list`: local migration files against the live database's
//! history, like `supabase migration list`, plus each file's status.

use std::time::Instant;

use super::history::load_remote;
use super::{conclude, load_project, usage};
use crate::cli::ListArgs;
use crate::history;
use crate::report::{Report, RunError, Severity};

/// Runs `list`. It only informs: its exit code is 0 unless it cannot run.
pub async fn run(args: &ListArgs) -> Report {
    let started = Instant::now();
    let mut report = Report::new("list", ".");
    let outcome = pipeline(args, &mut report).await;
    conclude(report, started, outcome, Severity::Error)
}

async fn pipeline(args: &ListArgs, report: &mut Report) -> Result<(), RunError> {
    let (config, discovery) = load_project(&args.project, report)?;
    let remote = load_remote(&args.remote).await?.ok_or_else(|| {
        usage("list needs --remote-url (or SCHEMAGATE_REMOTE_URL or SUPABASE_DB_URL) or --remote-history FILE")
    })?;
    let (alignment, _) = history::align(
        &discovery.migrations,
        &remote.rows,
        &remote.source,
        &config.history,
    );
    report.history = Some(alignment);
    Ok(())
}
