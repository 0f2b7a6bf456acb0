//! Applies migrations the way the Supabase CLI does: file by file, in
//! order, each file's statements plus its history row in one transaction,
//! `RESET ALL` between files, stopping at the first failure.
//!
//! The CLI sends a file as one pipelined batch (one implicit transaction).
//! We send it statement by statement inside an explicit transaction, which
//! has the same effect and tells us exactly which statement failed. A
//! `BEGIN` in the file is then a no-op and a `COMMIT` commits and opens the
//! next transaction, just as in the CLI's batch.

mod failure;
mod stops;
mod transaction;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};

use crate::config::ApplySettings;
use crate::migrations::{Migration, Source};
use crate::postgres::send;
use crate::postgres::{BackendError, Database};
use crate::report::{ApplyStatus, Finding, MigrationError, MigrationResult, RuleId, Severity};
use crate::sandbox;

use failure::{describe_error, describe_refusal, error_finding, failure_finding, timeout_error};
use stops::{bounded, out_of_space, Stopped};
use transaction::{run_again, run_transaction};
/// The history table, created as the Supabase CLI creates it.
const HISTORY_TABLE_SQL: &str = include_str!("../sql/history_table.sql");
/// Roles that reach the server's files or programs the migration role now holds.
const ESCALATION_SQL: &str = include_str!("../sql/escalated_roles.sql");

/// What applying a list of migrations produced.
#[derive(Debug, Default)]
pub struct Applied {
    /// One result per migration, in order.
    pub results: Vec<MigrationResult>,
    /// Findings raised while applying (failures, stubbed extensions).
    pub findings: Vec<Finding>,
}

impl Applied {
    /// Whether every migration was applied.
    pub fn all_applied(&self) -> bool {
        self.results
            .iter()
            .all(|r| r.status == ApplyStatus::Applied)
    }
}

/// How a migration ends up in the history table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum History {
    /// Insert `(version, name, statements)`, as `supabase db push` does.
    Record,
    /// Do not record (seed files).
    Skip,
}

/// The files to observe more closely while applying them, by report path:
/// the files under analysis. Everything else is applied at full speed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watch {
    /// Files whose locks and rewrites are traced (`traced-lock`, `traced-rewrite`).
    pub trace: HashSet<String>,
    /// Files marked idempotent, applied a second time on top of themselves
    /// (in a transaction that is rolled back) to prove it (`idempotency-reapply`).
    pub reapply: HashSet<String>,
    /// Record which statement creates or changes each object, for the
    /// advisors (`advisors::install_recorder`, once the database is prepared).
    pub record_ddl: bool,
}

/// Applies `migrations` in order to `database` as the migration role.
/// `progress` is called with each result as it is known. Only failing to
/// reach the server is an error; a failing migration is a result.
pub async fn apply_all(
    database: &Database,
    migrations: &[Migration],
    settings: &ApplySettings,
    history: History,
    watch: &Watch,
    progress: &(dyn Fn(&MigrationResult) + Sync),
) -> Result<Applied, BackendError> {
    let mut applied = Applied::default();
    let mut session = Session::open(database).await?;
    if history == History::Record {
        session.ensure_history_table().await?;
    }
    let mut failed = false;
    for migration in migrations {
        let result = if failed {
            not_run(migration)
        } else {
            let trace = watch.trace.contains(&migration.file);
            let outcome = session
                .apply_file(migration, settings, history, trace)
                .await?;
            applied.findings.extend(outcome.findings);
            if outcome.result.status == ApplyStatus::Applied
                && watch.reapply.contains(&migration.file)
            {
                applied
                    .findings
                    .extend(session.reapply(migration, settings).await?);
            }
            outcome.result
        };
        failed |= result.status == ApplyStatus::Failed;
        progress(&result);
        applied.results.push(result);
    }
    session.close().await;
    Ok(applied)
}

/// A result for a migration that was never attempted.
pub fn not_run(migration: &Migration) -> MigrationResult {
    MigrationResult {
        version: migration.version.clone(),
        name: migration.name.clone(),
        file: migration.file.clone(),
        status: ApplyStatus::NotRun,
        duration_ms: 0,
        statements: migration.statements.len(),
        error: None,
    }
}

struct FileOutcome {
    result: MigrationResult,
    findings: Vec<Finding>,
}

/// The migration role's connection, plus what is needed to cancel it.
struct Session<'a> {
    database: &'a Database,
    conn: Option<PgConnection>,
    pid: i32,
}

/// Which run of a file: the one that counts, or the idempotency re-run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// Applied for real (committed unless it fails).
    First,
    /// Applied again on top of itself, always rolled back.
    Again,
}

