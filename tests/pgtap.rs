//! The project's pgTAP tests through `check`: passing, failing, dying,
//! mismatching their plan and timing out, with basejump-style helpers
//! vendored in a set-up file; `--no-tests`; and a server without pgtap.

mod common;

use common::{check, check_files, of_rule, options, project};
use schemagate::commands::check::CheckOptions;
use schemagate::report::{Severity, Status, TestStatus};

/// The example's vendored helpers (basejump's interface).
const HELPERS: &[u8] =
    include_bytes!("../examples/marketplace/supabase/tests/000-setup-tests-hooks.sql");

const ORDERS: &[u8] = b"create table public.orders (\n  id uuid primary key default gen_random_uuid(),\n  customer_id uuid not null references auth.users (id),\n  total_cents int not null\n);\ncreate index on public.orders (customer_id);\nalter table public.orders enable row level security;\ncreate policy \"customers read their orders\" on public.orders\n  for select to authenticated using (customer_id = (select auth.uid()));\ngrant select on public.orders to anon, authenticated;\n";

const PASSING: &[u8] = b"begin;\nselect plan(3);\nselect tests.create_supabase_user('alice');\nselect tests.create_supabase_user('bob');\ninsert into public.orders (customer_id, total_cents)\n  values (tests.get_supabase_uid('alice'), 100), (tests.get_supabase_uid('bob'), 200);\nselect tests.clear_authentication();\nselect is((select count(*) from public.orders)::int, 0, 'anon sees no orders');\nselect tests.authenticate_as('alice');\nselect is((select count(*) from public.orders)::int, 1, 'alice sees only her order');\nselect results_eq('select total_cents from public.orders', $$values (100)$$, 'alice sees her total');\nselect * from finish();\nrollback;\n";

const FAILING: &[u8] = b"begin;\nselect plan(2);\nselect ok(true, 'first passes');\nselect is(1 + 1, 3, 'arithmetic is broken');\nselect * from finish();\nrollback;\n";

const DYING: &[u8] = b"begin;\nselect plan(2);\nselect ok(true, 'before the error');\nselect tests.authenticate_as('nobody');\nselect ok(true, 'never runs');\nrollback;\n";

const PLAN: &[u8] =
    b"begin;\nselect plan(3);\nselect ok(true, 'one');\nselect * from finish();\nrollback;\n";

fn tests_project(tests: &[(&str, &[u8])]) -> tempfile::TempDir {
    let mut files: Vec<(String, &[u8])> = vec![
        (
            "supabase/migrations/20260101000000_orders.sql".to_string(),
            ORDERS,
        ),
        (
            "supabase/tests/000-setup-tests-hooks.sql".to_string(),
            HELPERS,
        ),
    ];
    files.extend(
        tests
            .iter()
            .map(|(name, sql)| (format!("supabase/tests/{name}"), *sql)),
    );
    common::project_owned(&files)
}

#[tokio::test]
async fn passing_failing_dying_and_mismatched_files_are_reported_per_file() {
    let dir = tests_project(&[
        ("010-orders.sql", PASSING),
        ("database/020-failing.sql", FAILING),
        ("database/030-dies.sql", DYING),
        ("database/040-plan.sql", PLAN),
    ]);
    let report = check(dir.path(), options(true, false)).await;
    let tests = report.tests.as_ref().expect("tests ran");
    let summary: Vec<_> = tests
        .files
        .iter()
        .map(|f| {
            (
                f.file.trim_start_matches("supabase/tests/"),
                f.status,
                f.planned,
                f.ran,
                f.passed,
                f.failed,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "000-setup-tests-hooks.sql",
                TestStatus::Passed,
                Some(1),
                1,
                1,
                0
            ),
            ("010-orders.sql", TestStatus::Passed, Some(3), 3, 3, 0),
            (
                "database/020-failing.sql",
                TestStatus::Failed,
                Some(2),
                2,
                1,
                1
            ),
            ("database/030-dies.sql", TestStatus::Died, Some(2), 1, 1, 0),
            (
                "database/040-plan.sql",
                TestStatus::PlanMismatch,
                Some(3),
                1,
                1,
                0
            ),
        ],
        "{:#?}",
        report.findings
    );

    let failed = of_rule(&report, "test-failed");
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert_eq!(failed[0].severity, Severity::Error);
    assert_eq!(
        failed[0].file.as_deref(),
        Some("supabase/tests/database/020-failing.sql")
    );
    assert_eq!(failed[0].line, Some(4));
    let message = &failed[0].message;
    assert!(
        message.starts_with("test 2 - arithmetic is broken failed")
            && message.contains("have: 2")
            && message.contains("want: 3"),
        "{message}"
    );

    let died = of_rule(&report, "test-died");
    assert_eq!(died.len(), 1, "{died:#?}");
    assert_eq!(
        died[0].file.as_deref(),
        Some("supabase/tests/database/030-dies.sql")
    );
    assert_eq!(died[0].line, Some(4));
    common::assert_contains(&died[0].message, "User with identifier nobody not found");

    let plan = of_rule(&report, "test-plan");
    assert_eq!(plan.len(), 1, "{plan:#?}");
    assert!(plan[0].message.contains("planned 3 test(s) but ran 1"));
    assert_eq!(report.status, Status::Fail);
    assert_eq!(report.exit_code(), 1);
}

