//! Supabase's database advisors ("splinter"), run as catalog checks on the
//! database the migrations and seeds produced.
//!
//! The catalog sees what the text of a migration cannot: dynamic SQL, `DO`
//! blocks, the state after many files. Each advisor is one SQL file under
//! `sql/` returning the objects it objects to, reading the relations and
//! policies `sql/relations.sql` prepares for all of them; [`origin`] maps
//! each object back to the statement that created or last changed it, so a
//! finding points at a file and line like a static rule's, is reported once
//! when a static rule already reported the same hazard on the same
//! statement, and is graded by whether the pull request touched that file.

pub mod origin;

use std::collections::HashSet;

use sqlx::{Connection, PgConnection};

use std::time::Instant;

use crate::config::{Config, RuleLevel, RuleLevels};
use crate::migrations::Migration;
use crate::postgres::{BackendError, Database};
use crate::report::{AdvisorRun, Finding, Report, RuleId, RunError, Severity};
use crate::run_error::infrastructure;

pub use origin::{Log, Origin};

/// One advisor: its rule, default severity, query and fix.
#[derive(Debug, Clone, Copy)]
pub struct Advisor {
    /// The rule its findings carry.
    pub rule: RuleId,
    /// Its severity unless `[rules]` says otherwise (Supabase's level:
    /// ERROR is an error, WARN a warning, INFO a notice).
    pub level: Severity,
    /// The static rule that reports the same hazard from a migration's
    /// text, if any: where it already did on a statement that created or
    /// changed the object, the advisor stays silent.
    pub counterpart: Option<RuleId>,
    /// The query: its file after the shared `relations` and `policies`
    /// (`sql/relations.sql`), its rows sorted by object. `$1` is the
    /// API-exposed schemas, `$2` the platform's.
    sql: &'static str,
    /// How to fix what it finds.
    help: &'static str,
}

macro_rules! advisor {
    ($rule:ident, $level:ident, $counterpart:expr, $file:literal, $help:literal) => {
        Advisor {
            rule: RuleId::$rule,
            level: Severity::$level,
            counterpart: $counterpart,
            sql: concat!(
                include_str!("sql/relations.sql"),
                "SELECT classid, objid, table_oid, xmin, object, detail\nFROM (\n",
                include_str!(concat!("sql/", $file, ".sql")),
                "\n) AS hazard\nORDER BY object\n"
            ),
            help: $help,
        }
    };
}

/// Every advisor, in documentation order.
pub const ADVISORS: &[Advisor] = &[
    advisor!(AuthUsersExposed, Error, None, "auth_users_exposed",
        "do not select from auth.users in an API-exposed view: keep a public profiles table filled by a trigger, or move the view to an unexposed schema and revoke select from anon and authenticated"),
    advisor!(SecurityDefinerView, Error, None, "security_definer_view",
        "create the view `with (security_invoker = true)` (PostgreSQL 15+) so the caller's row level security applies, or move it out of the exposed schemas"),
    advisor!(FunctionSearchPathMutable, Warning, Some(RuleId::SecurityDefinerSearchPath), "function_search_path_mutable",
        "add `set search_path = ''` to the function and schema-qualify the names in its body (or `set search_path = pg_catalog, public`)"),
    advisor!(PolicyExistsRlsDisabled, Error, None, "policy_exists_rls_disabled",
        "`alter table ... enable row level security;` so the policies apply, or drop the policies if the table is meant to be open"),
    advisor!(RlsEnabledNoPolicy, Notice, Some(RuleId::RlsWithoutPolicy), "rls_enabled_no_policy",
        "create the policies the app needs (`create policy ... for select to authenticated using (...)`), or say in a comment that only service_role uses the table"),
    advisor!(RlsDisabledInPublic, Error, Some(RuleId::RlsDisabled), "rls_disabled_in_public",
        "`alter table ... enable row level security;` and create the policies the app needs, or move the table to a schema the API does not expose"),
    advisor!(RlsReferencesUserMetadata, Error, None, "rls_references_user_metadata",
        "authorise on app_metadata (only the server can set it) or on a table the user cannot write, never on auth.jwt() -> 'user_metadata'"),
    advisor!(MultiplePermissivePolicies, Warning, None, "multiple_permissive_policies",
        "merge the policies for each role and action into one (`using (a or b)`), or make the extra conditions `as restrictive`"),
    advisor!(AuthRlsInitplan, Warning, Some(RuleId::AuthUidPerRow), "auth_rls_initplan",
        "wrap the call in a sub-select so it runs once per query: `(select auth.uid())`, `(select auth.jwt())`, `(select current_setting(...))`"),
    advisor!(ExtensionInPublic, Warning, None, "extension_in_public",
        "create extensions `with schema extensions` (`alter extension ... set schema extensions` where the extension allows it)"),
    advisor!(UnindexedForeignKeys, Notice, Some(RuleId::ForeignKeyWithoutIndex), "unindexed_foreign_keys",
        "create an index on the foreign key's columns: `create index on <table> (<columns>);`"),
    advisor!(DuplicateIndex, Warning, None, "duplicate_index",
        "drop all but one of the identical indexes"),
    advisor!(NoPrimaryKey, Notice, None, "no_primary_key",
        "add a primary key: `alter table ... add primary key (...)`, or an identity column `id bigint generated always as identity primary key`"),
    advisor!(MaterializedViewInApi, Warning, None, "materialized_view_in_api",
        "move the materialized view to a schema the API does not expose, or revoke select on it from anon and authenticated"),
    advisor!(ForeignTableInApi, Warning, None, "foreign_table_in_api",
        "move the foreign table to a schema the API does not expose, or revoke select on it from anon and authenticated"),
    advisor!(InsecureQueueExposedInApi, Error, None, "insecure_queue_exposed_in_api",
        "enable row level security on the queue table with policies for the roles that may use it, or revoke anon and authenticated's privileges on it"),
];

