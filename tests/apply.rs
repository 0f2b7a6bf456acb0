//! Applying migrations to a real PostgreSQL: CLI semantics, error
//! positions, timeouts, the Supabase shim, containment, verification.

mod common;

use std::time::{Duration, Instant};

use common::{check, check_files, check_migrations, finding, migrations, options, project, rules};
use schemagate::report::{ApplyStatus, Severity, Status, VerificationStatus};

/// The status of each migration `check` applied, in order.
fn statuses(report: &schemagate::report::Report) -> Vec<ApplyStatus> {
    common::statuses(&report.migrations)
}

#[tokio::test]
async fn the_example_applies_and_verifies() {
    let report = check(
        &common::repo().join("examples/marketplace"),
        options(true, true),
    )
    .await;
    assert_eq!(report.status, Status::Pass, "{:#?}", report);
    assert!(report.migrations.len() >= 9);
    assert!(report
        .migrations
        .iter()
        .all(|m| m.status == ApplyStatus::Applied));
    // Three schema checks, then who sees which orders (anon, a customer, service_role).
    assert_eq!(report.verifications.len(), 6);
    assert!(report
        .verifications
        .iter()
        .all(|v| v.status == VerificationStatus::Pass));
    assert!(
        report
            .seeds
            .iter()
            .all(|s| s.status == ApplyStatus::Applied)
            && !report.seeds.is_empty()
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["status"], "pass");
    assert!(json["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["status"] == "applied"));
}

#[tokio::test]
async fn an_error_is_reported_at_its_file_line_and_column() {
    let report = check_migrations(&[
        "create table public.a (id int);",
        "create or replace function public.f()\nreturns int language plpgsql as $$\nbegin\n  return 1; -- a ; inside\nend;\n$$;\ncreate tabel public.oops (id int);\n",
        "create table public.c (id int);",
    ]).await;
    assert_eq!(
        statuses(&report),
        [
            ApplyStatus::Applied,
            ApplyStatus::Failed,
            ApplyStatus::NotRun
        ]
    );
    let error = report.migrations[1].error.as_ref().unwrap();
    assert_eq!((error.line, error.column), (Some(7), Some(8)), "{error:?}");
    assert_eq!(error.sqlstate.as_deref(), Some("42601"));
    assert!(error.message.contains("tabel"));
    assert_eq!(
        error.statement.as_deref(),
        Some("create tabel public.oops (id int)")
    );
    let finding = &report.findings[0];
    assert_eq!(
        (finding.rule.as_str(), finding.line, finding.column),
        ("migration-failed", Some(7), Some(8))
    );
    assert!(finding.file.as_deref().unwrap().ends_with("_m1.sql"));
    assert_eq!(report.exit_code(), 1);
}

#[tokio::test]
async fn a_failing_file_leaves_nothing_behind_and_history_is_recorded() {
    let dir = migrations(&[
        "create table public.kept (id int);",
        "create table public.gone (id int);\nselect 1/0;",
    ]);
    let config_dir = dir.path().to_path_buf();
    let report = check(&config_dir, options(true, false)).await;
    assert_eq!(
        statuses(&report),
        [ApplyStatus::Applied, ApplyStatus::Failed]
    );
    assert_eq!(
        report.migrations[1]
            .error
            .as_ref()
            .unwrap()
            .sqlstate
            .as_deref(),
        Some("22012")
    );
    assert_eq!(report.migrations[1].error.as_ref().unwrap().line, Some(2));

    // Re-run on a database we keep, to look inside.
    let database = common::fresh_database(true).await;
    let report = common::check_in(&database, &config_dir, &options(true, false)).await;
    assert!(report.error.is_none(), "{:?}", report.error);
    let mut conn = database.connect_admin().await.unwrap();
    let tables = common::strings(
        &mut conn,
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    )
    .await;
    assert_eq!(tables, ["kept"]);
    let history: Vec<(String, String, Vec<String>)> = sqlx::query_as(
        "SELECT version, name, statements FROM supabase_migrations.schema_migrations",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(
        history,
        [(
            "20260101000000".to_string(),
            "m0".to_string(),
            vec!["create table public.kept (id int)".to_string()]
        )]
    );
    drop(conn);
    database.close().await.unwrap();
}

#[tokio::test]
async fn explicit_transactions_inside_a_file_are_accepted() {
    let report = check_migrations(&[
        "begin;\ncreate table public.t (id int);\ncommit;\ncreate table public.u (id int);",
    ])
    .await;
    assert_eq!(statuses(&report), [ApplyStatus::Applied], "{report:#?}");
}

#[tokio::test]
async fn a_hanging_statement_hits_statement_timeout() {
    let dir = project(&[
        ("schemagate.toml", b"[apply]\nstatement_timeout = \"2s\"\n"),
        (
            "supabase/migrations/20260101000000_sleep.sql",
            b"select 1;\nselect pg_sleep(600);",
        ),
    ]);
    let started = Instant::now();
    let report = check(dir.path(), options(true, false)).await;
    assert!(started.elapsed() < Duration::from_secs(30));
    let error = report.migrations[0].error.as_ref().unwrap();
    assert_eq!(error.sqlstate.as_deref(), Some("57014"), "{error:?}");
    common::assert_contains(&error.message, "statement timeout");
    assert_eq!(error.line, Some(2));
}

#[tokio::test]
async fn a_migration_that_lifts_statement_timeout_hits_file_timeout() {
    let dir = project(&[
        (
            "schemagate.toml",
            b"[apply]\nstatement_timeout = \"2s\"\nfile_timeout = \"3s\"\n",
        ),
        (
            "supabase/migrations/20260101000000_sleep.sql",
            b"set statement_timeout = 0;\nselect pg_sleep(600);",
        ),
        ("supabase/migrations/20260101000001_next.sql", b"select 1;"),
    ]);
    let started = Instant::now();
    let report = check(dir.path(), options(true, false)).await;
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(
        statuses(&report),
        [ApplyStatus::Failed, ApplyStatus::NotRun]
    );
    let error = report.migrations[0].error.as_ref().unwrap();
    common::assert_contains(&error.message, "file_timeout");
}

const SUPABASE_FEATURES: &str = r#"
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  avatar_id uuid default extensions.uuid_generate_v4()
);
alter table public.profiles enable row level security;
create policy "own profile" on public.profiles for select to authenticated using (id = auth.uid());
create policy "avatars" on storage.objects for insert to authenticated
  with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = auth.uid()::text);
"#;

#[tokio::test]
async fn supabase_features_apply_with_the_shim() {
    let report = check_migrations(&[SUPABASE_FEATURES]).await;
    assert_eq!(report.status, Status::Pass, "{report:#?}");
}

#[tokio::test]
async fn supabase_features_fail_without_the_shim() {
    let dir = migrations(&[SUPABASE_FEATURES]);
    let report = check(dir.path(), options(false, false)).await;
    assert_eq!(statuses(&report), [ApplyStatus::Failed]);
    let error = report.migrations[0].error.as_ref().unwrap();
    // A Supabase schema (`extensions`, `auth`) is missing: invalid_schema_name.
    assert_eq!(error.sqlstate.as_deref(), Some("3F000"), "{error:?}");
}

#[tokio::test]
async fn server_files_and_programs_are_out_of_reach() {
    for sql in [
        "copy (select 1) to program 'true';",
        "select pg_read_file('/etc/passwd');",
    ] {
        let report = check_migrations(&[sql]).await;
        let error = report.migrations[0]
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{sql} applied"));
        assert_eq!(error.sqlstate.as_deref(), Some("42501"), "{sql}: {error:?}");
    }
}

#[tokio::test]
async fn altering_auth_users_fails_as_in_production() {
    let report = check_migrations(&["alter table auth.users add column nickname text;"]).await;
    let error = report.migrations[0].error.as_ref().expect("must fail");
    assert_eq!(error.sqlstate.as_deref(), Some("42501"), "{error:?}");
}

#[tokio::test]
async fn escalation_is_refused_before_execution() {
    let marker = std::env::temp_dir().join(format!("schemagate-escape-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let sql = format!(
        "create table public.t (id int);\ngrant pg_execute_server_program to postgres;\ncopy (select 1) to program 'touch {}';",
        marker.display()
    );
    let report = check_migrations(&[&sql]).await;
    assert_eq!(statuses(&report), [ApplyStatus::Failed]);
    let finding = finding(&report, "dangerous-statement");
    assert_eq!((finding.severity, finding.line), (Severity::Error, Some(2)));
    assert!(!marker.exists(), "the program ran");
}

#[tokio::test]
async fn platform_extensions_are_stubbed_and_unknown_ones_are_unavailable() {
    let report = check_migrations(&[
        "create extension if not exists pg_net;\n\
         create function public.notify() returns trigger language plpgsql as $$\n\
         begin\n  perform net.http_post(url := 'https://example.com/hook', body := '{}'::jsonb);\n  return new;\nend;\n$$;\n\
         create table public.events (id int);\n\
         create trigger events_notify after insert on public.events for each row execute function public.notify();\n\
         insert into public.events values (1);",
    ]).await;
    assert_eq!(report.status, Status::Pass, "{report:#?}");
    // The advisors' notices about the table and function are not this test's concern.
    let advisor = |rule: &str| {
        schemagate::advisors::ADVISORS
            .iter()
            .any(|a| a.rule.as_str() == rule)
    };
    let found: Vec<_> = rules(&report)
        .into_iter()
        .filter(|(rule, _)| rule != "lint-skipped" && !advisor(rule))
        .collect();
    assert_eq!(found, [("extension-stubbed".to_string(), Severity::Notice)]);
    let stubbed = report
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "extension-stubbed");
    assert_eq!(stubbed.and_then(|f| f.line), Some(1));

    let dir = migrations(&["select 1;\ncreate extension some_unknown_ext;"]);
    let report = check(dir.path(), options(true, false)).await;
    assert_eq!(statuses(&report), [ApplyStatus::Failed]);
    let finding = finding(&report, "extension-unavailable");
    assert_eq!((finding.severity, finding.line), (Severity::Error, Some(2)));
    assert!(finding.message.contains("some_unknown_ext"));
    assert!(finding
        .help
        .as_deref()
        .unwrap_or_default()
        .contains("--postgres docker"));
}

#[tokio::test]
async fn available_extensions_are_created_for_the_non_superuser() {
    let report = check_migrations(&[
        "create extension if not exists pg_trgm with schema extensions;\ncreate extension if not exists moddatetime schema extensions;\nselect extensions.similarity('a', 'b');",
    ]).await;
    assert_eq!(report.status, Status::Pass, "{report:#?}");
}

const VERIFY: &str = r#"
[[verify]]
name = "rows pass"
sql = "select * from public.t"
rows = 2
[[verify]]
name = "rows fail"
sql = "select * from public.t"
rows = 3
[[verify]]
name = "range pass"
sql = "select * from public.t"
min_rows = 1
max_rows = 2
[[verify]]
name = "range fail"
sql = "select * from public.t"
min_rows = 3
[[verify]]
name = "empty pass"
sql = "select * from public.t where false"
empty = true
[[verify]]
name = "empty fail"
sql = "select * from public.t"
empty = true
[[verify]]
name = "equals pass"
sql = "select id, label, flag from public.t order by id"
equals = [[1, "one", true], [2, "null", false]]
[[verify]]
name = "equals unordered pass"
sql = "select id from public.t order by id desc"
equals = [[1], [2]]
ordered = false
[[verify]]
name = "equals ordered fail"
sql = "select id from public.t order by id desc"
equals = [[1], [2]]
[[verify]]
name = "sql error"
sql = "select * from public.missing"
rows = 0
[[verify]]
name = "after an error"
sql = "select 1"
rows = 1
"#;

#[tokio::test]
async fn every_verification_kind_passes_and_fails() {
    let report = check_files(&[
        ("schemagate.toml", VERIFY.as_bytes()),
        (
            "supabase/migrations/20260101000000_t.sql",
            b"create table public.t (id int, label text, flag bool);\ninsert into public.t values (1, 'one', true), (2, null, false);",
        ),
    ]).await;
    let outcomes: Vec<(&str, VerificationStatus)> = report
        .verifications
        .iter()
        .map(|v| (v.name.as_str(), v.status))
        .collect();
    use VerificationStatus::*;
    assert_eq!(
        outcomes,
        [
            ("rows pass", Pass),
            ("rows fail", Fail),
            ("range pass", Pass),
            ("range fail", Fail),
            ("empty pass", Pass),
            ("empty fail", Fail),
            ("equals pass", Pass),
            ("equals unordered pass", Pass),
            ("equals ordered fail", Fail),
            ("sql error", Error),
            ("after an error", Pass),
        ]
    );
    let failed = &report.verifications[1];
    assert_eq!(failed.expected, "3 rows");
    assert_eq!(failed.actual.as_ref().unwrap().len(), 2);
    let error = report.verifications[9].error.as_deref().unwrap();
    assert!(error.contains("42P01"), "{error}");
    assert_eq!(report.status, Status::Fail);
    assert_eq!(report.summary.verifications_failed, 5);
}

#[tokio::test]
async fn verifications_are_not_run_after_a_failed_migration() {
    let report = check_files(&[
        (
            "schemagate.toml",
            b"[[verify]]\nname = \"v\"\nsql = \"select 1\"\nrows = 1\n",
        ),
        ("supabase/migrations/20260101000000_bad.sql", b"select 1/0;"),
    ])
    .await;
    assert_eq!(report.verifications[0].status, VerificationStatus::NotRun);
}

#[tokio::test]
async fn seeds_run_after_migrations_only_when_asked() {
    let dir = project(&[
        (
            "supabase/migrations/20260101000000_t.sql",
            b"create table public.t (id int);",
        ),
        (
            "supabase/seed.sql",
            b"insert into public.t values (1);\ninsert into public.nope values (1);",
        ),
    ]);
    let report = check(dir.path(), options(true, false)).await;
    assert!(report.seeds.is_empty());
    assert_eq!(report.status, Status::Pass);
    let report = check(dir.path(), options(true, true)).await;
    assert_eq!(report.seeds.len(), 1);
    assert_eq!(report.seeds[0].status, ApplyStatus::Failed);
    assert_eq!(report.seeds[0].error.as_ref().unwrap().line, Some(2));
    assert_eq!(report.status, Status::Fail);
}

#[tokio::test]
async fn plpgsql_runtime_errors_point_into_the_body() {
    let dir =
        migrations(&["select 1;\ndo $$\nbegin\n  perform 1;\n  raise exception 'boom';\nend\n$$;"]);
    let report = check(dir.path(), options(true, false)).await;
    let error = report.migrations[0].error.as_ref().unwrap();
    assert_eq!(error.message, "boom");
    assert_eq!(error.line, Some(5), "{error:?}");
}

#[tokio::test]
async fn escalation_through_dynamic_sql_is_refused_before_commit() {
    let report = check_migrations(&[
        "create table public.t (id int);\ndo $$ begin execute format('grant %s to postgres', 'pg_' || 'read_server_files'); end $$;",
        "select 1;",
    ]).await;
    assert_eq!(
        statuses(&report),
        [ApplyStatus::Failed, ApplyStatus::NotRun]
    );
    let finding = finding(&report, "dangerous-statement");
    common::assert_contains(&finding.message, "pg_read_server_files");
}
