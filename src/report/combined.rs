//! One report for several projects checked on their own (a monorepo): what
//! the log, the exit code and the action's outputs read. Each project keeps
//! its own report (its comment section, its JSON file); this one adds them
//! up, labels what cannot name its project by a file path, and takes the
//! worst status.

use super::{ErrorKind, Report, RunError, Severity, Status};

/// The worst of several statuses: error, then fail, then pass.
pub fn worst(statuses: impl IntoIterator<Item = Status>) -> Status {
    let rank = |s: &Status| match s {
        Status::Pass => 0,
        Status::Fail => 1,
        Status::Error => 2,
    };
    statuses
        .into_iter()
        .max_by_key(rank)
        .unwrap_or(Status::Pass)
}

/// Every project's report in one, for `command`: migrations, seeds,
/// verifications and findings of all (verifications and findings without a
/// file prefixed with their project), a note per project with its outcome,
/// the summed counts and time, and the worst status. The first project
/// that could not run gives the error (an infrastructure error before a
/// usage one: it is the worse exit code).
pub fn combine(command: &str, projects: &[(String, Report)]) -> Report {
    let mut all = Report::new(command, ".");
    for (project, report) in projects {
        all.migrations.extend(report.migrations.iter().cloned());
        all.changed.extend(report.changed.iter().cloned());
        all.seeds.extend(report.seeds.iter().cloned());
        all.verifications
            .extend(report.verifications.iter().cloned().map(|mut v| {
                v.name = format!("{project}: {}", v.name);
                v
            }));
        all.findings
            .extend(report.findings.iter().cloned().map(|mut f| {
                if f.file.is_none() {
                    f.message = format!("{project}: {}", f.message);
                }
                f
            }));
        all.notes
            .extend(report.notes.iter().map(|n| format!("{project}: {n}")));
        all.duration_ms += report.duration_ms;
        if all.server.is_none() {
            all.server = report.server.clone();
        }
        if all.pr.is_none() {
            all.pr = report.pr;
            all.head_sha = report.head_sha.clone();
        }
    }
    let first_error = |kind: ErrorKind| {
        projects.iter().find_map(|(project, report)| {
            report
                .error
                .as_ref()
                .filter(|e| e.kind == kind)
                .map(|e| RunError {
                    kind,
                    message: format!("{project}: {}", e.message),
                })
        })
    };
    all.error = first_error(ErrorKind::Infrastructure).or_else(|| first_error(ErrorKind::Usage));
    // Counts and order only: each project already applied its own fail-on.
    all.finish(Severity::Error);
    all.status = worst(projects.iter().map(|(_, r)| r.status));
    for (project, report) in projects {
        let word = match report.status {
            Status::Pass => "passed",
            Status::Fail => "failed",
            Status::Error => "could not run",
        };
        all.notes.push(format!("project {project}: {word}"));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Finding, RuleId};

    fn report(status: Status, error: Option<ErrorKind>) -> Report {
        let mut report = Report::new("check", ".");
        report.findings.push(Finding::new(
            RuleId::LintSkipped,
            Severity::Warning,
            "a warning",
        ));
        report.error = error.map(|kind| RunError {
            kind,
            message: "broke".into(),
        });
        report.finish(Severity::Warning);
        report.status = status;
        report
    }

    #[test]
    fn the_worst_status_and_exit_code_win() {
        let pass = ("a".to_string(), report(Status::Pass, None));
        let fail = ("b".to_string(), report(Status::Fail, None));
        let usage = (
            "c".to_string(),
            report(Status::Error, Some(ErrorKind::Usage)),
        );
        let infra = (
            "d".to_string(),
            report(Status::Error, Some(ErrorKind::Infrastructure)),
        );
        // A warning fails project b under its own fail-on, not under the combiner's.
        let combined = combine("check", &[pass.clone(), fail.clone()]);
        assert_eq!(combined.status, Status::Fail);
        assert_eq!(combined.exit_code(), 1);
        assert_eq!(combined.summary.warnings, 2);
        assert!(
            combined.findings[0].message.starts_with("a: ")
                || combined.findings[0].message.starts_with("b: ")
        );
        assert_eq!(combine("check", std::slice::from_ref(&pass)).exit_code(), 0);
        let combined = combine("check", &[pass, usage, fail, infra]);
        assert_eq!(combined.status, Status::Error);
        assert_eq!(combined.exit_code(), 3);
        assert_eq!(combined.error.unwrap().message, "d: broke");
        assert!(combined
            .notes
            .contains(&"project c: could not run".to_string()));
    }
}
