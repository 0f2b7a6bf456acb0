//! The history stage shared by `check`, `list` and `reconcile`: the change
//! set, the freeze, history integrity and remote alignment.

use super::{infrastructure, usage};
use crate::changes::{ChangeError, ChangeSet, ChangeSource};
use crate::cli::RemoteArgs;
use crate::config::Config;
use crate::freeze::{self, FreezeContext};
use crate::history;
use crate::migrations::Migration;
use crate::postgres::redact_url;
use crate::remote::{self, RemoteError};
use crate::report::{Finding, RemoteMigration, Report, RuleId, RunError, Severity};

/// The live history and where it came from.
#[derive(Debug, Clone)]
pub struct RemoteHistory {
    /// A redacted URL or a file path.
    pub source: String,
    /// The rows.
    pub rows: Vec<RemoteMigration>,
}

/// The remote URL from `--remote-url` or `SUPABASE_DB_URL`.
pub fn remote_url(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_string)
        .or_else(|| std::env::var("SUPABASE_DB_URL").ok())
        .filter(|u| !u.is_empty())
}

/// Reads the remote history if one was given; `None` when not.
pub async fn load_remote(args: &RemoteArgs) -> Result<Option<RemoteHistory>, RunError> {
    if let Some(path) = &args.remote_history {
        let rows = remote::load_history_file(path).map_err(remote_error)?;
        return Ok(Some(RemoteHistory {
            source: path.display().to_string(),
            rows,
        }));
    }
    let Some(url) = remote_url(args.remote_url.as_deref()) else {
        return Ok(None);
    };
    let rows = match remote::read_history(&url).await {
        Ok(rows) => rows,
        // A database never pushed to has an empty history, not a broken one.
        Err(RemoteError::MissingTable { .. }) => Vec::new(),
        Err(e) => return Err(remote_error(e)),
    };
    Ok(Some(RemoteHistory {
        source: redact_url(&url),
        rows,
    }))
}

/// Maps a remote error to the run's error class.
pub fn remote_error(error: RemoteError) -> RunError {
    if error.is_usage() {
        usage(error)
    } else {
        infrastructure(error)
    }
}

/// Adds the change-set rules (freeze, history integrity) and remote
/// alignment to the report, and returns the change set for the analysis
/// of new and changed files. No change set is a notice, never an error,
/// except a shallow clone, which must be fixed to be checked at all.
pub async fn check_history(
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
