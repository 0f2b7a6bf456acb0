//! The extension census: every extension Supabase lets `postgres` create
//! (`../shared/supabase-platform/extensions.tsv`, read in place) is created
//! the way a migration writes it, and the main objects of the most used
//! ones are used, on the embedded backend; real where the server has the
//! extension, emulated (an `extension-stubbed` notice) otherwise, never
//! failing. Emulations are checked for results, not only for existence.

mod common;

use std::path::PathBuf;

use common::{check, check_migrations, options, project};
use schemagate::report::{ApplyStatus, Report, Severity, Status};

/// One row of extensions.tsv that `postgres` may create on PostgreSQL 15.
#[derive(Debug)]
struct Creatable {
    name: String,
    in_extensions_schema: bool,
}

fn reference() -> PathBuf {
    std::env::var_os("SCHEMAGATE_SUPABASE_PLATFORM")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("../shared/supabase-platform"))
}

/// The rows marked privileged (`yes…`) that exist on PostgreSQL `major` (15
/// or 17) and are created with CREATE EXTENSION (not the preloaded
/// libraries, not an image flavour's).
fn creatable_on(major: u32) -> Vec<Creatable> {
    let path = reference().join("extensions.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (set SCHEMAGATE_SUPABASE_PLATFORM)", path.display()));
    let mut rows: Vec<Creatable> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            let version = if major == 17 { columns[2] } else { columns[1] };
            let (name, schema, privileged) = (columns[0], columns[3], columns[4]);
            let creatable = privileged.starts_with("yes")
                && !version.starts_with("n/a")
                && !version.contains("flavour only")
                && !schema.starts_with("n/a");
            creatable.then(|| Creatable {
                name: name.to_string(),
                in_extensions_schema: schema.starts_with("extensions"),
            })
        })
        .collect();
    // Dependencies first, as a migration orders them.
    rows.sort_by_key(|row| (row.name != "postgis", row.name != "hypopg"));
    rows
}

fn create_statement(row: &Creatable) -> String {
    if row.in_extensions_schema {
        format!(
            "create extension if not exists \"{}\" with schema extensions;\n",
            row.name
        )
    } else {
        format!("create extension if not exists \"{}\";\n", row.name)
    }
}

/// The main objects of the most used extensions, as migrations use them.
const USAGE: &str = r#"
create schema app;

create table app.docs (
  id bigint generated always as identity primary key,
  body text not null,
  embedding extensions.vector(3)
);
create index docs_embedding_hnsw on app.docs
  using hnsw (embedding extensions.vector_cosine_ops) with (m = 16, ef_construction = 64);
create index docs_embedding_ivfflat on app.docs
  using ivfflat (embedding extensions.vector_l2_ops) with (lists = 10);

create table app.places (
  id bigint generated always as identity primary key,
  name text not null,
  geom extensions.geometry(Point, 4326) not null
);
create index places_geom on app.places using gist (geom);

select cron.schedule('nightly-cleanup', '0 3 * * *', $$delete from app.docs where body = ''$$);

create function app.notify_new_doc() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform net.http_post(
    url := 'https://example.com/hooks/docs',
    body := jsonb_build_object('id', new.id),
    headers := '{"Content-Type": "application/json"}'::jsonb
  );
  return new;
end
$$;
create trigger docs_notify after insert on app.docs
  for each row execute function app.notify_new_doc();

create schema if not exists pgmq;
create extension if not exists pgmq with schema pgmq;
select pgmq.create('jobs');
select pgmq.send('jobs', '{"job": "resize"}'::jsonb);

create foreign data wrapper stripe_wrapper
  handler extensions.stripe_fdw_handler validator extensions.stripe_fdw_validator;
create server stripe_server foreign data wrapper stripe_wrapper
  options (api_key_id '00000000-0000-0000-0000-000000000000', api_url 'https://api.stripe.com/v1');
create schema stripe;
create foreign table stripe.customers (id text, email text)
  server stripe_server options (object 'customers');

create table app.links (
  id bigint generated always as identity primary key,
  slug text generated always as (extensions.id_encode(id, 'census salt', 8)) stored
);

select vault.create_secret('sk_test_census', 'stripe_key', 'census secret');
"#;

/// What only Supabase's PostgreSQL 15 image has (plv8, TimescaleDB).
const USAGE_15: &str = r#"
create function app.add(a integer, b integer) returns integer
language plv8 immutable as $$
  return a + b;
$$;

create table app.metrics (time timestamptz not null, device text, value double precision);
select extensions.create_hypertable('app.metrics', 'time');
"#;

/// Seeds whose DO blocks fail the check when a result is wrong.
const SEED: &str = r#"
insert into app.docs (body, embedding) values
  ('east', '[1,0,0]'), ('north', '[0,1,0]'), ('mostly east', '[0.9,0.2,0]'), ('down', '[0,0,-1]');
do $$
declare
  nearest text[];
