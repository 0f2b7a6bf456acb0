//! Which objects are the project's (compared) and which the platform's
//! (the baseline, never drift).
//!
//! By default every schema is compared except the ones Supabase manages
//! (`auth`, `storage`, `realtime`, `extensions`, `graphql*`, `vault`,
//! `pgsodium*`, `supabase_*`, `cron`, `net`, ...) and the shim's own. The
//! project's objects in or on those schemas are still compared: policies
//! and triggers on `auth`, `storage` and `realtime` tables, publication
//! membership, bucket rows and cron jobs. `[drift] schemas` (or
//! `--schemas`) replaces the default list, `[drift] ignore` leaves objects
//! out by identity.

use std::collections::BTreeSet;

use super::{Object, ObjectType, Snapshot};
use crate::config::Config;
use crate::migrations::Migration;
use crate::report::RunError;
use crate::run_error::usage;
use crate::shim::CreateExtension;

/// Schemas the platform manages, by exact name.
const MANAGED_SCHEMAS: &[&str] = &[
    "auth",
    "storage",
    "realtime",
    "_realtime",
    "extensions",
    "vault",
    "cron",
    "net",
    "pgbouncer",
    "pgtle",
    "pgmq",
    "_analytics",
    "_supavisor",
    "topology",
    "tiger",
    "tiger_data",
];

/// Schemas the platform manages, by prefix (`graphql_public`,
/// `pgsodium_masks`, `supabase_functions`, the shim's `schemagate_shim`).
const MANAGED_PREFIXES: &[&str] = &["graphql", "pgsodium", "supabase_", "schemagate_", "pg_"];

/// Managed schemas whose tables the project may put policies and triggers
/// on (supautils' policy_grants): those are the project's objects.
const PROJECT_FACING_SCHEMAS: &[&str] = &["auth", "storage", "realtime"];

/// Extensions a Supabase project starts with: the baseline, unless a
/// migration creates them.
pub const PLATFORM_EXTENSIONS: &[&str] = &[
    "plpgsql",
    "pgcrypto",
    "uuid-ossp",
    "pg_stat_statements",
    "pg_graphql",
    "pgsodium",
    "supabase_vault",
    "pgjwt",
];

/// Whether a schema is one the platform manages.
pub fn is_managed(schema: &str) -> bool {
    MANAGED_SCHEMAS.contains(&schema) || MANAGED_PREFIXES.iter().any(|p| schema.starts_with(p))
}

/// Whether a role is one of the platform's own (its default privileges
/// are the platform's, not the project's).
pub fn is_platform_role(role: &str) -> bool {
    role.starts_with("supabase")
        || role.starts_with("pgsodium")
        || matches!(role, "dashboard_user" | "pgbouncer" | "authenticator")
}

/// An `ignore` entry: `[object_type:]glob` on the identity.
#[derive(Debug, Clone)]
pub struct IgnorePattern {
    object_type: Option<ObjectType>,
    pattern: glob::Pattern,
}

impl IgnorePattern {
    /// Parses `public.legacy_*` or `table:public.legacy_*`.
    pub fn parse(text: &str) -> Result<IgnorePattern, String> {
        let (object_type, glob) = match text.split_once(':') {
            Some((prefix, rest)) if !prefix.contains(['.', ' ', '"']) => {
                let object_type = OBJECT_TYPES
                    .iter()
                    .copied()
                    .find(|t| t.as_str() == prefix)
                    .ok_or_else(|| {
                        format!(
                            "{text:?}: unknown object type {prefix:?} (one of {})",
                            OBJECT_TYPES
                                .iter()
                                .map(|t| t.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })?;
                (Some(object_type), rest)
            }
            _ => (None, text),
        };
        let pattern =
            glob::Pattern::new(glob).map_err(|e| format!("{text:?} is not a valid glob: {e}"))?;
        Ok(IgnorePattern {
            object_type,
            pattern,
        })
    }

    fn matches(&self, object: &Object) -> bool {
        self.object_type.is_none_or(|t| t == object.object_type)
            && self.pattern.matches(&object.identity)
    }
}

/// Every object type, for parsing.
pub const OBJECT_TYPES: &[ObjectType] = &[
    ObjectType::Schema,
    ObjectType::Extension,
    ObjectType::Table,
    ObjectType::Column,
    ObjectType::Constraint,
    ObjectType::Index,
    ObjectType::Policy,
    ObjectType::Function,
    ObjectType::Trigger,
    ObjectType::View,
    ObjectType::MaterializedView,
    ObjectType::EnumType,
    ObjectType::Sequence,
    ObjectType::Grant,
    ObjectType::DefaultPrivilege,
    ObjectType::PublicationTable,
    ObjectType::StorageBucket,
    ObjectType::CronJob,
    ObjectType::Comment,
];

/// What is compared.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The schemas to compare; `None` for every schema but the managed ones.
    pub schemas: Option<Vec<String>>,
    /// Objects (and what belongs to them) left out.
    pub ignore: Vec<IgnorePattern>,
    /// Platform extensions a migration creates, which are then compared.
    pub created_extensions: BTreeSet<String>,
    /// Object types one side could not read in full: not compared at all.
    pub skipped: BTreeSet<ObjectType>,
}

impl Scope {
    /// Whether objects in `schema` are compared.
    pub fn compares_schema(&self, schema: &str) -> bool {
        match &self.schemas {
            Some(list) => list.iter().any(|s| s == schema),
            None => !is_managed(schema),
        }
    }

