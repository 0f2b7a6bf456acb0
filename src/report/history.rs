//! The history part of the report: local files against the live
//! database's migration history, and what `reconcile` plans.

use serde::{Deserialize, Serialize};

/// One row of the live database's migration history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteMigration {
    /// The version.
    pub version: String,
    /// The recorded name, if any.
    pub name: Option<String>,
    /// The recorded statements, if any (old CLIs and hand-written rows have none).
    pub statements: Option<Vec<String>>,
}

/// How a version stands between the files and the remote history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlignmentStatus {
    /// In both, with the same statements.
    Applied,
    /// Only in the files: `supabase db push` would apply it.
    Pending,
    /// Only on the remote.
    RemoteOnly,
    /// In both, but the statements differ.
    Edited,
    /// A no-op placeholder file standing in for a remote version.
    Placeholder,
    /// In both; the remote recorded no statements to compare.
    ContentUnknown,
}

impl AlignmentStatus {
    /// The word for the status, as in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            AlignmentStatus::Applied => "applied",
            AlignmentStatus::Pending => "pending",
            AlignmentStatus::RemoteOnly => "remote-only",
            AlignmentStatus::Edited => "edited",
            AlignmentStatus::Placeholder => "placeholder",
            AlignmentStatus::ContentUnknown => "content-unknown",
        }
    }
}

/// One version in the history table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignmentRow {
    /// The version.
    pub version: String,
    /// The local file, if any.
    pub local: Option<String>,
    /// The remote name, if the remote has the version.
    pub remote: Option<String>,
    /// How it stands.
    pub status: AlignmentStatus,
}

impl AlignmentRow {
    /// The version under each side that has it, empty under the other:
    /// the LOCAL and REMOTE columns of `supabase migration list`.
    pub fn columns(&self) -> (&str, &str) {
        let on = |side: bool| if side { self.version.as_str() } else { "" };
        (on(self.local.is_some()), on(self.remote.is_some()))
    }
}

/// Local migration files compared with the live database's history.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryAlignment {
    /// Where the remote history came from (a redacted URL or a file).
    pub source: String,
    /// One row per version, in version order.
    pub rows: Vec<AlignmentRow>,
    /// The remote rows as read: this doubles as a `--remote-history` export.
    pub remote: Vec<RemoteMigration>,
}

/// A placeholder file `reconcile` plans (or wrote) for a remote-only version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedPlaceholder {
    /// The remote version.
    pub version: String,
    /// The file's path.
    pub file: String,
    /// Whether it was written (`--write`).
    pub written: bool,
}

/// What `reconcile --repair` does to a version's history row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairStatus {
    /// Record the versions as applied (from the local files).
    Applied,
    /// Remove the versions from the history.
    Reverted,
}

impl RepairStatus {
    /// The word `--status` and the JSON report use.
    pub fn as_str(self) -> &'static str {
        match self {
            RepairStatus::Applied => "applied",
            RepairStatus::Reverted => "reverted",
        }
    }
}

impl std::fmt::Display for RepairStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A history-table change `reconcile --repair` plans (or made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRepair {
    /// The version.
    pub version: String,
    /// Insert from the local file, or delete.
    pub status: RepairStatus,
}

/// What `reconcile` would do, or did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcilePlan {
    /// Placeholder files for remote-only versions.
    pub placeholders: Vec<PlannedPlaceholder>,
    /// Changes to the remote history table.
    pub repairs: Vec<PlannedRepair>,
    /// Whether the repairs were carried out.
    pub repaired: bool,
    /// The affected remote rows as they were before the repair (the evidence).
    pub backup: Vec<RemoteMigration>,
}
