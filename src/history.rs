//! History integrity: what a change does to migrations that already exist
//! (on the base branch), and how the files line up with the live
//! database's history table.
//!
//! These are findings, not errors: they go in the report next to what
//! applying found.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use similar::{ChangeTag, TextDiff};

use crate::changes::{ChangeKind, ChangeSet, FileChange};
use crate::config::HistoryPolicy;
use crate::migrations::{compare_versions, is_noop, is_placeholder, version_of, Migration};
use crate::report::{
    AlignmentRow, AlignmentStatus, Finding, HistoryAlignment, RemoteMigration, RuleId, Severity,
};

/// The Supabase CLI's words for a local version older than the remote's newest.
const CLI_INSERTED_BEFORE: &str = "would be inserted before the last migration on remote database";

/// Findings about what a change does to history, compared with its base.
/// `remote` is the live history when known, to recognise placeholders for
/// remote-only versions.
pub fn check_changes(changes: &ChangeSet, remote: Option<&[RemoteMigration]>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let migrations: Vec<&FileChange> = changes
        .files
        .iter()
        .filter(|c| version_of(&c.path).is_some())
        .collect();
    let squash = detect_squash(&migrations);
    if let Some(squash) = &squash {
        findings.push(squash.finding());
    }
    for change in &migrations {
        if squash.as_ref().is_some_and(|s| s.involves(&change.path)) {
            continue;
        }
        match change.kind {
            ChangeKind::Modified | ChangeKind::Deleted | ChangeKind::Renamed => {
                findings.push(immutable(change))
            }
            ChangeKind::Added => {}
        }
        let new_version = change.kind == ChangeKind::Added
            || (change.kind == ChangeKind::Renamed
                && change.old_path.as_deref().and_then(version_of) != version_of(&change.path));
        if new_version {
            findings.extend(order_against_base(change, changes, remote));
            findings.extend(duplicate_against_base(change, changes));
        }
        if change.kind != ChangeKind::Deleted {
            findings.extend(placeholder_with_code(change));
        }
    }
    findings
}

/// `placeholder-noop` for every discovered file, when there is no change set.
pub fn check_placeholders(migrations: &[Migration]) -> Vec<Finding> {
    migrations
        .iter()
        .filter(|m| is_placeholder(&m.file, m.text()) && !is_noop(m.text()))
        .map(|m| placeholder_finding(&m.file))
        .collect()
}

fn placeholder_with_code(change: &FileChange) -> Option<Finding> {
    let text = std::str::from_utf8(change.new_content.as_deref()?).ok()?;
    (is_placeholder(&change.path, text) && !is_noop(text))
        .then(|| placeholder_finding(&change.path))
}

fn placeholder_finding(file: &str) -> Finding {
    Finding::new(
        RuleId::PlaceholderNoop,
        Severity::Error,
        "this placeholder migration contains more than `SELECT 1`: a placeholder must not change the schema",
    )
    .in_file(file)
    .at(1, 1)
    .with_help("keep only comments and `SELECT 1;`, and put real changes in a migration of their own")
}

fn immutable(change: &FileChange) -> Finding {
    let old = text(change.old_content.as_deref());
    let new = text(change.new_content.as_deref());
    let (message, severity) = match change.kind {
        ChangeKind::Deleted => ("this migration exists on the base branch and was deleted".to_string(), Severity::Error),
        ChangeKind::Renamed => (
            format!(
                "this migration was renamed from {}; the history table records the old version and name",
                change.old_path.as_deref().unwrap_or("?")
            ),
            Severity::Error,
        ),
        _ if normalize(&old) == normalize(&new) => (
            "only line endings or trailing whitespace changed in this applied migration".to_string(),
            Severity::Warning,
        ),
        _ => (
            format!("this migration exists on the base branch and was modified:\n{}", short_diff(&old, &new)),
            Severity::Error,
        ),
    };
    Finding::new(RuleId::HistoryImmutable, severity, message)
        .in_file(&change.path)
        .at(1, 1)
        .with_help("applied migrations are history: revert this edit and put the change in a new migration")
}

