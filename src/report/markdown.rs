//! The markdown renderer, for a pull-request comment or a job summary.
//!
//! Migration files and database messages are untrusted: every such text is
//! escaped (or fenced) so it cannot inject markup, links or `@mentions`.

use std::io::{self, Write};

use super::digest::{outcome_word, Digest};
use super::links::Links;
use super::{
    rows_as_text, AlignmentStatus, ApplyStatus, Difference, DifferenceKind, MigrationResult,
    Report, Status, TestStatus, VerificationStatus,
};

mod findings;

/// Differences shown with both definitions; the rest are listed in a table,
/// so the report stays within a GitHub comment's or issue's size.
const DETAILED_DIFFERENCES: usize = 50;

/// The hidden marker that identifies schemagate's own comment.
pub const MARKER: &str = "<!-- schemagate:report -->";

/// How much the markdown shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything, per-migration details collapsed.
    Full,
    /// Without the collapsed explanations (help texts, failing statements)
    /// and the list of migrations, for size limits.
    Compact,
}

/// Writes the report as GitHub-flavoured markdown, without file links.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    render_with(report, out, Detail::Full, &Links::none())
}

/// Writes the report as markdown with the given level of detail: the
/// status line and counts, the decisions, then per file its findings
/// (merged, details collapsed), drift, history, failed verifications and
/// (collapsed) every migration.
pub fn render_with(
    report: &Report,
    out: &mut dyn Write,
    detail: Detail,
    links: &Links,
) -> io::Result<()> {
    let digest = Digest::of(report);
    writeln!(out, "{MARKER}")?;
    writeln!(out, "{}\n", headline_of(&digest))?;
    if let Some(error) = &report.error {
        writeln!(out, "> **Error:** {}\n", escape(&error.message))?;
    }
    findings::render_decisions(&digest, links, out)?;
    findings::render_files(&digest, links, out, detail)?;
    render_drift(report, out)?;
    render_history(report, out)?;
    render_verifications(report, out)?;
    render_tests(report, out)?;
    // `lint` applies nothing: its file list is only a count.
    if detail == Detail::Full && report.command != "lint" {
        render_migrations(&report.migrations, out)?;
    }
    Ok(())
}

/// The job summary: the same report, with file links, and a note when
/// GitHub showed only some findings as annotations.
pub fn job_summary(
    report: &Report,
    links: &Links,
    omitted_annotations: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    render_with(report, out, Detail::Full, links)?;
    if omitted_annotations > 0 {
        writeln!(
            out,
            "\n> {} no annotation: GitHub shows 10 per level and step. All are listed above and in the JSON report.",
            match omitted_annotations {
                1 => "1 more finding has".to_string(),
                n => format!("{n} more findings have"),
            }
        )?;
    }
    Ok(())
}

/// The status line and, under it, the counts.
pub fn headline(report: &Report) -> String {
    headline_of(&Digest::of(report))
}

fn headline_of(digest: &Digest) -> String {
    let report = digest.report;
    let icon = match report.status {
        Status::Pass => "✅",
        Status::Fail => "❌",
        Status::Error => "⚠️",
    };
    let mut text = format!(
        "### {icon} schemagate {}: {}",
        report.command,
        outcome_word(report.status)
    );
    let counts = digest.counts();
    if !counts.is_empty() {
        text.push_str("\n\n");
        text.push_str(&counts.join(" · "));
    }
    text
}

