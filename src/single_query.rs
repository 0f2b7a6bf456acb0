//! One read-only query, as the parser sees it, fetched with bounds.
//!
//! Verification queries come from the pull request, and `verify` runs them
//! on the live database. So a query is accepted only when PostgreSQL's own
//! parser (pg_query) finds exactly one `SELECT`, `WITH … SELECT`, `VALUES`,
//! `TABLE` or `SHOW` that neither writes (no data-modifying `WITH`, no
//! `SELECT … INTO`) nor locks rows (`FOR UPDATE`). It is then sent with the
//! extended protocol, whose Parse message the server refuses when it holds
//! more than one statement, so a second statement cannot ride along even if
//! the two parsers disagreed; the caller wraps it in a read-only transaction.
//!
//! What comes back is bounded: the server counts the rows, but only the
//! first [`Limits::rows`] rows, each cut to [`Limits::row_chars`]
//! characters, reach this process; the caller reports what was cut.

use pg_query::NodeRef;
use sqlx::{PgConnection, Row};

/// Rows as text: each value in PostgreSQL's text form, `None` for NULL.
pub type Rows = Vec<Vec<Option<String>>>;

/// What kind of query it is: only a `SELECT`-like query can be wrapped to
/// bound its result on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `SELECT`, `WITH … SELECT`, `VALUES`, `TABLE`.
    Select,
    /// `SHOW`: one setting (or all of them), small by nature.
    Show,
}

/// A query that passed [`parse`]: its text without a trailing `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleQuery {
    /// The statement's text, exactly as written, without the `;`.
    pub sql: String,
    /// Its kind.
    pub kind: Kind,
}

const ACCEPTED: &str =
    "a verification query must be exactly one SELECT, WITH … SELECT, VALUES, TABLE or SHOW";

/// Accepts `sql` when it is exactly one read-only query; otherwise says why not.
pub fn parse(sql: &str) -> Result<SingleQuery, String> {
    let parsed =
        pg_query::parse(sql, 0).map_err(|e| format!("is not valid SQL ({e}); {ACCEPTED}"))?;
    let statements = &parsed.protobuf.stmts;
    let raw = match statements.as_slice() {
        [] => return Err(format!("is empty; {ACCEPTED}")),
        [one] => one,
        many => {
            return Err(format!(
                "holds {} statements ({}); {ACCEPTED}",
                many.len(),
                parsed.statement_types().join(", ")
            ))
        }
    };
    let kind = match raw.stmt.as_ref().and_then(|n| n.node.as_ref()) {
        Some(pg_query::NodeEnum::SelectStmt(_)) => Kind::Select,
        Some(pg_query::NodeEnum::VariableShowStmt(_)) => Kind::Show,
        _ => {
            let kind = parsed.statement_types().join(", ");
            return Err(format!(
                "is a {} statement; {ACCEPTED}",
                kind.trim_end_matches("Stmt")
            ));
        }
    };
    if let Some(reason) = parsed
        .protobuf
        .nodes()
        .iter()
        .find_map(|(node, ..)| writes(node))
    {
        return Err(format!("{reason}; {ACCEPTED} that only reads"));
    }
    Ok(SingleQuery {
        sql: statement_text(sql, raw.stmt_location, raw.stmt_len),
        kind,
    })
}

/// Why a node inside a query writes or locks, if it does.
fn writes(node: &NodeRef<'_>) -> Option<&'static str> {
    match node {
        NodeRef::InsertStmt(_) => Some("contains an INSERT"),
        NodeRef::UpdateStmt(_) => Some("contains an UPDATE"),
        NodeRef::DeleteStmt(_) => Some("contains a DELETE"),
        NodeRef::MergeStmt(_) => Some("contains a MERGE"),
        NodeRef::SelectStmt(select) if select.into_clause.is_some() => {
            Some("is a SELECT … INTO, which creates a table")
        }
        NodeRef::SelectStmt(select) if !select.locking_clause.is_empty() => {
            Some("locks rows (FOR UPDATE/SHARE)")
        }
        _ => None,
    }
}

/// The statement's own text: pg_query gives its byte offset and length
/// (0 for "to the end"), without the terminating `;`.
fn statement_text(sql: &str, location: i32, len: i32) -> String {
    let start = usize::try_from(location).unwrap_or(0).min(sql.len());
    let end = match usize::try_from(len) {
        Ok(0) | Err(_) => sql.len(),
        Ok(len) => (start + len).min(sql.len()),
    };
    sql.get(start..end).unwrap_or(sql).trim().to_string()
}

/// How much of a result may reach memory and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Rows kept.
    pub rows: usize,
    /// Characters kept of each row's text.
    pub row_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            rows: 1_000,
            row_chars: 8_192,
        }
    }
}

/// A bounded result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetched {
    /// The rows kept.
    pub rows: Rows,
    /// How many rows the query returned in all (counted by the server).
    pub total_rows: u64,
    /// Indexes (into `rows`) of rows whose text was cut.
    pub cut_rows: Vec<usize>,
}

impl Fetched {
    /// Whether anything was left out.
    pub fn truncated(&self) -> bool {
        self.total_rows > self.rows.len() as u64 || !self.cut_rows.is_empty()
    }
}

/// Runs `query` with the extended protocol and fetches a bounded result.
/// A `SELECT` is wrapped so that the server counts the rows and cuts each
/// row's text (`record` output, parsed back into values here); `SHOW`
/// is fetched as is.
pub async fn fetch(
    conn: &mut PgConnection,
    query: &SingleQuery,
    limits: Limits,
) -> Result<Fetched, sqlx::Error> {
    match query.kind {
        Kind::Select => fetch_wrapped(conn, query, limits).await,
        Kind::Show => fetch_show(conn, query, limits).await,
    }
}

