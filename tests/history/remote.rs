//! Remote alignment: `list`, `reconcile` and `check` against a live history table.

use super::*;

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

/// `schemagate <command> --project-dir <project> <flags>`.
async fn run(command: &str, project: &Path, flags: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        command.to_string(),
        "--project-dir".into(),
        project.display().to_string(),
    ];
    args.extend(flags.iter().map(|f| f.to_string()));
    cli(args).await
}

/// `schemagate check` on `project` with `flags`: its exit code and JSON report.
async fn check_report(project: &Path, flags: &[&str]) -> (i32, Value) {
    let output = project.join("report.json");
    let output_text = output.display().to_string();
    let mut flags = flags.to_vec();
    flags.extend(["--output", &output_text]);
    let (code, _, _) = run("check", project, &flags).await;
    let report = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    (code, report)
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
    ])
    .await;
    let dir = project_with(&[
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
    ]);
    let (code, stdout, stderr) = run(
        "list",
        dir.path(),
        &["--remote-url", &url, "--format", "json"],
    )
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

    let (_, markdown, _) = run(
        "list",
        dir.path(),
        &["--remote-url", &url, "--format", "markdown"],
    )
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
    let (code, report) = check_report(dir.path(), &["--remote-url", &url]).await;
    assert_eq!(code, 1);
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
                "create table public.council (id int primary key);",
            ),
        ]);
        write(dir.path(), "schemagate.toml", config);
        let (exit, report) = check_report(dir.path(), &["--remote-url", &url]).await;
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
    let project = dir.path().display().to_string();

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
    let table = "select coalesce(string_agg(version || ':' || coalesce(name, '') || ':' || coalesce(array_to_string(statements, '|'), ''), ',' order by version), '') from supabase_migrations.schema_migrations";
    let before: String = sqlx::query_scalar(table)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    write(
        dir.path(),
        &format!("{M}/20260201000000_new.sql"),
        "create table public.n (id int primary key);",
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
        applied.ends_with(",20260201000000:new:create table public.n (id int primary key)"),
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

#[tokio::test]
async fn a_remote_history_export_replaces_the_connection() {
    let (remote, url) =
        remote_with_history(&[("20260108025539", Some("hotfix"), Some(&["select 2"]))]).await;
    let dir = project_with(&[("20260101000000_a.sql", "select 1;")]);
    let export = dir.path().join("remote-history.json");
    let (code, stdout, _) = run(
        "list",
        dir.path(),
        &["--remote-url", &url, "--format", "json"],
    )
    .await;
    assert_eq!(code, 0);
    std::fs::write(&export, stdout).unwrap();
    remote.close().await.unwrap();
    let (code, report) = check_report(
        dir.path(),
        &["--remote-history", &export.display().to_string()],
    )
    .await;
    assert_eq!(code, 1);
    assert!(has(&report, "remote-only", "error"), "{:?}", rules(&report));
}
