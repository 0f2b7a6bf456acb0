//! The markdown renderer, for a pull-request comment or a job summary.
//!
//! Migration files and database messages are untrusted: every such text is
//! escaped (or fenced) so it cannot inject markup, links or `@mentions`.

use std::io::{self, Write};

use super::{
    rows_as_text, AlignmentStatus, ApplyStatus, Difference, DifferenceKind, Finding,
    MigrationResult, Report, Status, VerificationStatus,
};

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
    /// Without failing statements and per-migration details, for size limits.
    Compact,
}

/// Writes the report as GitHub-flavoured markdown.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    render_with(report, out, Detail::Full)
}

/// Writes the report as markdown with the given level of detail: a status
/// headline, what failed first, then findings, history, verifications and
/// (collapsed) every migration.
pub fn render_with(report: &Report, out: &mut dyn Write, detail: Detail) -> io::Result<()> {
    writeln!(out, "{MARKER}")?;
    writeln!(out, "{}\n", headline(report))?;
    if let Some(error) = &report.error {
        writeln!(out, "> **Error:** {}\n", escape(&error.message))?;
    }
    render_failures(report, out, detail)?;
    render_findings(&report.findings, out)?;
    render_drift(report, out)?;
    render_history(report, out)?;
    render_verifications(report, out)?;
    // `lint` applies nothing: its file list is only a count.
    if detail == Detail::Full && report.command != "lint" {
        render_migrations(&report.migrations, out)?;
    }
    Ok(())
}

/// The one-line status headline.
pub fn headline(report: &Report) -> String {
    let s = &report.summary;
    let (icon, word) = match report.status {
        Status::Pass => ("✅", "passed"),
        Status::Fail => ("❌", "failed"),
        Status::Error => ("⚠️", "could not run"),
    };
    if report.command == "lint" {
        return format!(
            "### {icon} schemagate lint: {word}\n\n{} files linted · findings: {} errors, {} warnings, {} notices",
            s.migrations, s.errors, s.warnings, s.notices
        );
    }
    format!(
        "### {icon} schemagate {}: {word}\n\n{} of {} migrations applied, {} failed, {} not run · verifications: {} passed, {} failed · findings: {} errors, {} warnings, {} notices",
        report.command,
        s.applied,
        s.migrations,
        s.failed,
        s.not_run,
        s.verifications_passed,
        s.verifications_failed,
        s.errors,
        s.warnings,
        s.notices
    )
}

fn render_failures(report: &Report, out: &mut dyn Write, detail: Detail) -> io::Result<()> {
    let failed: Vec<&MigrationResult> = report
        .migrations
        .iter()
        .filter(|m| m.status == ApplyStatus::Failed)
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    writeln!(out, "#### Failed migrations\n")?;
    writeln!(out, "| File | Line | SQLSTATE | Error |")?;
    writeln!(out, "|---|---|---|---|")?;
    for migration in &failed {
        let error = migration.error.as_ref();
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            code(&migration.file),
            error
                .and_then(|e| e.line)
                .map(|l| l.to_string())
                .unwrap_or_default(),
            error
                .and_then(|e| e.sqlstate.as_deref())
                .map(code)
                .unwrap_or_default(),
            error.map(|e| escape(&e.message)).unwrap_or_default(),
        )?;
    }
    writeln!(out)?;
    if detail == Detail::Compact {
        return Ok(());
    }
    for migration in failed {
        if let Some(statement) = migration
            .error
            .as_ref()
            .and_then(|e| e.statement.as_deref())
        {
            writeln!(
                out,
                "<details><summary>Failing statement in {}</summary>\n",
                escape(&migration.file)
            )?;
            writeln!(out, "{}\n</details>\n", fenced("sql", statement))?;
        }
    }
    Ok(())
}

fn render_findings(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    writeln!(out, "#### Findings\n")?;
    writeln!(out, "| Severity | Rule | Location | Message |")?;
    writeln!(out, "|---|---|---|---|")?;
    for finding in findings {
        let location = match (&finding.file, finding.line) {
            (Some(file), Some(line)) => code(&format!("{file}:{line}")),
            (Some(file), None) => code(file),
            _ => String::new(),
        };
        let help = finding
            .help
            .as_deref()
            .map(|h| format!("<br>{}", escape(h)))
            .unwrap_or_default();
        writeln!(
            out,
            "| {:?} | `{}` | {location} | {}{help} |",
            finding.severity,
            finding.rule,
            escape(&finding.message)
        )?;
    }
    writeln!(out)
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
    writeln!(out, "| Difference | Count |")?;
    writeln!(out, "|---|---|")?;
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
        writeln!(out, "| Kind | Type | Identity |")?;
        writeln!(out, "|---|---|---|")?;
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
    writeln!(out, "| Local | Remote | Status | File |")?;
    writeln!(out, "|---|---|---|---|")?;
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

fn render_verifications(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.verifications.is_empty() {
        return Ok(());
    }
    writeln!(out, "#### Verifications\n")?;
    writeln!(out, "| | Name | Expected | Actual |")?;
    writeln!(out, "|---|---|---|---|")?;
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
    writeln!(out, "| Status | File | Statements | Time |")?;
    writeln!(out, "|---|---|---|---|")?;
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