/// Schemas that belong to PostgreSQL, Supabase's platform or schemagate:
/// the advisors leave their objects alone, as Supabase's do.
pub const PLATFORM_SCHEMAS: &[&str] = &[
    "_analytics",
    "_realtime",
    "_timescaledb_cache",
    "_timescaledb_catalog",
    "_timescaledb_config",
    "_timescaledb_internal",
    "auth",
    "cron",
    "extensions",
    "graphql",
    "graphql_public",
    "information_schema",
    "net",
    "pg_catalog",
    "pg_toast",
    "pgbouncer",
    "pgmq",
    "pgroonga",
    "pgsodium",
    "pgsodium_masks",
    "pgtle",
    "realtime",
    "repack",
    "schemagate_advisors",
    "schemagate_catalog",
    "schemagate_emulation",
    "schemagate_shim",
    "schemagate_spec",
    "storage",
    "supabase_functions",
    "supabase_migrations",
    "tests",
    "tiger",
    "topology",
    "vault",
];

/// Which files the pull request touched, which decides a finding's level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// `--all`: every finding at its level.
    All,
    /// Findings about objects these files (repository-relative paths)
    /// created or last changed are reported at their level; the others
    /// are notices ("already on the base branch").
    Changed(HashSet<String>),
    /// No change set: every finding is a notice saying so.
    Unknown,
}

/// One object an advisor objects to, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hazard {
    /// The advisor's rule.
    pub rule: RuleId,
    /// The object, as PostgreSQL names it.
    pub object: String,
    /// What is wrong with it.
    pub detail: String,
    /// The statement that created or last changed it, when a migration
    /// or seed did.
    pub origin: Option<Origin>,
    /// Every statement that touched it (file, line): where a static
    /// finding of the advisor's counterpart makes this one redundant.
    pub statements: HashSet<(String, u32)>,
}

/// Runs the advisors on the migrated (and seeded) database: records how
/// they ran in the report and returns their findings, graded by `scope`
/// and `[rules]` and de-duplicated against the report's static findings.
/// `files` are the migrations, then the seeds, as applied.
pub async fn review(
    database: &Database,
    config: &Config,
    files: &[&Migration],
    scope: &Scope,
    report: &mut Report,
) -> Result<Vec<Finding>, RunError> {
    let started = Instant::now();
    let (hazards, recorded) =
        find_hazards(database, files, &config.lint.exposed_schemas, &config.rules)
            .await
            .map_err(infrastructure)?;
    report.advisors = Some(AdvisorRun {
        hazards: hazards.len(),
        recorded,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    });
    Ok(findings(hazards, &report.findings, scope, &config.rules))
}

/// Installs the DDL recorder; call it before the migrations run.
pub async fn install_recorder(database: &Database) -> Result<(), BackendError> {
    let mut admin = database.connect_admin().await?;
    let outcome = sqlx::raw_sql(include_str!("sql/recorder.sql"))
        .execute(&mut admin)
        .await;
    let _ = admin.close().await;
    outcome
        .map(|_| ())
        .map_err(|e| server_error(database, "installing the advisors' DDL recorder", e))
}

