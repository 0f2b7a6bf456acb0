//! `[apply]`: the timeouts for applying migrations.

use std::time::Duration;

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawApply {
    pub(super) statement_timeout: Option<String>,
    pub(super) lock_timeout: Option<String>,
    pub(super) file_timeout: Option<String>,
}

/// Timeouts for applying migrations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplySettings {
    /// `statement_timeout` set for each file.
    pub statement_timeout: Duration,
    /// `lock_timeout` set for each file.
    pub lock_timeout: Duration,
    /// Client-side deadline for one whole file; the backend is cancelled past it.
    pub file_timeout: Duration,
}

impl Default for ApplySettings {
    fn default() -> Self {
        ApplySettings {
            statement_timeout: Duration::from_secs(60),
            lock_timeout: Duration::from_secs(60),
            file_timeout: Duration::from_secs(600),
        }
    }
}

pub(super) fn resolve_apply(raw: &RawApply) -> Result<ApplySettings, String> {
    let defaults = ApplySettings::default();
    let duration = |key: &str, value: &Option<String>, default: Duration| match value {
        None => Ok(default),
        Some(text) => humantime::parse_duration(text)
            .map_err(|e| format!("apply.{key}: {e} (write a duration such as \"60s\" or \"10m\")"))
            .and_then(|d| possible_timeout(key, text, d)),
    };
    Ok(ApplySettings {
        statement_timeout: duration(
            "statement_timeout",
            &raw.statement_timeout,
            defaults.statement_timeout,
        )?,
        lock_timeout: duration("lock_timeout", &raw.lock_timeout, defaults.lock_timeout)?,
        file_timeout: duration("file_timeout", &raw.file_timeout, defaults.file_timeout)?,
    })
}

/// The longest timeout PostgreSQL takes: its settings are `int`
/// milliseconds.
const MAX_TIMEOUT: Duration = Duration::from_millis(i32::MAX as u64);

/// A timeout PostgreSQL (and the client-side deadline) can honour: at
/// least a millisecond (below, PostgreSQL would round to 0, which means no
/// limit at all) and at most [`MAX_TIMEOUT`].
fn possible_timeout(key: &str, text: &str, duration: Duration) -> Result<Duration, String> {
    if duration < Duration::from_millis(1) {
        Err(format!("apply.{key}: {text:?} is less than 1ms, which PostgreSQL reads as no limit at all; write at least \"1ms\""))
    } else if duration > MAX_TIMEOUT {
        Err(format!(
            "apply.{key}: {text:?} is longer than PostgreSQL's maximum of {} (about 24 days)",
            humantime::format_duration(MAX_TIMEOUT)
        ))
    } else {
        Ok(duration)
    }
}
