//! A pull request's files are untrusted (issue 11, items 1, 5, 10, 11):
//! links to the runner's secrets are not read, secrets are scrubbed from
//! every output anyway, error text and file names cannot forge workflow
//! commands or drive a terminal, deep statements are analysed, and remote
//! history rows that recorded nothing comparable are not edits.
//! Everything runs the real binary against a real PostgreSQL.

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::cli::{borrowed_pairs, message, of_rule, owned_pairs, run_on, run_on_async, says};
use common::project;
use serde_json::{json, Value};

/// Secrets in the environment of every run below, as a runner has them.
const GITHUB_TOKEN: &str = "ghs_envtoken1111111111111111111111111";
const INPUT_TOKEN: &str = "ghs_inputtoken22222222222222222222222";
const PG_PASSWORD: &str = "pgpass-9f8e7d6c";
const DB_PASSWORD: &str = "dbpass-5a4b3c2d";
const SERVICE_KEY: &str = "svc-key-0a1b2c3d4e5f";

fn secret_env() -> Vec<(String, String)> {
    let database_url = format!("postgresql://app:{DB_PASSWORD}@db.internal:5432/app");
    owned_pairs(&[
        ("GITHUB_TOKEN", GITHUB_TOKEN),
        ("INPUT_GITHUB-TOKEN", INPUT_TOKEN),
        ("PGPASSWORD", PG_PASSWORD),
        ("DATABASE_URL", &database_url),
        ("SUPABASE_SERVICE_ROLE_KEY", SERVICE_KEY),
    ])
}

const SECRETS: &[&str] = &[
    GITHUB_TOKEN,
    INPUT_TOKEN,
    PG_PASSWORD,
    DB_PASSWORD,
    SERVICE_KEY,
];

#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} leaks {secret}:\n{text}");
    }
}

/// `check --seed --format json` on `dir` with the runner's secrets set:
/// the exit code, stdout (the report) and stderr, neither showing a secret.
fn check_seed_with_secrets(dir: &Path) -> (i32, Value, String) {
    let flags = ["--seed", "--format", "json"];
    let (code, stdout, stderr) = run_on("check", dir, &flags, &borrowed_pairs(&secret_env()));
    assert_no_secret("stdout", &stdout);
    assert_no_secret("stderr", &stderr);
    (code, common::cli::printed_report(&stdout, &stderr), stderr)
}

#[test]
fn a_migration_linked_to_proc_self_environ_is_not_read_in_any_format() {
    let dir = project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    symlink(
        "/proc/self/environ",
        dir.path()
            .join("supabase/migrations/20260101000001_env.sql"),
    )
    .unwrap();
    let env = secret_env();
    for format in ["json", "markdown", "human", "sarif"] {
        let output = dir.path().join(format!("report-{format}.json"));
        let flags = [
            "--all",
            "--format",
            format,
            "--output",
            output.to_str().unwrap(),
        ];
        let (code, stdout, stderr) = run_on("check", dir.path(), &flags, &borrowed_pairs(&env));
        let written = std::fs::read_to_string(&output).unwrap();
        assert_eq!(code, 1, "{format}: {stdout}{stderr}");
        for (what, text) in [
            ("stdout", &stdout),
            ("stderr", &stderr),
            ("report", &written),
        ] {
            assert_no_secret(&format!("{format} {what}"), text);
            assert!(
                !text.contains("HOME=/"),
                "{format} {what} shows the environment: {text}"
            );
        }
        let report: Value = serde_json::from_str(&written).unwrap();
        let not_read = of_rule(&report, "file-not-read");
        assert_eq!(not_read.len(), 1, "{format}: {report:#}");
        assert_eq!(
            not_read[0]["file"],
            "supabase/migrations/20260101000001_env.sql"
        );
        let said = message(not_read[0]);
        assert!(said.contains("is a symbolic link"), "{said}");
        assert_eq!(report["migrations"][1]["status"], "failed");
    }
}

