//! `[rules]` and `[lint]`: per-rule levels and what the static rules need.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::report::{Finding, RuleId, Severity};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLint {
    #[serde(default)]
    pub(super) idempotent: Vec<String>,
}

/// What `[rules]` sets one rule to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    /// The rule reports nothing.
    Off,
    /// The rule reports at this severity instead of its default.
    Severity(Severity),
}

/// `[rules]`: per-rule levels that replace the rules' default severities.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleLevels(BTreeMap<RuleId, RuleLevel>);

/// Rules whose findings mirror a failure that fails the run anyway (a
/// migration or verification that failed, a statement refused before it
/// could run), so a level for them would only hide the reason.
pub(super) const FIXED_RULES: &[RuleId] = &[
    RuleId::MigrationFailed,
    RuleId::VerificationFailed,
    RuleId::DangerousStatement,
];

impl RuleLevels {
    /// The configured level of `rule`, if any.
    pub fn level(&self, rule: RuleId) -> Option<RuleLevel> {
        self.0.get(&rule).copied()
    }

    /// Drops the findings of rules turned off and re-grades the others.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain_mut(|finding| match self.level(finding.rule) {
            Some(RuleLevel::Off) => false,
            Some(RuleLevel::Severity(severity)) => {
                finding.severity = severity;
                true
            }
            None => true,
        });
    }

    pub(super) fn parse(raw: &BTreeMap<String, String>) -> Result<RuleLevels, String> {
        let mut levels = BTreeMap::new();
        for (id, value) in raw {
            let rule: RuleId = id
                .parse()
                .map_err(|e| format!("rules: {e} (docs/rules.md lists every id)"))?;
            if FIXED_RULES.contains(&rule) {
                return Err(format!(
                    "rules.{id}: this rule reports a failure that fails the run whatever its level, so it cannot be configured"
                ));
            }
            let level = match value.as_str() {
                "off" => RuleLevel::Off,
                other => RuleLevel::Severity(other.parse::<Severity>().map_err(|_| {
                    format!("rules.{id}: expected \"off\", \"notice\", \"warning\" or \"error\", found {other:?}")
                })?),
            };
            levels.insert(rule, level);
        }
        Ok(RuleLevels(levels))
    }
}

/// What the static rules need to know about the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintSettings {
    /// Schemas the Supabase API exposes: `api.schemas` in
    /// `supabase/config.toml`, else `public` and `graphql_public`.
    pub exposed_schemas: Vec<String>,
    /// `[lint] idempotent`: file-name globs of migrations that must be
    /// idempotent (as a `-- schemagate:idempotent` header also says).
    pub idempotent: Vec<glob::Pattern>,
}

impl Default for LintSettings {
    fn default() -> Self {
        LintSettings {
            exposed_schemas: vec!["public".to_string(), "graphql_public".to_string()],
            idempotent: Vec::new(),
        }
    }
}
