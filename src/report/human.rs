//! The terminal renderer: a short, scannable summary for people.

use std::io::{self, IsTerminal, Write};

use super::digest::Digest;
use super::{
    rows_as_text, AlignmentStatus, DifferenceKind, Report, Status, TestStatus, VerificationStatus,
};

mod files;

/// Whether to use ANSI colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Plain text.
    Plain,
    /// ANSI colours.
    Color,
}

impl Style {
    /// For the report on stdout: see [`Style::for_stream`]. GitHub Actions
    /// alone does not colour it: a step may redirect it into a file.
    pub fn detect() -> Self {
        Style::for_stream(io::stdout().is_terminal(), false)
    }

    /// The colour policy for one output stream. `NO_COLOR` (set, not empty)
    /// always wins; then `FORCE_COLOR` (set, not empty, not `0`/`false`)
    /// asks for colour; then a terminal gets it; then, for a log stream,
    /// GitHub Actions (`GITHUB_ACTIONS=true`), whose log renders ANSI. Plain
    /// files and pipes get none.
    pub fn for_stream(is_terminal: bool, is_actions_log: bool) -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if var("NO_COLOR").is_some() {
            return Style::Plain;
        }
        let forced = var("FORCE_COLOR").is_some_and(|v| v != "0" && v != "false");
        let actions = is_actions_log && var("GITHUB_ACTIONS").is_some_and(|v| v == "true");
        if forced || is_terminal || actions {
            Style::Color
        } else {
            Style::Plain
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        match self {
            Style::Plain => text.to_string(),
            Style::Color => format!("\x1b[{code}m{text}\x1b[0m"),
        }
    }
}

const RED: &str = "31";
const GREEN: &str = "32";
const YELLOW: &str = "33";
const DIM: &str = "2";
const BOLD: &str = "1";

/// Writes the report for a terminal: per file its status and findings
/// (merged), then drift, history, verifications, the decisions and the
/// summary line.
pub fn render(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    let digest = Digest::of(report);
    if let Some(error) = &report.error {
        writeln!(out, "{} {}", style.paint(RED, "error:"), error.message)?;
    }
    files::render_files(&digest, out, style)?;
    render_drift(report, out, style)?;
    render_history(report, out, style)?;
    render_reconcile(report, out)?;
    render_verifications(report, out, style)?;
    render_tests(report, out, style)?;
    for note in &report.notes {
        writeln!(out, "{note}")?;
    }
    files::render_decisions(&digest, out, style)?;
    if digest.has_summary() {
        render_summary(&digest, out, style)?;
    }
    Ok(())
}

fn render_drift(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    let Some(drift) = &report.drift else {
        return Ok(());
    };
    let c = &drift.counts;
    writeln!(
        out,
        "Schema drift against {}: {} missing on remote, {} extra on remote, {} different (schemas: {})",
        drift.source,
        c.missing_on_remote,
        c.extra_on_remote,
        c.different,
        drift.schemas.join(", ")
    )?;
    for difference in &report.differences {
        let (word, color) = match difference.kind {
            DifferenceKind::MissingOnRemote => ("missing", RED),
            DifferenceKind::ExtraOnRemote => ("extra", YELLOW),
            DifferenceKind::Different => ("different", YELLOW),
        };
        let pad = " ".repeat(10usize.saturating_sub(word.len()));
        let includes = match difference.includes.len() {
            0 => String::new(),
            1 => style.paint(DIM, " (and 1 object of it)"),
            n => style.paint(DIM, &format!(" (and {n} objects of it)")),
        };
        writeln!(
            out,
            "  {}{pad}{:<18} {}{includes}",
            style.paint(color, word),
            difference.object_type,
            difference.identity
        )?;
        if let (Some(expected), Some(actual)) = (&difference.expected, &difference.actual) {
            let empty = serde_json::Map::new();
            let (expected, actual) = (
                expected.as_object().unwrap_or(&empty),
                actual.as_object().unwrap_or(&empty),
            );
            let keys: std::collections::BTreeSet<&String> =
                expected.keys().chain(actual.keys()).collect();
            for key in keys
                .into_iter()
                .filter(|k| expected.get(*k) != actual.get(*k))
            {
                let show = |v: Option<&serde_json::Value>| {
                    v.map_or("(none)".to_string(), |v| match v {
                        serde_json::Value::String(s) => s.replace('\n', "\n            "),
                        other => other.to_string(),
                    })
                };
                writeln!(out, "      {key}:")?;
                writeln!(out, "        expected {}", show(expected.get(key)))?;
                writeln!(out, "        actual   {}", show(actual.get(key)))?;
            }
        }
    }
    for file in &drift.files {
        writeln!(
            out,
            "wrote {file} (review it before adding it to the migrations)"
        )?;
    }
    Ok(())
}

