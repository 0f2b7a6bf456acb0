//! The binary end to end: exit codes, the report file on every path,
//! redaction, clean-up on signals, and read-only verification.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::cli::Reported;
use common::cli::{finding, read_report, run_on, run_on_async, run_reported, run_reported_async};
use common::{project, run_cli, BIN};

/// A TMPDIR of the test's own under /tmp, writable by all as /tmp is.
fn private_tmpdir() -> tempfile::TempDir {
    let tmp = tempfile::Builder::new()
        .prefix("sgt")
        .tempdir_in("/tmp")
        .unwrap();
    std::fs::set_permissions(
        tmp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o1777),
    )
    .unwrap();
    tmp
}

#[test]
fn the_example_passes_and_json_output_is_pure() {
    let example = common::repo().join("examples/marketplace");
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("report.json");
    let flags = ["--output", output.to_str().unwrap(), "--format", "json"];
    let (code, stdout, stderr) = run_on("check", &example, &flags, &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let printed: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is only JSON");
    assert_eq!(printed["status"], "pass");
    assert_eq!(read_report(&output), printed);
    assert_eq!(
        printed["migrations"][0]["file"],
        "examples/marketplace/supabase/migrations/20260101000000_create_listings.sql"
    );
}

#[test]
fn discovery_problems_are_findings_with_exit_1() {
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "supabase/migrations/add_table.sql",
            b"select 1;",
            "invalid-name",
        ),
        (
            "supabase/migrations/20260101000000_dup.sql",
            b"select 1;",
            "duplicate-version",
        ),
        (
            "supabase/migrations/20260102000000_latin1.sql",
            b"select 'caf\xe9';",
            "invalid-utf8",
        ),
    ];
    for (path, content, rule) in cases {
        let dir = project(&[
            ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
            (path, content),
        ]);
        let run = run_reported("check", dir.path(), &[], &[]);
        assert_eq!(run.code, 1, "{rule}: {}", run.stdout);
        let report = run.report;
        let finding = finding(&report, rule);
        assert_eq!(finding["severity"], "error");
        assert!(finding["file"]
            .as_str()
            .unwrap()
            .ends_with(Path::new(path).file_name().unwrap().to_str().unwrap()));
    }
}

#[test]
fn an_empty_migration_is_a_warning_that_fails_only_with_fail_on_warning() {
    let dir = project(&[(
        "supabase/migrations/20260101000000_empty.sql",
        b"-- nothing\n",
    )]);
    let Reported { code, report, .. } = run_reported("check", dir.path(), &[], &[]);
    assert_eq!(code, 0);
    assert_eq!(report["findings"][0]["rule"], "empty-migration");
    let fail_on_warning = ["--fail-on", "warning"];
    assert_eq!(
        run_reported("check", dir.path(), &fail_on_warning, &[]).code,
        1
    );
}

#[test]
fn a_broken_config_is_exit_2_naming_the_key_and_the_report_is_written() {
    let dir = project(&[
        ("schemagate.toml", b"[apply]\nstatment_timeout = \"1s\"\n"),
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
    ]);
    // The report's directory does not exist yet: it is made.
    let output = dir.path().join("out/report.json");
    let (code, stdout, _) = run_on(
        "check",
        dir.path(),
        &["--output", output.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.contains("statment_timeout"), "{stdout}");
    let report = read_report(&output);
    assert_eq!(report["status"], "error");
    assert_eq!(report["error"]["kind"], "usage");
    assert!(report["error"]["message"]
        .as_str()
        .unwrap()
        .contains("schemagate.toml"));
}

#[test]
fn an_unreachable_server_is_exit_3_with_the_password_redacted() {
    let dir = project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    let flags = [
        "--postgres",
        "url",
        "--database-url",
        "postgres://admin:hunter2@127.0.0.1:1/db",
    ];
    let run = run_reported("check", dir.path(), &flags, &[]);
    assert_eq!(run.code, 3, "{}", run.said());
    let written = run.report.to_string();
    for text in [&run.stdout, &run.stderr, &written] {
        assert!(!text.contains("hunter2"), "password leaked: {text}");
    }
    assert_eq!(run.report["error"]["kind"], "infrastructure");
    let stdout = &run.stdout;
    assert!(
        stdout.contains("127.0.0.1:1"),
        "the server is named: {stdout}"
    );

    let (code, stdout, stderr) = run_on("verify", dir.path(), &["--format", "json"], &[]);
    assert_eq!(code, 2, "no URL given is a usage error: {stdout}{stderr}");
    let remote = [
        "--remote-url",
        "postgresql://admin:hunter2@127.0.0.1:1/postgres",
    ];
    let (code, stdout, stderr) = run_on("verify", dir.path(), &remote, &[]);
    assert_eq!(code, 3);
    assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"));
}

#[test]
fn missing_server_binaries_say_how_to_install_them() {
    let dir = project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    let no_binaries = [("SCHEMAGATE_PG_BINDIR", "/nonexistent/bin")];
    let Reported {
        code,
        report,
        stdout,
        ..
    } = run_reported("check", dir.path(), &[], &no_binaries);
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("apt-get install -y postgresql"), "{stdout}");
    assert!(stdout.contains("--postgres docker"), "{stdout}");
    assert_eq!(report["migrations"][0]["status"], "not_run");
}