/// Up to ten changed lines, `-` for removed and `+` for added.
pub fn short_diff(old: &str, new: &str) -> String {
    const LIMIT: usize = 10;
    let diff = TextDiff::from_lines(old, new);
    let changed: Vec<String> = diff
        .iter_all_changes()
        .filter(|c| c.tag() != ChangeTag::Equal)
        .map(|c| {
            let sign = if c.tag() == ChangeTag::Delete {
                '-'
            } else {
                '+'
            };
            format!("{sign} {}", c.value().trim_end())
        })
        .collect();
    let mut shown = changed[..changed.len().min(LIMIT)].join("\n");
    if changed.len() > LIMIT {
        shown.push_str(&format!("\n… {} more changed lines", changed.len() - LIMIT));
    }
    shown
}

fn order_against_base(
    change: &FileChange,
    changes: &ChangeSet,
    remote: Option<&[RemoteMigration]>,
) -> Option<Finding> {
    let version = version_of(&change.path)?;
    let newest = changes
        .base_files
        .iter()
        .filter(|p| p.as_str() != change.path)
        .filter_map(|p| version_of(p).map(|v| (v, p)))
        .max_by(|a, b| compare_versions(a.0, b.0))?;
    if compare_versions(version, newest.0) == Ordering::Greater {
        return None;
    }
    if placeholder_for_remote_only(change, version, remote) {
        return None;
    }
    Some(
        Finding::new(
            RuleId::VersionOrder,
            Severity::Error,
            format!(
                "version {version} is not newer than {} on {}: once merged it {CLI_INSERTED_BEFORE}",
                newest.1, changes.base
            ),
        )
        .in_file(&change.path)
        .at(1, 1)
        .with_help("give it a new timestamp (`supabase migration new <name>`), newer than every migration on the base branch"),
    )
}

fn placeholder_for_remote_only(
    change: &FileChange,
    version: &str,
    remote: Option<&[RemoteMigration]>,
) -> bool {
    let is_noop_file = change
        .new_content
        .as_deref()
        .and_then(|c| std::str::from_utf8(c).ok())
        .is_some_and(is_noop);
    is_noop_file && remote.is_some_and(|rows| rows.iter().any(|r| r.version == version))
}

fn duplicate_against_base(change: &FileChange, changes: &ChangeSet) -> Option<Finding> {
    let version = version_of(&change.path)?;
    let removed: BTreeSet<&str> = changes
        .files
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::Deleted | ChangeKind::Renamed))
        .map(|c| c.old_path.as_deref().unwrap_or(&c.path))
        .collect();
    let other = changes.base_files.iter().find(|p| {
        version_of(p) == Some(version) && p.as_str() != change.path && !removed.contains(p.as_str())
    })?;
    Some(
        Finding::new(
            RuleId::DuplicateVersion,
            Severity::Error,
            format!(
                "version {version} is already used by {other} on {}",
                changes.base
            ),
        )
        .in_file(&change.path)
        .at(1, 1)
        .with_help("two branches picked the same timestamp: give this migration a new one"),
    )
}

/// A `supabase migration squash`: older migrations deleted, one file with
/// the newest of their versions holding their content.
struct Squash {
    target: String,
    deleted: Vec<String>,
}

impl Squash {
    fn involves(&self, path: &str) -> bool {
        self.target == path || self.deleted.iter().any(|d| d == path)
    }

    fn finding(&self) -> Finding {
        Finding::new(
            RuleId::HistorySquash,
            Severity::Warning,
            format!("{} older migrations were squashed into this one", self.deleted.len()),
        )
        .in_file(&self.target)
        .at(1, 1)
        .with_help("after merging, mark the squashed versions reverted on the remote (`supabase migration repair --status reverted <version>...`, or `schemagate reconcile --repair`) so history matches")
    }
}

