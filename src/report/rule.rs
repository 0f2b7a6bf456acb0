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
    FileNotRead => "file-not-read", "a project file (migration, seed, roles.sql) that was not read: a symbolic link, not a regular file, or outside the repository";
    IgnoredEntry => "ignored-entry", "an entry of the migrations directory that looks like a migration but the Supabase CLI ignores (a directory, an upper-case .SQL)";
    NoMigrations => "no-migrations", "the migrations directory holds no migrations, so nothing was checked";
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
    BackendFallback => "backend-fallback", "the docker backend could not provide a server, so the run fell back to the embedded one";
    ServerGuardAbsent => "server-guard-absent", "the throwaway server lets the migration role grant itself roles that reach the server's files or programs (no in-server guard)";
    OutOfSpace => "out-of-space", "a migration or seed filled the throwaway server's data directory past its cap";
    ResultTruncated => "result-truncated", "a verification query returned more rows or bytes than a report may carry; the rest was cut";
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
    CommentNotPosted => "comment-not-posted", "the pull-request comment could not be posted (e.g. a fork's read-only token)";
    DropTable => "drop-table", "drops a table that existed before this migration, with its data";
    DropColumn => "drop-column", "drops a column of an existing table, with its data";
    DropSchema => "drop-schema", "drops a schema and everything in it";
    Truncate => "truncate", "empties an existing table";
    DmlWithoutWhere => "dml-without-where", "a DELETE or UPDATE without WHERE, which touches every row of an existing table";
    AlterColumnType => "alter-column-type", "changes the type of a column of an existing table, which can rewrite the table and lose data";
    DropCascade => "drop-cascade", "DROP ... CASCADE, TRUNCATE ... CASCADE or DROP OWNED, which also destroy whatever depends on the target";
    IndexWithoutConcurrently => "index-without-concurrently", "builds an index on an existing table while blocking its writes";
    ConstraintWithoutNotValid => "constraint-without-not-valid", "adds a foreign key or check constraint to an existing table without NOT VALID, checking every row under lock";
    NotNullWithoutDefault => "not-null-without-default", "adds a NOT NULL column without a default to an existing table, which fails once the table has rows";
    SetNotNull => "set-not-null", "SET NOT NULL on a column of an existing table, which scans every row under ACCESS EXCLUSIVE";
    VolatileDefault => "volatile-default", "adds a column whose value must be computed for every row (volatile default, serial, identity, stored generated), which rewrites an existing table";
    RenameTable => "rename-table", "renames an existing table, which breaks deployed code that still uses the old name";
    RenameColumn => "rename-column", "renames a column of an existing table, which breaks deployed code that still uses the old name";
    MissingLockTimeout => "missing-lock-timeout", "takes a lock that blocks writes (ACCESS EXCLUSIVE, SHARE ROW EXCLUSIVE, SHARE) on an existing table before any lock_timeout is set";
    RlsDisabled => "rls-disabled", "a table created in an API-exposed schema without row level security";
    RlsWithoutPolicy => "rls-without-policy", "row level security enabled on a new table that gets no policy";
    SecurityDefinerSearchPath => "security-definer-search-path", "a SECURITY DEFINER function without a fixed search_path";
    AuthUidPerRow => "auth-uid-per-row", "a policy that calls auth.uid() (or auth.jwt(), auth.role(), current_setting()) for every row instead of once per query";
    ForeignKeyWithoutIndex => "foreign-key-without-index", "a new foreign key whose columns no index covers";
    AnonGrantSensitive => "anon-grant-sensitive", "a grant to anon (or PUBLIC) on a sensitive table or on every table of a schema";
    NotIdempotent => "not-idempotent", "in a file marked idempotent, a statement that fails or duplicates work when the file runs twice";
    IdempotencyReapply => "idempotency-reapply", "a file marked idempotent that fails when applied a second time";
    TracedLock => "traced-lock", "a lock the migration took, while it ran, on a relation that existed before it";
    TracedRewrite => "traced-rewrite", "a table that existed before the migration and that it rewrote while it ran";
    SyntaxError => "syntax-error", "a statement PostgreSQL's parser rejects (reported by `schemagate lint`)";
    InvalidDirective => "invalid-directive", "a `-- schemagate:` comment that is malformed or applies to nothing";
    LintSkipped => "lint-skipped", "static analysis skipped: no change set to take the files from, or a statement the analyser could not read";
    AuthUsersExposed => "auth-users-exposed", "a view or materialized view in an API-exposed schema that reads auth.users and anon or authenticated may select from (Supabase advisor 0002)";
    SecurityDefinerView => "security-definer-view", "a view in an API-exposed schema without security_invoker, which bypasses the row level security of what it reads (Supabase advisor 0010)";
    FunctionSearchPathMutable => "function-search-path-mutable", "a function without a fixed search_path (Supabase advisor 0011)";
    PolicyExistsRlsDisabled => "policy-exists-rls-disabled", "a table with policies whose row level security is off, so they are not enforced (Supabase advisor 0007)";
    RlsEnabledNoPolicy => "rls-enabled-no-policy", "a table in an API-exposed schema with row level security on and no policy (Supabase advisor 0008)";
    RlsDisabledInPublic => "rls-disabled-in-public", "a table in an API-exposed schema without row level security, as the database holds it (Supabase advisor 0013)";
    RlsReferencesUserMetadata => "rls-references-user-metadata", "a policy that reads auth.jwt() -> 'user_metadata', which users can set themselves (Supabase advisor 0015)";
    MultiplePermissivePolicies => "multiple-permissive-policies", "several permissive policies on one table for the same role and action (Supabase advisor 0006)";
    AuthRlsInitplan => "auth-rls-initplan", "a policy that re-evaluates auth.uid(), auth.jwt(), auth.role() or current_setting() for every row, as the database holds it (Supabase advisor 0003)";
    ExtensionInPublic => "extension-in-public", "an extension installed in the public schema (Supabase advisor 0014)";
    UnindexedForeignKeys => "unindexed-foreign-keys", "a foreign key whose columns no index leads with, as the database holds it (Supabase advisor 0001)";
    DuplicateIndex => "duplicate-index", "identical indexes on one table (Supabase advisor 0009)";
    NoPrimaryKey => "no-primary-key", "a table without a primary key (Supabase advisor 0004)";
    MaterializedViewInApi => "materialized-view-in-api", "a materialized view in an API-exposed schema that anon or authenticated may read (Supabase advisor 0016)";
    ForeignTableInApi => "foreign-table-in-api", "a foreign table in an API-exposed schema that anon or authenticated may read (Supabase advisor 0017)";
    InsecureQueueExposedInApi => "insecure-queue-exposed-in-api", "a pgmq queue table without row level security exposed through pgmq_public (Supabase advisor 0019)";
    TestFailed => "test-failed", "a pgTAP test of supabase/tests that failed";
    TestPlan => "test-plan", "a pgTAP test file whose plan does not match the tests it ran, or that has no plan";
    TestDied => "test-died", "a pgTAP test file that stopped on an error or did not finish in time";
    PgtapUnavailable => "pgtap-unavailable", "supabase/tests holds tests but the server has no pgtap extension to run them";
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
