//! The action on a repository with two Supabase projects (`apps/api`,
//! `apps/web`), against a stand-in for GitHub's API: one comment with a
//! section per project, updated in place; a pull request touching one
//! project checks only that one unless `all-projects: true`; outputs and
//! exit status are the worst of the projects.

mod common;

use std::path::Path;

use common::github::{
    added_files, bodies, comment_json, comment_path, comments_path, created, expect, forbid,
    no_migrations_on_base, pull_request_api, pull_request_event, reply, repo_path,
    run_action_async, ActionRun,
};
use serde_json::{json, Value};
use wiremock::MockServer;

const API_MIGRATION: &str = "apps/api/supabase/migrations/20260101000000_api.sql";
const WEB_MIGRATION: &str = "apps/web/supabase/migrations/20260101000000_web.sql";
const BROKEN: &str = "select 1;\nselect * from missing_table;\n";
const FIXED: &str = "create table public.web_pages (id int);\n";
/// Both projects, as the action's input names them.
const PROJECTS: (&str, &str) = ("INPUT_PROJECT-DIR", "apps/api\napps/web\n");

/// The two-project repository, with the web project's migration `web_sql`.
fn workspace(web_sql: &str) -> tempfile::TempDir {
    let dir = common::project(&[
        (API_MIGRATION, b"create table public.api_keys (id int);\n"),
        (WEB_MIGRATION, web_sql.as_bytes()),
    ]);
    // A folder the glob must skip: no migrations.
    std::fs::create_dir_all(dir.path().join("apps/docs")).unwrap();
    pull_request_event(dir.path(), "head456");
    // A checkout: report paths are relative to the repository's root.
    common::git(dir.path(), &["init", "-q"]);
    dir
}

/// GitHub for pull request 7: its `files`, no migrations on the base
/// branch, and `comments` as the existing comments.
async fn github(files: &[&str], comments: Value) -> MockServer {
    let server = pull_request_api(added_files(files), comments).await;
    no_migrations_on_base(&server, &["apps/api", "apps/web"]).await;
    server
}

/// The action on both projects, inputs `extra` added (or overriding).
async fn run(server: &MockServer, dir: &Path, extra: &[(&str, &str)]) -> ActionRun {
    let mut envs = vec![PROJECTS];
    envs.extend_from_slice(extra);
    run_action_async(server, dir, &envs).await
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
    expect(&server, "POST", &comments_path(), created(42), 1).await;
    let run = run(&server, dir.path(), &[]).await;
    assert_eq!(run.code, 1, "web fails: {}{}", run.stdout, run.stderr);

    let posted = bodies(&server, "POST", &comments_path()).await;
    assert_eq!(posted.len(), 1);
    let body = &posted[0];
    assert_eq!(
        body.matches("<!-- schemagate:report -->").count(),
        1,
        "{body}"
    );
    // Each project's section between its markers, and the overall headline.
    for part in [
        "<!-- schemagate:project apps/api pass -->",
        "<!-- /schemagate:project apps/api -->",
        "<!-- schemagate:project apps/web fail -->",
        "<!-- /schemagate:project apps/web -->",
        "failed (1 of 2 projects passed)",
    ] {
        common::assert_contains(body, part);
    }
    let api = body.find("## Project `apps/api`").unwrap();
    let web = body.find("## Project `apps/web`").unwrap();
    assert!(api < web, "{body}");
    assert!(body[web..].contains("missing_table"), "{body}");
    assert!(!body[api..web].contains("missing_table"), "{body}");

    // Each project checked on its own: both applied, one report each.
    assert_eq!(applied_files(&run.report), [API_MIGRATION, WEB_MIGRATION]);
    assert_eq!(run.report["status"], "fail");
    common::assert_contains(&run.outputs, "status=fail\n");
    common::assert_contains(&run.outputs, "failed=2\n");
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
    common::assert_contains(&run.summary, "project apps/web: failed");
    common::assert_contains(&run.stdout, &format!("::error file={WEB_MIGRATION},line=2"));
}

#[tokio::test]
async fn a_pull_request_touching_one_project_checks_it_and_updates_its_section_in_place() {
    // The comment the first run left: api passed, web failed.
    let earlier = "<!-- schemagate:report -->\n### ❌ schemagate: failed (1 of 2 projects passed)\n\n\
        <!-- schemagate:project apps/api pass -->\n## Project `apps/api`\n\nAPI SECTION FROM THE FIRST RUN\n<!-- /schemagate:project apps/api -->\n\
        <!-- schemagate:project apps/web fail -->\n## Project `apps/web`\n\nWEB SECTION FROM THE FIRST RUN\n<!-- /schemagate:project apps/web -->\n";
    let dir = workspace(FIXED);
    let server = github(&[WEB_MIGRATION], json!([comment_json(42, earlier)])).await;
    let updated = reply(200, comment_json(42, "updated"));
    expect(&server, "PATCH", &comment_path(42), updated, 2).await;
    forbid(&server, "POST").await;
    let run = run(&server, dir.path(), &[]).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        applied_files(&run.report),
        [WEB_MIGRATION],
        "only web is checked"
    );
    common::assert_contains(&run.stdout, "project apps/api: not checked");
    let updated = bodies(&server, "PATCH", &comment_path(42)).await;
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
    common::assert_contains(body, "<!-- schemagate:project apps/web pass -->");
    common::assert_contains(body, "passed (2 of 2 projects passed)");
    // The pull request's file list was read to choose the projects.
    let files = common::github::requests(&server, "GET", Some(&repo_path("pulls/7/files"))).await;
    assert!(!files.is_empty());

    // all-projects: true checks both, whatever the pull request touches.
    let run = self::run(&server, dir.path(), &[("INPUT_ALL-PROJECTS", "true")]).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(applied_files(&run.report), [API_MIGRATION, WEB_MIGRATION]);
    let updated = bodies(&server, "PATCH", &comment_path(42)).await;
    assert_eq!(updated.len(), 2);
    assert!(
        !updated[1].contains("SECTION FROM THE FIRST RUN"),
        "{}",
        updated[1]
    );
    assert!(updated[1].contains("<!-- schemagate:project apps/api pass -->"));
}

#[tokio::test]
async fn a_glob_finds_the_projects_and_a_glob_finding_none_is_a_usage_error() {
    let dir = workspace(FIXED);
    let server = github(&[API_MIGRATION], json!([])).await;
    expect(&server, "POST", &comments_path(), created(42), 1).await;
    let run = run(&server, dir.path(), &[("INPUT_PROJECT-DIR", "apps/*")]).await;
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // apps/docs holds no migrations; apps/web is not touched.
    assert_eq!(applied_files(&run.report), [API_MIGRATION]);
    common::assert_contains(&run.stdout, "project apps/web: not checked");

    let run = self::run(
        &server,
        dir.path(),
        &[("INPUT_PROJECT-DIR", "apps/api\nservices/*")],
    )
    .await;
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    common::assert_contains(&run.stdout, "input project-dir, line 2: the glob `services/*` finds no directory holding supabase/migrations");
    common::assert_contains(&run.outputs, "status=error");

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
        common::assert_contains(&run.stdout, message);
    }
}
