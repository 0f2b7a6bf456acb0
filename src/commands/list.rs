//! `schemagate list`: local migration files against the live database's
//! history, like `supabase migration list`, plus each file's status.

use super::pipeline::{load_project, run_to_report, usage};
use crate::cli::ListArgs;
use crate::history;
use crate::remote::load_remote;
use crate::report::{Report, RunError, Severity};

/// Runs `list`. It only informs: its exit code is 0 unless it cannot run.
pub async fn run(args: &ListArgs) -> Report {
    run_to_report("list", async |report| pipeline(args, report).await).await
}

/// Returns [`Severity::Error`], the level no finding of `list` reaches.
async fn pipeline(args: &ListArgs, report: &mut Report) -> Result<Severity, RunError> {
    let (config, discovery) = load_project(&args.project, report)?;
    let remote = load_remote(
        args.remote.remote_url.as_deref(),
        args.remote.remote_history.as_deref(),
    )
    .await?
    .ok_or_else(|| {
        usage("list needs --remote-url (or SCHEMAGATE_REMOTE_URL or SUPABASE_DB_URL) or --remote-history FILE")
    })?;
    let (alignment, _) = history::align(
        &discovery.migrations,
        &remote.rows,
        &remote.source,
        &config.history,
    );
    report.history = Some(alignment);
    Ok(Severity::Error)
}
