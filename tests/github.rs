//! The GitHub integration against a local stand-in for GitHub's API
//! (wiremock) serving bodies shaped like GitHub's; the tests assert the
//! requests made.

use schemagate::changes::{ChangeKind, ChangeSource, PullRequestChanges};
use schemagate::github::comment::{self, Posted, MAX_BODY};
use schemagate::github::GitHub;
use schemagate::report::markdown::MARKER;
use schemagate::report::{ApplyStatus, MigrationError, MigrationResult, Report, Severity};
use serde_json::{json, Value};
use wiremock::matchers::{body_string_contains, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REPO: &str = "acme/app";

fn client(server: &MockServer) -> GitHub {
    std::env::set_var("SCHEMAGATE_GITHUB_RETRY_MS", "5");
    GitHub::new(&server.uri(), "ghs_testtoken0000000000000000000000", REPO).unwrap()
}

/// A comment as GitHub's REST API returns it.
fn comment_json(id: u64, body: &str) -> Value {
    json!({
        "id": id,
        "node_id": format!("IC_kwDO{id}"),
        "url": format!("https://api.github.com/repos/{REPO}/issues/comments/{id}"),
        "html_url": format!("https://github.com/{REPO}/pull/7#issuecomment-{id}"),
        "issue_url": format!("https://api.github.com/repos/{REPO}/issues/7"),
        "body": body,
        "user": { "login": "github-actions[bot]", "id": 41898282, "type": "Bot", "site_admin": false },
        "created_at": "2026-01-20T10:00:00Z",
        "updated_at": "2026-01-20T10:00:00Z",
        "author_association": "NONE",
        "performed_via_github_app": null
    })
}

fn comments_path() -> String {
    format!("/repos/{REPO}/issues/7/comments")
}

#[tokio::test]
async fn the_first_run_creates_the_comment_and_the_second_updates_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([comment_json(1, "LGTM")])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(comments_path()))
        .and(body_string_contains(MARKER))
        .respond_with(ResponseTemplate::new(201).set_body_json(comment_json(101, MARKER)))
        .expect(1)
        .mount(&server)
        .await;
    let github = client(&server);
    let posted = comment::upsert(&github, 7, &format!("{MARKER}\nfirst"))
        .await
        .unwrap();
    assert_eq!(posted, Posted::Created(101));
    server.verify().await;

    // Second run: the comment is there now; it is updated, never duplicated.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            comment_json(1, "LGTM"),
            comment_json(101, &format!("{MARKER}\nfirst"))
        ])))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("/repos/{REPO}/issues/comments/101")))
        .and(body_string_contains("second"))
        .respond_with(ResponseTemplate::new(200).set_body_json(comment_json(101, "second")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let posted = comment::upsert(&github, 7, &format!("{MARKER}\nsecond"))
        .await
        .unwrap();
    assert_eq!(posted, Posted::Updated(101));
}

#[tokio::test]
async fn the_marker_is_found_on_page_three() {
    let server = MockServer::start().await;
    let page = |n: u32| format!("{}{}?per_page=100&page={n}", server.uri(), comments_path());
    let link = |next: u32, last: u32| {
        format!(
            "<{}>; rel=\"next\", <{}>; rel=\"last\"",
            page(next),
            page(last)
        )
    };
    let others = |from: u64| {
        json!((from..from + 100)
            .map(|id| comment_json(id, "a review comment"))
            .collect::<Vec<_>>())
    };
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(others(1))
                .insert_header("link", link(2, 3).as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(others(101))
                .insert_header("link", link(3, 3).as_str()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .and(query_param("page", "3"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([comment_json(303, &format!("{MARKER}\nold"))])),
        )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(format!("/repos/{REPO}/issues/comments/303")))
        .respond_with(ResponseTemplate::new(200).set_body_json(comment_json(303, "new")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let posted = comment::upsert(&client(&server), 7, &format!("{MARKER}\nnew"))
        .await
        .unwrap();
    assert_eq!(posted, Posted::Updated(303));
}

#[tokio::test]
async fn a_bad_gateway_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>502 Bad Gateway</html>"))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(comments_path()))
        .respond_with(ResponseTemplate::new(201).set_body_json(comment_json(5, MARKER)))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        comment::upsert(&client(&server), 7, MARKER).await.unwrap(),
        Posted::Created(5)
    );
}

#[tokio::test]
async fn a_read_only_token_is_a_forbidden_error_not_a_retry_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path(comments_path()))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "message": "Resource not accessible by integration",
            "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
            "status": "403"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = comment::upsert(&client(&server), 7, MARKER)
        .await
        .unwrap_err();
    assert!(error.is_forbidden(), "{error}");
    assert!(!error.to_string().contains("ghs_"), "{error}");
}

