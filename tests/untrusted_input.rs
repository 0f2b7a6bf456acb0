//! A pull request's files are untrusted (issue 11, items 1, 5, 10, 11):
//! links to the runner's secrets are not read, secrets are scrubbed from
//! every output anyway, error text and file names cannot forge workflow
//! commands or drive a terminal, deep statements are analysed, and remote
//! history rows that recorded nothing comparable are not edits.
//! Everything runs the real binary against a real PostgreSQL.

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::{project, run_cli};
use serde_json::{json, Value};

/// Secrets in the environment of every run below, as a runner has them.
const GITHUB_TOKEN: &str = "ghs_envtoken1111111111111111111111111";
const INPUT_TOKEN: &str = "ghs_inputtoken22222222222222222222222";
const PG_PASSWORD: &str = "pgpass-9f8e7d6c";
const DB_PASSWORD: &str = "dbpass-5a4b3c2d";
const SERVICE_KEY: &str = "svc-key-0a1b2c3d4e5f";

fn secret_env() -> Vec<(&'static str, String)> {
    vec![
        ("GITHUB_TOKEN", GITHUB_TOKEN.to_string()),
        ("INPUT_GITHUB-TOKEN", INPUT_TOKEN.to_string()),
        ("PGPASSWORD", PG_PASSWORD.to_string()),
        (
            "DATABASE_URL",
            format!("postgresql://app:{DB_PASSWORD}@db.internal:5432/app"),
        ),
        ("SUPABASE_SERVICE_ROLE_KEY", SERVICE_KEY.to_string()),
    ]
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

fn run_with_secrets(args: &[&str]) -> (i32, String, String) {
    let env = secret_env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run_cli(args, &env)
}

fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["file"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
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
    let project_dir = dir.path().display().to_string();
    for format in ["json", "markdown", "human", "sarif"] {
        let output = dir.path().join(format!("report-{format}.json"));
        let (code, stdout, stderr) = run_with_secrets(&[
            "check",
            "--all",
            "--project-dir",
            &project_dir,
            "--format",
            format,
            "--output",
            &output.display().to_string(),
        ]);
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
        let not_read: Vec<_> = findings(&report)
            .into_iter()
            .filter(|(rule, _, _)| rule == "file-not-read")
            .collect();
        assert_eq!(not_read.len(), 1, "{format}: {:#?}", findings(&report));
        assert_eq!(not_read[0].1, "supabase/migrations/20260101000001_env.sql");
        assert!(
            not_read[0].2.contains("is a symbolic link"),
            "{}",
            not_read[0].2
        );
        assert_eq!(report["migrations"][1]["status"], "failed");
    }
}

#[test]
fn a_seed_linked_out_or_named_out_of_the_repository_is_not_read() {
    let dir = project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    symlink("/proc/self/environ", dir.path().join("supabase/seed.sql")).unwrap();
    let project_dir = dir.path().display().to_string();
    let (code, stdout, stderr) = run_with_secrets(&[
        "check",
        "--seed",
        "--project-dir",
        &project_dir,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_no_secret("stdout", &stdout);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        findings(&report)
            .iter()
            .any(|(rule, file, message)| rule == "file-not-read"
                && file == "supabase/seed.sql"
                && message.contains("symbolic link")),
        "{:#?}",
        findings(&report)
    );

    // The same through a seed path in supabase/config.toml, no link needed.
    std::fs::remove_file(dir.path().join("supabase/seed.sql")).unwrap();
    std::fs::write(
        dir.path().join("supabase/config.toml"),
        "[db.seed]\nsql_paths = ['../../../../../../../../../../proc/self/environ']\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run_with_secrets(&[
        "check",
        "--seed",
        "--project-dir",
        &project_dir,
        "--format",
        "json",
    ]);
    assert_no_secret("stdout", &stdout);
    assert_no_secret("stderr", &stderr);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        findings(&report)
            .iter()
            .any(|(rule, _, message)| rule == "file-not-read"
                && message.contains("out of the repository")),
        "{:#?}",
        findings(&report)
    );
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
    let project_dir = dir.path().display().to_string();
    let output = dir.path().join("report.json");
    let output_arg = output.display().to_string();
    let run = |format: &'static str| {
        let args = [
            "check".to_string(),
            "--project-dir".into(),
            project_dir.clone(),
            "--postgres".into(),
            "url".into(),
            "--database-url".into(),
            url.clone(),
            "--format".into(),
            format.into(),
            "--output".into(),
            output_arg.clone(),
        ];
        let env = secret_env();
        std::thread::spawn(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
            run_cli(&args, &env)
        })
        .join()
        .unwrap()
    };
    // Each file fails on its own: the first failure stops the run, so two runs.
    for (format, expected) in [("json", SERVICE_KEY), ("human", SERVICE_KEY)] {
        let (code, stdout, stderr) = run(format);
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
    let (code, stdout, stderr) = run("markdown");
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
    let project_dir = dir.path().display().to_string();
    for format in ["human", "markdown"] {
        let (code, stdout, stderr) = run_cli(
            &["check", "--project-dir", &project_dir, "--format", format],
            &[],
        );
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

const REPO: &str = "acme/app";

async fn github_api() -> wiremock::MockServer {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    // The link is a modified file: its diff would show what it points to.
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/pulls/7/files")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {
                "sha": "bbcb3d5e1a6c1c4b0e0e5d8f1c2a3b4c5d6e7f80",
                "filename": "supabase/migrations/20260101000001_env.sql",
                "status": "modified",
                "additions": 1,
                "deletions": 1,
                "changes": 2
            },
            {
                "sha": "ccdb3d5e1a6c1c4b0e0e5d8f1c2a3b4c5d6e7f81",
                "filename": "supabase/migrations/20260101000002_quote.sql",
                "status": "added",
                "additions": 1,
                "deletions": 0,
                "changes": 1
            }
        ])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/repos/{REPO}/contents/supabase/migrations/20260101000001_env.sql"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "type": "file",
            "encoding": "base64",
            "name": "20260101000001_env.sql",
            "path": "supabase/migrations/20260101000001_env.sql",
            "content": "c2VsZWN0IDE7Cg==\n",
            "sha": "aa1b2c3d4e5f60718293a4b5c6d7e8f901234567"
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/contents/supabase/migrations")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"type": "file", "name": "20260101000000_a.sql", "path": "supabase/migrations/20260101000000_a.sql"},
            {"type": "file", "name": "20260101000001_env.sql", "path": "supabase/migrations/20260101000001_env.sql"}
        ])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/repos/{REPO}/issues/7/comments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/repos/{REPO}/issues/7/comments")))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({ "id": 42, "body": "<!-- schemagate:report -->" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn run_action(dir: &Path, api: &str) -> (i32, String, String, String) {
    let summary = dir.join("summary.md");
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
    std::fs::write(dir.join("event.json"), event.to_string()).unwrap();
    let mut command = std::process::Command::new(common::BIN);
    command
        .arg("action")
        .current_dir(dir)
        .env("GITHUB_EVENT_PATH", dir.join("event.json"))
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_REPOSITORY", REPO)
        .env("GITHUB_API_URL", api)
        .env("GITHUB_WORKSPACE", dir)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", dir.join("outputs.txt"))
        .env("RUNNER_TEMP", dir)
        .env("SCHEMAGATE_GITHUB_RETRY_MS", "5")
        .env("INPUT_POSTGRES", "embedded")
        .env("INPUT_PROJECT-DIR", dir)
        .env_remove("GITHUB_BASE_REF")
        .env_remove("SCHEMAGATE_REMOTE_URL")
        .env_remove("SUPABASE_DB_URL");
    for (key, value) in secret_env() {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        std::fs::read_to_string(summary).unwrap_or_default(),
    )
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
    let (code, stdout, stderr, summary) = tokio::task::spawn_blocking({
        let (dir, uri) = (dir.path().to_path_buf(), server.uri());
        move || run_action(&dir, &uri)
    })
    .await
    .unwrap();
    assert_eq!(code, 1, "{stdout}{stderr}");
    let report = std::fs::read_to_string(dir.path().join("schemagate-report.json")).unwrap();
    let requests = server.received_requests().await.unwrap();
    let post = requests
        .iter()
        .find(|r| r.method.as_str() == "POST")
        .expect("a comment was posted");
    let body: Value = serde_json::from_slice(&post.body).unwrap();
    let comment = body["body"].as_str().unwrap();
    for (what, text) in [
        ("comment", comment),
        ("stdout", &stdout),
        ("stderr", &stderr),
        ("summary", &summary),
        ("report", &report),
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
    assert_no_forged_command("action stdout", &stdout);
}

