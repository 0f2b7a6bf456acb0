//! A local stand-in for GitHub's REST API (wiremock) around pull request 7
//! of `acme/app`: bodies shaped like GitHub's, the endpoints a pull-request
//! run reads mounted in one call, and the requests the tests assert on read
//! back. Also `schemagate action` run the way GitHub's runner runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use schemagate::github::GitHub;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

use super::cli::{borrowed_pairs, owned_pairs};

/// The repository every test's pull request belongs to.
pub const REPO: &str = "acme/app";
/// The pull request's number.
pub const PR: u64 = 7;
/// A token shaped like an installation token; it must never be shown.
pub const TOKEN: &str = "ghs_testtoken0000000000000000000000";

/// A client of the stand-in, retrying quickly.
pub fn client(server: &MockServer) -> GitHub {
    std::env::set_var("SCHEMAGATE_GITHUB_RETRY_MS", "5");
    GitHub::new(&server.uri(), TOKEN, REPO).unwrap()
}

/// `/repos/acme/app/<rest>`.
pub fn repo_path(rest: &str) -> String {
    format!("/repos/{REPO}/{rest}")
}

/// The pull request's comments.
pub fn comments_path() -> String {
    repo_path(&format!("issues/{PR}/comments"))
}

/// One comment, by id.
pub fn comment_path(id: u64) -> String {
    repo_path(&format!("issues/comments/{id}"))
}

/// A comment as GitHub's REST API returns it.
pub fn comment_json(id: u64, body: &str) -> Value {
    json!({
        "id": id,
        "node_id": format!("IC_kwDO{id}"),
        "url": format!("https://api.github.com/repos/{REPO}/issues/comments/{id}"),
        "html_url": format!("https://github.com/{REPO}/pull/{PR}#issuecomment-{id}"),
        "issue_url": format!("https://api.github.com/repos/{REPO}/issues/{PR}"),
        "body": body,
        "user": { "login": "github-actions[bot]", "id": 41898282, "type": "Bot", "site_admin": false },
        "created_at": "2026-01-20T10:00:00Z",
        "updated_at": "2026-01-20T10:00:00Z",
        "author_association": "NONE",
        "performed_via_github_app": null
    })
}

/// An issue as GitHub's REST API returns it, with the drift tracking label.
pub fn issue_json(number: u64, state: &str, body: &str) -> Value {
    let label = schemagate::github::tracking::LABEL;
    json!({
        "id": 1000 + number,
        "node_id": format!("I_kwDO{number}"),
        "number": number,
        "title": "Schema drift between migrations and the live database",
        "state": state,
        "body": body,
        "labels": [{ "id": 1, "name": label, "color": "d93f0b" }],
        "user": { "login": "github-actions[bot]", "id": 41898282, "type": "Bot" },
        "url": format!("https://api.github.com/repos/{REPO}/issues/{number}"),
        "html_url": format!("https://github.com/{REPO}/issues/{number}"),
        "comments": 0,
        "created_at": "2026-01-20T03:17:00Z",
        "updated_at": "2026-01-20T03:17:00Z",
        "closed_at": null
    })
}

