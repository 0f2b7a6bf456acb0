//! What a migration actually did to relations that existed before it,
//! observed from inside its own transaction while `check` applies it: the
//! locks it holds (`pg_locks`, which any role may read for its own backend)
//! and the tables it rewrote (a new `relfilenode`, which the transaction
//! sees before it commits).
//!
//! Only the files under analysis are traced: one query before the file and
//! one after each statement that can take a strong lock.

use std::collections::HashMap;

use sqlx::PgConnection;

use crate::migrations::lexer::{first_token, strip_comments};
use crate::migrations::split::Statement;
use crate::migrations::Migration;
use crate::report::{Finding, RuleId, Severity};

const START_SQL: &str = include_str!("sql/trace_start.sql");
const LOCKS_SQL: &str = include_str!("sql/trace_locks.sql");
const RELATIONS_SQL: &str = include_str!("sql/trace_relations.sql");

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

/// What the trace has seen of one pre-existing relation.
#[derive(Debug, Default)]
struct Seen {
    /// `schema.name`.
    name: String,
    /// What it is, for messages; `None` for relations not traced
    /// (indexes, sequences, TOAST tables: their tables are).
    noun: Option<&'static str>,
    /// Its storage file when last seen (0: not yet seen).
    relfilenode: i64,
    /// The strongest lock already reported, so each is reported once.
    reported: Option<Mode>,
}

/// The trace of one migration file.
#[derive(Debug)]
pub struct Tracer {
    /// The highest object id in use before the file ran.
    bound: i64,
    seen: HashMap<i64, Seen>,
}

impl Tracer {
    /// Reads the object-id bound before the file runs. Call it before the
    /// file's transaction begins, so it is no query of that transaction (a
    /// file may start with `SET TRANSACTION`, which must come first).
    pub async fn start(conn: &mut PgConnection) -> Result<Tracer, sqlx::Error> {
        let bound: Option<i64> = sqlx::query_scalar(START_SQL).fetch_one(&mut *conn).await?;
        Ok(Tracer {
            bound: bound.unwrap_or(i64::MAX),
            seen: HashMap::new(),
        })
    }

    /// Whether to look after this statement. Settings and transaction
    /// control take no table locks (and a query after them could break a
    /// following `SET TRANSACTION`); row changes, grants and comments take
    /// only locks that let writes go on.
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
                | "insert"
                | "update"
                | "delete"
                | "grant"
                | "revoke"
                | "comment"
                | "analyze"
                | "notify"
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
        // Prepared once per connection: it runs after every traced statement.
        let rows: Vec<(i64, Vec<String>, Option<i64>)> = sqlx::query_as(LOCKS_SQL)
            .bind(self.bound)
            .fetch_all(&mut *conn)
            .await?;
        self.learn(conn, rows.iter().map(|(oid, _, _)| *oid))
            .await?;
        let (line, column) = migration.position(statement.start + first_token(&statement.sql));
        let at = |finding: Finding| finding.in_file(&migration.file).at(line, column);
        let truncates = strip_comments(&statement.sql)
            .to_ascii_lowercase()
            .starts_with("truncate");
        let mut findings = Vec::new();
        for (oid, modes, filenode) in rows {
            let Some(seen) = self.seen.get_mut(&oid) else {
                continue;
            };
            let Some(noun) = seen.noun else {
                continue;
            };
            let name = &seen.name;
            // New storage has an id above the bound; report each new one once.
            if let Some(filenode) = filenode.filter(|f| *f > self.bound && *f != seen.relfilenode) {
                seen.relfilenode = filenode;
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
            if strongest < Mode::Share || seen.reported.is_some_and(|r| r >= strongest) {
                continue;
            }
            let first_report = seen.reported.is_none();
            seen.reported = Some(strongest);
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

    /// Reads the names and kinds of relations seen for the first time.
    async fn learn(
        &mut self,
        conn: &mut PgConnection,
        oids: impl Iterator<Item = i64>,
    ) -> Result<(), sqlx::Error> {
        let unknown: Vec<i64> = oids.filter(|oid| !self.seen.contains_key(oid)).collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(RELATIONS_SQL)
            .bind(&unknown)
            .fetch_all(&mut *conn)
            .await?;
        for oid in unknown {
            let row = rows.iter().find(|r| r.0 == oid);
            let seen = Seen {
                name: row.map(|r| format!("{}.{}", r.1, r.2)).unwrap_or_default(),
                noun: row.and_then(|r| match r.3.as_str() {
                    "r" | "p" => Some("table"),
                    "v" => Some("view"),
                    "m" => Some("materialized view"),
                    "f" => Some("foreign table"),
                    _ => None,
                }),
                ..Seen::default()
            };
            self.seen.insert(oid, seen);
        }
        Ok(())
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
        assert!(!Tracer::traces(&statement("insert into t values (1)")));
        assert!(Tracer::traces(&statement("alter table t add column c int")));
        assert!(Tracer::traces(&statement("do $$ begin end $$")));
    }
}
