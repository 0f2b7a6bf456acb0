//! The drift tracking issue: one issue, labelled `schema-drift` and marked
//! with a hidden comment, opened (or reopened) while drift exists, updated
//! each night, and closed with a comment when drift is gone.

use super::{GitHub, GitHubError, Issue};

/// The label of the tracking issue.
pub const LABEL: &str = "schema-drift";
/// The hidden marker that identifies the tracking issue.
pub const MARKER: &str = "<!-- schemagate:drift -->";

const TITLE: &str = "Schema drift between migrations and the live database";

/// What happened to the tracking issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracked {
    /// A new issue.
    Opened(u64),
    /// The open issue, updated.
    Updated(u64),
    /// A closed issue, reopened because drift is back.
    Reopened(u64),
    /// The open issue, closed because drift is gone.
    Closed(u64),
    /// No drift and no open issue: nothing to do.
    Unchanged,
}

/// Brings the tracking issue in line with tonight's result. `report` is the
/// issue body (markdown) while drift exists.
pub async fn sync(
    github: &GitHub,
    drift: bool,
    report: &str,
    run_url: Option<&str>,
) -> Result<Tracked, GitHubError> {
    let issues = github.issues_with_label(LABEL).await?;
    let ours: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.body.as_deref().is_some_and(|b| b.contains(MARKER)))
        .collect();
    let open = ours.iter().find(|i| i.state == "open");
    let body = format!("{MARKER}\n{report}");
    match (drift, open) {
        (true, Some(issue)) => github
            .update_issue(issue.number, &body, "open")
            .await
            .map(|i| Tracked::Updated(i.number)),
        (true, None) => match ours.first() {
            // Reopen rather than scatter the history of one problem over many issues.
            Some(closed) => github
                .update_issue(closed.number, &body, "open")
                .await
                .map(|i| Tracked::Reopened(i.number)),
            None => github
                .create_issue(TITLE, &body, &[LABEL])
                .await
                .map(|i| Tracked::Opened(i.number)),
        },
        (false, Some(issue)) => {
            let mut note =
                String::from("✅ No drift any more: the live database matches the migrations.");
            if let Some(url) = run_url {
                note.push_str(&format!(" ([run]({url}))"));
            }
            github.create_comment(issue.number, &note).await?;
            let closed_body = format!("{MARKER}\n{note}");
            github
                .update_issue(issue.number, &closed_body, "closed")
                .await
                .map(|i| Tracked::Closed(i.number))
        }
        (false, None) => Ok(Tracked::Unchanged),
    }
}
