//! `schemagate drift` on real PostgreSQL: a database of the shared test
//! server stands in for production (the migrations pushed to it with their
//! history rows, as `supabase db push` does), and a second one is the
//! throwaway "expected" database drift builds from the migrations.

mod common;

use std::path::{Path, PathBuf};

use schemagate::apply::{self, History};
use schemagate::commands::discover_into;
use schemagate::commands::drift::{drift_database, DriftOptions};
use schemagate::config::{Config, Locations};
use schemagate::migrations::{discover, Migration};
use schemagate::postgres::{Backend, Binaries, Database, Embedded};
use schemagate::report::{DifferenceKind, Report, Status};
use schemagate::throwaway::prepare_database;

use DifferenceKind::{Different, ExtraOnRemote as Extra, MissingOnRemote as Missing};

/// Every kind of object drift compares.
const FIXTURE: &str = "tests/fixtures/drift";
/// The seed's marketplace project.
const EXAMPLE: &str = "examples/marketplace";

fn dir(relative: &str) -> PathBuf {
    common::repo().join(relative)
}

fn load(dir: &Path) -> Config {
    Config::load(&Locations {
        project_dir: dir.to_path_buf(),
        migrations: "supabase/migrations".into(),
        config: "schemagate.toml".into(),
        fail_on: None,
    })
    .expect("config loads")
}

fn options() -> DriftOptions {
    DriftOptions::default()
}

/// A database standing in for production, with the project's migrations
/// pushed to it (each file with its history row).
async fn pushed(project: &Path) -> Database {
    let database = common::fresh_database(true).await;
    prepare_database(&database, true).await.unwrap();
    let config = load(project);
    let discovery = discover(&config.migrations_dir, &|p| config.relative(p)).unwrap();
    push(&database, &discovery.migrations, History::Record).await;
    database
}

async fn push(database: &Database, migrations: &[Migration], history: History) {
    let applied = apply::apply_all(
        database,
        migrations,
        &schemagate::config::ApplySettings::default(),
        history,
        &apply::Watch::default(),
        &|_| {},
    )
    .await
    .unwrap();
    assert!(applied.all_applied(), "{:#?}", applied.findings);
}

