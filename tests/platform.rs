//! The platform shim against Supabase's own definition of the platform.
//!
//! The reference is built on a server of its own by running Supabase's files
//! from `../shared/supabase-platform` (the supabase/postgres init scripts and
//! image migrations, the CLI's webhook and history SQL, realtime's tenant
//! dump, GoTrue's and storage-api's migrations: `tests/platform/reference.sh`).
//! Both sides are then described by `tests/platform/inventory.sql`, one row
//! per object (roles, schemas, tables, columns, constraints, indexes,
//! functions, types, sequences, triggers, policies, owners, grants, default
//! privileges, publications), and compared object by object.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use schemagate::postgres::{Backend, Binaries, Database, Docker, DockerSettings, Embedded, Server};
use schemagate::shim;
use sqlx::{Connection, Row};
use tokio::sync::OnceCell;

const INVENTORY_SQL: &str = include_str!("platform/inventory.sql");

/// Files of the reference that cannot apply on a server without the
/// extension libraries Supabase's image preloads; what they would change is
/// named here so that nothing is silently lost.
const EXPECTED_FAILURES: &[(&str, &str)] = &[
    (
        "20250623125453_tmp_grant_storage_tables_to_postgres_with_grant_option.sql",
        "runs before storage-api creates storage.buckets on a fresh project; storage's own 0046/0049 grant the same",
    ),
    (
        "20260130074514_load_disable_pg_safeupdate.sql",
        "needs the safeupdate library (session_preload_libraries of the API roles)",
    ),
];

/// Objects the shim has and the reference build lacks, with why. The vault
/// and graphql schemas belong to extensions (supabase_vault, pg_graphql)
/// whose libraries the reference server lacks; on Supabase their objects
/// are extension members, which the inventory leaves out.
fn allowed_extra(kind: &str, name: &str) -> bool {
    name.starts_with("vault.") || (kind == "schema" && (name == "vault" || name == "graphql"))
}

/// One object of an inventory: (kind, name) -> detail.
type Inventory = BTreeMap<(String, String), String>;

struct Reference {
    _server: Server,
    inventory: Inventory,
}

static REFERENCE: OnceCell<Reference> = OnceCell::const_new();

fn reference_dir() -> PathBuf {
    common::repo().join("../shared/supabase-platform")
}

fn binaries() -> Binaries {
    Binaries::find(None, None).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `psql` from the server's binaries with `args`; panics with its
/// output on failure.
fn psql(args: &[&str]) -> String {
    let program = binaries().program("psql");
    let output = Command::new(&program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{} {args:?} failed: {text}{}",
        program.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    text
}

async fn reference() -> &'static Reference {
    REFERENCE
        .get_or_init(|| async {
            // A server of its own: roles are cluster-wide, and the
            // reference's must come from Supabase's scripts, not the shim.
            let server = Embedded::new(binaries())
                .start()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let inventory = build_reference(&server).await;
            Reference {
                _server: server,
                inventory,
            }
        })
        .await
}

/// Runs `tests/platform/reference.sh` on `server` (fresh, its bootstrap
/// superuser supabase_admin) and returns the inventory of what it built.
async fn build_reference(server: &Server) -> Inventory {
    let dir = reference_dir();
    assert!(
        dir.join("README.md").is_file(),
        "the reference is missing: {} (../shared/supabase-platform)",
        dir.display()
    );
    let url = server.admin_url("postgres");
    let script = common::repo().join("tests/platform/reference.sh");
    let output = common::succeed(
        Command::new("bash")
            .arg(&script)
            .arg(binaries().program("psql"))
            .arg(&url)
            .arg(&dir),
        "tests/platform/reference.sh",
    );
    let failures: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.starts_with("FAIL "))
        .filter(|line| {
            !EXPECTED_FAILURES
                .iter()
                .any(|(file, _)| line.contains(file))
        })
        .map(str::to_string)
        .collect();
    assert!(
        failures.is_empty(),
        "reference files that did not apply on PostgreSQL {}:\n{}",
        server.major,
        failures.join("\n")
    );
    let mut conn = server.connect_admin("postgres").await.unwrap();
    let inventory = inventory(&mut conn).await;
    let _ = conn.close().await;
    inventory
}

