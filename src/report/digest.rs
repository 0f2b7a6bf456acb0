//! What a person reads of a report, decided once for every renderer: the
//! counts, the decisions, and the findings grouped by file with related
//! findings merged ([`super::hazard`]). The markdown comment, the job
//! summary and the terminal output all lay out this same digest.

use super::hazard::{hazards, Concern, Hazard};
use super::{
    ApplyStatus, MigrationError, MigrationResult, Report, RuleId, Severity, Status,
    VerificationStatus,
};

/// Decisions listed under the status line; the rest are counted.
pub const MAX_DECISIONS: usize = 5;

/// A report digested for people.
#[derive(Debug)]
pub struct Digest<'a> {
    /// The report.
    pub report: &'a Report,
    /// Every hazard (merged findings), most severe first.
    pub hazards: Vec<Hazard<'a>>,
    /// The hazards that need a human decision, at most [`MAX_DECISIONS`],
    /// those of one rule and concern together.
    pub decisions: Vec<Decision<'a>>,
    /// Hazards needing a decision beyond those, counted.
    pub more_decisions: usize,
    /// The files to show: changed ones, and unchanged ones where something fails.
    pub files: Vec<FileGroup<'a>>,
    /// Hazards with no file.
    pub general: FileGroup<'a>,
    /// Changed files that applied with nothing to report.
    pub quiet: Vec<&'a str>,
    /// Hazards in files not shown (unchanged, nothing failing).
    pub elsewhere: Vec<Hazard<'a>>,
}

/// A headline bullet: a hazard that needs a human decision, and how many
/// more of its kind (same concern, same rule) it stands for.
#[derive(Debug, Clone)]
pub struct Decision<'a> {
    /// What kind of decision.
    pub concern: Concern,
    /// The first (most severe) hazard of its kind.
    pub hazard: Hazard<'a>,
    /// How many more hazards of the same kind there are.
    pub alike: usize,
}

impl Decision<'_> {
    /// The words that count the others of its kind (", and 4 more like
    /// it"), empty when there are none; every renderer ends a bullet so.
    pub fn alike_suffix(&self) -> String {
        match self.alike {
            0 => String::new(),
            n => format!(", and {} like it", count(n, "more", "more")),
        }
    }
}

/// The decisions, most severe and most pressing first, one per concern and
/// rule; and how many hazards did not fit in [`MAX_DECISIONS`].
fn decisions<'a>(all: &[Hazard<'a>]) -> (Vec<Decision<'a>>, usize) {
    let mut concerning: Vec<(Concern, &Hazard<'a>)> = all
        .iter()
        .filter_map(|h| h.concern().map(|c| (c, h)))
        .collect();
    concerning.sort_by_key(|(c, h)| (std::cmp::Reverse(h.severity), *c));
    let mut decisions: Vec<Decision<'a>> = Vec::new();
    for (concern, hazard) in concerning {
        match decisions
            .iter_mut()
            .find(|d| d.concern == concern && d.hazard.rule() == hazard.rule())
        {
            Some(decision) => decision.alike += 1,
            None => decisions.push(Decision {
                concern,
                hazard: hazard.clone(),
                alike: 0,
            }),
        }
    }
    let more = decisions
        .iter()
        .skip(MAX_DECISIONS)
        .map(|d| 1 + d.alike)
        .sum();
    decisions.truncate(MAX_DECISIONS);
    (decisions, more)
}

/// One file and its hazards.
#[derive(Debug, Default)]
pub struct FileGroup<'a> {
    /// The path, relative to the repository root (empty for the general group).
    pub file: &'a str,
    /// The migration (or seed) this file is, if it is one.
    pub migration: Option<&'a MigrationResult>,
    /// Errors and warnings, by line.
    pub listed: Vec<Hazard<'a>>,
    /// Notices, by line: shown only as a count and a collapsed list.
    pub notices: Vec<Hazard<'a>>,
}

