//! The migration freeze: while it is in force, a change may add or edit
//! only what the policy allows.

use chrono::{DateTime, NaiveDate, Utc};

use crate::changes::{ChangeKind, ChangeSet};
use crate::config::FreezePolicy;
use crate::migrations::{is_noop, version_of};
use crate::report::{Finding, RuleId, Severity};

/// Today in UTC, or the date of `SCHEMAGATE_NOW` (an RFC 3339 time) when set,
/// so tests and reruns can fix "now".
pub fn today() -> Result<NaiveDate, String> {
    match std::env::var("SCHEMAGATE_NOW") {
        Ok(text) => DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc).date_naive())
            .map_err(|e| format!("SCHEMAGATE_NOW={text:?} is not an RFC 3339 time: {e}")),
        Err(_) => Ok(Utc::now().date_naive()),
    }
}

/// What the freeze needs to know about the run.
#[derive(Debug, Clone)]
pub struct FreezeContext<'a> {
    /// The policy.
    pub policy: &'a FreezePolicy,
    /// Today (UTC).
    pub today: NaiveDate,
    /// The pull request's labels (`--label`, or from the event).
    pub labels: &'a [String],
    /// The project directory relative to the repository root (`.` for the root),
    /// so `allow` globs may be written relative to either.
    pub project_dir: &'a str,
    /// The configuration file, for findings about the policy itself.
    pub config_file: &'a str,
}

/// Freeze findings for a change set: an error per added or edited
/// migration the policy does not allow, or one notice when the override
/// label lifts the freeze.
pub fn check(context: &FreezeContext<'_>, changes: &ChangeSet) -> Vec<Finding> {
    let policy = context.policy;
    if !policy.in_force(context.today) {
        return Vec::new();
    }
    let frozen: Vec<_> = changes
        .files
        .iter()
        .filter(|c| c.kind != ChangeKind::Deleted && version_of(&c.path).is_some())
        .filter(|c| !allowed(context, &c.path, c.new_content.as_deref()))
        .collect();
    if frozen.is_empty() {
        return Vec::new();
    }
    if let Some(label) = policy
        .override_label
        .as_ref()
        .filter(|l| context.labels.contains(l))
    {
        return vec![Finding::new(
            RuleId::FreezeOverridden,
            Severity::Notice,
            format!(
                "the migration freeze{} was overridden by the label {label:?} for {} file(s)",
                reason_suffix(policy),
                frozen.len()
            ),
        )
        .in_file(context.config_file)];
    }
    frozen
        .into_iter()
        .map(|change| {
            let verb = if change.kind == ChangeKind::Added {
                "adds"
            } else {
                "changes"
            };
            Finding::new(
                RuleId::Freeze,
                Severity::Error,
                format!(
                    "this change {verb} a migration during the migration freeze{}",
                    reason_suffix(policy)
                ),
            )
            .in_file(&change.path)
            .at(1, 1)
            .with_help(help(policy))
        })
        .collect()
}

fn allowed(context: &FreezeContext<'_>, path: &str, content: Option<&[u8]>) -> bool {
    let project_relative = match context.project_dir {
        "." | "" => path,
        dir => path
            .strip_prefix(dir)
            .map_or(path, |p| p.trim_start_matches('/')),
    };
    let policy = context.policy;
    if policy
        .allow
        .iter()
        .any(|g| g.matches(path) || g.matches(project_relative))
    {
        return true;
    }
    policy.allow_noop_placeholders
        && content
            .and_then(|c| std::str::from_utf8(c).ok())
            .is_some_and(is_noop)
}

fn reason_suffix(policy: &FreezePolicy) -> String {
    policy
        .reason
        .as_deref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default()
}

fn help(policy: &FreezePolicy) -> String {
    let mut help = String::from("wait for the freeze to end");
    if let Some(until) = policy.until {
        help.push_str(&format!(" (until {until})"));
    }
    if let Some(label) = &policy.override_label {
        help.push_str(&format!(", or get the {label:?} label approved"));
    }
    if let Some(document) = &policy.policy {
        help.push_str(&format!("; see {document}"));
    }
    help
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::FileChange;

    fn policy() -> FreezePolicy {
        FreezePolicy {
            enabled: true,
            reason: Some("Schema reconciliation in progress".into()),
            policy: Some("docs/ops/MIGRATION_FREEZE.md".into()),
            from: NaiveDate::from_ymd_opt(2026, 1, 16),
            until: NaiveDate::from_ymd_opt(2026, 2, 1),
            allow: vec![glob::Pattern::new(
                "supabase/migrations/20260117000001_add_missing_tables.sql",
            )
            .unwrap()],
            allow_noop_placeholders: true,
            override_label: Some("freeze-override".into()),
        }
    }

    fn added(path: &str, content: &str) -> FileChange {
        FileChange {
            kind: ChangeKind::Added,
            path: path.into(),
            old_path: None,
            old_content: None,
            new_content: Some(content.as_bytes().to_vec()),
        }
    }

    fn run(labels: &[String], day: u32, files: Vec<FileChange>) -> Vec<Finding> {
        let policy = policy();
        let context = FreezeContext {
            policy: &policy,
            today: NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
            labels,
            project_dir: "app",
            config_file: "app/schemagate.toml",
        };
        check(
            &context,
            &ChangeSet {
                base: "main".into(),
                files,
                base_files: vec![],
            },
        )
    }

    #[test]
    fn blocks_what_the_policy_does_not_allow() {
        let findings = run(
            &[],
            20,
            vec![
                added(
                    "app/supabase/migrations/20260120000000_new.sql",
                    "create table t ();",
                ),
                added(
                    "app/supabase/migrations/20260117000001_add_missing_tables.sql",
                    "create table x ();",
                ),
                added(
                    "app/supabase/migrations/20260108025539_remote_placeholder.sql",
                    "-- remote\nSELECT 1;",
                ),
            ],
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, RuleId::Freeze);
        assert_eq!(
            findings[0].file.as_deref(),
            Some("app/supabase/migrations/20260120000000_new.sql")
        );
        assert!(findings[0]
            .help
            .as_deref()
            .unwrap()
            .contains("freeze-override"));
    }

    #[test]
    fn the_window_and_the_label_lift_it() {
        let file = || {
            vec![added(
                "app/supabase/migrations/20260120000000_new.sql",
                "create table t ();",
            )]
        };
        assert!(run(&[], 15, file()).is_empty());
        let findings = run(&["freeze-override".to_string()], 20, file());
        assert_eq!(findings.len(), 1);
        assert_eq!(
            (findings[0].rule, findings[0].severity),
            (RuleId::FreezeOverridden, Severity::Notice)
        );
    }
}