/// One entry of `GET /pulls/7/files`: `status` is added, modified,
/// removed or renamed (from `previous`).
pub fn pull_file(filename: &str, status: &str, previous: Option<&str>) -> Value {
    let mut file = json!({
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
        file["previous_filename"] = json!(previous);
    }
    file
}

/// The files of a pull request that adds each of `filenames`.
pub fn added_files(filenames: &[&str]) -> Value {
    let files: Vec<Value> = filenames
        .iter()
        .map(|f| pull_file(f, "added", None))
        .collect();
    json!(files)
}

/// A file's content at a commit, as `GET /contents/<path>` returns it
/// (base64 in lines of 60 characters, each ended by a newline).
pub fn content_json(file_path: &str, text: &str) -> Value {
    use base64::Engine;
    let name = file_path.rsplit('/').next().unwrap();
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let lines: Vec<String> = encoded
        .as_bytes()
        .chunks(60)
        .map(|line| format!("{}\n", String::from_utf8_lossy(line)))
        .collect();
    json!({
        "type": "file",
        "encoding": "base64",
        "name": name,
        "path": file_path,
        "content": lines.concat(),
        "sha": "aa1b2c3d4e5f60718293a4b5c6d7e8f901234567"
    })
}

/// A directory listing of `files` (paths), as `GET /contents/<dir>` returns it.
pub fn listing_json(files: &[&str]) -> Value {
    let entries: Vec<Value> = files
        .iter()
        .map(|f| json!({"type": "file", "name": f.rsplit('/').next().unwrap(), "path": f}))
        .collect();
    json!(entries)
}

/// `status` with `value` as its JSON body.
pub fn reply(status: u16, value: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(value)
}

/// A directory the base branch does not have.
pub fn not_found() -> ResponseTemplate {
    reply(
        404,
        json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest/repos/contents#get-repository-content",
            "status": "404"
        }),
    )
}

/// What a token that may not write comments gets.
pub fn forbidden() -> ResponseTemplate {
    reply(
        403,
        json!({
            "message": "Resource not accessible by integration",
            "documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
            "status": "403"
        }),
    )
}

/// A comment created, with this id.
pub fn created(id: u64) -> ResponseTemplate {
    reply(201, comment_json(id, schemagate::report::markdown::MARKER))
}

/// Requests with `verb` to `url_path`, to add matchers and a response to.
pub fn on(verb: &str, url_path: impl Into<String>) -> MockBuilder {
    Mock::given(method(verb)).and(path(url_path.into()))
}

/// Answers `verb` on `url_path` with `response`, however often asked.
pub async fn answer(server: &MockServer, verb: &str, url_path: &str, response: ResponseTemplate) {
    on(verb, url_path)
        .respond_with(response)
        .mount(server)
        .await;
}

/// Answers `verb` on `url_path` with `response`; the server checks, when
/// verified or dropped, that it was asked exactly `times`.
pub async fn expect(
    server: &MockServer,
    verb: &str,
    url_path: &str,
    response: ResponseTemplate,
    times: u64,
) {
    on(verb, url_path)
        .respond_with(response)
        .expect(times)
        .mount(server)
        .await;
}

/// No request with `verb`, to any path, may be made.
pub async fn forbid(server: &MockServer, verb: &str) {
    Mock::given(method(verb))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(server)
        .await;
}

/// Serves `pages` of the list at `url_path` as GitHub paginates it: the
/// first page without a `page` parameter, each but the last linking to the
/// next and the last.
pub async fn paginated(server: &MockServer, url_path: &str, pages: Vec<Value>) {
    let last = pages.len();
    let page_url = |n: usize| format!("{}{url_path}?per_page=100&page={n}", server.uri());
    for (number, list) in (1..).zip(pages) {
        let mut response = reply(200, list);
        if number < last {
            let link = format!(
                "<{}>; rel=\"next\", <{}>; rel=\"last\"",
                page_url(number + 1),
                page_url(last)
            );
            response = response.insert_header("link", link.as_str());
        }
        let request = match number {
            1 => on("GET", url_path).and(query_param_is_missing("page")),
            n => on("GET", url_path).and(query_param("page", n.to_string())),
        };
        request.respond_with(response).mount(server).await;
    }
}

/// A stand-in serving what a run on pull request 7 reads: its `files`, and
/// `comments` as the comments already there. The base branch's migrations
/// are each test's own (see [`no_migrations_on_base`]).
pub async fn pull_request_api(files: Value, comments: Value) -> MockServer {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        &repo_path("pulls/7/files"),
        reply(200, files),
    )
    .await;
    answer(&server, "GET", &comments_path(), reply(200, comments)).await;
    server
}

