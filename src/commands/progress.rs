//! Progress on stderr while migrations apply: a bar on a terminal, one line
//! per migration otherwise (CI logs).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::report::{ApplyStatus, MigrationResult};

/// Reports each applied migration on stderr.
pub struct Progress {
    bar: ProgressBar,
    lines: bool,
}

impl Progress {
    /// A progress display for `total` migrations; silent when `quiet`.
    pub fn new(total: usize, quiet: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} applying migrations [{bar:30}] {pos}/{len} {msg}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        let interactive = !bar.is_hidden();
        if quiet || !interactive {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        Progress {
            bar,
            lines: !quiet && !interactive,
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
