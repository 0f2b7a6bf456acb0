//! `schemagate action` end to end, as GitHub runs it: inputs and the GitHub
//! environment in variables, a fake event file, the job summary and outputs
//! files, and a local stand-in for GitHub's API.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const REPO: &str = "acme/app";
const TOKEN: &str = "ghs_actiontoken000000000000000000000";
/// The pull request's head commit, as GitHub gives it: 40 hex digits.
const HEAD_SHA: &str = "9fceb02d0ae598e95dc970b74767f19372d61af8";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: String,
    report: Value,
}

/// A workspace holding one project, and a pull-request event for it.
fn workspace(migrations: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql) in migrations {
        let file = dir.path().join("supabase/migrations").join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, sql).unwrap();
    }
    let event = json!({
        "action": "opened",
        "number": 7,
        "pull_request": {
            "number": 7,
            "labels": [],
            "base": { "ref": "main", "sha": "base123", "repo": { "full_name": REPO } },
            "head": { "ref": "feature", "sha": HEAD_SHA, "repo": { "full_name": REPO, "fork": false } }
        }
    });
    std::fs::write(dir.path().join("event.json"), event.to_string()).unwrap();
    dir
}

fn run_action(dir: &Path, api: &str, extra: &[(&str, &str)]) -> Run {
    let summary = dir.join("summary.md");
    let outputs = dir.join("outputs.txt");
    let mut command = Command::new(common::BIN);
    command
        .arg("action")
        .current_dir(dir)
        .env("GITHUB_EVENT_PATH", dir.join("event.json"))
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_REPOSITORY", REPO)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_API_URL", api)
        .env("GITHUB_WORKSPACE", dir)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", dir)
        .env("SCHEMAGATE_GITHUB_RETRY_MS", "5")
        .env("INPUT_GITHUB-TOKEN", TOKEN)
        .env("INPUT_POSTGRES", "embedded")
        .env("INPUT_PROJECT-DIR", dir)
        .env_remove("GITHUB_BASE_REF");
    for (key, value) in extra {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    let report =
        serde_json::from_str(&read(&dir.join("schemagate-report.json"))).unwrap_or(Value::Null);
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        summary: read(&summary),
        outputs: read(&outputs),
        report,
    }
}

/// GitHub's API for pull request 7, with `create` answering the comment POST.
async fn github(create: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/pulls/7/files")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/contents/supabase/migrations")))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"message": "Not Found", "status": "404"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/issues/7/comments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/repos/{REPO}/issues/7/comments")))
        .respond_with(create)
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(201)
        .set_body_json(json!({ "id": 42, "body": "<!-- schemagate:report -->" }))
}

#[tokio::test]
async fn a_passing_pull_request_gets_summary_outputs_and_one_comment() {
    let dir = workspace(&[(
        "20260101000000_a.sql",
        "create table public.a (id uuid references auth.users);",
    )]);
    let server = github(created()).await;
    let run = tokio::task::spawn_blocking({
        let (dir, uri) = (dir.path().to_path_buf(), server.uri());
        move || run_action(&dir, &uri, &[])
    })
    .await
    .unwrap();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.summary.contains("schemagate check: passed"),
        "{}",
        run.summary
    );
    let report_path = dir.path().join("schemagate-report.json");
    assert_eq!(
        run.outputs,
        format!("status=pass\nreport={}\nfailed=0\n", report_path.display())
    );
    assert_eq!(run.report["pr"], 7);
    assert_eq!(run.report["head_sha"], HEAD_SHA);
    let requests = server.received_requests().await.unwrap();
    let post = requests
        .iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap();
    let body: Value = serde_json::from_slice(&post.body).unwrap();
    assert!(body["body"]
        .as_str()
        .unwrap()
        .starts_with("<!-- schemagate:report -->\n### ✅ schemagate check: passed"));
    let auth = post.headers.get("authorization").unwrap().to_str().unwrap();
    assert_eq!(auth, format!("Bearer {TOKEN}"));
    for text in [&run.stdout, &run.stderr, &run.summary] {
        assert!(!text.contains(TOKEN), "token leaked");
    }
}

