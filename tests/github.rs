//! The GitHub integration against a local stand-in for GitHub's API
//! (wiremock) serving bodies shaped like GitHub's; the tests assert the
//! requests made.

mod common;

use common::github::{
    answer, client, comment_json, comment_path, comments_path, content_json, created, expect,
    forbid, forbidden, issue_json, listing_json, on, pull_file, reply, repo_path,
};
use schemagate::changes::{ChangeKind, ChangeSource, PullRequestChanges};
use schemagate::github::comment::{self, Posted, MAX_BODY};
use schemagate::report::markdown::MARKER;
use schemagate::report::{ApplyStatus, MigrationError, MigrationResult, Report, Severity};
use serde_json::{json, Value};
use wiremock::matchers::{body_string_contains, query_param};
use wiremock::{MockServer, ResponseTemplate};

#[tokio::test]
async fn the_first_run_creates_the_comment_and_the_second_updates_it() {
    let server = MockServer::start().await;
    let lgtm = comment_json(1, "LGTM");
    expect(
        &server,
        "GET",
        &comments_path(),
        reply(200, json!([lgtm])),
        1,
    )
    .await;
    on("POST", comments_path())
        .and(body_string_contains(MARKER))
        .respond_with(created(101))
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
    let ours = comment_json(101, &format!("{MARKER}\nfirst"));
    answer(
        &server,
        "GET",
        &comments_path(),
        reply(200, json!([lgtm, ours])),
    )
    .await;
    on("PATCH", comment_path(101))
        .and(body_string_contains("second"))
        .respond_with(reply(200, comment_json(101, "second")))
        .expect(1)
        .mount(&server)
        .await;
    forbid(&server, "POST").await;
    let posted = comment::upsert(&github, 7, &format!("{MARKER}\nsecond"))
        .await
        .unwrap();
    assert_eq!(posted, Posted::Updated(101));
}

#[tokio::test]
async fn the_marker_is_found_on_page_three() {
    let server = MockServer::start().await;
    let others = |from: u64| {
        json!((from..from + 100)
            .map(|id| comment_json(id, "a review comment"))
            .collect::<Vec<_>>())
    };
    let ours = json!([comment_json(303, &format!("{MARKER}\nold"))]);
    common::github::paginated(
        &server,
        &comments_path(),
        vec![others(1), others(101), ours],
    )
    .await;
    let updated = reply(200, comment_json(303, "new"));
    expect(&server, "PATCH", &comment_path(303), updated, 1).await;
    forbid(&server, "POST").await;
    let posted = comment::upsert(&client(&server), 7, &format!("{MARKER}\nnew"))
        .await
        .unwrap();
    assert_eq!(posted, Posted::Updated(303));
}

#[tokio::test]
async fn a_bad_gateway_is_retried() {
    let server = MockServer::start().await;
    on("GET", comments_path())
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>502 Bad Gateway</html>"))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    expect(&server, "GET", &comments_path(), reply(200, json!([])), 1).await;
    expect(&server, "POST", &comments_path(), created(5), 1).await;
    assert_eq!(
        comment::upsert(&client(&server), 7, MARKER).await.unwrap(),
        Posted::Created(5)
    );
}

#[tokio::test]
async fn a_read_only_token_is_a_forbidden_error_not_a_retry_loop() {
    let server = MockServer::start().await;
    answer(&server, "GET", &comments_path(), reply(200, json!([]))).await;
    expect(&server, "POST", &comments_path(), forbidden(), 1).await;
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
    answer(&server, "GET", &comments_path(), reply(200, json!([]))).await;
    answer(&server, "POST", &comments_path(), created(9)).await;
    comment::upsert(&client(&server), 7, &comment::body(&report))
        .await
        .unwrap();
    let body = common::github::first_body(&server, "POST").await;
    assert!(body.len() <= MAX_BODY, "{}", body.len());
    assert!(body.contains("schemagate check: failed"));
    assert!(body.contains("column \"council\" does not exist"));
}

