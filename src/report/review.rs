//! The security review's part of the report: how the advisors ran and
//! what the project's pgTAP tests did.

use serde::{Deserialize, Serialize};

/// How the advisors ran (`check`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisorRun {
    /// Hazards the advisors found, before grading and de-duplication.
    pub hazards: usize,
    /// DDL commands of the migrations and seeds mapped to their statements.
    pub recorded: usize,
    /// Wall time of the advisors' queries, in milliseconds.
    pub duration_ms: u64,
}

/// How one pgTAP test file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    /// Every test passed and the plan matched.
    Passed,
    /// A test failed.
    Failed,
    /// The plan did not match the tests run, or there was none.
    PlanMismatch,
    /// The file stopped on an error or timed out.
    Died,
}

/// One pgTAP test file and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestFileResult {
    /// Path relative to the repository root.
    pub file: String,
    /// How it ended.
    pub status: TestStatus,
    /// The plan (`1..N`), when the file printed one.
    pub planned: Option<u32>,
    /// Tests that reported a result.
    pub ran: usize,
    /// Tests that passed (skipped and TODO ones included).
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Wall time, in milliseconds.
    pub duration_ms: u64,
}

/// The project's pgTAP tests (`supabase/tests`), as `check` ran them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRun {
    /// One entry per test file, in run order.
    pub files: Vec<TestFileResult>,
    /// Wall time of all files, in milliseconds.
    pub duration_ms: u64,
}
