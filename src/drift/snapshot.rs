//! Reads one database's catalog into a [`Snapshot`].
//!
//! Everything runs in one `REPEATABLE READ READ ONLY` transaction that is
//! rolled back, over the simple protocol (no prepared statements, which
//! transaction-mode poolers reject), with catalog queries only: the same
//! code reads the throwaway server and the live database.

use std::collections::BTreeMap;
use std::time::Instant;

use sqlx::{Connection, PgConnection};

use super::{Object, ObjectType, Skipped, Snapshot};
use crate::postgres::{connect, describe, first_text, redact_text, Database};
use crate::remote::{self, remote_error};
use crate::report::{elapsed_ms, RunError};
use crate::run_error::infrastructure;

/// A catalog query as the server runs it: the shared scope
/// (`sql/drift_scope.sql`: which schemas and objects drift compares) before
/// it, and its rows, one an object with the fields of [`Object`] as columns,
/// aggregated into one JSON array.
macro_rules! catalog_query {
    ($file:literal) => {
        concat!(
            include_str!("../sql/drift_scope.sql"),
            "SELECT coalesce(json_agg(drift_object), '[]')::text\nFROM (\n",
            include_str!(concat!("../sql/", $file, ".sql")),
            "\n) AS drift_object\n"
        )
    };
}

/// The catalog queries, one per object kind, each returning a JSON array.
const QUERIES: &[(&str, &str)] = &[
    ("schemas", catalog_query!("drift_schemas")),
    ("extensions", catalog_query!("drift_extensions")),
    ("tables", catalog_query!("drift_tables")),
    ("columns", catalog_query!("drift_columns")),
    ("constraints", catalog_query!("drift_constraints")),
    ("indexes", catalog_query!("drift_indexes")),
    ("policies", catalog_query!("drift_policies")),
    ("functions", catalog_query!("drift_functions")),
    ("triggers", catalog_query!("drift_triggers")),
    ("views", catalog_query!("drift_views")),
    ("enum types", catalog_query!("drift_enums")),
    ("sequences", catalog_query!("drift_sequences")),
    ("grants", catalog_query!("drift_grants")),
    (
        "default privileges",
        catalog_query!("drift_default_privileges"),
    ),
    ("publications", catalog_query!("drift_publications")),
    ("comments", catalog_query!("drift_comments")),
];

/// Which platform tables' rows can be read in full.
const READABLE_SQL: &str = include_str!("../sql/drift_readable.sql");
/// Extensions the Supabase shim emulates (throwaway servers only).
const STUBBED_EXTENSIONS_SQL: &str = catalog_query!("drift_stubbed_extensions");
/// Rows of `storage.buckets`.
const BUCKETS_SQL: &str = catalog_query!("drift_buckets");
/// Rows of `cron.job`.
const CRON_JOBS_SQL: &str = catalog_query!("drift_cron_jobs");

/// Tables whose rows are compared, with the object type they become.
const ROW_TABLES: &[(&str, ObjectType, &str)] = &[
    ("storage.buckets", ObjectType::StorageBucket, BUCKETS_SQL),
    ("cron.job", ObjectType::CronJob, CRON_JOBS_SQL),
];

/// How to take a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotOptions {
    /// `statement_timeout` for each catalog query, in milliseconds.
    pub statement_timeout_ms: u128,
}

impl Default for SnapshotOptions {
    fn default() -> Self {
        SnapshotOptions {
            statement_timeout_ms: 60_000,
        }
    }
}

/// A catalog query failed.
#[derive(Debug, thiserror::Error)]
#[error("reading the {what} of {server}: {message}")]
pub struct SnapshotError {
    /// Which query (`tables`, `policies`).
    pub what: String,
    /// The server, redacted.
    pub server: String,
    /// Why, redacted.
    pub message: String,
}

/// Takes a snapshot of the database `conn` is connected to. `server` names
/// it in errors (already redacted). The transaction is always rolled back.
pub async fn take(
    conn: &mut PgConnection,
    server: &str,
    options: &SnapshotOptions,
) -> Result<Snapshot, SnapshotError> {
    let error = |what: &str, message: String| SnapshotError {
        what: what.to_string(),
        server: server.to_string(),
        message: redact_text(&message),
    };
    // An empty search_path makes pg_get_*def qualify every name, so the
    // same object prints the same way on both servers.
    let begin = format!(
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL search_path = ''; SET LOCAL statement_timeout = {}",
        options.statement_timeout_ms
    );
    sqlx::raw_sql(&begin)
        .execute(&mut *conn)
        .await
        .map_err(|e| error("catalog", e.to_string()))?;
    let result = read_all(conn).await;
    let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
    result.map_err(|(what, message)| error(&what, message))
}

