//! The markdown of a [`Digest`]: the decisions under the status line, then
//! per file a compact list (`line · rule · one sentence`) with the help
//! texts and failing statements collapsed, and notices only counted.

use std::io::{self, Write};

use super::{code, escape, fenced, text, Detail};
use crate::report::digest::{count, Digest, FileGroup};
use crate::report::hazard::Hazard;
use crate::report::links::Links;
use crate::report::{Finding, MigrationError, RuleId, Severity};

/// The decision bullets, most severe first; the rest counted.
pub fn render_decisions(digest: &Digest, links: &Links, out: &mut dyn Write) -> io::Result<()> {
    if digest.decisions.is_empty() {
        return Ok(());
    }
    for decision in &digest.decisions {
        let alike = decision.alike_suffix();
        writeln!(
            out,
            "- **{}**: {} {}{alike}",
            decision.concern.label(),
            text(decision.hazard.summary()),
            short_location(&decision.hazard, links)
        )?;
    }
    if let Some(rest) = digest.unlisted_decisions("below") {
        writeln!(out, "- {rest}")?;
    }
    writeln!(out)
}

/// Every shown file, then findings without a file, then what is left in
/// unchanged files (collapsed) and the quiet changed files.
pub fn render_files(
    digest: &Digest,
    links: &Links,
    out: &mut dyn Write,
    detail: Detail,
) -> io::Result<()> {
    for group in &digest.files {
        let link = links.line(group.file, None);
        let title = match link {
            Some(url) => format!("[{}]({url})", code(file_title(group.file))),
            None => code(group.file),
        };
        writeln!(out, "#### {title} · {}\n", group.status())?;
        render_group(group, links, out, detail)?;
    }
    if !digest.general.is_empty() {
        writeln!(out, "#### Other findings\n")?;
        render_group(&digest.general, links, out, detail)?;
    }
    if !digest.elsewhere.is_empty() {
        let summary = count(digest.elsewhere.len(), "finding", "findings");
        let summary = format!("{summary} in unchanged files");
        collapsed(&summary, &digest.elsewhere, links, true, out)?;
    }
    if !digest.quiet.is_empty() {
        let files: Vec<String> = digest.quiet.iter().map(|f| code(f)).collect();
        if files.len() <= 3 {
            writeln!(
                out,
                "Applied with nothing to report: {}\n",
                files.join(", ")
            )?;
        } else {
            writeln!(
                out,
                "<details><summary>{} applied with nothing to report</summary>\n\n{}\n\n</details>\n",
                count(files.len(), "more file", "more files"),
                files.join(", ")
            )?;
        }
    }
    Ok(())
}

fn render_group(
    group: &FileGroup,
    links: &Links,
    out: &mut dyn Write,
    detail: Detail,
) -> io::Result<()> {
    if let Some(error) = group.unreported_error() {
        let at = error.line.map(|l| format!("L{l} · ")).unwrap_or_default();
        writeln!(
            out,
            "- {at}[{}]({}) · {}",
            code(RuleId::MigrationFailed.as_str()),
            Links::rule(RuleId::MigrationFailed),
            escape(&error.message_with_code())
        )?;
    }
    for hazard in &group.listed {
        writeln!(out, "{}", item(hazard, links, false))?;
    }
    if !group.listed.is_empty() || group.unreported_error().is_some() {
        writeln!(out)?;
    }
    if detail == Detail::Full {
        render_explanations(group, out)?;
    }
    if !group.notices.is_empty() {
        let summary = count(group.notices.len(), "notice", "notices");
        collapsed(&summary, &group.notices, links, false, out)?;
    }
    Ok(())
}

/// The hazards as items in a collapsed block under `summary`.
fn collapsed(
    summary: &str,
    hazards: &[Hazard],
    links: &Links,
    with_file: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "<details><summary>{summary}</summary>\n")?;
    for hazard in hazards {
        writeln!(out, "{}", item(hazard, links, with_file))?;
    }
    writeln!(out, "\n</details>\n")
}

