//! Remote alignment: `list`, `reconcile` and `check` against a live history table.

use super::*;
use common::cli::{history_statuses, run_on_async, run_reported_async};
use common::{remote_with_history, HistoryRow};

/// A project of migration files (names in the migrations directory, SQL).
fn project_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(String, &[u8])> = files
        .iter()
        .map(|(name, sql)| (format!("{M}/{name}"), sql.as_bytes()))
        .collect();
    common::project_owned(&files)
}

/// `schemagate <command> --project-dir <project> <flags>`.
async fn run(command: &str, project: &Path, flags: &[&str]) -> (i32, String, String) {
    run_on_async(command, project, flags, &[]).await
}

/// `schemagate check` on `project` with `flags`: its exit code and JSON report.
async fn check_report(project: &Path, flags: &[&str]) -> (i32, Value) {
    let run = run_reported_async("check", project, flags, &[]).await;
    (run.code, run.report)
}

/// A live history table, a project, and what each command must make of
/// the two.
struct Case {
    name: &'static str,
    config: &'static str,
    rows: &'static [HistoryRow<'static>],
    files: &'static [(&'static str, &'static str)],
    /// `list`'s alignment, as (version, status).
    statuses: &'static [(&'static str, &'static str)],
    /// A statement `list` shows for the remote row at this index.
    remote_statement: Option<(usize, &'static str)>,
    /// Lines of `list --format markdown`.
    markdown: &'static [&'static str],
    /// `check`'s exit code and some of its findings, as (rule, severity).
    exit: i32,
    findings: &'static [(&'static str, &'static str)],
}

/// A remote row the project has as a placeholder, and a local file older
/// than it that the remote never applied.
const OLDER_THAN_THE_REMOTE: Case = Case {
    name: "a local-only version older than the remote is an error",
    config: "",
    rows: &[("20260108025539", Some("hotfix"), None)],
    files: &[
        (
            "20260108025539_remote_placeholder.sql",
            "-- placeholder\nSELECT 1;",
        ),
        (
            "20260108000000_council.sql",
            "create table public.council (id int primary key);",
        ),
    ],
    statuses: &[
        ("20260108000000", "pending"),
        ("20260108025539", "placeholder"),
    ],
    remote_statement: None,
    markdown: &[],
    exit: 1,
    findings: &[("version-order", "error")],
};

const CASES: &[Case] = &[
    Case {
        name: "aligned, local-only, remote-only and edited versions",
        config: "",
        rows: &[
            (
                "20260101000000",
                Some("listings"),
                Some(&["create table public.listings (id int primary key)"]),
            ),
            (
                "20260102000000",
                Some("products"),
                Some(&["create table public.products (id int primary key)"]),
            ),
            (
                "20260108025539",
                Some("hotfix"),
                Some(&["alter table public.listings add column x int"]),
            ),
            ("20260109000000", None, None),
        ],
        files: &[
            (
                "20260101000000_listings.sql",
                "create table public.listings (id int primary key);\r\n",
            ),
            (
                "20260102000000_products.sql",
                "create table public.products (id bigint primary key);",
            ),
            ("20260109000000_legacy.sql", "select 1;"),
            (
                "20260120000000_new.sql",
                "create table public.new (id int primary key);",
            ),
        ],
        statuses: &[
            ("20260101000000", "applied"),
            ("20260102000000", "edited"),
            ("20260108025539", "remote_only"),
            ("20260109000000", "content_unknown"),
            ("20260120000000", "pending"),
        ],
        remote_statement: Some((2, "alter table public.listings add column x int")),
        markdown: &[
            "| 20260101000000 | 20260101000000 | applied |",
            "|  | 20260108025539 | **remote-only** |  |",
        ],
        exit: 1,
        findings: &[
            ("remote-only", "error"),
            ("applied-edited", "error"),
            ("content-unknown", "notice"),
            ("pending", "notice"),
        ],
    },
    OLDER_THAN_THE_REMOTE,
    Case {
        name: "a local-only version older than the remote is a warning with include_all",
        config: "[history]\ninclude_all = true\n",
        exit: 0,
        findings: &[("version-order", "warning")],
        ..OLDER_THAN_THE_REMOTE
    },
    Case {
        name: "a remote-only hotfix",
        config: "",
        rows: &[("20260108025539", Some("hotfix"), Some(&["select 2"]))],
        files: &[("20260101000000_a.sql", "select 1;")],
        statuses: &[
            ("20260101000000", "pending"),
            ("20260108025539", "remote_only"),
        ],
        remote_statement: Some((0, "select 2")),
        markdown: &[],
        exit: 1,
        findings: &[("remote-only", "error")],
    },
];

