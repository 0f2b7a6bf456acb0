//! The action on a repository with two Supabase projects (`apps/api`,
//! `apps/web`), against a stand-in for GitHub's API: one comment with a
//! section per project, updated in place; a pull request touching one
//! project checks only that one unless `all-projects: true`; outputs and
//! exit status are the worst of the projects.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const REPO: &str = "acme/app";
const TOKEN: &str = "ghs_monorepotoken00000000000000000000";
const API_MIGRATION: &str = "apps/api/supabase/migrations/20260101000000_api.sql";
const WEB_MIGRATION: &str = "apps/web/supabase/migrations/20260101000000_web.sql";
const BROKEN: &str = "select 1;\nselect * from missing_table;\n";
const FIXED: &str = "create table public.web_pages (id int);\n";

/// The two-project repository, with the web project's migration `web_sql`.
fn workspace(web_sql: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (file, sql) in [
        (API_MIGRATION, "create table public.api_keys (id int);\n"),
        (WEB_MIGRATION, web_sql),
    ] {
        let file = dir.path().join(file);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, sql).unwrap();
    }
    // A folder the glob must skip: no migrations.
    std::fs::create_dir_all(dir.path().join("apps/docs")).unwrap();
    let event = json!({
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "labels": [],
            "base": { "ref": "main", "sha": "base123", "repo": { "full_name": REPO } },
            "head": { "ref": "feature", "sha": "head456", "repo": { "full_name": REPO, "fork": false } }
        }
    });
    std::fs::write(dir.path().join("event.json"), event.to_string()).unwrap();
    // A checkout: report paths are relative to the repository's root.
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(git.success());
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: String,
    report: Value,
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
        .env("GITHUB_API_URL", api)
        .env("GITHUB_WORKSPACE", dir)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", dir)
        .env("SCHEMAGATE_GITHUB_RETRY_MS", "5")
        .env("INPUT_GITHUB-TOKEN", TOKEN)
        .env("INPUT_POSTGRES", "embedded")
        .env("INPUT_PROJECT-DIR", "apps/api\napps/web\n")
        .env_remove("GITHUB_BASE_REF")
        .env_remove("SCHEMAGATE_REMOTE_URL")
        .env_remove("SUPABASE_DB_URL");
    for (key, value) in extra {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        summary: read(&summary),
        outputs: read(&outputs),
        report: serde_json::from_str(&read(&dir.join("schemagate-report.json")))
            .unwrap_or(Value::Null),
    }
}

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

/// One entry of `GET /pulls/7/files`, as GitHub shapes it.
fn pull_file(filename: &str) -> Value {
    json!({
        "sha": "0123456789abcdef0123456789abcdef01234567",
        "filename": filename,
        "status": "added",
        "additions": 2,
        "deletions": 0,
        "changes": 2,
        "blob_url": format!("https://github.com/{REPO}/blob/head456/{filename}"),
        "raw_url": format!("https://github.com/{REPO}/raw/head456/{filename}"),
        "contents_url": format!("https://api.github.com/repos/{REPO}/contents/{filename}?ref=head456"),
        "patch": "@@ -0,0 +1,2 @@"
    })
}

/// GitHub for pull request 7: its files, no migrations on the base branch,
/// and `comments` as the existing comments.
async fn github(files: &[&str], comments: Value) -> MockServer {
    let server = MockServer::start().await;
    let files: Vec<Value> = files.iter().map(|f| pull_file(f)).collect();
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/pulls/7/files")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(files)))
        .mount(&server)
        .await;
    for project in ["apps/api", "apps/web"] {
        Mock::given(method("GET"))
            .and(path(format!(
                "/repos/{REPO}/contents/{project}/supabase/migrations"
            )))
            .respond_with(
                ResponseTemplate::new(404).set_body_json(json!({
                    "message": "Not Found",
                    "documentation_url": "https://docs.github.com/rest/repos/contents#get-repository-content",
                    "status": "404"
                })),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/issues/7/comments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(comments))
        .mount(&server)
        .await;
    server
}

/// The bodies of the requests made with `verb` to `url_path`.
async fn bodies(server: &MockServer, verb: &str, url_path: &str) -> Vec<String> {
    let requests: Vec<Request> = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path() == url_path)
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).expect("a JSON body");
            body["body"].as_str().unwrap().to_string()
        })
        .collect()
}

