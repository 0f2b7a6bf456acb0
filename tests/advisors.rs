//! The advisors through `check`: for every advisor rule a bad fixture that
//! it reports at the statement that created or last changed the object and
//! a clean one it does not; de-duplication against the static rules; and
//! base-branch objects graded as notices unless `--all`.

mod common;

use common::{check, migrations, of_rule, options_all, project};
use schemagate::report::{Report, Severity};

/// One advisor's fixtures: migrations that trip it, where (file index,
/// line), and migrations that do not.
struct Case {
    rule: &'static str,
    bad: &'static [&'static str],
    at: (usize, u32),
    clean: &'static [&'static str],
}

const TABLE: &str = "create table public.t (id uuid primary key, owner uuid);\nalter table public.t enable row level security;\n";

const CASES: &[Case] = &[
    Case {
        rule: "auth-users-exposed",
        bad: &["select 1;\ncreate view public.members with (security_invoker = true) as select id, email from auth.users;\ngrant select on public.members to authenticated;\n"],
        at: (0, 2),
        clean: &["create schema private;\ncreate view private.members as select id, email from auth.users;\ngrant usage on schema private to authenticated;\ngrant select on private.members to authenticated;\n"],
    },
    Case {
        rule: "security-definer-view",
        bad: &[TABLE, "create view public.v as select id from public.t;\n"],
        at: (1, 1),
        clean: &[TABLE, "create view public.v with (security_invoker = true) as select id from public.t;\n"],
    },
    Case {
        rule: "function-search-path-mutable",
        bad: &["-- a helper\ncreate function public.one() returns int language sql as $$ select 1 $$;\n"],
        at: (0, 2),
        clean: &["create function public.one() returns int language sql set search_path = '' as $$ select 1 $$;\n"],
    },
    Case {
        rule: "policy-exists-rls-disabled",
        bad: &[TABLE, "create policy own on public.t for select to authenticated using (owner = (select auth.uid()));\nalter table public.t disable row level security;\n"],
        at: (1, 2),
        clean: &[TABLE, "create policy own on public.t for select to authenticated using (owner = (select auth.uid()));\n"],
    },
    Case {
        rule: "rls-enabled-no-policy",
        bad: &["create table public.t (id uuid primary key);\ndo $$ begin execute 'alter table public.t enable row level security'; end $$;\n"],
        at: (0, 2),
        clean: &["create table public.t (id uuid primary key);\ndo $$ begin execute 'alter table public.t enable row level security'; end $$;\ncreate policy everyone on public.t for select to authenticated using (true);\n"],
    },
    Case {
        rule: "rls-disabled-in-public",
        bad: &["select 1;\n\ndo $$ begin execute 'create table public.t (id uuid primary key)'; end $$;\n"],
        at: (0, 3),
        clean: &["do $$ begin execute 'create table public.t (id uuid primary key)'; execute 'alter table public.t enable row level security'; end $$;\n"],
    },
    Case {
        rule: "rls-references-user-metadata",
        bad: &[TABLE, "create policy admins on public.t for select to authenticated\n  using (((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'admin');\n"],
        at: (1, 1),
        clean: &[TABLE, "create policy admins on public.t for select to authenticated\n  using (((select auth.jwt()) -> 'app_metadata' ->> 'role') = 'admin');\n"],
    },
    Case {
        rule: "multiple-permissive-policies",
        bad: &[TABLE, "create policy own on public.t for select to authenticated using (owner = (select auth.uid()));\ncreate policy staff on public.t for select to authenticated using (((select auth.jwt()) ->> 'staff') = 'true');\n"],
        at: (1, 2),
        clean: &[TABLE, "create policy own_or_staff on public.t for select to authenticated using (owner = (select auth.uid()) or ((select auth.jwt()) ->> 'staff') = 'true');\n"],
    },
    Case {
        rule: "auth-rls-initplan",
        bad: &[TABLE, "do $$ begin execute 'create policy own on public.t for select to authenticated using (owner = auth.uid())'; end $$;\n"],
        at: (1, 1),
        clean: &[TABLE, "do $$ begin execute 'create policy own on public.t for select to authenticated using (owner = (select auth.uid()))'; end $$;\n"],
    },
    Case {
        rule: "extension-in-public",
        bad: &["create extension if not exists pg_trgm schema public;\n"],
        at: (0, 1),
        clean: &["create extension if not exists pg_trgm with schema extensions;\n"],
    },
    Case {
        rule: "unindexed-foreign-keys",
        bad: &["create table public.a (id int primary key);\ndo $$ begin execute 'create table public.b (id int primary key, a_id int references public.a)'; end $$;\n"],
        at: (0, 2),
        clean: &["create table public.a (id int primary key);\ndo $$ begin execute 'create table public.b (id int primary key, a_id int references public.a)'; end $$;\ncreate index on public.b (a_id);\n"],
    },
    Case {
        rule: "duplicate-index",
        bad: &[TABLE, "create index t_owner on public.t (owner);\ncreate index t_owner_again on public.t (owner);\n"],
        at: (1, 2),
        clean: &[TABLE, "create index t_owner on public.t (owner);\ncreate unique index t_owner_id on public.t (owner, id);\n"],
    },
    Case {
        rule: "no-primary-key",
        bad: &["create table public.events (name text);\nalter table public.events enable row level security;\n"],
        at: (0, 2),
        clean: &["create table public.events (id bigint generated always as identity primary key, name text);\nalter table public.events enable row level security;\n"],
    },
    Case {
        rule: "materialized-view-in-api",
        bad: &["create materialized view public.totals as select 1 as n;\ngrant select on public.totals to anon;\n"],
        at: (0, 1),
        clean: &["create materialized view public.totals as select 1 as n;\nrevoke all on public.totals from anon, authenticated;\n"],
    },
];

