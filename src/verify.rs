//! Verification queries: the project's own checks that the migrations did
//! what they promise, run after applying (or against the live database,
//! read-only).
//!
//! Each query is exactly one read-only query, as the parser decides, sent
//! with the extended protocol ([`crate::single_query`]). All run in one
//! `READ ONLY` transaction, each under a savepoint, so a failing query is an
//! `error` result and the next still runs. Each has a bound it cannot lift:
//! past `statement_timeout` plus a grace period the backend is ended from a
//! second connection. What a result may carry into memory and the report is
//! bounded too; a `result-truncated` notice says what was cut.

use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

use crate::config::{Expectation, RequestIdentity, VerifyQuery};
use crate::postgres::send::terminate_backend;
use crate::postgres::{connect, redact_url};
use crate::report::{
    rows_as_text, Finding, RuleId, RunError, Severity, VerificationResult, VerificationStatus,
};
use crate::run_error::{infrastructure, usage};
use crate::single_query::{self, Fetched, Limits};

pub use crate::single_query::Rows;

/// How long past `statement_timeout` a query may run before its backend is
/// ended (the server's own timeout normally fires first).
const GRACE: Duration = Duration::from_secs(5);

/// Where the queries run, and how to end them.
pub struct Target<'a> {
    /// The connection (as the migration role, or the live database's user).
    pub conn: &'a mut PgConnection,
    /// Options for a second connection that may end the first one's backend.
    pub rescue: PgConnectOptions,
    /// `statement_timeout` for each query.
    pub statement_timeout: Duration,
}

/// Everything the queries produced: one result each, plus `result-truncated`
/// notices.
#[derive(Debug, Default)]
pub struct Verified {
    /// One result per query, in order.
    pub results: Vec<VerificationResult>,
    /// Notices about results that were cut.
    pub findings: Vec<Finding>,
}

/// Runs every query, in order, inside one read-only transaction that is
/// rolled back at the end.
pub async fn run_all(
    target: Target<'_>,
    queries: &[VerifyQuery],
    config_file: &str,
) -> Result<Verified, sqlx::Error> {
    let Target {
        conn,
        rescue,
        statement_timeout,
    } = target;
    let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut *conn)
        .await?;
    let begin = format!(
        "BEGIN READ ONLY; SET LOCAL statement_timeout = {}",
        statement_timeout.as_millis()
    );
    sqlx::raw_sql(&begin).execute(&mut *conn).await?;
    let mut verified = Verified::default();
    let mut ended: Option<String> = None;
    for query in queries {
        if let Some(name) = &ended {
            verified.results.push(error_result(
                query,
                format!("not run: verification {name:?} ran past its bound, and its connection was ended"),
                Duration::ZERO,
            ));
            continue;
        }
        let limit = statement_timeout + GRACE;
        match run_one(conn, query, limit).await {
            Ok((result, notice)) => {
                verified.results.push(result);
                verified
                    .findings
                    .extend(notice.map(|n| n.in_file(config_file)));
            }
            Err(Bound::Exceeded(elapsed)) => {
                terminate_backend(&rescue, pid).await;
                verified.results.push(error_result(
                    query,
                    format!(
                        "did not finish within {} (statement_timeout plus {} s); its backend was ended",
                        humantime::format_duration(statement_timeout),
                        GRACE.as_secs()
                    ),
                    elapsed,
                ));
                ended = Some(query.name.clone());
            }
            Err(Bound::Failed(e)) => return Err(e),
        }
    }
    if ended.is_none() {
        sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await?;
    }
    Ok(verified)
}

/// Why a query has no result.
enum Bound {
    /// It ran past its bound (after this long).
    Exceeded(Duration),
    /// The connection failed around it (savepoints).
    Failed(sqlx::Error),
}

