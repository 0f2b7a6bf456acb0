//! The stable identifiers of everything schemagate can report.
//!
//! Ids are kebab-case and never renamed: CI configurations and suppressions
//! refer to them. A new name for an old rule is added as an alias in
//! [`RuleId::from_str`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! rules {
    ($( $variant:ident => $id:literal, $description:literal; )*) => {
        /// One kind of finding.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $( #[doc = $description] $variant, )*
        }

        impl RuleId {
            /// Every rule, in documentation order.
            pub const ALL: &'static [RuleId] = &[ $( RuleId::$variant, )* ];

            /// The kebab-case id, as written in reports and configuration.
            pub fn as_str(self) -> &'static str {
                match self { $( RuleId::$variant => $id, )* }
            }

            /// A one-line description of what the rule reports.
            pub fn description(self) -> &'static str {
                match self { $( RuleId::$variant => $description, )* }
            }
        }
    };
}

rules! {
    InvalidName => "invalid-name", "a .sql file in the migrations directory whose name the Supabase CLI does not accept, so it is never applied";
    DuplicateVersion => "duplicate-version", "two migration files share one version";
    InvalidUtf8 => "invalid-utf8", "a migration file that is not valid UTF-8";
    EmptyMigration => "empty-migration", "a migration file with no statements";
    VersionWidth => "version-width", "versions of different widths, which sort differently by name and by number";
    LegacyInitSkipped => "legacy-init-skipped", "a first `<v>_init.sql` file older than 20211209000000, which the Supabase CLI skips";
    MigrationFailed => "migration-failed", "a migration that fails to apply";
    VerificationFailed => "verification-failed", "a verification query whose result does not match its expectation, or that fails";
    ExtensionStubbed => "extension-stubbed", "an extension the server lacks, emulated by a stub with the same SQL surface";
    ExtensionUnavailable => "extension-unavailable", "an extension that is neither on the server nor emulated";
    DangerousStatement => "dangerous-statement", "a statement that could escape the throwaway server, refused before execution";
    SuperuserMigrations => "superuser-migrations", "migrations run as a superuser, which hides permission errors production would raise";
    ServerVersionMismatch => "server-version-mismatch", "the throwaway server's major version differs from production's";
    Freeze => "freeze", "a migration added or changed during a migration freeze";
    FreezeOverridden => "freeze-overridden", "the freeze was lifted for this change by its override label";
    HistoryImmutable => "history-immutable", "a migration that exists on the base branch was modified, deleted or renamed";
    HistorySquash => "history-squash", "old migrations were squashed into one, which needs the remote history repaired";
    VersionOrder => "version-order", "a migration whose version is not newer than the base branch's or the remote's newest";
    PlaceholderNoop => "placeholder-noop", "a placeholder migration that does more than `SELECT 1`";
    RemoteOnly => "remote-only", "the remote database records versions that no migration file holds";
    Pending => "pending", "a migration not yet applied to the remote database";
    AppliedEdited => "applied-edited", "a migration whose statements differ from what the remote database recorded when it was applied";
    ContentUnknown => "content-unknown", "a remote history row that recorded no statements, so its content cannot be compared";
    ChangeSetUnavailable => "change-set-unavailable", "no base to compare with, so the change-set rules were skipped";
    SchemaDrift => "schema-drift", "the live database's schema differs from what the migrations produce";
    DriftIncomplete => "drift-incomplete", "part of the schema could not be compared with the live database";
}

impl RuleId {
    /// A link-free pointer to the rule's documentation.
    pub fn docs_anchor(self) -> String {
        format!("docs/rules.md#{}", self.as_str())
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for an id no rule carries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule id `{0}`")]
pub struct UnknownRule(pub String);

impl FromStr for RuleId {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|rule| rule.as_str() == s)
            .ok_or_else(|| UnknownRule(s.to_string()))
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        id.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut seen = HashSet::new();
        for rule in RuleId::ALL {
            assert!(seen.insert(rule.as_str()), "duplicate id {rule}");
            assert_eq!(rule.as_str().parse::<RuleId>().unwrap(), *rule);
        }
    }

    #[test]
    fn ids_are_kebab_case() {
        for rule in RuleId::ALL {
            let id = rule.as_str();
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{id} is not kebab-case"
            );
        }
    }

    #[test]
    fn every_rule_is_documented() {
        let docs = include_str!("../../docs/rules.md");
        for rule in RuleId::ALL {
            assert!(
                docs.contains(&format!("\n## {rule}\n")),
                "docs/rules.md lacks a section for {rule}"
            );
        }
    }

    #[test]
    fn unknown_id_is_an_error_naming_it() {
        let err = "no-such-rule".parse::<RuleId>().unwrap_err();
        assert_eq!(err.to_string(), "unknown rule id `no-such-rule`");
    }
}
