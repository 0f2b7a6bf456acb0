//! Shared set-up for the integration tests: one embedded PostgreSQL per test
//! binary, template databases prepared once, and a fresh database per test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use schemagate::commands::check::{check_database, Analysis, CheckOptions};
use schemagate::commands::discover_into;
use schemagate::commands::progress::ProgressDisplay;
use schemagate::config::{Config, Locations};
use schemagate::postgres::{Backend, Binaries, Database, Embedded, Server};
use schemagate::report::{Report, Severity};
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

/// Runs `check` on `dir` against a fresh database of the shared server,
/// the way `schemagate check` does after starting its own server.
pub async fn check(dir: &Path, options: CheckOptions) -> Report {
    let config = Config::load(&Locations {
        project_dir: dir.to_path_buf(),
        migrations: "supabase/migrations".into(),
        config: "schemagate.toml".into(),
        fail_on: None,
    })
    .expect("config loads");
    let mut report = Report::new("check", ".");
    let discovery = discover_into(&config, &mut report).expect("discovery");
    let database = fresh_database(options.supabase_shim).await;
    if let Err(error) = check_database(&database, &config, &discovery, &options, &mut report).await
    {
        report.error = Some(error);
    }
    database.close().await.expect("drop test database");
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
