//! The server guard: a small PostgreSQL module of our own
//! (`schemagate_guard.c`, an emulation of supautils' reserved roles and
//! reserved memberships, plus walls around `COPY` to or from a server file
//! or program and the server-file functions), preloaded into the embedded
//! server, and the check that some guard really protects a run.
//!
//! Why a module inside the server: on PostgreSQL 15 a `CREATEROLE` role
//! (Supabase's `postgres`) may grant itself `pg_execute_server_program`,
//! and dynamic SQL hides the statement from any text scan; event triggers
//! do not fire for role statements. The guard sees every statement's parse
//! tree, however it was spelled, and refuses it before it runs.

use std::path::{Path, PathBuf};

use sqlx::Connection;

use crate::postgres::{BackendError, Database};
use crate::report::{Finding, RuleId, Severity};

include!(concat!(env!("OUT_DIR"), "/guards.rs"));

/// Roles a migration may not create, alter, drop or change memberships
/// of (supautils.reserved_roles in Supabase's supautils.conf, 2024-10; a
/// trailing `*` still allows `ALTER ROLE ... SET`).
pub const RESERVED_ROLES: &str = "supabase_admin,supabase_auth_admin,supabase_storage_admin,supabase_read_only_user,supabase_replication_admin,dashboard_user,pgbouncer,service_role*,authenticator*,authenticated*,anon*";

/// Roles a migration may not grant membership in (supautils.reserved_memberships
/// in Supabase's newer conf.d/supautils.conf).
pub const RESERVED_MEMBERSHIPS: &str = "pg_read_server_files,pg_write_server_files,pg_execute_server_program,supabase_admin,supabase_auth_admin,supabase_storage_admin,supabase_read_only_user,supabase_realtime_admin,supabase_replication_admin,supabase_etl_admin,dashboard_user,pgbouncer,authenticator";

/// The roles that reach the server's files or programs.
pub const SERVER_ACCESS_ROLES: [&str; 3] = [
    "pg_execute_server_program",
    "pg_read_server_files",
    "pg_write_server_files",
];

/// The guard library built for this PostgreSQL major, if its server headers
/// were installed when schemagate was built.
pub fn library(major: u32) -> Option<&'static [u8]> {
    GUARDS
        .iter()
        .find(|(built_for, _)| *built_for == major)
        .map(|(_, bytes)| *bytes)
}

/// Writes the guard for `major` into `dir` (the server's private run
/// directory) and returns its path, or `None` when there is none for this
/// major.
pub fn install(dir: &Path, major: u32) -> std::io::Result<Option<PathBuf>> {
    let Some(bytes) = library(major) else {
        return Ok(None);
    };
    let path = dir.join("schemagate_guard.so");
    std::fs::write(&path, bytes)?;
    Ok(Some(path))
}

/// The guard's settings: Supabase's lists (the library itself goes into
/// `shared_preload_libraries`, by absolute path).
pub fn settings() -> [String; 2] {
    [
        format!("schemagate_guard.reserved_roles={RESERVED_ROLES}"),
        format!("schemagate_guard.reserved_memberships={RESERVED_MEMBERSHIPS}"),
    ]
}

/// Which server-access roles the migration role could grant itself on this
/// server, found by trying (in a transaction that is rolled back). Empty when
/// a guard (ours or supautils) or PostgreSQL 16's own rules refuse, or when
/// the role is a superuser (reported separately: `superuser-migrations`).
pub async fn grantable_server_roles(database: &Database) -> Result<Vec<String>, BackendError> {
    let mut conn = database.connect_migrator().await?;
    let server_error = |e: sqlx::Error| BackendError::Server {
        server: format!("database {}", database.name),
        message: crate::postgres::redact_text(&e.to_string()),
    };
    let superuser: bool =
        sqlx::query_scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            .fetch_one(&mut conn)
            .await
            .map_err(server_error)?;
    let mut grantable = Vec::new();
    if superuser {
        let _ = conn.close().await;
        return Ok(grantable);
    }
    for role in SERVER_ACCESS_ROLES {
        sqlx::raw_sql("BEGIN")
            .execute(&mut conn)
            .await
            .map_err(server_error)?;
        let sql = format!("GRANT {role} TO CURRENT_USER");
        if sqlx::raw_sql(&sql).execute(&mut conn).await.is_ok() {
            grantable.push(role.to_string());
        }
        sqlx::raw_sql("ROLLBACK")
            .execute(&mut conn)
            .await
            .map_err(server_error)?;
    }
    let _ = conn.close().await;
    Ok(grantable)
}

/// A `server-guard-absent` warning when the migration role could grant
/// itself a server-access role here: then only the text screening and the
/// before-commit check stand between dynamic SQL and the server's programs.
pub async fn absent_finding(database: &Database) -> Result<Option<Finding>, BackendError> {
    let grantable = grantable_server_roles(database).await?;
    if grantable.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        Finding::new(
            RuleId::ServerGuardAbsent,
            Severity::Warning,
            format!(
                "no server guard on this server: the migration role can grant itself {}, so dynamic SQL could run programs or read files as the server's OS user before schemagate's checks see it",
                grantable.join(", ")
            ),
        )
        .with_help("use the embedded backend with schemagate built where the PostgreSQL server headers are installed (postgresql-server-dev-<major>), PostgreSQL 16 or newer, or a server with supautils (the supabase/postgres image)"),
    ))
}
