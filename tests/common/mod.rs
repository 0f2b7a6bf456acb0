//! Shared set-up for the integration tests: one embedded PostgreSQL per test
//! binary, template databases prepared once, and a fresh database per test.
//!
//! The submodules serve tests that run the binary ([`cli`]), need a local
//! Docker image ([`docker`]), a stand-in for GitHub's API ([`github`]) or
//! a fake PostgreSQL installation for the set-up scripts
//! ([`fake_postgres`]).
#![allow(dead_code)]

pub mod cli;
pub mod docker;
pub mod fake_postgres;
pub mod github;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use schemagate::changes::{ChangeKind, ChangeSet, FileChange};
use schemagate::commands::check::{check_database, Analysis, CheckOptions};
use schemagate::commands::discover_into;
use schemagate::commands::progress::ProgressDisplay;
use schemagate::config::{Config, Locations};
use schemagate::postgres::{Backend, Binaries, Database, Embedded, Server};
use schemagate::report::{ApplyStatus, Finding, MigrationResult, Report, Severity};
use schemagate::throwaway::prepare_database;
use tokio::sync::OnceCell;

const SHIM_TEMPLATE: &str = "sg_template_shim";
const PLAIN_TEMPLATE: &str = "sg_template_plain";

static SERVER: OnceCell<Server> = OnceCell::const_new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_schemagate");

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the directory tree `from` into `to`, creating `to` (the tests'
/// trees hold files and folders, no links).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The shared server, started on first use. It needs PostgreSQL server
/// binaries: without them this fails with the message saying how to
/// install them, never a silent skip.
pub async fn server() -> &'static Server {
    SERVER
        .get_or_init(|| async {
            let binaries = Binaries::find(None, None).unwrap_or_else(|e| panic!("{e}"));
            let server = Embedded::new(binaries)
                .start()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            for (template, shim) in [(SHIM_TEMPLATE, true), (PLAIN_TEMPLATE, false)] {
                let database = server
                    .create_database(template, None)
                    .await
                    .expect("create template");
                prepare_database(&database, shim)
                    .await
                    .expect("prepare template");
            }
            server
        })
        .await
}

/// A fresh database for one test, with or without the Supabase shim.
pub async fn fresh_database(shim: bool) -> Database {
    let server = server().await;
    let name = format!(
        "t_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let template = if shim { SHIM_TEMPLATE } else { PLAIN_TEMPLATE };
    server
        .create_database(&name, Some(template))
        .await
        .expect("create test database")
}

/// A row of `supabase_migrations.schema_migrations`: version, name,
/// statements.
pub type HistoryRow<'a> = (&'a str, Option<&'a str>, Option<&'a [&'a str]>);

/// A database of the shared server standing in for production, its
/// history table holding `rows`; and its URL.
pub async fn remote_with_history(rows: &[HistoryRow<'_>]) -> (Database, String) {
    let database = fresh_database(true).await;
    let mut conn = database.connect_admin().await.unwrap();
    for (version, name, statements) in rows {
        let statements: Option<Vec<String>> =
            statements.map(|s| s.iter().map(|x| x.to_string()).collect());
        sqlx::query("insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)")
            .bind(version)
            .bind(name)
            .bind(statements)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let url = server().await.admin_url(&database.name);
    (database, url)
}

/// A project in a temporary directory: `files` are paths relative to the
/// project (e.g. `supabase/migrations/1_a.sql`) with their contents.
pub fn project(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write");
    }
    dir
}

/// A project of migrations only, named in order `<n>_m<n>.sql` with a
/// 14-digit version.
pub fn migrations(sqls: &[&str]) -> tempfile::TempDir {
    let files: Vec<(String, &[u8])> = sqls
        .iter()
        .enumerate()
        .map(|(i, sql)| {
            (
                format!("supabase/migrations/2026010100{:04}_m{i}.sql", i),
                sql.as_bytes(),
            )
        })
        .collect();
    project_owned(&files)
}

/// [`project`] for a list of files made at run time.
pub fn project_owned(files: &[(String, &[u8])]) -> tempfile::TempDir {
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    project(&refs)
}

/// Options for a library-level check, as `schemagate check` without a
/// change set: nothing is analysed (a `lint-skipped` notice says so).
pub fn options(shim: bool, seed: bool) -> CheckOptions {
    CheckOptions {
        supabase_shim: shim,
        seed,
        progress: ProgressDisplay::Off,
        analysis: Analysis::Changes(None),
        tests: true,
    }
}

/// Options for `schemagate check --all`: every file analysed.
pub fn options_all(shim: bool) -> CheckOptions {
    CheckOptions {
        analysis: Analysis::All,
        ..options(shim, false)
    }
}

/// Options for `check` on a pull request that adds `files` (path, new
/// content) to a base branch holding `base_files`: only those are analysed.
pub fn pull_request_options(files: &[(&str, &[u8])], base_files: &[&str]) -> CheckOptions {
    let files = files
        .iter()
        .map(|(path, content)| FileChange {
            kind: ChangeKind::Added,
            path: path.to_string(),
            old_path: None,
            old_content: None,
            new_content: Some(content.to_vec()),
        })
        .collect();
    CheckOptions {
        analysis: Analysis::Changes(Some(ChangeSet {
            base: "main".into(),
            files,
            base_files: base_files.iter().map(|f| f.to_string()).collect(),
        })),
        ..options(true, false)
    }
}

/// The project in `dir` with the default locations, as the CLI loads it.
pub fn config(dir: &Path) -> Config {
    Config::load(&Locations {
        project_dir: dir.to_path_buf(),
        migrations: "supabase/migrations".into(),
        config: "schemagate.toml".into(),
        fail_on: None,
    })
    .expect("config loads")
}

/// Runs `check` on `dir` against a fresh database of the shared server,
/// the way `schemagate check` does after starting its own server.
pub async fn check(dir: &Path, options: CheckOptions) -> Report {
    let database = fresh_database(options.supabase_shim).await;
    let report = check_in(&database, dir, &options).await;
    database.close().await.expect("drop test database");
    report
}

/// `check` (the shim, no seed) of a project of `files`, see [`project`].
pub async fn check_files(files: &[(&str, &[u8])]) -> Report {
    let dir = project(files);
    check(dir.path(), options(true, false)).await
}

/// `check` (the shim, no seed) of a project of migrations, see [`migrations`].
pub async fn check_migrations(sqls: &[&str]) -> Report {
    let dir = migrations(sqls);
    check(dir.path(), options(true, false)).await
}

/// Runs `check` on `dir` against `database`, which the caller keeps (to
/// look inside, or because it lives on another server). An error of the
/// run is the report's, as in the CLI.
pub async fn check_in(database: &Database, dir: &Path, options: &CheckOptions) -> Report {
    let config = config(dir);
    let mut report = Report::new("check", ".");
    let discovery = discover_into(&config, &mut report).expect("discovery");
    if let Err(error) = check_database(database, &config, &discovery, options, &mut report).await {
        report.error = Some(error);
    }
    report.finish(config.fail_on);
    report
}

/// Runs the binary with `args`, returning (exit code, stdout, stderr).
pub fn run_cli(args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    let output = std::process::Command::new(BIN)
        .args(args)
        .envs(envs.iter().copied())
        .env_remove("SCHEMAGATE_REMOTE_URL")
        .env_remove("SUPABASE_DB_URL")
        .output()
        .expect("run schemagate");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The findings of `rule`.
pub fn of_rule<'a>(report: &'a Report, rule: &str) -> Vec<&'a Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.as_str() == rule)
        .collect()
}

/// The first finding of `rule`; there must be one.
#[track_caller]
pub fn finding<'a>(report: &'a Report, rule: &str) -> &'a Finding {
    report
        .findings
        .iter()
        .find(|f| f.rule.as_str() == rule)
        .unwrap_or_else(|| panic!("no {rule} finding: {:#?}", report.findings))
}

