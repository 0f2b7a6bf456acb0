//! The change-set rules: history immutability, version order, placeholders, the freeze.

use super::*;

#[test]
fn a_clean_pull_request_passes_silently() {
    let dir = pull_request(
        "",
        &[Edit::Write(
            "20260110000000_reports.sql",
            "create table app.reports (id int primary key);\n",
        )],
    );
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(code, 0, "{report:#}");
    assert!(
        report["findings"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
}

#[test]
fn editing_deleting_or_renaming_history_is_refused() {
    for (name, edit) in [
        (
            "modified",
            Edit::Write(
                "20260102000000_products.sql",
                "create table app.products (id bigint primary key);\n",
            ),
        ),
        ("deleted", Edit::Remove("20260103000000_orders.sql")),
        (
            "renamed",
            Edit::Rename("20260102000000_products.sql", "20260102000000_items.sql"),
        ),
    ] {
        let dir = pull_request("", &[edit]);
        let (code, report) = check(dir.path(), &[], &[]);
        assert_eq!(code, 1, "{name}: {report:#}");
        assert_eq!(
            rules(&report),
            [("history-immutable".to_string(), "error".to_string())],
            "{name}"
        );
    }
    // A whitespace-only edit is a warning.
    let dir = pull_request(
        "",
        &[Edit::Write(
            "20260102000000_products.sql",
            "create table app.products (id int primary key);   \r\n",
        )],
    );
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(code, 0);
    assert!(
        has(&report, "history-immutable", "warning"),
        "{:?}",
        rules(&report)
    );
}

#[test]
fn the_diff_of_an_edit_is_shown() {
    let dir = pull_request(
        "",
        &[Edit::Write(
            "20260102000000_products.sql",
            "create table app.products (id bigint primary key);\n",
        )],
    );
    let (_, report) = check(dir.path(), &[], &[]);
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "- create table app.products (id int primary key);\n+ create table app.products (id bigint primary key);"
        ),
        "{message}"
    );
    assert_eq!(
        report["findings"][0]["file"],
        format!("{M}/20260102000000_products.sql")
    );
}

#[test]
fn out_of_order_and_duplicate_versions_are_errors() {
    let dir = pull_request(
        "",
        &[Edit::Write(
            "20260102120000_late.sql",
            "create table app.late (id int primary key);\n",
        )],
    );
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(code, 1);
    assert!(
        has(&report, "version-order", "error"),
        "{:?}",
        rules(&report)
    );
    assert!(report["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("would be inserted before the last migration on remote database"));

    // Both branches picked the same timestamp.
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

#[test]
fn a_placeholder_with_real_sql_is_an_error_and_a_squash_a_warning() {
    let dir = pull_request(
        "",
        &[Edit::Write(
            "20260110000000_remote_placeholder.sql",
            "SELECT 1;\ncreate table app.sneaky (id int primary key);\n",
        )],
    );
    let (_, report) = check(dir.path(), &[], &[]);
    assert!(
        has(&report, "placeholder-noop", "error"),
        "{:?}",
        rules(&report)
    );

    let dir = pull_request(
        "",
        &[
            Edit::Remove("20260101000000_listings.sql"),
            Edit::Remove("20260102000000_products.sql"),
            Edit::Write(
                "20260103000000_orders.sql",
                "create schema app;\ncreate table app.listings (id int primary key);\ncreate table app.products (id int primary key);\ncreate table app.orders (id int primary key);\n",
            ),
        ],
    );
    let (code, report) = check(dir.path(), &[], &[]);
    assert_eq!(
        rules(&report),
        [("history-squash".to_string(), "warning".to_string())]
    );
    assert_eq!(code, 0);
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
    let output = dir.path().join("report.json");
    let (code, _, _) = run_cli(
        &[
            "check",
            "--project-dir",
            dir.path().to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, 0);
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
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

// --- Remote alignment -------------------------------------------------------
