//! The second wall against leaks: whatever a pull request manages to put
//! into our output (a file we should not have read, an error message that
//! quotes a value), the secrets of the process running us are taken out of
//! every output before it is written: the JSON report, the markdown comment
//! and job summary, annotations, SARIF, human output, logs, the drift
//! tracking issue and emitted files.
//!
//! Secrets are the values of environment variables whose names look secret
//! (`*TOKEN*`, `*SECRET*`, `*PASSWORD*`, `*_KEY`, `DATABASE_URL`, …), the
//! passwords of every URL in the environment, and the passwords of the URLs
//! given on the command line ([`register_url`]). Known patterns (URL
//! passwords, `password=…`, GitHub tokens) are redacted as well, wherever
//! they come from.
//!
//! Values shorter than [`MIN_LEN`] characters and a few well-known
//! defaults (`postgres`, `password`, …) are not scrubbed as free text: they
//! are no secret, and erasing every `postgres` would garble the report.

use std::sync::{LazyLock, RwLock};

use crate::postgres::redact_text;

/// The placeholder that replaces a secret.
pub const REDACTED: &str = "***";

/// Shorter values are not treated as secrets (they would match ordinary
/// text).
pub const MIN_LEN: usize = 6;

/// Values that are defaults everyone knows, not secrets.
const NOT_SECRET: &[&str] = &[
    "postgres", "password", "supabase", "secret", "changeme", "example", "123456", "true", "false",
];

static SECRETS: LazyLock<RwLock<Vec<String>>> =
    LazyLock::new(|| RwLock::new(forms(&from_environment(std::env::vars_os()))));

/// Adds the password of a URL the tool was given (`--remote-url`,
/// `--database-url`, …) to the secrets. Anything that is not a URL with a
/// password adds nothing.
pub fn register_url(url: &str) {
    if let Some(password) = url_password(url) {
        register(&[password]);
    }
}

/// Adds values to the secrets.
pub fn register(values: &[String]) {
    let added = forms(values);
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    for value in added {
        if !secrets.contains(&value) {
            secrets.push(value);
        }
    }
    // Longest first, so a secret containing another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
}

/// `text` with every secret and every known secret pattern replaced by
/// [`REDACTED`].
pub fn scrub(text: &str) -> String {
    let mut text = redact_text(text);
    let secrets = SECRETS.read().unwrap_or_else(|e| e.into_inner());
    for secret in secrets.iter() {
        if text.contains(secret.as_str()) {
            text = text.replace(secret.as_str(), REDACTED);
        }
    }
    text
}

/// `text` scrubbed and made safe for stderr (terminal or Actions log).
pub fn for_log(text: &str) -> String {
    crate::report::plain_text::for_log(&scrub(text))
}

/// Every string inside a JSON value scrubbed (keys too).
pub fn scrub_json(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(text) => Value::String(scrub(&text)),
        Value::Array(items) => Value::Array(items.into_iter().map(scrub_json).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (scrub(&key), scrub_json(value)))
                .collect(),
        ),
        other => other,
    }
}

/// Any serialisable value scrubbed: serialised to JSON, scrubbed, read
/// back. A value that does not make the round trip is returned as is
/// (the rendered output is scrubbed again anyway).
pub fn scrub_value<T: serde::Serialize + serde::de::DeserializeOwned>(value: T) -> T {
    match serde_json::to_value(&value) {
        Ok(json) => serde_json::from_value(scrub_json(json)).unwrap_or(value),
        Err(_) => value,
    }
}

/// A writer that scrubs what goes through it, line by line, so a secret
/// split across two writes is still caught (for logs and streamed output).
pub struct ScrubbingWriter<W: std::io::Write> {
    inner: W,
    pending: Vec<u8>,
    log: bool,
    colour: bool,
}

impl<W: std::io::Write> ScrubbingWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        ScrubbingWriter {
            inner,
            pending: Vec::new(),
            log: false,
            colour: false,
        }
    }

    /// Wraps `inner`, a log (stderr): text is also made safe for a
    /// terminal or an Actions log ([`crate::report::plain_text`]); with
    /// `colour`, plain colour codes pass.
    pub fn for_log(inner: W, colour: bool) -> Self {
        ScrubbingWriter {
            inner,
            pending: Vec::new(),
            log: true,
            colour,
        }
    }

    fn write_lines(&mut self, all: bool) -> std::io::Result<()> {
        let end = if all {
            self.pending.len()
        } else {
            match self.pending.iter().rposition(|b| *b == b'\n') {
                Some(i) => i + 1,
                None => return Ok(()),
            }
        };
        let chunk: Vec<u8> = self.pending.drain(..end).collect();
        let text = String::from_utf8_lossy(&chunk);
        let text = if self.log && self.colour {
            crate::report::plain_text::for_coloured_log(&scrub(&text))
        } else if self.log {
            for_log(&text)
        } else {
            scrub(&text)
        };
        self.inner.write_all(text.as_bytes())
    }
}

impl<W: std::io::Write> std::io::Write for ScrubbingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.write_lines(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.write_lines(true)?;
        self.inner.flush()
    }
}

impl<W: std::io::Write> Drop for ScrubbingWriter<W> {
    fn drop(&mut self) {
        let _ = self.write_lines(true);
        let _ = self.inner.flush();
    }
}

/// Whether an environment variable's name says its value is secret.
/// Action inputs arrive as `INPUT_<NAME>` with dashes kept
/// (`INPUT_GITHUB-TOKEN`), so dashes count as underscores.
pub fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_uppercase().replace('-', "_");
    const PARTS: &[&str] = &[
        "TOKEN",
        "SECRET",
        "PASSWORD",
        "PASSWD",
        "PASSPHRASE",
        "CREDENTIAL",
        "PRIVATE",
        "DATABASE_URL",
        "DB_URL",
        "_DSN",
        "CONNECTION_STRING",
        "_KEY_",
        "APIKEY",
    ];
    PARTS.iter().any(|part| name.contains(part)) || name.ends_with("_KEY") || name == "KEY"
}

