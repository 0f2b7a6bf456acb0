//! What people read: the pull-request comment, the job summary and the
//! terminal output, snapshotted for real runs against a real PostgreSQL
//! (a six-statement pull request, a failing migration, a failing
//! verification, a freeze violation, `check --all` on the example), parsed
//! as GitHub-flavoured markdown, and the comment's visible words counted.
//!
//! Set `SCHEMAGATE_REPORT_HTML=<dir>` to also write each markdown rendered
//! to HTML there, for a look in a browser.

mod common;

use common::cli::run_reported;
use common::{check, git, options_all, project};
use schemagate::commands::check::CheckOptions;
use schemagate::github::comment;
use schemagate::report::links::Links;
use schemagate::report::{human, markdown, Report, Status};

const SHA: &str = "4f2d0c1e9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e";

const BASE: &str = "create table public.orders (\n  id bigint generated always as identity primary key,\n  total_cents int not null,\n  note text,\n  created_at timestamptz not null default now()\n);\nalter table public.orders enable row level security;\ninsert into public.orders (total_cents, note) select g, 'n' from generate_series(1, 100) g;\n";

const SIX_STATEMENTS: &str = "alter table public.orders alter column total_cents type bigint;\nalter table public.orders add column status text not null default 'new';\nalter table public.orders add column public_id uuid not null default gen_random_uuid();\ncreate index orders_status on public.orders (status);\nalter table public.orders drop column note;\nupdate public.orders set status = 'paid' where total_cents > 0;\n";

const BASE_FILE: &str = "supabase/migrations/20260101000000_orders.sql";
const PR_FILE: &str = "supabase/migrations/20260102000000_order_status.sql";

fn links() -> Links {
    Links::github(Some("https://github.com"), Some("acme/shop"), Some(SHA))
}

/// Options analysing `files` as a pull request's added files.
fn pull_request(files: &[&str]) -> CheckOptions {
    let added: Vec<(&str, &[u8])> = files.iter().map(|f| (*f, &b"..."[..])).collect();
    common::pull_request_options(&added, &[BASE_FILE])
}

/// Timings change from run to run; nothing else in a report does.
fn stable(mut report: Report) -> Report {
    report.duration_ms = 0;
    report.server = None;
    for m in report.migrations.iter_mut().chain(report.seeds.iter_mut()) {
        m.duration_ms = 0;
    }
    for v in &mut report.verifications {
        v.duration_ms = 0;
    }
    report
}

struct Rendered {
    comment: String,
    summary: String,
    human: String,
}

fn render(report: &Report) -> Rendered {
    let comment = comment::body_linked(report, comment::MAX_BODY, &links());
    let mut summary = Vec::new();
    markdown::job_summary(report, &links(), 3, &mut summary).unwrap();
    let mut terminal = Vec::new();
    human::render(report, &mut terminal, human::Style::Plain).unwrap();
    Rendered {
        comment,
        summary: String::from_utf8(summary).unwrap(),
        human: String::from_utf8(terminal).unwrap(),
    }
}

/// Snapshots all three renderings under `name`, after checking the
/// markdown is well-formed.
fn snapshot(name: &str, report: Report) -> Rendered {
    let rendered = render(&stable(report));
    for (kind, markdown) in [
        ("comment", &rendered.comment),
        ("summary", &rendered.summary),
    ] {
        gfm::assert_well_formed(markdown);
        gfm::write_html(&format!("{name}_{kind}"), markdown);
    }
    insta::assert_snapshot!(format!("{name}_comment"), rendered.comment);
    insta::assert_snapshot!(format!("{name}_summary"), rendered.summary);
    insta::assert_snapshot!(format!("{name}_human"), rendered.human);
    rendered
}

