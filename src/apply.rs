//! Applies migrations the way the Supabase CLI does: file by file, in
//! order, each file's statements plus its history row in one transaction,
//! `RESET ALL` between files, stopping at the first failure.
//!
//! The CLI sends a file as one pipelined batch (one implicit transaction).
//! We send it statement by statement inside an explicit transaction, which
//! has the same effect and tells us exactly which statement failed. A
//! `BEGIN` in the file is then a no-op and a `COMMIT` commits and opens the
//! next transaction, just as in the CLI's batch.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use sqlx::postgres::{PgDatabaseError, PgErrorPosition};
use sqlx::{Connection, PgConnection};

use crate::config::ApplySettings;
use crate::migrations::lines::char_to_byte;
use crate::migrations::split::{strip_comments, Statement};
use crate::migrations::{Migration, Source};
use crate::postgres::newer_syntax::newer_syntax_hint;
use crate::postgres::send::{self, Sent};
use crate::postgres::{first_text, BackendError, Database};
use crate::report::{ApplyStatus, Finding, MigrationError, MigrationResult, RuleId, Severity};
use crate::sandbox;
use crate::shim::{CreateExtension, DropExtension, EmulatedDdl};
use crate::trace::Tracer;

mod stops;
use stops::{bounded, out_of_space, Stopped};

