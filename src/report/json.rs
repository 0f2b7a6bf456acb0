//! The JSON renderer: the report as documented in `docs/report-schema.md`.

use std::io::{self, Write};

use super::Report;

/// Writes the report as pretty-printed JSON followed by a newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::super::Report;

    #[test]
    fn the_documented_example_is_a_valid_report() {
        let docs = include_str!("../../docs/report-schema.md");
        let start = docs.find("```json\n").expect("example block") + "```json\n".len();
        let end = start + docs[start..].find("```").expect("end of block");
        let report: Report =
            serde_json::from_str(&docs[start..end]).expect("example matches the model");
        let round_trip: serde_json::Value = serde_json::to_value(&report).unwrap();
        let written: serde_json::Value = serde_json::from_str(&docs[start..end]).unwrap();
        assert_eq!(
            round_trip, written,
            "docs/report-schema.md example drifted from the model"
        );
    }
}
