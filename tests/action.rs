//! `schemagate action` end to end, as GitHub runs it: inputs and the GitHub
//! environment in variables, a fake event file, the job summary and outputs
//! files, and a local stand-in for GitHub's API.

mod common;

use common::github::{
    created, first_body, first_sent, forbidden, no_migrations_on_base, pull_request_api,
    pull_request_event, requests, run_action_async, ActionRun, REPO, TOKEN,
};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

/// The pull request's head commit, as GitHub gives it: 40 hex digits.
const HEAD_SHA: &str = "9fceb02d0ae598e95dc970b74767f19372d61af8";

/// A workspace holding one project, and a pull-request event for it.
fn workspace(migrations: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(String, &[u8])> = migrations
        .iter()
        .map(|(name, sql)| (format!("supabase/migrations/{name}"), sql.as_bytes()))
        .collect();
    let dir = common::project_owned(&files);
    pull_request_event(dir.path(), HEAD_SHA);
    dir
}

/// The action on a pull request whose workspace holds `migrations`,
/// against a stand-in whose comment POST gets `create`.
async fn run_on_pull_request(
    migrations: &[(&str, &str)],
    create: ResponseTemplate,
) -> (tempfile::TempDir, MockServer, ActionRun) {
    let dir = workspace(migrations);
    let server = github(create).await;
    let run = run_action_async(&server, dir.path(), &[]).await;
    (dir, server, run)
}

/// GitHub's API for pull request 7 adding no file, with no migrations on the
/// base branch, and `create` answering the one comment POST.
async fn github(create: ResponseTemplate) -> MockServer {
    let server = pull_request_api(json!([]), json!([])).await;
    no_migrations_on_base(&server, &["."]).await;
    common::github::expect(&server, "POST", &common::github::comments_path(), create, 1).await;
    server
}

#[tokio::test]
async fn a_passing_pull_request_gets_summary_outputs_and_one_comment() {
    let migration = "create table public.a (id uuid references auth.users);";
    let (dir, server, run) =
        run_on_pull_request(&[("20260101000000_a.sql", migration)], created(42)).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    common::assert_contains(&run.summary, "schemagate check: passed");
    let report_path = dir.path().join("schemagate-report.json");
    assert_eq!(
        run.outputs,
        format!("status=pass\nreport={}\nfailed=0\n", report_path.display())
    );
    assert_eq!(run.report["pr"], 7);
    assert_eq!(run.report["head_sha"], HEAD_SHA);
    assert!(first_body(&server, "POST")
        .await
        .starts_with("<!-- schemagate:report -->\n### ✅ schemagate check: passed"));
    let posts = requests(&server, "POST", None).await;
    let auth = posts[0]
        .headers
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(auth, format!("Bearer {TOKEN}"));
    for text in [&run.stdout, &run.stderr, &run.summary] {
        assert!(!text.contains(TOKEN), "token leaked");
    }
}

#[tokio::test]
async fn a_failing_pull_request_annotates_the_line_and_fails() {
    let migration = "select 1;\nselect * from missing_table;";
    let (_dir, server, run) =
        run_on_pull_request(&[("20260101000000_a.sql", migration)], created(42)).await;
    assert_eq!(run.code, 1);
    common::assert_contains(&run.stdout, "::error file=supabase/migrations/20260101000000_a.sql,line=2,col=15,title=schemagate migration-failed::relation \"missing_table\" does not exist [42P01]");
    common::assert_starts_with(&run.outputs, "status=fail\n");
    assert!(run.outputs.ends_with("failed=2\n"), "{}", run.outputs);
    common::assert_contains(&run.summary, "20260101000000_a.sql) · failed · 1 error");
    // Each line links into the pull request's head commit, each rule to its docs.
    let line = format!(
        "[L2](https://github.com/{REPO}/blob/{HEAD_SHA}/supabase/migrations/20260101000000_a.sql#L2) · [`migration-failed`](https://github.com/schemagate/schemagate/blob/v{}/docs/rules.md#migration-failed)",
        env!("CARGO_PKG_VERSION")
    );
    common::assert_contains(&run.summary, &line);
    let body = first_sent(&server, "POST").await;
    assert!(body["body"].as_str().unwrap().contains(&line), "{body}");
}

#[tokio::test]
async fn a_read_only_token_is_a_warning_and_the_exit_code_comes_from_the_checks() {
    let migrations = [("20260101000000_a.sql", "select 1;")];
    let (_dir, _server, run) = run_on_pull_request(&migrations, forbidden()).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    common::assert_contains(&run.stderr, "could not post its pull-request comment");
    common::assert_contains(&run.summary, "comment-not-posted");
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
    let server = github(created(42)).await;
    let (code, stdout, stderr) = common::cli::run_cli_async(
        &[
            "comment",
            "--report",
            report_path.to_str().unwrap(),
            "--repo",
            REPO,
            "--api-url",
            &server.uri(),
        ],
        &[("GITHUB_TOKEN", TOKEN), ("SCHEMAGATE_GITHUB_RETRY_MS", "5")],
    )
    .await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("created comment 42 on pull request #7"),
        "{stdout}"
    );
    let body = first_body(&server, "POST").await;
    assert!(
        !body.contains("@octocat") && !body.contains("<img"),
        "untrusted text escaped: {body}"
    );
}
