//! A fake PostgreSQL installation for the set-up scripts' dry runs: a
//! Debian-style root (`usr/lib/postgresql/<major>/bin`), its share
//! directory with extension control files, and other directories standing
//! in for PATH entries, all in a temporary directory.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The temporary directory the fake installation lives in.
pub struct FakePostgres {
    dir: tempfile::TempDir,
}

impl FakePostgres {
    /// An installation with an empty root and share directory.
    pub fn new() -> FakePostgres {
        let fake = FakePostgres {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(fake.root()).unwrap();
        std::fs::create_dir_all(fake.share()).unwrap();
        std::fs::create_dir_all(fake.path("empty")).unwrap();
        fake
    }

    /// A path in the temporary directory.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The fake /usr/lib/postgresql.
    pub fn root(&self) -> PathBuf {
        self.path("usr/lib/postgresql")
    }

    /// The fake /usr/share/postgresql.
    pub fn share(&self) -> PathBuf {
        self.path("usr/share/postgresql")
    }

    /// Puts these programs, executable, into `<root>/<major>/bin`; returns
    /// the directory.
    pub fn major(&self, major: &str, programs: &[&str]) -> PathBuf {
        let bin = self.root().join(major).join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        for program in programs {
            touch(&bin.join(program), true);
        }
        bin
    }

    /// A server of `major`: its `initdb` and `postgres`.
    pub fn server(&self, major: &str) -> PathBuf {
        self.major(major, &["initdb", "postgres"])
    }

    /// The control file of extension `name` for `major`.
    pub fn extension(&self, major: &str, name: &str) {
        let control = self
            .share()
            .join(major)
            .join("extension")
            .join(format!("{name}.control"));
        touch(&control, false);
    }
}

/// Creates an empty file (and its directories), executable when asked.
pub fn touch(path: &Path, executable: bool) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, "").unwrap();
    let mode = if executable { 0o755 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Runs `scripts/<name>` in dry-run mode with these variables, and none of
/// the inherited ones that would change its decision: exit code, stdout
/// (trimmed) and stderr.
pub fn dry_run(name: &str, envs: &[(&str, &Path)]) -> (i32, String, String) {
    let output = Command::new("bash")
        .arg(super::repo().join("scripts").join(name))
        .env("SCHEMAGATE_DRY_RUN", "1")
        .env_remove("LIBCLANG_PATH")
        .env_remove("SCHEMAGATE_LIB_DIRS")
        .env_remove("SCHEMAGATE_PG_BINDIR")
        .env_remove("SCHEMAGATE_PG_ROOT")
        .env_remove("SCHEMAGATE_PG_PATH")
        .env_remove("SCHEMAGATE_PG_SHARE")
        .env_remove("SCHEMAGATE_PG_MAJOR")
        .env_remove("SCHEMAGATE_PG_EXTENSIONS")
        .envs(envs.iter().map(|(k, v)| (*k, v.as_os_str())))
        .output()
        .expect("run bash");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).trim().to_string(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The line a script prints for a directory it found.
pub fn found(path: &Path) -> String {
    format!("found {}", path.display())
}