/// Why one file's transaction failed.
enum FileError {
    /// A statement failed (index into the file's statements, or `None` for
    /// the history insert).
    Statement(Option<usize>, sqlx::Error),
    /// The file made the migration role a member of these roles (a route
    /// the text scan missed, e.g. dynamic SQL): refused before commit.
    Escalated(String),
    /// The trace query after a statement failed, which aborts the
    /// transaction just the same.
    Trace(usize, sqlx::Error),
    /// schemagate refused the statement at this index (e.g. `COPY … FROM
    /// STDIN`, which would wait for data forever), for this reason.
    Refused(usize, String),
}

/// How long a `ROLLBACK` may take before the backend is ended instead.
const ROLLBACK_TIMEOUT: Duration = Duration::from_secs(10);

impl<'a> Session<'a> {
    async fn open(database: &'a Database) -> Result<Session<'a>, BackendError> {
        let mut conn = database.connect_migrator().await?;
        let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| server_error(database, e))?;
        Ok(Session {
            database,
            conn: Some(conn),
            pid,
        })
    }

    async fn reconnect(&mut self) -> Result<&mut PgConnection, BackendError> {
        if self.conn.is_none() {
            let fresh = Session::open(self.database).await?;
            self.pid = fresh.pid;
            self.conn = fresh.conn;
        }
        self.conn.as_mut().ok_or_else(|| BackendError::Server {
            server: self.database.name.clone(),
            message: "lost the migration connection".to_string(),
        })
    }

    async fn ensure_history_table(&mut self) -> Result<(), BackendError> {
        let database = self.database;
        let conn = self.reconnect().await?;
        sqlx::raw_sql(HISTORY_TABLE_SQL)
            .execute(&mut *conn)
            .await
            .map(|_| ())
            .map_err(|e| server_error(database, e))
    }

    async fn apply_file(
        &mut self,
        migration: &Migration,
        settings: &ApplySettings,
        history: History,
        trace: bool,
    ) -> Result<FileOutcome, BackendError> {
        let started = Instant::now();
        let mut findings = Vec::new();
        let error = if let Source::InvalidUtf8 { line, column } = migration.source {
            Some(MigrationError {
                sqlstate: Some("22021".to_string()),
                line: Some(line),
                column: Some(column),
                ..MigrationError::new(format!("not valid UTF-8 (first invalid byte at line {line}, column {column}); PostgreSQL would reject it"))
            })
        } else if let Source::NotRead(reason) = &migration.source {
            Some(MigrationError::new(format!("not read: {reason}")))
        } else if let Some((index, reason)) = sandbox::first_refused(migration) {
            Some(describe_refusal(
                migration,
                index,
                &format!("refused before execution: this statement {reason}"),
            ))
        } else {
            self.run_file(migration, settings, history, trace, &mut findings)
                .await?
        };
        let status = if error.is_some() {
            ApplyStatus::Failed
        } else {
            ApplyStatus::Applied
        };
        if let Some(error) = &error {
            if !findings.iter().any(|f| f.severity == Severity::Error) {
                findings.push(failure_finding(migration, error));
            }
        }
        Ok(FileOutcome {
            result: MigrationResult {
                version: migration.version.clone(),
                name: migration.name.clone(),
                file: migration.file.clone(),
                status,
                duration_ms: millis(started.elapsed()),
                statements: migration.statements.len(),
                error,
            },
            findings,
        })
    }

    /// Runs one file under the client-side deadline; past it, the backend
    /// is terminated, since a migration can lift `statement_timeout` itself.
    async fn run_file(
        &mut self,
        migration: &Migration,
        settings: &ApplySettings,
        history: History,
        trace: bool,
        findings: &mut Vec<Finding>,
    ) -> Result<Option<MigrationError>, BackendError> {
        let database = self.database;
        let restore_role = database.restore_role_sql();
        let space = database.space().cloned();
        let conn = self.reconnect().await?;
        let work = run_transaction(
            conn,
            migration,
            settings,
            history,
            restore_role.as_deref(),
            trace,
            findings,
        );
        let outcome = bounded(settings, space.as_ref(), work).await;
        Ok(self
            .settle(migration, settings, outcome, Run::First, findings)
            .await)
    }