#[tokio::test]
async fn pull_request_files_are_paginated_and_renames_mapped() {
    const PRODUCTS: &str = "supabase/migrations/20260102000000_products.sql";
    const ORDERS: &str = "supabase/migrations/20260103000000_orders.sql";
    let server = MockServer::start().await;
    let pages = vec![
        json!([
            pull_file("README.md", "modified", None),
            pull_file("supabase/migrations/20260120000000_new.sql", "added", None),
        ]),
        json!([
            pull_file(
                "supabase/migrations/20260102000000_items.sql",
                "renamed",
                Some(PRODUCTS)
            ),
            pull_file(ORDERS, "removed", None),
        ]),
    ];
    common::github::paginated(&server, &repo_path("pulls/7/files"), pages).await;
    // The base branch, at the base commit: both old files, and the directory.
    for (file, sql) in [
        (PRODUCTS, "create table products ();"),
        (ORDERS, "create table orders ();"),
    ] {
        on("GET", repo_path(&format!("contents/{file}")))
            .and(query_param("ref", "base123"))
            .respond_with(reply(200, content_json(file, sql)))
            .mount(&server)
            .await;
    }
    on("GET", repo_path("contents/supabase/migrations"))
        .and(query_param("ref", "base123"))
        .respond_with(reply(200, listing_json(&[PRODUCTS, ORDERS])))
        .mount(&server)
        .await;
    let workspace = common::project(&[
        (
            "supabase/migrations/20260120000000_new.sql",
            b"create table new ();",
        ),
        (
            "supabase/migrations/20260102000000_items.sql",
            b"create table products ();",
        ),
    ]);

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
                Some(PRODUCTS)
            ),
            (ChangeKind::Deleted, ORDERS, None),
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

    /// A stand-in whose labelled issues are `issues`.
    async fn with_issues(issues: Value) -> MockServer {
        let server = MockServer::start().await;
        on("GET", repo_path("issues"))
            .and(query_param("labels", LABEL))
            .and(query_param("state", "all"))
            .respond_with(reply(200, issues))
            .mount(&server)
            .await;
        server
    }

    /// A write the tracking must make once: verb, path under the
    /// repository, texts its body holds, and GitHub's answer.
    struct Write {
        verb: &'static str,
        rest: &'static str,
        holds: &'static [&'static str],
        reply: Value,
    }

    /// One night's run: the labelled issues GitHub lists, whether there is
    /// drift and what it says, the writes expected (no other POST or
    /// PATCH is made) and what the tracking reports.
    struct Night {
        issues: Value,
        drift: bool,
        body: &'static str,
        writes: Vec<Write>,
        tracked: Tracked,
    }

    async fn run_night(night: Night) {
        let server = with_issues(night.issues).await;
        for write in &night.writes {
            let status = if write.verb == "POST" { 201 } else { 200 };
            let request = write
                .holds
                .iter()
                .fold(on(write.verb, repo_path(write.rest)), |request, text| {
                    request.and(body_string_contains(*text))
                });
            request
                .respond_with(reply(status, write.reply.clone()))
                .expect(1)
                .mount(&server)
                .await;
        }
        for verb in ["POST", "PATCH"] {
            if !night.writes.iter().any(|w| w.verb == verb) {
                forbid(&server, verb).await;
            }
        }
        let tracked = tracking::sync(&client(&server), night.drift, night.body, None)
            .await
            .unwrap();
        assert_eq!(tracked, night.tracked);
        server.verify().await;
    }

    #[tokio::test]
    async fn drift_opens_one_issue_then_updates_it_then_closes_it() {
        let nights = [
            // Drift appears, no issue yet.
            Night {
                issues: json!([]),
                drift: true,
                body: "3 differences",
                writes: vec![Write {
                    verb: "POST",
                    rest: "issues",
                    holds: &[DRIFT, LABEL],
                    reply: issue_json(12, "open", DRIFT),
                }],
                tracked: Tracked::Opened(12),
            },
            // Still drift: the same issue is updated, not duplicated.
            Night {
                issues: json!([issue_json(12, "open", &format!("{DRIFT}\n3 differences"))]),
                drift: true,
                body: "4 differences",
                writes: vec![Write {
                    verb: "PATCH",
                    rest: "issues/12",
                    holds: &["4 differences"],
                    reply: issue_json(12, "open", DRIFT),
                }],
                tracked: Tracked::Updated(12),
            },
            // Drift is gone: a comment, then the issue is closed.
            Night {
                issues: json!([issue_json(12, "open", &format!("{DRIFT}\n4 differences"))]),
                drift: false,
                body: "",
                writes: vec![
                    Write {
                        verb: "POST",
                        rest: "issues/12/comments",
                        holds: &["No drift"],
                        reply: comment_json(7, "No drift"),
                    },
                    Write {
                        verb: "PATCH",
                        rest: "issues/12",
                        holds: &["\"closed\""],
                        reply: issue_json(12, "closed", DRIFT),
                    },
                ],
                tracked: Tracked::Closed(12),
            },
            // No drift, no open issue: nothing is written.
            Night {
                issues: json!([issue_json(12, "closed", DRIFT)]),
                drift: false,
                body: "",
                writes: Vec::new(),
                tracked: Tracked::Unchanged,
            },
        ];
        for night in nights {
            run_night(night).await;
        }
    }

    #[tokio::test]
    async fn returning_drift_reopens_the_issue_and_ignores_pull_requests_and_strangers() {
        let mut pull_request = issue_json(3, "open", DRIFT);
        pull_request["pull_request"] =
            json!({ "url": "https://api.github.com/repos/acme/app/pulls/3" });
        run_night(Night {
            issues: json!([
                pull_request,
                issue_json(5, "open", "someone else's issue"),
                issue_json(12, "closed", DRIFT)
            ]),
            drift: true,
            body: "back",
            writes: vec![Write {
                verb: "PATCH",
                rest: "issues/12",
                holds: &["\"open\""],
                reply: issue_json(12, "open", DRIFT),
            }],
            tracked: Tracked::Reopened(12),
        })
        .await;
    }
}
