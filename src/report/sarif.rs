//! SARIF 2.1.0, for GitHub code scanning (`upload-sarif`): every finding
//! with a file becomes a result on its line.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::{Report, RuleId, Severity};

/// Writes the report as a SARIF log.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(report))?;
    writeln!(out)
}

/// The SARIF log for a report.
pub fn log(report: &Report) -> Value {
    let rules: Vec<Value> = RuleId::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.as_str(),
                "shortDescription": { "text": rule.description() },
                "helpUri": super::links::Links::rule(*rule),
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let level = match finding.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Notice => "note",
            };
            let mut text = finding.message.clone();
            if let Some(help) = &finding.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            let mut result = json!({
                "ruleId": finding.rule.as_str(),
                "ruleIndex": RuleId::ALL.iter().position(|r| *r == finding.rule),
                "level": level,
                "message": { "text": text },
            });
            if let Some(file) = &finding.file {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": file },
                        "region": {
                            "startLine": finding.line.unwrap_or(1),
                            "startColumn": finding.column.unwrap_or(1),
                        }
                    }
                }]);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "schemagate",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/schemagate/schemagate",
                "rules": rules,
            }},
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Finding;

    #[test]
    fn findings_become_results_on_their_lines() {
        let mut report = Report::new("check", ".");
        report.findings.push(
            Finding::new(RuleId::MigrationFailed, Severity::Error, "boom")
                .in_file("supabase/migrations/1_a.sql")
                .at(7, 8),
        );
        report
            .findings
            .push(Finding::new(RuleId::Pending, Severity::Notice, "later"));
        let log = log(&report);
        let results = &log["runs"][0]["results"];
        assert_eq!(results[0]["ruleId"], "migration-failed");
        assert_eq!(results[0]["level"], "error");
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            7
        );
        assert_eq!(results[1]["level"], "note");
        assert!(results[1].get("locations").is_none());
        let rule_index = results[0]["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            log["runs"][0]["tool"]["driver"]["rules"][rule_index]["id"],
            "migration-failed"
        );
    }
}