fn detect_squash(changes: &[&FileChange]) -> Option<Squash> {
    let deleted: Vec<&FileChange> = changes
        .iter()
        .copied()
        .filter(|c| c.kind == ChangeKind::Deleted)
        .collect();
    let newest_deleted = deleted
        .iter()
        .filter_map(|c| version_of(&c.path))
        .max_by(|a, b| compare_versions(a, b))?;
    let targets: Vec<&FileChange> = changes
        .iter()
        .copied()
        .filter(|c| c.kind != ChangeKind::Deleted)
        .filter(|c| {
            version_of(&c.path).is_some_and(|v| match c.kind {
                ChangeKind::Added => compare_versions(v, newest_deleted) == Ordering::Equal,
                _ => compare_versions(v, newest_deleted) == Ordering::Greater,
            })
        })
        .collect();
    match targets.as_slice() {
        [target] => Some(Squash {
            target: target.path.clone(),
            deleted: deleted.iter().map(|c| c.path.clone()).collect(),
        }),
        _ => None,
    }
}

/// Lines up local files with the remote history, as `supabase migration
/// list` does, and adds the findings that makes: `remote-only`, `pending`,
/// `version-order`, `applied-edited`, `content-unknown`.
pub fn align(
    local: &[Migration],
    remote: &[RemoteMigration],
    source: &str,
    policy: &HistoryPolicy,
) -> (HistoryAlignment, Vec<Finding>) {
    let mut findings = Vec::new();
    let local_by_version: BTreeMap<&str, &Migration> =
        local.iter().map(|m| (m.version.as_str(), m)).collect();
    let remote_by_version: BTreeMap<&str, &RemoteMigration> =
        remote.iter().map(|r| (r.version.as_str(), r)).collect();
    let mut versions: Vec<&str> = local_by_version
        .keys()
        .chain(remote_by_version.keys())
        .copied()
        .collect();
    versions.sort_by(|a, b| compare_versions(a, b));
    versions.dedup();
    let newest_remote = remote
        .iter()
        .map(|r| r.version.as_str())
        .max_by(|a, b| compare_versions(a, b));

    let mut rows = Vec::new();
    let mut remote_only = Vec::new();
    for version in versions {
        let status = match (
            local_by_version.get(version),
            remote_by_version.get(version),
        ) {
            (Some(file), Some(row)) => compare_content(file, row, &mut findings),
            (Some(file), None) => {
                findings.push(pending(file, newest_remote, policy));
                AlignmentStatus::Pending
            }
            (None, Some(_)) => {
                remote_only.push(version);
                AlignmentStatus::RemoteOnly
            }
            (None, None) => continue,
        };
        rows.push(AlignmentRow {
            version: version.to_string(),
            local: local_by_version.get(version).map(|m| m.file.clone()),
            remote: remote_by_version
                .get(version)
                .map(|r| r.name.clone().unwrap_or_default()),
            status,
        });
    }
    if !remote_only.is_empty() {
        findings.push(
            Finding::new(
                RuleId::RemoteOnly,
                Severity::Error,
                format!(
                    "the remote database has {} version(s) that no migration file records: {}",
                    remote_only.len(),
                    abbreviate(&remote_only)
                ),
            )
            .with_help("run `schemagate reconcile --write` to add placeholder files for them (Supabase CLI: \"Remote migration versions not found in local migrations directory\")"),
        );
    }
    let alignment = HistoryAlignment {
        source: source.to_string(),
        rows,
        remote: remote.to_vec(),
    };
    (alignment, findings)
}