/// `- [L3](…) · [`rule`](…) · sentence`
fn item(hazard: &Hazard, links: &Links, with_file: bool) -> String {
    let rule = hazard.rule();
    let location = match (hazard.file(), hazard.line()) {
        (Some(file), line) if with_file => {
            let text = match line {
                Some(line) => code(&format!("{file}:{line}")),
                None => code(file),
            };
            linked(text, links.line(file, line))
        }
        (Some(file), Some(line)) => linked(format!("L{line}"), links.line(file, Some(line))),
        _ => String::new(),
    };
    let mut fields = Vec::new();
    if !location.is_empty() {
        fields.push(location);
    }
    fields.push(format!("[{}]({})", code(rule.as_str()), Links::rule(rule)));
    fields.push(text(&hazard.sentence()));
    format!("- {}", fields.join(" · "))
}

fn linked(text: String, url: Option<String>) -> String {
    match url {
        Some(url) => format!("[{text}]({url})"),
        None => text,
    }
}

/// `(order_status.sql:3)`: the file's name without its version, linked
/// to the line.
fn short_location(hazard: &Hazard, links: &Links) -> String {
    let Some(file) = hazard.file() else {
        return String::new();
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let name = match name.split_once('_') {
        Some((version, rest)) if version.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => name,
    };
    let text = match hazard.line() {
        Some(line) => escape(&format!("{name}:{line}")),
        None => escape(name),
    };
    format!("({})", linked(text, links.line(file, hazard.line())))
}

/// A migration by its file name (the path is in the link); other files by
/// their path.
fn file_title(file: &str) -> &str {
    match file.rsplit_once('/') {
        Some((_, name)) if name.ends_with(".sql") => name,
        _ => file,
    }
}

/// The collapsed part of a file: every part of every hazard with its
/// level and full message, the fix, and the failing statement.
fn render_explanations(group: &FileGroup, out: &mut dyn Write) -> io::Result<()> {
    let failure = group
        .migration
        .and_then(|m| m.error.as_ref())
        .filter(|_| group.fails());
    if group.listed.is_empty() && failure.is_none() {
        return Ok(());
    }
    writeln!(out, "<details><summary>Why, and how to fix</summary>\n")?;
    let mut failure_shown = false;
    for hazard in &group.listed {
        let at = hazard
            .line()
            .map(|l| format!("L{l} · "))
            .unwrap_or_default();
        writeln!(out, "**{at}{}**\n", severity_word(hazard.severity))?;
        for part in hazard.parts() {
            writeln!(out, "{}", part_line(part))?;
        }
        if let Some(help) = hazard.help() {
            writeln!(out, "\nFix: {}", text(help))?;
        }
        writeln!(out)?;
        // The failing statement goes with the failure, not after whatever
        // finding happens to come last.
        if let (Some(error), RuleId::MigrationFailed) = (failure, hazard.rule()) {
            render_failure(error, out)?;
            failure_shown = true;
        }
    }
    if let Some(error) = failure.filter(|_| !failure_shown) {
        render_failure(error, out)?;
    }
    writeln!(out, "</details>\n")
}

fn render_failure(error: &MigrationError, out: &mut dyn Write) -> io::Result<()> {
    for (label, detail) in [("Detail", &error.detail), ("Hint", &error.hint)] {
        if let Some(detail) = detail {
            writeln!(out, "{label}: {}\n", escape(detail))?;
        }
    }
    if let Some(statement) = &error.statement {
        writeln!(out, "Failing statement:\n\n{}\n", fenced("sql", statement))?;
    }
    Ok(())
}

fn part_line(part: &Finding) -> String {
    format!(
        "- {} {}: {}",
        code(part.rule.as_str()),
        severity_word(part.severity),
        text(&part.message)
    )
}

/// A severity in words.
pub fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "notice",
    }
}