#[tokio::test]
async fn six_statement_pull_request() {
    let dir = project(&[
        (BASE_FILE, BASE.as_bytes()),
        (PR_FILE, SIX_STATEMENTS.as_bytes()),
    ]);
    let report = check(dir.path(), pull_request(&[PR_FILE])).await;
    assert_eq!(report.status, Status::Pass, "{report:#?}");
    // The JSON report keeps every part: the four findings about the type
    // change are all there, though the comment shows one.
    let on_line_1: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.line == Some(1) && f.file.as_deref() == Some(PR_FILE))
        .map(|f| f.rule.as_str())
        .collect();
    for rule in [
        "alter-column-type",
        "missing-lock-timeout",
        "traced-rewrite",
        "traced-lock",
    ] {
        assert!(on_line_1.contains(&rule), "{on_line_1:?}");
    }
    let rendered = snapshot("six_statements", report);
    let visible = gfm::visible_words(&rendered.comment);
    eprintln!("six-statement comment: {visible} words outside <details>");
    assert!(
        visible <= 150,
        "{visible} words outside <details>:\n{}",
        rendered.comment
    );
    // One line for the type change, naming the observed rewrite and the
    // missing timeout; the help one click away.
    let listed: Vec<&str> = rendered
        .comment
        .lines()
        .filter(|l| l.starts_with("- [L"))
        .collect();
    assert_eq!(
        listed
            .iter()
            .filter(|l| l.contains("alter-column-type"))
            .count(),
        1,
        "{listed:#?}"
    );
    assert!(rendered.comment.contains(
        "rewrote public.orders under ACCESS EXCLUSIVE (observed), no lock\\_timeout set"
    ));
    assert!(rendered.comment.contains(&format!(
        "[L1](https://github.com/acme/shop/blob/{SHA}/{PR_FILE}#L1)"
    )));
}

#[tokio::test]
async fn failing_migration() {
    let broken = "alter table public.orders add column status text;\nupdate public.ordrs set status = 'new';\n";
    let later = "supabase/migrations/20260103000000_later.sql";
    let dir = project(&[
        (BASE_FILE, BASE.as_bytes()),
        (PR_FILE, broken.as_bytes()),
        (
            later,
            b"create index orders_status on public.orders (status);\n",
        ),
    ]);
    let report = check(dir.path(), pull_request(&[PR_FILE, later])).await;
    assert_eq!(report.status, Status::Fail);
    let rendered = snapshot("failing_migration", report);
    assert!(rendered
        .comment
        .contains("relation \"public.ordrs\" does not exist"));
    assert!(
        rendered.human.contains("update public.ordrs")
            || rendered.comment.contains("update public.ordrs")
    );
}

#[tokio::test]
async fn failing_verification() {
    let config = "[[verify]]\nname = \"every order has a status\"\nsql = \"select count(*) from public.orders where status is null\"\nequals = [[\"0\"]]\n\n[[verify]]\nname = \"orders exist\"\nsql = \"select 1 from public.orders limit 1\"\nrows = 1\n";
    let dir = project(&[
        ("schemagate.toml", config.as_bytes()),
        (BASE_FILE, BASE.as_bytes()),
        (
            PR_FILE,
            b"set lock_timeout = '5s';\nalter table public.orders add column status text;\n",
        ),
    ]);
    let report = check(dir.path(), pull_request(&[PR_FILE])).await;
    assert_eq!(report.status, Status::Fail);
    let rendered = snapshot("failing_verification", report);
    common::assert_contains(&rendered.comment, "**Verification**");
}

#[test]
fn freeze_violation() {
    let freeze = "[freeze]\nreason = \"Schema reconciliation in progress\"\npolicy = \"docs/ops/MIGRATION_FREEZE.md\"\nfrom = 2026-01-16\nuntil = 2026-02-01\noverride_label = \"freeze-override\"\n";
    let dir = project(&[
        ("schemagate.toml", freeze.as_bytes()),
        (BASE_FILE, BASE.as_bytes()),
    ]);
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    git(dir.path(), &["checkout", "-qb", "pr"]);
    std::fs::write(
        dir.path().join(PR_FILE),
        "set lock_timeout = '5s';\nalter table public.orders add column status text;\n",
    )
    .unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "pr"]);
    let now = [("SCHEMAGATE_NOW", "2026-01-20T12:00:00Z")];
    let run = run_reported("check", dir.path(), &["--base", "main"], &now);
    assert_eq!(run.code, 1, "{}", run.said());
    let report: Report = serde_json::from_value(run.report).unwrap();
    let rendered = snapshot("freeze_violation", report);
    common::assert_contains(&rendered.comment, "**Freeze**");
}