#[test]
fn a_seed_linked_out_or_named_out_of_the_repository_is_not_read() {
    let dir = project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    symlink("/proc/self/environ", dir.path().join("supabase/seed.sql")).unwrap();
    let (code, report, stderr) = check_seed_with_secrets(dir.path());
    assert_eq!(code, 1, "{report:#}{stderr}");
    assert!(
        of_rule(&report, "file-not-read")
            .iter()
            .any(|f| f["file"] == "supabase/seed.sql" && message(f).contains("symbolic link")),
        "{report:#}"
    );

    // The same through a seed path in supabase/config.toml, no link needed.
    std::fs::remove_file(dir.path().join("supabase/seed.sql")).unwrap();
    std::fs::write(
        dir.path().join("supabase/config.toml"),
        "[db.seed]\nsql_paths = ['../../../../../../../../../../proc/self/environ']\n",
    )
    .unwrap();
    let (code, report, stderr) = check_seed_with_secrets(dir.path());
    assert_eq!(code, 1, "{report:#}{stderr}");
    assert!(
        says(&report, "file-not-read", "out of the repository"),
        "{report:#}"
    );
}

/// `check` of `dir` on the server at `url` in `format`, with the runner's
/// secrets set and the report written to `output`.
async fn check_at(dir: &Path, url: &str, format: &str, output: &Path) -> (i32, String, String) {
    let flags = [
        "--postgres",
        "url",
        "--database-url",
        url,
        "--format",
        format,
        "--output",
        output.to_str().unwrap(),
    ];
    run_on_async("check", dir, &flags, &borrowed_pairs(&secret_env())).await
}

#[tokio::test]
async fn secrets_in_error_text_are_scrubbed_from_every_output() {
    // The second wall: a value that does reach an error message (here the
    // migration quotes it; the password of the URL given on the command
    // line) never reaches the output.
    const URL_PASSWORD: &str = "Cmd-Line-Pw-7788";
    let database = common::fresh_database(true).await;
    let url = common::server().await.admin_url(&database.name).replacen(
        '@',
        &format!(":{URL_PASSWORD}@"),
        1,
    );
    assert!(url.contains(URL_PASSWORD), "{url}");
    let sql = format!("select '{SERVICE_KEY}'::int;\n");
    let sql2 = format!("select '{URL_PASSWORD}'::int;\n");
    let dir = project(&[
        ("supabase/migrations/20260101000000_a.sql", sql.as_bytes()),
        ("supabase/migrations/20260101000001_b.sql", sql2.as_bytes()),
    ]);
    let output = dir.path().join("report.json");
    // Each file fails on its own: the first failure stops the run, so two runs.
    for (format, expected) in [("json", SERVICE_KEY), ("human", SERVICE_KEY)] {
        let (code, stdout, stderr) = check_at(dir.path(), &url, format, &output).await;
        assert_eq!(code, 1, "{stdout}{stderr}");
        let written = std::fs::read_to_string(&output).unwrap();
        for (what, text) in [
            ("stdout", &stdout),
            ("stderr", &stderr),
            ("report", &written),
        ] {
            assert!(
                !text.contains(expected),
                "{format} {what} leaks {expected}: {text}"
            );
            assert!(
                !text.contains(URL_PASSWORD),
                "{format} {what} leaks the URL password"
            );
        }
        assert!(
            written.contains("invalid input syntax for type integer: \\\"***\\\""),
            "{written}"
        );
    }
    std::fs::remove_file(dir.path().join("supabase/migrations/20260101000000_a.sql")).unwrap();
    let (code, stdout, stderr) = check_at(dir.path(), &url, "markdown", &output).await;
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(!stdout.contains(URL_PASSWORD), "{stdout}");
    assert!(stdout.contains("***"), "{stdout}");
    database.close().await.unwrap();
}