/// The drift reconciliation report: counts, then each difference with
/// both definitions.
fn render_drift(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(drift) = &report.drift else {
        return Ok(());
    };
    writeln!(out, "#### Schema drift against {}\n", code(&drift.source))?;
    let schemas: Vec<String> = drift.schemas.iter().map(|s| code(s)).collect();
    let pending = if drift.include_pending {
        "every local migration"
    } else {
        "the migrations the remote history records"
    };
    writeln!(
        out,
        "Expected schema: {pending} ({} applied to a throwaway server) · schemas compared: {} · objects: {} expected, {} on the live database\n",
        drift.applied.len(),
        if schemas.is_empty() { "none".to_string() } else { schemas.join(", ") },
        drift.expected_objects,
        drift.actual_objects
    )?;
    table_head(out, &["Difference", "Count"])?;
    for (kind, count) in [
        (
            DifferenceKind::MissingOnRemote,
            drift.counts.missing_on_remote,
        ),
        (DifferenceKind::ExtraOnRemote, drift.counts.extra_on_remote),
        (DifferenceKind::Different, drift.counts.different),
    ] {
        writeln!(out, "| {} | {count} |", kind_description(kind))?;
    }
    writeln!(out)?;
    for skipped in &drift.skipped {
        writeln!(out, "> **Not compared:** {}\n", escape(skipped))?;
    }
    for (i, difference) in report
        .differences
        .iter()
        .take(DETAILED_DIFFERENCES)
        .enumerate()
    {
        render_difference(i + 1, difference, out)?;
    }
    let rest = &report.differences[report.differences.len().min(DETAILED_DIFFERENCES)..];
    if !rest.is_empty() {
        writeln!(
            out,
            "<details><summary>{} more differences</summary>\n",
            rest.len()
        )?;
        table_head(out, &["Kind", "Type", "Identity"])?;
        for d in rest {
            writeln!(
                out,
                "| {} | {} | {} |",
                kind_word(d.kind),
                code(&d.object_type),
                code(&d.identity)
            )?;
        }
        writeln!(out, "\n</details>\n")?;
    }
    if !drift.files.is_empty() {
        let files: Vec<String> = drift.files.iter().map(|f| code(f)).collect();
        writeln!(out, "Written for review: {}\n", files.join(", "))?;
    }
    Ok(())
}

fn render_difference(n: usize, difference: &Difference, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "##### {n}. {}: {} {}\n",
        kind_word(difference.kind),
        escape(&difference.object_type),
        code(&difference.identity)
    )?;
    for (label, value) in [
        ("Expected (migrations)", &difference.expected),
        ("Actual (live database)", &difference.actual),
    ] {
        match value {
            Some(value) => writeln!(
                out,
                "**{label}**\n\n{}\n",
                fenced("yaml", &definition_text(value))
            )?,
            None => writeln!(out, "**{label}**: none\n")?,
        }
    }
    if !difference.includes.is_empty() {
        let includes: Vec<String> = difference.includes.iter().map(|k| code(k)).collect();
        writeln!(out, "Includes: {}\n", includes.join(", "))?;
    }
    Ok(())
}

/// A difference kind in words, as in the JSON report.
pub fn kind_word(kind: DifferenceKind) -> &'static str {
    match kind {
        DifferenceKind::MissingOnRemote => "missing on remote",
        DifferenceKind::ExtraOnRemote => "extra on remote",
        DifferenceKind::Different => "different",
    }
}

fn kind_description(kind: DifferenceKind) -> &'static str {
    match kind {
        DifferenceKind::MissingOnRemote => {
            "Missing on remote: a migration's object never reached production"
        }
        DifferenceKind::ExtraOnRemote => "Extra on remote: an ad-hoc change no migration records",
        DifferenceKind::Different => "Different: both have it, defined differently",
    }
}

/// A definition (a JSON object of attributes) as `key: value` lines, with
/// multi-line text indented under its key.
pub fn definition_text(value: &serde_json::Value) -> String {
    let Some(map) = value.as_object() else {
        return value.to_string();
    };
    let mut lines = Vec::new();
    for (key, value) in map {
        match value {
            serde_json::Value::String(text) if text.contains('\n') => {
                lines.push(format!("{key}: |"));
                lines.extend(text.trim_matches('\n').lines().map(|l| format!("  {l}")));
            }
            serde_json::Value::String(text) => lines.push(format!("{key}: {text}")),
            other => lines.push(format!("{key}: {other}")),
        }
    }
    if lines.is_empty() {
        "(no attributes)".to_string()
    } else {
        lines.join("\n")
    }
}

