//! `scripts/ensure-postgres.sh`'s extension-package decision, against a fake
//! PostgreSQL root and share directory, in dry-run mode: it names exactly
//! the Debian packages of the extensions the found major lacks, and asks
//! for the major `SCHEMAGATE_PG_MAJOR` names.

mod common;

use std::path::Path;

use common::fake_postgres::{dry_run, found, FakePostgres};

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

/// ensure-postgres.sh's decision about `fake`, looking at its share
/// directory and nothing on PATH, with `envs`: exit code, lines, stderr.
fn decide(fake: &FakePostgres, envs: &[(&str, &str)]) -> (i32, Vec<String>, String) {
    let (root, share, empty) = (fake.root(), fake.share(), fake.path("empty"));
    let mut all: Vec<(&str, &Path)> = vec![
        ("SCHEMAGATE_PG_ROOT", &root),
        ("SCHEMAGATE_PG_SHARE", &share),
        ("SCHEMAGATE_PG_PATH", &empty),
    ];
    all.extend(envs.iter().map(|(k, v)| (*k, Path::new(v))));
    let (code, stdout, stderr) = dry_run("ensure-postgres.sh", &all);
    (code, stdout.lines().map(str::to_string).collect(), stderr)
}

fn packages(major: &str, except: &[&str]) -> String {
    let names: Vec<String> = KNOWN
        .iter()
        .filter(|(name, _)| !except.contains(name))
        .map(|(_, suffix)| format!("postgresql-{major}-{suffix}"))
        .collect();
    format!("extensions: install {}", names.join(" "))
}

#[test]
fn only_the_missing_extensions_of_the_found_major_are_installed() {
    let fake = FakePostgres::new();
    let bin = fake.server("15");
    let (code, lines, stderr) = decide(&fake, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines, [found(&bin), packages("15", &[])]);

    // An extension of another major does not count.
    fake.extension("17", "pg_cron");
    fake.extension("15", "postgis");
    fake.extension("15", "pg_cron");
    let (_, lines, _) = decide(&fake, &[]);
    assert_eq!(
        lines,
        [found(&bin), packages("15", &["postgis", "pg_cron"])]
    );

    for (name, _) in KNOWN {
        fake.extension("15", name);
    }
    let (_, lines, _) = decide(&fake, &[]);
    assert_eq!(lines, [found(&bin), "extensions: present".to_string()]);
}

#[test]
fn extensions_can_be_skipped() {
    let fake = FakePostgres::new();
    let bin = fake.server("15");
    let (_, lines, _) = decide(&fake, &[("SCHEMAGATE_PG_EXTENSIONS", "0")]);
    assert_eq!(lines, [found(&bin)]);
}

#[test]
fn a_wanted_major_is_the_only_one_that_counts() {
    let fake = FakePostgres::new();
    fake.server("15");
    let (code, lines, stderr) = decide(&fake, &[("SCHEMAGATE_PG_MAJOR", "17")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines, ["install".to_string(), packages("17", &[])]);
    let seventeen = fake.server("17");
    fake.server("18");
    let (_, lines, _) = decide(&fake, &[("SCHEMAGATE_PG_MAJOR", "17")]);
    assert_eq!(lines[0], found(&seventeen));
    let (code, _, stderr) = decide(&fake, &[("SCHEMAGATE_PG_MAJOR", "seventeen")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("SCHEMAGATE_PG_MAJOR=seventeen is not a major version number"),
        "{stderr}"
    );
}