/// Runs SQL on the database as the superuser: a change made by hand.
async fn by_hand(database: &Database, sql: &str) {
    let mut conn = database.connect_admin().await.unwrap();
    sqlx::raw_sql(sql)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Runs drift for `project` against `remote`, as `schemagate drift` does
/// after starting its own server.
async fn drift(project: &Path, remote: &Database, options: DriftOptions) -> Report {
    let remote_url = common::server().await.admin_url(&remote.name);
    drift_at(project, &remote_url, options).await
}

async fn drift_at(project: &Path, remote_url: &str, options: DriftOptions) -> Report {
    let config = load(project);
    let mut report = Report::new("drift", ".");
    let discovery = discover_into(&config, &mut report).unwrap();
    let expected = common::fresh_database(true).await;
    if let Err(error) = drift_database(
        &expected,
        &config,
        &discovery,
        remote_url,
        &options,
        &mut report,
    )
    .await
    {
        report.error = Some(error);
    }
    expected.close().await.unwrap();
    report.finish(config.fail_on);
    report
}

type Found = (DifferenceKind, String, String);

fn found(report: &Report) -> Vec<Found> {
    assert!(report.error.is_none(), "{:?}", report.error);
    let mut found: Vec<Found> = report
        .differences
        .iter()
        .map(|d| (d.kind, d.object_type.clone(), d.identity.clone()))
        .collect();
    found.sort();
    found
}

fn expect(list: &[(DifferenceKind, &str, &str)]) -> Vec<Found> {
    let mut list: Vec<Found> = list
        .iter()
        .map(|(k, t, i)| (*k, t.to_string(), i.to_string()))
        .collect();
    list.sort();
    list
}

fn pretty(report: &Report) -> String {
    serde_json::to_string_pretty(&report.differences).unwrap()
}

/// The fixture pushed to a "remote", changed there by hand with `sql`:
/// drift must report exactly `expected`, and nothing else.
async fn crafted(sql: &str, expected: &[(DifferenceKind, &str, &str)]) {
    let remote = pushed(&dir(FIXTURE)).await;
    by_hand(&remote, sql).await;
    let report = drift(&dir(FIXTURE), &remote, options()).await;
    assert_eq!(found(&report), expect(expected), "{}", pretty(&report));
    assert_eq!(report.status, Status::Fail);
    assert_eq!(report.exit_code(), 1);
    remote.close().await.unwrap();
}

#[tokio::test]
async fn the_fixture_and_the_example_show_no_drift() {
    for project in [FIXTURE, EXAMPLE] {
        let remote = pushed(&dir(project)).await;
        let report = drift(&dir(project), &remote, options()).await;
        assert_eq!(found(&report), [], "{project}: {}", pretty(&report));
        let drift = report.drift.as_ref().unwrap();
        assert!(drift.expected_objects > 50, "{project}: {drift:?}");
        assert_eq!(drift.expected_objects, drift.actual_objects);
        assert_eq!(
            drift.schemas.first().map(String::as_str),
            Some(if project == FIXTURE { "app" } else { "public" })
        );
        assert_eq!(
            report.status,
            Status::Pass,
            "{project}: {:#?}",
            report.findings
        );
        remote.close().await.unwrap();
    }
}

#[tokio::test]
async fn physical_state_is_not_drift() {
    let remote = pushed(&dir(EXAMPLE)).await;
    let user = "00000000-0000-0000-0000-000000000001";
    by_hand(
        &remote,
        &format!(
            "insert into auth.users (id) values ('{user}');
             insert into public.listings (seller_id, title, price_cents, status)
               select '{user}', 'listing ' || g, g, 'active' from generate_series(1, 500) g;
             delete from public.listings where price_cents % 3 = 0;"
        ),
    )
    .await;
    for maintenance in [
        "VACUUM",
        "ANALYZE",
        "VACUUM FULL",
        "REINDEX TABLE public.listings",
        "CLUSTER public.listings USING listings_pkey",
    ] {
        by_hand(&remote, maintenance).await;
        let report = drift(&dir(EXAMPLE), &remote, options()).await;
        assert_eq!(
            found(&report),
            [],
            "after {maintenance}: {}",
            pretty(&report)
        );
    }
    remote.close().await.unwrap();
}

#[tokio::test]
async fn schemas_extensions_and_tables() {
    crafted(
        "create schema reporting; drop schema archive;",
        &[
            (Extra, "schema", "reporting"),
            (Missing, "schema", "archive"),
        ],
    )
    .await;
    crafted(
        "create extension citext with schema extensions; drop extension pg_trgm; ",
        &[
            (Extra, "extension", "citext"),
            (Missing, "extension", "pg_trgm"),
        ],
    )
    .await;
    crafted(
        "alter extension pg_trgm set schema public;",
        &[(Different, "extension", "pg_trgm")],
    )
    .await;
    crafted(
        "create table public.extra (id int primary key, note text);
         drop table public.tags;
         alter table public.items disable row level security;",
        &[
            (Extra, "table", "public.extra"),
            (Missing, "table", "public.tags"),
            (Different, "table", "public.items"),
        ],
    )
    .await;
}

#[tokio::test]
async fn columns_constraints_and_indexes() {
    crafted(
        "alter table public.items add column note text;
         alter table public.items drop column mood;
         alter table public.items alter column name drop not null;
         alter table public.items alter column ticket set default 7;",
        &[
            (Extra, "column", "public.items.note"),
            (Missing, "column", "public.items.mood"),
            (Different, "column", "public.items.name"),
            (Different, "column", "public.items.ticket"),
        ],
    )
    .await;
    crafted(
        "alter table public.items add constraint items_name_len check (char_length(name) < 200);
         alter table public.items drop constraint items_price_check;
         alter table public.items drop constraint items_owner_id_fkey,
           add constraint items_owner_id_fkey foreign key (owner_id) references auth.users (id) on delete cascade;",
        &[
            (Extra, "constraint", "public.items.items_name_len"),
            (Missing, "constraint", "public.items.items_price_check"),
            (Different, "constraint", "public.items.items_owner_id_fkey"),
        ],
    )
    .await;
    crafted(
        "create index items_mood_idx on public.items (mood);
         drop index public.items_name_idx;
         drop index public.items_ticket_idx;
         create index items_ticket_idx on public.items using hash (ticket);",
        &[
            (Extra, "index", "public.items_mood_idx"),
            (Missing, "index", "public.items_name_idx"),
            (Different, "index", "public.items_ticket_idx"),
        ],
    )
    .await;
}

#[tokio::test]
async fn policies_functions_and_triggers() {
    crafted(
        "create policy \"Anyone reads tags\" on public.tags for select using (true);
         drop policy \"Items are readable\" on public.items;
         alter policy \"Owners edit items\" on public.items to authenticated, anon;",
        &[
            (Extra, "policy", "public.tags.\"Anyone reads tags\""),
            (Missing, "policy", "public.items.\"Items are readable\""),
            (Different, "policy", "public.items.\"Owners edit items\""),
        ],
    )
    .await;
    crafted(
        "create function public.extra_fn() returns int language sql as 'select 1';
         drop function public.unused(integer);
         alter function public.touch() reset search_path;
         create or replace procedure app.cleanup(days integer) language sql as $$ select 1 $$;",
        &[
            (Extra, "function", "public.extra_fn()"),
            (Missing, "function", "public.unused(n integer)"),
            (Different, "function", "public.touch()"),
            (Different, "function", "app.cleanup(IN days integer)"),
        ],
    )
    .await;
    crafted(
        "create trigger items_touch_again before insert on public.items for each row execute function public.touch();
         drop trigger items_audit on public.items;
         alter table public.items disable trigger items_touch;",
        &[
            (Extra, "trigger", "public.items.items_touch_again"),
            (Missing, "trigger", "public.items.items_audit"),
            (Different, "trigger", "public.items.items_touch"),
        ],
    )
    .await;
}

#[tokio::test]
async fn views_types_and_sequences() {
    crafted(
        "create view public.tag_labels as select label from public.tags;
         drop view public.cheap_items;
         drop materialized view public.item_counts;
         alter view public.item_names set (security_invoker = false);",
        &[
            (Extra, "view", "public.tag_labels"),
            (Missing, "view", "public.cheap_items"),
            (Missing, "materialized_view", "public.item_counts"),
            (Different, "view", "public.item_names"),
        ],
    )
    .await;
    crafted(
        "create type public.color as enum ('red');
         drop type public.unused_enum;
         alter type public.mood add value 'ecstatic';",
        &[
            (Extra, "enum_type", "public.color"),
            (Missing, "enum_type", "public.unused_enum"),
            (Different, "enum_type", "public.mood"),
        ],
    )
    .await;
    crafted(
        "create sequence public.extra_seq;
         drop sequence public.unused_seq;
         alter sequence public.ticket_seq increment by 5;",
        &[
            (Extra, "sequence", "public.extra_seq"),
            (Missing, "sequence", "public.unused_seq"),
            (Different, "sequence", "public.ticket_seq"),
        ],
    )
    .await;
}

#[tokio::test]
async fn grants_default_privileges_and_comments() {
    crafted(
        "grant usage on schema app to anon;
         revoke all on public.item_names from anon;
         revoke delete on public.items from authenticated;
         revoke select (name) on public.items from anon;
         revoke execute on function public.unused(integer) from public;",
        &[
            (Extra, "grant", "schema app to anon"),
            (Missing, "grant", "table public.item_names to anon"),
            (Different, "grant", "table public.items to authenticated"),
            (Missing, "grant", "column public.items.name to anon"),
            (
                Missing,
                "grant",
                "function public.unused(n integer) to PUBLIC",
            ),
        ],
    )
    .await;
    crafted(
        "alter default privileges for role postgres in schema app grant usage on sequences to anon;
         alter default privileges for role postgres in schema app revoke select on tables from authenticated;
         alter default privileges for role postgres in schema public revoke delete on tables from anon;",
        &[
            (Extra, "default_privilege", "for role postgres in schema app on sequences to anon"),
            (Missing, "default_privilege", "for role postgres in schema app on tables to authenticated"),
            (Different, "default_privilege", "for role postgres in schema public on tables to anon"),
        ],
    )
    .await;
    crafted(
        "comment on table public.tags is 'Labels';
         comment on column public.items.name is null;
         comment on table public.items is 'Things for sale, and more';",
        &[
            (Extra, "comment", "table public.tags"),
            (Missing, "comment", "column public.items.name"),
            (Different, "comment", "table public.items"),
        ],
    )
    .await;
}

#[tokio::test]
async fn the_projects_objects_in_and_on_supabase_schemas() {
    crafted(
        "alter publication supabase_realtime add table public.item_log;
         alter publication supabase_realtime drop table public.tags;
         alter publication supabase_realtime set table public.items (id, name), public.item_log;",
        &[
            (
                Extra,
                "publication_table",
                "supabase_realtime public.item_log",
            ),
            (
                Missing,
                "publication_table",
                "supabase_realtime public.tags",
            ),
            (
                Different,
                "publication_table",
                "supabase_realtime public.items",
            ),
        ],
    )
    .await;
    crafted(
        "insert into storage.buckets (id, name) values ('docs', 'docs');
         delete from storage.buckets where id = 'public-assets';
         update storage.buckets set public = true where id = 'avatars';",
        &[
            (Extra, "storage_bucket", "docs"),
            (Missing, "storage_bucket", "public-assets"),
            (Different, "storage_bucket", "avatars"),
        ],
    )
    .await;
    crafted(
        "select cron.schedule('extra-job', '* * * * *', 'select 2');
         delete from cron.job where jobname = 'weekly';
         update cron.job set schedule = '0 5 * * *' where jobname = 'nightly-cleanup';",
        &[
            (Extra, "cron_job", "extra-job"),
            (Missing, "cron_job", "weekly"),
            (Different, "cron_job", "nightly-cleanup"),
        ],
    )
    .await;
    crafted(
        "create policy \"Bucket list\" on storage.buckets for select to authenticated using (true);
         drop policy \"Avatar uploads\" on storage.objects;
         alter table auth.users disable trigger on_auth_user_created;
         create trigger platform_hook after insert on auth.users for each row execute function supabase_functions.http_request('http://localhost/hook', 'POST', '{}', '{}', '1000');",
        &[
            (Extra, "policy", "storage.buckets.\"Bucket list\""),
            (Missing, "policy", "storage.objects.\"Avatar uploads\""),
            (Different, "trigger", "auth.users.on_auth_user_created"),
        ],
    )
    .await;
}

fn with_emit(dir: &Path) -> DriftOptions {
    DriftOptions {
        emit_sql: Some(dir.to_path_buf()),
        ..options()
    }
}

/// The one emitted file whose name ends with `suffix`.
fn emitted(dir: &Path, suffix: &str) -> PathBuf {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// Applies a migration file to the database as the migration role, the
/// way the Supabase CLI would (no history row: a test stands in for it).
async fn apply_file(database: &Database, path: &Path) {
    let migration = Migration::read(
        path,
        path.display().to_string(),
        "1".into(),
        "emitted".into(),
    )
    .unwrap();
    push(database, &[migration], History::Skip).await;
}

#[tokio::test]
async fn the_catch_up_creates_what_the_remote_lacks_and_is_idempotent() {
    let remote = pushed(&dir(FIXTURE)).await;
    by_hand(
        &remote,
        r#"drop schema archive;
           drop extension pg_trgm;
           drop table public.tags cascade;
           alter table public.items drop column mood;
           alter table public.items drop constraint items_price_check;
           drop index public.items_name_idx;
           drop policy "Items are readable" on public.items;
           drop function public.unused(integer);
           drop trigger items_audit on public.items;
           drop view public.cheap_items;
           drop materialized view public.item_counts;
           drop type public.unused_enum;
           drop sequence public.unused_seq;
           revoke all on public.item_names from anon;
           revoke select (name) on public.items from anon;
           alter default privileges for role postgres in schema app revoke select on tables from authenticated;
           comment on column public.items.name is null;
           delete from storage.buckets where id = 'public-assets';
           delete from cron.job where jobname = 'weekly';
           drop policy "Avatar uploads" on storage.objects;
           drop trigger on_auth_user_created on auth.users;
           alter publication supabase_realtime drop table public.items;"#,
    )
    .await;
    let out = tempfile::tempdir().unwrap();
    let report = drift(&dir(FIXTURE), &remote, with_emit(out.path())).await;
    let missing = found(&report);
    assert_eq!(missing.len(), 22, "{}", pretty(&report));
    assert!(
        missing.iter().all(|(kind, _, _)| *kind == Missing),
        "{missing:?}"
    );
    assert_eq!(
        report.drift.as_ref().unwrap().files.len(),
        1,
        "only a catch-up: nothing is extra"
    );
    let catch_up = emitted(out.path(), "_drift_catch_up.sql");
    let text = std::fs::read_to_string(&catch_up).unwrap();
    assert!(
        text.contains("CREATE TABLE IF NOT EXISTS public.tags"),
        "{text}"
    );
    assert!(
        text.contains("ADD COLUMN IF NOT EXISTS mood public.mood"),
        "{text}"
    );

    for round in 1..=2 {
        apply_file(&remote, &catch_up).await;
        let report = drift(&dir(FIXTURE), &remote, options()).await;
        assert_eq!(
            found(&report),
            [],
            "after applying the catch-up {round}x: {}",
            pretty(&report)
        );
    }
    remote.close().await.unwrap();
}

#[tokio::test]
async fn the_capture_lets_the_history_adopt_what_only_the_remote_has() {
    let remote = pushed(&dir(EXAMPLE)).await;
    by_hand(
        &remote,
        r#"create table public.tmp_import (
             id bigint generated by default as identity primary key,
             payload jsonb not null default '{}',
             listing_id uuid references public.listings (id)
           );
           create index tmp_import_listing_idx on public.tmp_import (listing_id);
           alter table public.tmp_import enable row level security;
           create policy "Service only" on public.tmp_import for all to service_role using (true);
           revoke all on public.tmp_import from anon;
           comment on table public.tmp_import is 'Imported by hand';
           alter table public.listings add column promoted boolean not null default false;
           create type public.priority as enum ('low', 'high');
           create function public.is_admin() returns boolean language sql stable security definer
             set search_path = '' as $$ select false $$;
           create view public.active_listings with (security_invoker = true) as
             select id, title from public.listings where status = 'active';
           create policy "Admins read everything" on storage.objects for select to authenticated
             using ((select public.is_admin()));
           create function public.on_signup() returns trigger language plpgsql security definer
             set search_path = '' as $$ begin return new; end $$;
           create trigger on_signup after insert on auth.users for each row execute function public.on_signup();
           insert into storage.buckets (id, name, public, allowed_mime_types) values ('exports', 'exports', false, array['text/csv']);
           alter publication supabase_realtime add table public.listings;"#,
    )
    .await;
    let project = tempfile::tempdir().unwrap();
    copy_dir(&dir(EXAMPLE), project.path());
    let migrations = project.path().join("supabase/migrations");
    let report = drift(project.path(), &remote, with_emit(&migrations)).await;
    let extra = found(&report);
    assert!(
        extra.iter().all(|(kind, _, _)| *kind == Extra),
        "{}",
        pretty(&report)
    );
    assert_eq!(extra.len(), 10, "{}", pretty(&report));
    let capture = emitted(&migrations, "_drift_capture_remote.sql");

    // Production already has these objects: record the file as applied there.
    let config = load(project.path());
    let file = discover(&config.migrations_dir, &|p| config.relative(p))
        .unwrap()
        .migrations
        .into_iter()
        .find(|m| m.path == capture)
        .expect("the capture is a migration");
    let url = common::server().await.admin_url(&remote.name);
    schemagate::remote::repair_history(
        &url,
        &[schemagate::remote::Repair::Applied(
            schemagate::report::RemoteMigration {
                version: file.version.clone(),
                name: Some(file.name.clone()),
                statements: Some(file.statements.iter().map(|s| s.sql.clone()).collect()),
            },
        )],
    )
    .await
    .unwrap();
    let report = drift(project.path(), &remote, options()).await;
    assert_eq!(found(&report), [], "{}", pretty(&report));
    assert_eq!(report.status, Status::Pass, "{:#?}", report.findings);
    remote.close().await.unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test]
async fn another_minor_version_shows_no_drift() {
    let Some(bindir) = std::env::var_os("SCHEMAGATE_TEST_OTHER_PG_BINDIR") else {
        eprintln!(
            "skipped another_minor_version_shows_no_drift: set SCHEMAGATE_TEST_OTHER_PG_BINDIR to the bin directory of a second PostgreSQL minor version (e.g. 15.20 unpacked from `apt-get download postgresql-15`)"
        );
        return;
    };
    let binaries = Binaries::at(Path::new(&bindir))
        .expect("initdb and postgres in SCHEMAGATE_TEST_OTHER_PG_BINDIR");
    let other = Embedded::new(binaries).start().await.unwrap();
    let ours = common::server().await;
    assert_eq!(other.major, ours.major);
    assert_ne!(
        other.version, ours.version,
        "the point is another minor version"
    );
    eprintln!("remote: {}; expected side: {}", other.version, ours.version);
    for (i, project) in [EXAMPLE, FIXTURE].into_iter().enumerate() {
        let database = other
            .create_database(&format!("minor_{i}"), None)
            .await
            .unwrap();
        prepare_database(&database, true).await.unwrap();
        let config = load(&dir(project));
        let discovery = discover(&config.migrations_dir, &|p| config.relative(p)).unwrap();
        push(&database, &discovery.migrations, History::Record).await;
        let report = drift_at(&dir(project), &other.admin_url(&database.name), options()).await;
        assert_eq!(
            found(&report),
            [],
            "{project} on {}: {}",
            other.version,
            pretty(&report)
        );
        assert_eq!(report.status, Status::Pass);
    }
}

#[tokio::test]
async fn remote_only_history_fails_the_run_without_schema_differences() {
    let remote = pushed(&dir(EXAMPLE)).await;
    by_hand(
        &remote,
        "insert into supabase_migrations.schema_migrations (version, name, statements) values ('20260120000000', 'hotfix', '{}')",
    )
    .await;
    let report = drift(&dir(EXAMPLE), &remote, options()).await;
    assert_eq!(found(&report), []);
    assert_eq!(report.exit_code(), 1);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule.as_str() == "remote-only"),
        "{:#?}",
        report.findings
    );
    remote.close().await.unwrap();
}