async fn run_one(
    conn: &mut PgConnection,
    query: &VerifyQuery,
    limit: Duration,
) -> Result<(VerificationResult, Option<Finding>), Bound> {
    let started = Instant::now();
    let checked = match single_query::parse(&query.sql) {
        Ok(checked) => checked,
        Err(reason) => {
            let message = format!("not run: the query {reason}");
            return Ok((error_result(query, message, Duration::ZERO), None));
        }
    };
    sqlx::raw_sql("SAVEPOINT schemagate_verify")
        .execute(&mut *conn)
        .await
        .map_err(Bound::Failed)?;
    let work = async {
        if let Some(identity) = &query.identity {
            act_as(conn, identity).await?;
        }
        single_query::fetch(conn, &checked, Limits::default()).await
    };
    let outcome = tokio::time::timeout(limit, work)
        .await
        .map_err(|_| Bound::Exceeded(started.elapsed()))?;
    // Always back to the savepoint: the transaction is read-only, so
    // nothing is lost, and the role and claims end with the query.
    sqlx::raw_sql("ROLLBACK TO SAVEPOINT schemagate_verify; RELEASE SAVEPOINT schemagate_verify")
        .execute(&mut *conn)
        .await
        .map_err(Bound::Failed)?;
    let fetched = match outcome {
        Ok(fetched) => fetched,
        Err(e) => {
            return Ok((
                error_result(query, describe_error(&e), started.elapsed()),
                None,
            ))
        }
    };
    let status = if matches(&query.expect, &fetched) {
        VerificationStatus::Pass
    } else {
        VerificationStatus::Fail
    };
    let notice = truncation_notice(query, &fetched);
    Ok((
        VerificationResult {
            name: query.name.clone(),
            status,
            expected: describe_expectation(&query.expect),
            actual: Some(fetched.rows),
            error: None,
            duration_ms: millis(started.elapsed()),
        },
        notice,
    ))
}

fn error_result(query: &VerifyQuery, error: String, elapsed: Duration) -> VerificationResult {
    VerificationResult {
        name: query.name.clone(),
        status: VerificationStatus::Error,
        expected: describe_expectation(&query.expect),
        actual: None,
        error: Some(error),
        duration_ms: millis(elapsed),
    }
}

