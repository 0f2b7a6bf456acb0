//! `schemagate drift` on real PostgreSQL: a database of the shared test
//! server stands in for production (the migrations pushed to it with their
//! history rows, as `supabase db push` does), and a second one is the
//! throwaway "expected" database drift builds from the migrations.

#[path = "../common/mod.rs"]
mod common;
mod emit;
mod objects;
mod runs;

use std::path::{Path, PathBuf};

use schemagate::apply::{self, History};
use schemagate::commands::discover_into;
use schemagate::commands::drift::{drift_database, DriftOptions};
use schemagate::config::Config;
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
    common::config(dir)
}

fn options() -> DriftOptions {
    DriftOptions::default()
}

/// A database standing in for production, with the migrations of the
/// project at `relative` (to the repository) pushed to it.
async fn pushed(relative: &str) -> Database {
    let database = common::fresh_database(true).await;
    push_project(&database, &dir(relative)).await;
    database
}

/// [`pushed`], then changed there by hand with `sql`.
async fn changed_by_hand(relative: &str, sql: &str) -> Database {
    let remote = pushed(relative).await;
    by_hand(&remote, sql).await;
    remote
}

/// Prepares `database` as Supabase's platform and pushes the project's
/// migrations to it, each file with its history row.
async fn push_project(database: &Database, project: &Path) {
    prepare_database(database, true).await.unwrap();
    let config = load(project);
    let discovery = discover(&config.migrations_dir, &config.repo_root, &|p| {
        config.relative(p)
    })
    .unwrap();
    push(database, &discovery.migrations, History::Record).await;
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
/// Storage's tables refuse direct deletes unless the session says it is the
/// Storage API (`storage.allow_delete_query`, as on Supabase); a hand change
/// here stands for one made through it.
async fn by_hand(database: &Database, sql: &str) {
    let mut conn = database.connect_admin().await.unwrap();
    sqlx::raw_sql("SET storage.allow_delete_query = 'true'")
        .execute(&mut conn)
        .await
        .unwrap();
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

/// Drift of `project` against `remote`, which must show no difference
/// (`after` says when, in the message).
async fn no_drift(project: &Path, remote: &Database, after: &str) -> Report {
    let report = drift(project, remote, options()).await;
    assert_eq!(found(&report), [], "{after}: {}", pretty(&report));
    report
}
