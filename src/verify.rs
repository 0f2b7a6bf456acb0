//! Verification queries: the project's own checks that the migrations did
//! what they promise, run after applying (or against the live database,
//! read-only).
//!
//! All queries run in one `READ ONLY` transaction, each under a savepoint,
//! so a failing query is an `error` result and the next still runs.

use std::str::FromStr;
use std::time::Instant;

use sqlx::postgres::{PgConnectOptions, PgRow};
use sqlx::{Connection, PgConnection};
use sqlx::{Row, ValueRef};

use crate::config::{Expectation, RequestIdentity, VerifyQuery};
use crate::postgres::{connect, redact_url};
use crate::report::{
    rows_as_text, Finding, RuleId, RunError, Severity, VerificationResult, VerificationStatus,
};
use crate::run_error::{infrastructure, usage};

/// Rows as text: each value in PostgreSQL's text form, `None` for NULL.
pub type Rows = Vec<Vec<Option<String>>>;

/// Runs every query, in order, inside one read-only transaction that is
/// rolled back at the end. `statement_timeout_ms` bounds each query.
pub async fn run_all(
    conn: &mut PgConnection,
    queries: &[VerifyQuery],
    statement_timeout_ms: u128,
) -> Result<Vec<VerificationResult>, sqlx::Error> {
    let begin = format!("BEGIN READ ONLY; SET LOCAL statement_timeout = {statement_timeout_ms}");
    sqlx::raw_sql(&begin).execute(&mut *conn).await?;
    let mut results = Vec::with_capacity(queries.len());
    for query in queries {
        results.push(run_one(conn, query).await?);
    }
    sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await?;
    Ok(results)
}

async fn run_one(
    conn: &mut PgConnection,
    query: &VerifyQuery,
) -> Result<VerificationResult, sqlx::Error> {
    let started = Instant::now();
    sqlx::raw_sql("SAVEPOINT schemagate_verify")
        .execute(&mut *conn)
        .await?;
    let outcome = match &query.identity {
        None => Ok(()),
        Some(identity) => act_as(conn, identity).await,
    };
    let outcome = match outcome {
        Ok(()) => sqlx::raw_sql(&query.sql).fetch_all(&mut *conn).await,
        Err(e) => Err(e),
    };
    // Always back to the savepoint: the transaction is read-only, so
    // nothing is lost, and the role and claims end with the query.
    sqlx::raw_sql("ROLLBACK TO SAVEPOINT schemagate_verify; RELEASE SAVEPOINT schemagate_verify")
        .execute(&mut *conn)
        .await?;
    let (status, actual, error) = match outcome.map(|rows| text_values(&rows)) {
        Ok(Ok(rows)) => {
            let status = if matches(&query.expect, &rows) {
                VerificationStatus::Pass
            } else {
                VerificationStatus::Fail
            };
            (status, Some(rows), None)
        }
        Ok(Err(e)) | Err(e) => (VerificationStatus::Error, None, Some(describe_error(&e))),
    };
    Ok(VerificationResult {
        name: query.name.clone(),
        status,
        expected: describe_expectation(&query.expect),
        actual,
        error,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
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

/// Every value of every row in its text form. The simple query protocol
/// returns text, so this is exactly what `psql` would print.
fn text_values(rows: &[PgRow]) -> Result<Rows, sqlx::Error> {
    rows.iter()
        .map(|row| {
            (0..row.columns().len())
                .map(|i| {
                    let value = row.try_get_raw(i)?;
                    if value.is_null() {
                        Ok(None)
                    } else {
                        value
                            .as_str()
                            .map(|s| Some(s.to_string()))
                            .map_err(sqlx::Error::Decode)
                    }
                })
                .collect()
        })
        .collect()
}

/// Whether `rows` meet the expectation.
pub fn matches(expect: &Expectation, rows: &Rows) -> bool {
    let count = rows.len() as u64;
    match expect {
        Expectation::Rows(n) => count == *n,
        Expectation::RowRange { min, max } => {
            min.is_none_or(|m| count >= m) && max.is_none_or(|m| count <= m)
        }
        Expectation::Empty => rows.is_empty(),
        Expectation::Equals {
            rows: expected,
            ordered,
        } => {
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
/// transaction [`run_all`] opens; a bad URL is the user's error, an
/// unreachable server or failing transaction the infrastructure's.
pub async fn run_on_live(
    url: &str,
    queries: &[VerifyQuery],
    statement_timeout_ms: u128,
) -> Result<Vec<VerificationResult>, RunError> {
    let options = PgConnectOptions::from_str(url).map_err(|e| {
        usage(format!(
            "{} is not a valid PostgreSQL URL: {e}",
            redact_url(url)
        ))
    })?;
    let mut conn = connect(&options).await.map_err(infrastructure)?;
    let results = run_all(&mut conn, queries, statement_timeout_ms)
        .await
        .map_err(|e| {
            infrastructure(format!(
                "running verification queries on {}: {e}",
                redact_url(url)
            ))
        })?;
    let _ = conn.close().await;
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(values: &[&[Option<&str>]]) -> Rows {
        values
            .iter()
            .map(|r| r.iter().map(|v| v.map(str::to_string)).collect())
            .collect()
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
        assert!(matches(&Expectation::Empty, &Vec::new()));
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
}