/// A `result-truncated` notice when part of the result was left out.
fn truncation_notice(query: &VerifyQuery, fetched: &Fetched) -> Option<Finding> {
    if !fetched.truncated() {
        return None;
    }
    let limits = Limits::default();
    let mut cut = Vec::new();
    if fetched.total_rows > fetched.rows.len() as u64 {
        cut.push(format!(
            "kept the first {} of {} rows",
            fetched.rows.len(),
            fetched.total_rows
        ));
    }
    if !fetched.cut_rows.is_empty() {
        cut.push(format!(
            "cut {} row(s) to their first {} characters",
            fetched.cut_rows.len(),
            limits.row_chars
        ));
    }
    Some(
        Finding::new(
            RuleId::ResultTruncated,
            Severity::Notice,
            format!(
                "verification {:?} returned more than a report carries: {}; the expectation was judged on the server's full row count, and a cut row never equals an expected one",
                query.name,
                cut.join(", ")
            ),
        )
        .with_help("make the query answer a question (count(*), exists, a limit) rather than return a table"),
    )
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Makes the rest of the savepoint run as `identity` the way PostgREST
/// runs a request: `role`, `request.jwt.claims` (the whole JSON) and
/// `request.jwt.claim.<name>` for each top-level text claim (older
/// PostgREST, and `auth.uid()` reads `request.jwt.claim.sub` first).
/// A role that is a superuser or reaches the server's files or programs
/// is refused: a verification may only ever see what an API caller sees.
async fn act_as(conn: &mut PgConnection, identity: &RequestIdentity) -> Result<(), sqlx::Error> {
    let privileged: Option<bool> = sqlx::query_scalar(include_str!("sql/verify_role.sql"))
        .bind(&identity.role)
        .fetch_optional(&mut *conn)
        .await?;
    match privileged {
        None => {
            return Err(sqlx::Error::Protocol(format!(
                "role {:?} does not exist",
                identity.role
            )))
        }
        Some(true) => {
            return Err(sqlx::Error::Protocol(format!(
                "role {:?} is a superuser or reaches the server's files or programs; verifications run only as API roles",
                identity.role
            )))
        }
        Some(false) => {}
    }
    let claims = serde_json::Value::Object(identity.claims.clone()).to_string();
    sqlx::query("SELECT set_config('request.jwt.claims', $1, true)")
        .bind(&claims)
        .execute(&mut *conn)
        .await?;
    for (name, value) in &identity.claims {
        let Some(text) = value.as_str().filter(|_| is_claim_name(name)) else {
            continue;
        };
        sqlx::query("SELECT set_config($1, $2, true)")
            .bind(format!("request.jwt.claim.{name}"))
            .bind(text)
            .execute(&mut *conn)
            .await?;
    }
    // The role last: after it, the session may no longer set anything.
    sqlx::query("SELECT set_config('role', $1, true)")
        .bind(&identity.role)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether a claim's name makes a valid setting name.
fn is_claim_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Results for queries that were not run, because migrations failed first.
pub fn not_run(queries: &[VerifyQuery]) -> Vec<VerificationResult> {
    queries
        .iter()
        .map(|query| VerificationResult {
            name: query.name.clone(),
            status: VerificationStatus::NotRun,
            expected: describe_expectation(&query.expect),
            actual: None,
            error: None,
            duration_ms: 0,
        })
        .collect()
}

/// One finding per failed or erroring verification.
pub fn findings(results: &[VerificationResult], config_file: &str) -> Vec<Finding> {
    results
        .iter()
        .filter_map(|result| {
            let message = match result.status {
                VerificationStatus::Fail => format!(
                    "verification {:?} expected {}, got {}",
                    result.name,
                    result.expected,
                    rows_as_text(result.actual.as_deref().unwrap_or_default())
                ),
                VerificationStatus::Error => format!(
                    "verification {:?} failed: {}",
                    result.name,
                    result.error.as_deref().unwrap_or("query error")
                ),
                _ => return None,
            };
            Some(
                Finding::new(RuleId::VerificationFailed, Severity::Error, message)
                    .in_file(config_file),
            )
        })
        .collect()
}

/// Whether a (bounded) result meets the expectation: counts are judged on
/// the server's full count; a cut result never equals expected rows.
pub fn matches(expect: &Expectation, fetched: &Fetched) -> bool {
    let count = fetched.total_rows;
    let rows = &fetched.rows;
    match expect {
        Expectation::Rows(n) => count == *n,
        Expectation::RowRange { min, max } => {
            min.is_none_or(|m| count >= m) && max.is_none_or(|m| count <= m)
        }
        Expectation::Empty => count == 0,
        Expectation::Equals {
            rows: expected,
            ordered,
        } => {
            if fetched.truncated() {
                return false;
            }
            let mut actual: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|v| v.clone().unwrap_or_else(|| "null".to_string()))
                        .collect()
                })
                .collect();
            let mut expected = expected.clone();
            if !ordered {
                actual.sort();
                expected.sort();
            }
            actual == expected
        }
    }
}

/// The expectation in words, for reports.
pub fn describe_expectation(expect: &Expectation) -> String {
    match expect {
        Expectation::Rows(1) => "1 row".to_string(),
        Expectation::Rows(n) => format!("{n} rows"),
        Expectation::RowRange {
            min: Some(min),
            max: Some(max),
        } => format!("{min} to {max} rows"),
        Expectation::RowRange {
            min: Some(min),
            max: None,
        } => format!("at least {min} rows"),
        Expectation::RowRange {
            min: None,
            max: Some(max),
        } => format!("at most {max} rows"),
        Expectation::RowRange {
            min: None,
            max: None,
        } => "any number of rows".to_string(),
        Expectation::Empty => "no rows".to_string(),
        Expectation::Equals { rows, ordered } => {
            let rows: Rows = rows
                .iter()
                .map(|r| r.iter().cloned().map(Some).collect())
                .collect();
            let order = if *ordered { "" } else { " (any order)" };
            format!("rows {}{order}", rows_as_text(&rows))
        }
    }
}