#[tokio::test]
async fn pending_migrations_are_not_drift_unless_included() {
    let remote = pushed(&dir(EXAMPLE)).await;
    let project = tempfile::tempdir().unwrap();
    copy_dir(&dir(EXAMPLE), project.path());
    std::fs::write(
        project
            .path()
            .join("supabase/migrations/20260120000000_wishlist.sql"),
        "create table public.wishlist (id int primary key);\n",
    )
    .unwrap();
    let report = drift(project.path(), &remote, options()).await;
    assert_eq!(found(&report), [], "{}", pretty(&report));
    assert!(report.findings.iter().any(|f| f.rule.as_str() == "pending"));
    assert_eq!(report.exit_code(), 0, "{:#?}", report.findings);
    let included = drift(
        project.path(),
        &remote,
        DriftOptions {
            include_pending: true,
            ..options()
        },
    )
    .await;
    assert_eq!(
        found(&included),
        expect(&[(Missing, "table", "public.wishlist")])
    );
    remote.close().await.unwrap();
}

#[tokio::test]
async fn schemas_and_ignore_narrow_what_is_compared() {
    let remote = pushed(&dir(FIXTURE)).await;
    by_hand(
        &remote,
        "create table public.tmp_1 (id int); create table app.extra (id int);",
    )
    .await;
    let project = tempfile::tempdir().unwrap();
    copy_dir(&dir(FIXTURE), project.path());
    std::fs::write(
        project.path().join("schemagate.toml"),
        "[drift]\nignore = [\"table:public.tmp_*\"]\n",
    )
    .unwrap();
    let report = drift(project.path(), &remote, options()).await;
    assert_eq!(found(&report), expect(&[(Extra, "table", "app.extra")]));
    let report = drift(
        project.path(),
        &remote,
        DriftOptions {
            schemas: vec!["public".into()],
            ..options()
        },
    )
    .await;
    assert_eq!(found(&report), [], "{}", pretty(&report));
    assert_eq!(report.drift.unwrap().schemas, ["public"]);
    remote.close().await.unwrap();
}

