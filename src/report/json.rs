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
    fn the_documented_examples_are_valid_reports() {
        let docs = include_str!("../../docs/report-schema.md");
        let mut blocks = 0;
        for block in docs.split("```json\n").skip(1) {
            let example = &block[..block.find("```").expect("end of block")];
            let report: Report = serde_json::from_str(example).expect("example matches the model");
            let round_trip: serde_json::Value = serde_json::to_value(&report).unwrap();
            let written: serde_json::Value = serde_json::from_str(example).unwrap();
            assert_eq!(
                round_trip, written,
                "docs/report-schema.md example drifted from the model"
            );
            blocks += 1;
        }
        assert_eq!(blocks, 2, "the check example and the drift example");
    }
}
