//! Whole runs: versions, history, scope flags, the CLI and its errors.

use super::*;
#[tokio::test]
async fn another_minor_version_shows_no_drift() {
    let Some(bindir) = std::env::var_os("SCHEMAGATE_TEST_OTHER_PG_BINDIR") else {
        eprintln!(
            "skipped another_minor_version_shows_no_drift: set SCHEMAGATE_TEST_OTHER_PG_BINDIR to the bin directory of a second PostgreSQL minor version (e.g. 15.20 unpacked from `apt-get download postgresql-15`)"
        );
        return;
    };
    let binaries = Binaries::at(Path::new(&bindir))
        .expect("initdb and postgres in SCHEMAGATE_TEST_OTHER_PG_BINDIR");
    let other = Embedded::new(binaries).start().await.unwrap();
    let ours = common::server().await;
    assert_eq!(other.major, ours.major);
    assert_ne!(
        other.version, ours.version,
        "the point is another minor version"
    );
    eprintln!("remote: {}; expected side: {}", other.version, ours.version);
    for (i, project) in [EXAMPLE, FIXTURE].into_iter().enumerate() {
        let database = other
            .create_database(&format!("minor_{i}"), None)
            .await
            .unwrap();
        push_project(&database, &dir(project)).await;
        let report = drift_at(&dir(project), &other.admin_url(&database.name), options()).await;
        assert_eq!(
            found(&report),
            [],
            "{project} on {}: {}",
            other.version,
            pretty(&report)
        );
        assert_eq!(report.status, Status::Pass);
    }
}

#[tokio::test]
async fn remote_only_history_fails_the_run_without_schema_differences() {
    let remote = changed_by_hand(
        EXAMPLE,
        "insert into supabase_migrations.schema_migrations (version, name, statements) values ('20260120000000', 'hotfix', '{}')",
    )
    .await;
    let report = drift(&dir(EXAMPLE), &remote, options()).await;
    assert_eq!(found(&report), []);
    assert_eq!(report.exit_code(), 1);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule.as_str() == "remote-only"),
        "{:#?}",
        report.findings
    );
    remote.close().await.unwrap();
}

#[tokio::test]
async fn pending_migrations_are_not_drift_unless_included() {
    let remote = pushed(EXAMPLE).await;
    let project = tempfile::tempdir().unwrap();
    common::copy_dir(&dir(EXAMPLE), project.path());
    std::fs::write(
        project
            .path()
            .join("supabase/migrations/20260120000000_wishlist.sql"),
        "create table public.wishlist (id int primary key);\n",
    )
    .unwrap();
    let report = no_drift(project.path(), &remote, "pending not included").await;
    assert!(report.findings.iter().any(|f| f.rule.as_str() == "pending"));
    assert_eq!(report.exit_code(), 0, "{:#?}", report.findings);
    let included = drift(
        project.path(),
        &remote,
        DriftOptions {
            include_pending: true,
            ..options()
        },
    )
    .await;
    assert_eq!(
        found(&included),
        expect(&[(Missing, "table", "public.wishlist")])
    );
    remote.close().await.unwrap();
}

#[tokio::test]
async fn schemas_and_ignore_narrow_what_is_compared() {
    let remote = changed_by_hand(
        FIXTURE,
        "create table public.tmp_1 (id int); create table app.extra (id int);",
    )
    .await;
    let project = tempfile::tempdir().unwrap();
    common::copy_dir(&dir(FIXTURE), project.path());
    std::fs::write(
        project.path().join("schemagate.toml"),
        "[drift]\nignore = [\"table:public.tmp_*\"]\n",
    )
    .unwrap();
    let report = drift(project.path(), &remote, options()).await;
    assert_eq!(found(&report), expect(&[(Extra, "table", "app.extra")]));
    let report = drift(
        project.path(),
        &remote,
        DriftOptions {
            schemas: vec!["public".into()],
            ..options()
        },
    )
    .await;
    assert_eq!(found(&report), [], "{}", pretty(&report));
    assert_eq!(report.drift.unwrap().schemas, ["public"]);
    remote.close().await.unwrap();
}

