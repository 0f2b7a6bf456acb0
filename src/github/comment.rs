//! The one sticky pull-request comment: found by its hidden marker across
//! every page of comments, updated in place, created only when absent, and
//! always small enough for GitHub.

use super::{GitHub, GitHubError};
use crate::report::links::Links;
use crate::report::markdown::{render_with, Detail, MARKER};
use crate::report::Report;

/// GitHub rejects comment bodies longer than this.
pub const MAX_BODY: usize = 65_536;

const TRUNCATED_NOTE: &str = "\n\n> ⚠️ This report was shortened to fit in a GitHub comment. The full report is in the job summary and in the JSON report.\n";

/// What happened to the comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    /// A new comment, with its id.
    Created(u64),
    /// The existing comment, updated.
    Updated(u64),
}

/// The comment body for a report, at most [`MAX_BODY`] bytes: the full
/// markdown when it fits; else without details; else cut at a line, with
/// open blocks closed and a note pointing to the job summary.
pub fn body(report: &Report) -> String {
    body_within(report, MAX_BODY)
}

/// The report's markdown within `limit` bytes, shrunk as [`body`] does (a
/// project's share of a comment with several). In GitHub Actions
/// (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`) each `file:line` links to the
/// report's head commit.
pub fn body_within(report: &Report, limit: usize) -> String {
    body_linked(report, limit, &Links::from_env(report.head_sha.as_deref()))
}

/// [`body_within`] with the given links.
pub fn body_linked(report: &Report, limit: usize, links: &Links) -> String {
    let full = render(report, Detail::Full, links);
    if full.len() <= limit {
        return full;
    }
    let compact = render(report, Detail::Compact, links);
    if compact.len() <= limit {
        return compact;
    }
    truncate(&compact, limit)
}

fn render(report: &Report, detail: Detail, links: &Links) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = render_with(report, &mut out, detail, links);
    String::from_utf8_lossy(&out).into_owned()
}

/// Cuts markdown at a line boundary so that, with closing tags and the
/// note, it stays within `limit` bytes.
pub fn truncate(markdown: &str, limit: usize) -> String {
    let budget = limit.saturating_sub(TRUNCATED_NOTE.len() + 64);
    let mut cut = 0;
    for (offset, _) in markdown.match_indices('\n') {
        if offset > budget {
            break;
        }
        cut = offset;
    }
    let mut text = markdown[..cut].to_string();
    if let Some(fence) = open_fence(&text) {
        text.push('\n');
        text.push_str(&fence);
    }
    let open_details = text
        .matches("<details>")
        .count()
        .saturating_sub(text.matches("</details>").count());
    for _ in 0..open_details {
        text.push_str("\n</details>");
    }
    text.push_str(TRUNCATED_NOTE);
    text
}

/// The fence of a code block left open at the end of `text`, if any.
fn open_fence(text: &str) -> Option<String> {
    let mut open: Option<String> = None;
    for line in text.lines() {
        let ticks = line.len() - line.trim_start_matches('`').len();
        if ticks < 3 {
            continue;
        }
        match &open {
            Some(fence) if line.trim_end() == fence => open = None,
            None => open = Some("`".repeat(ticks)),
            _ => {}
        }
    }
    open
}

/// Updates the comment carrying [`MARKER`] on pull request `pr`, or creates
/// it when there is none. Never creates a second one.
pub async fn upsert(github: &GitHub, pr: u64, body: &str) -> Result<Posted, GitHubError> {
    upsert_with(github, pr, |_| body.to_string()).await
}

/// As [`upsert`], with the body made from the existing comment's (`None`
/// when there is none): how a comment with a section per project keeps the
/// sections this run did not check.
pub async fn upsert_with(
    github: &GitHub,
    pr: u64,
    make_body: impl FnOnce(Option<&str>) -> String,
) -> Result<Posted, GitHubError> {
    let comments = github.comments(pr).await?;
    let existing = comments
        .iter()
        .find(|c| c.body.as_deref().is_some_and(|b| b.contains(MARKER)));
    match existing {
        Some(comment) => {
            let body = make_body(comment.body.as_deref());
            github
                .update_comment(comment.id, &body)
                .await
                .map(|c| Posted::Updated(c.id))
        }
        None => github
            .create_comment(pr, &make_body(None))
            .await
            .map(|c| Posted::Created(c.id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ApplyStatus, MigrationError, MigrationResult, Severity};

    fn huge_report() -> Report {
        let mut report = Report::new("check", ".");
        for i in 0..2000 {
            report.migrations.push(MigrationResult {
                version: format!("{i:014}"),
                name: format!("migration_{i}"),
                file: format!("supabase/migrations/{i:014}_migration_with_a_long_name_{i}.sql"),
                status: if i == 7 {
                    ApplyStatus::Failed
                } else {
                    ApplyStatus::Applied
                },
                duration_ms: 1,
                statements: 3,
                error: (i == 7).then(|| MigrationError {
                    sqlstate: Some("42P01".into()),
                    line: Some(3),
                    column: Some(1),
                    statement: Some("x".repeat(100_000)),
                    ..MigrationError::new("relation \"listings\" does not exist")
                }),
            });
        }
        report.finish(Severity::Error);
        report
    }

    #[test]
    fn a_huge_report_is_shrunk_but_keeps_headline_and_failures() {
        let report = huge_report();
        assert!(render(&report, Detail::Full, &Links::none()).len() > 200_000);
        let body = body(&report);
        assert!(body.len() <= MAX_BODY, "{}", body.len());
        assert!(body.contains("schemagate check: failed"));
        assert!(body.contains("relation \"listings\" does not exist"));
        assert!(body.starts_with(MARKER));
    }

    #[test]
    fn truncation_closes_what_it_cuts() {
        let text = format!(
            "{MARKER}\n<details>\n````sql\n{}\n````\n</details>\n",
            "select 1;\n".repeat(10_000)
        );
        let cut = truncate(&text, 1_000);
        assert!(cut.len() <= 1_000);
        assert!(cut.contains("\n````\n</details>"), "{cut}");
        assert!(cut.ends_with(TRUNCATED_NOTE));
    }
}
