//! Compiles `src/guard/schemagate_guard.c` once per PostgreSQL major whose
//! server headers are installed, and embeds the libraries: the embedded
//! backend writes the matching one into the server's private directory and
//! preloads it. A major without headers simply gets no guard; the run then
//! says so (finding `server-guard-absent`), it is never silent.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const SOURCE: &str = "src/guard/schemagate_guard.c";

/// A `pg_config` and what it says.
struct PgConfig {
    major: u32,
    include_server: PathBuf,
}

/// Writes `$OUT_DIR/guards.rs`: `GUARDS: &[(major, library bytes)]`.
pub fn build(out: &Path) {
    println!("cargo:rerun-if-changed={SOURCE}");
    println!("cargo:rerun-if-env-changed=SCHEMAGATE_PG_CONFIG");
    println!("cargo:rerun-if-env-changed=SCHEMAGATE_NO_GUARD");
    println!("cargo:rerun-if-env-changed=CC");
    let mut code = String::from(
        "/// The server guard, compiled per PostgreSQL major: (major, shared library).\npub const GUARDS: &[(u32, &[u8])] = &[\n",
    );
    if std::env::var_os("SCHEMAGATE_NO_GUARD").is_none() {
        let mut majors = Vec::new();
        for config in pg_configs() {
            if majors.contains(&config.major) {
                continue;
            }
            let library = out.join(format!("schemagate_guard_{}.so", config.major));
            match compile(&config, &library) {
                Ok(()) => {
                    majors.push(config.major);
                    let _ = writeln!(
                        code,
                        "    ({}, include_bytes!({:?})),",
                        config.major,
                        library.display().to_string()
                    );
                }
                Err(e) => println!(
                    "cargo:warning=schemagate guard for PostgreSQL {} not built: {e}",
                    config.major
                ),
            }
        }
    }
    code.push_str("];\n");
    std::fs::write(out.join("guards.rs"), code).expect("OUT_DIR is writable");
}

/// Every `pg_config` to build for: `SCHEMAGATE_PG_CONFIG` (colon-separated)
/// when set, else Debian's per-major ones and the one on `PATH`. Only those
/// whose server headers are installed count.
fn pg_configs() -> Vec<PgConfig> {
    let mut candidates: Vec<PathBuf> = match std::env::var("SCHEMAGATE_PG_CONFIG") {
        Ok(list) => list
            .split(':')
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .collect(),
        Err(_) => {
            println!("cargo:rerun-if-changed=/usr/lib/postgresql");
            let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.path().join("bin/pg_config"))
                        .filter(|p| p.is_file())
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            found.push(PathBuf::from("pg_config"));
            found
        }
    };
    candidates.dedup();
    candidates
        .iter()
        .filter_map(|path| describe(path))
        .collect()
}

fn describe(pg_config: &Path) -> Option<PgConfig> {
    let ask = |flag: &str| -> Option<String> {
        let output = Command::new(pg_config).arg(flag).output().ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
    };
    // "PostgreSQL 15.20 (Debian ...)" -> 15
    let version = ask("--version")?;
    let major = version
        .split_whitespace()
        .nth(1)?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    let include_server = PathBuf::from(ask("--includedir-server")?);
    // Rebuild when the headers appear (or go).
    if let Some(parent) = include_server.parent() {
        println!("cargo:rerun-if-changed={}", parent.display());
    }
    include_server
        .join("postgres.h")
        .is_file()
        .then_some(PgConfig {
            major,
            include_server,
        })
}

fn compile(config: &PgConfig, library: &Path) -> Result<(), String> {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let output = Command::new(&cc)
        .args([
            "-shared",
            "-fPIC",
            "-O2",
            "-Wall",
            "-Werror",
            "-Wmissing-prototypes",
        ])
        .arg("-I")
        .arg(&config.include_server)
        .arg("-o")
        .arg(library)
        .arg(SOURCE)
        .output()
        .map_err(|e| format!("cannot run {cc}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr)
            .lines()
            .take(5)
            .collect::<Vec<_>>()
            .join(" | "))
    }
}
