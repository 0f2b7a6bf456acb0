//! What a pull request changes in the migrations directory, from git or
//! from GitHub's API: one [`ChangeSet`] either way, so the rules that read
//! it never know the source.

use std::future::Future;
use std::pin::Pin;

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// New in the pull request.
    Added,
    /// Edited in place.
    Modified,
    /// Removed.
    Deleted,
    /// Moved (possibly edited too).
    Renamed,
}

/// One changed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// How it changed.
    pub kind: ChangeKind,
    /// Path relative to the repository root, with `/` (the old path for a deletion).
    pub path: String,
    /// The path before a rename.
    pub old_path: Option<String>,
    /// Contents on the base side (absent for an addition).
    pub old_content: Option<Vec<u8>>,
    /// Contents on the head side (absent for a deletion).
    pub new_content: Option<Vec<u8>>,
}

/// The migration files a change touches, compared with its base.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeSet {
    /// What the change is compared with (`origin/main`, `base sha abc123`).
    pub base: String,
    /// Every changed file under the migrations directory.
    pub files: Vec<FileChange>,
    /// Paths (relative to the repository root) of the migration files on the base side.
    pub base_files: Vec<String>,
}

/// Why a change set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// No repository or no base to compare with: the change-set rules are
    /// skipped with a notice, never an error.
    #[error("{0}")]
    Unavailable(String),
    /// The base exists in name but its history is missing (a shallow clone).
    #[error("{0}")]
    ShallowClone(String),
    /// Anything else (git failed, the API failed).
    #[error("{0}")]
    Failed(String),
}

/// A future returned by a change source.
pub type ChangeFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ChangeSet, ChangeError>> + Send + 'a>>;

/// Where a change set comes from: git, or a pull request on GitHub.
pub trait ChangeSource: Send + Sync {
    /// The changes under `migrations_dir` (relative to the repository root, `/`-separated).
    fn change_set<'a>(&'a self, migrations_dir: &'a str) -> ChangeFuture<'a>;
}

mod git;
mod github;

pub use git::GitChanges;
pub use github::PullRequestChanges;

/// A changed file's head-side contents, read under `root` as every project
/// file is ([`crate::project_file`]): a link or special file is not read,
/// and its "contents" say so, so a diff shows why instead of a secret.
fn read_new_content(root: &std::path::Path, path: &str) -> std::io::Result<Vec<u8>> {
    match crate::project_file::read(root, &root.join(path)) {
        Ok(bytes) => Ok(bytes),
        Err(crate::project_file::ReadError::NotRead(reason)) => {
            Ok(format!("-- (not read: {reason})\n").into_bytes())
        }
        Err(crate::project_file::ReadError::Io(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_changed_file_that_is_a_link_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/proc/self/environ", dir.path().join("1_a.sql")).unwrap();
        std::fs::write(dir.path().join("2_b.sql"), "select 1;").unwrap();
        let link = super::read_new_content(dir.path(), "1_a.sql").unwrap();
        assert!(String::from_utf8(link)
            .unwrap()
            .starts_with("-- (not read: 1_a.sql is a symbolic link"));
        assert_eq!(
            super::read_new_content(dir.path(), "2_b.sql").unwrap(),
            b"select 1;"
        );
    }
}