async fn fetch_wrapped(
    conn: &mut PgConnection,
    query: &SingleQuery,
    limits: Limits,
) -> Result<Fetched, sqlx::Error> {
    // ROW(q.*), not q: a column named q would shadow the whole-row reference.
    // The newline ends a trailing `--` comment before the closing parenthesis.
    let wrapped = format!(
        "SELECT count(*) OVER (), left(format('%s', ROW(schemagate_q.*)), {}) FROM ({}\n) AS schemagate_q LIMIT {}",
        limits.row_chars + 1,
        query.sql,
        limits.rows
    );
    let rows = sqlx::query(&wrapped)
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    let mut fetched = Fetched::default();
    for (index, row) in rows.iter().enumerate() {
        let total: i64 = row.try_get(0)?;
        let text: String = row.try_get(1)?;
        fetched.total_rows = u64::try_from(total).unwrap_or(0);
        let cut = text.chars().count() > limits.row_chars;
        let text: String = if cut {
            fetched.cut_rows.push(index);
            text.chars().take(limits.row_chars).collect()
        } else {
            text
        };
        fetched.rows.push(record_fields(&text));
    }
    Ok(fetched)
}

async fn fetch_show(
    conn: &mut PgConnection,
    query: &SingleQuery,
    limits: Limits,
) -> Result<Fetched, sqlx::Error> {
    let rows = sqlx::query(&query.sql)
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    let mut fetched = Fetched {
        total_rows: rows.len() as u64,
        ..Fetched::default()
    };
    for row in rows.iter().take(limits.rows) {
        let mut values = Vec::new();
        let mut chars = 0;
        for i in 0..row.len() {
            let value: Option<String> = row.try_get(i)?;
            chars += value.as_ref().map_or(0, |v| v.chars().count());
            values.push(value);
        }
        if chars > limits.row_chars {
            fetched.cut_rows.push(fetched.rows.len());
            values = values
                .into_iter()
                .map(|v| v.map(|v| v.chars().take(limits.row_chars).collect()))
                .collect();
        }
        fetched.rows.push(values);
    }
    Ok(fetched)
}

/// Splits PostgreSQL's `record` text (`(1,"a b",,"")`) back into values:
/// an unquoted empty field is NULL, `""` is the empty string, inside quotes
/// `""` and `\x` stand for `"` and `x`. A cut record is read as far as it goes.
pub fn record_fields(text: &str) -> Vec<Option<String>> {
    let inner = text.strip_prefix('(').unwrap_or(text);
    let inner = inner.strip_suffix(')').unwrap_or(inner);
    if text == "()" {
        return Vec::new();
    }
    let mut fields = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        let mut value = String::new();
        let mut quoted = false;
        let mut in_quotes = false;
        let mut more = false;
        while let Some(c) = chars.next() {
            match c {
                '"' if in_quotes && chars.peek() == Some(&'"') => {
                    chars.next();
                    value.push('"');
                }
                '"' => {
                    in_quotes = !in_quotes;
                    quoted = true;
                }
                '\\' if in_quotes => {
                    if let Some(next) = chars.next() {
                        value.push(next);
                    }
                }
                ',' if !in_quotes => {
                    more = true;
                    break;
                }
                c => value.push(c),
            }
        }
        fields.push(if value.is_empty() && !quoted {
            None
        } else {
            Some(value)
        });
        if !more {
            break;
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_single_read_only_queries() {
        for (sql, kind) in [
            ("select 1", Kind::Select),
            ("SELECT 1;", Kind::Select),
            ("with t as (select 1) select * from t", Kind::Select),
            ("values (1), (2)", Kind::Select),
            ("table public.items", Kind::Select),
            ("show search_path", Kind::Show),
            ("select 1 union select 2 -- trailing", Kind::Select),
        ] {
            assert_eq!(parse(sql).map(|q| q.kind), Ok(kind), "{sql}");
        }
        assert_eq!(parse("  select 1 ;  ").unwrap().sql, "select 1");
    }

    #[test]
    fn refuses_several_statements_writes_and_locks() {
        for (sql, reason) in [
            (
                "commit; begin read write; delete from public.items; commit; select 1",
                "holds 5 statements",
            ),
            ("select 1; select 2", "holds 2 statements"),
            ("delete from public.items", "is a Delete statement"),
            ("set statement_timeout = 0", "is a VariableSet statement"),
            (
                "with d as (delete from public.items returning *) select * from d",
                "contains a DELETE",
            ),
            (
                "select * into public.copy from public.items",
                "SELECT … INTO",
            ),
            ("select * from public.items for update", "locks rows"),
            ("", "is empty"),
            ("selec 1", "is not valid SQL"),
        ] {
            let error = parse(sql).unwrap_err();
            assert!(error.contains(reason), "{sql}: {error}");
            assert!(error.contains("exactly one SELECT"), "{sql}: {error}");
        }
    }

    #[test]
    fn reads_record_text_back_into_values() {
        assert_eq!(record_fields("()"), Vec::<Option<String>>::new());
        assert_eq!(record_fields("(1)"), vec![Some("1".to_string())]);
        assert_eq!(
            record_fields(r#"(1,"a b",,"","x""y","back\\slash")"#),
            vec![
                Some("1".to_string()),
                Some("a b".to_string()),
                None,
                Some(String::new()),
                Some("x\"y".to_string()),
                Some("back\\slash".to_string()),
            ]
        );
        assert_eq!(record_fields("(,)"), vec![None, None]);
        assert_eq!(
            record_fields("(\"(1,2)\")"),
            vec![Some("(1,2)".to_string())]
        );
        // A cut record: as far as it goes.
        assert_eq!(
            record_fields("(1,\"abc"),
            vec![Some("1".to_string()), Some("abc".to_string())]
        );
    }
}