/// Starts `check` on a migration that sleeps, in a private TMPDIR, and
/// returns the child, the TMPDIR and the server's pid once it is running.
fn start_hanging_check() -> (
    std::process::Child,
    tempfile::TempDir,
    tempfile::TempDir,
    u32,
) {
    let dir = project(&[
        ("schemagate.toml", b"[apply]\nstatement_timeout = \"10m\"\n"),
        (
            "supabase/migrations/20260101000000_sleep.sql",
            b"select pg_sleep(600);",
        ),
    ]);
    let tmp = private_tmpdir();
    let child = Command::new(BIN)
        .args(["check", "--project-dir", dir.path().to_str().unwrap()])
        .env("TMPDIR", tmp.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let pid = loop {
        assert!(Instant::now() < deadline, "server never started");
        let pidfile = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path().join("data/postmaster.pid"))
            .find(|p| p.exists());
        if let Some(pid) = pidfile
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| t.lines().next().and_then(|l| l.trim().parse::<u32>().ok()))
        {
            break pid;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // Let the migration reach its pg_sleep.
    std::thread::sleep(Duration::from_millis(1500));
    (child, dir, tmp, pid)
}

fn process_alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| !stat.contains(") Z "))
        .unwrap_or(false)
}

fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    done()
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true)
}

#[test]
fn sigterm_stops_the_server_and_removes_its_directory() {
    let (mut child, _project, tmp, pid) = start_hanging_check();
    assert!(process_alive(pid));
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143));
    assert!(!process_alive(pid), "server {pid} survived");
    assert!(
        is_empty_dir(tmp.path()),
        "left behind: {:?}",
        std::fs::read_dir(tmp.path()).unwrap().collect::<Vec<_>>()
    );
}

#[test]
fn sigkill_of_the_tool_still_stops_the_server() {
    let (mut child, _project, tmp, pid) = start_hanging_check();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        wait_until(Duration::from_secs(20), || !process_alive(pid)),
        "server {pid} survived SIGKILL of the tool"
    );
    assert!(
        wait_until(Duration::from_secs(10), || is_empty_dir(tmp.path())),
        "directory left behind"
    );
}

#[test]
fn the_server_never_runs_as_root_and_sees_no_secrets() {
    let (mut child, _project, _tmp, pid) = start_hanging_check();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let uid: u32 = status
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|u| u.parse().ok())
        .unwrap();
    // SAFETY: geteuid cannot fail.
    let our_uid = unsafe { libc::geteuid() };
    if our_uid == 0 {
        assert_ne!(uid, 0, "the server runs as root");
    } else {
        assert_eq!(uid, our_uid);
    }
    let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
    let environ = String::from_utf8_lossy(&environ);
    assert!(
        !environ.contains("GITHUB_TOKEN") && !environ.contains("HOME="),
        "server environment: {environ}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn verify_against_a_remote_is_read_only() {
    let (remote, url) = common::live_database(
        "create table public.t (id int); insert into public.t values (1); create sequence public.s;",
    )
    .await;
    let dir = project(&[(
        "schemagate.toml",
        b"[[verify]]\nname = \"reads\"\nsql = \"select id from public.t\"\nequals = [[1]]\n\n[[verify]]\nname = \"writes\"\nsql = \"select nextval('public.s')\"\nrows = 1\n",
    )]);
    let run = run_reported_async("verify", dir.path(), &["--remote-url", &url], &[]).await;
    assert_eq!(run.code, 1, "{}", run.said());
    let report = run.report;
    assert_eq!(report["verifications"][0]["status"], "pass");
    assert_eq!(report["verifications"][1]["status"], "error");
    assert!(
        report["verifications"][1]["error"]
            .as_str()
            .unwrap()
            .contains("read-only"),
        "{report:#}"
    );
    let mut conn = remote.connect_admin().await.unwrap();
    let count: i64 = sqlx::query_scalar("select count(*) from public.t")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(count, 1);
    drop(conn);
    remote.close().await.unwrap();
}

