//! The live database's migration history: read it (read-only, simple
//! protocol only, so transaction-mode poolers work), load an exported copy,
//! and, only for `reconcile --repair --yes`, change it.

use std::path::Path;
use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

use crate::postgres::{
    connect, describe, first_text, quote_literal, redact_text, redact_url, BackendError,
};
use crate::report::{RemoteMigration, Report, RunError};
use crate::run_error::{infrastructure, usage};

/// Every row, as JSON, whatever extra columns a hosted project's table has.
const READ_HISTORY_SQL: &str = include_str!("sql/read_history.sql");

/// Why the remote history could not be had.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// The URL is malformed: a usage error.
    #[error("{url} is not a valid PostgreSQL URL: {message}")]
    BadUrl {
        /// Redacted.
        url: String,
        /// Why.
        message: String,
    },
    /// The server could not be reached or refused us: infrastructure (exit 3).
    #[error(transparent)]
    Unreachable(#[from] BackendError),
    /// The server answered but the query failed.
    #[error("reading the migration history on {server}: {message}")]
    Query {
        /// Redacted.
        server: String,
        /// Why.
        message: String,
    },
    /// There is no `supabase_migrations.schema_migrations` table.
    #[error("{server} has no supabase_migrations.schema_migrations table: migrations were never pushed there with the Supabase CLI")]
    MissingTable {
        /// Redacted.
        server: String,
    },
    /// A `--remote-history` file is unreadable or not an export.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
}

impl RemoteError {
    /// Whether this is the user's input (exit 2) rather than the server (exit 3).
    pub fn is_usage(&self) -> bool {
        matches!(self, RemoteError::BadUrl { .. } | RemoteError::File { .. })
    }
}

/// Connection options for a URL, with errors redacted.
pub fn options(url: &str) -> Result<PgConnectOptions, RemoteError> {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(RemoteError::BadUrl {
            url: redact_url(url),
            message: "it must start with postgresql:// or postgres://".to_string(),
        });
    }
    PgConnectOptions::from_str(url).map_err(|e| RemoteError::BadUrl {
        url: redact_url(url),
        message: redact_text(&e.to_string()),
    })
}

/// Reads the history inside a read-only transaction. A missing table is
/// [`RemoteError::MissingTable`].
pub async fn read_history(url: &str) -> Result<Vec<RemoteMigration>, RemoteError> {
    let options = options(url)?;
    let server = describe(&options);
    let mut conn = connect(&options).await?;
    let result = read_history_on(&mut conn, &server).await;
    let _ = conn.close().await;
    result
}

async fn read_history_on(
    conn: &mut PgConnection,
    server: &str,
) -> Result<Vec<RemoteMigration>, RemoteError> {
    let query_error = |e: sqlx::Error| RemoteError::Query {
        server: server.to_string(),
        message: redact_text(&e.to_string()),
    };
    sqlx::raw_sql("BEGIN READ ONLY")
        .execute(&mut *conn)
        .await
        .map_err(query_error)?;
    let result = async {
        let present = first_text(
            conn,
            "SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL",
        )
        .await?;
        if present.as_deref() != Some("t") {
            return Ok(None);
        }
        first_text(conn, READ_HISTORY_SQL).await
    }
    .await;
    let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
    let json = result
        .map_err(query_error)?
        .ok_or_else(|| RemoteError::MissingTable {
            server: server.to_string(),
        })?;
    parse_rows(&json).map_err(|message| RemoteError::Query {
        server: server.to_string(),
        message,
    })
}

fn parse_rows(json: &str) -> Result<Vec<RemoteMigration>, String> {
    let values: Vec<serde_json::Value> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    values
        .into_iter()
        .map(|value| {
            let version = value["version"]
                .as_str()
                .ok_or("a row without a version")?
                .to_string();
            let name = value["name"].as_str().map(str::to_string);
            let statements = value["statements"].as_array().map(|items| {
                items
                    .iter()
                    .map(|s| s.as_str().unwrap_or_default().to_string())
                    .collect()
            });
            Ok(RemoteMigration {
                version,
                name,
                statements,
            })
        })
        .collect()
}

/// Loads a `--remote-history` file: the JSON report of `schemagate list
/// --format json` (its `history.remote`), or a bare array of rows.
pub fn load_history_file(path: &Path) -> Result<Vec<RemoteMigration>, RemoteError> {
    let file_error = |message: String| RemoteError::File {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| file_error(e.to_string()))?;
    if let Ok(report) = serde_json::from_str::<Report>(&text) {
        return report
            .history
            .map(|h| h.remote)
            .ok_or_else(|| file_error("this report has no history section: export it with `schemagate list --remote-url URL --format json`".to_string()));
    }
    serde_json::from_str::<Vec<RemoteMigration>>(&text).map_err(|e| {
        file_error(format!(
            "neither a `schemagate list --format json` report nor an array of history rows: {e}"
        ))
    })
}

