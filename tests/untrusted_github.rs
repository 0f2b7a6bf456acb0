//! Everything schemagate writes to GitHub (comments, the drift tracking
//! issue) is scrubbed of secrets before it is sent (issue 11, item 1),
//! asserted on the requests a stand-in for GitHub's API receives.

use serde_json::json;

const REPO: &str = "acme/app";

#[tokio::test]
async fn the_drift_tracking_issue_is_scrubbed_before_it_is_sent() {
    use schemagate::github::tracking::{self, Tracked};
    use schemagate::github::GitHub;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    const SECRET: &str = "drift-secret-31415926";
    schemagate::scrub::register(&[SECRET.to_string()]);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/issues")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/repos/{REPO}/issues")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "number": 12, "state": "open", "body": "<!-- schemagate:drift -->"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let github = GitHub::new(&server.uri(), "ghs_testtoken0000000000000000000000", REPO).unwrap();
    let body = format!("a function body on the remote quotes {SECRET}");
    let tracked = tracking::sync(&github, true, &body, None).await.unwrap();
    assert_eq!(tracked, Tracked::Opened(12));
    let requests = server.received_requests().await.unwrap();
    let post = requests
        .iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap();
    let sent = String::from_utf8_lossy(&post.body);
    assert!(!sent.contains(SECRET), "{sent}");
    assert!(sent.contains("quotes ***"), "{sent}");
}