    /// Whether `object` (from `snapshot`) is compared.
    pub fn includes(&self, object: &Object, snapshot: &Snapshot) -> bool {
        if self.skipped.contains(&object.object_type) {
            return false;
        }
        let ignored = |o: &Object| self.ignore.iter().any(|p| p.matches(o));
        if !self.ignore.is_empty()
            && (ignored(object)
                || snapshot
                    .lineage(&object.key())
                    .iter()
                    .filter_map(|key| snapshot.get(key))
                    .any(ignored))
        {
            return false;
        }
        // A comment on a policy or trigger follows it (it may sit on a platform table).
        if let Some(parent) = object.parent.as_deref().and_then(|p| snapshot.get(p)) {
            if matches!(parent.object_type, ObjectType::Policy | ObjectType::Trigger) {
                return self.includes(parent, snapshot);
            }
        }
        let schema = object.schema.as_deref();
        let compared = schema.is_some_and(|s| self.compares_schema(s));
        let project_facing = schema.is_some_and(|s| PROJECT_FACING_SCHEMAS.contains(&s));
        match object.object_type {
            ObjectType::Extension => {
                let name = object.name.as_deref().unwrap_or(&object.identity);
                !PLATFORM_EXTENSIONS.contains(&name) || self.created_extensions.contains(name)
            }
            ObjectType::StorageBucket | ObjectType::CronJob => true,
            ObjectType::Policy => compared || project_facing,
            ObjectType::Trigger => {
                compared
                    || (project_facing
                        && object
                            .function_schema
                            .as_deref()
                            .is_some_and(|s| self.compares_schema(s)))
            }
            ObjectType::DefaultPrivilege => {
                !object.name.as_deref().is_some_and(is_platform_role)
                    && schema.is_none_or(|s| self.compares_schema(s))
            }
            _ => compared,
        }
    }
}

impl Scope {
    /// The scope from `[drift]`, `--schemas` (which replaces `[drift]
    /// schemas` when given), the migrations' own extensions, and what either
    /// side could not read. A bad ignore pattern is a configuration error.
    pub fn build(
        config: &Config,
        schemas_flag: &[String],
        migrations: &[Migration],
        expected: &Snapshot,
        actual: &Snapshot,
    ) -> Result<Scope, RunError> {
        let ignore = config
            .drift
            .ignore
            .iter()
            .map(|p| {
                IgnorePattern::parse(p)
                    .map_err(|m| usage(format!("{}: drift.ignore: {m}", config.file)))
            })
            .collect::<Result<_, _>>()?;
        let schemas = if schemas_flag.is_empty() {
            config.drift.schemas.clone()
        } else {
            Some(schemas_flag.to_vec())
        };
        let created_extensions = migrations
            .iter()
            .flat_map(|m| &m.statements)
            .filter_map(|s| CreateExtension::parse(&s.sql))
            .map(|e| e.name)
            .collect();
        Ok(Scope {
            schemas,
            ignore,
            created_extensions,
            skipped: expected
                .skipped
                .iter()
                .chain(&actual.skipped)
                .map(|s| s.object_type)
                .collect(),
        })
    }

