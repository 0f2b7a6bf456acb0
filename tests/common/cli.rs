//! Running the binary as a user does (`schemagate <command> --project-dir
//! <dir> …`), from sync or async tests, and reading the JSON report it
//! printed or wrote.

use std::path::Path;

use serde_json::Value;

use super::run_cli;

/// `schemagate <command> --project-dir <dir> <flags>` with `envs` set:
/// (exit code, stdout, stderr).
pub fn run_on(
    command: &str,
    dir: &Path,
    flags: &[&str],
    envs: &[(&str, &str)],
) -> (i32, String, String) {
    run_cli(&on_project(command, dir, flags), envs)
}

/// `<command> --project-dir <dir> <flags>`.
fn on_project<'a>(command: &'a str, dir: &'a Path, flags: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        command,
        "--project-dir",
        dir.to_str().expect("a UTF-8 path"),
    ];
    args.extend_from_slice(flags);
    args
}

/// [`run_cli`] for async tests: on a blocking thread, so that the runtime
/// keeps serving the shared server meanwhile.
pub async fn run_cli_async(args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let (args, envs) = (owned(args), owned_pairs(envs));
    tokio::task::spawn_blocking(move || run_cli(&borrowed(&args), &borrowed_pairs(&envs)))
        .await
        .expect("the run's thread")
}

/// [`run_on`] for async tests.
pub async fn run_on_async(
    command: &str,
    dir: &Path,
    flags: &[&str],
    envs: &[(&str, &str)],
) -> (i32, String, String) {
    run_cli_async(&on_project(command, dir, flags), envs).await
}

/// What a run that wrote its report gave: exit code, the report, and
/// what it printed.
pub struct Reported {
    pub code: i32,
    pub report: Value,
    pub stdout: String,
    pub stderr: String,
}

impl Reported {
    /// stdout then stderr, for messages and for text that may be on either.
    pub fn said(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// [`run_on`] with `--output <dir>/report.json`; the report must be written.
pub fn run_reported(command: &str, dir: &Path, flags: &[&str], envs: &[(&str, &str)]) -> Reported {
    let output = dir.join("report.json");
    let output_arg = output.to_str().expect("a UTF-8 path");
    let mut all = flags.to_vec();
    all.extend(["--output", output_arg]);
    let (code, stdout, stderr) = run_on(command, dir, &all, envs);
    let text = std::fs::read_to_string(&output)
        .unwrap_or_else(|e| panic!("no report at {}: {e}\n{stdout}{stderr}", output.display()));
    let report = serde_json::from_str(&text).expect("the report is JSON");
    Reported {
        code,
        report,
        stdout,
        stderr,
    }
}

/// [`run_reported`] for async tests.
pub async fn run_reported_async(
    command: &str,
    dir: &Path,
    flags: &[&str],
    envs: &[(&str, &str)],
) -> Reported {
    let (command, dir) = (command.to_string(), dir.to_path_buf());
    let (flags, envs) = (owned(flags), owned_pairs(envs));
    tokio::task::spawn_blocking(move || {
        run_reported(&command, &dir, &borrowed(&flags), &borrowed_pairs(&envs))
    })
    .await
    .expect("the run's thread")
}

/// The JSON report written at `path`.
#[track_caller]
pub fn read_report(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("no report at {}: {e}", path.display()));
    serde_json::from_str(&text).expect("the report is JSON")
}

/// The JSON report a run printed on stdout (`--format json`); what it said
/// on stderr shows when stdout is not one.
#[track_caller]
pub fn printed_report(stdout: &str, stderr: &str) -> Value {
    serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("stdout is not a JSON report ({e}):\n{stdout}\n{stderr}"))
}

/// A JSON report's findings.
#[track_caller]
pub fn findings(report: &Value) -> &[Value] {
    report["findings"].as_array().expect("findings")
}

/// A JSON report's findings as (rule, severity) pairs.
pub fn rules(report: &Value) -> Vec<(String, String)> {
    pairs(findings(report), "rule", "severity")
}

/// Whether a JSON report holds a finding of `rule` at `severity`.
pub fn has(report: &Value, rule: &str, severity: &str) -> bool {
    rules(report).contains(&(rule.to_string(), severity.to_string()))
}

/// A JSON report's findings of `rule`.
pub fn of_rule<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    findings(report)
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// Whether a JSON report holds a finding of `rule` whose message says `text`.
pub fn says(report: &Value, rule: &str, text: &str) -> bool {
    of_rule(report, rule)
        .iter()
        .any(|f| message(f).contains(text))
}

/// A JSON finding's message.
#[track_caller]
pub fn message(finding: &Value) -> &str {
    finding["message"].as_str().expect("a message")
}

/// A JSON report's first finding of `rule`; there must be one.
#[track_caller]
pub fn finding<'a>(report: &'a Value, rule: &str) -> &'a Value {
    findings(report)
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} finding in {report:#}"))
}

/// The remote-history alignment of a JSON report, as (version, status) pairs.
pub fn history_statuses(report: &Value) -> Vec<(String, String)> {
    let rows = report["history"]["rows"].as_array().expect("history rows");
    pairs(rows, "version", "status")
}

/// The string fields `first` and `second` of each entry.
#[track_caller]
pub fn pairs(entries: &[Value], first: &str, second: &str) -> Vec<(String, String)> {
    let text = |entry: &Value, key: &str| {
        entry[key]
            .as_str()
            .unwrap_or_else(|| panic!("no {key} in {entry}"))
            .to_string()
    };
    entries
        .iter()
        .map(|entry| (text(entry, first), text(entry, second)))
        .collect()
}

/// Owned pairs of strings, to send to a thread.
pub fn owned_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The borrowed form of [`owned_pairs`].
pub fn borrowed_pairs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn owned(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

fn borrowed(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}