/// The live history and where it came from.
#[derive(Debug, Clone)]
pub struct RemoteHistory {
    /// A redacted URL or a file path.
    pub source: String,
    /// The rows.
    pub rows: Vec<RemoteMigration>,
}

/// The remote URL from `--remote-url` or `SUPABASE_DB_URL`.
pub fn remote_url(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_string)
        .or_else(|| std::env::var("SUPABASE_DB_URL").ok())
        .filter(|u| !u.is_empty())
}

/// Reads the remote history from a `--remote-history` file or else the
/// remote URL, if either was given; `None` when neither was.
pub async fn load_remote(
    remote_url_flag: Option<&str>,
    history_file: Option<&Path>,
) -> Result<Option<RemoteHistory>, RunError> {
    if let Some(path) = history_file {
        let rows = load_history_file(path).map_err(remote_error)?;
        return Ok(Some(RemoteHistory {
            source: path.display().to_string(),
            rows,
        }));
    }
    let Some(url) = remote_url(remote_url_flag) else {
        return Ok(None);
    };
    let rows = match read_history(&url).await {
        Ok(rows) => rows,
        // A database never pushed to has an empty history, not a broken one.
        Err(RemoteError::MissingTable { .. }) => Vec::new(),
        Err(e) => return Err(remote_error(e)),
    };
    Ok(Some(RemoteHistory {
        source: redact_url(&url),
        rows,
    }))
}

/// Maps a remote error to the run's error class.
pub fn remote_error(error: RemoteError) -> RunError {
    if error.is_usage() {
        usage(error)
    } else {
        infrastructure(error)
    }
}

/// What `reconcile --repair` does to one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// Insert (or update) the row from the local file, as `migration repair --status applied`.
    Applied(RemoteMigration),
    /// Delete the row, as `migration repair --status reverted`.
    Reverted(String),
}

/// Changes the live history table: the one write schemagate ever makes,
/// behind `reconcile --repair --yes`. All repairs go in one transaction.
/// Returns the rows as they were before (the backup).
pub async fn repair_history(
    url: &str,
    repairs: &[Repair],
) -> Result<Vec<RemoteMigration>, RemoteError> {
    let options = options(url)?;
    let server = describe(&options);
    let mut conn = connect(&options).await?;
    let before = read_history_on(&mut conn, &server).await?;
    let affected: Vec<&str> = repairs
        .iter()
        .map(|r| match r {
            Repair::Applied(row) => row.version.as_str(),
            Repair::Reverted(version) => version.as_str(),
        })
        .collect();
    let backup = before
        .into_iter()
        .filter(|r| affected.contains(&r.version.as_str()))
        .collect();
    let mut sql = String::from("BEGIN;\n");
    for repair in repairs {
        sql.push_str(&repair_sql(repair));
        sql.push('\n');
    }
    sql.push_str("COMMIT;");
    let outcome = sqlx::raw_sql(&sql).execute(&mut conn).await;
    let _ = conn.close().await;
    outcome.map_err(|e| RemoteError::Query {
        server,
        message: redact_text(&e.to_string()),
    })?;
    Ok(backup)
}

fn repair_sql(repair: &Repair) -> String {
    match repair {
        Repair::Applied(row) => {
            let statements = row.statements.as_deref().unwrap_or_default();
            let array = if statements.is_empty() {
                "ARRAY[]::text[]".to_string()
            } else {
                format!(
                    "ARRAY[{}]::text[]",
                    statements
                        .iter()
                        .map(|s| quote_literal(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let name = row
                .name
                .as_deref()
                .map_or("NULL".to_string(), quote_literal);
            format!(
                "INSERT INTO supabase_migrations.schema_migrations (version, name, statements) VALUES ({}, {name}, {array}) ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, statements = EXCLUDED.statements;",
                quote_literal(&row.version)
            )
        }
        Repair::Reverted(version) => format!(
            "DELETE FROM supabase_migrations.schema_migrations WHERE version = {};",
            quote_literal(version)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_parse_with_extra_columns_and_nulls() {
        let rows = parse_rows(
            r#"[{"version":"1","name":"a","statements":["select 1"],"created_by":"x","idempotency_key":null},{"version":"2","name":null,"statements":null}]"#,
        )
        .unwrap();
        assert_eq!(
            rows[0].statements.as_deref(),
            Some(&["select 1".to_string()][..])
        );
        assert_eq!(
            (rows[1].name.as_deref(), rows[1].statements.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn repairs_quote_everything() {
        let sql = repair_sql(&Repair::Applied(RemoteMigration {
            version: "1".into(),
            name: Some("it's".into()),
            statements: Some(vec!["select 'x'".into()]),
        }));
        assert!(
            sql.contains("VALUES ('1', 'it''s', ARRAY['select ''x''']::text[])"),
            "{sql}"
        );
        assert_eq!(
            repair_sql(&Repair::Reverted("2".into())),
            "DELETE FROM supabase_migrations.schema_migrations WHERE version = '2';"
        );
    }
}
