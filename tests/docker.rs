//! The docker backend and the action image, end to end, against images built
//! locally by `scripts/build-test-image.sh` (this machine cannot pull): the
//! example through `--postgres docker`, the fallback to `embedded`, the
//! container's removal after a run and after SIGTERM/SIGINT, and the
//! Dockerfile's runtime stage running `check` inside a container.
//!
//! Every test here is skipped, saying so loudly on stderr, when no Docker
//! engine answers; never otherwise.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{repo, BIN};

/// The PostgreSQL image the tests start (`schemagate-test/postgres:15`).
fn test_image() -> String {
    std::env::var("SCHEMAGATE_TEST_IMAGE").unwrap_or_else(|_| "schemagate-test/postgres:15".into())
}

/// The label the tool puts on its containers, valued with its process id.
const PID_LABEL: &str = "io.schemagate.pid";

fn docker(args: &[&str]) -> Output {
    Command::new("docker")
        .args(args)
        .output()
        .expect("run the docker CLI")
}

/// Whether to run: false (after saying so loudly) when no engine answers;
/// a failure when the engine answers but the test image was never built.
fn docker_ready(test: &str) -> bool {
    let info = Command::new("docker").args(["info"]).output();
    let answer = match info {
        Ok(output) if output.status.success() => None,
        Ok(output) => Some(String::from_utf8_lossy(&output.stderr).trim().to_string()),
        Err(e) => Some(format!("cannot run the docker CLI: {e}")),
    };
    if let Some(why) = answer {
        // Written to the stream itself: the test harness hides `eprintln!`
        // output of tests that pass, and a skip must not go unnoticed.
        let _ = writeln!(
            std::io::stderr(),
            "\n**********\nSKIPPED {test}: no Docker engine answers ({why})\n**********"
        );
        return false;
    }
    let image = test_image();
    assert!(
        docker(&["image", "inspect", &image]).status.success(),
        "the Docker engine answers but {image} is missing: run scripts/build-test-image.sh"
    );
    true
}

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

/// The containers, running or not, that the tool with this process id left.
fn containers_of(pid: u32) -> Vec<String> {
    let filter = format!("label={PID_LABEL}={pid}");
    let output = docker(&["ps", "-aq", "--filter", &filter]);
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn example() -> String {
    repo()
        .join("examples/marketplace")
        .to_string_lossy()
        .into_owned()
}

fn report(stdout: &str, stderr: &str) -> serde_json::Value {
    serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("stdout is not a JSON report ({e}):\n{stdout}\n{stderr}"))
}

fn rules(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_example_passes_in_a_container_that_is_removed_afterwards() {
    if !docker_ready("the_example_passes_in_a_container_that_is_removed_afterwards") {
        return;
    }
    let image = test_image();
    let example = example();
    let started = Instant::now();
    let (code, stdout, stderr, pid) = run_tool(
        &[
            "check",
            "--project-dir",
            &example,
            "--postgres",
            "docker",
            "--image",
            &image,
            "--format",
            "json",
        ],
        &[],
    );
    let report = report(&stdout, &stderr);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
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
        !rules(&report)
            .iter()
            .any(|(rule, _)| rule == "backend-fallback"),
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
    if !docker_ready("an_explicit_network_is_joined_and_the_container_reached_there") {
        return;
    }
    let image = test_image();
    let example = example();
    // `bridge` always exists and the host reaches its containers' addresses.
    let (code, stdout, stderr, pid) = run_tool(
        &[
            "check",
            "--project-dir",
            &example,
            "--postgres",
            "docker",
            "--image",
            &image,
            "--docker-network",
            "bridge",
            "--format",
            "json",
        ],
        &[("SCHEMAGATE_LOG", "schemagate=info")],
    );
    let report = report(&stdout, &stderr);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(report["server"]["backend"], "docker", "{report:#}");
    assert!(stderr.contains("Network(\"bridge\")"), "{stderr}");
    assert_eq!(containers_of(pid), Vec::<String>::new(), "container left");
}

/// Why the fallback happens (as the finding says), extra arguments, environment.
type FallbackCase<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

#[test]
fn without_a_container_check_falls_back_to_embedded_with_a_warning() {
    if !docker_ready("without_a_container_check_falls_back_to_embedded_with_a_warning") {
        return;
    }
    let example = example();
    let test_image = test_image();
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
        let mut args = vec![
            "check",
            "--project-dir",
            &example,
            "--postgres",
            "docker",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let (code, stdout, stderr, pid) = run_tool(&args, envs);
        let report = report(&stdout, &stderr);
        assert_eq!(
            code, 0,
            "{why}: a fallback alone never fails\n{stdout}\n{stderr}"
        );
        assert_eq!(report["status"], "pass", "{why}");
        assert_eq!(report["server"]["backend"], "embedded", "{why}");
        let fallback = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "backend-fallback")
            .unwrap_or_else(|| panic!("{why}: no backend-fallback finding in {report:#}"));
        assert_eq!(fallback["severity"], "warning");
        let message = fallback["message"].as_str().unwrap();
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
    if !docker_ready("no_fallback_makes_a_missing_container_an_infrastructure_error") {
        return;
    }
    let example = example();
    let (code, stdout, stderr, pid) = run_tool(
        &[
            "check",
            "--project-dir",
            &example,
            "--postgres",
            "docker",
            "--image",
            "schemagate-test/no-such-image:never",
            "--no-fallback",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(code, 3, "{stdout}\n{stderr}");
    let report = report(&stdout, &stderr);
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
    if !docker_ready("a_signal_during_the_run_removes_the_container") {
        return;
    }
    let image = test_image();
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
