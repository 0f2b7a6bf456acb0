//! The local Docker images some tests need (this machine cannot pull; the
//! scripts build them). Without a Docker engine such a test is skipped,
//! saying so loudly; an engine without the image is a failure.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// The PostgreSQL 15 test image (`scripts/build-test-image.sh`), or None
/// after a loud skip of `test`.
pub fn image_15(test: &str) -> Option<String> {
    image(
        test,
        "SCHEMAGATE_TEST_IMAGE",
        "schemagate-test/postgres:15",
        "scripts/build-test-image.sh",
    )
}

/// The PostgreSQL 17 test image (`SCHEMAGATE_PG_MAJOR=17
/// scripts/build-test-image.sh`, from Debian trixie), or None after a loud
/// skip of `test`.
pub fn image_17(test: &str) -> Option<String> {
    image(
        test,
        "SCHEMAGATE_TEST_IMAGE_17",
        "schemagate-test/postgres:17",
        "SCHEMAGATE_PG_MAJOR=17 scripts/build-test-image.sh",
    )
}

/// The image that starts the way supabase/postgres does
/// (`scripts/build-supabase-test-image.sh`), or None after a loud skip of
/// `test`.
pub fn supabase_image(test: &str) -> Option<String> {
    image(
        test,
        "SCHEMAGATE_SUPABASE_TEST_IMAGE",
        "schemagate-test/supabase/postgres:15",
        "scripts/build-supabase-test-image.sh",
    )
}

/// The image `variable` names (else `default`), once an engine answers and
/// the image is there; `build` says how to make it.
fn image(test: &str, variable: &str, default: &str, build: &str) -> Option<String> {
    if let Some(why) = engine_silent() {
        // Written to the stream itself: the test harness hides `eprintln!`
        // output of tests that pass, and a skip must not go unnoticed.
        let _ = writeln!(
            std::io::stderr(),
            "\n**********\nSKIPPED {test}: no Docker engine answers ({why})\n**********"
        );
        return None;
    }
    let image = std::env::var(variable).unwrap_or_else(|_| default.to_string());
    let present = Command::new("docker")
        .args(["image", "inspect", &image])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        present,
        "the Docker engine answers but {image} is missing: run {build}"
    );
    Some(image)
}

/// Why no Docker engine answers, or None when one does.
fn engine_silent() -> Option<String> {
    match Command::new("docker").arg("info").output() {
        Ok(output) if output.status.success() => None,
        Ok(output) => Some(String::from_utf8_lossy(&output.stderr).trim().to_string()),
        Err(e) => Some(format!("cannot run the docker CLI: {e}")),
    }
}

/// `schemagate check` on `dir` in a container of `image`, no fallback,
/// with `flags` added: the exit code and the JSON report printed.
pub fn check_in_container(image: &str, dir: &Path, flags: &[&str]) -> (i32, Value) {
    let mut all = vec![
        "--postgres",
        "docker",
        "--image",
        image,
        "--no-fallback",
        "--format",
        "json",
    ];
    all.extend_from_slice(flags);
    let (code, stdout, stderr) = super::cli::run_on("check", dir, &all, &[]);
    (code, super::cli::printed_report(&stdout, &stderr))
}

/// The label the tool puts on its containers, valued with its process id.
pub const PID_LABEL: &str = "io.schemagate.pid";

/// Runs the docker CLI and waits for it.
pub fn docker(args: &[&str]) -> Output {
    Command::new("docker")
        .args(args)
        .output()
        .expect("run the docker CLI")
}

/// The containers, running or not, that the tool with this process id left.
pub fn containers_of(pid: u32) -> Vec<String> {
    let filter = format!("label={PID_LABEL}={pid}");
    let output = docker(&["ps", "-aq", "--filter", &filter]);
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The bundled example project's directory.
pub fn example() -> String {
    super::repo()
        .join("examples/marketplace")
        .to_string_lossy()
        .into_owned()
}
