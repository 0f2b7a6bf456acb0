//! Freeze, history integrity and remote alignment, on real git repositories
//! and a real PostgreSQL standing in for the live database.

mod common;

use std::path::Path;
use std::process::Command;

use common::run_cli;
use serde_json::Value;

const M: &str = "supabase/migrations";

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn write(dir: &Path, path: &str, content: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A repository whose `main` has three migrations, checked out on a branch `pr`.
fn repo_with_history(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(root, "schemagate.toml", config);
    // A schema the API does not expose, so the safety analysis of new files
    // (which flags tables in `public` without RLS) stays out of these tests.
    write(
        root,
        &format!("{M}/20260101000000_listings.sql"),
        "create schema app;\ncreate table app.listings (id int);\n",
    );
    write(
        root,
        &format!("{M}/20260102000000_products.sql"),
        "create table app.products (id int);\n",
    );
    write(
        root,
        &format!("{M}/20260103000000_orders.sql"),
        "create table app.orders (id int);\n",
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "base"]);
    git(root, &["checkout", "-qb", "pr"]);
    dir
}

fn commit(dir: &Path) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "pr"]);
}

/// `check --base main` on the repository; returns (exit code, report).
fn check(dir: &Path, extra: &[&str], envs: &[(&str, &str)]) -> (i32, Value) {
    let output = dir.join("report.json");
    let mut args = vec![
        "check",
        "--project-dir",
        dir.to_str().unwrap(),
        "--base",
        "main",
        "--output",
        output.to_str().unwrap(),
    ];
    args.extend(extra);
    let (code, stdout, stderr) = run_cli(&args, envs);
    let report =
        std::fs::read_to_string(&output).unwrap_or_else(|_| panic!("no report: {stdout}{stderr}"));
    (code, serde_json::from_str(&report).unwrap())
}