async fn inventory(conn: &mut sqlx::PgConnection) -> Inventory {
    // Names print qualified whatever the role's own search_path (the
    // reference's supabase_admin has auth on it).
    sqlx::raw_sql("SET search_path = pg_catalog")
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query(INVENTORY_SQL)
        .fetch_all(conn)
        .await
        .expect("inventory query")
        .into_iter()
        .map(|row| {
            (
                (row.get::<String, _>(0), row.get::<String, _>(1)),
                row.get::<String, _>(2),
            )
        })
        .collect()
}

async fn inventory_of(database: &Database) -> Inventory {
    let mut conn = database.connect_admin().await.unwrap();
    inventory(&mut conn).await
}

/// Every difference, one line each, named: missing from the shim,
/// different in it, or only in it (and not allowed).
#[derive(Debug, Default)]
struct Differences {
    missing: Vec<String>,
    differing: Vec<String>,
    extra: Vec<String>,
}

impl Differences {
    fn between(reference: &Inventory, shim: &Inventory) -> Differences {
        let mut differences = Differences::default();
        for ((kind, name), detail) in reference {
            match shim.get(&(kind.clone(), name.clone())) {
                None => differences
                    .missing
                    .push(format!("missing {kind} {name}: {detail}")),
                Some(other) if other != detail => differences.differing.push(format!(
                    "different {kind} {name}:\n    reference: {detail}\n    shim:      {other}"
                )),
                Some(_) => {}
            }
        }
        for ((kind, name), detail) in shim {
            if !reference.contains_key(&(kind.clone(), name.clone())) && !allowed_extra(kind, name)
            {
                differences
                    .extra
                    .push(format!("only in the shim: {kind} {name}: {detail}"));
            }
        }
        differences
    }

    fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.differing.is_empty() && self.extra.is_empty()
    }

    fn report(&self) -> String {
        format!(
            "{} missing, {} different, {} only in the shim\n{}",
            self.missing.len(),
            self.differing.len(),
            self.extra.len(),
            [&self.missing, &self.differing, &self.extra]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        )
    }
}