begin
  select array_agg(body order by embedding operator(extensions.<=>) '[1,0.1,0]') into nearest from app.docs;
  if nearest <> array['east', 'mostly east', 'north', 'down'] then
    raise exception 'cosine order is %', nearest;
  end if;
  select array_agg(body order by embedding operator(extensions.<->) '[0,0.9,0]') into nearest from app.docs;
  if nearest[1] <> 'north' then
    raise exception 'l2 order is %', nearest;
  end if;
end
$$;

insert into app.places (name, geom) values
  ('berlin', extensions.st_setsrid(extensions.st_makepoint(13.4, 52.5), 4326)),
  ('paris', extensions.st_setsrid(extensions.st_makepoint(2.35, 48.86), 4326));
do $$
begin
  if (select name from app.places
      order by geom operator(extensions.<->) extensions.st_setsrid(extensions.st_makepoint(13, 52), 4326) limit 1) <> 'berlin' then
    raise exception 'postgis nearest is wrong';
  end if;
end
$$;

insert into app.links default values;
do $$
begin
  -- Hashids' published test vectors, and a round trip through the column.
  if extensions.id_encode(12345, 'this is my salt') <> 'NkK9'
     or extensions.id_encode(array[1, 2, 3]::bigint[], 'this is my salt') <> 'laHquq'
     or extensions.id_encode(1, 'this is my salt', 8) <> 'gB0NV05e' then
    raise exception 'hashids differ from the real algorithm';
  end if;
  if (select extensions.id_decode_once(slug, 'census salt', 8) from app.links) <> 1
     or (select length(slug) from app.links) <> 8 then
    raise exception 'generated hashid does not decode';
  end if;
end
$$;

do $$
begin
  if (select msg_id from pgmq.read('jobs', 30, 1)) is null then
    raise exception 'pgmq lost the message';
  end if;
  if (select decrypted_secret from vault.decrypted_secrets where name = 'stripe_key') <> 'sk_test_census' then
    raise exception 'vault does not give the secret back';
  end if;
  if not exists (select from cron.job where jobname = 'nightly-cleanup') then
    raise exception 'cron.schedule did not record the job';
  end if;
end
$$;
"#;

const SEED_15: &str = r#"
do $$
begin
  if not exists (select from timescaledb_information.hypertables where hypertable_name = 'metrics') then
    raise exception 'create_hypertable did not register app.metrics';
  end if;
end
$$;
"#;

/// The PostgreSQL 15 census project, with `seed` after the common seed.
fn census_project(rows: &[Creatable], seed: &str) -> tempfile::TempDir {
    census_project_for(15, rows, &format!("{SEED}{seed}"))
}

/// The census migrations and seed for a major, with its config.toml.
fn census_project_for(major: u32, rows: &[Creatable], seed: &str) -> tempfile::TempDir {
    let creates: String = rows.iter().map(create_statement).collect();
    let usage = if major == 15 {
        format!("{USAGE}{USAGE_15}")
    } else {
        USAGE.to_string()
    };
    let config = format!("project_id = \"census\"\n[db]\nmajor_version = {major}\n");
    project(&[
        ("supabase/config.toml", config.as_bytes()),
        (
            "supabase/migrations/20260101000000_extensions.sql",
            creates.as_bytes(),
        ),
        (
            "supabase/migrations/20260101000001_usage.sql",
            usage.as_bytes(),
        ),
        ("supabase/seed.sql", seed.as_bytes()),
    ])
}

fn emulated(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.as_str() == "extension-stubbed")
        .filter_map(|f| f.message.split_whitespace().nth(1).map(str::to_string))
        .collect()
}

fn errors(report: &Report) -> Vec<String> {
    let mut errors: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{}: {} (line {:?})", f.rule.as_str(), f.message, f.line))
        .collect();
    errors.extend(
        report
            .migrations
            .iter()
            .chain(&report.seeds)
            .filter(|m| m.status == ApplyStatus::Failed)
            .map(|m| format!("{} failed: {:?}", m.file, m.error)),
    );
    errors.extend(report.error.iter().map(|e| format!("{e:?}")));
    errors
}

#[tokio::test]
async fn every_extension_postgres_may_create_is_created_and_usable() {
    let rows = creatable_on(15);
    assert!(
        rows.len() >= 40,
        "expected the ~44 creatable extensions of extensions.tsv, found {}",
        rows.len()
    );
    let dir = census_project(&rows, SEED_15);
    let report = check(dir.path(), options(true, true)).await;
    let emulated = emulated(&report);
    // Emulated by the template already (extensions.sql): they exist before
    // the census's CREATE EXTENSION, which then only says "already exists".
    let by_default = ["pg_graphql", "pgjwt", "pgsodium", "supabase_vault"];
    let census_emulated = emulated.iter().filter(|e| *e != "pgmq").count() + by_default.len();
    eprintln!(
        "census: {} creatable by postgres on PostgreSQL 15; created real {}, emulated {} ({} and by default {}), failed {}",
        rows.len(),
        rows.len() - census_emulated,
        census_emulated,
        emulated.join(", "),
        by_default.join(", "),
        usize::from(report.status != Status::Pass),
    );
    assert_eq!(
        report.status,
        Status::Pass,
        "the census failed: {:#?}\n{:#?}",
        errors(&report),
        report
            .migrations
            .iter()
            .chain(&report.seeds)
            .map(|m| (&m.file, &m.status, &m.error))
            .collect::<Vec<_>>()
    );
    // Emulation is never silent: each emulated extension is named.
    for name in [
        "vector",
        "plv8",
        "wrappers",
        "pg_hashids",
        "timescaledb",
        "pgmq",
    ] {
        assert!(
            emulated.iter().any(|e| e == name),
            "{name} should be reported as emulated: {emulated:?}"
        );
    }
}

