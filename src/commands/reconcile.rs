//! `schemagate reconcile`: the seed plan's steps 1 and 3 done right.
//! A dry run by default; `--write` adds placeholder files for remote-only
//! versions (with the remote's own version, name and statements);
//! `--repair --status applied|reverted VERSION... --yes` changes the remote
//! history table, after taking a backup of the rows it touches.

use std::path::Path;

use super::pipeline::{load_project, run_to_report, usage};
use crate::cli::ReconcileArgs;
use crate::history;
use crate::migrations::Migration;
use crate::postgres::redact_url;
use crate::remote::{self, remote_error, remote_url, Repair};
use crate::report::{
    AlignmentStatus, PlannedPlaceholder, PlannedRepair, ReconcilePlan, RemoteMigration,
    RepairStatus, Report, RunError, Severity,
};

/// Runs `reconcile`.
pub async fn run(args: &ReconcileArgs) -> Report {
    run_to_report("reconcile", async |report| pipeline(args, report).await).await
}

/// Returns [`Severity::Error`]: a plan has no findings to fail on.
async fn pipeline(args: &ReconcileArgs, report: &mut Report) -> Result<Severity, RunError> {
    let (config, discovery) = load_project(&args.project, report)?;
    let url = remote_url(args.remote_url.as_deref()).ok_or_else(|| {
        usage("reconcile needs --remote-url (or SCHEMAGATE_REMOTE_URL or SUPABASE_DB_URL)")
    })?;
    // Unlike `check`, a missing history table is a refusal: there is nothing to reconcile with.
    let rows = remote::read_history(&url).await.map_err(remote_error)?;
    let (alignment, _) = history::align(
        &discovery.migrations,
        &rows,
        &redact_url(&url),
        &config.history,
    );

    let mut plan = ReconcilePlan::default();
    for row in alignment
        .rows
        .iter()
        .filter(|r| r.status == AlignmentStatus::RemoteOnly)
    {
        let remote_row = rows.iter().find(|r| r.version == row.version);
        let path = config
            .migrations_dir
            .join(format!("{}_remote_placeholder.sql", row.version));
        let written = args.write && write_placeholder(&path, &row.version, remote_row)?;
        plan.placeholders.push(PlannedPlaceholder {
            version: row.version.clone(),
            file: config.relative(&path),
            written,
        });
    }
    report.history = Some(alignment);

    if args.repair {
        let repairs = planned_repairs(args, &discovery.migrations)?;
        plan.repairs = repairs
            .iter()
            .map(|r| match r {
                Repair::Applied(row) => PlannedRepair {
                    version: row.version.clone(),
                    status: RepairStatus::Applied,
                },
                Repair::Reverted(version) => PlannedRepair {
                    version: version.clone(),
                    status: RepairStatus::Reverted,
                },
            })
            .collect();
        if args.yes {
            plan.backup = remote::repair_history(&url, &repairs)
                .await
                .map_err(remote_error)?;
            plan.repaired = true;
        } else {
            report.reconcile = Some(plan);
            return Err(usage("--repair writes to the live database: review the plan above and run again with --yes"));
        }
    }
    report.reconcile = Some(plan);
    Ok(Severity::Error)
}

fn planned_repairs(args: &ReconcileArgs, local: &[Migration]) -> Result<Vec<Repair>, RunError> {
    let status = args
        .status
        .ok_or_else(|| usage("--repair needs --status applied|reverted"))?;
    if args.versions.is_empty() {
        return Err(usage("--repair needs the versions to repair"));
    }
    args.versions
        .iter()
        .map(|version| match status {
            RepairStatus::Reverted => Ok(Repair::Reverted(version.clone())),
            RepairStatus::Applied => {
                let file = local
                    .iter()
                    .find(|m| &m.version == version)
                    .ok_or_else(|| usage(format!("no local migration file has version {version}, so it cannot be marked applied")))?;
                Ok(Repair::Applied(RemoteMigration {
                    version: version.clone(),
                    name: Some(file.name.clone()),
                    statements: Some(file.statements.iter().map(|s| s.sql.clone()).collect()),
                }))
            }
        })
        .collect()
}

/// Writes the placeholder unless a file is already there. Returns whether it wrote.
fn write_placeholder(
    path: &Path,
    version: &str,
    remote: Option<&RemoteMigration>,
) -> Result<bool, RunError> {
    if path.exists() {
        return Ok(false);
    }
    std::fs::write(
        path,
        crate::scrub::scrub(&placeholder_text(version, remote)),
    )
    .map_err(|e| usage(format!("cannot write {}: {e}", path.display())))?;
    Ok(true)
}

/// The seed plan's placeholder text, plus what production recorded for the
/// version, as comments, so the history documents what production ran.
pub fn placeholder_text(version: &str, remote: Option<&RemoteMigration>) -> String {
    let mut text = String::from(
        "-- Remote-only ad-hoc migration (timestamp only)\n-- This migration represents changes made directly to production database\n",
    );
    text.push_str(&format!("-- Remote version: {version}\n"));
    if let Some(name) = remote
        .and_then(|r| r.name.as_deref())
        .filter(|n| !n.is_empty())
    {
        text.push_str(&format!("-- Remote name: {name}\n"));
    }
    match remote.and_then(|r| r.statements.as_deref()) {
        Some(statements) if !statements.is_empty() => {
            text.push_str("-- Statements production recorded for this version:\n");
            for statement in statements {
                for line in statement.lines() {
                    text.push_str(&format!("--   {line}\n"));
                }
                text.push_str("--   ;\n");
            }
        }
        _ => text.push_str("-- Production recorded no statements for this version.\n"),
    }
    text.push_str(
        "\n-- No-op for alignment - actual schema state already exists on remote\nSELECT 1;\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::is_noop;

    #[test]
    fn placeholders_document_the_remote_and_stay_noops() {
        let row = RemoteMigration {
            version: "20260108025539".into(),
            name: Some("add_council".into()),
            statements: Some(vec![
                "alter table listings\n  add column council text".into()
            ]),
        };
        let text = placeholder_text(&row.version, Some(&row));
        assert!(text.contains("-- Remote name: add_council\n"));
        assert!(text.contains("--   alter table listings\n--     add column council text\n"));
        assert!(text.ends_with("SELECT 1;\n"));
        assert!(is_noop(&text));
    }
}