/// A database with the platform parts of the shim alone: extension stubs
/// and default extensions are the extension census's to compare.
async fn platform_database() -> Database {
    let database = common::fresh_database(false).await;
    let mut conn = database.connect_admin().await.unwrap();
    shim::install_base(&mut conn).await.unwrap();
    shim::install_platform(&mut conn).await.unwrap();
    let _ = conn.close().await;
    database
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shim_has_every_platform_object_of_the_reference() {
    let reference = reference().await;
    let database = platform_database().await;
    let shim = inventory_of(&database).await;
    let differences = Differences::between(&reference.inventory, &shim);
    assert!(differences.is_empty(), "{}", differences.report());
    // The reference is not trivially small: a broken build would compare
    // nothing with nothing.
    for kind in ["table", "column", "function", "type", "trigger", "role"] {
        assert!(
            reference
                .inventory
                .keys()
                .filter(|(k, _)| k == kind)
                .count()
                > 3,
            "the reference has hardly any {kind}"
        );
    }
    database.close().await.unwrap();
}

/// A server in a container of `image`, on the default network.
async fn start_container(image: &str) -> Server {
    Docker::new(DockerSettings {
        image: image.to_string(),
        network: None,
        host_override: None,
    })
    .start()
    .await
    .unwrap_or_else(|e| panic!("{e}"))
}

async fn start_17(image: &str) -> Server {
    let server = start_container(image).await;
    assert_eq!(server.major, 17, "{image} runs {}", server.version);
    server
}

/// The same comparison on PostgreSQL 17: the reference built from
/// Supabase's files on one container of the 17 image, the platform shim on
/// another (roles are cluster-wide).
#[tokio::test(flavor = "multi_thread")]
async fn the_shim_has_every_platform_object_of_the_reference_on_17() {
    let Some(image) = common::docker::image_17("the PostgreSQL 17 inventory") else {
        return;
    };
    let (reference_server, shim_server) = tokio::join!(start_17(&image), start_17(&image));
    let reference = build_reference(&reference_server).await;
    let database = shim_server.scratch_database().await.unwrap();
    let mut conn = database.connect_admin().await.unwrap();
    shim::install_base(&mut conn).await.unwrap();
    shim::install_platform(&mut conn).await.unwrap();
    let shim = inventory(&mut conn).await;
    let _ = conn.close().await;
    let differences = Differences::between(&reference, &shim);
    eprintln!(
        "inventory on 17: {} reference objects; {}",
        reference.len(),
        differences.report().lines().next().unwrap_or_default()
    );
    assert!(differences.is_empty(), "{}", differences.report());
    assert!(
        reference.keys().filter(|(k, _)| k == "table").count() > 3,
        "the reference on 17 has hardly any table"
    );
}

/// On a server that starts as Supabase's image does, the shim brings the
/// image's platform to the reference's (what the CLI's service migrations
/// do after start), with postgres demoted as there.
#[tokio::test(flavor = "multi_thread")]
async fn the_shim_on_a_supabase_flavoured_image_matches_the_reference() {
    // An image that starts the way supabase/postgres does (bootstrap
    // superuser supabase_admin, Supabase's init scripts and image
    // migrations, postgres demoted). Its name ends in supabase/postgres, so
    // the docker backend takes its Supabase flavour.
    let Some(image) = common::docker::supabase_image("the Supabase-flavoured image") else {
        return;
    };
    let reference = reference().await;
    let server = start_container(&image).await;
    let database = server.scratch_database().await.unwrap();
    let mut conn = database.connect_admin().await.unwrap();
    let postgres_is_superuser: bool =
        sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    assert!(!postgres_is_superuser, "{image} did not demote postgres");
    shim::install_base(&mut conn).await.unwrap();
    shim::install_platform(&mut conn)
        .await
        .expect("shim on the image's platform");
    let shim = inventory(&mut conn).await;
    let _ = conn.close().await;
    let differences = Differences::between(&reference.inventory, &shim);
    eprintln!(
        "inventory on {image}: {}",
        differences.report().lines().next().unwrap_or_default()
    );
    assert!(
        differences.missing.is_empty() && differences.differing.is_empty(),
        "{}",
        differences.report()
    );
}

/// Through the CLI's docker backend with that image: a migration with
/// policies on storage.objects and a seed written for today's auth.users
/// and storage.buckets pass; a write to the generated confirmed_at fails.
#[test]
fn a_project_checks_on_a_supabase_flavoured_image() {
    let Some(image) = common::docker::supabase_image("the Supabase-flavoured image") else {
        return;
    };
    let migration = "create table public.profiles (id uuid primary key references auth.users (id), name text);
alter table public.profiles enable row level security;
create policy \"own\" on public.profiles for select to authenticated using ((select auth.uid()) = id);
create policy \"avatars read\" on storage.objects for select to authenticated using (bucket_id = 'avatars');
";
    let seed = "insert into auth.users (id, email, email_confirmed_at, phone, is_anonymous)
  values ('00000000-0000-0000-0000-000000000001', 'a@example.com', now(), '+15550100', false);
insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
insert into public.profiles (id, name) values ('00000000-0000-0000-0000-000000000001', 'a');
";
    for (seed, expected) in [
        (seed.to_string(), 0),
        (
            format!("{seed}update auth.users set confirmed_at = now();\n"),
            1,
        ),
    ] {
        let dir = common::project(&[
            (
                "supabase/migrations/20260101000000_app.sql",
                migration.as_bytes(),
            ),
            ("supabase/seed.sql", seed.as_bytes()),
        ]);
        let (code, report) = common::docker::check_in_container(&image, dir.path(), &["--seed"]);
        assert_eq!(code, expected, "{report:#}");
        assert_eq!(report["server"]["backend"], "docker", "{report:#}");
        if expected == 1 {
            assert!(report.to_string().contains("confirmed_at"), "{report:#}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_comparison_names_each_difference() {
    let reference = reference().await;
    let database = platform_database().await;
    let mut conn = database.connect_admin().await.unwrap();
    sqlx::raw_sql(
        "ALTER TABLE auth.users DROP COLUMN is_anonymous;
         ALTER FUNCTION auth.uid() OWNER TO postgres;
         CREATE TABLE storage.stray (id int)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let differences = Differences::between(&reference.inventory, &inventory(&mut conn).await);
    let report = differences.report();
    assert!(
        report.contains("missing column auth.users.is_anonymous: boolean not null default false"),
        "{report}"
    );
    assert!(
        report.contains("different function auth.uid()") && report.contains("owner=postgres"),
        "{report}"
    );
    assert!(
        report.contains("only in the shim: table storage.stray"),
        "{report}"
    );
    database.close().await.unwrap();
}

/// Supabase's image pre-creates 2021-era auth and storage tables (the
/// 2024-10 init scripts): the shim brings them to today's shape, as the CLI
/// does by running GoTrue's and storage's migrations after start.
#[tokio::test(flavor = "multi_thread")]
async fn the_images_2021_tables_are_brought_to_the_current_shape() {
    let reference = reference().await;
    let database = common::fresh_database(false).await;
    let url = common::server().await.admin_url(&database.name);
    let init = reference_dir().join("postgres/snapshot-2024-10-23/migrations/db/init-scripts");
    psql(&[
        "-X",
        "-q",
        &url,
        "-c",
        "CREATE SCHEMA IF NOT EXISTS extensions; CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA extensions",
    ]);
    for file in [
        "00000000000001-auth-schema.sql",
        "00000000000002-storage-schema.sql",
    ] {
        // Role creation fails on a server that has the roles: as on the
        // image, the tables are what matters here.
        let path = init.join(file);
        let _ = Command::new(binaries().program("psql"))
            .args(["-X", "-q", &url, "-f"])
            .arg(&path)
            .output();
    }
    let mut conn = database.connect_admin().await.unwrap();
    let old_columns = common::strings(
        &mut conn,
        "SELECT attname::text FROM pg_attribute WHERE attrelid = 'auth.users'::regclass AND attnum > 0",
    )
    .await;
    assert!(
        old_columns.iter().any(|c| c == "confirmed_at")
            && !old_columns.iter().any(|c| c == "email_confirmed_at"),
        "the 2021 auth.users was not created: {old_columns:?}"
    );
    sqlx::raw_sql("INSERT INTO auth.users (id, email, confirmed_at) VALUES (gen_random_uuid(), 'old@example.com', now())")
        .execute(&mut conn)
        .await
        .unwrap();
    let _ = conn.close().await;

    let mut conn = database.connect_admin().await.unwrap();
    shim::install_base(&mut conn).await.unwrap();
    shim::install_platform(&mut conn)
        .await
        .expect("shim on the image's tables");
    let _ = conn.close().await;
    let differences = Differences::between(&reference.inventory, &inventory_of(&database).await);
    assert!(
        differences.missing.is_empty() && differences.differing.is_empty(),
        "{}",
        differences.report()
    );

    // Seeds written for today's schema apply; writing the generated column fails.
    let mut conn = database.connect_migrator().await.unwrap();
    sqlx::raw_sql(
        "INSERT INTO auth.users (id, email, email_confirmed_at, phone, is_anonymous)
           VALUES (gen_random_uuid(), 'new@example.com', now(), '+15550100', false);
         INSERT INTO storage.buckets (id, name, public) VALUES ('avatars', 'avatars', true);",
    )
    .execute(&mut conn)
    .await
    .expect("a seed for today's auth.users and storage.buckets");
    let error = sqlx::raw_sql("UPDATE auth.users SET confirmed_at = now()")
        .execute(&mut conn)
        .await
        .expect_err("confirmed_at is generated");
    assert!(error.to_string().contains("confirmed_at"), "{error}");
    let searches: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_proc WHERE proname = 'search' AND pronamespace = 'storage'::regnamespace",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(searches, 1, "one storage.search, not a second overload");
    let _ = conn.close().await;
    database.close().await.unwrap();
}

/// The shim lives in the cached template: a server of a shim backend is
/// ready with this version of the whole shim before anything is installed,
/// the first time (which builds the template) and every time after.
#[tokio::test(flavor = "multi_thread")]
async fn the_shim_comes_with_the_cached_template() {
    let cache = tempfile::tempdir().unwrap();
    std::env::set_var("SCHEMAGATE_CACHE_DIR", cache.path());
    for run in ["cold", "warm"] {
        let server = Embedded::new(binaries())
            .with_shim(true)
            .start()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let mut conn = server.connect_admin("postgres").await.unwrap();
        assert!(
            shim::is_installed(&mut conn).await,
            "{run} start: the shim is not in the template"
        );
        let _ = conn.close().await;
    }
    let templates: Vec<String> = std::fs::read_dir(cache.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with("template-"))
        .collect();
    assert_eq!(templates.len(), 1, "{templates:?}");
    // A server without the shim gets a template of its own, without it.
    let plain = Embedded::new(binaries()).start().await.unwrap();
    let mut conn = plain.connect_admin("postgres").await.unwrap();
    assert!(!shim::is_installed(&mut conn).await);
    let _ = conn.close().await;
}