#[tokio::test]
async fn a_leaking_policy_fails_the_project_tests() {
    let leaking = String::from_utf8(ORDERS.to_vec())
        .unwrap()
        .replace("using (customer_id = (select auth.uid()))", "using (true)");
    let report = check_files(&[
        (
            "supabase/migrations/20260101000000_orders.sql",
            leaking.as_bytes(),
        ),
        ("supabase/tests/000-setup-tests-hooks.sql", HELPERS),
        ("supabase/tests/010-orders.sql", PASSING),
    ])
    .await;
    let failed = of_rule(&report, "test-failed");
    assert_eq!(failed.len(), 2, "{:#?}", report.findings);
    assert!(failed[0].message.contains("alice sees only her order"));
    assert_eq!(report.status, Status::Fail);
}

#[tokio::test]
async fn a_file_past_its_timeout_dies_and_no_tests_skips_them_all() {
    let dir = project(&[
        ("schemagate.toml", b"[apply]\nfile_timeout = \"1s\"\n"),
        ("supabase/migrations/20260101000000_a.sql", b"select 1;\n"),
        (
            "supabase/tests/slow.sql",
            b"select plan(1);\nselect pg_sleep(30);\nselect ok(true);\n",
        ),
    ]);
    let started = std::time::Instant::now();
    let report = check(dir.path(), options(true, false)).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let died = of_rule(&report, "test-died");
    assert_eq!(died.len(), 1, "{:#?}", report.findings);
    assert!(died[0].message.contains("did not finish within 1s"));
    assert_eq!(
        report.tests.as_ref().unwrap().files[0].status,
        TestStatus::Died
    );

    let skipped = check(
        dir.path(),
        CheckOptions {
            tests: false,
            ..options(true, false)
        },
    )
    .await;
    assert_eq!(skipped.tests, None);
    assert!(of_rule(&skipped, "test-died").is_empty());
    assert_eq!(skipped.status, Status::Pass);
}

/// A copy of the PostgreSQL installation whose extension directory lacks
/// pgtap: binaries copied (PostgreSQL finds its share directory relative
/// to its own executable), everything else linked.
fn installation_without_pgtap() -> tempfile::TempDir {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let root = tempfile::tempdir().unwrap();
    std::fs::set_permissions(root.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let lib = root.path().join("lib/postgresql/15");
    std::fs::create_dir_all(lib.join("bin")).unwrap();
    for entry in std::fs::read_dir("/usr/lib/postgresql/15/bin").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, lib.join("bin").join(path.file_name().unwrap())).unwrap();
    }
    symlink("/usr/lib/postgresql/15/lib", lib.join("lib")).unwrap();
    let share = root.path().join("share/postgresql/15");
    std::fs::create_dir_all(share.join("extension")).unwrap();
    for entry in std::fs::read_dir("/usr/share/postgresql/15").unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != "extension" {
            symlink(&path, share.join(path.file_name().unwrap())).unwrap();
        }
    }
    for entry in std::fs::read_dir("/usr/share/postgresql/15/extension").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("pgtap") {
            symlink(&path, share.join("extension").join(&name)).unwrap();
        }
    }
    for dir in [root.path().join("lib"), root.path().join("share")] {
        for entry in walk(&dir) {
            let _ = std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o755));
        }
    }
    root
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut all = vec![dir.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !path.is_symlink() {
                all.extend(walk(&path));
            } else if !path.is_symlink() {
                all.push(path);
            }
        }
    }
    all
}

#[tokio::test]
async fn a_server_without_pgtap_is_an_error_finding_never_a_silent_pass() {
    use schemagate::postgres::{Backend, Binaries, Embedded};

    let install = installation_without_pgtap();
    let bindir = install.path().join("lib/postgresql/15/bin");
    let server = Embedded::new(Binaries::find(Some(&bindir), None).unwrap())
        .start()
        .await
        .unwrap();
    let dir = tests_project(&[("010-orders.sql", PASSING)]);
    let database = server.create_database("no_pgtap", None).await.unwrap();
    let report = common::check_in(&database, dir.path(), &options(true, false)).await;
    assert!(report.error.is_none(), "{:?}", report.error);
    let unavailable = of_rule(&report, "pgtap-unavailable");
    assert_eq!(unavailable.len(), 1, "{:#?}", report.findings);
    assert_eq!(unavailable[0].severity, Severity::Error);
    assert!(unavailable[0].message.contains("2 test file(s)"));
    assert_eq!(report.status, Status::Fail);
    assert_eq!(report.tests, None);
}
