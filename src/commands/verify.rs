//! `schemagate verify`: the verification queries against the live
//! database, in a read-only transaction.

use std::str::FromStr;
use std::time::Instant;

use sqlx::postgres::PgConnectOptions;
use sqlx::Connection;

use super::history::remote_url;
use super::{conclude, infrastructure, usage};
use crate::cli::VerifyArgs;
use crate::config::Config;
use crate::postgres::{connect, redact_url};
use crate::report::{Report, RunError, Severity};
use crate::verify;

/// Runs `verify` and returns its report.
pub async fn run(args: &VerifyArgs) -> Report {
    let started = Instant::now();
    let mut report = Report::new("verify", ".");
    let mut fail_on = args
        .output
        .fail_on
        .map(Severity::from)
        .unwrap_or(Severity::Error);
    let outcome = pipeline(args, &mut report, &mut fail_on).await;
    conclude(report, started, outcome, fail_on)
}

async fn pipeline(
    args: &VerifyArgs,
    report: &mut Report,
    fail_on: &mut Severity,
) -> Result<(), RunError> {
    let config = Config::load(&args.project.locations(args.output.fail_on)).map_err(usage)?;
    *fail_on = config.fail_on;
    report.project_dir = config.relative(&config.project_dir);
    report.verifications = verify::not_run(&config.verify);
    let url = remote_url(args.remote_url.as_deref()).ok_or_else(|| {
        usage("verify needs --remote-url (or SCHEMAGATE_REMOTE_URL or SUPABASE_DB_URL)")
    })?;
    let options = PgConnectOptions::from_str(&url).map_err(|e| {
        usage(format!(
            "{} is not a valid PostgreSQL URL: {e}",
            redact_url(&url)
        ))
    })?;
    // default_transaction_read_only at connect time: a second wall behind
    // the read-only transaction, set for this session only (a session SET
    // could outlive us on a pooled server connection).
    let options = options.options([("default_transaction_read_only", "on")]);
    let mut conn = connect(&options).await.map_err(infrastructure)?;
    let target = verify::Target {
        conn: &mut conn,
        rescue: options.clone(),
        statement_timeout: config.apply.statement_timeout,
    };
    let verified = verify::run_all(target, &config.verify, &config.file)
        .await
        .map_err(|e| {
            infrastructure(format!(
                "running verification queries on {}: {e}",
                redact_url(&url)
            ))
        })?;
    let _ = conn.close().await;
    let results = verified.results;
    report.findings.extend(verified.findings);
    report
        .findings
        .extend(verify::findings(&results, &config.file));
    report.verifications = results;
    Ok(())
}