async fn run(server: &MockServer, dir: &Path, extra: &[(&str, &str)]) -> Run {
    let (dir, uri) = (dir.to_path_buf(), server.uri());
    let extra: Vec<(String, String)> = extra
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let extra: Vec<(&str, &str)> = extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        run_action(&dir, &uri, &extra)
    })
    .await
    .unwrap()
}

fn applied_files(report: &Value) -> Vec<String> {
    report["migrations"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|m| m["file"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn two_projects_get_one_comment_with_two_sections_and_the_worst_outcome() {
    let dir = workspace(BROKEN);
    let server = github(&[API_MIGRATION, WEB_MIGRATION], json!([])).await;
    Mock::given(method("POST"))
        .and(path(format!("/repos/{REPO}/issues/7/comments")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(comment_json(42, "<!-- schemagate:report -->")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let run = run(&server, dir.path(), &[]).await;
    assert_eq!(run.code, 1, "web fails: {}{}", run.stdout, run.stderr);

    let posted = bodies(&server, "POST", &format!("/repos/{REPO}/issues/7/comments")).await;
    assert_eq!(posted.len(), 1);
    let body = &posted[0];
    assert_eq!(
        body.matches("<!-- schemagate:report -->").count(),
        1,
        "{body}"
    );
    assert!(
        body.contains("<!-- schemagate:project apps/api pass -->"),
        "{body}"
    );
    assert!(
        body.contains("<!-- /schemagate:project apps/api -->"),
        "{body}"
    );
    assert!(
        body.contains("<!-- schemagate:project apps/web fail -->"),
        "{body}"
    );
    assert!(
        body.contains("<!-- /schemagate:project apps/web -->"),
        "{body}"
    );
    assert!(body.contains("failed (1 of 2 projects passed)"), "{body}");
    let api = body.find("## Project `apps/api`").unwrap();
    let web = body.find("## Project `apps/web`").unwrap();
    assert!(api < web, "{body}");
    assert!(body[web..].contains("missing_table"), "{body}");
    assert!(!body[api..web].contains("missing_table"), "{body}");

    // Each project checked on its own: both applied, one report each.
    assert_eq!(applied_files(&run.report), [API_MIGRATION, WEB_MIGRATION]);
    assert_eq!(run.report["status"], "fail");
    assert!(run.outputs.contains("status=fail\n"), "{}", run.outputs);
    assert!(run.outputs.contains("failed=2\n"), "{}", run.outputs);
    let reports_line = run
        .outputs
        .lines()
        .find_map(|l| l.strip_prefix("reports="))
        .expect("a reports output");
    let reports: Vec<String> = serde_json::from_str(reports_line).unwrap();
    assert_eq!(reports.len(), 2);
    for (path, status) in reports.iter().zip(["pass", "fail"]) {
        let report: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(report["status"], status, "{path}");
    }
    // The summary likewise; annotations name the failing project's file.
    assert_eq!(
        run.summary.matches("## Project `").count(),
        2,
        "{}",
        run.summary
    );
    assert!(
        run.summary.contains("project apps/web: failed"),
        "{}",
        run.summary
    );
    assert!(
        run.stdout
            .contains(&format!("::error file={WEB_MIGRATION},line=2")),
        "{}",
        run.stdout
    );
}

#[tokio::test]
async fn a_pull_request_touching_one_project_checks_it_and_updates_its_section_in_place() {
    // The comment the first run left: api passed, web failed.
    let earlier = "<!-- schemagate:report -->\n### ❌ schemagate: failed (1 of 2 projects passed)\n\n\
        <!-- schemagate:project apps/api pass -->\n## Project `apps/api`\n\nAPI SECTION FROM THE FIRST RUN\n<!-- /schemagate:project apps/api -->\n\
        <!-- schemagate:project apps/web fail -->\n## Project `apps/web`\n\nWEB SECTION FROM THE FIRST RUN\n<!-- /schemagate:project apps/web -->\n";
    let dir = workspace(FIXED);
    let server = github(&[WEB_MIGRATION], json!([comment_json(42, earlier)])).await;
    Mock::given(method("PATCH"))
        .and(path(format!("/repos/{REPO}/issues/comments/42")))
        .respond_with(ResponseTemplate::new(200).set_body_json(comment_json(42, "updated")))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/repos/{REPO}/issues/7/comments")))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let run = run(&server, dir.path(), &[]).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        applied_files(&run.report),
        [WEB_MIGRATION],
        "only web is checked"
    );
    assert!(
        run.stdout.contains("project apps/api: not checked"),
        "{}",
        run.stdout
    );
    let updated = bodies(
        &server,
        "PATCH",
        &format!("/repos/{REPO}/issues/comments/42"),
    )
    .await;
    assert_eq!(updated.len(), 1, "one update, no second comment");
    let body = &updated[0];
    assert!(
        body.contains("API SECTION FROM THE FIRST RUN"),
        "api kept: {body}"
    );
    assert!(
        !body.contains("WEB SECTION FROM THE FIRST RUN"),
        "web replaced: {body}"
    );
    assert!(
        body.contains("<!-- schemagate:project apps/web pass -->"),
        "{body}"
    );
    assert!(body.contains("passed (2 of 2 projects passed)"), "{body}");
    // The pull request's file list was read to choose the projects.
    let requests = server.received_requests().await.unwrap();
    assert!(requests
        .iter()
        .any(|r| r.url.path() == format!("/repos/{REPO}/pulls/7/files")));

    // all-projects: true checks both, whatever the pull request touches.
    let run = run_all(&server, dir.path()).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(applied_files(&run.report), [API_MIGRATION, WEB_MIGRATION]);
    let updated = bodies(
        &server,
        "PATCH",
        &format!("/repos/{REPO}/issues/comments/42"),
    )
    .await;
    assert_eq!(updated.len(), 2);
    assert!(
        !updated[1].contains("SECTION FROM THE FIRST RUN"),
        "{}",
        updated[1]
    );
    assert!(updated[1].contains("<!-- schemagate:project apps/api pass -->"));
}

async fn run_all(server: &MockServer, dir: &Path) -> Run {
    run(server, dir, &[("INPUT_ALL-PROJECTS", "true")]).await
}

#[tokio::test]
async fn a_glob_finds_the_projects_and_a_glob_finding_none_is_a_usage_error() {
    let dir = workspace(FIXED);
    let server = github(&[API_MIGRATION], json!([])).await;
    Mock::given(method("POST"))
        .and(path(format!("/repos/{REPO}/issues/7/comments")))
        .respond_with(ResponseTemplate::new(201).set_body_json(comment_json(42, "x")))
        .expect(1)
        .mount(&server)
        .await;
    let run = run(&server, dir.path(), &[("INPUT_PROJECT-DIR", "apps/*")]).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // apps/docs holds no migrations; apps/web is not touched.
    assert_eq!(applied_files(&run.report), [API_MIGRATION]);
    assert!(
        run.stdout.contains("project apps/web: not checked"),
        "{}",
        run.stdout
    );

    let run = self::run(
        &server,
        dir.path(),
        &[("INPUT_PROJECT-DIR", "apps/api\nservices/*")],
    )
    .await;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "input project-dir, line 2: the glob `services/*` finds no directory holding supabase/migrations"
        ),
        "{}",
        run.stdout
    );
    assert!(run.outputs.contains("status=error"), "{}", run.outputs);

    for (extra, message) in [
        (
            ("INPUT_ALL-PROJECTS", "yes"),
            "input all-projects: expected true or false, found \"yes\"",
        ),
        (
            ("INPUT_COMMAND", "drift"),
            "input project-dir names several projects; command drift takes one (only check takes several)",
        ),
    ] {
        let run = self::run(&server, dir.path(), &[extra]).await;
        assert_eq!(run.code, 2, "{extra:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(message), "{}", run.stdout);
    }
}
