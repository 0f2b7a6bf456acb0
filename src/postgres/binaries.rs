//! Finds PostgreSQL server binaries on this machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::BackendError;

/// A directory holding `initdb` and `postgres`, and what version they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binaries {
    /// The directory.
    pub bindir: PathBuf,
    /// `postgres --version`, e.g. `postgres (PostgreSQL) 15.18 (Debian …)`.
    pub version: String,
    /// The major version.
    pub major: u32,
}

impl Binaries {
    /// Looks, in order, in `override_dir` (from `SCHEMAGATE_PG_BINDIR`), in
    /// `/usr/lib/postgresql/<wanted_major>/bin`, in `pg_config --bindir`, in
    /// the highest `/usr/lib/postgresql/*/bin`, then on `PATH`.
    pub fn find(
        override_dir: Option<&Path>,
        wanted_major: Option<u32>,
    ) -> Result<Binaries, BackendError> {
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(dir) = override_dir {
            // An explicit choice is final: falling back would hide a typo.
            return Binaries::at(dir).ok_or_else(|| BackendError::BinariesNotFound {
                searched: format!("SCHEMAGATE_PG_BINDIR={}", dir.display()),
            });
        }
        if let Some(major) = wanted_major {
            candidates.push(PathBuf::from(format!("/usr/lib/postgresql/{major}/bin")));
        }
        if let Some(dir) = pg_config_bindir() {
            candidates.push(dir);
        }
        candidates.extend(debian_bindirs());
        candidates.extend(path_bindirs());
        candidates
            .iter()
            .find_map(|dir| Binaries::at(dir))
            .ok_or_else(|| BackendError::BinariesNotFound {
                searched: "pg_config --bindir, /usr/lib/postgresql/*/bin and PATH".to_string(),
            })
    }

    /// The binaries in `dir`, if both are there and `postgres --version` answers.
    pub fn at(dir: &Path) -> Option<Binaries> {
        if !dir.join("initdb").is_file() || !dir.join("postgres").is_file() {
            return None;
        }
        let output = Command::new(dir.join("postgres"))
            .arg("--version")
            .output()
            .ok()?;
        let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
        let major = parse_major(&version)?;
        Some(Binaries {
            bindir: dir.to_path_buf(),
            version,
            major,
        })
    }

    /// The path of one program in the directory.
    pub fn program(&self, name: &str) -> PathBuf {
        self.bindir.join(name)
    }

    /// Whether the server can preload `library` (e.g. `pg_cron`).
    pub fn has_library(&self, library: &str) -> bool {
        let pkglibdir = self.bindir.parent().map(|p| p.join("lib"));
        pkglibdir.is_some_and(|dir| dir.join(format!("{library}.so")).is_file())
    }
}

fn parse_major(version: &str) -> Option<u32> {
    let number = version
        .split_whitespace()
        .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))?;
    number.split(['.', 'b', 'r']).next()?.parse().ok()
}

fn pg_config_bindir() -> Option<PathBuf> {
    let output = Command::new("pg_config").arg("--bindir").output().ok()?;
    output
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()))
}

fn debian_bindirs() -> Vec<PathBuf> {
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| {
                    let major = e.file_name().to_string_lossy().parse::<u32>().ok()?;
                    Some((major, e.path().join("bin")))
                })
                .collect()
        })
        .unwrap_or_default();
    dirs.sort_by_key(|(major, _)| std::cmp::Reverse(*major));
    dirs.into_iter().map(|(_, dir)| dir).collect()
}

/// Every PATH directory holding an `initdb`, each followed by where that
/// `initdb` really lives (Homebrew and /usr/local/bin link into the real bin
/// directory): a lone `initdb` early on PATH must not hide a complete
/// directory later on (`Binaries::at` wants both programs).
fn path_bindirs() -> Vec<PathBuf> {
    let Some(path) = std::env::var_os("PATH") else {
        return Vec::new();
    };
    let mut dirs = Vec::new();
    for dir in std::env::split_paths(&path) {
        let initdb = dir.join("initdb");
        if !initdb.is_file() {
            continue;
        }
        let real = std::fs::canonicalize(&initdb)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf));
        dirs.push(dir);
        dirs.extend(real);
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn majors_parse_from_version_lines() {
        assert_eq!(
            parse_major("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"),
            Some(15)
        );
        assert_eq!(parse_major("postgres (PostgreSQL) 17.6"), Some(17));
        assert_eq!(parse_major("postgres (PostgreSQL) 18beta1"), Some(18));
        assert_eq!(parse_major("nonsense"), None);
    }

    #[test]
    fn an_explicit_bindir_without_binaries_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = Binaries::find(Some(dir.path()), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("SCHEMAGATE_PG_BINDIR"), "{err}");
        assert!(err.contains("apt-get install -y postgresql"), "{err}");
    }
}
