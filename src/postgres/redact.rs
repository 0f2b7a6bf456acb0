//! Keeps passwords out of everything we print.

use std::sync::LazyLock;

use regex::Regex;

/// `scheme://user:password@` in any text.
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@").expect("valid regex")
});

/// `password=...` in key/value connection strings and query parameters.
static KEY_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(password|passwd|pwd|sslpassword)\s*=\s*('[^']*'|"[^"]*"|[^\s&;]+)"#)
        .expect("valid regex")
});

/// GitHub tokens: classic (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) and fine-grained.
static GITHUB_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})").expect("valid regex")
});

/// ` (sqlx_postgres::connection::stream:367)`: the source location some
/// crates append to their errors, which tells a user nothing.
static CRATE_LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*\([a-z_][a-z0-9_]*(?:::[a-z0-9_]+)+:\d+\)").expect("valid regex")
});

/// The placeholder that replaces a secret.
pub const REDACTED: &str = "***";

/// A connection URL with its password replaced by `***`.
pub fn redact_url(url: &str) -> String {
    redact_text(url)
}

/// Any text with URL passwords, `password=` values and GitHub tokens
/// replaced by `***`, and crates' source locations removed.
pub fn redact_text(text: &str) -> String {
    let text = CRATE_LOCATION.replace_all(text, "");
    let text = URL_PASSWORD.replace_all(&text, format!("${{1}}{REDACTED}@"));
    let text = KEY_PASSWORD.replace_all(&text, format!("${{1}}={REDACTED}"));
    GITHUB_TOKEN.replace_all(&text, REDACTED).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_passwords_are_redacted() {
        assert_eq!(
            redact_url(
                "postgresql://postgres.abc:s3cr%40t@aws-0.pooler.supabase.com:5432/postgres"
            ),
            "postgresql://postgres.abc:***@aws-0.pooler.supabase.com:5432/postgres"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
    }

    #[test]
    fn key_value_passwords_are_redacted() {
        assert_eq!(
            redact_text(
                "error: host=db password='a b' user=x; postgres://x/y?password=zz&sslmode=require"
            ),
            "error: host=db password=*** user=x; postgres://x/y?password=***&sslmode=require"
        );
    }

    #[test]
    fn github_tokens_are_redacted() {
        let text = "Bad credentials for ghs_16C7e42F292c6912E7710c838347Ae178B4a and github_pat_11ABCDEFG0123456789_abcdefghijklmnop";
        assert_eq!(redact_text(text), "Bad credentials for *** and ***");
    }

    #[test]
    fn crate_source_locations_are_removed() {
        assert_eq!(
            redact_text("unexpected message: NotificationResponse (sqlx_postgres::connection::stream:367): retry"),
            "unexpected message: NotificationResponse: retry"
        );
        assert_eq!(redact_text("see (note: 3)"), "see (note: 3)");
    }

    #[test]
    fn text_around_urls_is_kept() {
        let text = "cannot connect to postgres://admin:hunter2@10.0.0.1/db: refused";
        let redacted = redact_text(text);
        assert!(!redacted.contains("hunter2"));
        assert!(redacted.ends_with("@10.0.0.1/db: refused"));
    }
}
