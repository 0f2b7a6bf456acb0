//! Sends one statement of untrusted SQL (a migration's, a seed's), with
//! the protocol messages `sqlx::raw_sql` cannot take handled, and ends a
//! backend whose statement ran past its bound.
//!
//! - `COPY … TO STDOUT` streams `CopyData`: it is read and thrown away.
//! - `COPY … FROM STDIN` waits for data from the client: nothing follows it
//!   in a migration, so the copy is failed at once (`CopyFail`) with a clear
//!   message, instead of the server waiting forever.
//! - A query's rows are thrown away, yet `raw_sql` would read each one whole
//!   (`select repeat('x', 1e9::int)` held gigabytes): a plain query runs
//!   through a cursor instead (`DECLARE … ; MOVE FORWARD ALL`), which
//!   evaluates every row on the server and sends none. Should the `DECLARE`
//!   itself fail, the statement is run as written, under a savepoint, so the
//!   error (and its position) is PostgreSQL's own for the original text.
//! - `NOTIFY` to a channel the session `LISTEN`s on sends a
//!   `NotificationResponse` when the session goes idle after commit:
//!   [`COMMIT`] drops every `LISTEN` first, in the same transaction, so no
//!   notification is ever sent to us.

use std::time::Duration;

use pg_query::NodeEnum;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

use crate::migrations::lexer::strip_comments;

/// Commits after dropping the session's `LISTEN`s, which take effect
/// together at commit, so no `NotificationResponse` follows.
pub const COMMIT: &str = "UNLISTEN *; COMMIT";

/// What became of a statement that did not fail on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// It ran.
    Done,
    /// schemagate refused it, for this reason (the transaction is aborted).
    Refused(String),
}

/// How a `COPY` moves its data, when it moves it through the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientCopy {
    FromStdin,
    ToStdout,
}

/// Runs `sql` (one statement) on `conn`.
pub async fn statement(conn: &mut PgConnection, sql: &str) -> Result<Sent, sqlx::Error> {
    if is_query(sql) {
        return rows_discarded_on_the_server(conn, sql).await;
    }
    match client_copy(sql) {
        None => sqlx::raw_sql(sql)
            .execute(&mut *conn)
            .await
            .map(|_| Sent::Done),
        Some(ClientCopy::ToStdout) => {
            use futures_util::TryStreamExt;
            let mut stream = conn.copy_out_raw(sql).await?;
            while stream.try_next().await?.is_some() {}
            Ok(Sent::Done)
        }
        Some(ClientCopy::FromStdin) => {
            let copy = conn.copy_in_raw(sql).await?;
            copy.abort("schemagate sends no COPY data").await?;
            Ok(Sent::Refused(
                "COPY … FROM STDIN reads its rows from the client, and a migration file has no way to send them (the Supabase CLI sends none either); use INSERT … VALUES, or put the data in a seed file as INSERTs".to_string(),
            ))
        }
    }
}

/// Whether `sql` is a plain read-only query (decided by the parser, which is
/// only asked when the statement starts like one).
fn is_query(sql: &str) -> bool {
    let text = strip_comments(sql);
    let head: String = text
        .trim_start()
        .trim_start_matches('(')
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(head.as_str(), "select" | "with" | "values" | "table")
        && crate::single_query::parse(sql)
            .is_ok_and(|q| q.kind == crate::single_query::Kind::Select)
}

/// Runs a query through a cursor so its rows never reach us; a `DECLARE`
/// that fails is undone and the statement run as written for the real error.
async fn rows_discarded_on_the_server(
    conn: &mut PgConnection,
    sql: &str,
) -> Result<Sent, sqlx::Error> {
    let text = crate::single_query::parse(sql)
        .map(|q| q.sql)
        .unwrap_or_else(|_| sql.to_string());
    let declare = format!(
        "SAVEPOINT schemagate_query; DECLARE schemagate_rows NO SCROLL CURSOR FOR {text}\n"
    );
    if let Err(e) = sqlx::raw_sql(&declare).execute(&mut *conn).await {
        if e.as_database_error().is_none() {
            return Err(e);
        }
        sqlx::raw_sql("ROLLBACK TO SAVEPOINT schemagate_query")
            .execute(&mut *conn)
            .await?;
        sqlx::raw_sql(sql).execute(&mut *conn).await?;
        return Ok(Sent::Done);
    }
    sqlx::raw_sql(&fetch_sql(sql)).execute(&mut *conn).await?;
    Ok(Sent::Done)
}

/// The text that runs a query sent through the cursor. A function the query
/// calls runs here, so DDL it does (`select pgmq.create('jobs')`) sees this
/// as `current_query()`: it ends with a digest of the statement, which lets
/// the advisors tell which statement it was (the statement itself cannot be
/// put in a comment safely).
pub fn fetch_sql(sql: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(sql.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "MOVE FORWARD ALL IN schemagate_rows; CLOSE schemagate_rows; RELEASE SAVEPOINT schemagate_query -- statement {hex}"
    )
}

/// Whether `sql` is a `COPY` through the client (decided by the parser,
/// which is only asked when the statement starts with `COPY`).
fn client_copy(sql: &str) -> Option<ClientCopy> {
    let text = strip_comments(sql);
    let head = text.trim_start().get(..4)?;
    if !head.eq_ignore_ascii_case("copy") {
        return None;
    }
    let parsed = pg_query::parse(sql, 0).ok()?;
    let node = parsed
        .protobuf
        .stmts
        .first()?
        .stmt
        .as_ref()?
        .node
        .as_ref()?;
    match node {
        NodeEnum::CopyStmt(copy) if copy.filename.is_empty() && !copy.is_program => {
            Some(if copy.is_from {
                ClientCopy::FromStdin
            } else {
                ClientCopy::ToStdout
            })
        }
        _ => None,
    }
}

/// How long ending a backend may take before we give up on it.
const RESCUE_TIMEOUT: Duration = Duration::from_secs(10);

/// Ends backend `pid` from a new connection made with `options` (the
/// superuser on our servers; the same role on a live database, which may
/// end its own backends). Best effort: the caller drops its connection
/// whatever happens, which the server notices at its next write.
pub async fn terminate_backend(options: &PgConnectOptions, pid: i32) {
    let work = async {
        let mut conn = super::connect(options).await.ok()?;
        let _ = sqlx::query("SELECT pg_terminate_backend($1)")
            .bind(pid)
            .execute(&mut conn)
            .await;
        let _ = conn.close().await;
        Some(())
    };
    if tokio::time::timeout(RESCUE_TIMEOUT, work).await.is_err() {
        tracing::debug!(pid, "could not end the backend in time");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_copies_through_the_client() {
        assert_eq!(
            client_copy("copy public.a from stdin"),
            Some(ClientCopy::FromStdin)
        );
        assert_eq!(
            client_copy("-- x\nCOPY (select 1) TO STDOUT with (format csv)"),
            Some(ClientCopy::ToStdout)
        );
        assert_eq!(client_copy("copy public.a to '/tmp/x'"), None);
        assert_eq!(client_copy("copy public.a from program 'id'"), None);
        assert_eq!(client_copy("select 1"), None);
        assert_eq!(client_copy("create table copy (id int)"), None);
    }
}
