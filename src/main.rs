//! The binary: parse arguments, run the command, render the report, exit
//! with its code (0 pass, 1 fail, 2 usage, 3 infrastructure).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use schemagate::cli::Cli;
use schemagate::commands::{self, Outcome};
use schemagate::report::{self, Format};
use schemagate::scrub;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    let code = runtime.block_on(async {
        tokio::select! {
            outcome = commands::run(&cli) => emit(outcome),
            signal = shutdown_signal() => {
                // Dropping the command's future has stopped any server it started.
                eprintln!("schemagate: interrupted by {signal}, throwaway server stopped");
                if signal == "SIGINT" { 130 } else { 143 }
            }
        }
    });
    ExitCode::from(code)
}

/// Writes the report where it was asked for and returns the exit code.
/// Everything written is scrubbed of secrets (see `schemagate::scrub`):
/// the report's text before rendering, and the rendered bytes again.
fn emit(mut outcome: Outcome) -> u8 {
    outcome.report = scrub::scrub_value(outcome.report);
    let code = outcome.report.exit_code();
    if let Some(path) = &outcome.output {
        if let Err(e) = write_report_file(&outcome.report, path) {
            eprintln!("error: {}", scrub::for_log(&format!("{e:#}")));
            return 2;
        }
    }
    let mut stdout = scrub::ScrubbingWriter::new(std::io::stdout().lock());
    let rendered =
        report::render(&outcome.report, outcome.format, &mut stdout).and_then(|()| stdout.flush());
    match rendered {
        // A closed pipe (`| head`) is the reader's choice, not our failure.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the report: {e}");
            2
        }
        _ => {
            if outcome.format != Format::Human {
                if let Some(error) = &outcome.report.error {
                    eprintln!("error: {}", scrub::for_log(&error.message));
                }
            }
            u8::try_from(code).unwrap_or(1)
        }
    }
}

fn write_report_file(report: &report::Report, path: &std::path::Path) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut file = scrub::ScrubbingWriter::new(file);
    report::json::render(report, &mut file)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write {}", path.display()))
}

async fn shutdown_signal() -> &'static str {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut interrupt), Ok(mut terminate)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = interrupt.recv() => "SIGINT",
        _ = terminate.recv() => "SIGTERM",
    }
}

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Plain text: the writer shows control characters visibly.
        .with_ansi(false)
        .with_writer(|| scrub::ScrubbingWriter::for_log(std::io::stderr()))
        .with_target(false)
        .init();
}