fn describe_error(error: &sqlx::Error) -> String {
    match error.as_database_error() {
        Some(db) => match db.code() {
            Some(code) => format!("{} [{code}]", db.message()),
            None => db.message().to_string(),
        },
        None => crate::postgres::redact_text(&error.to_string()),
    }
}

/// Runs `queries` against the live database at `url`, in the read-only
/// transaction [`run_all`] opens, on a session whose
/// `default_transaction_read_only` is on (set at connect time, for this
/// session only: a session `SET` could outlive us on a pooled server
/// connection). A bad URL is the user's error, an unreachable server or
/// failing transaction the infrastructure's.
pub async fn run_on_live(
    url: &str,
    queries: &[VerifyQuery],
    statement_timeout: Duration,
    config_file: &str,
) -> Result<Verified, RunError> {
    let options = PgConnectOptions::from_str(url)
        .map_err(|e| {
            usage(format!(
                "{} is not a valid PostgreSQL URL: {e}",
                redact_url(url)
            ))
        })?
        .options([("default_transaction_read_only", "on")]);
    let mut conn = connect(&options).await.map_err(infrastructure)?;
    let target = Target {
        conn: &mut conn,
        rescue: options.clone(),
        statement_timeout,
    };
    let verified = run_all(target, queries, config_file).await.map_err(|e| {
        infrastructure(format!(
            "running verification queries on {}: {e}",
            redact_url(url)
        ))
    })?;
    let _ = conn.close().await;
    Ok(verified)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(values: &[&[Option<&str>]]) -> Fetched {
        let rows: Rows = values
            .iter()
            .map(|r| r.iter().map(|v| v.map(str::to_string)).collect())
            .collect();
        Fetched {
            total_rows: rows.len() as u64,
            rows,
            cut_rows: Vec::new(),
        }
    }

    #[test]
    fn counts_and_ranges() {
        let two = rows(&[&[Some("a")], &[Some("b")]]);
        assert!(matches(&Expectation::Rows(2), &two));
        assert!(!matches(&Expectation::Rows(5), &two));
        assert!(matches(
            &Expectation::RowRange {
                min: Some(1),
                max: Some(2)
            },
            &two
        ));
        assert!(!matches(
            &Expectation::RowRange {
                min: Some(3),
                max: None
            },
            &two
        ));
        assert!(!matches(
            &Expectation::RowRange {
                min: None,
                max: Some(1)
            },
            &two
        ));
        assert!(matches(&Expectation::Empty, &rows(&[])));
        assert!(!matches(&Expectation::Empty, &two));
    }

    #[test]
    fn equals_compares_text_with_null_and_order() {
        let actual = rows(&[&[Some("b"), None], &[Some("a"), Some("t")]]);
        let expected = vec![
            vec!["a".to_string(), "t".to_string()],
            vec!["b".to_string(), "null".to_string()],
        ];
        assert!(!matches(
            &Expectation::Equals {
                rows: expected.clone(),
                ordered: true
            },
            &actual
        ));
        assert!(matches(
            &Expectation::Equals {
                rows: expected,
                ordered: false
            },
            &actual
        ));
    }

    #[test]
    fn a_cut_result_is_counted_whole_and_never_equals() {
        let mut kept = rows(&[&[Some("a")]]);
        kept.total_rows = 200_000;
        assert!(matches(&Expectation::Rows(200_000), &kept));
        assert!(!matches(&Expectation::Empty, &kept));
        let one = vec![vec!["a".to_string()]];
        let mut cut = rows(&[&[Some("a")]]);
        cut.cut_rows.push(0);
        for fetched in [&kept, &cut] {
            assert!(!matches(
                &Expectation::Equals {
                    rows: one.clone(),
                    ordered: true
                },
                fetched
            ));
        }
    }
}
