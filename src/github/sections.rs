//! One sticky comment for several projects in one repository: a section per
//! project, each between its own hidden markers, so a run that checks some
//! projects replaces their sections in place and keeps the others' (a pull
//! request whose later push touches only one project keeps what the earlier
//! run said of the rest).

use super::comment::{body_within, truncate, MAX_BODY};
use crate::report::combined::worst;
use crate::report::markdown::MARKER;
use crate::report::{Report, Status};

/// One project's section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The project's key (see [`project_key`]).
    pub project: String,
    /// Its report's status, kept in the marker for the overall headline.
    pub status: Status,
    /// The markdown between the markers.
    pub text: String,
}

/// A project directory as it appears in markers and headings: the
/// repository-relative path with `/`, every character outside
/// `[A-Za-z0-9._/-]` percent-encoded, since directory names come from the
/// pull request and must not close a comment or inject markup.
pub fn project_key(dir: &str) -> String {
    let trimmed = dir.trim_start_matches("./").trim_end_matches('/');
    let dir = if trimmed.is_empty() || trimmed == "." {
        "."
    } else {
        trimmed
    };
    let mut key = String::new();
    for byte in dir.bytes() {
        if byte.is_ascii_alphanumeric() || b"._/-".contains(&byte) {
            key.push(byte as char);
        } else {
            key.push_str(&format!("%{byte:02X}"));
        }
    }
    // `--` would end an HTML comment.
    key.replace("--", "-%2D")
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Error => "error",
    }
}

fn parse_status(word: &str) -> Option<Status> {
    match word {
        "pass" => Some(Status::Pass),
        "fail" => Some(Status::Fail),
        "error" => Some(Status::Error),
        _ => None,
    }
}

fn open_marker(project: &str, status: Status) -> String {
    format!(
        "<!-- schemagate:project {project} {} -->",
        status_word(status)
    )
}

fn close_marker(project: &str) -> String {
    format!("<!-- /schemagate:project {project} -->")
}

/// A fresh section for `project` from its report, within `limit` bytes.
pub fn section(project: &str, report: &Report, limit: usize) -> Section {
    let heading = format!("## Project `{project}`\n\n");
    let markdown = body_within(report, limit.saturating_sub(heading.len()));
    // The comment carries the marker once, at the top.
    let markdown = markdown
        .strip_prefix(MARKER)
        .unwrap_or(&markdown)
        .trim_start_matches('\n');
    // Migration SQL is shown fenced, verbatim: a forged marker in it must
    // not open or close a section when the next run parses this comment.
    let markdown = markdown.trim_end().replace("<!--", "<\u{200B}!--");
    Section {
        project: project.to_string(),
        status: report.status,
        text: format!("{heading}{markdown}"),
    }
}

/// The sections of an existing comment body, in order. Text outside
/// sections (the overall headline) is dropped; a section whose close
/// marker is missing ends where the next one starts.
pub fn parse(body: &str) -> Vec<Section> {
    const OPEN: &str = "<!-- schemagate:project ";
    let mut sections = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find(" -->") else { break };
        let mut words = after[..end].split(' ');
        let (Some(project), Some(status)) = (words.next(), words.next().and_then(parse_status))
        else {
            rest = &after[end..];
            continue;
        };
        let content = &after[end + " -->".len()..];
        let close = close_marker(project);
        let stop = content
            .find(&close)
            .or_else(|| content.find(OPEN))
            .unwrap_or(content.len());
        sections.push(Section {
            project: project.to_string(),
            status,
            text: content[..stop].trim().to_string(),
        });
        rest = &content[stop..];
    }
    sections
}

/// The comment body: the marker, an overall headline, then one section per
/// project in `order` (project keys): the fresh one when this run checked
/// it, else the one the existing comment had, else none. Within
/// [`MAX_BODY`]: each section gets an equal share.
pub fn merge(existing: Option<&str>, order: &[String], fresh: &[Section]) -> String {
    let old = existing.map(parse).unwrap_or_default();
    let share = section_budget(order.len());
    let chosen: Vec<Section> = order
        .iter()
        .filter_map(|project| {
            fresh
                .iter()
                .find(|s| &s.project == project)
                .or_else(|| old.iter().find(|s| &s.project == project))
                .cloned()
        })
        .collect();
    let status = worst(chosen.iter().map(|s| s.status));
    let failing = chosen.iter().filter(|s| s.status != Status::Pass).count();
    let (icon, word) = match status {
        Status::Pass => ("✅", "passed"),
        Status::Fail => ("❌", "failed"),
        Status::Error => ("⚠️", "could not run"),
    };
    let mut body = format!(
        "{MARKER}\n### {icon} schemagate: {word} ({} of {} projects passed{})\n",
        chosen.len() - failing,
        chosen.len(),
        if chosen.len() < order.len() {
            format!("; {} not checked yet", order.len() - chosen.len())
        } else {
            String::new()
        }
    );
    for section in &chosen {
        let text = if section.text.len() > share {
            truncate(&section.text, share)
        } else {
            section.text.clone()
        };
        body.push('\n');
        body.push_str(&open_marker(&section.project, section.status));
        body.push('\n');
        body.push_str(text.trim_end());
        body.push('\n');
        body.push_str(&close_marker(&section.project));
        body.push('\n');
    }
    // Only hundreds of projects get here; the later sections are lost then.
    if body.len() > MAX_BODY {
        return truncate(&body, MAX_BODY);
    }
    body
}

