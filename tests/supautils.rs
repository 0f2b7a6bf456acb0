//! supautils as Supabase runs it: what `postgres` may and may not do beyond
//! a plain non-superuser (settings on roles, privileged extensions into a
//! schema of its own, the after-create grants). Reserved roles and
//! memberships are the server guard's (tests of issue 11).

mod common;

use common::{check, migrations, options};
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

#[tokio::test]
async fn postgres_sets_postgrest_settings_on_roles() {
    let dir = migrations(&[
        "alter role authenticator set pgrst.db_aggregates_enabled to 'true';
         alter role authenticator set pgrst.db_schemas to 'public, api';
         alter role authenticator set pgrst.db_max_rows to '1000';
         alter role anon set statement_timeout to '5s';
         alter role postgres set log_min_messages to 'warning';
         alter role authenticator set auto_explain.log_min_duration to '1s';
         set session_replication_role = replica;
         select pg_catalog.pg_reload_conf();",
    ]);
    let report = check(dir.path(), options(true, false)).await;
    assert_eq!(report.status, Status::Pass, "{}", failure(&report));
}

#[tokio::test]
async fn settings_outside_supautils_list_stay_superuser_only() {
    let dir = migrations(&["alter role authenticator set deadlock_timeout to '2s';"]);
    let report = check(dir.path(), options(true, false)).await;
    assert_eq!(
        report.migrations[0].status,
        ApplyStatus::Failed,
        "{}",
        failure(&report)
    );
    assert!(
        failure(&report).contains("permission denied to set parameter \"deadlock_timeout\""),
        "{}",
        failure(&report)
    );
}

#[tokio::test]
async fn a_privileged_extension_goes_into_a_schema_postgres_created() {
    // What Supabase's dashboard writes for pgmq.
    let dir = migrations(&[
        "create schema if not exists pgmq;
         create extension if not exists pgmq with schema pgmq;",
        "select pgmq.create('jobs');
         select pgmq.send('jobs', '{\"id\": 1}'::jsonb);",
    ]);
    let report = check(dir.path(), options(true, false)).await;
    assert_eq!(report.status, Status::Pass, "{}", failure(&report));
}

#[tokio::test]
async fn an_emulation_is_refused_a_schema_with_objects_of_the_callers() {
    // A stub runs as a superuser: functions of the caller's already in the
    // schema could be called by its SQL.
    let dir = migrations(&["create schema pgtle;
         create function pgtle.install_extension(text) returns text language sql as 'select $1';
         create extension pg_tle;"]);
    let report = check(dir.path(), options(true, false)).await;
    assert_eq!(
        report.migrations[0].status,
        ApplyStatus::Failed,
        "{}",
        failure(&report)
    );
    assert!(
        failure(&report)
            .contains("schema \"pgtle\" already holds objects and is not owned by a superuser"),
        "{}",
        failure(&report)
    );
}

#[tokio::test]
async fn pg_cron_comes_with_supabases_grants() {
    let dir = migrations(&[
        "create extension if not exists pg_cron with schema pg_catalog;
         grant usage on schema cron to service_role;
         grant select on cron.job to service_role;",
        "insert into cron.job (schedule, command) values ('* * * * *', 'select 1');",
    ]);
    let report = check(dir.path(), options(true, false)).await;
    assert_eq!(
        report
            .migrations
            .iter()
            .map(|m| m.status)
            .collect::<Vec<_>>(),
        [ApplyStatus::Applied, ApplyStatus::Failed],
        "{}",
        failure(&report)
    );
    assert!(
        failure(&report).contains("permission denied for table job"),
        "{}",
        failure(&report)
    );
}