/// The binary, from a blocking thread (it starts its own server).
async fn cli(args: Vec<String>, envs: Vec<(String, String)>) -> (i32, String, String) {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        common::run_cli(&args, &envs)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_cli_reads_the_remote_as_a_select_only_role_and_writes_the_files() {
    let remote = pushed(&dir(EXAMPLE)).await;
    by_hand(
        &remote,
        r#"drop policy "Featured queue is public" on public.featured_queue;
           do $$ begin
             if not exists (select from pg_roles where rolname = 'drift_reader') then
               create role drift_reader login bypassrls;
             end if;
           end $$;
           grant pg_read_all_data to drift_reader;
           alter role drift_reader set default_transaction_read_only = on;"#,
    )
    .await;
    let admin_url = common::server().await.admin_url(&remote.name);
    let reader_url = admin_url.replacen("supabase_admin@", "drift_reader@", 1);
    let before = snapshot(&remote).await;
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = cli(
        vec![
            "drift".into(),
            "--project-dir".into(),
            dir(EXAMPLE).display().to_string(),
            "--remote-url".into(),
            reader_url,
            "--format".into(),
            "json".into(),
            "--emit-sql".into(),
            out.path().display().to_string(),
        ],
        vec![("SCHEMAGATE_NOW".into(), "2026-02-01T10:00:00Z".into())],
    )
    .await;
    assert_eq!(code, 1, "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["command"], "drift");
    assert_eq!(
        report["differences"],
        serde_json::json!([{
            "kind": "missing_on_remote",
            "object_type": "policy",
            "identity": "public.featured_queue.\"Featured queue is public\"",
            "expected": {"command": "SELECT", "permissive": true, "roles": ["public"], "using": "true"},
            "actual": null,
            "includes": []
        }])
    );
    assert_eq!(
        report["drift"]["skipped"],
        serde_json::json!([]),
        "the reader sees buckets and jobs"
    );
    assert!(out
        .path()
        .join("20260201100001_drift_catch_up.sql")
        .is_file());
    assert!(
        !out.path()
            .join("20260201100000_drift_capture_remote.sql")
            .exists(),
        "nothing extra to capture"
    );
    assert_eq!(
        snapshot(&remote).await,
        before,
        "the remote was not changed"
    );

    let (code, markdown, _) = cli(
        vec![
            "drift".into(),
            "--project-dir".into(),
            dir(EXAMPLE).display().to_string(),
            "--remote-url".into(),
            admin_url,
            "--format".into(),
            "markdown".into(),
        ],
        Vec::new(),
    )
    .await;
    assert_eq!(code, 1);
    assert!(markdown.contains("#### Schema drift against"), "{markdown}");
    assert!(
        markdown
            .contains("| Missing on remote: a migration's object never reached production | 1 |"),
        "{markdown}"
    );
    assert!(markdown.contains("##### 1. missing on remote: policy `public.featured_queue.\"Featured queue is public\"`"), "{markdown}");
    assert!(
        markdown.contains("**Actual (live database)**: none"),
        "{markdown}"
    );
    remote.close().await.unwrap();
}

async fn snapshot(database: &Database) -> schemagate::drift::Snapshot {
    let mut conn = database.connect_admin().await.unwrap();
    schemagate::drift::take(&mut conn, "remote", &Default::default())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unreachable_remote_is_exit_3_with_the_password_redacted() {
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.json");
    let (code, stdout, stderr) = cli(
        vec![
            "drift".into(),
            "--project-dir".into(),
            dir(EXAMPLE).display().to_string(),
            "--remote-url".into(),
            "postgresql://postgres.abc:s3cret-pw@127.0.0.1:1/postgres".into(),
            "--output".into(),
            report.display().to_string(),
        ],
        Vec::new(),
    )
    .await;
    assert_eq!(code, 3, "{stdout}{stderr}");
    let written = std::fs::read_to_string(&report).unwrap();
    for text in [&stdout, &stderr, &written] {
        assert!(!text.contains("s3cret-pw"), "{text}");
    }
    assert!(stdout.contains("127.0.0.1:1"), "{stdout}");
}