/// Each of `projects` sections' share of a comment, with room for the
/// headline, the markers and a truncation note.
pub fn section_budget(projects: usize) -> usize {
    ((MAX_BODY - 1024) / projects.max(1)).saturating_sub(200)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ApplyStatus, MigrationError, MigrationResult, Severity};

    fn report(status: Status) -> Report {
        let mut report = Report::new("check", ".");
        report.finish(Severity::Error);
        report.status = status;
        report
    }

    #[test]
    fn keys_cannot_close_the_comment_or_inject_markup() {
        assert_eq!(project_key("./apps/api/"), "apps/api");
        assert_eq!(project_key("."), ".");
        assert_eq!(project_key(""), ".");
        let key = project_key("apps/x --> <img src=x> `y`");
        assert!(!key.contains("-->") && !key.contains('<') && !key.contains('`'));
        assert!(!key.contains("--"), "{key}");
    }

    #[test]
    fn a_later_run_replaces_its_sections_and_keeps_the_others() {
        let order = vec!["apps/api".to_string(), "apps/web".to_string()];
        let first = merge(
            None,
            &order,
            &[
                section("apps/api", &report(Status::Pass), 10_000),
                section("apps/web", &report(Status::Fail), 10_000),
            ],
        );
        assert!(first.starts_with(MARKER));
        assert_eq!(first.matches(MARKER).count(), 1, "{first}");
        assert!(first.contains("failed (1 of 2 projects passed)"), "{first}");
        let parsed = parse(&first);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].status, Status::Fail);
        assert!(parsed[1].text.starts_with("## Project `apps/web`"));

        // Only web is checked again, and now passes; api's section stays.
        let second = merge(
            Some(&first),
            &order,
            &[section("apps/web", &report(Status::Pass), 10_000)],
        );
        assert!(
            second.contains("passed (2 of 2 projects passed)"),
            "{second}"
        );
        let again = parse(&second);
        assert_eq!(again[0], parsed[0]);
        assert_eq!(again[1].status, Status::Pass);
        assert_eq!(second, merge(Some(&second), &order, &[]));
    }

    #[test]
    fn a_marker_forged_in_migration_text_opens_no_section() {
        let mut failing = report(Status::Fail);
        let forged = format!(
            "select 1; {} {}",
            close_marker("apps/api"),
            open_marker("apps/evil", Status::Pass)
        );
        failing.migrations.push(MigrationResult {
            version: "1".into(),
            name: "a".into(),
            file: "apps/api/supabase/migrations/1_a.sql".into(),
            status: ApplyStatus::Failed,
            duration_ms: 0,
            statements: 1,
            error: Some(MigrationError {
                line: Some(1),
                statement: Some(forged),
                ..MigrationError::new("boom")
            }),
        });
        let order = vec!["apps/api".to_string()];
        let body = merge(None, &order, &[section("apps/api", &failing, 10_000)]);
        assert!(body.contains("apps/evil"), "the note is rendered: {body}");
        let parsed = parse(&body);
        assert_eq!(parsed.len(), 1, "{body}");
        assert_eq!(parsed[0].status, Status::Fail);
    }

    #[test]
    fn a_project_never_checked_is_counted_not_invented() {
        let order = vec!["a".to_string(), "b".to_string()];
        let body = merge(None, &order, &[section("a", &report(Status::Pass), 10_000)]);
        assert!(
            body.contains("1 of 1 projects passed; 1 not checked yet"),
            "{body}"
        );
        assert_eq!(parse(&body).len(), 1);
    }

    #[test]
    fn many_projects_fit_in_one_comment() {
        let order: Vec<String> = (0..40).map(|i| format!("apps/p{i}")).collect();
        let big = "x\n".repeat(50_000);
        let fresh: Vec<Section> = order
            .iter()
            .map(|p| Section {
                project: p.clone(),
                status: Status::Fail,
                text: big.clone(),
            })
            .collect();
        let body = merge(None, &order, &fresh);
        assert!(body.len() <= MAX_BODY, "{}", body.len());
        assert_eq!(parse(&body).len(), 40);
    }
}