fn render_history(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    let Some(history) = &report.history else {
        return Ok(());
    };
    writeln!(out, "Migration history against {}:", history.source)?;
    writeln!(
        out,
        "  {:<16} {:<16} {:<16} FILE",
        "LOCAL", "REMOTE", "STATUS"
    )?;
    for row in &history.rows {
        let (local, remote) = row.columns();
        let status = row.status.as_str();
        let painted = match row.status {
            AlignmentStatus::Applied | AlignmentStatus::Placeholder => style.paint(GREEN, status),
            AlignmentStatus::Pending | AlignmentStatus::ContentUnknown => {
                style.paint(YELLOW, status)
            }
            AlignmentStatus::RemoteOnly | AlignmentStatus::Edited => style.paint(RED, status),
        };
        let pad = " ".repeat(16usize.saturating_sub(status.len()));
        writeln!(
            out,
            "  {local:<16} {remote:<16} {painted}{pad} {}",
            row.local.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}

fn render_reconcile(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(plan) = &report.reconcile else {
        return Ok(());
    };
    if plan.placeholders.is_empty() && plan.repairs.is_empty() {
        writeln!(
            out,
            "Nothing to reconcile: every remote version has a file."
        )?;
    }
    for placeholder in &plan.placeholders {
        let verb = if placeholder.written {
            "wrote"
        } else {
            "would write"
        };
        writeln!(
            out,
            "{verb} {} (placeholder for remote-only {})",
            placeholder.file, placeholder.version
        )?;
    }
    for repair in &plan.repairs {
        let verb = if plan.repaired {
            "repaired"
        } else {
            "would repair"
        };
        writeln!(out, "{verb} {} as {}", repair.version, repair.status)?;
    }
    if !plan.backup.is_empty() {
        writeln!(
            out,
            "Backup of the affected history rows before the repair:"
        )?;
        for row in &plan.backup {
            writeln!(out, "  {}", serde_json::to_string(row).unwrap_or_default())?;
        }
    }
    if !plan.placeholders.is_empty() && plan.placeholders.iter().all(|p| !p.written) {
        writeln!(out, "(dry run: add --write to write the placeholder files)")?;
    }
    Ok(())
}

/// One line per pgTAP test file: passed, failed, planned.
fn render_tests(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    let Some(tests) = &report.tests else {
        return Ok(());
    };
    for file in &tests.files {
        let mark = match file.status {
            TestStatus::Passed => style.paint(GREEN, "pass"),
            TestStatus::Failed => style.paint(RED, "FAIL"),
            TestStatus::PlanMismatch => style.paint(RED, "PLAN"),
            TestStatus::Died => style.paint(RED, "DIED"),
        };
        let planned = file
            .planned
            .map_or("no plan".to_string(), |p| format!("{p} planned"));
        writeln!(
            out,
            "{mark} test: {} ({} passed, {} failed, {planned})",
            file.file, file.passed, file.failed
        )?;
    }
    Ok(())
}

fn render_verifications(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    for verification in &report.verifications {
        let mark = match verification.status {
            VerificationStatus::Pass => style.paint(GREEN, "pass"),
            VerificationStatus::Fail => style.paint(RED, "FAIL"),
            VerificationStatus::Error => style.paint(RED, "ERR "),
            VerificationStatus::NotRun => style.paint(DIM, "skip"),
        };
        writeln!(out, "{mark} verify: {}", verification.name)?;
        match verification.status {
            VerificationStatus::Fail => {
                writeln!(out, "     expected {}", verification.expected)?;
                let actual = verification.actual.as_deref().unwrap_or_default();
                writeln!(out, "     actual   {}", rows_as_text(actual))?;
            }
            VerificationStatus::Error => {
                writeln!(
                    out,
                    "     {}",
                    verification.error.as_deref().unwrap_or("query failed")
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn render_summary(digest: &Digest, out: &mut dyn Write, style: Style) -> io::Result<()> {
    let report = digest.report;
    let headline = match report.status {
        Status::Pass => style.paint(GREEN, "PASS"),
        Status::Fail => style.paint(RED, "FAIL"),
        Status::Error => style.paint(RED, "ERROR"),
    };
    let mut counts = digest.counts();
    counts.push(format!("{} ms", report.duration_ms));
    writeln!(
        out,
        "{} {} {headline}: {}",
        style.paint(BOLD, "schemagate"),
        report.command,
        counts.join(" · ")
    )
}
