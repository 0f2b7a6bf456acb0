//! `schemagate check`: discover → check → start a server → shim → apply →
//! verify → report.

use super::pipeline::{discover_into, load_config, on_throwaway, run_to_report, usage};
use super::progress::{Progress, ProgressDisplay};
use crate::apply::Watch;
use crate::changes::{ChangeError, ChangeSet, ChangeSource, GitChanges};
use crate::cli::CheckArgs;
use crate::config::Config;
use crate::freeze::{self, FreezeContext};
use crate::migrations::{Discovery, Migration};
use crate::postgres::Database;
use crate::remote::{self, RemoteHistory};
use crate::report::{Finding, Report, RuleId, RunError, Severity};
use crate::throwaway;
use crate::{advisors, history, lint, pgtap};

/// Which migration files `check` analyses: static rules, traced locks and
/// rewrites, and the re-application of files marked idempotent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Analysis {
    /// The files a change set adds, modifies or renames. Without a change
    /// set (`None`) nothing is analysed, and a `lint-skipped` notice says so.
    Changes(Option<ChangeSet>),
    /// Every migration file (`check --all`).
    All,
}

/// What `check` does once the project is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOptions {
    /// Install the Supabase shim.
    pub supabase_shim: bool,
    /// Apply the seed files.
    pub seed: bool,
    /// How progress shows on stderr.
    pub progress: ProgressDisplay,
    /// Which files to analyse.
    pub analysis: Analysis,
    /// Run the project's pgTAP tests (`supabase/tests`), unless `--no-tests`.
    pub tests: bool,
}

/// Runs `check` with the change set from git and returns its report; never
/// fails, since every error becomes the report's status.
pub async fn run(args: &CheckArgs) -> Report {
    let changes = GitChanges::new(&args.project.project_dir, args.change.base.clone());
    run_with_changes(args, &changes).await
}

/// Runs `check` with the change set from `changes` (git, or a pull request).
pub async fn run_with_changes(args: &CheckArgs, changes: &dyn ChangeSource) -> Report {
    run_to_report("check", async |report| {
        pipeline(args, changes, report).await
    })
    .await
}

async fn pipeline(
    args: &CheckArgs,
    changes: &dyn ChangeSource,
    report: &mut Report,
) -> Result<Severity, RunError> {
    let config = load_config(&args.project, &args.output)?;
    let discovery = discover_into(&config, report)?;
    let remote = remote::load_remote(
        args.remote.remote_url.as_deref(),
        args.remote.remote_history.as_deref(),
    )
    .await?;
    let change_set = check_history(
        &config,
        &discovery.migrations,
        changes,
        &args.change.labels,
        remote.as_ref(),
        report,
    )
    .await?;
    let options = CheckOptions {
        supabase_shim: !args.server.no_supabase_shim,
        seed: args.seed,
        progress: ProgressDisplay::for_format(args.output.format),
        // The change set's new or changed files are analysed; with none
        // (no repository or base), only `--all` analyses anything.
        analysis: if args.all {
            Analysis::All
        } else {
            Analysis::Changes(change_set)
        },
        tests: !args.no_tests,
    };
    on_throwaway(&args.server, &config, report, async |database, report| {
        check_database(database, &config, &discovery, &options, report).await
    })
    .await
}

/// Analyses the selected files, prepares `database`, and applies, seeds
/// and verifies into `report`; then applies suppressions to what was
/// traced and `[rules]` levels to every finding. The database should be
/// fresh; the caller owns its lifetime.
pub async fn check_database(
    database: &Database,
    config: &Config,
    discovery: &Discovery,
    options: &CheckOptions,
    report: &mut Report,
) -> Result<(), RunError> {
    let analysed = analysed_files(&options.analysis, discovery, report);
    report.changed = analysed.iter().map(|m| m.file.clone()).collect();
    let mut watch = analyse(config, &analysed, report);
    watch.record_ddl = true;
    // Advisor findings are graded by `[rules]` and by what the change set
    // touched already, so they join the report after the levels apply.
    let mut advised = Vec::new();
    let outcome = apply_and_verify(
        database,
        config,
        discovery,
        options,
        &watch,
        report,
        &mut advised,
    )
    .await;
    lint::suppress(&mut report.findings, &analysed);
    config.rules.apply(&mut report.findings);
    lint::suppress(&mut advised, &analysed);
    report.findings.extend(advised);
    outcome
}

/// Which advisor findings are the pull request's: those about objects the
/// change set's files created or last changed.
fn advisor_scope(analysis: &Analysis) -> advisors::Scope {
    match analysis {
        Analysis::All => advisors::Scope::All,
        Analysis::Changes(None) => advisors::Scope::Unknown,
        Analysis::Changes(Some(changes)) => advisors::Scope::Changed(
            changes
                .files
                .iter()
                .filter(|f| f.kind != crate::changes::ChangeKind::Deleted)
                .map(|f| f.path.clone())
                .collect(),
        ),
    }
}