fn rules(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(report: &Value, rule: &str, severity: &str) -> bool {
    rules(report).contains(&(rule.to_string(), severity.to_string()))
}

#[test]
fn a_clean_pull_request_passes_silently() {
    let dir = repo_with_history("");
    write(
        dir.path(),
        &format!("{M}/20260110000000_reports.sql"),
        "create table app.reports (id int);\n",
    );
    commit(dir.path());
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(
        report["findings"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
}

#[test]
fn editing_deleting_or_renaming_history_is_refused() {
    for (name, change) in [
        (
            "modified",
            &(|d: &Path| {
                write(
                    d,
                    &format!("{M}/20260102000000_products.sql"),
                    "create table app.products (id bigint);\n",
                )
            }) as &dyn Fn(&Path),
        ),
        ("deleted", &|d: &Path| {
            std::fs::remove_file(d.join(format!("{M}/20260103000000_orders.sql"))).unwrap()
        }),
        ("renamed", &|d: &Path| {
            git(
                d,
                &[
                    "mv",
                    &format!("{M}/20260102000000_products.sql"),
                    &format!("{M}/20260102000000_items.sql"),
                ],
            )
        }),
    ] {
        let dir = repo_with_history("");
        change(dir.path());
        commit(dir.path());
        let (code, report) = check(dir.path(), &[], &[]);
        assert_eq!(code, 1, "{name}: {report:#}");
        assert_eq!(
            rules(&report),
            [("history-immutable".to_string(), "error".to_string())],
            "{name}"
        );
    }
    // A whitespace-only edit is a warning.
    let dir = repo_with_history("");
    write(
        dir.path(),
        &format!("{M}/20260102000000_products.sql"),
        "create table app.products (id int);   \r\n",
    );
    commit(dir.path());
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(code, 0);
    assert!(
        has(&report, "history-immutable", "warning"),
        "{:?}",
        rules(&report)
    );
}

#[test]
fn the_diff_of_an_edit_is_shown() {
    let dir = repo_with_history("");
    write(
        dir.path(),
        &format!("{M}/20260102000000_products.sql"),
        "create table app.products (id bigint);\n",
    );
    commit(dir.path());
    let (_, report) = check(dir.path(), &[], &[]);
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "- create table app.products (id int);\n+ create table app.products (id bigint);"
        ),
        "{message}"
    );
    assert_eq!(
        report["findings"][0]["file"],
        format!("{M}/20260102000000_products.sql")
    );
}

#[test]
fn out_of_order_and_duplicate_versions_are_errors() {
    let dir = repo_with_history("");
    write(
        dir.path(),
        &format!("{M}/20260102120000_late.sql"),
        "create table app.late (id int);\n",
    );
    commit(dir.path());
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(code, 1);
    assert!(
        has(&report, "version-order", "error"),
        "{:?}",
        rules(&report)
    );
    assert!(report["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("would be inserted before the last migration on remote database"));

    // Both branches picked the same timestamp.
    let dir = repo_with_history("");
    write(
        dir.path(),
        &format!("{M}/20260110000000_ours.sql"),
        "create table app.ours (id int);\n",
    );
    commit(dir.path());
    git(dir.path(), &["checkout", "-q", "main"]);
    write(
        dir.path(),
        &format!("{M}/20260110000000_theirs.sql"),
        "create table app.theirs (id int);\n",
    );
    commit(dir.path());
    git(dir.path(), &["checkout", "-q", "pr"]);
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(code, 1);
    assert!(
        has(&report, "duplicate-version", "error"),
        "{:?}",
        rules(&report)
    );
}

#[test]
fn a_placeholder_with_real_sql_is_an_error_and_a_squash_a_warning() {
    let dir = repo_with_history("");
    write(
        dir.path(),
        &format!("{M}/20260110000000_remote_placeholder.sql"),
        "SELECT 1;\ncreate table app.sneaky (id int);\n",
    );
    commit(dir.path());
    let (_, report) = check(dir.path(), &[], &[]);
    assert!(
        has(&report, "placeholder-noop", "error"),
        "{:?}",
        rules(&report)
    );

    let dir = repo_with_history("");
    std::fs::remove_file(dir.path().join(format!("{M}/20260101000000_listings.sql"))).unwrap();
    std::fs::remove_file(dir.path().join(format!("{M}/20260102000000_products.sql"))).unwrap();
    write(
        dir.path(),
        &format!("{M}/20260103000000_orders.sql"),
        "create schema app;\ncreate table app.listings (id int);\ncreate table app.products (id int);\ncreate table app.orders (id int);\n",
    );
    commit(dir.path());
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(
        rules(&report),
        [("history-squash".to_string(), "warning".to_string())]
    );
    assert_eq!(code, 0);
}

const FREEZE: &str = r#"
[freeze]
reason = "Schema reconciliation in progress"
policy = "docs/ops/MIGRATION_FREEZE.md"
from = 2026-01-16
until = 2026-02-01
allow = ["supabase/migrations/20260117000001_add_missing_tables.sql"]
allow_noop_placeholders = true
override_label = "freeze-override"
"#;

#[test]
fn the_freeze_blocks_within_its_window_and_the_label_lifts_it() {
    let dir = repo_with_history(FREEZE);
    write(
        dir.path(),
        &format!("{M}/20260120000000_new_feature.sql"),
        "create table app.feature (id int);\n",
    );
    write(
        dir.path(),
        &format!("{M}/20260117000001_add_missing_tables.sql"),
        "create table if not exists app.audit_logs (id int);\n",
    );
    commit(dir.path());
    let during = [("SCHEMAGATE_NOW", "2026-01-20T12:00:00Z")];
    let (code, report) = check(dir.path(), &[], &during);
    assert_eq!(code, 1);
    let frozen: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "freeze")
        .collect();
    assert_eq!(frozen.len(), 1, "{report:#}");
    assert_eq!(
        frozen[0]["file"],
        format!("{M}/20260120000000_new_feature.sql")
    );
    assert!(frozen[0]["message"]
        .as_str()
        .unwrap()
        .contains("Schema reconciliation in progress"));

    let (code, report) = check(dir.path(), &["--label", "freeze-override"], &during);
    assert_eq!(code, 0, "{report:#}");
    assert!(has(&report, "freeze-overridden", "notice"));

    let (code, report) = check(
        dir.path(),
        &[],
        &[("SCHEMAGATE_NOW", "2026-02-02T00:00:00Z")],
    );
    assert_eq!(code, 0, "after the window: {report:#}");
}

#[test]
fn no_repository_or_no_base_skips_the_change_set_rules_with_a_notice() {
    let dir = common::project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    let output = dir.path().join("report.json");
    let (code, _, _) = run_cli(
        &[
            "check",
            "--project-dir",
            dir.path().to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert!(
        has(&report, "change-set-unavailable", "notice"),
        "{report:#}"
    );
}

#[test]
fn a_shallow_clone_without_the_base_asks_for_fetch_depth_0() {
    let origin = repo_with_history("");
    write(
        origin.path(),
        &format!("{M}/20260110000000_reports.sql"),
        "create table app.reports (id int);\n",
    );
    commit(origin.path());
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clone.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "pr", &url, "repo",
        ],
    );
    let repo = clone.path().join("repo");
    let (code, report) = check(&repo, &[], &[]);
    assert_eq!(code, 2, "{report:#}");
    assert!(
        report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("fetch-depth: 0"),
        "{report:#}"
    );
}

// --- Remote alignment -------------------------------------------------------

/// A crafted history row: version, name, statements.
type Row<'a> = (&'a str, Option<&'a str>, Option<&'a [&'a str]>);

/// A database standing in for production, with a crafted history table.
async fn remote_with_history(rows: &[Row<'_>]) -> (schemagate::postgres::Database, String) {
    let database = common::fresh_database(true).await;
    let mut conn = database.connect_admin().await.unwrap();
    for (version, name, statements) in rows {
        sqlx::query("insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)")
            .bind(version)
            .bind(name)
            .bind(statements.map(|s| s.iter().map(|x| x.to_string()).collect::<Vec<_>>()))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let url = common::server().await.admin_url(&database.name);
    (database, url)
}

fn project_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql) in files {
        write(dir.path(), &format!("{M}/{name}"), sql);
    }
    dir
}

async fn cli(args: Vec<String>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_cli(&args, &[])
    })
    .await
    .unwrap()
}

fn statuses(report: &Value) -> Vec<(String, String)> {
    report["history"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["version"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn list_shows_aligned_local_only_remote_only_and_edited_versions() {
    let (remote, url) = remote_with_history(&[
        (
            "20260101000000",
            Some("listings"),
            Some(&["create table public.listings (id int)"]),
        ),
        (
            "20260102000000",
            Some("products"),
            Some(&["create table public.products (id int)"]),
        ),
        (
            "20260108025539",
            Some("hotfix"),
            Some(&["alter table public.listings add column x int"]),
        ),
        ("20260109000000", None, None),
    ])
    .await;
    let dir = project_with(&[
        (
            "20260101000000_listings.sql",
            "create table public.listings (id int);\r\n",
        ),
        (
            "20260102000000_products.sql",
            "create table public.products (id bigint);",
        ),
        ("20260109000000_legacy.sql", "select 1;"),
        (
            "20260120000000_new.sql",
            "create table public.new (id int);",
        ),
    ]);
    let (code, stdout, stderr) = cli(vec![
        "list".into(),
        "--project-dir".into(),
        dir.path().display().to_string(),
        "--remote-url".into(),
        url.clone(),
        "--format".into(),
        "json".into(),
    ])
    .await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let expected = [
        ("20260101000000", "applied"),
        ("20260102000000", "edited"),
        ("20260108025539", "remote_only"),
        ("20260109000000", "content_unknown"),
        ("20260120000000", "pending"),
    ];
    assert_eq!(
        statuses(&report),
        expected.map(|(v, s)| (v.to_string(), s.to_string()))
    );
    assert_eq!(
        report["history"]["remote"][2]["statements"][0],
        "alter table public.listings add column x int"
    );

    let (_, markdown, _) = cli(vec![
        "list".into(),
        "--project-dir".into(),
        dir.path().display().to_string(),
        "--remote-url".into(),
        url.clone(),
        "--format".into(),
        "markdown".into(),
    ])
    .await;
    assert!(
        markdown.contains("| 20260101000000 | 20260101000000 | applied |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("|  | 20260108025539 | **remote-only** |  |"),
        "{markdown}"
    );

    // The same alignment in `check`, as findings.
    let output = dir.path().join("report.json");
    let (code, _, _) = cli(vec![
        "check".into(),
        "--project-dir".into(),
        dir.path().display().to_string(),
        "--remote-url".into(),
        url,
        "--output".into(),
        output.display().to_string(),
    ])
    .await;
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    for (rule, severity) in [
        ("remote-only", "error"),
        ("applied-edited", "error"),
        ("content-unknown", "notice"),
        ("pending", "notice"),
    ] {
        assert!(has(&report, rule, severity), "{rule}: {:?}", rules(&report));
    }
    remote.close().await.unwrap();
}

#[tokio::test]
async fn local_only_versions_older_than_the_remote_follow_include_all() {
    let (remote, url) = remote_with_history(&[("20260108025539", Some("hotfix"), None)]).await;
    for (config, severity, code) in [
        ("", "error", 1),
        ("[history]\ninclude_all = true\n", "warning", 0),
    ] {
        let dir = project_with(&[
            (
                "20260108025539_remote_placeholder.sql",
                "-- placeholder\nSELECT 1;",
            ),
            (
                "20260108000000_council.sql",
                "create table public.council (id int);",
            ),
        ]);
        write(dir.path(), "schemagate.toml", config);
        let output = dir.path().join("report.json");
        let (exit, _, _) = cli(vec![
            "check".into(),
            "--project-dir".into(),
            dir.path().display().to_string(),
            "--remote-url".into(),
            url.clone(),
            "--output".into(),
            output.display().to_string(),
        ])
        .await;
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
        assert_eq!(exit, code, "{report:#}");
        assert!(
            has(&report, "version-order", severity),
            "{:?}",
            rules(&report)
        );
        let row = statuses(&report)
            .into_iter()
            .find(|(v, _)| v == "20260108025539")
            .unwrap();
        assert_eq!(row.1, "placeholder");
    }
    remote.close().await.unwrap();
}

#[tokio::test]
async fn reconcile_writes_exactly_the_remote_only_placeholders_and_repair_round_trips() {
    let versions: Vec<String> = (0..29)
        .map(|i| format!("2026010802{:04}", 5539 + i))
        .collect();
    let mut rows: Vec<Row> = vec![(
        "20260101000000",
        Some("listings"),
        Some(&["create table public.listings (id int)"]),
    )];
    rows.extend(
        versions
            .iter()
            .map(|v| (v.as_str(), Some("ad_hoc"), Some(&["select 42"] as &[&str]))),
    );
    let (remote, url) = remote_with_history(&rows).await;
    let dir = project_with(&[(
        "20260101000000_listings.sql",
        "create table public.listings (id int);",
    )]);
    let project = dir.path().display().to_string();

    let (code, stdout, _) = cli(vec![
        "reconcile".into(),
        "--project-dir".into(),
        project.clone(),
        "--remote-url".into(),
        url.clone(),
    ])
    .await;
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("dry run"), "{stdout}");
    assert_eq!(
        std::fs::read_dir(dir.path().join(M)).unwrap().count(),
        1,
        "a dry run writes nothing"
    );

    let (code, _, _) = cli(vec![
        "reconcile".into(),
        "--project-dir".into(),
        project.clone(),
        "--remote-url".into(),
        url.clone(),
        "--write".into(),
    ])
    .await;
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

    let output = dir.path().join("report.json");
    let (code, _, _) = cli(vec![
        "check".into(),
        "--project-dir".into(),
        project.clone(),
        "--remote-url".into(),
        url.clone(),
        "--output".into(),
        output.display().to_string(),
    ])
    .await;
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert!(
        !has(&report, "remote-only", "error"),
        "{:?}",
        rules(&report)
    );
    assert_eq!(code, 0, "{report:#}");

    // --repair: refused without --yes, then applied and reverted restores the table.
    let mut conn = remote.connect_admin().await.unwrap();
    let table = "select coalesce(string_agg(version || ':' || coalesce(name, '') || ':' || coalesce(array_to_string(statements, '|'), ''), ',' order by version), '') from supabase_migrations.schema_migrations";
    let before: String = sqlx::query_scalar(table)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    write(
        dir.path(),
        &format!("{M}/20260201000000_new.sql"),
        "create table public.n (id int);",
    );
    let repair = |status: &str, yes: bool| {
        let mut args = vec![
            "reconcile".to_string(),
            "--project-dir".into(),
            project.clone(),
            "--remote-url".into(),
            url.clone(),
            "--repair".into(),
            "--status".into(),
            status.into(),
            "20260201000000".into(),
        ];
        if yes {
            args.push("--yes".into());
        }
        args
    };
    assert_eq!(cli(repair("applied", false)).await.0, 2);
    let unchanged: String = sqlx::query_scalar(table)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(unchanged, before);
    let (code, stdout, _) = cli(repair("applied", true)).await;
    assert_eq!(code, 0, "{stdout}");
    let applied: String = sqlx::query_scalar(table)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert!(
        applied.ends_with(",20260201000000:new:create table public.n (id int)"),
        "{applied}"
    );
    assert_eq!(cli(repair("reverted", true)).await.0, 0);
    let after: String = sqlx::query_scalar(table)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(after, before);
    drop(conn);
    remote.close().await.unwrap();
}

#[tokio::test]
async fn reconcile_refuses_a_database_without_history() {
    let database = common::fresh_database(false).await;
    let url = common::server().await.admin_url(&database.name);
    let dir = project_with(&[("20260101000000_a.sql", "select 1;")]);
    let (code, stdout, _) = cli(vec![
        "reconcile".into(),
        "--project-dir".into(),
        dir.path().display().to_string(),
        "--remote-url".into(),
        url,
    ])
    .await;
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
    let project = dir.path().display().to_string();
    for remote_url in [&reader_url, &url] {
        let (code, stdout, stderr) = cli(vec![
            "list".into(),
            "--project-dir".into(),
            project.clone(),
            "--remote-url".into(),
            remote_url.clone(),
        ])
        .await;
        assert_eq!(code, 0, "{stdout}{stderr}");
        let (code, stdout, stderr) = cli(vec![
            "check".into(),
            "--project-dir".into(),
            project.clone(),
            "--remote-url".into(),
            remote_url.clone(),
        ])
        .await;
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
        let (code, stdout, stderr) = cli(vec![
            command.into(),
            "--project-dir".into(),
            dir.path().display().to_string(),
            "--remote-url".into(),
            "postgresql://postgres.ref:hunter2@127.0.0.1:1/postgres".into(),
        ])
        .await;
        assert_eq!(code, 3, "{command}: {stdout}{stderr}");
        assert!(
            !stdout.contains("hunter2") && !stderr.contains("hunter2"),
            "{command}: {stdout}{stderr}"
        );
    }
}

#[tokio::test]
async fn a_remote_history_export_replaces_the_connection() {
    let (remote, url) =
        remote_with_history(&[("20260108025539", Some("hotfix"), Some(&["select 2"]))]).await;
    let dir = project_with(&[("20260101000000_a.sql", "select 1;")]);
    let export = dir.path().join("remote-history.json");
    let (code, stdout, _) = cli(vec![
        "list".into(),
        "--project-dir".into(),
        dir.path().display().to_string(),
        "--remote-url".into(),
        url,
        "--format".into(),
        "json".into(),
    ])
    .await;
    assert_eq!(code, 0);
    std::fs::write(&export, stdout).unwrap();
    remote.close().await.unwrap();
    let output = dir.path().join("report.json");
    let (code, _, _) = cli(vec![
        "check".into(),
        "--project-dir".into(),
        dir.path().display().to_string(),
        "--remote-history".into(),
        export.display().to_string(),
        "--output".into(),
        output.display().to_string(),
    ])
    .await;
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(code, 1);
    assert!(has(&report, "remote-only", "error"), "{:?}", rules(&report));
}
