//! supautils as Supabase runs it: what `postgres` may and may not do beyond
//! a plain non-superuser (settings on roles, privileged extensions into a
//! schema of its own, the after-create grants). Reserved roles and
//! memberships are the server guard's (tests of issue 11).

mod common;

use common::{check_migrations, statuses};
use schemagate::report::{ApplyStatus, Report, Status};

/// The errors and findings of a run, for assertions and failure output.
fn failure(report: &Report) -> String {
    report
        .migrations
        .iter()
        .filter_map(|m| m.error.as_ref().map(|e| e.message.clone()))
        .chain(report.findings.iter().map(|f| f.message.clone()))
        .chain(report.error.iter().map(|e| format!("error: {e:?}")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The migrations applied with `statuses`, and what failed says `says`.
#[track_caller]
fn assert_failed(report: &Report, expected: &[ApplyStatus], says: &str) {
    let failure = failure(report);
    assert_eq!(statuses(&report.migrations), expected, "{failure}");
    assert!(failure.contains(says), "{failure}");
}

#[tokio::test]
async fn postgres_sets_postgrest_settings_on_roles() {
    let report = check_migrations(&[
        "alter role authenticator set pgrst.db_aggregates_enabled to 'true';
         alter role authenticator set pgrst.db_schemas to 'public, api';
         alter role authenticator set pgrst.db_max_rows to '1000';
         alter role anon set statement_timeout to '5s';
         alter role postgres set log_min_messages to 'warning';
         alter role authenticator set auto_explain.log_min_duration to '1s';
         set session_replication_role = replica;
         select pg_catalog.pg_reload_conf();",
    ])
    .await;
    assert_eq!(report.status, Status::Pass, "{}", failure(&report));
}

#[tokio::test]
async fn settings_outside_supautils_list_stay_superuser_only() {
    let report =
        check_migrations(&["alter role authenticator set deadlock_timeout to '2s';"]).await;
    let says = "permission denied to set parameter \"deadlock_timeout\"";
    assert_failed(&report, &[ApplyStatus::Failed], says);
}

#[tokio::test]
async fn a_privileged_extension_goes_into_a_schema_postgres_created() {
    // What Supabase's dashboard writes for pgmq.
    let report = check_migrations(&[
        "create schema if not exists pgmq;
         create extension if not exists pgmq with schema pgmq;",
        "select pgmq.create('jobs');
         select pgmq.send('jobs', '{\"id\": 1}'::jsonb);",
    ])
    .await;
    assert_eq!(report.status, Status::Pass, "{}", failure(&report));
}

#[tokio::test]
async fn an_emulation_is_refused_a_schema_with_objects_of_the_callers() {
    // A stub runs as a superuser: functions of the caller's already in the
    // schema could be called by its SQL.
    let report = check_migrations(&["create schema pgtle;
         create function pgtle.install_extension(text) returns text language sql as 'select $1';
         create extension pg_tle;"])
    .await;
    let says = "schema \"pgtle\" already holds objects and is not owned by a superuser";
    assert_failed(&report, &[ApplyStatus::Failed], says);
}

#[tokio::test]
async fn pg_cron_comes_with_supabases_grants() {
    let report = check_migrations(&[
        "create extension if not exists pg_cron with schema pg_catalog;
         grant usage on schema cron to service_role;
         grant select on cron.job to service_role;",
        "insert into cron.job (schedule, command) values ('* * * * *', 'select 1');",
    ])
    .await;
    let statuses = [ApplyStatus::Applied, ApplyStatus::Failed];
    assert_failed(&report, &statuses, "permission denied for table job");
}