#[tokio::test]
async fn a_huge_report_still_fits_with_its_headline_and_failure() {
    let mut report = Report::new("check", ".");
    report.migrations.push(MigrationResult {
        version: "20260101000000".into(),
        name: "big".into(),
        file: "supabase/migrations/20260101000000_big.sql".into(),
        status: ApplyStatus::Failed,
        duration_ms: 1,
        statements: 1,
        error: Some(MigrationError {
            message: "column \"council\" does not exist".into(),
            sqlstate: Some("42703".into()),
            line: Some(3),
            column: Some(9),
            detail: None,
            hint: None,
            statement: Some(format!(
                "select council from listings -- {}",
                "x".repeat(200_000)
            )),
        }),
    });
    report.finish(Severity::Error);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(comments_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(comments_path()))
        .respond_with(ResponseTemplate::new(201).set_body_json(comment_json(9, MARKER)))
        .mount(&server)
        .await;
    comment::upsert(&client(&server), 7, &comment::body(&report))
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    let post = requests
        .iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap();
    let sent: Value = serde_json::from_slice(&post.body).unwrap();
    let body = sent["body"].as_str().unwrap();
    assert!(body.len() <= MAX_BODY, "{}", body.len());
    assert!(body.contains("schemagate check: failed"));
    assert!(body.contains("column \"council\" does not exist"));
}

#[tokio::test]
async fn pull_request_files_are_paginated_and_renames_mapped() {
    let server = MockServer::start().await;
    let files_path = format!("/repos/{REPO}/pulls/7/files");
    let file = |filename: &str, status: &str, previous: Option<&str>| {
        let mut f = json!({
            "sha": "bbcd538c8e72b8c175046e27cc8f907076331401",
            "filename": filename,
            "status": status,
            "additions": 1, "deletions": 0, "changes": 1,
            "blob_url": format!("https://github.com/{REPO}/blob/abc/{filename}"),
            "raw_url": format!("https://github.com/{REPO}/raw/abc/{filename}"),
            "contents_url": format!("https://api.github.com/repos/{REPO}/contents/{filename}?ref=abc"),
            "patch": "@@ -0,0 +1 @@\n+select 1;"
        });
        if let Some(previous) = previous {
            f["previous_filename"] = json!(previous);
        }
        f
    };
    let next = format!(
        "<{}{files_path}?per_page=100&page=2>; rel=\"next\"",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path(files_path.clone()))
        .and(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(json!([
                    file("README.md", "modified", None),
                    file("supabase/migrations/20260120000000_new.sql", "added", None),
                ])),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(files_path))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            file(
                "supabase/migrations/20260102000000_items.sql",
                "renamed",
                Some("supabase/migrations/20260102000000_products.sql")
            ),
            file(
                "supabase/migrations/20260103000000_orders.sql",
                "removed",
                None
            ),
        ])))
        .mount(&server)
        .await;
    let content = |text: &str| {
        use base64::Engine;
        json!({ "type": "file", "encoding": "base64", "content": base64::engine::general_purpose::STANDARD.encode(text) })
    };
    Mock::given(method("GET"))
        .and(path(format!(
            "/repos/{REPO}/contents/supabase/migrations/20260102000000_products.sql"
        )))
        .and(query_param("ref", "base123"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(content("create table products ();")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/repos/{REPO}/contents/supabase/migrations/20260103000000_orders.sql"
        )))
        .and(query_param("ref", "base123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(content("create table orders ();")))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path(format!("/repos/{REPO}/contents/supabase/migrations"))).and(query_param("ref", "base123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"type": "file", "name": "20260102000000_products.sql", "path": "supabase/migrations/20260102000000_products.sql"},
            {"type": "file", "name": "20260103000000_orders.sql", "path": "supabase/migrations/20260103000000_orders.sql"}
        ])))
        .mount(&server)
        .await;
    let workspace = tempfile::tempdir().unwrap();
    let migrations = workspace.path().join("supabase/migrations");
    std::fs::create_dir_all(&migrations).unwrap();
    std::fs::write(
        migrations.join("20260120000000_new.sql"),
        "create table new ();",
    )
    .unwrap();
    std::fs::write(
        migrations.join("20260102000000_items.sql"),
        "create table products ();",
    )
    .unwrap();

    let source = PullRequestChanges::new(
        client(&server),
        7,
        "base123".into(),
        "main".into(),
        workspace.path().to_path_buf(),
    );
    let changes = source.change_set("supabase/migrations").await.unwrap();
    let summary: Vec<(ChangeKind, &str, Option<&str>)> = changes
        .files
        .iter()
        .map(|c| (c.kind, c.path.as_str(), c.old_path.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                ChangeKind::Renamed,
                "supabase/migrations/20260102000000_items.sql",
                Some("supabase/migrations/20260102000000_products.sql")
            ),
            (
                ChangeKind::Deleted,
                "supabase/migrations/20260103000000_orders.sql",
                None
            ),
            (
                ChangeKind::Added,
                "supabase/migrations/20260120000000_new.sql",
                None
            ),
        ]
    );
    assert_eq!(
        changes.files[0].old_content.as_deref(),
        Some(&b"create table products ();"[..])
    );
    assert_eq!(
        changes.files[1].old_content.as_deref(),
        Some(&b"create table orders ();"[..])
    );
    assert_eq!(changes.base_files.len(), 2);
}