#[test]
fn help_lists_every_flag() {
    let (code, stdout, _) = run_cli(&["check", "--help"], &[]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("check_help", stdout);
    let (_, stdout, _) = run_cli(&["--help"], &[]);
    insta::assert_snapshot!("help", stdout);
    let (code, stdout, _) = run_cli(&["lint", "--help"], &[]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("lint_help", stdout);
    let (code, stdout, _) = run_cli(&["drift", "--help"], &[]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("drift_help", stdout);
}

#[tokio::test]
async fn the_url_backend_uses_a_throwaway_database_and_drops_it() {
    let server = common::server().await;
    let url = server.admin_url("postgres");
    let databases = || async {
        let mut conn = server.connect_admin("postgres").await.unwrap();
        let names: Vec<String> = sqlx::query_scalar(
            "select datname::text from pg_database where datname like 'schemagate_%'",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap();
        names
    };
    let before = databases().await;
    let example = common::repo().join("examples/marketplace");
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("report.json");
    let flags = [
        "--postgres",
        "url",
        "--database-url",
        &url,
        "--output",
        output.to_str().unwrap(),
    ];
    let (code, stdout, stderr) = run_on_async("check", &example, &flags, &[]).await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report = read_report(&output);
    assert_eq!(report["server"]["backend"], "url");
    assert_eq!(
        databases().await,
        before,
        "the throwaway database was not dropped"
    );
}

#[test]
fn roles_sql_is_applied_before_the_migrations() {
    let dir = project(&[
        ("supabase/roles.sql", b"do $$ begin if not exists (select from pg_roles where rolname = 'reporting') then create role reporting nologin; end if; end $$;"),
        ("supabase/migrations/20260101000000_a.sql", b"create table public.t (id int);\ngrant select on public.t to reporting;"),
    ]);
    let run = run_reported("check", dir.path(), &[], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);

    let broken = project(&[
        ("supabase/roles.sql", b"create rol oops;"),
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
    ]);
    let Reported { code, report, .. } = run_reported("check", broken.path(), &[], &[]);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["file"], "supabase/roles.sql");
}

#[test]
fn markdown_output_leads_with_the_failure() {
    let dir = project(&[
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
        (
            "supabase/migrations/20260102000000_b.sql",
            b"-- a comment\nselect * from \"@octocat\";",
        ),
    ]);
    let (code, stdout, _) = run_on("check", dir.path(), &["--format", "markdown"], &[]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with("<!-- schemagate:report -->\n### ❌ schemagate check: failed"),
        "{stdout}"
    );
    let failures = stdout
        .find("#### `supabase/migrations/20260102000000_b.sql` · failed · 1 error")
        .expect("the failed file first");
    let details = stdout
        .find("<details><summary>All 2 migrations")
        .expect("collapsed details");
    assert!(failures < details);
    assert!(
        stdout.contains(
            "- L2 · [`migration-failed`](https://github.com/schemagate/schemagate/blob/v"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("relation \"@\u{2060}octocat\" does not exist \\[42P01\\]"),
        "{stdout}"
    );
    // Outside code blocks, no mention survives.
    let outside_code: String = stdout.split("```").step_by(2).collect();
    assert!(
        !outside_code.contains("@octocat"),
        "mention not neutralised: {stdout}"
    );
}

#[test]
fn nothing_is_left_behind_after_success_or_failure() {
    for (sql, expected) in [("select 1;", 0), ("select 1/0;", 1)] {
        let dir = project(&[("supabase/migrations/20260101000000_a.sql", sql.as_bytes())]);
        let tmp = private_tmpdir();
        let tmpdir = [("TMPDIR", tmp.path().to_str().unwrap())];
        let (code, stdout, _) = run_on("check", dir.path(), &[], &tmpdir);
        assert_eq!(code, expected, "{stdout}");
        assert!(is_empty_dir(tmp.path()), "left behind after exit {code}");
        let leftover = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(Result::ok)
            .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
            .any(|cmdline| {
                String::from_utf8_lossy(&cmdline).contains(tmp.path().to_str().unwrap())
            });
        assert!(
            !leftover,
            "a server process still runs from {}",
            tmp.path().display()
        );
    }
}
