//! `schemagate list`: local migration files against the live database's
//! history, like `supabase migration list`, plus each file's status.

use std::time::Instant;

use super::history::load_remote;
use super::{elapsed_ms, usage};
use crate::cli::ListArgs;
use crate::config::Config;
use crate::history;
use crate::migrations::discover;
use crate::report::{Report, RunError, Severity};

/// Runs `list`. It only informs: its exit code is 0 unless it cannot run.
pub async fn run(args: &ListArgs) -> Report {
    let started = Instant::now();
    let mut report = Report::new("list", ".");
    if let Err(error) = pipeline(args, &mut report).await {
        report.error = Some(error);
    }
    report.duration_ms = elapsed_ms(started);
    report.finish(Severity::Error);
    report
}

async fn pipeline(args: &ListArgs, report: &mut Report) -> Result<(), RunError> {
    let config = Config::load(&args.project.locations(None)).map_err(usage)?;
    report.project_dir = config.relative(&config.project_dir);
    let discovery = discover(&config.migrations_dir, &|p| config.relative(p)).map_err(|e| {
        usage(format!(
            "cannot read {}: {e}",
            config.relative(&config.migrations_dir)
        ))
    })?;
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