/// `schemagate drift` on the example with `flags` and `envs`, from a
/// blocking thread (it starts its own server).
async fn drift_cli(flags: &[&str], envs: &[(&str, &str)]) -> (i32, String, String) {
    common::cli::run_on_async("drift", &dir(EXAMPLE), flags, envs).await
}

#[tokio::test]
async fn the_cli_reads_the_remote_as_a_select_only_role_and_writes_the_files() {
    let remote = changed_by_hand(
        EXAMPLE,
        r#"drop policy "Featured queue is public" on public.featured_queue;
           do $$ begin
             if not exists (select from pg_roles where rolname = 'drift_reader') then
               create role drift_reader login bypassrls;
             end if;
           end $$;
           grant pg_read_all_data to drift_reader;
           alter role drift_reader set default_transaction_read_only = on;"#,
    )
    .await;
    let admin_url = common::server().await.admin_url(&remote.name);
    let reader_url = admin_url.replacen("supabase_admin@", "drift_reader@", 1);
    let before = snapshot(&remote).await;
    let out = tempfile::tempdir().unwrap();
    let flags = [
        "--remote-url",
        &reader_url,
        "--format",
        "json",
        "--emit-sql",
        out.path().to_str().unwrap(),
    ];
    let (code, stdout, stderr) =
        drift_cli(&flags, &[("SCHEMAGATE_NOW", "2026-02-01T10:00:00Z")]).await;
    assert_eq!(code, 1, "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["command"], "drift");
    assert_eq!(
        report["differences"],
        serde_json::json!([{
            "kind": "missing_on_remote",
            "object_type": "policy",
            "identity": "public.featured_queue.\"Featured queue is public\"",
            "expected": {"command": "SELECT", "permissive": true, "roles": ["public"], "using": "true"},
            "actual": null,
            "includes": []
        }])
    );
    assert_eq!(
        report["drift"]["skipped"],
        serde_json::json!([]),
        "the reader sees buckets and jobs"
    );
    assert!(out
        .path()
        .join("20260201100001_drift_catch_up.sql")
        .is_file());
    assert!(
        !out.path()
            .join("20260201100000_drift_capture_remote.sql")
            .exists(),
        "nothing extra to capture"
    );
    assert_eq!(
        snapshot(&remote).await,
        before,
        "the remote was not changed"
    );

    let markdown_flags = ["--remote-url", &admin_url, "--format", "markdown"];
    let (code, markdown, _) = drift_cli(&markdown_flags, &[]).await;
    assert_eq!(code, 1);
    assert!(markdown.contains("#### Schema drift against"), "{markdown}");
    assert!(
        markdown
            .contains("| Missing on remote: a migration's object never reached production | 1 |"),
        "{markdown}"
    );
    assert!(markdown.contains("##### 1. missing on remote: policy `public.featured_queue.\"Featured queue is public\"`"), "{markdown}");
    assert!(
        markdown.contains("**Actual (live database)**: none"),
        "{markdown}"
    );
    remote.close().await.unwrap();
}

async fn snapshot(database: &Database) -> schemagate::drift::Snapshot {
    let mut conn = database.connect_admin().await.unwrap();
    schemagate::drift::take(&mut conn, "remote", &Default::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unreachable_remote_is_exit_3_with_the_password_redacted() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let flags = [
        "--remote-url",
        "postgresql://postgres.abc:s3cret-pw@127.0.0.1:1/postgres",
        "--output",
        report.to_str().unwrap(),
    ];
    let (code, stdout, stderr) = drift_cli(&flags, &[]).await;
    assert_eq!(code, 3, "{stdout}{stderr}");
    let written = std::fs::read_to_string(&report).unwrap();
    for text in [&stdout, &stderr, &written] {
        assert!(!text.contains("s3cret-pw"), "{text}");
    }
    assert!(stdout.contains("127.0.0.1:1"), "{stdout}");
}
