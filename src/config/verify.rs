//! `[[verify]]`: the verification queries and what each must return.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVerify {
    pub(super) name: String,
    pub(super) sql: String,
    pub(super) rows: Option<u64>,
    pub(super) min_rows: Option<u64>,
    pub(super) max_rows: Option<u64>,
    pub(super) empty: Option<bool>,
    pub(super) equals: Option<Vec<Vec<toml::Value>>>,
    pub(super) ordered: Option<bool>,
    pub(super) role: Option<String>,
    pub(super) claims: Option<toml::Table>,
}

/// Who a verification query runs as: a role and the JWT claims PostgREST
/// would set for a request carrying them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestIdentity {
    /// The role (`anon`, `authenticated`, `service_role`, or any other).
    pub role: String,
    /// The claims as JSON, always with `role`; `request.jwt.claims`.
    pub claims: serde_json::Map<String, serde_json::Value>,
}

/// What a verification query must return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expectation {
    /// Exactly this many rows.
    Rows(u64),
    /// A row count within bounds (inclusive).
    RowRange {
        /// At least.
        min: Option<u64>,
        /// At most.
        max: Option<u64>,
    },
    /// No rows.
    Empty,
    /// These rows, each value compared as PostgreSQL text (`null` for NULL).
    Equals {
        /// The expected rows.
        rows: Vec<Vec<String>>,
        /// Whether row order matters.
        ordered: bool,
    },
}

/// One verification query from `[[verify]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyQuery {
    /// Its name, shown in reports.
    pub name: String,
    /// The SQL to run.
    pub sql: String,
    /// What it must return.
    pub expect: Expectation,
    /// `role` and `claims`: run as this API caller instead of the
    /// connection's own role.
    pub identity: Option<RequestIdentity>,
}

pub(super) fn resolve_verify(raw: RawVerify) -> Result<VerifyQuery, String> {
    let name = raw.name;
    let kinds = [
        raw.rows.is_some(),
        raw.min_rows.is_some() || raw.max_rows.is_some(),
        raw.empty.is_some(),
        raw.equals.is_some(),
    ];
    let expect = match kinds.iter().filter(|k| **k).count() {
        0 => {
            return Err(format!(
                "{name:?} has no expectation: add one of rows, min_rows/max_rows, empty or equals"
            ))
        }
        1 => {
            if let Some(rows) = raw.rows {
                Expectation::Rows(rows)
            } else if raw.empty == Some(true) {
                Expectation::Empty
            } else if raw.empty == Some(false) {
                Expectation::RowRange { min: Some(1), max: None }
            } else if let Some(rows) = raw.equals {
                Expectation::Equals {
                    rows: rows.iter().map(|row| row.iter().map(value_as_text).collect()).collect(),
                    ordered: raw.ordered.unwrap_or(true),
                }
            } else {
                Expectation::RowRange { min: raw.min_rows, max: raw.max_rows }
            }
        }
        _ => {
            return Err(format!(
                "{name:?} has more than one expectation: use only one of rows, min_rows/max_rows, empty or equals"
            ))
        }
    };
    if raw.ordered.is_some() && !matches!(expect, Expectation::Equals { .. }) {
        return Err(format!("{name:?}: ordered only applies to equals"));
    }
    crate::single_query::parse(&raw.sql)
        .map_err(|reason| format!("{name:?}: the query {reason}"))?;
    let identity = resolve_identity(&name, raw.role, raw.claims)?;
    Ok(VerifyQuery {
        name,
        sql: raw.sql,
        expect,
        identity,
    })
}

/// `role` and `claims`: the role is `role`, else the claims' `role`; the
/// claims carry the role, as a JWT Supabase issues does.
fn resolve_identity(
    name: &str,
    role: Option<String>,
    claims: Option<toml::Table>,
) -> Result<Option<RequestIdentity>, String> {
    let mut claims = match claims {
        None => serde_json::Map::new(),
        Some(table) => match serde_json::to_value(&table) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => return Err(format!("{name:?}: claims must be a table of JWT claims")),
        },
    };
    let claimed_role = match claims.get("role") {
        None => None,
        Some(serde_json::Value::String(role)) => Some(role.clone()),
        Some(_) => return Err(format!("{name:?}: claims.role must be a string")),
    };
    let role = match (role, claimed_role) {
        (None, None) if claims.is_empty() => return Ok(None),
        (None, None) => {
            return Err(format!(
                "{name:?}: claims without a role: add role = \"authenticated\" (or claims.role)"
            ))
        }
        (Some(role), Some(claimed)) if role != claimed => {
            return Err(format!(
                "{name:?}: role = {role:?} but claims.role = {claimed:?}; PostgREST switches to the claims' role"
            ))
        }
        (Some(role), _) | (None, Some(role)) => role,
    };
    if role.trim().is_empty() {
        return Err(format!("{name:?}: role is empty"));
    }
    claims.insert("role".to_string(), serde_json::Value::String(role.clone()));
    Ok(Some(RequestIdentity { role, claims }))
}

/// A TOML value written as PostgreSQL prints it as text: booleans are
/// `t` and `f` there, so `true` in the file must compare as `t`.
pub(super) fn value_as_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Boolean(b) => if *b { "t" } else { "f" }.to_string(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        other => other.to_string(),
    }
}
