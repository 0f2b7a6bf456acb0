//! Which statement created or last changed an object.
//!
//! The DDL recorder (`sql/recorder.sql`) logs every DDL command with the
//! object it touched, its transaction, and the top-level statement the
//! client sent. `apply` sends a file statement by statement, so that text
//! names one statement of one file; walking the log in order alongside the
//! files' statements in apply order maps each entry to its file and line.
//! Objects a command changes without naming them (a foreign key added with
//! its table) are found through their catalog row's `xmin`: the entry of
//! the same transaction that touched their table.

#[cfg(test)]
use std::collections::HashMap;
use std::collections::HashSet;

use crate::migrations::lexer::first_token;
use crate::migrations::Migration;
use crate::shim::extension_ddl_as_sent;

/// One row of the recorder's log: id, transaction, statement text,
/// catalog and object id.
pub type LogRow = (i64, String, String, i64, i64);

/// Where an object came from: the first line of the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, relative to the repository root.
    pub file: String,
    /// 1-based line of the statement's first token.
    pub line: u32,
    /// 1-based column of the statement's first token.
    pub column: u32,
}

/// What the log says about one object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The statement that last created or changed it.
    pub origin: Option<Origin>,
    /// Every statement that touched it or its table, as (file, line).
    pub statements: HashSet<(String, u32)>,
}

struct Entry {
    xid: String,
    object: (i64, i64),
    origin: Origin,
}

/// The recorder's log, each entry mapped to its statement.
pub struct Log {
    /// Entries in the order the commands ran (unmatched ones left out:
    /// the shim's and `roles.sql`'s, which no file of the project sent).
    entries: Vec<Entry>,
}

/// `pg_class`'s own oid: the catalog of tables.
const PG_CLASS: i64 = 1259;

impl Log {
    /// Maps `rows` to the statements of `files`, given in apply order.
    pub fn new(rows: Vec<LogRow>, files: &[&Migration]) -> Log {
        let sent = sent_statements(files);
        let mut cursor = 0;
        let mut entries = Vec::new();
        for (_, xid, query, classid, objid) in rows {
            let found = (cursor..sent.len())
                .chain(0..cursor)
                .find(|&i| sent[i].text == query || sent[i].fetched == query);
            let Some(index) = found else {
                continue;
            };
            cursor = index;
            entries.push(Entry {
                xid,
                object: (classid, objid),
                origin: sent[index].origin.clone(),
            });
        }
        Log { entries }
    }

    /// The origin of object `(classid, objid)`: the last statement that
    /// named it, else the last statement of the transaction that wrote
    /// its catalog row (`xmin`) that touched its table.
    pub fn find(&self, object: (i64, i64), table: Option<i64>, xmin: &str) -> Found {
        let table = table.map(|oid| (PG_CLASS, oid));
        let named = self.entries.iter().rev().find(|e| e.object == object);
        let via_table = || {
            self.entries
                .iter()
                .rev()
                .find(|e| e.xid == xmin && Some(e.object) == table)
        };
        let origin = named.or_else(via_table).map(|e| e.origin.clone());
        let statements = self
            .entries
            .iter()
            .filter(|e| e.object == object || Some(e.object) == table)
            .map(|e| (e.origin.file.clone(), e.origin.line))
            .collect();
        Found { origin, statements }
    }

    /// How many log entries were mapped to a statement.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry was mapped.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

struct Sent {
    text: String,
    /// What runs it when it goes through a cursor (a query: `send.rs`).
    fetched: String,
    origin: Origin,
}

/// Every statement of `files` as `apply` sends it: `CREATE EXTENSION` and
/// `DROP EXTENSION` go through the shim's functions, the rest verbatim.
fn sent_statements(files: &[&Migration]) -> Vec<Sent> {
    let mut sent = Vec::new();
    for migration in files {
        for statement in &migration.statements {
            let text = extension_ddl_as_sent(&statement.sql);
            let (line, column) = migration.position(statement.start + first_token(&statement.sql));
            sent.push(Sent {
                fetched: crate::postgres::send::fetch_sql(&text),
                text,
                origin: Origin {
                    file: migration.file.clone(),
                    line,
                    column,
                },
            });
        }
    }
    sent
}

/// Rows per object, for the tests.
#[cfg(test)]
fn objects(log: &Log) -> HashMap<(i64, i64), Vec<u32>> {
    let mut map: HashMap<_, Vec<u32>> = HashMap::new();
    for entry in &log.entries {
        map.entry(entry.object).or_default().push(entry.origin.line);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration(file: &str, sql: &str) -> Migration {
        Migration::from_bytes(
            std::path::Path::new(file),
            file.to_string(),
            "20260101000000".to_string(),
            "test".to_string(),
            sql.as_bytes().to_vec(),
        )
    }

    #[test]
    fn entries_map_to_the_statement_that_sent_them() {
        let a = migration(
            "a.sql",
            "create table t (id int);\n\n-- why\nalter table t enable row level security;\n",
        );
        let b = migration("b.sql", "create table t2 (id int);\n");
        let rows = vec![
            (1, "10".into(), a.statements[0].sql.clone(), PG_CLASS, 100),
            (
                2,
                "10".into(),
                "SELECT unrelated_shim()".into(),
                PG_CLASS,
                7,
            ),
            (3, "10".into(), a.statements[1].sql.clone(), PG_CLASS, 100),
            (4, "11".into(), b.statements[0].sql.clone(), PG_CLASS, 200),
        ];
        let log = Log::new(rows, &[&a, &b]);
        assert_eq!(log.len(), 3);
        assert_eq!(objects(&log)[&(PG_CLASS, 100)], vec![1, 4]);
        let found = log.find((PG_CLASS, 100), Some(100), "10");
        assert_eq!(
            found.origin,
            Some(Origin {
                file: "a.sql".into(),
                line: 4,
                column: 1
            })
        );
        assert_eq!(found.statements.len(), 2);
        // A constraint of t2, never named: its table's entry in its transaction.
        let constraint = log.find((2606, 999), Some(200), "11");
        assert_eq!(constraint.origin.map(|o| o.file), Some("b.sql".to_string()));
        let elsewhere = log.find((2606, 999), Some(200), "12");
        assert_eq!(elsewhere.origin, None);
    }
}
