//! Everything schemagate writes to GitHub (comments, the drift tracking
//! issue) is scrubbed of secrets before it is sent (issue 11, item 1),
//! asserted on the requests a stand-in for GitHub's API receives.

mod common;

use common::github::{answer, client, expect, first_sent, issue_json, reply, repo_path};
use schemagate::github::tracking::{self, Tracked, MARKER};
use serde_json::json;
use wiremock::MockServer;

#[tokio::test]
async fn the_drift_tracking_issue_is_scrubbed_before_it_is_sent() {
    const SECRET: &str = "drift-secret-31415926";
    schemagate::scrub::register(&[SECRET.to_string()]);
    let server = MockServer::start().await;
    answer(&server, "GET", &repo_path("issues"), reply(200, json!([]))).await;
    let opened = reply(201, issue_json(12, "open", MARKER));
    expect(&server, "POST", &repo_path("issues"), opened, 1).await;
    let body = format!("a function body on the remote quotes {SECRET}");
    let tracked = tracking::sync(&client(&server), true, &body, None)
        .await
        .unwrap();
    assert_eq!(tracked, Tracked::Opened(12));
    // The whole request, not only its body field.
    let sent = first_sent(&server, "POST").await.to_string();
    assert!(!sent.contains(SECRET), "{sent}");
    assert!(sent.contains("quotes ***"), "{sent}");
}
