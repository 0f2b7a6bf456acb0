//! GitHub workflow-command annotations: one `::error file=…,line=…::…` line
//! per finding, so findings show on the pull request's changed lines.
//!
//! GitHub shows only 10 annotations of each level per step, so the most
//! severe come first and the caller is told how many were left out.

use std::io::{self, Write};

use super::{Finding, Report, Severity};

/// Annotations GitHub displays per level and step.
pub const PER_LEVEL: usize = 10;

/// Writes the annotations; returns how many findings did not get one
/// because their level was full.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<usize> {
    let mut omitted = 0;
    for severity in [Severity::Error, Severity::Warning, Severity::Notice] {
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .collect();
        for finding in findings.iter().take(PER_LEVEL) {
            writeln!(out, "{}", command(finding))?;
        }
        omitted += findings.len().saturating_sub(PER_LEVEL);
    }
    Ok(omitted)
}

/// The workflow command for one finding.
pub fn command(finding: &Finding) -> String {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "notice",
    };
    let mut properties = Vec::new();
    if let Some(file) = &finding.file {
        properties.push(format!("file={}", escape_property(file)));
        if let Some(line) = finding.line {
            properties.push(format!("line={line}"));
        }
        if let Some(column) = finding.column {
            properties.push(format!("col={column}"));
        }
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("schemagate {}", finding.rule))
    ));
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{level} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a command's message, as GitHub's toolkit does.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property: also `:` and `,`, which delimit properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::RuleId;

    #[test]
    fn tricky_messages_and_paths_are_escaped_exactly() {
        let finding = Finding::new(
            RuleId::MigrationFailed,
            Severity::Error,
            "100% broken:\r\nsyntax error at or near \"selec\", line 2",
        )
        .in_file("supabase/migrations/2026_a,b:c%d.sql")
        .at(7, 8)
        .with_help("fix it");
        assert_eq!(
            command(&finding),
            "::error file=supabase/migrations/2026_a%2Cb%3Ac%25d.sql,line=7,col=8,title=schemagate migration-failed::100%25 broken:%0D%0Asyntax error at or near \"selec\", line 2%0Ahelp: fix it"
        );
    }

    #[test]
    fn findings_without_a_file_still_get_a_title() {
        let finding = Finding::new(
            RuleId::RemoteOnly,
            Severity::Warning,
            "remote has 2 versions",
        );
        assert_eq!(
            command(&finding),
            "::warning title=schemagate remote-only::remote has 2 versions"
        );
    }

    #[test]
    fn at_most_ten_per_level_most_severe_first() {
        let mut report = Report::new("check", ".");
        for i in 0..12 {
            report.findings.push(Finding::new(
                RuleId::VersionWidth,
                Severity::Warning,
                format!("w{i}"),
            ));
        }
        report
            .findings
            .push(Finding::new(RuleId::InvalidName, Severity::Error, "e"));
        report.finish(Severity::Error);
        let mut out = Vec::new();
        let omitted = render(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(omitted, 2);
        assert_eq!(text.lines().count(), 11);
        assert!(text.starts_with("::error "));
    }
}