    /// Applies an idempotent file a second time, on top of itself, in a
    /// transaction that is always rolled back (so later files see the same
    /// database either way), and reports where it fails.
    async fn reapply(
        &mut self,
        migration: &Migration,
        settings: &ApplySettings,
    ) -> Result<Option<Finding>, BackendError> {
        let restore_role = self.database.restore_role_sql();
        let space = self.database.space().cloned();
        let conn = self.reconnect().await?;
        let work = run_again(conn, migration, settings, restore_role.as_deref());
        let outcome = bounded(settings, space.as_ref(), work).await;
        // The second run's own findings would repeat the first run's.
        let error = self
            .settle(migration, settings, outcome, Run::Again, &mut Vec::new())
            .await;
        Ok(error.map(|error| {
            error_finding(
                RuleId::IdempotencyReapply,
                &format!(
                    "this file is marked idempotent, but applying it a second time fails: {}",
                    error.message
                ),
                migration,
                &error,
            )
            .with_help("an idempotent file must succeed on a database that already has its changes: use IF NOT EXISTS, OR REPLACE, and DROP ... IF EXISTS before re-creating")
        }))
    }

    /// How a run of a file under the deadline ended, as its error (none
    /// when it succeeded), with the transaction rolled back or the hung
    /// backend terminated. The one path from a failure to a report entry
    /// for applying and re-applying alike; a second run is always rolled back.
    async fn settle(
        &mut self,
        migration: &Migration,
        settings: &ApplySettings,
        outcome: Result<Result<(), FileError>, Stopped>,
        run: Run,
        findings: &mut Vec<Finding>,
    ) -> Option<MigrationError> {
        let failure = match outcome {
            Ok(Ok(())) => {
                if run == Run::Again {
                    self.rollback().await;
                }
                return None;
            }
            Ok(Err(failure)) => failure,
            Err(Stopped::TimedOut) => {
                self.terminate().await;
                return Some(timeout_error(settings));
            }
            Err(Stopped::OutOfSpace) => {
                self.terminate().await;
                let space = self.database.space().cloned();
                return Some(out_of_space(space.as_ref(), migration, findings));
            }
        };
        match &failure {
            // An error that is not the server's leaves the protocol state
            // unknown (an unexpected message): end the backend.
            FileError::Statement(_, e) if e.as_database_error().is_none() => self.terminate().await,
            _ => self.rollback().await,
        }
        Some(match (failure, run) {
            (FileError::Statement(index, e), _) => describe_error(migration, index, &e, findings),
            (FileError::Refused(index, reason), _) => describe_refusal(migration, index, &reason),
            (FileError::Trace(index, e), Run::Again) => {
                describe_error(migration, Some(index), &e, findings)
            }
            (FileError::Trace(index, e), Run::First) => describe_refusal(
                migration,
                index,
                &format!(
                    "schemagate could not read this transaction's locks after this statement: {e}"
                ),
            ),
            (FileError::Escalated(roles), Run::Again) => MigrationError::new(format!(
                "the second run made the migration role a member of {roles}"
            )),
            (FileError::Escalated(roles), Run::First) => {
                let message = format!("refused before commit: this migration made the migration role a member of {roles}, which reaches the server's files or programs");
                findings.push(
                    Finding::new(RuleId::DangerousStatement, Severity::Error, &message)
                        .in_file(&migration.file)
                        .with_help(
                            "migrations must not grant these roles; Supabase does not allow it",
                        ),
                );
                MigrationError::new(message)
            }
        })
    }

    /// Rolls back, within a bound; a backend that does not answer is
    /// ended instead.
    async fn rollback(&mut self) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let rolled_back = tokio::time::timeout(
            ROLLBACK_TIMEOUT,
            sqlx::raw_sql("ROLLBACK").execute(&mut *conn),
        )
        .await;
        if !matches!(rolled_back, Ok(Ok(_))) {
            self.terminate().await;
        }
    }

    /// Ends a hung backend from a second connection and drops ours.
    async fn terminate(&mut self) {
        self.conn = None;
        send::terminate_backend(&self.database.admin_options(), self.pid).await;
    }

    async fn close(mut self) {
        if let Some(conn) = self.conn.take() {
            let _ = conn.close().await;
        }
    }
}

fn server_error(database: &Database, e: sqlx::Error) -> BackendError {
    BackendError::Server {
        server: format!("database {}", database.name),
        message: crate::postgres::redact_text(&e.to_string()),
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::transaction::TransactionControl;

    #[test]
    fn recognises_transaction_control() {
        use TransactionControl::*;
        for (sql, expected) in [
            ("BEGIN", Some(Begin)),
            ("begin transaction", Some(Begin)),
            ("START TRANSACTION", Some(Begin)),
            ("-- done\nCOMMIT", Some(Commit)),
            ("end", Some(Commit)),
            ("ROLLBACK", Some(Rollback)),
            ("begin atomic select 1; end", None),
            ("commit_log_insert()", None),
            ("end_date", None),
        ] {
            assert_eq!(TransactionControl::of(sql), expected, "{sql}");
        }
    }
}