/// The status of each migration (or seed) applied, in order.
pub fn statuses(entries: &[MigrationResult]) -> Vec<ApplyStatus> {
    entries.iter().map(|m| m.status).collect()
}

/// Runs git in `dir` with a fixed identity; it must succeed.
#[track_caller]
pub fn git(dir: &Path, args: &[&str]) {
    let mut git = std::process::Command::new("git");
    git.args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com");
    succeed(&mut git, &format!("git {args:?}"));
}

/// Runs `command` (`what` names it), which must succeed: its output.
#[track_caller]
pub fn succeed(command: &mut std::process::Command, what: &str) -> std::process::Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `text` must hold `part`; the message shows the whole text.
#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} not in:\n{text}");
}

/// `text` must start with `prefix`; the message shows the whole text.
#[track_caller]
pub fn assert_starts_with(text: &str, prefix: &str) {
    assert!(
        text.starts_with(prefix),
        "not starting with {prefix:?}:\n{text}"
    );
}

/// A database of the shared server standing in for a live one, set up by
/// the superuser with `sql`; and its URL.
pub async fn live_database(sql: &str) -> (Database, String) {
    let database = fresh_database(true).await;
    let mut conn = database.connect_admin().await.unwrap();
    sqlx::raw_sql(sql)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let url = server().await.admin_url(&database.name);
    (database, url)
}

/// The first column of each row `sql` returns, as text.
pub async fn strings(conn: &mut sqlx::PgConnection, sql: &str) -> Vec<String> {
    sqlx::query_scalar(sql)
        .fetch_all(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The findings of a report as (rule, severity) pairs.
pub fn rules(report: &Report) -> Vec<(String, Severity)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule.as_str().to_string(), f.severity))
        .collect()
}

/// How many migration files the bundled example holds.
pub fn example_migrations() -> usize {
    std::fs::read_dir(repo().join("examples/marketplace/supabase/migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".sql")
        })
        .count()
}

/// How many `[[verify]]` queries the bundled example declares.
pub fn example_verifications() -> usize {
    std::fs::read_to_string(repo().join("examples/marketplace/schemagate.toml"))
        .unwrap()
        .lines()
        .filter(|line| line.trim() == "[[verify]]")
        .count()
}