mod tracking_issue {
    use super::*;
    use schemagate::github::tracking::{self, Tracked, LABEL, MARKER as DRIFT};

    fn issue_json(number: u64, state: &str, body: &str) -> Value {
        json!({
            "id": 1000 + number,
            "node_id": format!("I_kwDO{number}"),
            "number": number,
            "title": "Schema drift between migrations and the live database",
            "state": state,
            "body": body,
            "labels": [{ "id": 1, "name": LABEL, "color": "d93f0b" }],
            "user": { "login": "github-actions[bot]", "id": 41898282, "type": "Bot" },
            "url": format!("https://api.github.com/repos/{REPO}/issues/{number}"),
            "html_url": format!("https://github.com/{REPO}/issues/{number}"),
            "comments": 0,
            "created_at": "2026-01-20T03:17:00Z",
            "updated_at": "2026-01-20T03:17:00Z",
            "closed_at": null
        })
    }

    async fn with_issues(issues: Value) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(format!("/repos/{REPO}/issues")))
            .and(query_param("labels", LABEL))
            .and(query_param("state", "all"))
            .respond_with(ResponseTemplate::new(200).set_body_json(issues))
            .mount(&server)
            .await;
        server
    }

    #[tokio::test]
    async fn drift_opens_one_issue_then_updates_it_then_closes_it() {
        // Night 1: drift appears, no issue yet.
        let server = with_issues(json!([])).await;
        Mock::given(method("POST"))
            .and(path(format!("/repos/{REPO}/issues")))
            .and(body_string_contains(DRIFT))
            .and(body_string_contains(LABEL))
            .respond_with(ResponseTemplate::new(201).set_body_json(issue_json(12, "open", DRIFT)))
            .expect(1)
            .mount(&server)
            .await;
        assert_eq!(
            tracking::sync(&client(&server), true, "3 differences", None)
                .await
                .unwrap(),
            Tracked::Opened(12)
        );
        server.verify().await;

        // Night 2: still drift: the same issue is updated, not duplicated.
        let server = with_issues(json!([issue_json(
            12,
            "open",
            &format!("{DRIFT}\n3 differences")
        )]))
        .await;
        Mock::given(method("PATCH"))
            .and(path(format!("/repos/{REPO}/issues/12")))
            .and(body_string_contains("4 differences"))
            .respond_with(ResponseTemplate::new(200).set_body_json(issue_json(12, "open", DRIFT)))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201))
            .expect(0)
            .mount(&server)
            .await;
        assert_eq!(
            tracking::sync(&client(&server), true, "4 differences", None)
                .await
                .unwrap(),
            Tracked::Updated(12)
        );
        server.verify().await;

        // Night 3: drift is gone: a comment, then the issue is closed.
        let server = with_issues(json!([issue_json(
            12,
            "open",
            &format!("{DRIFT}\n4 differences")
        )]))
        .await;
        Mock::given(method("POST"))
            .and(path(format!("/repos/{REPO}/issues/12/comments")))
            .and(body_string_contains("No drift"))
            .respond_with(ResponseTemplate::new(201).set_body_json(comment_json(7, "No drift")))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("PATCH"))
            .and(path(format!("/repos/{REPO}/issues/12")))
            .and(body_string_contains("\"closed\""))
            .respond_with(ResponseTemplate::new(200).set_body_json(issue_json(12, "closed", DRIFT)))
            .expect(1)
            .mount(&server)
            .await;
        assert_eq!(
            tracking::sync(&client(&server), false, "", None)
                .await
                .unwrap(),
            Tracked::Closed(12)
        );
        server.verify().await;

        // Night 4: no drift, no open issue: nothing is written.
        let server = with_issues(json!([issue_json(12, "closed", DRIFT)])).await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201))
            .expect(0)
            .mount(&server)
            .await;
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(200))
            .expect(0)
            .mount(&server)
            .await;
        assert_eq!(
            tracking::sync(&client(&server), false, "", None)
                .await
                .unwrap(),
            Tracked::Unchanged
        );
    }

    #[tokio::test]
    async fn returning_drift_reopens_the_issue_and_ignores_pull_requests_and_strangers() {
        let pull_request = {
            let mut pr = issue_json(3, "open", DRIFT);
            pr["pull_request"] = json!({ "url": "https://api.github.com/repos/acme/app/pulls/3" });
            pr
        };
        let server = with_issues(json!([
            pull_request,
            issue_json(5, "open", "someone else's issue"),
            issue_json(12, "closed", DRIFT)
        ]))
        .await;
        Mock::given(method("PATCH"))
            .and(path(format!("/repos/{REPO}/issues/12")))
            .and(body_string_contains("\"open\""))
            .respond_with(ResponseTemplate::new(200).set_body_json(issue_json(12, "open", DRIFT)))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201))
            .expect(0)
            .mount(&server)
            .await;
        assert_eq!(
            tracking::sync(&client(&server), true, "back", None)
                .await
                .unwrap(),
            Tracked::Reopened(12)
        );
    }
}