#[tokio::test]
async fn all_on_the_example() {
    let report = check(
        &common::repo().join("examples/marketplace"),
        options_all(true),
    )
    .await;
    let warnings = report
        .findings
        .iter()
        .filter(|f| f.severity == schemagate::report::Severity::Warning)
        .count();
    let rendered = snapshot("marketplace_all", report);
    // Fewer lines than findings: merged, and notices only counted.
    let listed = rendered
        .comment
        .lines()
        .filter(|l| l.starts_with("- [L"))
        .count();
    assert!(listed < warnings, "{listed} listed for {warnings} warnings");
}

/// `list` and `reconcile` have their own outcome (the history table, the
/// plan): no check-style summary line under them.
#[test]
fn list_and_reconcile_have_no_check_summary_line() {
    use schemagate::report::{AlignmentRow, AlignmentStatus, HistoryAlignment, ReconcilePlan};
    for command in ["list", "reconcile"] {
        let mut report = Report::new(command, ".");
        report.history = Some(HistoryAlignment {
            source: "history.json".into(),
            rows: vec![AlignmentRow {
                version: "20260101000000".into(),
                local: Some(BASE_FILE.into()),
                remote: Some("orders".into()),
                status: AlignmentStatus::Applied,
            }],
            remote: Vec::new(),
        });
        if command == "reconcile" {
            report.reconcile = Some(ReconcilePlan::default());
        }
        report.finish(schemagate::report::Severity::Error);
        let rendered = render(&report);
        assert!(
            !rendered.human.contains("migrations applied"),
            "{}",
            rendered.human
        );
        assert!(!rendered.human.contains("schemagate"), "{}", rendered.human);
        common::assert_contains(&rendered.human, "applied");
        assert!(
            !rendered.comment.contains("migrations applied"),
            "{}",
            rendered.comment
        );
        common::assert_contains(
            &rendered.comment,
            &format!("### ✅ schemagate {command}: passed\n\n####"),
        );
    }
}

#[test]
fn one_is_singular() {
    let mut report = Report::new("check", ".");
    report.findings.push(schemagate::report::Finding::new(
        schemagate::report::RuleId::DropTable,
        schemagate::report::Severity::Error,
        "drops table public.t, and every row in it",
    ));
    report.finish(schemagate::report::Severity::Error);
    let mut summary = Vec::new();
    markdown::job_summary(&report, &links(), 1, &mut summary).unwrap();
    let summary = String::from_utf8(summary).unwrap();
    assert!(summary.contains("no migrations · 1 error\n"), "{summary}");
    assert!(
        summary.contains("> 1 more finding has no annotation"),
        "{summary}"
    );
}

/// Every markdown snapshot, as committed, parses as GitHub-flavoured
/// markdown with whole tables and balanced `<details>`.
#[test]
fn every_markdown_snapshot_is_well_formed_gfm() {
    let dir = common::repo().join("tests/snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !(name.starts_with("report__")
            && (name.ends_with("_comment.snap") || name.ends_with("_summary.snap")))
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // insta's header is a YAML block between two `---` lines.
        let body = text
            .splitn(3, "---\n")
            .nth(2)
            .unwrap_or_else(|| panic!("{name}: no insta header"));
        gfm::assert_well_formed(body);
        checked += 1;
    }
    assert_eq!(checked, 10, "expected 5 comment and 5 summary snapshots");
}