    /// The schemas either side has in scope, by name.
    pub fn schemas_in(&self, expected: &Snapshot, actual: &Snapshot) -> Vec<String> {
        let mut schemas: BTreeSet<String> = BTreeSet::new();
        for snapshot in [expected, actual] {
            for object in snapshot.objects.values() {
                if object.object_type == ObjectType::Schema && self.includes(object, snapshot) {
                    schemas.insert(
                        object
                            .name
                            .clone()
                            .unwrap_or_else(|| object.identity.clone()),
                    );
                }
            }
        }
        schemas.into_iter().collect()
    }

    /// How many of `snapshot`'s objects are in scope.
    pub fn count(&self, snapshot: &Snapshot) -> usize {
        snapshot
            .objects
            .values()
            .filter(|o| self.includes(o, snapshot))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(object_type: ObjectType, identity: &str, schema: Option<&str>) -> Object {
        Object {
            object_type,
            identity: identity.to_string(),
            name: None,
            schema: schema.map(str::to_string),
            parent: None,
            definition: Default::default(),
            ddl: None,
            depends: Vec::new(),
            function_schema: None,
            order: 0,
            sql: Default::default(),
        }
    }

    /// Whether `scope` includes the object `identity` of that type, in the
    /// schema its identity begins with.
    fn includes(
        scope: &Scope,
        snapshot: &Snapshot,
        object_type: ObjectType,
        identity: &str,
    ) -> bool {
        let schema = identity.split('.').next();
        scope.includes(&object(object_type, identity, schema), snapshot)
    }

    #[test]
    fn managed_schemas_are_the_baseline_but_project_policies_on_them_count() {
        let scope = Scope::default();
        let snapshot = Snapshot::default();
        assert!(includes(&scope, &snapshot, ObjectType::Table, "public.x"));
        for schema in [
            "auth",
            "graphql_public",
            "pgsodium_masks",
            "supabase_functions",
            "schemagate_shim",
        ] {
            assert!(is_managed(schema), "{schema}");
        }
        assert!(!includes(
            &scope,
            &snapshot,
            ObjectType::Table,
            "auth.users"
        ));
        assert!(includes(
            &scope,
            &snapshot,
            ObjectType::Policy,
            "storage.objects.p"
        ));
        assert!(!includes(
            &scope,
            &snapshot,
            ObjectType::Policy,
            "cron.job.p"
        ));
        let mut trigger = object(ObjectType::Trigger, "auth.users.t", Some("auth"));
        assert!(!scope.includes(&trigger, &snapshot));
        trigger.function_schema = Some("public".into());
        assert!(scope.includes(&trigger, &snapshot));
    }

    #[test]
    fn platform_extensions_count_only_when_a_migration_creates_them() {
        let mut scope = Scope::default();
        let snapshot = Snapshot::default();
        let mut pgcrypto = object(ObjectType::Extension, "pgcrypto", None);
        pgcrypto.name = Some("pgcrypto".into());
        assert!(!scope.includes(&pgcrypto, &snapshot));
        scope.created_extensions.insert("pgcrypto".into());
        assert!(scope.includes(&pgcrypto, &snapshot));
        assert!(scope.includes(&object(ObjectType::Extension, "pg_trgm", None), &snapshot));
    }

    #[test]
    fn explicit_schemas_and_ignore_patterns() {
        let scope = Scope {
            schemas: Some(vec!["private".into()]),
            ignore: vec![IgnorePattern::parse("table:private.legacy_*").unwrap()],
            ..Scope::default()
        };
        let mut snapshot = Snapshot::default();
        let table = object(ObjectType::Table, "private.legacy_a", Some("private"));
        let mut column = object(ObjectType::Column, "private.legacy_a.id", Some("private"));
        column.parent = Some(table.key());
        snapshot.extend([table.clone(), column.clone()]);
        assert!(!scope.includes(&table, &snapshot));
        assert!(
            !scope.includes(&column, &snapshot),
            "children of ignored objects are ignored"
        );
        assert!(includes(&scope, &snapshot, ObjectType::Table, "private.b"));
        assert!(!includes(&scope, &snapshot, ObjectType::Table, "public.b"));
        assert!(IgnorePattern::parse("tabel:x")
            .unwrap_err()
            .contains("unknown object type"));
        assert!(IgnorePattern::parse("public.\"a:b\"").is_ok());
    }
}
