//! The change-set rules: history immutability, version order, placeholders, the freeze.

use super::*;

/// A pull request's edits and what `check --base main` must say of them.
struct Case {
    name: &'static str,
    edits: &'static [Edit<'static>],
    exit: i32,
    /// The findings as (rule, severity): all of them, or some of them.
    findings: &'static [(&'static str, &'static str)],
    only: bool,
    /// The first finding's file (in the migrations directory) and a part of its message.
    first: Option<(&'static str, &'static str)>,
}

const PRODUCTS: &str = "20260102000000_products.sql";

/// The defaults: no finding, exit 0, the findings listed are all of them,
/// and no message is looked at.
const ALL_FINDINGS: Case = Case {
    name: "",
    edits: &[],
    exit: 0,
    findings: &[],
    only: true,
    first: None,
};

const CASES: &[Case] = &[
    Case {
        name: "a clean pull request passes silently",
        edits: &[Edit::Write(
            "20260110000000_reports.sql",
            "create table app.reports (id int primary key);\n",
        )],
        ..ALL_FINDINGS
    },
    Case {
        name: "editing history is refused, showing the diff",
        edits: &[Edit::Write(
            PRODUCTS,
            "create table app.products (id bigint primary key);\n",
        )],
        exit: 1,
        findings: &[("history-immutable", "error")],
        first: Some((
            PRODUCTS,
            "- create table app.products (id int primary key);\n+ create table app.products (id bigint primary key);",
        )),
        ..ALL_FINDINGS
    },
    Case {
        name: "deleting history is refused",
        edits: &[Edit::Remove("20260103000000_orders.sql")],
        exit: 1,
        findings: &[("history-immutable", "error")],
        ..ALL_FINDINGS
    },
    Case {
        name: "renaming history is refused",
        edits: &[Edit::Rename(PRODUCTS, "20260102000000_items.sql")],
        exit: 1,
        findings: &[("history-immutable", "error")],
        ..ALL_FINDINGS
    },
    Case {
        name: "a whitespace-only edit is a warning",
        edits: &[Edit::Write(
            PRODUCTS,
            "create table app.products (id int primary key);   \r\n",
        )],
        findings: &[("history-immutable", "warning")],
        only: false,
        ..ALL_FINDINGS
    },
    Case {
        name: "an out-of-order version is an error",
        edits: &[Edit::Write(
            "20260102120000_late.sql",
            "create table app.late (id int primary key);\n",
        )],
        exit: 1,
        findings: &[("version-order", "error")],
        only: false,
        first: Some((
            "20260102120000_late.sql",
            "would be inserted before the last migration on remote database",
        )),
    },
    Case {
        name: "a placeholder with real SQL is an error",
        edits: &[Edit::Write(
            "20260110000000_remote_placeholder.sql",
            "SELECT 1;\ncreate table app.sneaky (id int primary key);\n",
        )],
        exit: 1,
        findings: &[("placeholder-noop", "error")],
        only: false,
        ..ALL_FINDINGS
    },
    Case {
        name: "a squash is a warning",
        edits: &[
            Edit::Remove("20260101000000_listings.sql"),
            Edit::Remove(PRODUCTS),
            Edit::Write(
                "20260103000000_orders.sql",
                "create schema app;\ncreate table app.listings (id int primary key);\ncreate table app.products (id int primary key);\ncreate table app.orders (id int primary key);\n",
            ),
        ],
        findings: &[("history-squash", "warning")],
        ..ALL_FINDINGS
    },
];

