//! The JSON renderer: the report as documented in `docs/report-schema.md`.

use std::io::{self, Write};

use super::Report;

/// Writes the report as pretty-printed JSON followed by a newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}