// --- Deep statements and remote history -------------------------------------

fn deep_update() -> String {
    let parts: Vec<String> = (0..48).map(|i| format!("'part{i}'")).collect();
    format!("update public.notes set body = {};\n", parts.join(" || "))
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
    let project_dir = dir.path().display().to_string();
    let file = dir.path().join("supabase/migrations/20260101000001_b.sql");
    let (_, stdout, stderr) = run_cli(
        &[
            "lint",
            "--project-dir",
            &project_dir,
            "--format",
            "json",
            &file.display().to_string(),
        ],
        &[],
    );
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert!(!rules.contains(&"syntax-error".to_string()), "{rules:?}");
    assert!(
        rules.contains(&"dml-without-where".to_string()),
        "{rules:?}"
    );

    let (_, stdout, stderr) = run_cli(
        &[
            "check",
            "--all",
            "--project-dir",
            &project_dir,
            "--format",
            "json",
        ],
        &[],
    );
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let rules: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
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
    let project_dir = dir.path().display().to_string();
    let (code, stdout, _) = run_cli(
        &[
            "check",
            "--all",
            "--project-dir",
            &project_dir,
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        findings(&report)
            .iter()
            .any(|(rule, _, message)| rule == "lint-skipped"
                && message.contains("skipped this statement")),
        "{:#?}",
        findings(&report)
    );
}

#[tokio::test]
async fn empty_or_descriptive_remote_rows_are_content_unknown_not_edits() {
    let database = common::fresh_database(true).await;
    let mut conn = database.connect_admin().await.unwrap();
    let rows: [(&str, &str, Vec<&str>); 3] = [
        ("20260101000000", "a", vec![]),
        (
            "20260101000001",
            "b",
            vec!["Applied by hand during the March outage, see OPS-42."],
        ),
        ("20260101000002", "c", vec!["select 3"]),
    ];
    for (version, name, statements) in &rows {
        sqlx::query("insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)")
            .bind(version)
            .bind(name)
            .bind(statements)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    drop(conn);
    let url = common::server().await.admin_url(&database.name);
    let dir = project(&[
        ("supabase/migrations/20260101000000_a.sql", b"select 1;"),
        ("supabase/migrations/20260101000001_b.sql", b"select 2;"),
        ("supabase/migrations/20260101000002_c.sql", b"select 4;"),
    ]);
    let project_dir = dir.path().display().to_string();
    let (_, stdout, stderr) = tokio::task::spawn_blocking(move || {
        run_cli(
            &[
                "list",
                "--project-dir",
                &project_dir,
                "--remote-url",
                &url,
                "--format",
                "json",
            ],
            &[],
        )
    })
    .await
    .unwrap();
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let statuses: Vec<(String, String)> = report["history"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["version"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("20260101000000".to_string(), "content_unknown".to_string()),
            ("20260101000001".to_string(), "content_unknown".to_string()),
            // A real edit is still one.
            ("20260101000002".to_string(), "edited".to_string()),
        ]
    );
    database.close().await.unwrap();
}
