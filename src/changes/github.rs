//! Change sets from a pull request through GitHub's API: works on a
//! shallow checkout, which is what Actions gives by default.

use std::path::PathBuf;

use super::{ChangeError, ChangeFuture, ChangeKind, ChangeSet, ChangeSource, FileChange};
use crate::github::{GitHub, PullFile};

/// Reads the change set of one pull request.
#[derive(Debug, Clone)]
pub struct PullRequestChanges {
    github: GitHub,
    pr: u64,
    base_sha: String,
    base_name: String,
    /// The checked-out head, where the new contents are read.
    workspace: PathBuf,
}

impl PullRequestChanges {
    /// A source for pull request `pr` whose base is `base_sha` (named
    /// `base_name`, e.g. `main`), with the head checked out in `workspace`.
    pub fn new(
        github: GitHub,
        pr: u64,
        base_sha: String,
        base_name: String,
        workspace: PathBuf,
    ) -> Self {
        PullRequestChanges {
            github,
            pr,
            base_sha,
            base_name,
            workspace,
        }
    }

    async fn read(&self, migrations_dir: &str) -> Result<ChangeSet, ChangeError> {
        let failed = |e: crate::github::GitHubError| ChangeError::Failed(e.to_string());
        let prefix = format!("{}/", migrations_dir.trim_end_matches('/'));
        let inside = |path: &str| path.starts_with(&prefix);
        let mut files = Vec::new();
        for file in self.github.pull_files(self.pr).await.map_err(failed)? {
            let touches =
                inside(&file.filename) || file.previous_filename.as_deref().is_some_and(inside);
            if touches {
                files.push(self.change(file).await?);
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let base_files = self
            .github
            .list_dir(migrations_dir, &self.base_sha)
            .await
            .map_err(failed)?;
        Ok(ChangeSet {
            base: format!(
                "{} ({})",
                self.base_name,
                &self.base_sha[..self.base_sha.len().min(12)]
            ),
            files,
            base_files,
        })
    }

    async fn change(&self, file: PullFile) -> Result<FileChange, ChangeError> {
        let kind = match file.status.as_str() {
            "added" | "copied" => ChangeKind::Added,
            "removed" => ChangeKind::Deleted,
            "renamed" => ChangeKind::Renamed,
            _ => ChangeKind::Modified,
        };
        let old_path = file
            .previous_filename
            .clone()
            .filter(|_| kind == ChangeKind::Renamed);
        let old_content = match kind {
            ChangeKind::Added => None,
            _ => {
                let path = old_path.as_deref().unwrap_or(&file.filename);
                self.github
                    .file_at(path, &self.base_sha)
                    .await
                    .map_err(|e| ChangeError::Failed(e.to_string()))?
            }
        };
        let new_content = match kind {
            ChangeKind::Deleted => None,
            _ => Some(
                super::read_new_content(&self.workspace, &file.filename).map_err(|e| {
                    ChangeError::Failed(format!(
                        "{} is in the pull request but not in the checkout: {e}",
                        file.filename
                    ))
                })?,
            ),
        };
        Ok(FileChange {
            kind,
            path: file.filename,
            old_path,
            old_content,
            new_content,
        })
    }
}

impl ChangeSource for PullRequestChanges {
    fn change_set<'a>(&'a self, migrations_dir: &'a str) -> ChangeFuture<'a> {
        Box::pin(self.read(migrations_dir))
    }
}
