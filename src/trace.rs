//! What a migration actually did to relations that existed before it,
//! observed from inside its own transaction while `check` applies it: the
//! locks it holds (`pg_locks`, readable by any role for its own backend)
//! and the tables it rewrote (a changed `relfilenode`, which the
//! transaction sees before it commits).
//!
//! Only the files under analysis are traced: one catalog snapshot before
//! the file and one small query after each statement.

use std::collections::HashMap;

use sqlx::PgConnection;

use crate::migrations::split::{first_token, strip_comments, Statement};
use crate::migrations::Migration;
use crate::report::{Finding, RuleId, Severity};

const SNAPSHOT_SQL: &str = include_str!("sql/trace_snapshot.sql");
const LOCKS_SQL: &str = include_str!("sql/trace_locks.sql");

/// PostgreSQL's table lock modes, weakest first (`pg_locks.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mode {
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

impl Mode {
    fn parse(name: &str) -> Option<Mode> {
        Some(match name {
            "AccessShareLock" => Mode::AccessShare,
            "RowShareLock" => Mode::RowShare,
            "RowExclusiveLock" => Mode::RowExclusive,
            "ShareUpdateExclusiveLock" => Mode::ShareUpdateExclusive,
            "ShareLock" => Mode::Share,
            "ShareRowExclusiveLock" => Mode::ShareRowExclusive,
            "ExclusiveLock" => Mode::Exclusive,
            "AccessExclusiveLock" => Mode::AccessExclusive,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Mode::AccessShare => "ACCESS SHARE",
            Mode::RowShare => "ROW SHARE",
            Mode::RowExclusive => "ROW EXCLUSIVE",
            Mode::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            Mode::Share => "SHARE",
            Mode::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            Mode::Exclusive => "EXCLUSIVE",
            Mode::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }
}

/// A relation as it was before the file ran.
#[derive(Debug)]
struct Relation {
    schema: String,
    name: String,
    kind: String,
    /// Its storage file, as last seen.
    relfilenode: i64,
    /// The strongest lock already reported, so each is reported once.
    reported: Option<Mode>,
}

impl Relation {
    fn noun(&self) -> &'static str {
        match self.kind.as_str() {
            "v" => "view",
            "m" => "materialized view",
            "f" => "foreign table",
            _ => "table",
        }
    }
}

/// The trace of one migration file.
#[derive(Debug)]
pub struct Tracer {
    before: HashMap<i64, Relation>,
}

impl Tracer {
    /// Snapshots the relations that exist before the file runs. Call it
    /// before the file's transaction begins, so the snapshot is no query of
    /// that transaction (a file may start with `SET TRANSACTION`).
    pub async fn start(conn: &mut PgConnection) -> Result<Tracer, sqlx::Error> {
        let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(SNAPSHOT_SQL)
            .persistent(false)
            .fetch_all(&mut *conn)
            .await?;
        let before = rows
            .into_iter()
            .map(|(oid, schema, name, kind, relfilenode)| {
                let relation = Relation {
                    schema,
                    name,
                    kind,
                    relfilenode,
                    reported: None,
                };
                (oid, relation)
            })
            .collect();
        Ok(Tracer { before })
    }

    /// Whether to look after this statement: settings and transaction
    /// control take no table locks, and a query after them could break a
    /// following `SET TRANSACTION`, which must come before any query.
    pub fn traces(statement: &Statement) -> bool {
        let text = strip_comments(&statement.sql).to_ascii_lowercase();
        let first = text.split_whitespace().next().unwrap_or("");
        !matches!(
            first,
            "" | "set"
                | "reset"
                | "show"
                | "begin"
                | "start"
                | "commit"
                | "end"
                | "rollback"
                | "abort"
                | "savepoint"
                | "release"
                | "discard"
        )
    }

    /// Reads the locks the transaction holds after `statement` and returns
    /// findings for what is new: a write-blocking lock on a pre-existing
    /// relation, or a table whose storage was replaced.
    pub async fn observe(
        &mut self,
        conn: &mut PgConnection,
        migration: &Migration,
        statement: &Statement,
    ) -> Result<Vec<Finding>, sqlx::Error> {
        let rows: Vec<(i64, Option<i64>, Vec<String>)> = sqlx::query_as(LOCKS_SQL)
            .persistent(false)
            .fetch_all(&mut *conn)
            .await?;
        let (line, column) = migration.position(statement.start + first_token(&statement.sql));
        let at = |finding: Finding| finding.in_file(&migration.file).at(line, column);
        let truncates = strip_comments(&statement.sql)
            .to_ascii_lowercase()
            .starts_with("truncate");
        let mut findings = Vec::new();
        for (oid, relfilenode, modes) in rows {
            let Some(relation) = self.before.get_mut(&oid) else {
                continue;
            };
            let noun = relation.noun();
            let name = format!("{}.{}", relation.schema, relation.name);
            if let Some(current) = relfilenode.filter(|r| *r != 0 && *r != relation.relfilenode) {
                relation.relfilenode = current;
                if !truncates {
                    findings.push(at(Finding::new(
                        RuleId::TracedRewrite,
                        Severity::Warning,
                        format!("rewrites {name} (existing {noun}): every row was copied to new storage while the migration held ACCESS EXCLUSIVE on it"),
                    )
                    .with_help("observed in the throwaway run; on production the rewrite takes time proportional to the table's size, with reads and writes waiting (see volatile-default and alter-column-type in docs/rules.md)")));
                }
            }
            let Some(strongest) = modes.iter().filter_map(|m| Mode::parse(m)).max() else {
                continue;
            };
            // Weaker modes let both reads and writes go on.
            if strongest < Mode::Share || relation.reported.is_some_and(|r| r >= strongest) {
                continue;
            }
            let first_report = relation.reported.is_none();
            relation.reported = Some(strongest);
            let (severity, waits) = if strongest == Mode::AccessExclusive {
                (Severity::Warning, "reads and writes")
            } else if first_report {
                (Severity::Notice, "writes")
            } else {
                continue;
            };
            findings.push(at(Finding::new(
                RuleId::TracedLock,
                severity,
                format!(
                    "takes {} on {name} (existing {noun}): {waits} on it wait until the migration commits",
                    strongest.name()
                ),
            )
            .with_help("observed in the throwaway run; on production keep the transaction short and set lock_timeout so a busy table fails the migration instead of stalling the app")));
        }
        Ok(findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_modes_order_by_strength() {
        let access = Mode::parse("AccessExclusiveLock").unwrap();
        assert!(access > Mode::parse("ShareLock").unwrap());
        assert!(Mode::parse("RowExclusiveLock").unwrap() < Mode::Share);
        assert_eq!(Mode::parse("nonsense"), None);
    }

    #[test]
    fn settings_and_transaction_control_are_not_traced() {
        let statement = |sql: &str| Statement {
            sql: sql.to_string(),
            start: 0,
        };
        assert!(!Tracer::traces(&statement("-- x\nSET lock_timeout = '1s'")));
        assert!(!Tracer::traces(&statement("commit")));
        assert!(Tracer::traces(&statement("alter table t add column c int")));
    }
}
