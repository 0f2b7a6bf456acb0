//! A cap on the throwaway server's data directory.
//!
//! The embedded server's directory lives in RAM (`/dev/shm`) when there is
//! room, and one `insert … select generate_series(1, 1e9)` would grow it
//! without end. PostgreSQL caps only temporary files (`temp_file_limit`), so
//! a watcher thread measures the directory a few times a second; past the
//! cap it raises a flag that the apply loop waits on next to its deadline,
//! and the running statement's backend is ended.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::sync::Notify;

/// The environment variable that sets the cap (bytes, or with a `K`, `M`
/// or `G` suffix).
pub const CAP_ENV: &str = "SCHEMAGATE_MAX_DATA_SIZE";
/// The default cap: 2 GiB.
pub const DEFAULT_CAP: u64 = 2 * 1024 * 1024 * 1024;

const POLL: Duration = Duration::from_millis(200);

/// The cap, from [`CAP_ENV`] or the default; a value that does not parse is
/// a usage error.
pub fn cap_from_env() -> Result<u64, String> {
    match std::env::var(CAP_ENV) {
        Ok(text) if !text.trim().is_empty() => parse_size(&text)
            .ok_or_else(|| format!("{CAP_ENV}={text:?} is not a size (e.g. 2G, 512M)")),
        _ => Ok(DEFAULT_CAP),
    }
}

/// `2G`, `512M`, `100k`, `1048576`.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let n: u64 = digits.parse().ok()?;
    let factor = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 1,
        "K" => 1024,
        "M" => 1024 * 1024,
        "G" => 1024 * 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(factor).filter(|n| *n > 0)
}

/// Watches one data directory against a cap; clones share the watch.
#[derive(Debug, Clone)]
pub struct SpaceWatch {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    cap: u64,
    used: AtomicU64,
    exceeded: AtomicBool,
    notify: Notify,
}

impl SpaceWatch {
    /// Starts watching `dir`; the watcher thread ends when the last clone
    /// of the watch is dropped.
    pub fn start(dir: PathBuf, cap: u64) -> SpaceWatch {
        let inner = Arc::new(Inner {
            cap,
            used: AtomicU64::new(0),
            exceeded: AtomicBool::new(false),
            notify: Notify::new(),
        });
        let weak = Arc::downgrade(&inner);
        let spawned = std::thread::Builder::new()
            .name("schemagate-space".to_string())
            .spawn(move || watch(&dir, &weak));
        if let Err(e) = spawned {
            tracing::warn!("cannot watch the data directory's size: {e}");
        }
        SpaceWatch { inner }
    }

    /// The cap, in bytes.
    pub fn cap(&self) -> u64 {
        self.inner.cap
    }

    /// Whether the directory has passed its cap.
    pub fn exceeded(&self) -> bool {
        self.inner.exceeded.load(Ordering::SeqCst)
    }

    /// Resolves once the directory has passed its cap.
    pub async fn wait_exceeded(&self) {
        loop {
            let notified = self.inner.notify.notified();
            if self.exceeded() {
                return;
            }
            notified.await;
        }
    }

    /// A sentence for findings: "out of space for the throwaway server ...".
    pub fn message(&self) -> String {
        format!(
            "out of space for the throwaway server: its data directory grew past the {} cap ({}); the statement was stopped",
            human(self.inner.cap),
            human(self.inner.used.load(Ordering::SeqCst))
        )
    }
}

fn watch(dir: &Path, weak: &Weak<Inner>) {
    loop {
        let Some(inner) = weak.upgrade() else {
            return;
        };
        if !dir.exists() {
            return;
        }
        let used = disk_usage(dir);
        inner.used.store(used, Ordering::SeqCst);
        if used > inner.cap && !inner.exceeded.swap(true, Ordering::SeqCst) {
            inner.notify.notify_waiters();
        }
        drop(inner);
        std::thread::sleep(POLL);
    }
}

/// Bytes allocated under `dir` (files may vanish while we look).
fn disk_usage(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => disk_usage(&entry.path()),
            Ok(meta) => meta.blocks() * 512,
            Err(_) => 0,
        })
        .sum()
}

fn human(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= 1024 * MIB && bytes.is_multiple_of(1024 * MIB) {
        format!("{} GiB", bytes / (1024 * MIB))
    } else {
        format!("{} MiB", bytes.div_ceil(MIB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("2G"), Some(2 * 1024 * 1024 * 1024));
        assert_eq!(parse_size("512M"), Some(512 * 1024 * 1024));
        assert_eq!(parse_size("512MiB"), Some(512 * 1024 * 1024));
        assert_eq!(parse_size("100k"), Some(100 * 1024));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("2T"), None);
    }

    #[tokio::test]
    async fn raises_the_flag_past_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let watch = SpaceWatch::start(dir.path().to_path_buf(), 64 * 1024);
        std::thread::sleep(POLL * 2);
        assert!(!watch.exceeded());
        std::fs::write(dir.path().join("big"), vec![1u8; 256 * 1024]).unwrap();
        tokio::time::timeout(Duration::from_secs(5), watch.wait_exceeded())
            .await
            .expect("the watcher notices within a few polls");
        assert!(watch
            .message()
            .contains("out of space for the throwaway server"));
    }
}