impl<'a> FileGroup<'a> {
    /// Whether anything in the file fails the run (a failed apply, an error).
    pub fn fails(&self) -> bool {
        self.migration
            .is_some_and(|m| m.status == ApplyStatus::Failed)
            || self.listed.iter().any(|h| h.severity == Severity::Error)
    }

    /// The apply error of a failed migration that no `migration-failed`
    /// finding reports (a report put together by hand or by another tool).
    pub fn unreported_error(&self) -> Option<&'a MigrationError> {
        let migration = self.migration.filter(|m| m.status == ApplyStatus::Failed)?;
        let reported = self
            .listed
            .iter()
            .any(|h| h.rule() == RuleId::MigrationFailed);
        migration.error.as_ref().filter(|_| !reported)
    }

    /// Whether there is nothing to say about the file.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty() && self.notices.is_empty()
    }

    /// The file's status in words: `applied · 2 warnings · 1 notice`.
    pub fn status(&self) -> String {
        let mut words = Vec::new();
        if let Some(m) = self.migration {
            words.push(
                match m.status {
                    ApplyStatus::Applied => "applied",
                    ApplyStatus::Failed => "failed",
                    ApplyStatus::NotRun => "not run",
                }
                .to_string(),
            );
        }
        words.extend(severity_counts(
            self.listed.iter().chain(&self.notices).map(|h| h.severity),
        ));
        words.join(" · ")
    }

    fn push(&mut self, hazard: Hazard<'a>) {
        if hazard.severity == Severity::Notice {
            self.notices.push(hazard);
        } else {
            self.listed.push(hazard);
        }
    }

    fn sort(&mut self) {
        for list in [&mut self.listed, &mut self.notices] {
            list.sort_by_key(|h| (h.line(), std::cmp::Reverse(h.severity)));
        }
    }
}

/// `n` and the noun, singular or plural: `1 error`, `2 errors`.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// Non-zero counts of `severities`: `1 error`, `3 warnings`, `2 notices`.
pub fn severity_counts(severities: impl Iterator<Item = Severity>) -> Vec<String> {
    let severities: Vec<Severity> = severities.collect();
    let n = |s| severities.iter().filter(|x| **x == s).count();
    [
        (n(Severity::Error), "error", "errors"),
        (n(Severity::Warning), "warning", "warnings"),
        (n(Severity::Notice), "notice", "notices"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| count(n, one, many))
    .collect()
}

/// The status in words: `passed`, `failed`, `could not run`.
pub fn outcome_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "passed",
        Status::Fail => "failed",
        Status::Error => "could not run",
    }
}

impl<'a> Digest<'a> {
    /// The words that count the hazards needing a decision beyond those
    /// listed ("and 2 more below", `direction` saying where the renderer
    /// shows them), when there are any.
    pub fn unlisted_decisions(&self, direction: &str) -> Option<String> {
        (self.more_decisions > 0).then(|| {
            let more = count(self.more_decisions, "more", "more");
            format!("and {more} {direction}")
        })
    }

    /// Digests `report`.
    pub fn of(report: &'a Report) -> Self {
        let all = hazards(&report.findings);
        let (decisions, more_decisions) = decisions(&all);
        let mut files: Vec<FileGroup<'a>> = Vec::new();
        let mut general = FileGroup::default();
        for hazard in &all {
            // Failed verifications have their own section.
            if hazard.rule() == RuleId::VerificationFailed {
                continue;
            }
            let Some(file) = hazard.file() else {
                general.push(hazard.clone());
                continue;
            };
            match files.iter_mut().find(|g| g.file == file) {
                Some(group) => group.push(hazard.clone()),
                None => {
                    let mut group = FileGroup {
                        file,
                        migration: migration(report, file),
                        ..FileGroup::default()
                    };
                    group.push(hazard.clone());
                    files.push(group);
                }
            }
        }
        for m in report.migrations.iter().chain(&report.seeds) {
            let failed = m.status == ApplyStatus::Failed;
            let changed = report.changed.contains(&m.file);
            if (failed || changed) && !files.iter().any(|g| g.file == m.file) {
                files.push(FileGroup {
                    file: &m.file,
                    migration: Some(m),
                    ..FileGroup::default()
                });
            }
        }
        // Without a change set every file with something to say is shown.
        let shown = |g: &FileGroup| {
            report.changed.is_empty() || report.changed.iter().any(|c| c == g.file) || g.fails()
        };
        let mut elsewhere = Vec::new();
        let mut quiet = Vec::new();
        let mut kept = Vec::new();
        for mut group in files {
            group.sort();
            if !shown(&group) {
                elsewhere.extend(group.listed.into_iter().chain(group.notices));
            } else if group.is_empty() && !group.fails() {
                quiet.push(group.file);
            } else {
                kept.push(group);
            }
        }
        kept.sort_by_key(|g| (!g.fails(), order(report, g.file), g.file));
        quiet.sort_by_key(|f| order(report, f));
        general.sort();
        Digest {
            report,
            hazards: all,
            decisions,
            more_decisions,
            files: kept,
            general,
            quiet,
            elsewhere,
        }
    }

