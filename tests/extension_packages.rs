//! `scripts/ensure-postgres.sh`'s extension-package decision, against a fake
//! PostgreSQL root and share directory, in dry-run mode: it names exactly
//! the Debian packages of the extensions the found major lacks, and asks
//! for the major `SCHEMAGATE_PG_MAJOR` names.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The packages the script knows, by control file name (the script's list).
const KNOWN: &[(&str, &str)] = &[
    ("pg_cron", "cron"),
    ("pgtap", "pgtap"),
    ("plpgsql_check", "plpgsql-check"),
    ("hypopg", "hypopg"),
    ("pgaudit", "pgaudit"),
    ("pgrouting", "pgrouting"),
    ("rum", "rum"),
    ("pg_repack", "repack"),
    ("pg_partman", "partman"),
    ("postgis", "postgis-3"),
    ("vector", "pgvector"),
    ("http", "http"),
];

struct Fake {
    dir: tempfile::TempDir,
}

impl Fake {
    fn new() -> Fake {
        let fake = Fake {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir_all(fake.lib()).unwrap();
        std::fs::create_dir_all(fake.share()).unwrap();
        fake
    }

    fn lib(&self) -> PathBuf {
        self.dir.path().join("usr/lib/postgresql")
    }

    fn share(&self) -> PathBuf {
        self.dir.path().join("usr/share/postgresql")
    }

    fn server(&self, major: &str) -> PathBuf {
        let bin = self.lib().join(major).join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        for program in ["initdb", "postgres"] {
            std::fs::write(bin.join(program), "").unwrap();
            std::fs::set_permissions(bin.join(program), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        bin
    }

    fn extension(&self, major: &str, name: &str) {
        let dir = self.share().join(major).join("extension");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.control")), "").unwrap();
    }

    /// The script's dry-run decision, its lines.
    fn decide(&self, envs: &[(&str, &str)]) -> (i32, Vec<String>, String) {
        let empty = self.dir.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let output = Command::new("bash")
            .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/ensure-postgres.sh"))
            .env("SCHEMAGATE_DRY_RUN", "1")
            .env_remove("SCHEMAGATE_PG_BINDIR")
            .env_remove("SCHEMAGATE_PG_MAJOR")
            .env_remove("SCHEMAGATE_PG_EXTENSIONS")
            .env("SCHEMAGATE_PG_ROOT", self.lib())
            .env("SCHEMAGATE_PG_SHARE", self.share())
            .env("SCHEMAGATE_PG_PATH", &empty)
            .envs(envs.iter().copied())
            .output()
            .expect("run bash");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout)
                .lines()
                .map(str::to_string)
                .collect(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

fn packages(major: &str, except: &[&str]) -> String {
    let names: Vec<String> = KNOWN
        .iter()
        .filter(|(name, _)| !except.contains(name))
        .map(|(_, suffix)| format!("postgresql-{major}-{suffix}"))
        .collect();
    format!("extensions: install {}", names.join(" "))
}

fn found(path: &Path) -> String {
    format!("found {}", path.display())
}

#[test]
fn only_the_missing_extensions_of_the_found_major_are_installed() {
    let fake = Fake::new();
    let bin = fake.server("15");
    let (code, lines, stderr) = fake.decide(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines, [found(&bin), packages("15", &[])]);

    // An extension of another major does not count.
    fake.extension("17", "pg_cron");
    fake.extension("15", "postgis");
    fake.extension("15", "pg_cron");
    let (_, lines, _) = fake.decide(&[]);
    assert_eq!(
        lines,
        [found(&bin), packages("15", &["postgis", "pg_cron"])]
    );

    for (name, _) in KNOWN {
        fake.extension("15", name);
    }
    let (_, lines, _) = fake.decide(&[]);
    assert_eq!(lines, [found(&bin), "extensions: present".to_string()]);
}

#[test]
fn extensions_can_be_skipped() {
    let fake = Fake::new();
    let bin = fake.server("15");
    let (_, lines, _) = fake.decide(&[("SCHEMAGATE_PG_EXTENSIONS", "0")]);
    assert_eq!(lines, [found(&bin)]);
}

#[test]
fn a_wanted_major_is_the_only_one_that_counts() {
    let fake = Fake::new();
    fake.server("15");
    let (code, lines, stderr) = fake.decide(&[("SCHEMAGATE_PG_MAJOR", "17")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines, ["install".to_string(), packages("17", &[])]);
    let seventeen = fake.server("17");
    fake.server("18");
    let (_, lines, _) = fake.decide(&[("SCHEMAGATE_PG_MAJOR", "17")]);
    assert_eq!(lines[0], found(&seventeen));
    let (code, _, stderr) = fake.decide(&[("SCHEMAGATE_PG_MAJOR", "seventeen")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("SCHEMAGATE_PG_MAJOR=seventeen is not a major version number"),
        "{stderr}"
    );
}
