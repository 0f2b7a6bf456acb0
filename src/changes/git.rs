//! Change sets from git: `base...HEAD` (plus uncommitted and untracked
//! files, so a developer sees what CI will see before committing), with
//! rename detection.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{ChangeError, ChangeFuture, ChangeKind, ChangeSet, ChangeSource, FileChange};

/// Reads change sets with the `git` command.
#[derive(Debug, Clone)]
pub struct GitChanges {
    /// Any directory inside the work tree.
    dir: PathBuf,
    /// `--base`; `None` picks `$GITHUB_BASE_REF`, then `origin/HEAD` or `main`.
    base: Option<String>,
}

impl GitChanges {
    /// A source for the repository containing `dir`.
    pub fn new(dir: &Path, base: Option<String>) -> Self {
        GitChanges {
            dir: dir.to_path_buf(),
            base,
        }
    }

    fn read(&self, migrations_dir: &str) -> Result<ChangeSet, ChangeError> {
        let git = Git::open(&self.dir)?;
        let base = self.resolve_base(&git)?;
        let merge_base = git
            .run(&["merge-base", &base, "HEAD"])
            .map_err(|_| shallow_or_unrelated(&git, &base))?;
        let merge_base = merge_base.trim().to_string();
        let base_files = git
            .run(&[
                "ls-tree",
                "-r",
                "--name-only",
                "-z",
                &base,
                "--",
                migrations_dir,
            ])?
            .split('\0')
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect();
        let mut files = Vec::new();
        let diff = git.run(&[
            "diff",
            "--name-status",
            "-M",
            "-z",
            &merge_base,
            "--",
            migrations_dir,
        ])?;
        let mut fields = diff.split('\0').filter(|f| !f.is_empty());
        while let Some(status) = fields.next() {
            let change = match status.chars().next() {
                Some('A') => {
                    self.change(&git, &merge_base, ChangeKind::Added, None, fields.next())?
                }
                Some('M' | 'T') => {
                    let path = fields.next();
                    self.change(&git, &merge_base, ChangeKind::Modified, path, path)?
                }
                Some('D') => {
                    self.change(&git, &merge_base, ChangeKind::Deleted, fields.next(), None)?
                }
                Some('R' | 'C') => {
                    let old = fields.next();
                    let new = fields.next();
                    let kind = if status.starts_with('R') {
                        ChangeKind::Renamed
                    } else {
                        ChangeKind::Added
                    };
                    self.change(
                        &git,
                        &merge_base,
                        kind,
                        old.filter(|_| kind == ChangeKind::Renamed),
                        new,
                    )?
                }
                _ => continue,
            };
            files.push(change);
        }
        let untracked = git.run(&[
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--",
            migrations_dir,
        ])?;
        for path in untracked.split('\0').filter(|p| !p.is_empty()) {
            files.push(self.change(&git, &merge_base, ChangeKind::Added, None, Some(path))?);
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(ChangeSet {
            base: format!(
                "{base} (merge base {})",
                &merge_base[..merge_base.len().min(12)]
            ),
            files,
            base_files,
        })
    }

    fn change(
        &self,
        git: &Git,
        merge_base: &str,
        kind: ChangeKind,
        old: Option<&str>,
        new: Option<&str>,
    ) -> Result<FileChange, ChangeError> {
        let old_content = old.map(|path| git.show(merge_base, path)).transpose()?;
        let new_content = new
            .map(|path| super::read_new_content(&git.root, path))
            .transpose()
            .map_err(|e| ChangeError::Failed(format!("cannot read a changed file: {e}")))?;
        let path = new.or(old).unwrap_or_default().to_string();
        Ok(FileChange {
            kind,
            path,
            old_path: old
                .filter(|_| kind == ChangeKind::Renamed)
                .map(str::to_string),
            old_content,
            new_content,
        })
    }

    fn resolve_base(&self, git: &Git) -> Result<String, ChangeError> {
        let candidates: Vec<String> = match (&self.base, std::env::var("GITHUB_BASE_REF")) {
            (Some(base), _) => vec![base.clone(), format!("origin/{base}")],
            (None, Ok(base)) if !base.is_empty() => vec![format!("origin/{base}"), base],
            _ => vec![
                "origin/HEAD".to_string(),
                "origin/main".to_string(),
                "main".to_string(),
            ],
        };
        if let Some(found) = candidates.iter().find(|c| git.has_commit(c)) {
            return Ok(found.clone());
        }
        let tried = candidates.join(", ");
        if git.is_shallow() {
            return Err(ChangeError::ShallowClone(format!(
                "this is a shallow clone without the base branch (tried {tried}); check out with `fetch-depth: 0` (actions/checkout) so schemagate can compare with the base"
            )));
        }
        match &self.base {
            Some(base) => Err(ChangeError::Failed(format!("the base {base:?} is not a commit in this repository (tried {tried})"))),
            None => Err(ChangeError::Unavailable(format!(
                "no base branch to compare with (tried {tried}); change-set rules skipped (pass --base REF)"
            ))),
        }
    }
}

impl ChangeSource for GitChanges {
    fn change_set<'a>(&'a self, migrations_dir: &'a str) -> ChangeFuture<'a> {
        Box::pin(async move {
            let this = self.clone();
            let dir = migrations_dir.to_string();
            tokio::task::spawn_blocking(move || this.read(&dir))
                .await
                .map_err(|e| ChangeError::Failed(e.to_string()))?
        })
    }
}

fn shallow_or_unrelated(git: &Git, base: &str) -> ChangeError {
    if git.is_shallow() {
        ChangeError::ShallowClone(format!(
            "this is a shallow clone: the history between {base} and HEAD is missing; check out with `fetch-depth: 0` (actions/checkout)"
        ))
    } else {
        ChangeError::Failed(format!("{base} and HEAD have no common history"))
    }
}

/// A repository, run through the `git` command.
struct Git {
    root: PathBuf,
}

impl Git {
    fn open(dir: &Path) -> Result<Git, ChangeError> {
        // The action's workspace belongs to another user: without this, git
        // refuses to read it ("dubious ownership"). These calls only read.
        let output = Command::new("git")
            .args(["-c", "safe.directory=*", "rev-parse", "--show-toplevel"])
            .current_dir(dir)
            .output()
            .map_err(|e| {
                ChangeError::Unavailable(format!(
                    "git is not available ({e}); change-set rules skipped"
                ))
            })?;
        if !output.status.success() {
            return Err(ChangeError::Unavailable(
                "not a git repository; change-set rules skipped".to_string(),
            ));
        }
        let root = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        Ok(Git { root })
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("git");
        command
            .args(["-c", "safe.directory=*"])
            .args(args)
            .current_dir(&self.root);
        command
    }

    fn run(&self, args: &[&str]) -> Result<String, ChangeError> {
        let output = self
            .command(args)
            .output()
            .map_err(|e| ChangeError::Failed(format!("git {}: {e}", args.join(" "))))?;
        if !output.status.success() {
            return Err(ChangeError::Failed(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    fn show(&self, rev: &str, path: &str) -> Result<Vec<u8>, ChangeError> {
        let spec = format!("{rev}:{path}");
        let output = self
            .command(&["show", &spec])
            .output()
            .map_err(|e| ChangeError::Failed(format!("git show {spec}: {e}")))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(ChangeError::Failed(format!("git show {spec} failed")))
        }
    }

    fn has_commit(&self, rev: &str) -> bool {
        self.command(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
        .output()
        .is_ok_and(|o| o.status.success())
    }

    fn is_shallow(&self) -> bool {
        self.run(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|out| out.trim() == "true")
    }
}
