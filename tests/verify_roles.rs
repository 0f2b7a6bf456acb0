//! `[[verify]]` as an API role with JWT claims, through `check`: anon sees
//! no orders, a customer sees only their own, service_role sees all; a
//! leaking policy fails the verifications; privileged roles are refused.

mod common;

use common::{check, options, project};
use schemagate::report::{Status, VerificationStatus};

const ORDERS: &str = "create table public.orders (\n  id int primary key,\n  customer_id uuid not null references auth.users (id)\n);\ncreate index on public.orders (customer_id);\nalter table public.orders enable row level security;\ncreate policy \"customers read their orders\" on public.orders\n  for select to authenticated using (customer_id = (select auth.uid()));\n";

const SEED: &[u8] = b"insert into auth.users (id, email) values\n  ('c3333333-3333-4333-8333-333333333333', 'ada@example.com'),\n  ('c4444444-4444-4444-8444-444444444444', 'grace@example.com');\ninsert into public.orders values\n  (1, 'c3333333-3333-4333-8333-333333333333'),\n  (2, 'c4444444-4444-4444-8444-444444444444');\n";

const CONFIG: &[u8] = b"[[verify]]\nname = \"anon sees no orders\"\nrole = \"anon\"\nsql = \"select id from public.orders\"\nempty = true\n\n[[verify]]\nname = \"ada sees only her order\"\nrole = \"authenticated\"\nclaims = { sub = \"c3333333-3333-4333-8333-333333333333\", email = \"ada@example.com\", app_metadata = { plan = \"pro\" } }\nsql = \"select id, auth.uid()::text, auth.jwt() ->> 'email', auth.jwt() -> 'app_metadata' ->> 'plan', current_user from public.orders\"\nequals = [[1, \"c3333333-3333-4333-8333-333333333333\", \"ada@example.com\", \"pro\", \"authenticated\"]]\n\n[[verify]]\nname = \"service_role sees every order\"\nrole = \"service_role\"\nsql = \"select id from public.orders order by id\"\nequals = [[1], [2]]\n\n[[verify]]\nname = \"back to the migration role afterwards\"\nsql = \"select current_user\"\nequals = [[\"postgres\"]]\n";

fn orders_project(migration: &str, config: &[u8]) -> tempfile::TempDir {
    project(&[
        ("schemagate.toml", config),
        ("supabase/seed.sql", SEED),
        (
            "supabase/migrations/20260101000000_orders.sql",
            migration.as_bytes(),
        ),
    ])
}

fn statuses(report: &schemagate::report::Report) -> Vec<(String, VerificationStatus)> {
    report
        .verifications
        .iter()
        .map(|v| (v.name.clone(), v.status))
        .collect()
}

#[tokio::test]
async fn each_role_sees_what_the_api_would_serve_it() {
    let dir = orders_project(ORDERS, CONFIG);
    let report = check(dir.path(), options(true, true)).await;
    assert!(
        report
            .verifications
            .iter()
            .all(|v| v.status == VerificationStatus::Pass),
        "{:#?}",
        report.verifications
    );
    assert_eq!(report.status, Status::Pass, "{:#?}", report.findings);
}

#[tokio::test]
async fn a_leaking_policy_fails_the_role_verifications() {
    let leaking = ORDERS.replace("using (customer_id = (select auth.uid()))", "using (true)")
        + "grant select on public.orders to anon;\ncreate policy \"everyone\" on public.orders for select to anon using (true);\n";
    let dir = orders_project(&leaking, CONFIG);
    let report = check(dir.path(), options(true, true)).await;
    let statuses = statuses(&report);
    assert_eq!(
        statuses,
        vec![
            ("anon sees no orders".to_string(), VerificationStatus::Fail),
            (
                "ada sees only her order".to_string(),
                VerificationStatus::Fail
            ),
            (
                "service_role sees every order".to_string(),
                VerificationStatus::Pass
            ),
            (
                "back to the migration role afterwards".to_string(),
                VerificationStatus::Pass
            ),
        ],
        "{:#?}",
        report.verifications
    );
    assert_eq!(report.status, Status::Fail);
}

#[tokio::test]
async fn superuser_and_unknown_roles_are_refused_with_a_reason() {
    let config = b"[[verify]]\nname = \"as the superuser\"\nrole = \"supabase_admin\"\nsql = \"select 1\"\nrows = 1\n\n[[verify]]\nname = \"as nobody\"\nrole = \"no_such_role\"\nsql = \"select 1\"\nrows = 1\n";
    let dir = orders_project(ORDERS, config);
    let report = check(dir.path(), options(true, true)).await;
    let errors: Vec<_> = report
        .verifications
        .iter()
        .map(|v| (v.status, v.error.clone().unwrap_or_default()))
        .collect();
    assert_eq!(errors[0].0, VerificationStatus::Error);
    assert!(errors[0].1.contains("is a superuser"), "{errors:?}");
    assert_eq!(errors[1].0, VerificationStatus::Error);
    assert!(errors[1].1.contains("does not exist"), "{errors:?}");
}

#[test]
fn claims_without_a_role_and_conflicting_roles_are_configuration_errors() {
    for (toml, expected) in [
        ("claims = { sub = \"x\" }", "claims without a role"),
        (
            "role = \"anon\"\nclaims = { role = \"authenticated\" }",
            "PostgREST switches to the claims' role",
        ),
    ] {
        let config = format!("[[verify]]\nname = \"q\"\nsql = \"select 1\"\nrows = 1\n{toml}\n");
        let dir = project(&[("schemagate.toml", config.as_bytes())]);
        let (code, stdout, stderr) = common::cli::run_on("check", dir.path(), &[], &[]);
        assert_eq!(code, 2, "{stdout}\n{stderr}");
        assert!(
            stdout.contains(expected) || stderr.contains(expected),
            "{stdout}\n{stderr}"
        );
    }
}

#[tokio::test]
async fn verify_remote_url_runs_each_query_as_its_role_read_only() {
    let database = common::fresh_database(true).await;
    let mut admin = database.connect_admin().await.unwrap();
    sqlx::raw_sql(&format!("{ORDERS}{}", String::from_utf8_lossy(SEED)))
        .execute(&mut admin)
        .await
        .unwrap();
    drop(admin);
    let url = common::server().await.admin_url(&database.name);
    let dir = project(&[("schemagate.toml", CONFIG)]);
    let flags = ["--remote-url", &url, "--format", "json"];
    let (code, stdout, stderr) = common::cli::run_on_async("verify", dir.path(), &flags, &[]).await;
    let report: serde_json::Value = serde_json::from_str(&stdout).expect(&stderr);
    let statuses: Vec<(&str, &str)> = report["verifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].as_str().unwrap(), v["status"].as_str().unwrap()))
        .collect();
    // The remote connection is the URL's own user, so the last query (which
    // expects the migration role `postgres`) is the only one that differs.
    assert_eq!(
        &statuses[..3],
        &[
            ("anon sees no orders", "pass"),
            ("ada sees only her order", "pass"),
            ("service_role sees every order", "pass"),
        ],
        "{stdout}\n{stderr}"
    );
    assert_eq!(code, 1, "{stdout}");
    database.close().await.unwrap();
}
