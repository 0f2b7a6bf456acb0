//! The terminal layout of a [`Digest`]: per file its status and its
//! findings (merged, one line each with the fix under it), then the
//! decisions right above the summary line, where a terminal reader looks.

use std::io::{self, Write};

use super::{Style, DIM, GREEN, RED, YELLOW};
use crate::report::digest::{count, Digest, FileGroup};
use crate::report::hazard::Hazard;
use crate::report::{ApplyStatus, Severity};

/// Every migration not shown with findings, one line each (so each is
/// named once), then every shown file with its findings, the findings
/// without a file, and those left in unchanged files.
pub fn render_files(digest: &Digest, out: &mut dyn Write, style: Style) -> io::Result<()> {
    // `lint` applies nothing: its files have no status to list.
    if digest.report.command != "lint" {
        render_quiet_migrations(digest, out, style)?;
    }
    for group in &digest.files {
        let painted = match group.migration.map(|m| m.status) {
            Some(ApplyStatus::Failed) => style.paint(RED, group.file),
            _ => style.paint(super::BOLD, group.file),
        };
        writeln!(out, "{painted}: {}", group.status())?;
        render_group(group, out, style, false)?;
    }
    if !digest.general.is_empty() {
        writeln!(out, "{}:", style.paint(super::BOLD, "other findings"))?;
        render_group(&digest.general, out, style, false)?;
    }
    if !digest.elsewhere.is_empty() {
        writeln!(
            out,
            "{}:",
            count(
                digest.elsewhere.len(),
                "finding in unchanged files",
                "findings in unchanged files"
            )
        )?;
        for hazard in &digest.elsewhere {
            line(hazard, out, style, true)?;
        }
    }
    Ok(())
}

fn render_quiet_migrations(digest: &Digest, out: &mut dyn Write, style: Style) -> io::Result<()> {
    let report = digest.report;
    for migration in report.migrations.iter().chain(&report.seeds) {
        if digest.files.iter().any(|g| g.file == migration.file) {
            continue;
        }
        let mark = match migration.status {
            ApplyStatus::Applied => style.paint(GREEN, "ok  "),
            ApplyStatus::Failed => style.paint(RED, "FAIL"),
            ApplyStatus::NotRun => style.paint(DIM, "skip"),
        };
        writeln!(
            out,
            "{mark} {} {}",
            migration.file,
            style.paint(DIM, &format!("({} ms)", migration.duration_ms))
        )?;
    }
    Ok(())
}

fn render_group(
    group: &FileGroup,
    out: &mut dyn Write,
    style: Style,
    with_file: bool,
) -> io::Result<()> {
    if let Some(error) = group.unreported_error() {
        let at = error
            .line
            .map(|l| format!("{l}:{} ", error.column.unwrap_or(1)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {at}{} {} {}",
            style.paint(RED, "error  "),
            style.paint(DIM, "[migration-failed]"),
            error.message_with_code()
        )?;
    }
    for hazard in group.listed.iter().chain(&group.notices) {
        line(hazard, out, style, with_file)?;
        if hazard.severity > Severity::Notice {
            if let Some(help) = hazard.help() {
                writeln!(out, "      {} {help}", style.paint(DIM, "fix:"))?;
            }
        }
    }
    if let Some(error) = group
        .migration
        .and_then(|m| m.error.as_ref())
        .filter(|_| group.fails())
    {
        for (label, text) in [("detail", &error.detail), ("hint", &error.hint)] {
            if let Some(text) = text {
                writeln!(
                    out,
                    "      {} {text}",
                    style.paint(DIM, &format!("{label}:"))
                )?;
            }
        }
    }
    Ok(())
}

/// `  3:1  warning  rule  sentence`
fn line(hazard: &Hazard, out: &mut dyn Write, style: Style, with_file: bool) -> io::Result<()> {
    let label = match hazard.severity {
        Severity::Error => style.paint(RED, "error  "),
        Severity::Warning => style.paint(YELLOW, "warning"),
        Severity::Notice => style.paint(DIM, "notice "),
    };
    let at = match (with_file.then_some(hazard.file()).flatten(), hazard.line()) {
        (Some(file), Some(line)) => format!("{file}:{line}"),
        (Some(file), None) => file.to_string(),
        (None, Some(line)) => format!("{line}:{}", hazard.lead.column.unwrap_or(1)),
        (None, None) => String::new(),
    };
    let at = if at.is_empty() {
        String::new()
    } else {
        format!("{at} ")
    };
    writeln!(
        out,
        "  {at}{label} {} {}",
        style.paint(DIM, &format!("[{}]", hazard.rule())),
        hazard.sentence()
    )
}

/// The decisions, right above the summary line.
pub fn render_decisions(digest: &Digest, out: &mut dyn Write, style: Style) -> io::Result<()> {
    if digest.decisions.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", style.paint(super::BOLD, "Needs a decision:"))?;
    for decision in &digest.decisions {
        let hazard = &decision.hazard;
        let at = match (hazard.file(), hazard.line()) {
            (Some(file), Some(line)) => format!(" ({}:{line})", short(file)),
            (Some(file), None) => format!(" ({})", short(file)),
            _ => String::new(),
        };
        let alike = decision.alike_suffix();
        writeln!(
            out,
            "  - {}: {}{at}{alike}",
            decision.concern.label(),
            hazard.summary()
        )?;
    }
    if let Some(rest) = digest.unlisted_decisions("above") {
        writeln!(out, "  - {rest}")?;
    }
    Ok(())
}

fn short(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}