fn render_history(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(history) = &report.history else {
        return Ok(());
    };
    writeln!(
        out,
        "#### Migration history against {}\n",
        escape(&history.source)
    )?;
    table_head(out, &["Local", "Remote", "Status", "File"])?;
    for row in &history.rows {
        let (local, remote) = row.columns();
        let status = row.status.as_str();
        let status = match row.status {
            AlignmentStatus::RemoteOnly | AlignmentStatus::Edited => format!("**{status}**"),
            _ => status.to_string(),
        };
        let file = row.local.as_deref().map(code).unwrap_or_default();
        writeln!(out, "| {local} | {remote} | {status} | {file} |")?;
    }
    writeln!(out)
}

/// The verifications, when one failed (passes are only counted).
/// One line per pgTAP test file: passed, failed, planned.
fn render_tests(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(tests) = &report.tests else {
        return Ok(());
    };
    writeln!(out, "#### pgTAP tests\n")?;
    table_head(out, &["", "File", "Passed", "Failed", "Planned"])?;
    for file in &tests.files {
        let icon = match file.status {
            TestStatus::Passed => "✅",
            TestStatus::Failed | TestStatus::PlanMismatch | TestStatus::Died => "❌",
        };
        let planned = file.planned.map_or("none".to_string(), |p| p.to_string());
        writeln!(
            out,
            "| {icon} | {} | {} | {} | {planned} |",
            code(&file.file),
            file.passed,
            file.failed
        )?;
    }
    writeln!(out)
}

fn render_verifications(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let failed = report.verifications.iter().any(|v| {
        matches!(
            v.status,
            VerificationStatus::Fail | VerificationStatus::Error
        )
    });
    if !failed {
        return Ok(());
    }
    writeln!(out, "#### Verifications\n")?;
    table_head(out, &["", "Name", "Expected", "Actual"])?;
    for v in &report.verifications {
        let icon = match v.status {
            VerificationStatus::Pass => "✅",
            VerificationStatus::Fail | VerificationStatus::Error => "❌",
            VerificationStatus::NotRun => "⏭️",
        };
        let actual = match (&v.error, &v.actual) {
            (Some(error), _) => escape(error),
            (None, Some(rows)) => escape(&rows_as_text(rows)),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "| {icon} | {} | {} | {actual} |",
            escape(&v.name),
            escape(&v.expected)
        )?;
    }
    writeln!(out)
}

fn render_migrations(migrations: &[MigrationResult], out: &mut dyn Write) -> io::Result<()> {
    if migrations.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<details><summary>All {} migrations</summary>\n",
        migrations.len()
    )?;
    table_head(out, &["Status", "File", "Statements", "Time"])?;
    for m in migrations {
        let status = match m.status {
            ApplyStatus::Applied => "applied",
            ApplyStatus::Failed => "**failed**",
            ApplyStatus::NotRun => "not run",
        };
        writeln!(
            out,
            "| {status} | {} | {} | {} ms |",
            code(&m.file),
            m.statements,
            m.duration_ms
        )?;
    }
    writeln!(out, "\n</details>")
}

/// A table's header row and its separator; an empty name leaves its
/// column unnamed (`| | File |`).
fn table_head(out: &mut dyn Write, columns: &[&str]) -> io::Result<()> {
    let names: Vec<String> = columns
        .iter()
        .map(|c| {
            if c.is_empty() {
                " ".to_string()
            } else {
                format!(" {c} ")
            }
        })
        .collect();
    writeln!(out, "|{}|", names.join("|"))?;
    writeln!(out, "|{}", "---|".repeat(columns.len()))
}

/// Escapes untrusted text for a markdown table cell or paragraph: markup
/// characters become entities, line breaks become `<br>`, and `@` gets a
/// zero-width joiner so no one is mentioned.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '|' => escaped.push_str("&#124;"),
            '\n' => escaped.push_str("<br>"),
            '\r' => {}
            '@' => escaped.push_str("@\u{2060}"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                escaped.push('\\');
                escaped.push(c);
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// Untrusted text whose `` `quoted` `` parts are meant as code (help
/// texts, messages): those become unbreakable code spans, the rest is
/// escaped. With an odd number of backticks it is all escaped.
pub fn text(text: &str) -> String {
    if text.matches('`').count() % 2 == 1 {
        return escape(text);
    }
    text.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            0 => escape(part),
            _ if part.is_empty() => String::new(),
            _ => code(part),
        })
        .collect()
}

