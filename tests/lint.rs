//! Migration safety analysis against a real PostgreSQL: traced locks and
//! rewrites, the idempotency re-apply, which files `check` analyses,
//! suppressions and `[rules]` levels, and `schemagate lint` end to end.

mod common;

use common::cli::run_on;
use common::{check, check_migrations, migrations, of_rule, options_all, project};
use schemagate::report::{Finding, Severity, Status};

fn in_file<'a>(findings: &[&'a Finding], suffix: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .copied()
        .filter(|f| f.file.as_deref().is_some_and(|p| p.ends_with(suffix)))
        .collect()
}

const EXISTING_ORDERS: &str = "create table public.orders (id int primary key, total_cents int);\n\
     alter table public.orders enable row level security;\n\
     insert into public.orders values (1, 100), (2, 250);";

#[tokio::test]
async fn a_volatile_not_null_column_on_an_existing_table_is_traced_as_rewrite_and_lock() {
    let dir = migrations(&[
        EXISTING_ORDERS,
        "-- a public id for every order\n\
         alter table public.orders add column public_id uuid not null default gen_random_uuid();",
        "create table public.fresh (id int primary key);\ncreate index fresh_id on public.fresh (id);",
    ]);
    let report = check(dir.path(), options_all(true)).await;
    assert_eq!(report.summary.failed, 0, "{report:#?}");

    let rewrites = of_rule(&report, "traced-rewrite");
    let locks = of_rule(&report, "traced-lock");
    // The second file: one rewrite and one ACCESS EXCLUSIVE lock, on the
    // statement's own line (below its comment).
    let rewrite = in_file(&rewrites, "_m1.sql");
    assert_eq!(rewrite.len(), 1, "{rewrites:#?}");
    assert_eq!(rewrite[0].line, Some(2));
    assert_eq!(rewrite[0].severity, Severity::Warning);
    common::assert_starts_with(
        &rewrite[0].message,
        "rewrites public.orders (existing table)",
    );
    let lock = in_file(&locks, "_m1.sql");
    assert_eq!(lock.len(), 1, "{locks:#?}");
    assert_eq!(
        lock[0].message,
        "takes ACCESS EXCLUSIVE on public.orders (existing table): reads and writes on it wait until the migration commits"
    );
    assert_eq!(
        (lock[0].line, lock[0].severity),
        (Some(2), Severity::Warning)
    );
    // Creating a table (the first and last files) reports neither.
    for file in ["_m0.sql", "_m2.sql"] {
        assert!(in_file(&rewrites, file).is_empty(), "{rewrites:#?}");
        assert!(in_file(&locks, file).is_empty(), "{locks:#?}");
    }
    // The static rule saw it coming too.
    assert_eq!(
        in_file(&of_rule(&report, "volatile-default"), "_m1.sql").len(),
        1
    );
}

#[tokio::test]
async fn weaker_write_blocking_locks_are_notices_and_constant_defaults_do_not_rewrite() {
    let dir = migrations(&[
        EXISTING_ORDERS,
        "set lock_timeout = '5s';\n\
         alter table public.orders add column status text not null default 'new';\n\
         create index orders_total on public.orders (total_cents);\n\
         create table public.refunds (id int primary key, order_id int references public.orders (id));\n\
         create index refunds_order on public.refunds (order_id);\n\
         alter table public.refunds enable row level security;",
    ]);
    let report = check(dir.path(), options_all(true)).await;
    assert!(of_rule(&report, "traced-rewrite").is_empty(), "{report:#?}");
    let locks: Vec<(Option<u32>, Severity, &str)> = of_rule(&report, "traced-lock")
        .iter()
        .map(|f| (f.line, f.severity, f.message.as_str()))
        .collect();
    // ADD COLUMN with a constant default only touches the catalog, but it
    // still takes ACCESS EXCLUSIVE; later, weaker locks on the same table
    // are not repeated.
    assert_eq!(
        locks,
        [(
            Some(2),
            Severity::Warning,
            "takes ACCESS EXCLUSIVE on public.orders (existing table): reads and writes on it wait until the migration commits"
        )]
    );

    let dir = migrations(&[
        EXISTING_ORDERS,
        "create index orders_total on public.orders (total_cents);",
    ]);
    let report = check(dir.path(), options_all(true)).await;
    let locks = of_rule(&report, "traced-lock");
    assert_eq!(locks.len(), 1, "{locks:#?}");
    assert_eq!(locks[0].severity, Severity::Notice);
    common::assert_starts_with(
        &locks[0].message,
        "takes SHARE on public.orders (existing table): writes on it wait",
    );
}

