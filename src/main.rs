//! The binary: parse arguments, run the command, render the report, exit
//! with its code (0 pass, 1 fail, 2 usage, 3 infrastructure).

use std::io::{IsTerminal, Write};
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

/// Logs to stderr. Colour follows the report's policy for a log stream
/// (terminal, `FORCE_COLOR`, GitHub Actions; never `NO_COLOR`), so a log
/// file gets no escape codes. At the default level (`warn` or quieter) the
/// server's notices stay out: `WARNING`s such as "wal_level is
/// insufficient" are the throwaway server's chatter, not the project's; a
/// filter naming `sqlx` itself, or a more verbose one, shows them.
fn init_logging(filter: &str) {
    let mut filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let quiet = filter
        .max_level_hint()
        .is_some_and(|level| level <= tracing_subscriber::filter::LevelFilter::WARN);
    if quiet && !filter.to_string().contains("sqlx") {
        if let Ok(directive) = "sqlx::postgres::notice=off".parse() {
            filter = filter.add_directive(directive);
        }
    }
    let color = report::human::Style::for_stream(std::io::stderr().is_terminal(), true);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(color == report::human::Style::Color)
        // Scrubbed of secrets; text a pull request wrote cannot start a
        // workflow command, and its control characters are shown visibly
        // (only colour codes pass, when colour is on).
        .with_writer(move || {
            scrub::ScrubbingWriter::for_log(std::io::stderr(), color == report::human::Style::Color)
        })
        .with_target(false)
        .init();
}
