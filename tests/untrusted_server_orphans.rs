//! Issue 11: no process that SQL starts outlives the throwaway server.
//!
//! A test binary of its own: the tool makes its process a child subreaper
//! and, when a server stops, ends the orphans it inherited. Tests sharing a
//! process would end each other's programs, so this one runs alone.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use schemagate::postgres::{Backend, Binaries, Embedded};

/// Processes of the machine whose command line contains `needle`.
fn processes_with(needle: &str) -> Vec<String> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains(needle))
        .collect()
}

#[tokio::test]
async fn no_process_started_by_sql_outlives_the_server() {
    // Only a superuser can still start one (the guard stops everyone
    // else); what it starts must die with the server.
    let seconds = 3000 + std::process::id() % 1000;
    let needle = format!("sleep {seconds}");
    let server = Embedded::new(Binaries::find(None, None).unwrap())
        .start()
        .await
        .unwrap();
    let mut admin = server.connect_admin("postgres").await.unwrap();
    // It reads its input first (no broken pipe), then leaves a program
    // running that ignores the signals a shutdown sends.
    let sql = format!(
        "copy (select 1) to program 'cat >/dev/null; (trap \"\" TERM INT QUIT HUP; exec sleep {seconds}) >/dev/null 2>&1 </dev/null &'"
    );
    sqlx::raw_sql(&sql).execute(&mut admin).await.unwrap();
    let pid: i32 = sqlx::query_scalar("select pg_backend_pid()")
        .fetch_one(&mut admin)
        .await
        .unwrap();
    sqlx::Connection::close(admin).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while processes_with(&needle).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !processes_with(&needle).is_empty(),
        "the program did not start"
    );
    // Its backend has finished: the program is an orphan now.
    let backend = PathBuf::from(format!("/proc/{pid}"));
    while backend.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(server);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !processes_with(&needle).is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(processes_with(&needle), Vec::<String>::new());
}
