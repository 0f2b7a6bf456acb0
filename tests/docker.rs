//! The docker backend and the action image, end to end, against images built
//! locally by `scripts/build-test-image.sh` (this machine cannot pull): the
//! example through `--postgres docker`, the fallback to `embedded`, the
//! container's removal after a run and after SIGTERM/SIGINT, and the
//! Dockerfile's runtime stage running `check` inside a container.
//!
//! Every test here is skipped, saying so loudly on stderr, when no Docker
//! engine answers; never otherwise.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::cli::{finding, message, of_rule, printed_report};
use common::docker::{containers_of, example, image_15};
use common::BIN;
use serde_json::Value;

/// Runs the tool; returns its exit code, stdout, stderr and process id.
fn run_tool(args: &[&str], envs: &[(&str, &str)]) -> (i32, String, String, u32) {
    let child = Command::new(BIN)
        .args(args)
        .envs(envs.iter().copied())
        .env_remove("SCHEMAGATE_REMOTE_URL")
        .env_remove("SUPABASE_DB_URL")
        .env_remove("SCHEMAGATE_DOCKER_HOST_OVERRIDE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run schemagate");
    let pid = child.id();
    let output = child.wait_with_output().expect("wait for schemagate");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        pid,
    )
}

/// `check --postgres docker --format json` on the example with `flags`
/// and `envs`: the exit code, the JSON report printed, stderr and the
/// tool's process id.
fn check_example(flags: &[&str], envs: &[(&str, &str)]) -> (i32, Value, String, u32) {
    let example = example();
    let mut args = vec![
        "check",
        "--project-dir",
        &example,
        "--postgres",
        "docker",
        "--format",
        "json",
    ];
    args.extend_from_slice(flags);
    let (code, stdout, stderr, pid) = run_tool(&args, envs);
    (code, printed_report(&stdout, &stderr), stderr, pid)
}

#[test]
fn the_example_passes_in_a_container_that_is_removed_afterwards() {
    let Some(image) = image_15("the_example_passes_in_a_container_that_is_removed_afterwards")
    else {
        return;
    };
    let started = Instant::now();
    let (code, report, stderr, pid) = check_example(&["--image", &image], &[]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(report["status"], "pass");
    assert_eq!(report["server"]["backend"], "docker", "{report:#}");
    assert!(
        report["server"]["version"]
            .as_str()
            .unwrap()
            .starts_with("15."),
        "{report:#}"
    );
    assert_eq!(
        report["summary"]["applied"],
        common::example_migrations(),
        "{report:#}"
    );
    assert_eq!(
        report["summary"]["verifications_passed"],
        common::example_verifications(),
        "{report:#}"
    );
    assert!(
        of_rule(&report, "backend-fallback").is_empty(),
        "{report:#}"
    );
    assert_eq!(containers_of(pid), Vec::<String>::new(), "container left");
    eprintln!(
        "docker backend: container ready in {} ms, whole run {} ms",
        report["server"]["startup_ms"],
        started.elapsed().as_millis()
    );
}

#[test]
fn an_explicit_network_is_joined_and_the_container_reached_there() {
    let Some(image) = image_15("an_explicit_network_is_joined_and_the_container_reached_there")
    else {
        return;
    };
    // `bridge` always exists and the host reaches its containers' addresses.
    let (code, report, stderr, pid) = check_example(
        &["--image", &image, "--docker-network", "bridge"],
        &[("SCHEMAGATE_LOG", "schemagate=info")],
    );
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(report["server"]["backend"], "docker", "{report:#}");
    assert!(stderr.contains("Network(\"bridge\")"), "{stderr}");
    assert_eq!(containers_of(pid), Vec::<String>::new(), "container left");
}

/// Why the fallback happens (as the finding says), extra arguments, environment.
type FallbackCase<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

#[test]
fn without_a_container_check_falls_back_to_embedded_with_a_warning() {
    let Some(test_image) =
        image_15("without_a_container_check_falls_back_to_embedded_with_a_warning")
    else {
        return;
    };
    let cases: [FallbackCase; 4] = [
        (
            "cannot start a container from schemagate-test/no-such-image:never",
            &["--image", "schemagate-test/no-such-image:never"],
            &[],
        ),
        // Created, then it cannot start: no `postgres` in the image.
        (
            "cannot start a container from debian:bookworm-slim",
            &["--image", "debian:bookworm-slim"],
            &[],
        ),
        (
            "docker network `schemagate-no-such-network` does not exist",
            &[
                "--image",
                &test_image,
                "--docker-network",
                "schemagate-no-such-network",
            ],
            &[],
        ),
        (
            "no Docker engine answers at unix:///nonexistent/docker.sock",
            &["--image", &test_image],
            &[("DOCKER_HOST", "unix:///nonexistent/docker.sock")],
        ),
    ];
    for (why, extra, envs) in cases {
        let (code, report, stderr, pid) = check_example(extra, envs);
        assert_eq!(
            code, 0,
            "{why}: a fallback alone never fails\n{report:#}\n{stderr}"
        );
        assert_eq!(report["status"], "pass", "{why}");
        assert_eq!(report["server"]["backend"], "embedded", "{why}");
        let fallback = finding(&report, "backend-fallback");
        assert_eq!(fallback["severity"], "warning");
        let message = message(fallback);
        assert!(message.contains(why), "{message}");
        assert_eq!(
            containers_of(pid),
            Vec::<String>::new(),
            "{why}: container left"
        );
    }
}

#[test]
fn no_fallback_makes_a_missing_container_an_infrastructure_error() {
    if image_15("no_fallback_makes_a_missing_container_an_infrastructure_error").is_none() {
        return;
    }
    let (code, report, stderr, pid) = check_example(
        &[
            "--image",
            "schemagate-test/no-such-image:never",
            "--no-fallback",
        ],
        &[],
    );
    assert_eq!(code, 3, "{report:#}\n{stderr}");
    assert_eq!(report["status"], "error");
    let message = report["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("cannot start a container from schemagate-test/no-such-image:never"),
        "{message}"
    );
    assert_eq!(containers_of(pid), Vec::<String>::new(), "container left");
}

#[test]
fn a_signal_during_the_run_removes_the_container() {
    let Some(image) = image_15("a_signal_during_the_run_removes_the_container") else {
        return;
    };
    let example = example();
    for (signal, name, code) in [
        (libc::SIGTERM, "SIGTERM", 143),
        (libc::SIGINT, "SIGINT", 130),
    ] {
        let mut child = Command::new(BIN)
            .args([
                "check",
                "--project-dir",
                &example,
                "--postgres",
                "docker",
                "--image",
                &image,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run schemagate");
        let pid = child.id();
        // The container exists well before its server is ready (initdb).
        let deadline = Instant::now() + Duration::from_secs(60);
        while containers_of(pid).is_empty() {
            assert!(Instant::now() < deadline, "{name}: no container appeared");
            assert!(
                child.try_wait().expect("poll").is_none(),
                "{name}: the run ended before a container appeared"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let signalled = Instant::now();
        // SAFETY: kill has no memory-safety preconditions; pid is our child.
        assert_eq!(unsafe { libc::kill(pid as i32, signal) }, 0);
        let output = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("interrupted by {name}")),
            "{stderr}"
        );
        assert_eq!(
            containers_of(pid),
            Vec::<String>::new(),
            "{name}: container left"
        );
        eprintln!(
            "{name}: exited and container removed {} ms after the signal",
            signalled.elapsed().as_millis()
        );
    }
}
