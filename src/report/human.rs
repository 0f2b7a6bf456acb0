//! The terminal renderer: a short, scannable summary for people.

use std::io::{self, IsTerminal, Write};

use super::{
    rows_as_text, AlignmentStatus, ApplyStatus, DifferenceKind, Report, Severity, Status,
    VerificationStatus,
};

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

/// Writes the report for a terminal.
pub fn render(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    if let Some(error) = &report.error {
        writeln!(out, "{} {}", style.paint(RED, "error:"), error.message)?;
    }
    // `lint` applies nothing: its file list is only a count.
    if report.command != "lint" {
        render_migrations(report, out, style)?;
    }
    render_drift(report, out, style)?;
    render_history(report, out, style)?;
    render_reconcile(report, out)?;
    render_verifications(report, out, style)?;
    render_findings(report, out, style)?;
    for note in &report.notes {
        writeln!(out, "{note}")?;
    }
    render_summary(report, out, style)
}

fn render_migrations(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    for migration in &report.migrations {
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
        if let Some(error) = &migration.error {
            let position = match (error.line, error.column) {
                (Some(line), Some(column)) => format!("{}:{line}:{column}: ", migration.file),
                (Some(line), None) => format!("{}:{line}: ", migration.file),
                _ => String::new(),
            };
            let code = error
                .sqlstate
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            writeln!(out, "     {position}{}{code}", error.message)?;
            for (label, text) in [("detail", &error.detail), ("hint", &error.hint)] {
                if let Some(text) = text {
                    writeln!(out, "     {label}: {text}")?;
                }
            }
        }
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

fn render_findings(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    for finding in &report.findings {
        let label = match finding.severity {
            Severity::Error => style.paint(RED, "error"),
            Severity::Warning => style.paint(YELLOW, "warning"),
            Severity::Notice => style.paint(DIM, "notice"),
        };
        let location = match (&finding.file, finding.line) {
            (Some(file), Some(line)) => format!(" {file}:{line}:{}", finding.column.unwrap_or(1)),
            (Some(file), None) => format!(" {file}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{label}[{}]{location}: {}",
            finding.rule, finding.message
        )?;
        if let Some(help) = &finding.help {
            writeln!(out, "     help: {help}")?;
        }
    }
    Ok(())
}

fn render_summary(report: &Report, out: &mut dyn Write, style: Style) -> io::Result<()> {
    let s = &report.summary;
    let headline = match report.status {
        Status::Pass => style.paint(GREEN, "PASS"),
        Status::Fail => style.paint(RED, "FAIL"),
        Status::Error => style.paint(RED, "ERROR"),
    };
    if report.command == "lint" {
        return writeln!(
            out,
            "{} {}: {} files linted; {} errors, {} warnings, {} notices ({} ms)",
            style.paint(BOLD, "schemagate"),
            headline,
            s.migrations,
            s.errors,
            s.warnings,
            s.notices,
            report.duration_ms
        );
    }
    writeln!(
        out,
        "{} {}: {} of {} migrations applied, {} failed, {} not run; verifications {} passed, {} failed; {} errors, {} warnings, {} notices ({} ms)",
        style.paint(BOLD, "schemagate"),
        headline,
        s.applied,
        s.migrations,
        s.failed,
        s.not_run,
        s.verifications_passed,
        s.verifications_failed,
        s.errors,
        s.warnings,
        s.notices,
        report.duration_ms
    )
}