/// Each case through `list` (JSON and markdown) and `check` against the
/// live table, then through `check` on `list`'s JSON export once the live
/// database is gone: the export replaces the connection.
#[tokio::test]
async fn list_and_check_align_the_project_with_the_remote_history() {
    for case in CASES {
        let name = case.name;
        let (remote, url) = remote_with_history(case.rows).await;
        let dir = project_with(case.files);
        write(dir.path(), "schemagate.toml", case.config);
        let json_flags = ["--remote-url", &url, "--format", "json"];
        let (code, stdout, stderr) = run("list", dir.path(), &json_flags).await;
        assert_eq!(code, 0, "{name}: {stdout}{stderr}");
        let listed = common::cli::printed_report(&stdout, &stderr);
        let expected: Vec<(String, String)> = case
            .statuses
            .iter()
            .map(|(version, status)| (version.to_string(), status.to_string()))
            .collect();
        assert_eq!(history_statuses(&listed), expected, "{name}");
        if let Some((index, statement)) = case.remote_statement {
            assert_eq!(
                listed["history"]["remote"][index]["statements"][0], statement,
                "{name}"
            );
        }
        let markdown_flags = ["--remote-url", &url, "--format", "markdown"];
        let (_, markdown, _) = run("list", dir.path(), &markdown_flags).await;
        for line in case.markdown {
            assert!(markdown.contains(line), "{name}: {markdown}");
        }

        let live = check_report(dir.path(), &["--remote-url", &url]).await;
        let export = dir.path().join("remote-history.json");
        std::fs::write(&export, stdout).unwrap();
        remote.close().await.unwrap();
        let exported =
            check_report(dir.path(), &["--remote-history", export.to_str().unwrap()]).await;
        for (source, (code, report)) in [("live", live), ("export", exported)] {
            assert_eq!(code, case.exit, "{name}, {source}: {report:#}");
            for (rule, severity) in case.findings {
                assert!(
                    has(&report, rule, severity),
                    "{name}, {source}: {rule}: {:?}",
                    rules(&report)
                );
            }
            assert_eq!(history_statuses(&report), expected, "{name}, {source}");
        }
    }
}

/// Every row of the live history table, in one string.
async fn history_table(conn: &mut sqlx::PgConnection) -> String {
    let table = "select coalesce(string_agg(version || ':' || coalesce(name, '') || ':' || coalesce(array_to_string(statements, '|'), ''), ',' order by version), '') from supabase_migrations.schema_migrations";
    sqlx::query_scalar(table).fetch_one(conn).await.unwrap()
}

