//! The project's pgTAP tests (`supabase/tests/**/*.sql`), run after the
//! migrations and seeds the way `supabase test db` runs them.
//!
//! The CLI runs `pg_prove` over the directory: each file in its own `psql`
//! session, statements sent one by one (autocommit unless the file opens
//! a transaction), stopping at the first error. We do the same, one
//! connection per file as the migration role, and roll back whatever the
//! file leaves open, so a test's `begin; ... rollback;` isolates it as it
//! does under the CLI, and set-up a file commits outside a transaction
//! (a vendored `tests.create_supabase_user`) reaches the files after it,
//! as it does under the CLI. pgtap is installed into `extensions` for the
//! run when the project did not install it, as the CLI does.

pub mod tap;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sqlx::postgres::{PgDatabaseError, PgRow};
use sqlx::{Column, Connection, PgConnection, Row, TypeInfo, ValueRef};

use crate::config::Config;
use crate::migrations::{not_read_finding, Migration, Source};
use crate::postgres::{BackendError, Database};
use crate::report::{
    Finding, Report, RuleId, RunError, Severity, TestFileResult, TestRun, TestStatus,
};
use crate::run_error::{infrastructure, usage};
use crate::shim::extension_ddl_as_sent;

use tap::Tap;

/// The extensions the CLI looks test files up by (`pg_prove --ext`).
const EXTENSIONS: &[&str] = &["sql", "pg"];

/// Runs `supabase/tests`' pgTAP files, if there are any, into the report:
/// one summary line per file, failures as findings, and an error finding
/// when the server has no pgtap.
pub async fn run_into(
    database: &Database,
    config: &Config,
    report: &mut Report,
) -> Result<(), RunError> {
    let dir = config.project_dir.join("supabase/tests");
    let paths =
        discover(&dir).map_err(|e| usage(format!("cannot read {}: {e}", config.relative(&dir))))?;
    if paths.is_empty() {
        return Ok(());
    }
    let started = Instant::now();
    if !ensure_pgtap(database).await.map_err(infrastructure)? {
        let server = report
            .server
            .as_ref()
            .map(|s| format!("{} {}", s.backend, s.version))
            .unwrap_or_else(|| "this server".to_string());
        report
            .findings
            .push(unavailable(paths.len(), &server).in_file(config.relative(&dir)));
        return Ok(());
    }
    let mut run = TestRun::default();
    for path in &paths {
        let file = config.relative(path);
        let test = read(&config.repo_root, path, file.clone())
            .map_err(|e| usage(format!("cannot read {file}: {e}")))?;
        if let Source::NotRead(reason) = &test.source {
            report.findings.push(not_read_finding(&test.file, reason));
            continue;
        }
        let outcome = run_file(database, &test, config.apply.file_timeout)
            .await
            .map_err(infrastructure)?;
        run.files.push(outcome.result);
        report.findings.extend(outcome.findings);
    }
    run.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    report.tests = Some(run);
    Ok(())
}

/// Test files under `dir`, recursively, sorted by path; empty when there
/// is no such directory.
pub fn discover(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if dir.is_dir() {
        collect(dir, &mut files)?;
    }
    files.sort();
    Ok(files)
}

/// Never descends through a symbolic link (a link loop, or a way out of the
/// repository); a linked file is kept so that reading it refuses it with a
/// `file-not-read` finding.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect(&path, files)?;
        } else if path
            .extension()
            .is_some_and(|e| EXTENSIONS.iter().any(|x| e == *x))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// Reads a test file into statements, as a migration is read (and with the
/// same refusals: no links, only regular files inside `repo_root`).
pub fn read(repo_root: &Path, path: &Path, file: String) -> std::io::Result<Migration> {
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    Migration::read(repo_root, path, file, "test".to_string(), name)
}

/// Makes pgtap available in `extensions` unless the project installed it.
/// `Ok(false)` when the server has no pgtap to install.
pub async fn ensure_pgtap(database: &Database) -> Result<bool, BackendError> {
    let mut admin = database.connect_admin().await?;
    let outcome = install(&mut admin).await;
    let _ = admin.close().await;
    outcome.map_err(|e| BackendError::Server {
        server: format!("database {}", database.name),
        message: format!(
            "installing pgtap for the tests: {}",
            crate::postgres::redact_text(&e.to_string())
        ),
    })
}

async fn install(admin: &mut PgConnection) -> Result<bool, sqlx::Error> {
    let (installed, available): (bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgtap'), \
                EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgtap')",
    )
    .fetch_one(&mut *admin)
    .await?;
    if installed {
        return Ok(true);
    }
    if !available {
        return Ok(false);
    }
    sqlx::raw_sql(
        "CREATE SCHEMA IF NOT EXISTS extensions; \
         CREATE EXTENSION pgtap WITH SCHEMA extensions",
    )
    .execute(&mut *admin)
    .await?;
    Ok(true)
}

/// The finding for test files that cannot run for want of pgtap.
pub fn unavailable(files: usize, server: &str) -> Finding {
    Finding::new(
        RuleId::PgtapUnavailable,
        Severity::Error,
        format!("supabase/tests holds {files} test file(s) but the server ({server}) has no pgtap extension, so none of them ran"),
    )
    .with_help("install pgtap for the server (Debian: apt-get install postgresql-15-pgtap), use --postgres docker (supabase/postgres carries it), or pass --no-tests")
}

/// What running one file produced.
#[derive(Debug)]
pub struct FileRun {
    /// Its line in the report's test summary.
    pub result: TestFileResult,
    /// Its failures as findings.
    pub findings: Vec<Finding>,
}