/// The history table, created as the Supabase CLI creates it.
const HISTORY_TABLE_SQL: &str = include_str!("sql/history_table.sql");
/// Roles that reach the server's files or programs the migration role now holds.
const ESCALATION_SQL: &str = include_str!("sql/escalated_roles.sql");
/// How long a `ROLLBACK` may take before the backend is ended instead.
const ROLLBACK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

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
                message: format!("not valid UTF-8 (first invalid byte at line {line}, column {column}); PostgreSQL would reject it"),
                sqlstate: Some("22021".to_string()),
                line: Some(line),
                column: Some(column),
                detail: None,
                hint: None,
                statement: None,
            })
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
        match outcome {
            Ok(Ok(())) => Ok(None),
            Ok(Err(FileError::Statement(index, e))) => {
                self.recover(&e).await;
                Ok(Some(describe_error(migration, index, &e, findings)))
            }
            Ok(Err(FileError::Refused(index, reason))) => {
                self.rollback().await;
                Ok(Some(describe_refusal(migration, index, &reason)))
            }
            Ok(Err(FileError::Escalated(roles))) => {
                self.rollback().await;
                let message = format!("refused before commit: this migration made the migration role a member of {roles}, which reaches the server's files or programs");
                findings.push(
                    Finding::new(RuleId::DangerousStatement, Severity::Error, &message)
                        .in_file(&migration.file)
                        .with_help(
                            "migrations must not grant these roles; Supabase does not allow it",
                        ),
                );
                Ok(Some(MigrationError::new(message)))
            }
            Ok(Err(FileError::Trace(index, e))) => {
                self.rollback().await;
                Ok(Some(describe_refusal(
                    migration,
                    index,
                    &format!("schemagate could not read this transaction's locks after this statement: {e}"),
                )))
            }
            Err(Stopped::OutOfSpace) => {
                self.terminate().await;
                Ok(Some(out_of_space(space.as_ref(), migration, findings)))
            }
            Err(Stopped::TimedOut) => {
                self.terminate().await;
                Ok(Some(timeout_error(settings)))
            }
        }
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
        let error = match bounded(settings, space.as_ref(), work).await {
            Ok(Ok(())) => {
                self.rollback().await;
                return Ok(None);
            }
            Ok(Err(FileError::Statement(index, e))) => {
                self.recover(&e).await;
                describe_error(migration, index, &e, &mut Vec::new())
            }
            Ok(Err(FileError::Refused(index, reason))) => {
                self.rollback().await;
                describe_refusal(migration, index, &reason)
            }
            Ok(Err(FileError::Trace(index, e))) => {
                self.rollback().await;
                describe_error(migration, Some(index), &e, &mut Vec::new())
            }
            Ok(Err(FileError::Escalated(roles))) => {
                self.rollback().await;
                MigrationError::new(format!(
                    "the second run made the migration role a member of {roles}"
                ))
            }
            Err(Stopped::OutOfSpace) => {
                self.terminate().await;
                out_of_space(space.as_ref(), migration, &mut Vec::new())
            }
            Err(Stopped::TimedOut) => {
                self.terminate().await;
                timeout_error(settings)
            }
        };
        let code = error
            .sqlstate
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        let mut finding = Finding::new(
            RuleId::IdempotencyReapply,
            Severity::Error,
            format!(
                "this file is marked idempotent, but applying it a second time fails: {}{code}",
                error.message
            ),
        )
        .in_file(&migration.file)
        .with_help("an idempotent file must succeed on a database that already has its changes: use IF NOT EXISTS, OR REPLACE, and DROP ... IF EXISTS before re-creating");
        if let (Some(line), Some(column)) = (error.line, error.column) {
            finding = finding.at(line, column);
        }
        Ok(Some(finding))
    }

    /// Rolls back, within a bound; a backend that does not answer (or a
    /// connection in an unknown protocol state) is ended instead.
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

    /// After a failed statement: a server error leaves the protocol in
    /// step, so a rollback will do; any other error (an unexpected message)
    /// leaves it unknown, so the backend is ended.
    async fn recover(&mut self, error: &sqlx::Error) {
        if error.as_database_error().is_some() {
            self.rollback().await;
        } else {
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

/// Resets the session for a file: `RESET ALL`, the role, the timeouts.
fn prelude(settings: &ApplySettings, restore_role: Option<&str>) -> String {
    format!(
        "RESET ALL; {}SET statement_timeout = {}; SET lock_timeout = {}",
        restore_role.map(|r| format!("{r}; ")).unwrap_or_default(),
        settings.statement_timeout.as_millis(),
        settings.lock_timeout.as_millis()
    )
}

async fn run_transaction(
    conn: &mut PgConnection,
    migration: &Migration,
    settings: &ApplySettings,
    history: History,
    restore_role: Option<&str>,
    trace: bool,
    findings: &mut Vec<Finding>,
) -> Result<(), FileError> {
    let prelude = prelude(settings, restore_role);
    let mut tracer = None;
    if trace {
        execute(conn, &prelude)
            .await
            .map_err(|e| FileError::Statement(None, e))?;
        tracer = Some(
            Tracer::start(conn)
                .await
                .map_err(|e| FileError::Statement(None, e))?,
        );
        execute(conn, "BEGIN")
            .await
            .map_err(|e| FileError::Statement(None, e))?;
    } else {
        execute(conn, &format!("{prelude}; BEGIN"))
            .await
            .map_err(|e| FileError::Statement(None, e))?;
    }
    for (index, statement) in migration.statements.iter().enumerate() {
        run_statement(conn, migration, index, statement, findings).await?;
        if let Some(tracer) = tracer.as_mut().filter(|_| Tracer::traces(statement)) {
            let observed = tracer
                .observe(conn, migration, statement)
                .await
                .map_err(|e| FileError::Trace(index, e))?;
            findings.extend(observed);
        }
    }
    if let Some(roles) = first_text(conn, ESCALATION_SQL)
        .await
        .map_err(|e| FileError::Statement(None, e))?
    {
        return Err(FileError::Escalated(roles));
    }
    if history == History::Record {
        sqlx::query(
            "INSERT INTO supabase_migrations.schema_migrations (version, name, statements) VALUES ($1, $2, $3)",
        )
        .bind(&migration.version)
        .bind(&migration.name)
        .bind(migration.statements.iter().map(|s| s.sql.as_str()).collect::<Vec<_>>())
        .execute(&mut *conn)
        .await
        .map_err(|e| FileError::Statement(None, e))?;
    }
    execute(conn, send::COMMIT)
        .await
        .map_err(|e| FileError::Statement(None, e))
}

/// Runs a file's statements once more in one transaction, left open for
/// the caller to roll back; the file's own transaction control is skipped
/// so nothing of the second run can commit.
async fn run_again(
    conn: &mut PgConnection,
    migration: &Migration,
    settings: &ApplySettings,
    restore_role: Option<&str>,
) -> Result<(), FileError> {
    execute(conn, &format!("{}; BEGIN", prelude(settings, restore_role)))
        .await
        .map_err(|e| FileError::Statement(None, e))?;
    for (index, statement) in migration.statements.iter().enumerate() {
        if TransactionControl::of(&statement.sql).is_none() {
            run_statement(conn, migration, index, statement, &mut Vec::new()).await?;
        }
    }
    Ok(())
}

async fn run_statement(
    conn: &mut PgConnection,
    migration: &Migration,
    index: usize,
    statement: &Statement,
    findings: &mut Vec<Finding>,
) -> Result<(), FileError> {
    let fail = |e| FileError::Statement(Some(index), e);
    match TransactionControl::of(&statement.sql) {
        Some(TransactionControl::Begin) => return Ok(()),
        Some(TransactionControl::Commit) => {
            return execute(conn, &format!("{}; BEGIN", send::COMMIT))
                .await
                .map_err(fail)
        }
        Some(TransactionControl::Rollback) => {
            return execute(conn, "ROLLBACK; BEGIN").await.map_err(fail)
        }
        None => {}
    }
    if let Some(drop) = DropExtension::parse(&statement.sql) {
        return execute(conn, &drop.call_sql()).await.map_err(fail);
    }
    if let Some(ddl) = EmulatedDdl::parse(&statement.sql) {
        return execute(conn, &ddl.call_sql()).await.map_err(fail);
    }
    let Some(extension) = CreateExtension::parse(&statement.sql) else {
        return match send::statement(conn, &statement.sql).await.map_err(fail)? {
            Sent::Done => Ok(()),
            Sent::Refused(reason) => Err(FileError::Refused(index, reason)),
        };
    };
    let outcome: String = sqlx::query_scalar(&extension.call_sql())
        .fetch_one(&mut *conn)
        .await
        .map_err(fail)?;
    if outcome == "stubbed" {
        let (line, column) = migration.position(statement.start);
        findings.push(
            Finding::new(
                RuleId::ExtensionStubbed,
                Severity::Notice,
                format!(
                    "extension {} is not on this server; schemagate installed an emulation of its SQL surface instead",
                    extension.name
                ),
            )
            .in_file(&migration.file)
            .at(line, column)
            .with_help("objects are created as the extension creates them, but what its C code does (search, queues, HTTP, jobs) is only imitated or not done: docs/extensions.md says which; for full fidelity use --postgres docker --image supabase/postgres:<tag>"),
        );
    }
    Ok(())
}

async fn execute(conn: &mut PgConnection, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(sql).execute(&mut *conn).await.map(|_| ())
}

/// Top-level transaction statements in a migration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TransactionControl {
    Begin,
    Commit,
    Rollback,
}

impl TransactionControl {
    fn of(sql: &str) -> Option<TransactionControl> {
        let text = strip_comments(sql).to_ascii_lowercase();
        let first = text.split_whitespace().next()?;
        let second = text.split_whitespace().nth(1);
        match (first, second) {
            ("begin", None | Some("transaction" | "work" | "isolation" | "read")) => {
                Some(TransactionControl::Begin)
            }
            ("start", Some("transaction")) => Some(TransactionControl::Begin),
            ("commit" | "end", None | Some("transaction" | "work")) => {
                Some(TransactionControl::Commit)
            }
            ("rollback" | "abort", None | Some("transaction" | "work")) => {
                Some(TransactionControl::Rollback)
            }
            _ => None,
        }
    }
}

/// Turns a server error into a report entry, with the position mapped from
/// the statement to the file.
fn describe_error(
    migration: &Migration,
    index: Option<usize>,
    error: &sqlx::Error,
    findings: &mut Vec<Finding>,
) -> MigrationError {
    let statement = index.and_then(|i| migration.statements.get(i));
    let Some(db_error) = error
        .as_database_error()
        .and_then(|e| e.try_downcast_ref::<PgDatabaseError>())
    else {
        let (line, column) = statement.map(|s| migration.position(s.start)).unzip();
        return MigrationError {
            message: error.to_string(),
            sqlstate: None,
            line,
            column,
            detail: None,
            hint: None,
            statement: statement.map(|s| s.sql.clone()),
        };
    };
    let offset = statement.map(|s| s.start + error_offset(s, db_error));
    let (line, column) = offset.map(|o| migration.position(o)).unzip();
    let message = db_error.message().to_string();
    findings.extend(stops::server_refusal(migration, db_error, line, column));
    if db_error.code() == "0A000" && message.contains("is not available on this server") {
        let mut finding = Finding::new(RuleId::ExtensionUnavailable, Severity::Error, &message)
            .in_file(&migration.file)
            .with_help(db_error.hint().unwrap_or(
                "use --postgres docker --image supabase/postgres:<tag>, which carries every Supabase extension",
            ));
        if let (Some(line), Some(column)) = (line, column) {
            finding = finding.at(line, column);
        }
        findings.push(finding);
    }
    let in_statement = matches!(db_error.position(), Some(PgErrorPosition::Original(_)));
    let newer = statement
        .and_then(|s| newer_syntax_hint(db_error.code(), in_statement, &s.sql))
        .map(str::to_string);
    let (message, hint) = match crate::shim::emulated_call(&message) {
        Some(call) => (call.message(), Some(call.hint().to_string())),
        None => (message, db_error.hint().map(str::to_string).or(newer)),
    };
    MigrationError {
        message,
        sqlstate: Some(db_error.code().to_string()),
        line,
        column,
        detail: db_error.detail().map(str::to_string),
        hint,
        statement: statement.map(|s| s.sql.clone()),
    }
}

/// Byte offset of the error inside the statement: the server's position
/// when it gave one (1-based, in characters), else the PL/pgSQL line of a
/// `DO` block or function body, else the statement's start.
fn error_offset(statement: &Statement, error: &PgDatabaseError) -> usize {
    match error.position() {
        Some(PgErrorPosition::Original(position)) => {
            char_to_byte(&statement.sql, position.saturating_sub(1))
        }
        _ => error
            .r#where()
            .and_then(plpgsql_line)
            .and_then(|line| body_line_offset(&statement.sql, line))
            .unwrap_or(0),
    }
}

/// The line number in a PL/pgSQL context such as
/// `PL/pgSQL function inline_code_block line 3 at RAISE`.
fn plpgsql_line(context: &str) -> Option<usize> {
    let first = context.lines().next()?;
    let after = first.split(" line ").nth(1)?;
    after.split_whitespace().next()?.parse().ok()
}

/// Offset of line `line` (1-based) of the first dollar-quoted body: PL/pgSQL
/// counts lines from the opening `$tag$`.
fn body_line_offset(sql: &str, line: usize) -> Option<usize> {
    let open = sql.find('$')?;
    let mut offset = open;
    for _ in 1..line {
        offset += sql[offset..].find('\n')? + 1;
    }
    let indent = sql[offset..].len() - sql[offset..].trim_start_matches([' ', '\t']).len();
    Some(offset + indent)
}

fn describe_refusal(migration: &Migration, index: usize, message: &str) -> MigrationError {
    let statement = migration.statements.get(index);
    let (line, column) = statement.map(|s| migration.position(s.start)).unzip();
    MigrationError {
        message: message.to_string(),
        sqlstate: None,
        line,
        column,
        detail: None,
        hint: None,
        statement: statement.map(|s| s.sql.clone()),
    }
}

fn timeout_error(settings: &ApplySettings) -> MigrationError {
    MigrationError {
        message: format!(
            "did not finish within file_timeout ({}); the statement was cancelled",
            humantime::format_duration(settings.file_timeout)
        ),
        sqlstate: None,
        line: None,
        column: None,
        detail: None,
        hint: Some(
            "raise [apply] file_timeout in schemagate.toml if this migration is meant to take that long"
                .to_string(),
        ),
        statement: None,
    }
}

fn failure_finding(migration: &Migration, error: &MigrationError) -> Finding {
    let code = error
        .sqlstate
        .as_deref()
        .map(|c| format!(" [{c}]"))
        .unwrap_or_default();
    let mut finding = Finding::new(
        RuleId::MigrationFailed,
        Severity::Error,
        format!("{}{code}", error.message),
    )
    .in_file(&migration.file);
    if let (Some(line), Some(column)) = (error.line, error.column) {
        finding = finding.at(line, column);
    }
    if let Some(hint) = &error.hint {
        finding = finding.with_help(hint.clone());
    }
    finding
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
    use super::*;

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

    #[test]
    fn plpgsql_context_lines_map_into_the_body() {
        assert_eq!(
            plpgsql_line("PL/pgSQL function inline_code_block line 3 at RAISE"),
            Some(3)
        );
        assert_eq!(plpgsql_line("SQL statement \"x\""), None);
        let sql = "DO $$\nBEGIN\n  RAISE 'x';\nEND $$";
        let offset = body_line_offset(sql, 3).unwrap();
        assert!(sql[offset..].starts_with("RAISE"));
    }
}
