//! `check` over several projects in one repository: each project is
//! checked on its own (its own server, configuration and report); the one
//! sticky comment gets a section per project, updated in place; the job
//! summary a section per project; the outputs and exit status are the worst
//! of them. A pull request that touches only some projects checks only
//! those, unless `all-projects: true`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{
    count_omitted_annotations, post_comment, write_outputs, write_summary, Action, Environment,
    Inputs,
};
use crate::commands::Outcome;
use crate::github::sections::{self, project_key};
use crate::github::GitHub;
use crate::monorepo;
use crate::report::combined::combine;
use crate::report::{json, Report};

/// Which projects to check, and why when not simply "the ones touched".
pub(super) struct Selection {
    /// Per project, in order: whether to check it.
    checked: Vec<bool>,
    /// Said in the log and the summary.
    note: Option<String>,
}

impl Selection {
    /// The directories of the projects to check, in order.
    pub(super) fn checked_dirs<'a>(
        &'a self,
        dirs: &'a [PathBuf],
    ) -> impl Iterator<Item = &'a Path> {
        dirs.iter()
            .zip(&self.checked)
            .filter(|(_, check)| **check)
            .map(|(dir, _)| dir.as_path())
    }
}

/// Reports the selected projects' `check` reports (in the selection's
/// order) together: one combined report, a comment section each.
pub(super) async fn publish(
    action: &Action,
    selection: &Selection,
    reports: Vec<Report>,
) -> Outcome {
    let (inputs, env, github) = (&action.inputs, &action.env, action.github.as_ref());
    let keys: Vec<String> = inputs
        .projects
        .dirs
        .iter()
        .map(|d| project_key(&d.to_string_lossy()))
        .collect();
    let checked_keys = keys.iter().zip(&selection.checked).filter(|(_, c)| **c);
    let checked: Vec<(String, Report)> = checked_keys
        .zip(reports)
        .map(|((key, _), mut report)| {
            action.stamp(&mut report);
            (key.clone(), report)
        })
        .collect();
    let mut all = combine("check", &checked);
    action.stamp(&mut all);
    all.notes.extend(selection.note.clone());
    for (key, check) in keys.iter().zip(&selection.checked) {
        if !check {
            all.notes.push(format!(
                "project {key}: not checked, the pull request does not touch it (all-projects: true checks it)"
            ));
        }
    }

    if let (Some(pr), Some(github), true) = (env.event.pr, github, inputs.comment) {
        if !checked.is_empty() {
            let budget = sections::section_budget(keys.len());
            let fresh: Vec<sections::Section> = checked
                .iter()
                .map(|(key, report)| sections::section(key, report, budget))
                .collect();
            post_comment(
                github,
                pr,
                |existing| sections::merge(existing, &keys, &fresh),
                &mut all,
            )
            .await;
        }
    }
    write_summaries(&all, &checked, keys.len());
    let paths = write_reports(&inputs.report, &checked);
    if let Err(e) = write_outputs(&all, &inputs.report).and_then(|()| write_report_list(&paths)) {
        tracing::warn!("cannot write the step outputs: {e}");
    }
    Outcome::for_action(all, inputs.report.clone())
}

/// Every project without a pull request (a push, a schedule), with
/// `all-projects`, or when the pull request's files cannot be listed (said
/// so: never a silent skip); else those whose files the pull request touches.
pub(super) async fn select(
    inputs: &Inputs,
    env: &Environment,
    github: Option<&GitHub>,
) -> Selection {
    let every = |note: Option<String>| Selection {
        checked: vec![true; inputs.projects.dirs.len()],
        note,
    };
    if inputs.all_projects {
        return every(None);
    }
    let (Some(github), Some(pr)) = (github, env.event.pr) else {
        return every(None);
    };
    let files = match github.pull_files(pr).await {
        Ok(files) => files,
        Err(e) => {
            return every(Some(format!(
                "every project checked: the pull request's files could not be listed ({e})"
            )))
        }
    };
    let checked = inputs
        .projects
        .dirs
        .iter()
        .map(|dir| {
            files.iter().any(|file| {
                std::iter::once(&file.filename)
                    .chain(file.previous_filename.as_ref())
                    .any(|path| monorepo::touches(dir, &inputs.migrations, &inputs.config, path))
            })
        })
        .collect();
    Selection {
        checked,
        note: None,
    }
}

/// The job summary: the combined headline's notes, then one section per
/// checked project.
fn write_summaries(all: &Report, checked: &[(String, Report)], projects: usize) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return;
    };
    let header = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| {
            writeln!(
                file,
                "# schemagate: {} of {projects} projects checked\n",
                checked.len()
            )?;
            for note in &all.notes {
                writeln!(file, "- {}", crate::report::markdown::escape(note))?;
            }
            writeln!(file)
        });
    if let Err(e) = header {
        tracing::warn!("cannot write the job summary: {e}");
    }
    for (key, report) in checked {
        let omitted = count_omitted_annotations(report);
        let heading = format!("## Project `{key}`");
        if let Err(e) = write_summary(report, omitted, Some(&heading)) {
            tracing::warn!("cannot write the job summary: {e}");
        }
    }
}

/// Writes each project's JSON report next to the combined one
/// (`schemagate-report.json` -> `schemagate-report.apps-api.json`); returns
/// their paths.
fn write_reports(combined: &Path, checked: &[(String, Report)]) -> Vec<PathBuf> {
    let stem = combined.file_stem().map_or_else(
        || "schemagate-report".into(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut paths = Vec::new();
    for (key, report) in checked {
        let slug: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let path = combined.with_file_name(format!("{stem}.{slug}.json"));
        let written = std::fs::File::create(&path)
            .map_err(|e| e.to_string())
            .and_then(|mut file| json::render(report, &mut file).map_err(|e| e.to_string()));
        match written {
            Ok(()) => paths.push(path),
            Err(e) => tracing::warn!("cannot write {}: {e}", path.display()),
        }
    }
    paths
}

/// The `reports` output: every project's report path, as a JSON array.
fn write_report_list(paths: &[PathBuf]) -> std::io::Result<()> {
    let Some(path) = std::env::var_os("GITHUB_OUTPUT") else {
        return Ok(());
    };
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(
        file,
        "reports={}",
        serde_json::to_string(&list).unwrap_or_default()
    )
}
