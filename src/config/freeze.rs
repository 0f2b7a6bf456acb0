//! `[freeze]`: the migration freeze, validated.

use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFreeze {
    pub(super) enabled: Option<bool>,
    pub(super) reason: Option<String>,
    pub(super) policy: Option<String>,
    pub(super) from: Option<toml::value::Datetime>,
    pub(super) until: Option<toml::value::Datetime>,
    #[serde(default)]
    pub(super) allow: Vec<String>,
    pub(super) allow_noop_placeholders: Option<bool>,
    pub(super) override_label: Option<String>,
}

/// The migration freeze, from `[freeze]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreezePolicy {
    /// Whether a freeze is declared at all.
    pub enabled: bool,
    /// Why, shown in the report.
    pub reason: Option<String>,
    /// Path or URL of the written policy, linked from the report.
    pub policy: Option<String>,
    /// First day of the freeze (inclusive, UTC).
    pub from: Option<NaiveDate>,
    /// Last day of the freeze (inclusive, UTC).
    pub until: Option<NaiveDate>,
    /// Globs of files allowed during the freeze.
    pub allow: Vec<glob::Pattern>,
    /// Whether no-op placeholders (`SELECT 1` only) are allowed.
    pub allow_noop_placeholders: bool,
    /// A pull-request label that lifts the freeze.
    pub override_label: Option<String>,
}

impl FreezePolicy {
    /// Whether the freeze is in force on `today`.
    pub fn in_force(&self, today: NaiveDate) -> bool {
        self.enabled
            && self.from.is_none_or(|from| today >= from)
            && self.until.is_none_or(|until| today <= until)
    }
}

pub(super) fn resolve_freeze(raw: Option<RawFreeze>) -> Result<FreezePolicy, String> {
    let declared = raw.is_some();
    let raw = raw.unwrap_or_default();
    let date =
        |key: &str, value: Option<toml::value::Datetime>| -> Result<Option<NaiveDate>, String> {
            let Some(value) = value else { return Ok(None) };
            let date = value
                .date
                .filter(|_| value.time.is_none())
                .ok_or_else(|| format!("{key}: write a date such as 2026-01-16, found {value}"))?;
            NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .map(Some)
            .ok_or_else(|| format!("{key}: {value} is not a date"))
        };
    let from = date("from", raw.from)?;
    let until = date("until", raw.until)?;
    if let (Some(from), Some(until)) = (from, until) {
        if from > until {
            return Err(format!("from ({from}) is after until ({until})"));
        }
    }
    let allow = raw
        .allow
        .iter()
        .map(|g| {
            glob::Pattern::new(g).map_err(|e| format!("allow: {g:?} is not a valid glob: {e}"))
        })
        .collect::<Result<_, _>>()?;
    Ok(FreezePolicy {
        enabled: raw.enabled.unwrap_or(declared),
        reason: raw.reason,
        policy: raw.policy,
        from,
        until,
        allow,
        allow_noop_placeholders: raw.allow_noop_placeholders.unwrap_or(false),
        override_label: raw.override_label,
    })
}
