//! Real Supabase projects (`../shared/corpus`, read in place): each must
//! apply completely on the embedded backend, seeds included; extensions the
//! server lacks are emulated (and named in `extension-stubbed` notices).

mod common;

use std::path::{Path, PathBuf};

use common::options;
use schemagate::commands::check::check_database;
use schemagate::commands::discover_into;
use schemagate::config::{Config, Locations};
use schemagate::report::{ApplyStatus, Report, Severity, Status};

fn corpus_dir() -> PathBuf {
    std::env::var_os("SCHEMAGATE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("../shared/corpus"))
}

/// Checks a corpus entry in place: the entry is the project directory,
/// its `migrations/` the migrations directory and its `seed.sql` the seed.
/// No links: schemagate reads no file through one (`file-not-read`).
async fn check_entry(entry: &Path) -> Report {
    let mut config = Config::load(&Locations {
        project_dir: entry.to_path_buf(),
        migrations: "migrations".into(),
        config: "schemagate.toml".into(),
        fail_on: None,
    })
    .expect("config loads");
    // From the loaded (canonical) project directory, as config.toml's seed
    // paths are: the corpus may be reached through a link (../shared).
    config.supabase.seed_paths = [config.project_dir.join("seed.sql")]
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    let options = options(true, true);
    let mut report = Report::new("check", ".");
    let discovery = discover_into(&config, &mut report).expect("discovery");
    let database = common::fresh_database(options.supabase_shim).await;
    if let Err(error) = check_database(&database, &config, &discovery, &options, &mut report).await
    {
        report.error = Some(error);
    }
    database.close().await.expect("drop test database");
    report.finish(config.fail_on);
    report
}

/// Why a report is acceptable, or what is wrong with it.
fn judge(report: &Report) -> Result<String, String> {
    if report.status == Status::Pass {
        let stubbed: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.rule.as_str() == "extension-stubbed")
            .map(|f| f.message.split_whitespace().nth(1).unwrap_or(""))
            .collect();
        return Ok(format!(
            "pass ({} migrations, stubs: {stubbed:?})",
            report.migrations.len()
        ));
    }
    let errors: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (&f.rule, &f.message, f.line))
        .collect();
    let failed: Vec<_> = report
        .migrations
        .iter()
        .chain(&report.seeds)
        .filter(|m| m.status == ApplyStatus::Failed)
        .map(|m| (&m.file, &m.error))
        .collect();
    Err(format!(
        "{} of {} applied; failed {failed:?}: {errors:?}",
        report.summary.applied,
        report.migrations.len(),
    ))
}

#[tokio::test]
async fn every_corpus_project_applies() {
    let corpus = corpus_dir();
    let Ok(entries) = std::fs::read_dir(&corpus) else {
        eprintln!(
            "SKIPPED: no corpus at {} (set SCHEMAGATE_CORPUS)",
            corpus.display()
        );
        return;
    };
    let mut projects: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("migrations").is_dir())
        .collect();
    projects.sort();
    assert!(
        projects.len() >= 7,
        "expected the 7 corpus projects, found {}",
        projects.len()
    );
    let mut failures = Vec::new();
    for entry in &projects {
        let report = check_entry(entry).await;
        let name = entry.file_name().unwrap().to_string_lossy().to_string();
        match judge(&report) {
            Ok(verdict) => {
                eprintln!("{name}: {verdict}");
                // Its auth hook is a plv8 function: created, and said to be emulated.
                if name.contains("slack-clone") {
                    assert!(verdict.contains("\"plv8\""), "{name}: {verdict}");
                }
            }
            Err(problem) => failures.push(format!("{name}: {problem}")),
        }
    }
    assert!(
        failures.is_empty(),
        "corpus projects that failed:\n{}",
        failures.join("\n")
    );
}