#[tokio::test]
async fn a_rewrite_inside_a_file_that_commits_midway_is_still_traced() {
    let dir = migrations(&[
        EXISTING_ORDERS,
        "begin;\nalter table public.orders alter column total_cents type bigint;\ncommit;\nselect 1;",
    ]);
    let report = check(dir.path(), options_all(true)).await;
    let rewrites = in_file(&of_rule(&report, "traced-rewrite"), "_m1.sql");
    assert_eq!(rewrites.len(), 1, "{report:#?}");
    assert_eq!(rewrites[0].line, Some(2));
}

#[tokio::test]
async fn a_suppression_silences_a_traced_finding_on_its_statement_only() {
    let dir = migrations(&[
        EXISTING_ORDERS,
        "-- schemagate:ignore traced-rewrite orders holds a handful of rows\n\
         alter table public.orders add column a uuid default gen_random_uuid();\n\
         alter table public.orders add column b uuid default gen_random_uuid();",
    ]);
    let report = check(dir.path(), options_all(true)).await;
    let rewrites: Vec<_> = of_rule(&report, "traced-rewrite")
        .iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(rewrites, [Some(3)], "{report:#?}");
    // The lock of the first statement is another rule: still reported.
    let locks: Vec<_> = of_rule(&report, "traced-lock")
        .iter()
        .map(|f| f.line)
        .collect();
    assert_eq!(locks, [Some(2)]);
}

#[tokio::test]
async fn an_idempotent_file_is_applied_twice_and_a_failure_is_an_error() {
    let dir = migrations(&[
        EXISTING_ORDERS,
        "-- schemagate:idempotent\n\
         create table if not exists public.audit_logs (id int primary key);\n\
         alter table public.audit_logs enable row level security;\n\
         create index audit_logs_id on public.audit_logs (id);\n\
         create table public.reports (id int);",
        "-- schemagate:idempotent\n\
         create table if not exists public.carts (id int primary key);\n\
         alter table public.carts enable row level security;\n\
         create index if not exists carts_id on public.carts (id);\n\
         drop policy if exists \"own\" on public.carts;\n\
         create policy \"own\" on public.carts for select using (true);",
    ]);
    let report = check(dir.path(), options_all(true)).await;
    // Both files applied; the second run of the first fails at its line 4.
    assert_eq!(report.summary.applied, 3, "{report:#?}");
    let reapply = of_rule(&report, "idempotency-reapply");
    assert_eq!(reapply.len(), 1, "{reapply:#?}");
    assert!(reapply[0].file.as_deref().unwrap().ends_with("_m1.sql"));
    assert_eq!(
        (reapply[0].line, reapply[0].severity),
        (Some(4), Severity::Error)
    );
    common::assert_contains(&reapply[0].message, "already exists [42P07]");
    // The static rule flags the same statements, as errors too.
    let static_lines: Vec<_> = in_file(&of_rule(&report, "not-idempotent"), "_m1.sql")
        .iter()
        .map(|f| (f.line, f.severity))
        .collect();
    assert_eq!(
        static_lines,
        [(Some(4), Severity::Error), (Some(5), Severity::Error)]
    );
    assert_eq!(report.status, Status::Fail);
    // The re-run was rolled back: the history has each version once.
    assert_eq!(report.migrations.len(), 3);
}

#[tokio::test]
async fn without_a_change_set_nothing_is_analysed_and_a_notice_says_so() {
    let report = check_migrations(&[
        EXISTING_ORDERS,
        "alter table public.orders add column public_id uuid default gen_random_uuid();",
    ])
    .await;
    // The advisors still look at the database, but without a change set
    // they cannot tell what is new: their findings are notices.
    let advisor = |rule: &str| {
        schemagate::advisors::ADVISORS
            .iter()
            .any(|a| a.rule.as_str() == rule)
    };
    let (advised, rest): (Vec<&Finding>, Vec<&Finding>) = report
        .findings
        .iter()
        .partition(|f| advisor(f.rule.as_str()));
    let rules: Vec<&str> = rest.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, ["lint-skipped"], "{report:#?}");
    assert_eq!(rest[0].severity, Severity::Notice);
    assert!(advised
        .iter()
        .all(|f| f.severity == Severity::Notice && f.message.contains("no change set")));
    assert_eq!(report.status, Status::Pass);
}