/// The secrets of an environment: values of secret-looking names, and the
/// password of every URL.
fn from_environment(
    vars: impl Iterator<Item = (std::ffi::OsString, std::ffi::OsString)>,
) -> Vec<String> {
    let mut secrets = Vec::new();
    for (name, value) in vars {
        let (Some(name), Some(value)) = (name.to_str(), value.to_str()) else {
            continue;
        };
        if is_secret_name(name) {
            secrets.push(value.to_string());
        }
        if let Some(password) = url_password(value) {
            secrets.push(password);
        }
    }
    secrets
}

/// The password of `scheme://user:password@host…`, percent-decoded.
fn url_password(text: &str) -> Option<String> {
    let url = url::Url::parse(text.trim()).ok()?;
    let password = url.password()?;
    Some(percent_decode(password).unwrap_or_else(|| password.to_string()))
}

/// The forms a secret can take in what we write: as is, percent-encoded
/// (in a URL), JSON-escaped, and escaped for a workflow command.
fn forms(values: &[String]) -> Vec<String> {
    let mut forms = Vec::new();
    for value in values {
        let value = value.trim();
        if value.chars().count() < MIN_LEN
            || NOT_SECRET.contains(&value.to_ascii_lowercase().as_str())
        {
            continue;
        }
        let json = serde_json::to_string(value).unwrap_or_default();
        let candidates = [
            value.to_string(),
            url::form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>(),
            percent_encode_component(value),
            json.strip_prefix('"')
                .and_then(|j| j.strip_suffix('"'))
                .unwrap_or(value)
                .to_string(),
            value
                .replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A"),
        ];
        for candidate in candidates {
            if candidate.len() >= MIN_LEN && !forms.contains(&candidate) {
                forms.push(candidate);
            }
        }
    }
    forms
}

fn percent_encode_component(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env(pairs: &[(&str, &str)]) -> Vec<String> {
        from_environment(
            pairs
                .iter()
                .map(|(k, v)| (OsString::from(k), OsString::from(v)))
                .collect::<Vec<_>>()
                .into_iter(),
        )
    }

    #[test]
    fn secret_names_are_recognised() {
        for name in [
            "GITHUB_TOKEN",
            "INPUT_GITHUB-TOKEN",
            "ACTIONS_RUNTIME_TOKEN",
            "MY_SECRET",
            "PGPASSWORD",
            "SUPABASE_SERVICE_ROLE_KEY",
            "DATABASE_URL",
            "SUPABASE_DB_URL",
            "OPENAI_APIKEY",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PATH",
            "HOME",
            "GITHUB_REPOSITORY",
            "MONKEY",
            "GIT_AUTHOR_NAME",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn the_environment_gives_values_and_url_passwords() {
        let secrets = env(&[
            ("GITHUB_TOKEN", "ghs_abcdefghijklmnopqrstuvwxyz0123456789"),
            ("HOME", "/home/runner"),
            ("SOME_URL", "postgres://u:p%40ssw0rd!@db.example.com/x"),
            ("PGPASSWORD", "postgres"),
        ]);
        assert!(secrets.contains(&"ghs_abcdefghijklmnopqrstuvwxyz0123456789".to_string()));
        assert!(secrets.contains(&"p@ssw0rd!".to_string()));
        assert!(!secrets.contains(&"/home/runner".to_string()));
        // Too well known to be a secret; still registered but filtered by forms().
        assert!(forms(&secrets).iter().all(|f| f != "postgres"));
    }

    #[test]
    fn registered_secrets_are_scrubbed_in_every_form() {
        register(&["hunter2-\"quoted\"\nline".to_string()]);
        let raw = "value: hunter2-\"quoted\"\nline end";
        assert_eq!(scrub(raw), "value: *** end");
        let json = serde_json::to_string(raw).unwrap();
        assert!(!scrub(&json).contains("hunter2"), "{}", scrub(&json));
        let command = "::error::hunter2-\"quoted\"%0Aline";
        assert_eq!(scrub(command), "::error::***");
    }

    #[test]
    fn url_passwords_given_on_the_command_line_are_scrubbed_decoded_too() {
        register_url("postgresql://postgres:Tr0ub4dor%263@db.example.com:5432/postgres");
        assert_eq!(
            scrub("auth failed for Tr0ub4dor&3!"),
            "auth failed for ***!"
        );
        assert_eq!(scrub("url Tr0ub4dor%263"), "url ***");
    }

    #[test]
    fn short_and_default_values_are_left_alone() {
        register(&["abc".to_string(), "postgres".to_string()]);
        assert_eq!(scrub("role postgres abc"), "role postgres abc");
    }

    #[test]
    fn json_values_are_scrubbed_everywhere() {
        register(&["s3cr3t-value-42".to_string()]);
        let value = serde_json::json!({"a": ["x s3cr3t-value-42 y"], "s3cr3t-value-42": 1});
        let scrubbed = scrub_json(value).to_string();
        assert!(!scrubbed.contains("s3cr3t"), "{scrubbed}");
    }

    #[test]
    fn the_writer_catches_secrets_split_across_writes() {
        use std::io::Write;
        register(&["split-secret-99".to_string()]);
        let mut out = Vec::new();
        {
            let mut writer = ScrubbingWriter::new(&mut out);
            writer.write_all(b"log: split-").unwrap();
            writer.write_all(b"secret-99 done\n").unwrap();
            writer.flush().unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "log: *** done\n");
    }
}