#[tokio::test]
async fn reconcile_writes_exactly_the_remote_only_placeholders_and_repair_round_trips() {
    let versions: Vec<String> = (0..29)
        .map(|i| format!("2026010802{:04}", 5539 + i))
        .collect();
    let mut rows: Vec<HistoryRow> = vec![(
        "20260101000000",
        Some("listings"),
        Some(&["create table public.listings (id int primary key)"]),
    )];
    rows.extend(
        versions
            .iter()
            .map(|v| (v.as_str(), Some("ad_hoc"), Some(&["select 42"] as &[&str]))),
    );
    let (remote, url) = remote_with_history(&rows).await;
    let dir = project_with(&[(
        "20260101000000_listings.sql",
        "create table public.listings (id int primary key);",
    )]);

    let (code, stdout, _) = run("reconcile", dir.path(), &["--remote-url", &url]).await;
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("dry run"), "{stdout}");
    assert_eq!(
        std::fs::read_dir(dir.path().join(M)).unwrap().count(),
        1,
        "a dry run writes nothing"
    );

    let (code, _, _) = run("reconcile", dir.path(), &["--remote-url", &url, "--write"]).await;
    assert_eq!(code, 0);
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join(M))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with("_remote_placeholder.sql"))
        .collect();
    written.sort();
    assert_eq!(
        written,
        versions
            .iter()
            .map(|v| format!("{v}_remote_placeholder.sql"))
            .collect::<Vec<_>>()
    );
    let text = std::fs::read_to_string(dir.path().join(M).join(&written[0])).unwrap();
    assert!(
        text.contains("-- Remote name: ad_hoc")
            && text.contains("--   select 42")
            && text.ends_with("SELECT 1;\n"),
        "{text}"
    );

    let (code, report) = check_report(dir.path(), &["--remote-url", &url]).await;
    assert!(
        !has(&report, "remote-only", "error"),
        "{:?}",
        rules(&report)
    );
    assert_eq!(code, 0, "{report:#}");

    // --repair: refused without --yes, then applied and reverted restores the table.
    let mut conn = remote.connect_admin().await.unwrap();
    let before = history_table(&mut conn).await;
    write(
        dir.path(),
        &format!("{M}/20260201000000_new.sql"),
        "create table public.n (id int primary key);",
    );
    let repair = |status: &'static str, yes: &'static [&'static str]| {
        let flags = [
            &[
                "--remote-url",
                &url,
                "--repair",
                "--status",
                status,
                "20260201000000",
            ],
            yes,
        ]
        .concat();
        let dir = dir.path().to_path_buf();
        async move { run("reconcile", &dir, &flags).await }
    };
    assert_eq!(repair("applied", &[]).await.0, 2);
    assert_eq!(history_table(&mut conn).await, before);
    let (code, stdout, _) = repair("applied", &["--yes"]).await;
    assert_eq!(code, 0, "{stdout}");
    let applied = history_table(&mut conn).await;
    assert!(
        applied.ends_with(",20260201000000:new:create table public.n (id int primary key)"),
        "{applied}"
    );
    assert_eq!(repair("reverted", &["--yes"]).await.0, 0);
    assert_eq!(history_table(&mut conn).await, before);
    drop(conn);
    remote.close().await.unwrap();
}

#[tokio::test]
async fn reconcile_refuses_a_database_without_history() {
    let database = common::fresh_database(false).await;
    let url = common::server().await.admin_url(&database.name);
    let dir = project_with(&[("20260101000000_a.sql", "select 1;")]);
    let (code, stdout, _) = run("reconcile", dir.path(), &["--remote-url", &url]).await;
    assert_eq!(code, 3, "{stdout}");
    assert!(
        stdout.contains("no supabase_migrations.schema_migrations table"),
        "{stdout}"
    );
    database.close().await.unwrap();
}

#[tokio::test]
async fn check_and_list_never_write_the_remote() {
    let (remote, url) =
        remote_with_history(&[("20260101000000", Some("a"), Some(&["select 1"]))]).await;
    let reader = format!("reader_{}", std::process::id());
    let mut conn = remote.connect_admin().await.unwrap();
    sqlx::raw_sql(&format!(
        "do $$ begin if not exists (select from pg_roles where rolname = '{reader}') then create role {reader} login; end if; end $$;
         grant usage on schema supabase_migrations to {reader};
         grant select on supabase_migrations.schema_migrations to {reader};"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let reader_url = url.replacen("supabase_admin@", &format!("{reader}@"), 1);
    let dir = project_with(&[("20260101000000_a.sql", "select 1;")]);
    for remote_url in [&reader_url, &url] {
        let (code, stdout, stderr) = run("list", dir.path(), &["--remote-url", remote_url]).await;
        assert_eq!(code, 0, "{stdout}{stderr}");
        let (code, stdout, stderr) = run("check", dir.path(), &["--remote-url", remote_url]).await;
        assert_eq!(code, 0, "{stdout}{stderr}");
        // Second round: the database is read-only, as on a replica.
        sqlx::raw_sql(&format!(
            "alter database {} set default_transaction_read_only = on",
            remote.name
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    drop(conn);
    remote.close().await.unwrap();
}

#[tokio::test]
async fn an_unreachable_remote_is_exit_3_with_the_password_redacted() {
    let dir = project_with(&[("20260101000000_a.sql", "select 1;")]);
    for command in ["check", "list"] {
        let (code, stdout, stderr) = run(
            command,
            dir.path(),
            &[
                "--remote-url",
                "postgresql://postgres.ref:hunter2@127.0.0.1:1/postgres",
            ],
        )
        .await;
        assert_eq!(code, 3, "{command}: {stdout}{stderr}");
        assert!(
            !stdout.contains("hunter2") && !stderr.contains("hunter2"),
            "{command}: {stdout}{stderr}"
        );
    }
}