/// The files to analyse, with a notice when there are none to choose from.
fn analysed_files<'m>(
    analysis: &Analysis,
    discovery: &'m Discovery,
    report: &mut Report,
) -> Vec<&'m Migration> {
    match analysis {
        Analysis::All => discovery.migrations.iter().collect(),
        Analysis::Changes(changes) => {
            lint::changed(changes.as_ref(), &discovery.migrations).unwrap_or_else(|| {
                report.findings.push(
                    Finding::new(
                        RuleId::LintSkipped,
                        Severity::Notice,
                        "no change set to take the new or changed migrations from, so static analysis, lock tracing and idempotency checks did not run",
                    )
                    .with_help("run `schemagate check --all` to analyse every migration, or `schemagate lint` for the static rules alone"),
                );
                Vec::new()
            })
        }
    }
}

/// Lints `files` into `report` and returns what to watch while applying.
fn analyse(config: &Config, files: &[&Migration], report: &mut Report) -> Watch {
    let mut watch = Watch::default();
    for migration in files {
        for finding in lint::lint_file(migration, &config.lint) {
            report
                .findings
                .push(if finding.rule == RuleId::SyntaxError {
                    statement_not_analysed(finding)
                } else {
                    finding
                });
        }
        watch.trace.insert(migration.file.clone());
        if lint::is_idempotent(migration, &config.lint) {
            watch.reapply.insert(migration.file.clone());
        }
    }
    watch
}

/// A statement the static rules could not parse, said as such: the
/// server's own error (`migration-failed`) says more than the parser's,
/// but the rules did skip it.
fn statement_not_analysed(syntax_error: Finding) -> Finding {
    let reason = syntax_error
        .message
        .strip_prefix("PostgreSQL's parser rejects this statement: ")
        .unwrap_or(&syntax_error.message)
        .to_string();
    Finding {
        rule: RuleId::LintSkipped,
        severity: Severity::Notice,
        message: format!("the static rules skipped this statement, which the parser they use rejects ({reason}); the server's own verdict is in the results"),
        help: None,
        ..syntax_error
    }
}

async fn apply_and_verify(
    database: &Database,
    config: &Config,
    discovery: &Discovery,
    options: &CheckOptions,
    watch: &Watch,
    report: &mut Report,
    advised: &mut Vec<Finding>,
) -> Result<(), RunError> {
    let progress = Progress::new(discovery.migrations.len(), options.progress);
    let applied = throwaway::prepare_and_apply(
        database,
        config,
        &discovery.migrations,
        options.supabase_shim,
        watch,
        &|result| progress.migration(result),
        report,
    )
    .await?;
    progress.finish();
    let Some(applied) = applied else {
        return Ok(());
    };
    report
        .findings
        .extend(throwaway::superuser_warning(database).await?);
    let all_applied = applied.all_applied();
    report.migrations = applied.results;
    report.findings.extend(applied.findings);
    if !all_applied {
        return Ok(());
    }
    let seeds = if options.seed {
        throwaway::read_seeds(config, report)?
    } else {
        Vec::new()
    };
    if !seeds.is_empty() && !throwaway::apply_seeds(database, config, &seeds, report).await? {
        return Ok(());
    }
    let files: Vec<&Migration> = discovery.migrations.iter().chain(&seeds).collect();
    let scope = advisor_scope(&options.analysis);
    advised.extend(advisors::review(database, config, &files, &scope, report).await?);
    throwaway::verify_into(database, config, report).await?;
    if options.tests {
        pgtap::run_into(database, config, report).await?;
    }
    Ok(())
}

/// Adds the change-set rules (freeze, history integrity) and remote
/// alignment to the report, and returns the change set for the analysis
/// of new and changed files. No change set is a notice, never an error,
/// except a shallow clone, which must be fixed to be checked at all.
async fn check_history(
    config: &Config,
    migrations: &[Migration],
    changes: &dyn ChangeSource,
    labels: &[String],
    remote: Option<&RemoteHistory>,
    report: &mut Report,
) -> Result<Option<ChangeSet>, RunError> {
    let migrations_dir = config.relative(&config.migrations_dir);
    let remote_rows = remote.map(|r| r.rows.as_slice());
    let change_set = match changes.change_set(&migrations_dir).await {
        Ok(change_set) => {
            let today = freeze::today().map_err(usage)?;
            let context = FreezeContext {
                policy: &config.freeze,
                today,
                labels,
                project_dir: &report.project_dir,
                config_file: &config.file,
            };
            report.findings.extend(freeze::check(&context, &change_set));
            report
                .findings
                .extend(history::check_changes(&change_set, remote_rows));
            Some(change_set)
        }
        Err(ChangeError::Unavailable(message)) => {
            report.findings.push(Finding::new(
                RuleId::ChangeSetUnavailable,
                Severity::Notice,
                message,
            ));
            report
                .findings
                .extend(history::check_placeholders(migrations));
            None
        }
        Err(ChangeError::ShallowClone(message)) | Err(ChangeError::Failed(message)) => {
            return Err(usage(message))
        }
    };
    if let Some(remote) = remote {
        let (alignment, findings) =
            history::align(migrations, &remote.rows, &remote.source, &config.history);
        report.history = Some(alignment);
        report.findings.extend(findings);
    }
    Ok(change_set)
}
