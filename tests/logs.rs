//! What a run prints when its output goes to files, as in a CI log: no
//! colour codes unless asked for, no server chatter at the default level,
//! each migration once, and never migration SQL in sqlx's slow-statement
//! warnings.

mod common;

use std::fs::File;
use std::path::Path;
use std::process::Command;

use common::{example_migrations, repo, BIN};

/// What one run left: exit code, stdout's file, stderr's file.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with stdout and stderr redirected to files, with none of
/// the variables that change colour or logging unless `envs` sets them.
fn run_to_files(args: &[&str], envs: &[(&str, &str)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let status = Command::new(BIN)
        .args(args)
        .env_remove("SCHEMAGATE_REMOTE_URL")
        .env_remove("SUPABASE_DB_URL")
        .env_remove("SCHEMAGATE_LOG")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("GITHUB_ACTIONS")
        .envs(envs.iter().copied())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .status()
        .expect("run schemagate");
    let read = |path: &Path| std::fs::read_to_string(path).unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: read(&out),
        stderr: read(&err),
    }
}

fn example() -> String {
    repo()
        .join("examples/marketplace")
        .to_string_lossy()
        .into_owned()
}

/// Lines, in either file, naming one of the example's migration files.
/// Lines about a migration file: they start with it or its status; an
/// indented line under one (a finding whose text names a file) is not one.
fn migration_lines(run: &Run) -> Vec<&str> {
    run.stdout
        .lines()
        .chain(run.stderr.lines())
        .filter(|line| !line.starts_with(char::is_whitespace))
        .filter(|line| line.contains("supabase/migrations/") && line.contains(".sql"))
        .collect()
}

const ESC: char = '\x1b';

#[test]
fn the_examples_human_output_in_files_is_plain_quiet_and_lists_each_migration_once() {
    let run = run_to_files(&["check", "--project-dir", &example()], &[]);
    let both = format!("{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.code, 0, "{both}");
    assert!(!both.contains(ESC), "escape codes in a file:\n{both:?}");
    let warnings: Vec<&str> = both.lines().filter(|l| l.contains("WARN")).collect();
    assert!(warnings.is_empty(), "WARN lines: {warnings:#?}");
    let lines = migration_lines(&run);
    assert_eq!(lines.len(), example_migrations(), "{lines:#?}");
    assert!(lines.iter().all(|l| l.starts_with("ok ")), "{lines:#?}");
}

#[test]
fn with_a_json_report_stderr_has_one_line_per_migration() {
    let run = run_to_files(
        &["check", "--project-dir", &example(), "--format", "json"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(report["summary"]["applied"], example_migrations());
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("supabase/migrations/"))
        .collect();
    assert_eq!(lines.len(), example_migrations(), "{}", run.stderr);
    assert!(
        lines.iter().all(|l| l.starts_with("applied ")),
        "{lines:#?}"
    );
    assert!(!run.stderr.contains(ESC), "{:?}", run.stderr);
}

#[test]
fn force_color_and_github_actions_ask_for_colour_where_they_apply() {
    // FORCE_COLOR colours the report even in a file.
    let run = run_to_files(
        &["check", "--project-dir", &example()],
        &[("FORCE_COLOR", "1")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(ESC), "{}", run.stdout);
    // NO_COLOR wins over it.
    let run = run_to_files(
        &["check", "--project-dir", &example()],
        &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")],
    );
    assert!(!run.stdout.contains(ESC), "{:?}", run.stdout);
    // GitHub Actions renders ANSI in its log (stderr), but the report on
    // stdout may be redirected into a file there and stays plain. (At
    // `info` the server's notices are logged, so stderr has lines.)
    let run = run_to_files(
        &["check", "--project-dir", &example()],
        &[("GITHUB_ACTIONS", "true"), ("SCHEMAGATE_LOG", "info")],
    );
    assert!(run.stderr.contains(ESC), "{:?}", run.stderr);
    assert!(!run.stdout.contains(ESC), "{:?}", run.stdout);
    let run = run_to_files(
        &["check", "--project-dir", &example()],
        &[("SCHEMAGATE_LOG", "info")],
    );
    assert!(
        run.stderr.contains(" INFO "),
        "no log lines to judge: {}",
        run.stderr
    );
    assert!(!run.stderr.contains(ESC), "{:?}", run.stderr);
}

#[test]
fn a_slow_migration_is_not_logged_with_its_sql_at_the_default_level() {
    let project =
        common::migrations(&["create table slow_marker_table (id int);\nselect pg_sleep(1.2);\n"]);
    let dir = project.path().to_str().unwrap();
    let run = run_to_files(&["check", "--project-dir", dir], &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(
        !run.stderr.contains("pg_sleep") && !run.stderr.contains("slow statement"),
        "{}",
        run.stderr
    );
    // At debug the slow statement is there for whoever asked.
    let run = run_to_files(
        &["check", "--project-dir", dir],
        &[("SCHEMAGATE_LOG", "sqlx=debug")],
    );
    common::assert_contains(&run.stderr, "slow statement");
}
