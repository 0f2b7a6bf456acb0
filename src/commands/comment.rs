//! `schemagate comment --report FILE`: posts a report made elsewhere as the
//! sticky pull-request comment. For fork pull requests, whose `pull_request`
//! run has a read-only token: that run uploads the JSON report as an
//! artifact, and a `workflow_run` workflow with a write token calls this.
//!
//! The artifact is untrusted data from the fork: it is parsed into the
//! report model (never used as markdown), the pull-request number must be a
//! plain number, and no code from the pull request runs.

use std::path::Path;

use super::pipeline::{infrastructure, usage, Outcome};
use crate::cli::CommentArgs;
use crate::github::comment::{self, Posted};
use crate::github::GitHub;
use crate::report::{Format, Report, Severity};

/// Reports bigger than this are not a schemagate report.
const MAX_REPORT_BYTES: u64 = 32 * 1024 * 1024;

/// Runs `comment` from the command line.
pub async fn run(args: &CommentArgs) -> Outcome {
    let github = match (&args.github_token, &args.repo) {
        (Some(token), Some(repo)) => match GitHub::new(&args.api_url, token, repo) {
            Ok(github) => Some(github),
            Err(e) => return outcome(Err(infrastructure(e))),
        },
        _ => None,
    };
    post(&args.report, args.pr, github.as_ref()).await
}

/// Posts the report at `path` on its pull request (or `pr`).
pub async fn post(path: &Path, pr: Option<u64>, github: Option<&GitHub>) -> Outcome {
    outcome(post_inner(path, pr, github).await)
}

async fn post_inner(
    path: &Path,
    pr: Option<u64>,
    github: Option<&GitHub>,
) -> Result<String, crate::report::RunError> {
    let github = github.ok_or_else(|| {
        usage("comment needs --github-token (or GITHUB_TOKEN) and --repo (or GITHUB_REPOSITORY)")
    })?;
    let size = std::fs::metadata(path)
        .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?
        .len();
    if size > MAX_REPORT_BYTES {
        return Err(usage(format!(
            "{} is {size} bytes: not a schemagate report",
            path.display()
        )));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
    let report: Report = serde_json::from_str(&text).map_err(|e| {
        usage(format!(
            "{} is not a schemagate JSON report: {e}",
            path.display()
        ))
    })?;
    let pr = pr
        .or(report.pr)
        .ok_or_else(|| usage("the report names no pull request: pass --pr"))?;
    let body = comment::body(&report);
    match comment::upsert(github, pr, &body).await {
        Ok(Posted::Created(id)) => Ok(format!("created comment {id} on pull request #{pr}")),
        Ok(Posted::Updated(id)) => Ok(format!("updated comment {id} on pull request #{pr}")),
        Err(e) => Err(infrastructure(e)),
    }
}

fn outcome(result: Result<String, crate::report::RunError>) -> Outcome {
    let mut report = Report::new("comment", ".");
    match result {
        Ok(message) => report.notes.push(message),
        Err(error) => report.error = Some(error),
    }
    report.finish(Severity::Error);
    Outcome {
        report,
        format: Format::Human,
        output: None,
    }
}