/// Runs every advisor not turned off and returns the objects found, each
/// mapped to its origin among `files` (the migrations, then the seeds, as
/// applied), with how many recorded commands were mapped. Stops the recorder.
pub async fn find_hazards(
    database: &Database,
    files: &[&Migration],
    exposed_schemas: &[String],
    levels: &RuleLevels,
) -> Result<(Vec<Hazard>, usize), BackendError> {
    let mut admin = database.connect_admin().await?;
    let outcome = query_hazards(&mut admin, files, exposed_schemas, levels).await;
    let stopped = sqlx::raw_sql(include_str!("sql/stop_recorder.sql"))
        .execute(&mut admin)
        .await;
    let _ = admin.close().await;
    let hazards = outcome.map_err(|(what, e)| server_error(database, &what, e))?;
    stopped.map_err(|e| server_error(database, "stopping the advisors' DDL recorder", e))?;
    Ok(hazards)
}

type Row = (i64, i64, Option<i64>, Option<String>, String, String);

async fn query_hazards(
    conn: &mut PgConnection,
    files: &[&Migration],
    exposed_schemas: &[String],
    levels: &RuleLevels,
) -> Result<(Vec<Hazard>, usize), (String, sqlx::Error)> {
    // Expressions print their functions schema-qualified (`auth.uid()`)
    // only when the schema is not on the search_path.
    sqlx::raw_sql("SET search_path = pg_catalog")
        .execute(&mut *conn)
        .await
        .map_err(|e| ("setting the search_path".to_string(), e))?;
    let rows: Vec<origin::LogRow> = sqlx::query_as(include_str!("sql/read_log.sql"))
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| ("reading the DDL recorder's log".to_string(), e))?;
    let log = Log::new(rows, files);
    let platform: Vec<String> = PLATFORM_SCHEMAS.iter().map(|s| s.to_string()).collect();
    let mut hazards = Vec::new();
    for advisor in ADVISORS {
        if levels.level(advisor.rule) == Some(RuleLevel::Off) {
            continue;
        }
        let rows: Vec<Row> = sqlx::query_as(advisor.sql)
            .bind(exposed_schemas)
            .bind(&platform)
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| (format!("running the {} advisor", advisor.rule), e))?;
        for (classid, objid, table, xmin, object, detail) in rows {
            let found = log.find((classid, objid), table, xmin.as_deref().unwrap_or_default());
            hazards.push(Hazard {
                rule: advisor.rule,
                object,
                detail,
                origin: found.origin,
                statements: found.statements,
            });
        }
    }
    Ok((hazards, log.len()))
}

/// Turns hazards into findings: a hazard a static rule already reported on
/// one of the object's statements is dropped, each is graded by `scope`
/// and `[rules]`, and points at its origin.
pub fn findings(
    hazards: Vec<Hazard>,
    static_findings: &[Finding],
    scope: &Scope,
    levels: &RuleLevels,
) -> Vec<Finding> {
    hazards
        .into_iter()
        .filter(|hazard| !reported_statically(hazard, static_findings))
        .filter_map(|hazard| grade(hazard, scope, levels))
        .collect()
}

fn advisor(rule: RuleId) -> Option<&'static Advisor> {
    ADVISORS.iter().find(|a| a.rule == rule)
}

fn reported_statically(hazard: &Hazard, static_findings: &[Finding]) -> bool {
    let Some(counterpart) = advisor(hazard.rule).and_then(|a| a.counterpart) else {
        return false;
    };
    static_findings.iter().any(|f| {
        f.rule == counterpart
            && match (&f.file, f.line) {
                (Some(file), Some(line)) => hazard.statements.contains(&(file.clone(), line)),
                _ => false,
            }
    })
}

fn grade(hazard: Hazard, scope: &Scope, levels: &RuleLevels) -> Option<Finding> {
    let advisor = advisor(hazard.rule)?;
    let level = match levels.level(hazard.rule) {
        Some(RuleLevel::Off) => return None,
        Some(RuleLevel::Severity(severity)) => severity,
        None => advisor.level,
    };
    let touched = match (scope, &hazard.origin) {
        (Scope::All, _) => Some(true),
        (Scope::Changed(files), Some(origin)) => Some(files.contains(&origin.file)),
        (Scope::Changed(_), None) => Some(false),
        (Scope::Unknown, _) => None,
    };
    let origin_text = hazard
        .origin
        .as_ref()
        .map(|o| format!("from {} line {}; ", o.file, o.line))
        .unwrap_or_default();
    let (severity, message, located) = match touched {
        Some(true) => (level, hazard.detail, true),
        // Not annotated on a file the pull request did not change: the
        // message says where the object came from.
        Some(false) => (
            Severity::Notice,
            format!(
                "{} (already on the base branch, {origin_text}`--all` reports it as {})",
                hazard.detail,
                severity_name(level)
            ),
            false,
        ),
        None => (
            Severity::Notice,
            format!(
                "{} (no change set tells whether this pull request introduced it; `--all` reports it as {})",
                hazard.detail,
                severity_name(level)
            ),
            true,
        ),
    };
    let mut finding = Finding::new(hazard.rule, severity, message).with_help(advisor.help);
    if let Some(origin) = hazard.origin.filter(|_| located) {
        finding = finding.in_file(origin.file).at(origin.line, origin.column);
    }
    Some(finding)
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Notice => "a notice",
        Severity::Warning => "a warning",
        Severity::Error => "an error",
    }
}