#[tokio::test]
async fn a_failing_pull_request_annotates_the_line_and_fails() {
    let dir = workspace(&[(
        "20260101000000_a.sql",
        "select 1;\nselect * from missing_table;",
    )]);
    let server = github(created()).await;
    let run = tokio::task::spawn_blocking({
        let (dir, uri) = (dir.path().to_path_buf(), server.uri());
        move || run_action(&dir, &uri, &[])
    })
    .await
    .unwrap();
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("::error file=supabase/migrations/20260101000000_a.sql,line=2,col=15,title=schemagate migration-failed::relation \"missing_table\" does not exist [42P01]"),
        "{}",
        run.stdout
    );
    assert!(run.outputs.starts_with("status=fail\n"), "{}", run.outputs);
    assert!(run.outputs.ends_with("failed=2\n"), "{}", run.outputs);
    assert!(
        run.summary
            .contains("20260101000000_a.sql) · failed · 1 error"),
        "{}",
        run.summary
    );
    // Each line links into the pull request's head commit, each rule to its docs.
    let line = format!(
        "[L2](https://github.com/{REPO}/blob/{HEAD_SHA}/supabase/migrations/20260101000000_a.sql#L2) · [`migration-failed`](https://github.com/schemagate/schemagate/blob/v{}/docs/rules.md#migration-failed)",
        env!("CARGO_PKG_VERSION")
    );
    assert!(run.summary.contains(&line), "{}", run.summary);
    let requests = server.received_requests().await.unwrap();
    let post = requests
        .iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap();
    let body: Value = serde_json::from_slice(&post.body).unwrap();
    assert!(body["body"].as_str().unwrap().contains(&line), "{body}");
}

#[tokio::test]
async fn a_read_only_token_is_a_warning_and_the_exit_code_comes_from_the_checks() {
    let dir = workspace(&[("20260101000000_a.sql", "select 1;")]);
    let forbidden = ResponseTemplate::new(403).set_body_json(json!({
        "message": "Resource not accessible by integration",
        "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
        "status": "403"
    }));
    let server = github(forbidden).await;
    let run = tokio::task::spawn_blocking({
        let (dir, uri) = (dir.path().to_path_buf(), server.uri());
        move || run_action(&dir, &uri, &[])
    })
    .await
    .unwrap();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("could not post its pull-request comment"),
        "{}",
        run.stderr
    );
    assert!(
        run.summary.contains("comment-not-posted"),
        "{}",
        run.summary
    );
    assert!(run.outputs.starts_with("status=pass\n"));
}

#[tokio::test]
async fn comment_posts_a_report_made_elsewhere() {
    let dir = workspace(&[]);
    let mut report = schemagate::report::Report::new("check", ".");
    report.pr = Some(7);
    report.findings.push(schemagate::report::Finding::new(
        schemagate::report::RuleId::MigrationFailed,
        schemagate::report::Severity::Error,
        "@octocat <img src=x> broke it",
    ));
    report.finish(schemagate::report::Severity::Error);
    let report_path = dir.path().join("artifact.json");
    std::fs::write(&report_path, serde_json::to_string(&report).unwrap()).unwrap();
    let server = github(created()).await;
    let (code, stdout, stderr) = tokio::task::spawn_blocking({
        let (path, uri) = (report_path.clone(), server.uri());
        move || {
            common::run_cli(
                &[
                    "comment",
                    "--report",
                    path.to_str().unwrap(),
                    "--repo",
                    REPO,
                    "--api-url",
                    &uri,
                ],
                &[("GITHUB_TOKEN", TOKEN), ("SCHEMAGATE_GITHUB_RETRY_MS", "5")],
            )
        }
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("created comment 42 on pull request #7"),
        "{stdout}"
    );
    let requests = server.received_requests().await.unwrap();
    let post = requests
        .iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap();
    let body: Value = serde_json::from_slice(&post.body).unwrap();
    let body = body["body"].as_str().unwrap();
    assert!(
        !body.contains("@octocat") && !body.contains("<img"),
        "untrusted text escaped: {body}"
    );
}
