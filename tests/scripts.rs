//! The set-up scripts' detection, against fake library and PostgreSQL roots:
//! `scripts/ensure-build-deps.sh` must accept only the libclang bindgen
//! loads (never `libclang-cpp`), and `scripts/ensure-postgres.sh` only a
//! directory holding both `initdb` and `postgres`. Both run in dry-run mode
//! (`SCHEMAGATE_DRY_RUN=1`), printing `install` or `found <path>`.

mod common;

use std::path::{Path, PathBuf};

use common::fake_postgres::{dry_run, found, touch, FakePostgres};

/// The libclang decision with these files in one fake library directory.
fn libclang_decision(files: &[&str]) -> (String, PathBuf, tempfile::TempDir) {
    let root = tempfile::tempdir().unwrap();
    let lib = root.path().join("usr/lib/x86_64-linux-gnu");
    std::fs::create_dir_all(&lib).unwrap();
    for file in files {
        touch(&lib.join(file), false);
    }
    let (code, stdout, stderr) = dry_run("ensure-build-deps.sh", &[("SCHEMAGATE_LIB_DIRS", &lib)]);
    assert_eq!(code, 0, "{stderr}");
    (stdout, lib, root)
}

#[test]
fn only_the_cpp_interface_of_libclang_means_install() {
    // The machine kind this project runs on ships exactly these.
    let (decision, _, _root) = libclang_decision(&["libclang-cpp.so.14", "libclang-cpp.so"]);
    assert_eq!(decision, "install");
    let (decision, _, _root) = libclang_decision(&[]);
    assert_eq!(decision, "install");
    // Names that merely start like bindgen's.
    let (decision, _, _root) = libclang_decision(&["libclangBasic.so", "libclang.a"]);
    assert_eq!(decision, "install");
}

#[test]
fn each_name_bindgen_loads_is_found() {
    for name in [
        "libclang.so",
        "libclang-14.so",
        "libclang.so.14",
        "libclang-14.so.1",
        "libclang.so.13.0.1",
    ] {
        let (decision, lib, _root) = libclang_decision(&["libclang-cpp.so.14", name]);
        assert_eq!(decision, found(&lib.join(name)), "{name}");
    }
}

#[test]
fn libclang_path_is_honoured_as_a_directory_or_the_file() {
    let root = tempfile::tempdir().unwrap();
    let system = root.path().join("usr/lib");
    touch(&system.join("libclang-cpp.so.14"), false);
    let custom = root.path().join("opt/llvm/lib");
    touch(&custom.join("libclang.so.1"), false);
    let library = custom.join("libclang.so.1");
    for libclang_path in [&custom, &library] {
        let (code, stdout, stderr) = dry_run(
            "ensure-build-deps.sh",
            &[
                ("SCHEMAGATE_LIB_DIRS", &system),
                ("LIBCLANG_PATH", libclang_path),
            ],
        );
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout, found(&library), "LIBCLANG_PATH={libclang_path:?}");
    }
    // A LIBCLANG_PATH holding only the C++ interface finds nothing.
    let (_, stdout, _) = dry_run(
        "ensure-build-deps.sh",
        &[("SCHEMAGATE_LIB_DIRS", &system), ("LIBCLANG_PATH", &system)],
    );
    assert_eq!(stdout, "install");
}

/// What ensure-postgres.sh decides about `fake` with this search path
/// (PATH's stand-in) and variables.
fn decide(fake: &FakePostgres, search_path: &str, envs: &[(&str, &Path)]) -> (i32, String, String) {
    let root = fake.root();
    let search_path = PathBuf::from(search_path);
    let mut all: Vec<(&str, &Path)> = vec![
        ("SCHEMAGATE_PG_ROOT", &root),
        ("SCHEMAGATE_PG_PATH", &search_path),
    ];
    all.extend_from_slice(envs);
    dry_run("ensure-postgres.sh", &all)
}

/// [`decide`] with no other variable, which must succeed: what it printed.
fn decision(fake: &FakePostgres, search_path: &str) -> String {
    let (code, stdout, stderr) = decide(fake, search_path, &[]);
    assert_eq!(code, 0, "{stderr}");
    stdout
}