    /// The counts under the status line, each non-zero one in words. The
    /// findings are counted as shown: merged.
    pub fn counts(&self) -> Vec<String> {
        let r = self.report;
        let s = &r.summary;
        let mut counts = Vec::new();
        match r.command.as_str() {
            "lint" => counts.push(format!("{} linted", count(s.migrations, "file", "files"))),
            "check" | "verify" | "drift" if s.migrations > 0 => {
                if s.failed + s.not_run == 0 {
                    counts.push(format!(
                        "{} applied",
                        count(s.migrations, "migration", "migrations")
                    ));
                } else {
                    let mut text = format!(
                        "{} of {} applied",
                        s.applied,
                        count(s.migrations, "migration", "migrations")
                    );
                    if s.failed > 0 {
                        text.push_str(&format!(", {} failed", s.failed));
                    }
                    if s.not_run > 0 {
                        text.push_str(&format!(", {} not run", s.not_run));
                    }
                    counts.push(text);
                }
            }
            "check" => counts.push("no migrations".to_string()),
            _ => {}
        }
        let run: Vec<_> = r
            .verifications
            .iter()
            .filter(|v| v.status != VerificationStatus::NotRun)
            .collect();
        if s.verifications_failed > 0 {
            counts.push(format!(
                "{} of {} failed",
                s.verifications_failed,
                count(run.len(), "verification", "verifications")
            ));
        } else if !run.is_empty() {
            counts.push(format!(
                "{} passed",
                count(run.len(), "verification", "verifications")
            ));
        }
        if let Some(drift) = &r.drift {
            let c = &drift.counts;
            let n = c.missing_on_remote + c.extra_on_remote + c.different;
            counts.push(count(n, "difference", "differences"));
        }
        counts.extend(severity_counts(self.hazards.iter().map(|h| h.severity)));
        counts
    }

    /// Whether the command has a check-style outcome to sum up (`list` and
    /// `reconcile` have their own: the history table, the plan).
    pub fn has_summary(&self) -> bool {
        !matches!(
            self.report.command.as_str(),
            "list" | "reconcile" | "comment"
        )
    }

    /// The migration result for a file, if it is one.
    pub fn migration(&self, file: &str) -> Option<&'a MigrationResult> {
        migration(self.report, file)
    }
}

fn migration<'a>(report: &'a Report, file: &str) -> Option<&'a MigrationResult> {
    // `lint` applies nothing: its files have no status to show.
    if report.command == "lint" {
        return None;
    }
    report
        .migrations
        .iter()
        .chain(&report.seeds)
        .find(|m| m.file == file)
}