fn server_error(database: &Database, what: &str, e: sqlx::Error) -> BackendError {
    BackendError::Server {
        server: format!("database {}", database.name),
        message: format!("{what}: {}", crate::postgres::redact_text(&e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `.sql` file below `dir`, as text.
    fn sql_files(dir: &std::path::Path) -> Vec<String> {
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                texts.extend(sql_files(&path));
            } else if path.extension().is_some_and(|e| e == "sql") {
                texts.push(std::fs::read_to_string(&path).unwrap());
            }
        }
        texts
    }

    #[test]
    fn every_schema_the_shim_creates_is_left_alone() {
        let shim = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/shim");
        let create =
            regex::Regex::new(r"(?i)create schema (?:if not exists )?(schemagate_\w+)").unwrap();
        let mut created: Vec<String> = sql_files(&shim)
            .iter()
            .flat_map(|sql| {
                create
                    .captures_iter(sql)
                    .map(|c| c[1].to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        created.sort();
        created.dedup();
        assert!(
            created.contains(&"schemagate_emulation".to_string()),
            "{created:?}"
        );
        for schema in created {
            assert!(
                PLATFORM_SCHEMAS.contains(&schema.as_str()),
                "the shim creates {schema}, which the advisors would check as the project's"
            );
        }
    }

    fn hazard(rule: RuleId, file: &str, line: u32) -> Hazard {
        Hazard {
            rule,
            object: "public.t".into(),
            detail: "table public.t is bad".into(),
            origin: Some(Origin {
                file: file.into(),
                line,
                column: 1,
            }),
            statements: [(file.to_string(), line)].into_iter().collect(),
        }
    }

    #[test]
    fn every_advisor_has_a_rule_once_and_a_query() {
        let mut seen = HashSet::new();
        for advisor in ADVISORS {
            assert!(seen.insert(advisor.rule), "{} twice", advisor.rule);
            assert!(advisor.sql.contains("AS detail"), "{}", advisor.rule);
        }
    }

    #[test]
    fn untouched_objects_are_notices_unless_all() {
        let levels = RuleLevels::default();
        let changed = Scope::Changed(["b.sql".to_string()].into_iter().collect());
        let base = findings(
            vec![hazard(RuleId::RlsDisabledInPublic, "a.sql", 3)],
            &[],
            &changed,
            &levels,
        );
        assert_eq!(base[0].severity, Severity::Notice);
        assert!(
            base[0]
                .message
                .contains("already on the base branch, from a.sql line 3;"),
            "{}",
            base[0].message
        );
        assert_eq!(base[0].file, None);
        let all = findings(
            vec![hazard(RuleId::RlsDisabledInPublic, "a.sql", 3)],
            &[],
            &Scope::All,
            &levels,
        );
        assert_eq!(all[0].severity, Severity::Error);
        assert_eq!(
            (all[0].file.as_deref(), all[0].line),
            (Some("a.sql"), Some(3))
        );
    }

    #[test]
    fn a_static_finding_on_the_same_statement_wins() {
        let levels = RuleLevels::default();
        let lint = Finding::new(RuleId::RlsDisabled, Severity::Warning, "x")
            .in_file("a.sql")
            .at(3, 1);
        let kept = findings(
            vec![
                hazard(RuleId::RlsDisabledInPublic, "a.sql", 3),
                hazard(RuleId::RlsDisabledInPublic, "a.sql", 9),
                hazard(RuleId::NoPrimaryKey, "a.sql", 3),
            ],
            &[lint],
            &Scope::All,
            &levels,
        );
        let lines: Vec<_> = kept.iter().map(|f| (f.rule, f.line)).collect();
        assert_eq!(
            lines,
            vec![
                (RuleId::RlsDisabledInPublic, Some(9)),
                (RuleId::NoPrimaryKey, Some(3))
            ]
        );
    }
}
