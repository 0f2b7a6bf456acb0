//! `schemagate lint [FILES]`: the static rules alone, without a server, for
//! pre-commit hooks and editors. With no files, every migration of the
//! project's migrations directory.

use std::path::Path;

use super::pipeline::{discover_migrations, load_config, run_to_report, usage};
use crate::apply;
use crate::cli::LintArgs;
use crate::config::Config;
use crate::migrations::{file_findings, version_and_name, Migration};
use crate::report::{Report, RunError, Severity};
use crate::{lint, sandbox};

/// Runs `lint` and returns its report; never fails, since every error
/// becomes the report's status.
pub async fn run(args: &LintArgs) -> Report {
    run_to_report("lint", async |report| lint_into(args, report)).await
}

fn lint_into(args: &LintArgs, report: &mut Report) -> Result<Severity, RunError> {
    let config = load_config(&args.project, &args.output)?;
    report.project_dir = config.relative(&config.project_dir);
    let migrations = if args.files.is_empty() {
        let discovery = discover_migrations(&config)?;
        report.findings.extend(discovery.findings);
        discovery.migrations
    } else {
        let migrations = args
            .files
            .iter()
            .map(|path| read(path, &config))
            .collect::<Result<Vec<_>, _>>()?;
        report
            .findings
            .extend(migrations.iter().flat_map(file_findings));
        migrations
    };
    for migration in &migrations {
        report.findings.extend(sandbox::scan(migration));
        report
            .findings
            .extend(lint::lint_file(migration, &config.lint));
    }
    report.migrations = migrations.iter().map(apply::not_run).collect();
    config.rules.apply(&mut report.findings);
    Ok(config.fail_on)
}

/// Reads a file named on the command line; its report path is relative to
/// the repository root, like every other path in reports.
fn read(path: &Path, config: &Config) -> Result<Migration, RunError> {
    // Not canonicalised: that would follow the link the file may be.
    let absolute = std::path::absolute(path)
        .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))?;
    let file_name = absolute
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let (version, name) = version_and_name(&file_name).unwrap_or_else(|| {
        let stem = file_name.strip_suffix(".sql").unwrap_or(&file_name);
        (String::new(), stem.to_string())
    });
    let parent = absolute.parent().unwrap_or(&absolute);
    let root = crate::project_file::root_for(&config.repo_root, parent);
    Migration::read(&root, &absolute, config.relative(&absolute), version, name)
        .map_err(|e| usage(format!("cannot read {}: {e}", path.display())))
}
