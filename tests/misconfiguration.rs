//! A misconfigured gate is never green (issue 11, items 6 and 12): paths
//! that do not exist, flags that cannot work and impossible timeouts are
//! usage errors (exit 2) naming what is wrong, with the report still
//! written; errors show no crate internals; PL/pgSQL runtime errors point
//! at the body line. The real binary, a real PostgreSQL.

mod common;

use common::cli::run_on;
use common::{project, run_cli};
use serde_json::Value;

/// Runs `args` with `--output` to a file in `dir`; returns the exit code,
/// stderr and the report written (which must exist on every path).
fn run_reported(dir: &std::path::Path, args: &[&str]) -> (i32, String, Value) {
    let output = dir.join("out/report.json");
    let _ = std::fs::remove_file(&output);
    let output_arg = output.display().to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--output", &output_arg]);
    let (code, stdout, stderr) = run_cli(&all, &[]);
    // Human output carries the error on stdout, other formats on stderr.
    let stderr = format!("{stdout}{stderr}");
    let written = std::fs::read_to_string(&output)
        .unwrap_or_else(|e| panic!("no report written for {args:?}: {e}; stderr: {stderr}"));
    (code, stderr, serde_json::from_str(&written).unwrap())
}

/// `args` must be a usage error (exit 2) whose message, in the report and
/// on the output, `names` what is wrong; returns what was said and the
/// report's message.
#[track_caller]
fn assert_usage_error(dir: &std::path::Path, args: &[&str], names: &str) -> (String, String) {
    let (code, stderr, report) = run_reported(dir, args);
    assert_eq!(code, 2, "{args:?}: {stderr}\n{report:#}");
    assert_eq!(report["status"], "error");
    let message = report["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(names),
        "{args:?}: {message:?} should name {names:?}"
    );
    assert!(
        stderr.contains(names),
        "{args:?}: stderr {stderr:?} should name {names:?}"
    );
    (stderr, message.to_string())
}

#[test]
fn paths_that_do_not_exist_are_usage_errors_naming_them() {
    let dir = project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    let root = dir.path().display().to_string();
    let missing = dir.path().join("no-such-project").display().to_string();
    for command in ["check", "lint"] {
        for (flags, names) in [
            (["--project-dir", &missing].as_slice(), "no-such-project"),
            (
                &["--project-dir", &root, "--migrations", "supabase/migration"],
                "supabase/migration",
            ),
            (
                &[
                    "--project-dir",
                    &root,
                    "--migrations",
                    "supabase/migrations/20260101000000_a.sql",
                ],
                "20260101000000_a.sql",
            ),
            (
                &["--project-dir", &root, "--config", "schemagate.tmol"],
                "schemagate.tmol",
            ),
        ] {
            let args = [&[command], flags].concat();
            assert_usage_error(dir.path(), &args, names);
        }
    }
}

#[test]
fn a_project_without_migrations_passes_only_with_a_notice() {
    let dir = project(&[("supabase/config.toml", b"project_id = \"x\"\n")]);
    std::fs::create_dir_all(dir.path().join("supabase/migrations")).unwrap();
    let root = dir.path().display().to_string();
    let (code, _, report) = run_reported(dir.path(), &["check", "--project-dir", &root]);
    assert_eq!(code, 0, "{report:#}");
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"no-migrations"), "{rules:?}");
    assert_eq!(report["status"], "pass");

    // No `supabase/` at all: the project directory is wrong.
    let empty = tempfile::tempdir().unwrap();
    let root = empty.path().display().to_string();
    assert_usage_error(
        dir.path(),
        &["check", "--project-dir", &root],
        "supabase/migrations",
    );
}

#[test]
fn bad_server_flags_are_usage_errors_not_infrastructure() {
    let dir = project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    let root = dir.path().display().to_string();
    for (database_url, names) in [
        (None, "--database-url"),
        (
            Some("postgresql://admin:hunter2-secret@db:notaport/x"),
            "--database-url",
        ),
        (Some("mysql://root@localhost/db"), "not a PostgreSQL URL"),
    ] {
        let mut args = vec!["check", "--project-dir", &root, "--postgres", "url"];
        args.extend(
            database_url
                .map(|url| ["--database-url", url])
                .iter()
                .flatten(),
        );
        let (said, message) = assert_usage_error(dir.path(), &args, names);
        assert!(!message.contains("hunter2-secret") && !said.contains("hunter2-secret"));
    }
}

#[test]
fn impossible_timeouts_are_config_errors_naming_the_key() {
    for (setting, key) in [
        ("file_timeout = \"0s\"", "apply.file_timeout"),
        ("statement_timeout = \"900us\"", "apply.statement_timeout"),
        ("lock_timeout = \"30days\"", "apply.lock_timeout"),
    ] {
        let config = format!("[apply]\n{setting}\n");
        let dir = project(&[
            ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
            ("schemagate.toml", config.as_bytes()),
        ]);
        let root = dir.path().display().to_string();
        assert_usage_error(dir.path(), &["check", "--project-dir", &root], key);
    }
}

#[test]
fn plpgsql_runtime_errors_point_at_the_body_line() {
    let sql = b"create function public.explode() returns void language plpgsql as $fn$\nbegin\n  perform 1;\n  raise exception 'boom in function';\nend\n$fn$;\n\ndo $$\nbegin\n  perform 1;\n  perform public.explode();\nend\n$$;\n";
    let do_sql = b"do $$\ndeclare\n  n int;\nbegin\n  n := 1 / 0;\nend\n$$;\n";
    for (file, expected_line) in [(&sql[..], 4), (&do_sql[..], 5)] {
        let dir = project(&[("supabase/migrations/20260101000000_a.sql", file)]);
        let (code, stdout, stderr) = run_on("check", dir.path(), &["--format", "json"], &[]);
        assert_eq!(code, 1, "{stderr}");
        let report: Value = serde_json::from_str(&stdout).unwrap();
        let error = &report["migrations"][0]["error"];
        assert_eq!(error["line"], expected_line, "{error:#}");
    }
}

#[test]
fn errors_show_no_crate_internals() {
    // NOTIFY inside a migration makes the server send a message sqlx does
    // not expect on that path; whatever the outcome, no source location of
    // a crate may reach the user.
    let dir = project(&[(
        "supabase/migrations/20260101000000_a.sql",
        b"listen ch; notify ch, 'hi';\n",
    )]);
    let (_, stdout, stderr) = run_on("check", dir.path(), &["--format", "json"], &[]);
    let internals = regex_like_crate_location();
    for text in [&stdout, &stderr] {
        assert!(!internals(text), "crate internals shown: {text}");
    }
}

/// Whether `text` holds `(some_crate::module:123)`.
fn regex_like_crate_location() -> impl Fn(&str) -> bool {
    |text: &str| {
        text.match_indices('(').any(|(i, _)| {
            let rest = &text[i + 1..];
            let Some(end) = rest.find(')') else {
                return false;
            };
            let inner = &rest[..end];
            inner.contains("::")
                && inner
                    .rsplit_once(':')
                    .is_some_and(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                && inner.starts_with(|c: char| c.is_ascii_lowercase())
        })
    }
}