#[test]
fn the_checks_catch_broken_markdown() {
    let broken_table = "| a | b |\n|---|---|\n| 1 | 2 | 3 |\n";
    assert!(std::panic::catch_unwind(|| gfm::assert_well_formed(broken_table)).is_err());
    let open = "<details><summary>x</summary>\n\n- y\n";
    assert!(std::panic::catch_unwind(|| gfm::assert_well_formed(open)).is_err());
    assert_eq!(
        gfm::visible_words("### ✅ one two\n\n<details><summary>x</summary>\n\nthree four\n\n</details>\n\n- [`five`](https://x.y/z) · six\n"),
        4
    );
}

mod gfm {
    use comrak::nodes::NodeValue;
    use comrak::{parse_document, Arena, Options};

    fn options() -> Options<'static> {
        let mut options = Options::default();
        options.extension.table = true;
        options.extension.strikethrough = true;
        options.extension.autolink = true;
        options.render.r#unsafe = true;
        options
    }

    /// Cells in a table row's source line: unescaped pipes, minus the
    /// outer ones.
    fn cells(line: &str) -> usize {
        let mut pipes: usize = 0;
        let mut escaped = false;
        for c in line.trim().chars() {
            match c {
                '\\' if !escaped => {
                    escaped = true;
                    continue;
                }
                '|' if !escaped => pipes += 1,
                _ => {}
            }
            escaped = false;
        }
        pipes.saturating_sub(1)
    }

    /// Panics unless every table row has the header's columns and every
    /// `<details>` closes, in order.
    pub fn assert_well_formed(markdown: &str) {
        let arena = Arena::new();
        let root = parse_document(&arena, markdown, &options());
        let lines: Vec<&str> = markdown.lines().collect();
        let mut depth: i64 = 0;
        for node in root.descendants() {
            let data = node.data.borrow();
            match &data.value {
                NodeValue::Table(table) => {
                    let start = data.sourcepos.start.line;
                    let end = data.sourcepos.end.line;
                    for line in &lines[start - 1..end] {
                        assert_eq!(
                            cells(line),
                            table.num_columns,
                            "a table row without its {} columns: {line}",
                            table.num_columns
                        );
                    }
                }
                NodeValue::HtmlBlock(html) => depth = details(&html.literal, depth),
                NodeValue::HtmlInline(html) => depth = details(html, depth),
                _ => {}
            }
        }
        assert_eq!(depth, 0, "unclosed <details>");
    }

    fn details(html: &str, mut depth: i64) -> i64 {
        for (at, _) in html.match_indices('<') {
            let tag = &html[at..];
            if tag.starts_with("</details>") {
                depth -= 1;
                assert!(depth >= 0, "</details> without <details>");
            } else if tag.starts_with("<details>") || tag.starts_with("<details ") {
                depth += 1;
            }
        }
        depth
    }

    /// Words a reader sees before opening any `<details>`: the text of the
    /// rendered markdown outside them (link targets are not words).
    pub fn visible_words(markdown: &str) -> usize {
        let mut outside = String::new();
        let mut rest = markdown;
        while let Some(open) = rest.find("<details>") {
            outside.push_str(&rest[..open]);
            let close = rest[open..].find("</details>").expect("balanced <details>");
            rest = &rest[open + close + "</details>".len()..];
        }
        outside.push_str(rest);
        let arena = Arena::new();
        let root = parse_document(&arena, &outside, &options());
        let mut text = String::new();
        for node in root.descendants() {
            match &node.data.borrow().value {
                NodeValue::Text(t) => text.push_str(t),
                NodeValue::Code(c) => text.push_str(&c.literal),
                NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
                NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::Item(_) => text.push(' '),
                _ => {}
            }
        }
        text.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }

    /// With `SCHEMAGATE_REPORT_HTML` set, writes the markdown rendered as
    /// GitHub would (GFM, raw HTML kept) for a look in a browser.
    pub fn write_html(name: &str, markdown: &str) {
        let Some(dir) = std::env::var_os("SCHEMAGATE_REPORT_HTML") else {
            return;
        };
        let html = comrak::markdown_to_html(markdown, &options());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            std::path::Path::new(&dir).join(format!("{name}.html")),
            html,
        )
        .unwrap();
    }
}