/// Inline code that cannot be broken out of: the fence is longer than any
/// backtick run inside.
pub fn code(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    let text = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A fenced code block that the content cannot close.
pub fn fenced(language: &str, text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
    format!("{fence}{language}\n{}\n{fence}", text.trim_end())
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_mentions() {
        assert_eq!(
            escape("a|b <img> @octocat [x](y)\nz"),
            "a&#124;b &lt;img&gt; @\u{2060}octocat \\[x\\](y)<br>z"
        );
    }

    #[test]
    fn quoted_parts_of_text_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            text("start the file with `set lock_timeout = '5s';` so *it* fails"),
            "start the file with `set lock_timeout = '5s';` so \\*it\\* fails"
        );
        // An odd backtick cannot open a span that swallows the rest.
        assert_eq!(text("a ` [x](y)"), "a \\` \\[x\\](y)");
        assert_eq!(text("`a|b` <b>"), "`a\\|b` &lt;b&gt;");
    }

    #[test]
    fn fences_outgrow_the_content() {
        assert_eq!(fenced("sql", "select '```'"), "````sql\nselect '```'\n````");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("plain"), "`plain`");
    }

    #[test]
    fn drift_lists_counts_then_each_difference_with_both_definitions_escaped() {
        let mut report = Report::new("drift", ".");
        report.drift = Some(super::super::Drift {
            source: "postgresql://u:***@db/postgres".into(),
            schemas: vec!["public".into()],
            counts: super::super::DriftCounts {
                missing_on_remote: 0,
                extra_on_remote: 1,
                different: 1,
            },
            ..Default::default()
        });
        report.differences = vec![
            Difference {
                kind: DifferenceKind::ExtraOnRemote,
                object_type: "policy".into(),
                identity: "public.t.\"`<img src=x>` @admin\"".into(),
                expected: None,
                actual: Some(serde_json::json!({"using": "```\n@admin <b>"})),
                includes: vec!["comment policy x on public.t".into()],
            },
            Difference {
                kind: DifferenceKind::Different,
                object_type: "column".into(),
                identity: "public.t.a".into(),
                expected: Some(serde_json::json!({"type": "text"})),
                actual: Some(serde_json::json!({"type": "integer"})),
                includes: Vec::new(),
            },
        ];
        report.finish(super::super::Severity::Error);
        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("| Extra on remote: an ad-hoc change no migration records | 1 |"),
            "{text}"
        );
        assert!(
            text.contains("##### 1. extra on remote: policy ``public.t.\"`<img src=x>` @admin\"``"),
            "{text}"
        );
        assert!(text.contains("**Expected (migrations)**: none"), "{text}");
        assert!(
            text.contains("````yaml\nusing: |\n  ```\n  @admin <b>\n````"),
            "{text}"
        );
        assert!(
            text.contains("##### 2. different: column `public.t.a`"),
            "{text}"
        );
        assert!(
            text.contains("```yaml\ntype: text\n```")
                && text.contains("```yaml\ntype: integer\n```"),
            "{text}"
        );
        assert!(
            text.contains("Includes: `comment policy x on public.t`"),
            "{text}"
        );
    }

    #[test]
    fn definitions_render_as_lines_with_indented_text() {
        let value =
            serde_json::json!({"body": "\nbegin\n  x;\nend;\n", "strict": false, "type": "text"});
        assert_eq!(
            definition_text(&value),
            "body: |\n  begin\n    x;\n  end;\nstrict: false\ntype: text"
        );
    }

    #[test]
    fn rows_render_nulls() {
        let rows = vec![vec![Some("a".to_string()), None]];
        assert_eq!(rows_as_text(&rows), "[[a, null]]");
    }
}
