//! `schemagate verify`: the verification queries against the live
//! database, in a read-only transaction.

use super::pipeline::{load_config, run_to_report, usage};
use crate::cli::VerifyArgs;
use crate::remote::remote_url;
use crate::report::{Report, RunError, Severity};
use crate::verify;

/// Runs `verify` and returns its report.
pub async fn run(args: &VerifyArgs) -> Report {
    run_to_report("verify", async |report| pipeline(args, report).await).await
}

async fn pipeline(args: &VerifyArgs, report: &mut Report) -> Result<Severity, RunError> {
    let config = load_config(&args.project, &args.output)?;
    report.project_dir = config.relative(&config.project_dir);
    report.verifications = verify::not_run(&config.verify);
    let url = remote_url(args.remote_url.as_deref()).ok_or_else(|| {
        usage("verify needs --remote-url (or SCHEMAGATE_REMOTE_URL or SUPABASE_DB_URL)")
    })?;
    let verified = verify::run_on_live(
        &url,
        &config.verify,
        config.apply.statement_timeout,
        &config.file,
    )
    .await?;
    let results = verified.results;
    report.findings.extend(verified.findings);
    report
        .findings
        .extend(verify::findings(&results, &config.file));
    report.verifications = results;
    Ok(config.fail_on)
}
