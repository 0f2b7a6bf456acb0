//! Items 7, 8 and 9: nothing hangs, nothing grows without bound, valid SQL
//! applies; and the build's dependency script.

use super::*;

// ---- item 7: nothing hangs --------------------------------------------------

#[tokio::test]
async fn copy_from_stdin_in_a_migration_fails_instead_of_hanging() {
    let dir = migrations(&[
        "create table public.a (id int);\ncopy public.a from stdin;",
        "select 1;",
    ]);
    let report = check_bounded(dir.path()).await;
    assert_eq!(
        statuses(&report.migrations),
        [ApplyStatus::Failed, ApplyStatus::NotRun]
    );
    let error = report.migrations[0].error.as_ref().unwrap();
    assert_eq!(error.line, Some(2), "{error:?}");
    assert!(error.message.contains("FROM STDIN"), "{error:?}");
}

#[tokio::test]
async fn a_verification_that_outlives_its_timeout_is_ended() {
    // The function swallows the statement timeout's cancel and goes on:
    // only a bound outside the server can end it.
    let stall = "create function public.stall() returns int language plpgsql as $$
begin
  loop
    begin
      perform pg_sleep(1);
    exception when query_canceled then
      null;
    end;
  end loop;
end $$;";
    let dir = project(&[
        (
            "schemagate.toml",
            b"[apply]\nstatement_timeout = \"1s\"\n\n[[verify]]\nname = \"stall\"\nsql = \"select public.stall()\"\nrows = 1\n\n[[verify]]\nname = \"after\"\nsql = \"select 1\"\nrows = 1\n",
        ),
        ("supabase/migrations/20260101000000_a.sql", stall.as_bytes()),
    ]);
    let started = Instant::now();
    let report = check_bounded(dir.path()).await;
    assert!(started.elapsed() < Duration::from_secs(30));
    let stalled = &report.verifications[0];
    assert!(
        stalled
            .error
            .as_deref()
            .unwrap_or("")
            .contains("did not finish"),
        "{stalled:?}"
    );
    assert!(report.verifications[1]
        .error
        .as_deref()
        .unwrap_or("")
        .contains("not run"));
}

// ---- item 8: nothing grows without bound -----------------------------------

#[test]
fn a_migration_that_fills_the_data_directory_is_stopped_at_the_cap() {
    let dir = project(&[(
        "supabase/migrations/20260101000000_big.sql",
        b"create table public.big (x text);\ninsert into public.big select repeat('x', 400) from generate_series(1, 2000000);",
    )]);
    let started = Instant::now();
    let cap = [("SCHEMAGATE_MAX_DATA_SIZE", "300M")];
    let run = common::cli::run_reported("check", dir.path(), &[], &cap);
    assert_eq!(run.code, 1, "{}", run.said());
    let full = common::cli::finding(&run.report, "out-of-space");
    assert!(common::cli::message(full).contains("out of space for the throwaway server"));
    assert!(started.elapsed() < Duration::from_secs(120));
}

#[tokio::test]
async fn a_verification_result_is_bounded_and_says_what_was_cut() {
    let report = check_files(&[
        (
            "schemagate.toml",
            b"[[verify]]\nname = \"many\"\nsql = \"select g, 'row ' || g from generate_series(1, 200000) g\"\nrows = 200000\n\n[[verify]]\nname = \"wide\"\nsql = \"select repeat('x', 10000000)\"\nrows = 1\n",
        ),
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
    ]).await;
    let many = &report.verifications[0];
    assert_eq!(
        many.status,
        schemagate::report::VerificationStatus::Pass,
        "{many:?}"
    );
    let kept = many.actual.as_ref().unwrap();
    assert_eq!(kept.len(), Limits::default().rows);
    assert_eq!(
        kept[1],
        vec![Some("2".to_string()), Some("row 2".to_string())]
    );
    let wide = &report.verifications[1];
    assert_eq!(wide.status, schemagate::report::VerificationStatus::Pass);
    let value = wide.actual.as_ref().unwrap()[0][0].as_ref().unwrap();
    assert!(
        value.len() <= Limits::default().row_chars,
        "{}",
        value.len()
    );
    let cut = common::of_rule(&report, "result-truncated");
    assert_eq!(cut.len(), 2, "{:#?}", report.findings);
    assert!(cut[0]
        .message
        .contains("kept the first 1000 of 200000 rows"));
}

// ---- item 9: valid SQL applies -----------------------------------------------

#[tokio::test]
async fn listen_notify_and_copy_to_stdout_apply() {
    let dir = migrations(&[
        "listen ch;\nnotify ch, 'hi';",
        "create table public.t (id int);\ninsert into public.t values (1);\ncopy public.t to stdout;\ncopy (select * from public.t) to stdout with (format csv);",
        "listen other;\ncommit;\nnotify other, 'x';\ncommit;\nselect pg_notify('other', 'y');",
        "select 1;",
    ]);
    let report = check_bounded(dir.path()).await;
    assert_eq!(
        statuses(&report.migrations),
        [ApplyStatus::Applied; 4],
        "{:#?}",
        report.migrations
    );
}

// ---- the build's dependency script ------------------------------------------

#[test]
fn server_headers_are_detected_per_installed_major() {
    let root = tempfile::tempdir().unwrap();
    let run = |root: &Path| {
        let output =
            std::process::Command::new(common::repo().join("scripts/ensure-server-headers.sh"))
                .env("SCHEMAGATE_PG_ROOT", root)
                .env("SCHEMAGATE_DRY_RUN", "1")
                .output()
                .unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    };
    assert_eq!(run(root.path()), "none");
    for major in ["15", "17"] {
        let bin = root.path().join(format!("usr/lib/postgresql/{major}/bin"));
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::write(bin.join("postgres"), "").unwrap();
    }
    let headers = root.path().join("usr/include/postgresql/15/server");
    std::fs::create_dir_all(&headers).unwrap();
    std::fs::write(headers.join("postgres.h"), "").unwrap();
    assert_eq!(
        run(root.path()),
        format!(
            "found 15 {}\ninstall 17",
            headers.join("postgres.h").display()
        )
    );
}

/// The highest resident memory of `schemagate args`, sampled from /proc
/// while it runs, and its exit code.
fn peak_memory_kb(args: &[&str]) -> (u64, i32) {
    let mut child = std::process::Command::new(common::BIN)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                .unwrap_or(0);
            peak = peak.max(hwm);
        }
        if let Some(exit) = child.try_wait().unwrap() {
            return (peak, exit.code().unwrap_or(-1));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_migrations_own_query_results_never_reach_the_tool() {
    // 300 MB in one value: computed on the server, never sent to us.
    let dir = project(&[
        (
            "supabase/migrations/20260101000000_a.sql",
            b"select repeat('x', 300000000);",
        ),
        (
            "supabase/migrations/20260101000001_b.sql",
            b"create table public.t (id int);\nselect id, nope from public.t;",
        ),
    ]);
    let output = dir.path().join("report.json");
    let (peak, code) = peak_memory_kb(&[
        "check",
        "--project-dir",
        dir.path().to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(peak < 150_000, "the tool peaked at {peak} kB");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(report["migrations"][0]["status"], "applied");
    // A query's own error keeps PostgreSQL's position in the original text.
    let error = &report["migrations"][1]["error"];
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(2), Some(12)),
        "{error:#}"
    );
}
