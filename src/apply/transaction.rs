//! One file's statements in one transaction, as the CLI's batch would run
//! them: the session prelude, the file's own transaction control, the
//! extension calls the shim answers, and the history row.

use sqlx::PgConnection;

use crate::config::ApplySettings;
use crate::migrations::lexer::strip_comments;
use crate::migrations::split::Statement;
use crate::migrations::Migration;
use crate::postgres::{first_text, send};
use crate::report::{Finding, RuleId, Severity};
use crate::shim::{CreateExtension, DropExtension, EmulatedDdl};
use crate::trace::Tracer;

use super::{FileError, History, ESCALATION_SQL};

pub(super) fn prelude(settings: &ApplySettings, restore_role: Option<&str>) -> String {
    format!(
        "RESET ALL; {}SET statement_timeout = {}; SET lock_timeout = {}",
        restore_role.map(|r| format!("{r}; ")).unwrap_or_default(),
        settings.statement_timeout.as_millis(),
        settings.lock_timeout.as_millis()
    )
}

pub(super) async fn run_transaction(
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
pub(super) async fn run_again(
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

pub(super) async fn run_statement(
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
            send::Sent::Done => Ok(()),
            send::Sent::Refused(reason) => Err(FileError::Refused(index, reason)),
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

pub(super) async fn execute(conn: &mut PgConnection, sql: &str) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(sql).execute(&mut *conn).await.map(|_| ())
}

/// Top-level transaction statements in a migration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TransactionControl {
    Begin,
    Commit,
    Rollback,
}

impl TransactionControl {
    pub(super) fn of(sql: &str) -> Option<TransactionControl> {
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