/// Why a file stopped early.
enum Stop {
    /// A statement failed (its index and the server's error).
    Error(usize, sqlx::Error),
    /// The file ran past `timeout`.
    Timeout,
}

/// Runs one test file on its own connection and reads its TAP output.
pub async fn run_file(
    database: &Database,
    test: &Migration,
    timeout: Duration,
) -> Result<FileRun, BackendError> {
    let started = Instant::now();
    let mut conn = database.connect_migrator().await?;
    let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| BackendError::Server {
            server: format!("database {}", database.name),
            message: crate::postgres::redact_text(&e.to_string()),
        })?;
    let mut tap = Tap::default();
    let stop = match tokio::time::timeout(timeout, run_statements(&mut conn, test, &mut tap)).await
    {
        Ok(Ok(())) => None,
        Ok(Err((index, e))) => Some(Stop::Error(index, e)),
        Err(_) => Some(Stop::Timeout),
    };
    match stop {
        Some(Stop::Timeout) => terminate(database, pid).await,
        _ => {
            // Whatever the file left open is rolled back, never committed.
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut conn).await;
            let _ = conn.close().await;
        }
    }
    Ok(conclude(test, tap, stop, timeout, started.elapsed()))
}

async fn run_statements(
    conn: &mut PgConnection,
    test: &Migration,
    tap: &mut Tap,
) -> Result<(), (usize, sqlx::Error)> {
    for (index, statement) in test.statements.iter().enumerate() {
        let sql = extension_ddl_as_sent(&statement.sql);
        let rows = sqlx::raw_sql(&sql)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| (index, e))?;
        for line in rows.iter().filter_map(text_output) {
            for line in line.lines() {
                tap.push_line(line, index);
            }
        }
    }
    Ok(())
}

/// The text of a one-column text row: what pgTAP's functions return.
fn text_output(row: &PgRow) -> Option<String> {
    if row.columns().len() != 1 || row.columns()[0].type_info().name() != "TEXT" {
        return None;
    }
    let value = row.try_get_raw(0).ok()?;
    if value.is_null() {
        return None;
    }
    row.try_get::<String, _>(0).ok()
}

async fn terminate(database: &Database, pid: i32) {
    if let Ok(mut admin) = database.connect_admin().await {
        let _ = sqlx::query("SELECT pg_terminate_backend($1)")
            .bind(pid)
            .execute(&mut admin)
            .await;
        let _ = admin.close().await;
    }
}

fn conclude(
    test: &Migration,
    tap: Tap,
    stop: Option<Stop>,
    timeout: Duration,
    elapsed: Duration,
) -> FileRun {
    let position = |index: usize| {
        test.statements
            .get(index)
            .map(|s| test.position(s.start + crate::migrations::lexer::first_token(&s.sql)))
    };
    let at = |finding: Finding, index: Option<usize>| match index.and_then(position) {
        Some((line, column)) => finding.at(line, column),
        None => finding,
    };
    let mut findings: Vec<Finding> = tap
        .failed()
        .map(|t| {
            let diagnostics = if t.diagnostics.is_empty() {
                String::new()
            } else {
                format!(": {}", t.diagnostics.join(" "))
            };
            let description = if t.description.is_empty() {
                String::new()
            } else {
                format!(" - {}", t.description)
            };
            at(
                Finding::new(
                    RuleId::TestFailed,
                    Severity::Error,
                    format!("test {}{description} failed{diagnostics}", t.number),
                )
                .in_file(&test.file),
                Some(t.statement),
            )
        })
        .collect();
    let ran = tap.tests.len();
    let status = match &stop {
        Some(Stop::Error(index, e)) => {
            findings.push(at(
                Finding::new(
                    RuleId::TestDied,
                    Severity::Error,
                    format!(
                        "the test file died after {ran} test(s): {}",
                        server_message(e)
                    ),
                )
                .in_file(&test.file)
                .with_help("fix the statement; under `supabase test db` (pg_prove) the file stops at the same error"),
                Some(*index),
            ));
            TestStatus::Died
        }
        Some(Stop::Timeout) => {
            findings.push(
                Finding::new(
                    RuleId::TestDied,
                    Severity::Error,
                    format!(
                        "the test file did not finish within {} and was cancelled after {ran} test(s)",
                        humantime::format_duration(timeout)
                    ),
                )
                .in_file(&test.file)
                .with_help("raise [apply] file_timeout in schemagate.toml if the tests are meant to take that long"),
            );
            TestStatus::Died
        }
        None => match tap.plan {
            Some(planned) if planned as usize == ran => {
                if tap.failed().count() > 0 {
                    TestStatus::Failed
                } else {
                    TestStatus::Passed
                }
            }
            plan => {
                let message = match plan {
                    Some(planned) => {
                        format!("the test file planned {planned} test(s) but ran {ran}")
                    }
                    None => format!("the test file ran {ran} test(s) but printed no plan"),
                };
                findings.push(
                    Finding::new(RuleId::TestPlan, Severity::Error, message)
                        .in_file(&test.file)
                        .with_help("make `select plan(n)` match the tests, or use `select * from no_plan();` ... `select * from finish();`"),
                );
                TestStatus::PlanMismatch
            }
        },
    };
    FileRun {
        result: TestFileResult {
            file: test.file.clone(),
            status,
            planned: tap.plan,
            ran,
            passed: tap.passed(),
            failed: tap.failed().count(),
            duration_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        },
        findings,
    }
}

fn server_message(error: &sqlx::Error) -> String {
    match error
        .as_database_error()
        .and_then(|e| e.try_downcast_ref::<PgDatabaseError>())
    {
        Some(e) => format!("{} [{}]", e.message(), e.code()),
        None => crate::postgres::redact_text(&error.to_string()),
    }
}