/// Runs `check --all` on migrations `sqls`.
async fn check_all(sqls: &[&str]) -> Report {
    let dir = migrations(sqls);
    check(dir.path(), options_all(true)).await
}

fn file(index: usize) -> String {
    format!("supabase/migrations/2026010100{index:04}_m{index}.sql")
}

#[tokio::test]
async fn every_advisor_reports_its_bad_fixture_at_the_statement_and_not_its_clean_one() {
    let mut failures = Vec::new();
    for case in CASES {
        let bad = check_all(case.bad).await;
        let found = of_rule(&bad, case.rule);
        let expected = (Some(file(case.at.0)), Some(case.at.1));
        if found.len() != 1 || (found[0].file.clone(), found[0].line) != expected {
            failures.push(format!(
                "{}: expected one finding at {expected:?}, got {found:#?}\n(all: {:#?})",
                case.rule, bad.findings
            ));
        }
        let clean = check_all(case.clean).await;
        let found = of_rule(&clean, case.rule);
        if !found.is_empty() || clean.summary.failed > 0 {
            failures.push(format!(
                "{}: the clean fixture was reported: {found:#?} (migrations: {:#?})",
                case.rule, clean.migrations
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[tokio::test]
async fn a_foreign_table_anon_may_read_in_an_exposed_schema_is_reported() {
    // As on Supabase, postgres creates postgres_fdw itself and owns the
    // wrapper afterwards (supautils' after-create script), so it may create
    // servers with it; no superuser set-up is needed.
    let extension: &[u8] = b"create extension if not exists postgres_fdw with schema extensions;\n";
    let bad: &[u8] = b"create server legacy foreign data wrapper postgres_fdw;\ncreate foreign table public.legacy (id int) server legacy;\ngrant select on public.legacy to anon;\n";
    let clean: &[u8] = b"create server legacy foreign data wrapper postgres_fdw;\ncreate schema private;\ncreate foreign table private.legacy (id int) server legacy;\ngrant select on private.legacy to anon;\n";
    for (sql, expected) in [(bad, 1), (clean, 0)] {
        let dir = project(&[
            ("supabase/migrations/20260101000000_fdw.sql", extension),
            ("supabase/migrations/20260101000001_legacy.sql", sql),
        ]);
        let report = check(dir.path(), options_all(true)).await;
        assert_eq!(report.summary.failed, 0, "{:#?}", report.migrations);
        let found = of_rule(&report, "foreign-table-in-api");
        assert_eq!(found.len(), expected, "{:#?}", report.findings);
        if expected == 1 {
            assert_eq!(found[0].line, Some(2));
            assert_eq!(found[0].severity, Severity::Warning);
        }
    }
}

#[tokio::test]
async fn an_exposed_queue_without_rls_is_an_error_only_when_pgmq_public_is_exposed() {
    let queue = "create extension if not exists pgmq;\nselect pgmq.create('jobs');\ngrant select on pgmq.q_jobs to authenticated;\n";
    let exposed = project(&[
        (
            "supabase/config.toml",
            b"[api]\nschemas = [\"public\", \"graphql_public\", \"pgmq_public\"]\n",
        ),
        (
            "supabase/migrations/20260101000000_queue.sql",
            queue.as_bytes(),
        ),
    ]);
    let report = check(exposed.path(), options_all(true)).await;
    let found = of_rule(&report, "insecure-queue-exposed-in-api");
    assert_eq!(found.len(), 1, "{:#?}", report.findings);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].line, Some(2), "{found:#?}");
    let hidden = migrations(&[queue]);
    let report = check(hidden.path(), options_all(true)).await;
    assert!(of_rule(&report, "insecure-queue-exposed-in-api").is_empty());
}

#[tokio::test]
async fn a_hazard_a_static_rule_reported_on_the_same_statement_is_reported_once() {
    let report = check_all(&[
        "create table public.plain (id uuid primary key, a_id uuid references public.plain);\n\
         create function public.definer() returns int language sql security definer as $$ select 1 $$;\n\
         create table public.p (id uuid primary key, owner uuid);\n\
         alter table public.p enable row level security;\n\
         create policy own on public.p for select using (owner = auth.uid());\n",
    ])
    .await;
    for (static_rule, advisor) in [
        ("rls-disabled", "rls-disabled-in-public"),
        ("foreign-key-without-index", "unindexed-foreign-keys"),
        (
            "security-definer-search-path",
            "function-search-path-mutable",
        ),
        ("auth-uid-per-row", "auth-rls-initplan"),
    ] {
        assert_eq!(
            of_rule(&report, static_rule).len(),
            1,
            "{static_rule}: {:#?}",
            report.findings
        );
        assert!(
            of_rule(&report, advisor).is_empty(),
            "{advisor} repeats {static_rule}: {:#?}",
            of_rule(&report, advisor)
        );
    }
}

#[tokio::test]
async fn objects_the_change_set_does_not_touch_are_base_branch_notices() {
    let old = "create view public.old_view as select 1 as n;\n";
    let new = "create view public.new_view as select 2 as n;\n";
    let dir = migrations(&[old, new]);
    let options = common::pull_request_options(&[(&file(1), new.as_bytes())], &[]);
    let report = check(dir.path(), options).await;
    let found = of_rule(&report, "security-definer-view");
    assert_eq!(found.len(), 2, "{found:#?}");
    let new_view = found
        .iter()
        .find(|f| f.message.contains("new_view"))
        .unwrap();
    assert_eq!(new_view.severity, Severity::Error);
    assert_eq!(new_view.file.as_deref(), Some(file(1).as_str()));
    let old_view = found
        .iter()
        .find(|f| f.message.contains("old_view"))
        .unwrap();
    assert_eq!(old_view.severity, Severity::Notice);
    common::assert_contains(
        &old_view.message,
        &format!("already on the base branch, from {} line 1", file(0)),
    );

    // --all: everything at its level.
    let all = check(dir.path(), options_all(true)).await;
    assert!(of_rule(&all, "security-definer-view")
        .iter()
        .all(|f| f.severity == Severity::Error));
}

#[tokio::test]
async fn levels_and_suppressions_apply_to_advisor_findings() {
    let dir = project(&[
        (
            "schemagate.toml",
            b"[rules]\nno-primary-key = \"error\"\nsecurity-definer-view = \"off\"\n",
        ),
        (
            "supabase/migrations/20260101000000_a.sql",
            b"create table public.e (n int);\nalter table public.e enable row level security;\ncreate view public.v as select 1 as n;\n-- schemagate:ignore function-search-path-mutable only called by the trigger, which sets it\ncreate function public.f() returns int language sql as $$ select 1 $$;\n",
        ),
    ]);
    let report = check(dir.path(), options_all(true)).await;
    let pk = of_rule(&report, "no-primary-key");
    assert_eq!(pk.len(), 1);
    assert_eq!(pk[0].severity, Severity::Error);
    assert!(of_rule(&report, "security-definer-view").is_empty());
    assert!(of_rule(&report, "function-search-path-mutable").is_empty());
    assert!(report.advisors.as_ref().is_some_and(|a| a.hazards >= 2));
}