#[test]
fn history_edits_order_placeholders_and_squashes() {
    for case in CASES {
        let name = case.name;
        let dir = pull_request("", case.edits);
        let (code, report) = check(dir.path(), &[], &[]);
        assert_eq!(code, case.exit, "{name}: {report:#}");
        let found = rules(&report);
        let expected: Vec<(String, String)> = case
            .findings
            .iter()
            .map(|(rule, severity)| (rule.to_string(), severity.to_string()))
            .collect();
        if case.only {
            assert_eq!(found, expected, "{name}");
        } else {
            for finding in &expected {
                assert!(found.contains(finding), "{name}: {found:?}");
            }
        }
        if let Some((file, says)) = case.first {
            let first = &report["findings"][0];
            assert_eq!(first["file"], format!("{M}/{file}"), "{name}");
            let message = common::cli::message(first);
            assert!(message.contains(says), "{name}: {message}");
        }
    }
}

#[test]
fn both_branches_picking_the_same_version_is_an_error() {
    let dir = pull_request(
        "",
        &[Edit::Write(
            "20260110000000_ours.sql",
            "create table app.ours (id int primary key);\n",
        )],
    );
    git(dir.path(), &["checkout", "-q", "main"]);
    write(
        dir.path(),
        &format!("{M}/20260110000000_theirs.sql"),
        "create table app.theirs (id int primary key);\n",
    );
    commit(dir.path());
    git(dir.path(), &["checkout", "-q", "pr"]);
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(code, 1);
    assert!(
        has(&report, "duplicate-version", "error"),
        "{:?}",
        rules(&report)
    );
}

const FREEZE: &str = r#"
[freeze]
reason = "Schema reconciliation in progress"
policy = "docs/ops/MIGRATION_FREEZE.md"
from = 2026-01-16
until = 2026-02-01
allow = ["supabase/migrations/20260117000001_add_missing_tables.sql"]
allow_noop_placeholders = true
override_label = "freeze-override"
"#;

#[test]
fn the_freeze_blocks_within_its_window_and_the_label_lifts_it() {
    let dir = pull_request(
        FREEZE,
        &[
            Edit::Write(
                "20260120000000_new_feature.sql",
                "create table app.feature (id int primary key);\n",
            ),
            Edit::Write(
                "20260117000001_add_missing_tables.sql",
                "create table if not exists app.audit_logs (id int primary key);\n",
            ),
        ],
    );
    let during = [("SCHEMAGATE_NOW", "2026-01-20T12:00:00Z")];
    let (code, report) = check(dir.path(), &[], &during);
    assert_eq!(code, 1);
    let frozen: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "freeze")
        .collect();
    assert_eq!(frozen.len(), 1, "{report:#}");
    assert_eq!(
        frozen[0]["file"],
        format!("{M}/20260120000000_new_feature.sql")
    );
    assert!(frozen[0]["message"]
        .as_str()
        .unwrap()
        .contains("Schema reconciliation in progress"));

    let (code, report) = check(dir.path(), &["--label", "freeze-override"], &during);
    assert_eq!(code, 0, "{report:#}");
    assert!(has(&report, "freeze-overridden", "notice"));

    let (code, report) = check(
        dir.path(),
        &[],
        &[("SCHEMAGATE_NOW", "2026-02-02T00:00:00Z")],
    );
    assert_eq!(code, 0, "after the window: {report:#}");
}

#[test]
fn no_repository_or_no_base_skips_the_change_set_rules_with_a_notice() {
    let dir = common::project(&[("supabase/migrations/20260101000000_a.sql", b"select 1;")]);
    let run = common::cli::run_reported("check", dir.path(), &[], &[]);
    let (code, report) = (run.code, run.report);
    assert_eq!(code, 0);
    assert!(
        has(&report, "change-set-unavailable", "notice"),
        "{report:#}"
    );
}

#[test]
fn a_shallow_clone_without_the_base_asks_for_fetch_depth_0() {
    let origin = pull_request(
        "",
        &[Edit::Write(
            "20260110000000_reports.sql",
            "create table app.reports (id int primary key);\n",
        )],
    );
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clone.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "pr", &url, "repo",
        ],
    );
    let repo = clone.path().join("repo");
    let (code, report) = check(&repo, &[], &[]);
    assert_eq!(code, 2, "{report:#}");
    assert!(
        report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("fetch-depth: 0"),
        "{report:#}"
    );
}
