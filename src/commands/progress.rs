//! Progress on stderr while migrations apply: a bar on a terminal; in a log
//! (CI), one line per migration, and only when the report on stdout does
//! not list them itself, so a log shows each migration once.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::OutputFormat;
use crate::report::{ApplyStatus, MigrationResult};

/// How migrations' progress shows on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressDisplay {
    /// Nothing (library use, tests).
    Off,
    /// A bar on a terminal, nothing otherwise: the report on stdout lists
    /// every migration, and a log would otherwise show each twice.
    BarOnly,
    /// A bar on a terminal, otherwise one line per migration as it applies.
    BarOrLines,
}

impl ProgressDisplay {
    /// The display for a run whose report goes to stdout in `format`: the
    /// human report lists the migrations; JSON, markdown and SARIF do not
    /// read as a log.
    pub fn for_format(format: OutputFormat) -> ProgressDisplay {
        match format {
            OutputFormat::Human => ProgressDisplay::BarOnly,
            OutputFormat::Json | OutputFormat::Markdown | OutputFormat::Sarif => {
                ProgressDisplay::BarOrLines
            }
        }
    }
}

/// Reports each applied migration on stderr.
pub struct Progress {
    bar: ProgressBar,
    lines: bool,
}

impl Progress {
    /// A progress display for `total` migrations.
    pub fn new(total: usize, display: ProgressDisplay) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} applying migrations [{bar:30}] {pos}/{len} {msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        let interactive = !bar.is_hidden();
        if display == ProgressDisplay::Off || !interactive {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        Progress {
            bar,
            lines: display == ProgressDisplay::BarOrLines && !interactive,
        }
    }

    /// Records one result.
    pub fn migration(&self, result: &MigrationResult) {
        let word = match result.status {
            ApplyStatus::Applied => "applied",
            ApplyStatus::Failed => "FAILED ",
            ApplyStatus::NotRun => "not run",
        };
        if self.lines {
            let file = crate::scrub::for_log(&result.file);
            eprintln!("{word} {file} ({} ms)", result.duration_ms);
        } else {
            self.bar.set_message(crate::scrub::for_log(&result.name));
            self.bar.inc(1);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