/// The live database's snapshot, read-only, and how long it took.
pub async fn take_live(url: &str, options: &SnapshotOptions) -> (Result<Snapshot, RunError>, u64) {
    let started = Instant::now();
    let snapshot = async {
        let connect_options = remote::options(url).map_err(remote_error)?;
        let mut conn = connect(&connect_options).await.map_err(infrastructure)?;
        let snapshot = take(&mut conn, &describe(&connect_options), options).await;
        let _ = conn.close().await;
        snapshot.map_err(infrastructure)
    }
    .await;
    (snapshot, elapsed_ms(started))
}

/// The throwaway database's snapshot and how long it took. Its catalog
/// statistics are refreshed first (it is ours to write): right after
/// thousands of CREATEs they are stale, and the catalog queries then get
/// the plans of an empty database.
pub async fn take_expected(
    database: &Database,
    options: &SnapshotOptions,
) -> (Result<Snapshot, RunError>, u64) {
    let started = Instant::now();
    let snapshot = async {
        let mut admin = database.connect_admin().await.map_err(infrastructure)?;
        if let Err(e) = sqlx::raw_sql("ANALYZE").execute(&mut admin).await {
            tracing::warn!("could not analyze the throwaway database: {e}");
        }
        let snapshot = take(&mut admin, "the throwaway server", options).await;
        let _ = admin.close().await;
        snapshot.map_err(infrastructure)
    }
    .await;
    (snapshot, elapsed_ms(started))
}

async fn read_all(conn: &mut PgConnection) -> Result<Snapshot, (String, String)> {
    let mut snapshot = Snapshot::default();
    for (what, sql) in QUERIES {
        snapshot.extend(objects(conn, what, sql).await?);
    }
    let stubs = query(
        conn,
        "stubbed extensions",
        // Only a throwaway server has the shim; a role that may not read
        // it (the url backend's non-superuser) sees real extensions only.
        "SELECT coalesce(has_table_privilege(to_regclass('schemagate_shim.stubbed_extensions'), 'SELECT'), false)",
    )
    .await?;
    if stubs.as_deref() == Some("t") {
        snapshot.extend(objects(conn, "stubbed extensions", STUBBED_EXTENSIONS_SQL).await?);
    }
    let readable = query(conn, "platform tables", READABLE_SQL)
        .await?
        .unwrap_or_default();
    let readable: BTreeMap<String, String> = serde_json::from_str(&readable)
        .map_err(|e| ("platform tables".to_string(), e.to_string()))?;
    for (table, object_type, sql) in ROW_TABLES {
        match readable.get(*table).map(String::as_str) {
            Some("readable") => snapshot.extend(objects(conn, table, sql).await?),
            Some("absent") | None => {}
            Some(state) => snapshot.skipped.push(Skipped {
                object_type: *object_type,
                reason: match state {
                    "denied" => format!("this role may not read {table}"),
                    _ => format!("row level security hides rows of {table} from this role (connect as a role with BYPASSRLS, such as postgres)"),
                },
            }),
        }
    }
    Ok(snapshot)
}

async fn query(
    conn: &mut PgConnection,
    what: &str,
    sql: &str,
) -> Result<Option<String>, (String, String)> {
    first_text(conn, sql)
        .await
        .map_err(|e| (what.to_string(), e.to_string()))
}

async fn objects(
    conn: &mut PgConnection,
    what: &str,
    sql: &str,
) -> Result<Vec<Object>, (String, String)> {
    let started = std::time::Instant::now();
    let json = query(conn, what, sql).await?.unwrap_or_else(|| "[]".into());
    let queried = started.elapsed();
    let objects: Vec<Object> = serde_json::from_str(&json)
        .map_err(|e| (what.to_string(), format!("unexpected result: {e}")))?;
    tracing::debug!(
        "snapshot of {what}: {} objects, {} KiB, query {} ms, parse {} ms",
        objects.len(),
        json.len() / 1024,
        queried.as_millis(),
        (started.elapsed() - queried).as_millis()
    );
    Ok(objects)
}
