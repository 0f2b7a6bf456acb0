//! Issue 11, server side: what a hostile pull request can make the server
//! do. roles.sql and seeds are screened and guarded like migrations; the
//! server guard stops dynamic SQL from granting the roles that reach the
//! server's files and programs; a verification is exactly one read-only
//! query; nothing hangs, nothing grows without bound; COPY and NOTIFY in a
//! migration apply.

mod bounds;
#[path = "../common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{
    check, check_files, check_migrations, finding, migrations, options, project, statuses,
};
use schemagate::postgres::{Backend, Binaries, Embedded};
use schemagate::report::{ApplyStatus, Report, Severity};
use schemagate::single_query::{self, Kind, Limits, SingleQuery};

/// A marker file a program run by SQL would create (removed first), and
/// the statement that would run that program.
fn marker(name: &str) -> (PathBuf, String) {
    let path = std::env::temp_dir().join(format!("schemagate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let program = format!("copy (select 1) to program 'touch {}';", path.display());
    (path, program)
}

/// `check` of `dir`, bounded: a regression that hangs fails instead.
async fn check_bounded(dir: &Path) -> Report {
    let limit = Duration::from_secs(60);
    tokio::time::timeout(limit, check(dir, options(true, false)))
        .await
        .unwrap_or_else(|_| panic!("still running after {limit:?}: it hangs"))
}

// ---- items 2 and 3: roles.sql, dynamic SQL, seeds --------------------------

#[tokio::test]
async fn roles_sql_cannot_run_programs_or_touch_reserved_roles() {
    let (touched, program) = marker("roles");
    let program = format!("create role reporting nologin;\n{program}\n");
    let report = check_files(&[
        ("supabase/roles.sql", program.as_bytes()),
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
    ])
    .await;
    assert!(!touched.exists(), "roles.sql ran a program");
    let refused = finding(&report, "dangerous-statement");
    assert_eq!(refused.file.as_deref(), Some("supabase/roles.sql"));
    assert_eq!(refused.line, Some(2), "{refused:?}");
    assert_eq!(statuses(&report.migrations), [ApplyStatus::NotRun]);

    // Reserved roles: as on Supabase, only a superuser may change them.
    let report = check_files(&[
        (
            "supabase/roles.sql",
            b"alter role supabase_auth_admin password 'x';",
        ),
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
    ])
    .await;
    let refused = finding(&report, "dangerous-statement");
    common::assert_contains(&refused.message, "reserved role");

    // What roles.sql is for still works.
    let report = check_files(&[
        (
            "supabase/roles.sql",
            b"create role reporting_ro nologin;\ngrant pg_read_all_data to reporting_ro;",
        ),
        (
            "supabase/migrations/20260101000000_a.sql",
            b"create table public.t (id int);\ngrant select on public.t to reporting_ro;",
        ),
    ])
    .await;
    assert_eq!(
        statuses(&report.migrations),
        [ApplyStatus::Applied],
        "{report:#?}"
    );
}

const DYNAMIC_GRANT: &str =
    "do $$ begin execute 'grant pg_exec' || 'ute_server_program to postgres'; end $$;";
const FORMAT_GRANT: &str =
    "do $$ begin execute format('grant %I to postgres', 'pg_read_server_' || 'files'); end $$;";

#[tokio::test]
async fn dynamic_sql_cannot_grant_server_roles_before_the_next_statement() {
    let (touched, program) = marker("dynamic");
    let sql = format!("create table public.t (id int);\n{DYNAMIC_GRANT}\n{program}");
    let report = check_migrations(&[&sql]).await;
    assert!(!touched.exists(), "the program ran");
    let refused = finding(&report, "dangerous-statement");
    assert_eq!(
        refused.line,
        Some(2),
        "stopped at the grant itself: {refused:?}"
    );
    assert!(refused.message.contains("pg_execute_server_program"));

    let sql = format!("{FORMAT_GRANT}\nselect pg_read_file('/etc/hostname');");
    let report = check_migrations(&[&sql]).await;
    let error = report.migrations[0].error.as_ref().expect("refused");
    assert_eq!(error.line, Some(1), "{error:?}");
    assert!(error.message.contains("pg_read_server_files"), "{error:?}");
}

#[tokio::test]
async fn seeds_get_the_same_protection() {
    let (touched, program) = marker("seed");
    let seed = format!("{DYNAMIC_GRANT}\n{program}");
    let dir = project(&[
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
        ("supabase/seed.sql", seed.as_bytes()),
    ]);
    let report = check(dir.path(), options(true, true)).await;
    assert!(!touched.exists(), "the seed ran a program");
    assert_eq!(statuses(&report.seeds), [ApplyStatus::Failed]);
    assert_eq!(finding(&report, "dangerous-statement").line, Some(1));
}

#[tokio::test]
async fn the_guard_protects_our_servers_and_its_absence_is_reported() {
    let guarded = common::fresh_database(true).await;
    let grantable = schemagate::guard::grantable_server_roles(&guarded)
        .await
        .unwrap();
    assert!(grantable.is_empty(), "{grantable:?}");
    assert!(schemagate::guard::absent_finding(&guarded)
        .await
        .unwrap()
        .is_none());
    guarded.close().await.unwrap();

    // The same server without the guard: PostgreSQL 15 lets postgres
    // (CREATEROLE) grant itself these roles, and the run says so.
    let binaries = Binaries::find(None, None).unwrap();
    if binaries.major >= 16 {
        return; // PostgreSQL 16+ refuses natively; nothing to show.
    }
    let bare = Embedded::new(binaries)
        .without_guard()
        .start()
        .await
        .unwrap();
    let database = bare.scratch_database().await.unwrap();
    schemagate::throwaway::prepare_database(&database, true)
        .await
        .unwrap();
    let finding = schemagate::guard::absent_finding(&database)
        .await
        .unwrap()
        .expect("server-guard-absent");
    assert_eq!(finding.severity, Severity::Warning);
    common::assert_contains(&finding.message, "pg_execute_server_program");
}

#[tokio::test]
async fn the_guard_follows_supautils_on_reserved_roles() {
    let database = common::fresh_database(true).await;
    let mut conn = database.connect_migrator().await.unwrap();
    let n = std::process::id();
    for sql in [
        format!("create role sg_other_{n} admin anon"),
        format!("create role sg_tester_{n} in role anon"),
        format!("grant pg_monitor to sg_other_{n}"),
        "alter role authenticator set statement_timeout = '8s'".to_string(),
    ] {
        sqlx::raw_sql(&sql)
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
    for (sql, refusal) in [
        (
            "grant pg_monitor to anon".to_string(),
            "\"anon\" is a reserved role",
        ),
        (
            "drop role supabase_auth_admin".to_string(),
            "is a reserved role",
        ),
        (
            "alter role authenticator rename to x".to_string(),
            "is a reserved role",
        ),
        (
            "alter role supabase_storage_admin set search_path = x".to_string(),
            "is a reserved role",
        ),
        (
            format!("create role sg_x_{n} in role pg_execute_server_program"),
            "role memberships are reserved",
        ),
        (
            "alter group pg_write_server_files add user postgres".to_string(),
            "role memberships are reserved",
        ),
        (
            "grant authenticator to postgres".to_string(),
            "role memberships are reserved",
        ),
        (
            "copy (select 1) to '/tmp/schemagate-guard-file'".to_string(),
            "refused for non-superusers",
        ),
    ] {
        let error = sqlx::raw_sql(&sql)
            .execute(&mut conn)
            .await
            .expect_err(&sql)
            .to_string();
        assert!(error.contains(refusal), "{sql}: {error}");
    }
    drop(conn);
    database.close().await.unwrap();
}

// ---- item 4: a verification is exactly one read-only query -----------------

const ISSUE_ATTACK: &str = "commit; begin read write; delete from public.items; commit; select 1";

/// `verify` of `dir`'s verifications against the database at `url`.
async fn verify_cli(dir: &Path, url: &str) -> (i32, String, String) {
    let output = dir.join("report.json");
    let flags = ["--remote-url", url, "--output", output.to_str().unwrap()];
    common::cli::run_on_async("verify", dir, &flags, &[]).await
}

#[tokio::test]
async fn a_verification_cannot_write_the_live_database() {
    let (live, url) = common::live_database(
        "create table public.items (id int); insert into public.items values (1), (2);
         create function public.wipe() returns int language sql as 'delete from public.items returning 1';",
    )
    .await;

    // The issue's exact attack: a config error naming the verification.
    let toml = format!("[[verify]]\nname = \"sneaky\"\nsql = \"{ISSUE_ATTACK}\"\nrows = 1\n");
    let dir = project(&[("schemagate.toml", toml.as_bytes())]);
    let (code, stdout, stderr) = verify_cli(dir.path(), &url).await;
    assert_eq!(code, 2, "{stdout}{stderr}");
    let said = format!("{stdout}{stderr}");
    assert!(
        said.contains("sneaky") && said.contains("holds 5 statements"),
        "{said}"
    );

    // One statement that writes through a function: the read-only transaction refuses.
    let dir = project(&[(
        "schemagate.toml",
        b"[[verify]]\nname = \"wipe\"\nsql = \"select public.wipe()\"\nrows = 1\n",
    )]);
    let (code, stdout, stderr) = verify_cli(dir.path(), &url).await;
    assert_eq!(code, 1, "{stdout}{stderr}");

    let mut conn = live.connect_admin().await.unwrap();
    let count: i64 = sqlx::query_scalar("select count(*) from public.items")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(count, 2, "the live table was written");

    // Even text the parser let through could not carry a second statement:
    // the extended protocol refuses several (SHOW is sent as written).
    let smuggled = SingleQuery {
        sql: "show search_path; delete from public.items".to_string(),
        kind: Kind::Show,
    };
    let error = single_query::fetch(&mut conn, &smuggled, Limits::default())
        .await
        .expect_err("the server refuses two statements in one Parse");
    assert!(error.to_string().contains("multiple commands"), "{error}");
    drop(conn);
    live.close().await.unwrap();
}

#[test]
fn a_verification_that_is_not_one_query_is_a_config_error_for_check_too() {
    for sql in [
        ISSUE_ATTACK,
        "set statement_timeout = 0; select pg_sleep(600)",
        "with gone as (delete from public.items returning *) select count(*) from gone",
    ] {
        let toml = format!("[[verify]]\nname = \"q\"\nsql = \"{sql}\"\nrows = 1\n");
        let dir = project(&[
            ("schemagate.toml", toml.as_bytes()),
            ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
        ]);
        let run = common::cli::run_reported("check", dir.path(), &[], &[]);
        let said = run.said();
        assert_eq!(run.code, 2, "{sql}: {said}");
        assert!(
            said.contains("\"q\"") && said.contains("exactly one SELECT"),
            "{said}"
        );
    }
}
