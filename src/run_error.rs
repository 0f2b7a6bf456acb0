//! The two classes of error that stop a run, with secrets scrubbed from
//! their text: every stage that can stop a run builds its error here, so
//! the exit code follows from where it failed, not from who noticed.

use crate::report::{ErrorKind, RunError};

/// A usage or configuration error (exit 2).
pub fn usage(message: impl std::fmt::Display) -> RunError {
    RunError {
        kind: ErrorKind::Usage,
        message: crate::postgres::redact_text(&message.to_string()),
    }
}

/// An infrastructure error (exit 3).
pub fn infrastructure(message: impl std::fmt::Display) -> RunError {
    RunError {
        kind: ErrorKind::Infrastructure,
        message: crate::postgres::redact_text(&message.to_string()),
    }
}