fn compare_content(
    file: &Migration,
    row: &RemoteMigration,
    findings: &mut Vec<Finding>,
) -> AlignmentStatus {
    if is_placeholder(&file.file, file.text()) && is_noop(file.text()) {
        return AlignmentStatus::Placeholder;
    }
    // Repair scripts insert NULL or an empty array: nothing to compare.
    let recorded = match &row.statements {
        Some(recorded) if !recorded.is_empty() => recorded,
        Some(_) => return content_unknown(file, "an empty list of statements", findings),
        None => return content_unknown(file, "no statements", findings),
    };
    let local: Vec<String> = file.statements.iter().map(|s| normalize(&s.sql)).collect();
    let remote: Vec<String> = recorded.iter().map(|s| normalize(s)).collect();
    if local == remote {
        return AlignmentStatus::Applied;
    }
    // The CLI records the statements it ran, all of which parsed; a note
    // someone wrote into the column is not an edit of the file.
    if !recorded.iter().all(|s| crate::lint::is_sql(s)) {
        let note = recorded.join(" ");
        let note: String = note.chars().take(80).collect();
        return content_unknown(
            file,
            &format!("text that is not SQL the Supabase CLI ran ({note:?})"),
            findings,
        );
    }
    let diff = short_diff(
        &recorded.join(";\n"),
        &file
            .statements
            .iter()
            .map(|s| s.sql.as_str())
            .collect::<Vec<_>>()
            .join(";\n"),
    );
    findings.push(
        Finding::new(
            RuleId::AppliedEdited,
            Severity::Error,
            format!("this migration differs from what the remote database ran when it was applied:\n{diff}"),
        )
        .in_file(&file.file)
        .at(1, 1)
        .with_help("restore the file to what production ran, and make the change in a new migration"),
    );
    AlignmentStatus::Edited
}

fn content_unknown(
    file: &Migration,
    recorded: &str,
    findings: &mut Vec<Finding>,
) -> AlignmentStatus {
    findings.push(
        Finding::new(
            RuleId::ContentUnknown,
            Severity::Notice,
            format!(
                "the remote recorded {recorded} for version {}, so its content cannot be compared",
                file.version
            ),
        )
        .in_file(&file.file),
    );
    AlignmentStatus::ContentUnknown
}

fn pending(file: &Migration, newest_remote: Option<&str>, policy: &HistoryPolicy) -> Finding {
    let older =
        newest_remote.filter(|newest| compare_versions(&file.version, newest) == Ordering::Less);
    match older {
        None => Finding::new(RuleId::Pending, Severity::Notice, format!("version {} is not yet applied to the remote database", file.version))
            .in_file(&file.file),
        Some(newest) => Finding::new(
            RuleId::VersionOrder,
            if policy.include_all { Severity::Warning } else { Severity::Error },
            format!("version {} is not on the remote and is older than its newest version {newest}: it {CLI_INSERTED_BEFORE}", file.version),
        )
        .in_file(&file.file)
        .at(1, 1)
        .with_help("`supabase db push --include-all` is needed to apply it; set `[history] include_all = true` if that is the plan"),
    }
}

fn abbreviate(versions: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut text = versions[..versions.len().min(SHOWN)].join(", ");
    if versions.len() > SHOWN {
        text.push_str(&format!(" and {} more", versions.len() - SHOWN));
    }
    text
}

fn text(bytes: Option<&[u8]>) -> String {
    bytes
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}