#[test]
fn a_root_version_counts_only_with_both_programs_highest_first() {
    let fake = FakePostgres::new();
    assert_eq!(decision(&fake, ""), "install");
    fake.major("17", &["initdb"]);
    fake.major("16", &["postgres"]);
    assert_eq!(decision(&fake, ""), "install", "no version has both");
    // Present but not executable is absent.
    let bin = fake.major("15", &["initdb"]);
    touch(&bin.join("postgres"), false);
    assert_eq!(decision(&fake, ""), "install");
    let nine = fake.major("9", &["initdb", "postgres"]);
    assert_eq!(decision(&fake, ""), found(&nine));
    // Numerically highest, not alphabetically: 14 after 9.
    let fourteen = fake.major("14", &["initdb", "postgres"]);
    assert_eq!(decision(&fake, ""), found(&fourteen));
}

#[test]
fn path_directories_count_only_with_both_programs_after_following_initdb() {
    let fake = FakePostgres::new();
    let lone = fake.path("lone/bin");
    touch(&lone.join("initdb"), true);
    let lone_postgres = fake.path("other/bin");
    touch(&lone_postgres.join("postgres"), true);
    let search = format!("{}:{}", lone.display(), lone_postgres.display());
    assert_eq!(decision(&fake, &search), "install");

    // Homebrew-style: a symlinked initdb leads to the real directory.
    let cellar = fake.path("Cellar/postgresql@15/bin");
    touch(&cellar.join("initdb"), true);
    touch(&cellar.join("postgres"), true);
    let linked = fake.path("brew/bin");
    std::fs::create_dir_all(&linked).unwrap();
    std::os::unix::fs::symlink(cellar.join("initdb"), linked.join("initdb")).unwrap();
    let search = format!("{}:{}", lone.display(), linked.display());
    assert_eq!(
        decision(&fake, &search),
        found(&cellar.canonicalize().unwrap())
    );

    // A directory holding both on PATH is taken as it is.
    let both = fake.path("both/bin");
    touch(&both.join("initdb"), true);
    touch(&both.join("postgres"), true);
    let search = format!("{}:{}", lone.display(), both.display());
    assert_eq!(decision(&fake, &search), found(&both));

    // The root comes before PATH.
    let root_bin = fake.major("15", &["initdb", "postgres"]);
    assert_eq!(decision(&fake, &search), found(&root_bin));
}

#[test]
fn pg_config_bindir_counts_only_with_both_programs() {
    let fake = FakePostgres::new();
    let tools = fake.path("tools");
    let half = fake.path("half/bin");
    touch(&half.join("initdb"), true);
    let pg_config = tools.join("pg_config");
    touch(&pg_config, true);
    let write_pg_config = |bindir: &Path| {
        std::fs::write(
            &pg_config,
            format!("#!/bin/sh\necho '{}'\n", bindir.display()),
        )
        .unwrap();
    };
    write_pg_config(&half);
    let search = tools.display().to_string();
    assert_eq!(decision(&fake, &search), "install");
    touch(&half.join("postgres"), true);
    assert_eq!(decision(&fake, &search), found(&half));
}

#[test]
fn an_explicit_bindir_is_final_and_must_hold_both_programs() {
    let fake = FakePostgres::new();
    let elsewhere = fake.major("15", &["initdb", "postgres"]);
    let chosen = fake.path("chosen/bin");
    touch(&chosen.join("initdb"), true);
    let (code, stdout, stderr) = decide(&fake, "", &[("SCHEMAGATE_PG_BINDIR", &chosen)]);
    assert_eq!(
        code, 2,
        "a lone initdb must not pass or fall back: {stdout}"
    );
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains(&format!(
            "SCHEMAGATE_PG_BINDIR={} has no postgres",
            chosen.display()
        )),
        "{stderr}"
    );
    touch(&chosen.join("postgres"), true);
    let (code, stdout, stderr) = decide(&fake, "", &[("SCHEMAGATE_PG_BINDIR", &chosen)]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, found(&chosen));
    assert_ne!(stdout, found(&elsewhere));
}