#[tokio::test]
async fn a_change_set_selects_the_files_to_lint_and_trace() {
    let dir = migrations(&[
        EXISTING_ORDERS,
        "alter table public.orders add column a uuid default gen_random_uuid();",
        "alter table public.orders add column b uuid default gen_random_uuid();",
    ]);
    let changed = "supabase/migrations/20260101000002_m2.sql";
    let options = common::pull_request_options(&[(changed, b"...")], &[]);
    let report = check(dir.path(), options).await;
    assert!(of_rule(&report, "lint-skipped").is_empty());
    let files: std::collections::BTreeSet<&str> = report
        .findings
        .iter()
        .filter_map(|f| f.file.as_deref())
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [changed],
        "{report:#?}"
    );
    assert_eq!(of_rule(&report, "traced-rewrite").len(), 1);
    assert_eq!(of_rule(&report, "volatile-default").len(), 1);
}

#[tokio::test]
async fn rule_levels_from_the_configuration_apply_to_traced_and_static_findings() {
    let dir = project(&[
        (
            "schemagate.toml",
            b"[rules]\ntraced-lock = \"error\"\nvolatile-default = \"off\"\nmissing-lock-timeout = \"notice\"\n",
        ),
        ("supabase/migrations/20260101000000_orders.sql", EXISTING_ORDERS.as_bytes()),
        (
            "supabase/migrations/20260101000001_public_id.sql",
            b"alter table public.orders add column public_id uuid default gen_random_uuid();",
        ),
    ]);
    let report = check(dir.path(), options_all(true)).await;
    assert!(
        of_rule(&report, "volatile-default").is_empty(),
        "{report:#?}"
    );
    assert_eq!(of_rule(&report, "traced-lock")[0].severity, Severity::Error);
    assert_eq!(
        of_rule(&report, "missing-lock-timeout")[0].severity,
        Severity::Notice
    );
    assert_eq!(report.status, Status::Fail);
    assert_eq!(report.exit_code(), 1);
}

#[test]
fn lint_needs_no_server_and_exits_by_severity() {
    let dir = migrations(&[
        "create table public.orders (id int primary key);\nalter table public.orders enable row level security;\n\
         create policy \"read\" on public.orders for select using (true);",
        "set lock_timeout = '5s';\ndrop table public.orders;",
    ]);
    let lint = |flags: &[&str]| run_on("lint", dir.path(), flags, &[]);
    let (code, stdout, stderr) = lint(&[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("warning [drop-table]"), "{stdout}");
    assert!(
        stdout.contains("schemagate lint PASS: 2 files linted · 1 warning"),
        "{stdout}"
    );

    let (code, stdout, _) = lint(&["--fail-on", "warning", "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON only");
    assert_eq!(report["command"], "lint");
    assert_eq!(report["status"], "fail");
    assert_eq!(report["summary"]["migrations"], 2);

    // Files on the command line: only those are linted.
    let first = dir.path().join("supabase/migrations/20260101000000_m0.sql");
    let (code, stdout, _) = lint(&["--format", "json", first.to_str().unwrap()]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 0, "{report}");

    // A missing file and an unknown rule id are usage errors (exit 2).
    let (code, _, stderr) = lint(&["no/such.sql"]);
    assert_eq!(code, 2, "{stderr}");
    let bad = project(&[("schemagate.toml", b"[rules]\ndrop-tabel = \"off\"\n")]);
    let (code, stdout, _) = run_on("lint", bad.path(), &[], &[]);
    assert_eq!(code, 2);
    assert!(stdout.contains("unknown rule id `drop-tabel`"), "{stdout}");
}

#[test]
fn check_all_on_the_example_passes_and_reports_the_analysis() {
    let example = common::repo().join("examples/marketplace");
    let (code, stdout, stderr) = run_on("check", &example, &["--all", "--format", "json"], &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    // The catch-up file creates tables in public without row level security.
    assert!(rules.contains(&"rls-disabled"), "{rules:?}");
    // Adding the council column locks the existing listings table.
    assert!(rules.contains(&"traced-lock"), "{rules:?}");
    // The catch-up file is marked idempotent in schemagate.toml, and is.
    assert!(!rules.contains(&"idempotency-reapply"), "{rules:?}");
    assert!(!rules.contains(&"not-idempotent"), "{rules:?}");
    assert!(!rules.contains(&"lint-skipped"));
}
