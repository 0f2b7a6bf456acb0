//! Drift: the schema the migrations produce against the live database's,
//! object by object.
//!
//! [`snapshot`] reads the catalog of one database (read-only, simple
//! protocol) into a [`Snapshot`]; [`scope`] decides which objects are the
//! project's and which the platform's; [`diff`] compares two snapshots into
//! differences with stable identities; [`emit`] writes the catch-up and
//! capture migrations people review; [`against_live`] runs one comparison
//! of a prepared throwaway database with the live one.

mod compare;
pub mod diff;
pub mod emit;
pub mod scope;
pub mod snapshot;
pub mod statement;

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde_json::{Map, Value};

pub use compare::{against_live, not_compared_finding, recorded_migrations, Request};
pub use diff::diff;
pub use scope::Scope;
pub use snapshot::{take, SnapshotError, SnapshotOptions};

/// Every kind of object drift compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectType {
    /// A schema.
    Schema,
    /// An installed extension, with its schema and version.
    Extension,
    /// A table or partitioned table (RLS flags, partitioning).
    Table,
    /// A table's column.
    Column,
    /// A primary key, unique, foreign key, check or exclusion constraint.
    Constraint,
    /// An index that is not a constraint's.
    Index,
    /// A row level security policy.
    Policy,
    /// A function or procedure.
    Function,
    /// A trigger.
    Trigger,
    /// A view.
    View,
    /// A materialized view.
    MaterializedView,
    /// An enum type and its values.
    EnumType,
    /// A sequence.
    Sequence,
    /// Privileges of one API role (or PUBLIC) on one object.
    Grant,
    /// Default privileges for one role, schema, object kind and grantee.
    DefaultPrivilege,
    /// A table listed in a publication (e.g. `supabase_realtime`).
    PublicationTable,
    /// A row of `storage.buckets`.
    StorageBucket,
    /// A pg_cron job.
    CronJob,
    /// A comment on an object.
    Comment,
}

impl ObjectType {
    /// The snake_case name used in reports and in object keys.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Schema => "schema",
            ObjectType::Extension => "extension",
            ObjectType::Table => "table",
            ObjectType::Column => "column",
            ObjectType::Constraint => "constraint",
            ObjectType::Index => "index",
            ObjectType::Policy => "policy",
            ObjectType::Function => "function",
            ObjectType::Trigger => "trigger",
            ObjectType::View => "view",
            ObjectType::MaterializedView => "materialized_view",
            ObjectType::EnumType => "enum_type",
            ObjectType::Sequence => "sequence",
            ObjectType::Grant => "grant",
            ObjectType::DefaultPrivilege => "default_privilege",
            ObjectType::PublicationTable => "publication_table",
            ObjectType::StorageBucket => "storage_bucket",
            ObjectType::CronJob => "cron_job",
            ObjectType::Comment => "comment",
        }
    }
}

impl fmt::Display for ObjectType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One catalog object as a snapshot query returns it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Object {
    /// What it is.
    #[serde(rename = "type")]
    pub object_type: ObjectType,
    /// Its stable identity: quoted, schema-qualified names as SQL writes
    /// them (`public.listings`, `public.f(integer)`), never an OID.
    pub identity: String,
    /// Its own unquoted name, where the catch-up SQL needs it in a literal.
    #[serde(default)]
    pub name: Option<String>,
    /// The schema it lives in (a policy or trigger: its table's); none for
    /// database-wide objects (extensions, buckets, cron jobs).
    #[serde(default)]
    pub schema: Option<String>,
    /// The key of the object it belongs to (`table public.listings`): it is
    /// created and dropped with it, so it is not reported on its own then.
    #[serde(default)]
    pub parent: Option<String>,
    /// What is compared: attribute name to value.
    pub definition: Map<String, Value>,
    /// The statement that creates it (not idempotent yet; never compared).
    #[serde(default)]
    pub ddl: Option<String>,
    /// Keys of objects it needs to exist first (for emit ordering only).
    #[serde(default)]
    pub depends: Vec<String>,
    /// For a trigger: the schema of its function.
    #[serde(default)]
    pub function_schema: Option<String>,
    /// Position among its siblings (column order, constraint kind).
    #[serde(default)]
    pub order: i64,
    /// Pieces of SQL the emitter assembles (grants, default privileges).
    #[serde(default)]
    pub sql: Map<String, Value>,
}

impl Object {
    /// `"<type> <identity>"`: unique within a snapshot.
    pub fn key(&self) -> String {
        key(self.object_type, &self.identity)
    }

    /// A string attribute of the definition.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.definition.get(name).and_then(Value::as_str)
    }

    /// A string piece of SQL for the emitter.
    pub fn sql_part(&self, name: &str) -> Option<&str> {
        self.sql.get(name).and_then(Value::as_str)
    }
}

/// The key of an object: `"<type> <identity>"`.
pub fn key(object_type: ObjectType, identity: &str) -> String {
    format!("{} {identity}", object_type.as_str())
}

/// What a snapshot left out, and why (e.g. rows hidden from this role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The object type not compared.
    pub object_type: ObjectType,
    /// Why, for the report.
    pub reason: String,
}

/// One database's objects, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// Every object, by [`Object::key`].
    pub objects: BTreeMap<String, Object>,
    /// Object types that could not be read in full.
    pub skipped: Vec<Skipped>,
}

impl Snapshot {
    /// Adds objects, later ones replacing earlier ones with the same key.
    pub fn extend(&mut self, objects: impl IntoIterator<Item = Object>) {
        for object in objects {
            self.objects.insert(object.key(), object);
        }
    }

    /// The object with this key.
    pub fn get(&self, key: &str) -> Option<&Object> {
        self.objects.get(key)
    }

    /// The keys of the objects `key` belongs to, nearest first.
    pub fn lineage(&self, key: &str) -> Vec<&str> {
        let mut chain = Vec::new();
        let mut next = self.get(key).and_then(|o| o.parent.as_deref());
        while let Some(parent) = next {
            if chain.contains(&parent) {
                break;
            }
            chain.push(parent);
            next = self.get(parent).and_then(|o| o.parent.as_deref());
        }
        chain
    }
}