/// Every line that GitHub's runner would take for a workflow command must
/// be one of our annotations.
#[track_caller]
fn assert_no_forged_command(what: &str, text: &str) {
    for line in text.split(['\n', '\r']) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("::") || trimmed.starts_with("##[") {
            let ours = ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|p| trimmed.starts_with(p));
            assert!(
                ours,
                "{what} has a forged workflow command: {line:?}\n{text}"
            );
        }
    }
    assert!(
        !text.contains('\u{1b}'),
        "{what} carries a raw ESC byte:\n{text}"
    );
}

#[test]
fn error_text_and_file_names_cannot_forge_commands_or_drive_a_terminal() {
    let dir = project(&[
        (
            "supabase/migrations/20260101000000_a.sql",
            b"do $$ begin raise exception E'x\\n::stop-commands::abc\\n::error::forged'; end $$;",
        ),
        (
            "supabase/migrations/20260101000001_b\x1b[31mred.sql",
            b"select 1;",
        ),
        (
            "supabase/migrations/notes\n::error::forged by a name.sql",
            b"select 1;",
        ),
    ]);
    for format in ["human", "markdown"] {
        let (code, stdout, stderr) = run_on("check", dir.path(), &["--format", format], &[]);
        assert_eq!(code, 1, "{stdout}{stderr}");
        assert_no_forged_command(&format!("{format} stdout"), &stdout);
        assert_no_forged_command(&format!("{format} stderr"), &stderr);
        assert!(stdout.contains("\\x1b[31mred"), "{format}: {stdout}");
        // The terminal shows an error's first sentence; the comment keeps
        // the whole message (collapsed), defused.
        if format == "markdown" {
            assert!(
                stdout.contains(": :stop-commands::abc"),
                "{format}: {stdout}"
            );
        }
    }
}

// --- The action, against a stand-in for GitHub's API ------------------------

/// The pull request modifies the link (its diff would show what it points
/// to) and adds a migration quoting a secret.
async fn github_api() -> wiremock::MockServer {
    use common::github::{
        answer, comments_path, content_json, created, expect, listing_json, pull_file,
        pull_request_api, reply, repo_path,
    };
    const A: &str = "supabase/migrations/20260101000000_a.sql";
    const ENV: &str = "supabase/migrations/20260101000001_env.sql";
    let files = json!([
        pull_file(ENV, "modified", None),
        pull_file(
            "supabase/migrations/20260101000002_quote.sql",
            "added",
            None
        ),
    ]);
    let server = pull_request_api(files, json!([])).await;
    let base_env = reply(200, content_json(ENV, "select 1;\n"));
    answer(
        &server,
        "GET",
        &repo_path(&format!("contents/{ENV}")),
        base_env,
    )
    .await;
    let listing = reply(200, listing_json(&[A, ENV]));
    answer(
        &server,
        "GET",
        &repo_path("contents/supabase/migrations"),
        listing,
    )
    .await;
    expect(&server, "POST", &comments_path(), created(42), 1).await;
    server
}

#[tokio::test]
async fn the_action_posts_no_secret_and_annotates_the_refused_link() {
    let dir = project(&[
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
        (
            "supabase/migrations/20260101000002_quote.sql",
            format!("select '{SERVICE_KEY}'::int;").as_bytes(),
        ),
    ]);
    symlink(
        "/proc/self/environ",
        dir.path()
            .join("supabase/migrations/20260101000001_env.sql"),
    )
    .unwrap();
    let server = github_api().await;
    common::github::pull_request_event(dir.path(), "head456");
    let env = secret_env();
    let run = common::github::run_action_async(&server, dir.path(), &borrowed_pairs(&env)).await;
    let (code, stdout, stderr) = (run.code, &run.stdout, &run.stderr);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(!run.report_text.is_empty(), "no report written");
    let comment = &common::github::first_body(&server, "POST").await;
    for (what, text) in [
        ("comment", comment),
        ("stdout", stdout),
        ("stderr", stderr),
        ("summary", &run.summary),
        ("report", &run.report_text),
    ] {
        assert_no_secret(what, text);
        assert!(
            !text.contains("HOME=/"),
            "{what} shows the environment: {text}"
        );
    }
    assert!(comment.contains("file-not-read"), "{comment}");
    assert!(
        stdout.lines().any(|l| l.starts_with(
            "::error file=supabase/migrations/20260101000001_env.sql,title=schemagate file-not-read::"
        )),
        "{stdout}"
    );
    assert_no_forged_command("action stdout", stdout);
}

