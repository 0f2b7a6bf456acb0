//! The drift part of the report: how the schema the migrations produce
//! differs from the live database's, object by object.

use serde::{Deserialize, Serialize};

/// How one object differs between the migrations and the live database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// A migration's object never reached the live database.
    MissingOnRemote,
    /// The live database has an object no migration records (an ad-hoc change).
    ExtraOnRemote,
    /// Both have it, defined differently.
    Different,
}

/// One object that differs, with both definitions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// Missing on remote, extra on remote, or different.
    pub kind: DifferenceKind,
    /// `table`, `column`, `policy`, ... (see docs/report-schema.md).
    pub object_type: String,
    /// The object's stable identity (`public.listings.title`).
    pub identity: String,
    /// The definition the migrations give it; null when missing there.
    pub expected: Option<serde_json::Value>,
    /// The live database's definition; null when missing there.
    pub actual: Option<serde_json::Value>,
    /// Objects that belong to this one and differ the same way with it
    /// (a missing table's columns), as `"<object_type> <identity>"`.
    #[serde(default)]
    pub includes: Vec<String>,
}

/// Counts of differences by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftCounts {
    /// Missing on remote.
    pub missing_on_remote: usize,
    /// Extra on remote.
    pub extra_on_remote: usize,
    /// Different.
    pub different: usize,
}

/// How `drift` compared the migrations with the live database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    /// The live database (redacted URL).
    pub source: String,
    /// Whether local-only migrations were applied to the expected side too.
    pub include_pending: bool,
    /// Versions applied to the expected side.
    pub applied: Vec<String>,
    /// The schemas compared.
    pub schemas: Vec<String>,
    /// Object types not compared, each with why.
    pub skipped: Vec<String>,
    /// Counts of `differences` by kind.
    pub counts: DriftCounts,
    /// Files written by `--emit-sql`.
    pub files: Vec<String>,
    /// Objects compared on the expected side.
    pub expected_objects: usize,
    /// Objects compared on the live database.
    pub actual_objects: usize,
    /// Time to snapshot the expected side, in milliseconds.
    pub expected_snapshot_ms: u64,
    /// Time to snapshot the live database, in milliseconds.
    pub actual_snapshot_ms: u64,
    /// Time to compare the snapshots, in milliseconds.
    pub diff_ms: u64,
    /// Wall time of both snapshots (taken at once) and the diff, in milliseconds.
    pub compare_ms: u64,
}
