//! The markdown renderer, for a pull-request comment or a job summary.
//!
//! Migration files and database messages are untrusted: every such text is
//! escaped (or fenced) so it cannot inject markup, links or `@mentions`.

use std::io::{self, Write};

use super::{
    AlignmentStatus, ApplyStatus, Finding, MigrationResult, Report, Status, VerificationStatus,
};

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
        let local = if row.local.is_some() {
            row.version.as_str()
        } else {
            ""
        };
        let remote = if row.remote.is_some() {
            row.version.as_str()
        } else {
            ""
        };
        let status = super::human::status_word(row.status);
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

/// Rows as compact text: `[[a, b], [c, null]]`.
pub fn rows_as_text(rows: &[Vec<Option<String>>]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|row| {
            let values: Vec<&str> = row.iter().map(|v| v.as_deref().unwrap_or("null")).collect();
            format!("[{}]", values.join(", "))
        })
        .collect();
    format!("[{}]", rows.join(", "))
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
    fn rows_render_nulls() {
        let rows = vec![vec![Some("a".to_string()), None]];
        assert_eq!(rows_as_text(&rows), "[[a, null]]");
    }
}