/// Apply order for migrations and seeds; other files after them.
fn order(report: &Report, file: &str) -> usize {
    report
        .migrations
        .iter()
        .chain(&report.seeds)
        .position(|m| m.file == file)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Finding;

    fn migration(file: &str, status: ApplyStatus) -> MigrationResult {
        MigrationResult {
            version: "1".into(),
            name: "a".into(),
            file: file.into(),
            status,
            duration_ms: 0,
            statements: 1,
            error: None,
        }
    }

    #[test]
    fn plurals_are_right() {
        assert_eq!(count(1, "error", "errors"), "1 error");
        assert_eq!(count(0, "error", "errors"), "0 errors");
        assert_eq!(
            severity_counts([Severity::Warning, Severity::Notice, Severity::Notice].into_iter()),
            ["1 warning", "2 notices"]
        );
    }

    #[test]
    fn unchanged_files_show_only_when_they_fail_and_quiet_changed_files_are_listed() {
        let mut report = Report::new("check", ".");
        for (file, status) in [
            ("m/1_old.sql", ApplyStatus::Applied),
            ("m/2_broken_old.sql", ApplyStatus::Failed),
            ("m/3_new.sql", ApplyStatus::NotRun),
            ("m/4_quiet.sql", ApplyStatus::NotRun),
        ] {
            report.migrations.push(migration(file, status));
        }
        report.changed = vec!["m/3_new.sql".into(), "m/4_quiet.sql".into()];
        report.findings = vec![
            Finding::new(RuleId::VersionWidth, Severity::Warning, "w").in_file("m/1_old.sql"),
            Finding::new(RuleId::MigrationFailed, Severity::Error, "boom")
                .in_file("m/2_broken_old.sql"),
            Finding::new(
                RuleId::DropTable,
                Severity::Warning,
                "drops table public.t, and every row in it",
            )
            .in_file("m/3_new.sql")
            .at(2, 1),
            Finding::new(
                RuleId::TracedLock,
                Severity::Notice,
                "takes SHARE on public.u (existing table): w",
            )
            .in_file("m/3_new.sql")
            .at(3, 1),
            Finding::new(RuleId::BackendFallback, Severity::Warning, "fell back"),
        ];
        report.finish(Severity::Error);
        let digest = Digest::of(&report);
        let files: Vec<&str> = digest.files.iter().map(|g| g.file).collect();
        assert_eq!(files, ["m/2_broken_old.sql", "m/3_new.sql"]);
        assert_eq!(digest.files[1].status(), "not run · 1 warning · 1 notice");
        assert_eq!(digest.quiet, ["m/4_quiet.sql"]);
        assert_eq!(digest.elsewhere.len(), 1);
        assert_eq!(digest.general.listed.len(), 1);
        let concerns: Vec<Concern> = digest.decisions.iter().map(|d| d.concern).collect();
        assert_eq!(concerns, [Concern::Failure, Concern::DataLoss]);
        assert_eq!(
            digest.counts(),
            [
                "1 of 4 migrations applied, 1 failed, 2 not run",
                "1 error",
                "3 warnings",
                "1 notice"
            ]
        );
    }

    #[test]
    fn at_most_five_decisions_of_a_kind_each_the_rest_counted() {
        let mut report = Report::new("check", ".");
        let rules = [
            RuleId::DropTable,
            RuleId::DropColumn,
            RuleId::Truncate,
            RuleId::RlsDisabled,
            RuleId::AlterColumnType,
            RuleId::SetNotNull,
        ];
        for (i, rule) in rules.into_iter().enumerate() {
            for j in 0..2 {
                report.findings.push(
                    Finding::new(rule, Severity::Warning, format!("does {i}.{j}"))
                        .in_file("m/1.sql")
                        .at((i * 2 + j + 1) as u32, 1),
                );
            }
        }
        report.finish(Severity::Error);
        let digest = Digest::of(&report);
        let shown: Vec<(RuleId, usize)> = digest
            .decisions
            .iter()
            .map(|d| (d.hazard.rule(), d.alike))
            .collect();
        assert_eq!(
            shown,
            [
                (RuleId::DropTable, 1),
                (RuleId::DropColumn, 1),
                (RuleId::Truncate, 1),
                (RuleId::RlsDisabled, 1),
                (RuleId::AlterColumnType, 1)
            ]
        );
        assert_eq!(digest.more_decisions, 2);
    }
}
