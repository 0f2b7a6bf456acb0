//! Several Supabase projects in one repository (`apps/api/supabase`,
//! `apps/web/supabase`): the list the action's `project-dir` input names,
//! one directory per line or a glob, and which of them a change touches.

use std::path::{Path, PathBuf};

/// The projects one `project-dir` value names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Projects {
    /// The project directories, as written or as the glob found them
    /// (relative to the working directory), in order, without duplicates.
    pub dirs: Vec<PathBuf>,
    /// Whether the value named several lines or a glob: the report then has
    /// a section per project, even while a glob finds only one.
    pub several: bool,
}

/// Whether a line is a glob pattern rather than a directory.
fn is_glob(line: &str) -> bool {
    line.contains(['*', '?', '['])
}

/// Expands `value` (one directory or glob per line; blank lines ignored)
/// from `root`. A glob keeps only directories holding `migrations`
/// (relative to each): `apps/*` skips `apps/docs`. A glob that finds no
/// project, or a value naming none, is an error naming the line: a typo
/// must not pass as "nothing to check".
pub fn expand(value: &str, root: &Path, migrations: &Path) -> Result<Projects, String> {
    let lines: Vec<&str> = value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return Ok(Projects {
            dirs: vec![PathBuf::from(".")],
            several: false,
        });
    }
    let mut dirs: Vec<PathBuf> = Vec::new();
    for (number, line) in lines.iter().enumerate() {
        let found = if is_glob(line) {
            glob_projects(line, root, migrations)
                .map_err(|e| format!("input project-dir, line {}: {e}", number + 1))?
        } else {
            vec![PathBuf::from(line)]
        };
        for dir in found {
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    }
    Ok(Projects {
        several: lines.len() > 1 || lines.iter().any(|l| is_glob(l)),
        dirs,
    })
}

fn glob_projects(pattern: &str, root: &Path, migrations: &Path) -> Result<Vec<PathBuf>, String> {
    if Path::new(pattern).is_absolute() || pattern.split('/').any(|part| part == "..") {
        return Err(format!(
            "the glob `{pattern}` must stay inside the repository (no absolute path, no ..)"
        ));
    }
    let full = root.join(pattern.trim_end_matches('/'));
    let entries = glob::glob(&full.to_string_lossy())
        .map_err(|e| format!("`{pattern}` is not a valid glob: {e}"))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|path| path.join(migrations).is_dir())
        // glob drops a leading `./` of its own accord.
        .map(|path| {
            path.strip_prefix(root)
                .map_or(path.clone(), Path::to_path_buf)
        })
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(format!(
            "the glob `{pattern}` finds no directory holding {}",
            migrations.display()
        ));
    }
    Ok(dirs)
}

/// A project directory as a repository-relative prefix with `/` (empty for
/// the repository root), for comparing with changed paths.
fn prefix(dir: &Path) -> String {
    let text = dir.to_string_lossy().replace('\\', "/");
    let text = text.trim_start_matches("./").trim_end_matches('/');
    if text.is_empty() || text == "." {
        String::new()
    } else {
        format!("{text}/")
    }
}

/// Whether a changed path (repository-relative, `/`) belongs to the
/// project in `dir`: its `supabase/` folder, its migrations directory or
/// its configuration file.
pub fn touches(dir: &Path, migrations: &Path, config: &Path, changed: &str) -> bool {
    let base = prefix(dir);
    let Some(inside) = changed.strip_prefix(&base) else {
        return false;
    };
    let migrations = format!("{}/", prefix(migrations).trim_end_matches('/'));
    inside.starts_with("supabase/")
        || inside.starts_with(&migrations)
        || Path::new(inside) == config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dirs: &[&str]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        for dir in dirs {
            std::fs::create_dir_all(root.path().join(dir)).unwrap();
        }
        root
    }

    const MIGRATIONS: &str = "supabase/migrations";

    #[test]
    fn lines_and_globs_expand_in_order_without_duplicates() {
        let root = tree(&[
            "apps/web/supabase/migrations",
            "apps/web/supabase/migrations/nested",
            "apps/api/supabase/migrations",
            "apps/docs/src",
            "db/supabase/migrations",
        ]);
        let projects = expand(
            "db\n\n  apps/*  \napps/api\n",
            root.path(),
            Path::new(MIGRATIONS),
        )
        .unwrap();
        assert_eq!(
            projects.dirs,
            [
                PathBuf::from("db"),
                PathBuf::from("apps/api"),
                PathBuf::from("apps/web")
            ]
        );
        assert!(projects.several);
        let one = expand("apps/api", root.path(), Path::new(MIGRATIONS)).unwrap();
        assert_eq!(one.dirs, [PathBuf::from("apps/api")]);
        assert!(!one.several);
        let default = expand("", root.path(), Path::new(MIGRATIONS)).unwrap();
        assert_eq!(default.dirs, [PathBuf::from(".")]);
    }

    #[test]
    fn a_glob_finding_no_project_is_an_error_naming_its_line() {
        let root = tree(&["apps/docs/src"]);
        let err = expand("db\napps/*", root.path(), Path::new(MIGRATIONS)).unwrap_err();
        assert_eq!(
            err,
            "input project-dir, line 2: the glob `apps/*` finds no directory holding supabase/migrations"
        );
        let err = expand("../*", root.path(), Path::new(MIGRATIONS)).unwrap_err();
        assert!(err.contains("must stay inside the repository"), "{err}");
        let err = expand("apps/[", root.path(), Path::new(MIGRATIONS)).unwrap_err();
        assert!(err.contains("not a valid glob"), "{err}");
    }

    #[test]
    fn a_change_touches_a_project_through_its_supabase_folder_or_config() {
        let (m, c) = (Path::new(MIGRATIONS), Path::new("schemagate.toml"));
        let api = Path::new("apps/api");
        assert!(touches(api, m, c, "apps/api/supabase/migrations/1_a.sql"));
        assert!(touches(api, m, c, "apps/api/supabase/seed.sql"));
        assert!(touches(api, m, c, "apps/api/schemagate.toml"));
        assert!(!touches(api, m, c, "apps/api/src/main.ts"));
        assert!(!touches(api, m, c, "apps/api2/supabase/migrations/1_a.sql"));
        assert!(!touches(api, m, c, "apps/web/supabase/migrations/1_a.sql"));
        // A migrations directory outside supabase/.
        assert!(touches(
            api,
            Path::new("db/migrations"),
            c,
            "apps/api/db/migrations/1.sql"
        ));
        // The repository root as the project.
        assert!(touches(Path::new("."), m, c, "supabase/migrations/1_a.sql"));
        assert!(!touches(Path::new("./"), m, c, "apps/api/supabase/x.sql"));
    }
}