// --- Deep statements and remote history -------------------------------------

fn deep_update() -> String {
    let parts: Vec<String> = (0..48).map(|i| format!("'part{i}'")).collect();
    format!("update public.notes set body = {};\n", parts.join(" || "))
}

/// The rules of the findings of `command --format json <flags>` on `dir`.
fn rules_found(command: &str, dir: &Path, flags: &[&str]) -> Vec<String> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(flags);
    let (_, stdout, stderr) = run_on(command, dir, &all, &[]);
    let report = common::cli::printed_report(&stdout, &stderr);
    common::cli::rules(&report)
        .into_iter()
        .map(|r| r.0)
        .collect()
}

#[test]
fn deep_statements_are_linted_not_reported_as_syntax_errors() {
    let deep = deep_update();
    let dir = project(&[
        (
            "supabase/migrations/20260101000000_a.sql",
            b"create table public.notes (id int, body text);\nalter table public.notes enable row level security;\n",
        ),
        ("supabase/migrations/20260101000001_b.sql", deep.as_bytes()),
    ]);
    let file = dir.path().join("supabase/migrations/20260101000001_b.sql");
    let rules = rules_found("lint", dir.path(), &[file.to_str().unwrap()]);
    assert!(!rules.contains(&"syntax-error".to_string()), "{rules:?}");
    assert!(
        rules.contains(&"dml-without-where".to_string()),
        "{rules:?}"
    );

    let rules = rules_found("check", dir.path(), &["--all"]);
    assert!(
        rules.contains(&"dml-without-where".to_string()),
        "{rules:?}"
    );
    assert!(!rules.contains(&"lint-skipped".to_string()), "{rules:?}");
}

#[test]
fn check_all_says_when_the_static_rules_skip_a_statement() {
    // The lint parser and the server disagree here only because the
    // statement fails on both; the point is that the skip is said.
    let dir = project(&[("supabase/migrations/20260101000000_a.sql", b"selec 1;\n")]);
    let (code, stdout, stderr) = run_on("check", dir.path(), &["--all", "--format", "json"], &[]);
    assert_eq!(code, 1);
    let report = common::cli::printed_report(&stdout, &stderr);
    assert!(
        says(&report, "lint-skipped", "skipped this statement"),
        "{report:#}"
    );
}

#[tokio::test]
async fn empty_or_descriptive_remote_rows_are_content_unknown_not_edits() {
    let (database, url) = common::remote_with_history(&[
        ("20260101000000", Some("a"), Some(&[])),
        (
            "20260101000001",
            Some("b"),
            Some(&["Applied by hand during the March outage, see OPS-42."]),
        ),
        ("20260101000002", Some("c"), Some(&["select 3"])),
    ])
    .await;
    let dir = project(&[
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
        ("supabase/migrations/20260101000001_b.sql", b"select 2;"),
        ("supabase/migrations/20260101000002_c.sql", b"select 4;"),
    ]);
    let flags = ["--remote-url", &url, "--format", "json"];
    let (_, stdout, stderr) = run_on_async("list", dir.path(), &flags, &[]).await;
    let report = common::cli::printed_report(&stdout, &stderr);
    assert_eq!(
        common::cli::history_statuses(&report),
        [
            ("20260101000000".to_string(), "content_unknown".to_string()),
            ("20260101000001".to_string(), "content_unknown".to_string()),
            // A real edit is still one.
            ("20260101000002".to_string(), "edited".to_string()),
        ]
    );
    database.close().await.unwrap();
}