/// The base branch has no migrations directory in any of `projects`
/// (`.` is the repository's root).
pub async fn no_migrations_on_base(server: &MockServer, projects: &[&str]) {
    for project in projects {
        let dir = match *project {
            "." => "supabase/migrations".to_string(),
            project => format!("{project}/supabase/migrations"),
        };
        answer(
            server,
            "GET",
            &repo_path(&format!("contents/{dir}")),
            not_found(),
        )
        .await;
    }
}

/// Each request made with `verb` (to `url_path`, when given), in order.
pub async fn requests(server: &MockServer, verb: &str, url_path: Option<&str>) -> Vec<Request> {
    let all = server.received_requests().await.unwrap_or_default();
    all.into_iter()
        .filter(|r| r.method.as_str() == verb && url_path.is_none_or(|p| r.url.path() == p))
        .collect()
}

/// The JSON body of the first request made with `verb`; there must be one.
pub async fn first_sent(server: &MockServer, verb: &str) -> Value {
    let requests = requests(server, verb, None).await;
    let first = requests
        .first()
        .unwrap_or_else(|| panic!("no {verb} request"));
    serde_json::from_slice(&first.body).expect("a JSON body")
}

/// The text (`body`) of the first comment or issue written with `verb`.
pub async fn first_body(server: &MockServer, verb: &str) -> String {
    text_of(&first_sent(server, verb).await)
}

/// The texts (`body`) sent with `verb` to `url_path`, in order.
pub async fn bodies(server: &MockServer, verb: &str, url_path: &str) -> Vec<String> {
    requests(server, verb, Some(url_path))
        .await
        .iter()
        .map(|r| text_of(&serde_json::from_slice(&r.body).expect("a JSON body")))
        .collect()
}

fn text_of(sent: &Value) -> String {
    sent["body"].as_str().expect("a body").to_string()
}

/// Writes the `pull_request` event of pull request 7 (base `main` at
/// base123, head `head_sha`) to `<dir>/event.json`.
pub fn pull_request_event(dir: &Path, head_sha: &str) {
    let event = json!({
        "action": "synchronize",
        "number": PR,
        "pull_request": {
            "number": PR,
            "labels": [],
            "base": { "ref": "main", "sha": "base123", "repo": { "full_name": REPO } },
            "head": { "ref": "feature", "sha": head_sha, "repo": { "full_name": REPO, "fork": false } }
        }
    });
    std::fs::write(dir.join("event.json"), event.to_string()).unwrap();
}

/// What a run of the action left: exit code, output, the job summary, the
/// outputs file and the report (`Value::Null` when none was written).
pub struct ActionRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub summary: String,
    pub outputs: String,
    pub report_text: String,
    pub report: Value,
}

/// `schemagate action` in the workspace `dir` (holding the event, see
/// [`pull_request_event`]) as GitHub runs it, against the API at `api`:
/// the project is the workspace and the token [`TOKEN`] unless `envs`
/// (inputs and variables, set last) say otherwise.
pub fn run_action(dir: &Path, api: &str, envs: &[(&str, &str)]) -> ActionRun {
    let summary = dir.join("summary.md");
    let outputs = dir.join("outputs.txt");
    let output = Command::new(super::BIN)
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
        .env_remove("GITHUB_BASE_REF")
        .env_remove("SCHEMAGATE_REMOTE_URL")
        .env_remove("SUPABASE_DB_URL")
        .envs(envs.iter().copied())
        .output()
        .unwrap();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    let report_text = read(&dir.join("schemagate-report.json"));
    ActionRun {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        summary: read(&summary),
        outputs: read(&outputs),
        report: serde_json::from_str(&report_text).unwrap_or(Value::Null),
        report_text,
    }
}

/// [`run_action`] against `server`, from a blocking thread so that the
/// stand-in keeps answering.
pub async fn run_action_async(server: &MockServer, dir: &Path, envs: &[(&str, &str)]) -> ActionRun {
    let (dir, api, envs): (PathBuf, String, _) =
        (dir.to_path_buf(), server.uri(), owned_pairs(envs));
    tokio::task::spawn_blocking(move || run_action(&dir, &api, &borrowed_pairs(&envs)))
        .await
        .unwrap()
}