/// Text with a BOM, `\r` line endings and trailing whitespace removed,
/// which editors change without anyone meaning to.
pub fn normalize(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: ChangeKind, path: &str, old: Option<&str>, new: Option<&str>) -> FileChange {
        FileChange {
            kind,
            path: path.into(),
            old_path: None,
            old_content: old.map(|s| s.as_bytes().to_vec()),
            new_content: new.map(|s| s.as_bytes().to_vec()),
        }
    }

    fn added(path: &str, sql: &str) -> FileChange {
        change(ChangeKind::Added, path, None, Some(sql))
    }

    /// A file already on the base branch, edited from `old` to `new`.
    fn modified(path: &str, old: &str, new: &str) -> FileChange {
        change(ChangeKind::Modified, path, Some(old), Some(new))
    }

    /// The findings for `files` against a base holding `base_files`, with no remote.
    fn check(files: Vec<FileChange>, base_files: &[&str]) -> Vec<Finding> {
        check_changes(&set(files, base_files), None)
    }

    fn set(files: Vec<FileChange>, base_files: &[&str]) -> ChangeSet {
        ChangeSet {
            base: "origin/main".into(),
            files,
            base_files: base_files.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn rules(findings: &[Finding]) -> Vec<(RuleId, Severity)> {
        findings.iter().map(|f| (f.rule, f.severity)).collect()
    }

    const M: &str = "supabase/migrations/";

    #[test]
    fn edits_to_history_are_errors_with_a_diff() {
        let path = format!("{M}1_a.sql");
        let edit = modified(&path, "create table a ();\n", "create table b ();\n");
        let findings = check(vec![edit], &[&path]);
        assert_eq!(
            rules(&findings),
            [(RuleId::HistoryImmutable, Severity::Error)]
        );
        assert!(
            findings[0]
                .message
                .contains("- create table a ();\n+ create table b ();"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn whitespace_only_edits_are_warnings() {
        let path = format!("{M}1_a.sql");
        let edit = modified(&path, "select 1;\n", "\u{feff}select 1;  \r\n");
        let findings = check(vec![edit], &[&path]);
        assert_eq!(
            rules(&findings),
            [(RuleId::HistoryImmutable, Severity::Warning)]
        );
    }

    #[test]
    fn a_squash_is_one_warning() {
        let deleted = |path: &str, sql| change(ChangeKind::Deleted, path, Some(sql), None);
        let files = vec![
            deleted(&format!("{M}1_a.sql"), "create table a ();"),
            deleted(&format!("{M}2_b.sql"), "create table b ();"),
            modified(
                &format!("{M}3_c.sql"),
                "create table c ();",
                "create table a (); create table b (); create table c ();",
            ),
        ];
        let base = [
            format!("{M}1_a.sql"),
            format!("{M}2_b.sql"),
            format!("{M}3_c.sql"),
        ];
        let base: Vec<&str> = base.iter().map(String::as_str).collect();
        assert_eq!(
            rules(&check(files, &base)),
            [(RuleId::HistorySquash, Severity::Warning)]
        );
    }

    #[test]
    fn new_versions_must_be_newer_than_the_base_unless_placeholders_for_the_remote() {
        let old = format!("{M}20260110000000_a.sql");
        let added_path = format!("{M}20260108025539_remote_placeholder.sql");
        let files = || vec![added(&added_path, "-- remote\nSELECT 1;")];
        let findings = check(files(), &[&old]);
        assert_eq!(rules(&findings), [(RuleId::VersionOrder, Severity::Error)]);
        assert!(findings[0].message.contains(CLI_INSERTED_BEFORE));
        let remote = [RemoteMigration {
            version: "20260108025539".into(),
            name: None,
            statements: None,
        }];
        assert!(check_changes(&set(files(), &[&old]), Some(&remote)).is_empty());
    }

    #[test]
    fn the_same_version_on_both_branches_is_a_duplicate() {
        let ours = format!("{M}20260110000000_ours.sql");
        let theirs = format!("{M}20260110000000_theirs.sql");
        let findings = check(vec![added(&ours, "select 2;")], &[&theirs]);
        assert!(
            rules(&findings).contains(&(RuleId::DuplicateVersion, Severity::Error)),
            "{findings:?}"
        );
    }

    #[test]
    fn placeholders_must_be_noops() {
        let path = format!("{M}20260110000000_remote_placeholder.sql");
        let findings = check(vec![added(&path, "SELECT 1;\ndrop table x;")], &[]);
        assert_eq!(
            rules(&findings),
            [(RuleId::PlaceholderNoop, Severity::Error)]
        );
    }

    #[test]
    fn a_clean_change_is_silent() {
        let old = format!("{M}20260101000000_a.sql");
        let new = format!("{M}20260120000000_b.sql");
        let findings = check(vec![added(&new, "create table b ();")], &[&old]);
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn short_diffs_are_bounded() {
        let old: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let diff = short_diff(&old, "");
        assert_eq!(diff.lines().count(), 11);
        assert!(diff.ends_with("… 20 more changed lines"));
    }
}