/// The census on PostgreSQL 15 with `seed`, which must fail: what the
/// seed's failure says.
async fn census_seed_failure(seed: &str) -> String {
    let dir = census_project(&creatable_on(15), seed);
    let report = check(dir.path(), options(true, true)).await;
    assert_eq!(report.status, Status::Fail);
    format!("{:?}", report.seeds)
}

#[tokio::test]
async fn calling_a_plv8_function_is_a_clear_error() {
    let text = census_seed_failure("select app.add(1, 2);\n").await;
    assert!(
        text.contains("emulated procedural language (plv8 or pljava) was called"),
        "{text}"
    );
    assert!(text.contains("--postgres docker"), "{text}");
}

#[tokio::test]
async fn querying_a_foreign_table_of_emulated_wrappers_is_a_clear_error() {
    let text = census_seed_failure("select * from stripe.customers;\n").await;
    assert!(
        text.contains("foreign table of an emulated foreign-data wrapper"),
        "{text}"
    );
}

/// A migration of `sql` fails, with an error saying `says`.
async fn assert_refused(sql: &str, says: &str) {
    let report = check_migrations(&[sql]).await;
    assert_eq!(report.status, Status::Fail);
    let error = report.migrations[0].error.as_ref().expect("an error");
    assert!(error.message.contains(says), "{error:?}");
}

const VECTOR_DOCS: &str = "create extension if not exists vector with schema extensions;\n\
     create table docs (embedding extensions.vector(3));\n";

#[tokio::test]
async fn vector_index_options_are_checked_as_pgvector_checks_them() {
    let index =
        "create index on docs using hnsw (embedding extensions.vector_l2_ops) with (m = 1);";
    let says = "value 1 out of bounds for option \"m\"";
    assert_refused(&format!("{VECTOR_DOCS}{index}"), says).await;
}

#[tokio::test]
async fn a_vector_of_the_wrong_dimensions_is_refused() {
    let insert = "insert into docs values ('[1,2]');";
    let says = "expected 3 dimensions, not 2";
    assert_refused(&format!("{VECTOR_DOCS}{insert}"), says).await;
}

#[tokio::test]
async fn a_foreign_data_wrapper_with_the_callers_own_validator_is_refused() {
    assert_refused(
        "create function public.my_validator(text[], oid) returns void language plpgsql as $$ begin end $$;\n\
         create foreign data wrapper mine validator public.my_validator;",
        "permission denied to create foreign-data wrapper \"mine\"",
    )
    .await;
}

/// The census on PostgreSQL 17, through the docker backend with the local
/// trixie image (`SCHEMAGATE_PG_MAJOR=17 scripts/build-test-image.sh`):
/// pgvector, http and pg_cron are real there; plv8 and TimescaleDB are not
/// offered (as on Supabase's 17 image); pgjwt, pgsodium and pg_graphql are not created
/// by default, so the census creates them.
#[test]
fn the_census_passes_on_17() {
    let Some(image) = common::docker::image_17("the_census_passes_on_17") else {
        return;
    };
    let rows = creatable_on(17);
    assert!(rows
        .iter()
        .all(|r| r.name != "plv8" && r.name != "timescaledb" && r.name != "orioledb"));
    let dir = census_project_for(17, &rows, SEED);
    let (code, report) = common::docker::check_in_container(&image, dir.path(), &[]);
    let emulated: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "extension-stubbed")
        .filter_map(|f| f["message"].as_str()?.split_whitespace().nth(1))
        .collect();
    // supabase_vault is emulated by the template already; pg_graphql is
    // not created by default on 17 (image migration 20260421000000).
    let census_emulated = emulated.iter().filter(|e| **e != "pgmq").count() + 1;
    eprintln!(
        "census 17: {} creatable; created real {}, emulated {} ({} and by default supabase_vault), exit {code}",
        rows.len(),
        rows.len() - census_emulated,
        census_emulated,
        emulated.join(", "),
    );
    assert_eq!(code, 0, "{report:#}");
    for real in ["vector", "http", "pg_cron"] {
        assert!(
            !emulated.contains(&real),
            "{real} should be real on 17: {emulated:?}"
        );
    }
    for name in ["pgjwt", "pgsodium", "pg_graphql"] {
        assert!(
            emulated.contains(&name),
            "{name} should be created by the census on 17, not by default: {emulated:?}"
        );
    }
}
