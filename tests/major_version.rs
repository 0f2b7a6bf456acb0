//! `db.major_version` in `supabase/config.toml` decides the server: a
//! migration only PostgreSQL 17 accepts (`JSON_TABLE`, `MERGE ...
//! RETURNING`) passes on a 17 server and fails on 15 with an error that
//! says why. The 15 side runs on the embedded backend; the 17 side on the
//! docker backend with `schemagate-test/postgres:17`, the PostgreSQL 17
//! image `SCHEMAGATE_PG_MAJOR=17 scripts/build-test-image.sh` builds from
//! Debian trixie (this machine's Debian packages only 15).

mod common;

use common::docker::{check_in_container, image_17};
use common::{check, options, project};
use schemagate::report::{ApplyStatus, Status};

const PG17_ONLY: &str = "create table readings (id int primary key, doc jsonb not null);\n\
insert into readings values (1, '{\"items\": [{\"x\": 1}, {\"x\": 2}]}');\n\
create view reading_items as\n\
  select r.id, t.x\n\
  from readings r,\n\
       json_table(r.doc, '$.items[*]' columns (x int path '$.x')) as t;\n\
merge into readings r using (values (1, '{}'::jsonb)) as v(id, doc) on r.id = v.id\n\
  when matched then update set doc = v.doc\n\
  returning merge_action(), r.id;\n";

fn pg17_project(major: u32) -> tempfile::TempDir {
    let config = format!("project_id = \"major\"\n[db]\nmajor_version = {major}\n");
    project(&[
        ("supabase/config.toml", config.as_bytes()),
        (
            "supabase/migrations/20260101000000_json_table.sql",
            PG17_ONLY.as_bytes(),
        ),
    ])
}

#[tokio::test]
async fn a_postgres_17_migration_fails_on_15_saying_why() {
    let dir = pg17_project(15);
    let report = check(dir.path(), options(true, false)).await;
    let server = report.server.as_ref().map(|s| s.version.clone());
    assert!(
        server.as_deref().is_none_or(|v| v.starts_with("15")),
        "the shared test server should run 15: {server:?}"
    );
    assert_eq!(report.status, Status::Fail);
    let migration = &report.migrations[0];
    assert_eq!(migration.status, ApplyStatus::Failed);
    let error = migration.error.as_ref().expect("an error");
    assert!(error.message.contains("syntax error"), "{error:?}");
    let hint = error.hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("syntax newer than this server's major") && hint.contains("db.major_version"),
        "{error:?}"
    );
}

#[test]
fn plv8_and_timescaledb_are_not_offered_on_17_as_on_supabase() {
    let Some(image) = image_17("plv8_and_timescaledb_are_not_offered_on_17_as_on_supabase") else {
        return;
    };
    for extension in ["plv8", "timescaledb"] {
        let config = "project_id = \"p\"\n[db]\nmajor_version = 17\n";
        let sql = format!("create extension if not exists {extension};\n");
        let dir = project(&[
            ("supabase/config.toml", config.as_bytes()),
            ("supabase/migrations/20260101000000_ext.sql", sql.as_bytes()),
        ]);
        let (code, report) = check_in_container(&image, dir.path(), &[]);
        assert_eq!(code, 1, "{report:#}");
        let finding = common::cli::finding(&report, "extension-unavailable");
        assert!(
            finding["help"]
                .as_str()
                .is_some_and(|h| h.contains("only on PostgreSQL 15")),
            "{finding:#}"
        );
    }
}

#[test]
fn the_same_migration_passes_on_17() {
    let Some(image) = image_17("the_same_migration_passes_on_17") else {
        return;
    };
    let dir = pg17_project(17);
    let (code, report) = check_in_container(&image, dir.path(), &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["status"], "pass", "{report:#}");
    assert!(
        report["server"]["version"]
            .as_str()
            .is_some_and(|v| v.starts_with("17.")),
        "{report:#}"
    );
    // No warning that the server's major differs from production's.
    let mismatch = report["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["rule"] == "server-version-mismatch"));
    assert!(!mismatch, "{report:#}");
}
