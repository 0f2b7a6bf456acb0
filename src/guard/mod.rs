//! Whether a server guard really protects a run: ours (the library in
//! [`crate::postgres::guard`], preloaded into the embedded server),
//! supautils, or PostgreSQL 16's own rules.

use sqlx::Connection;

pub use crate::postgres::guard::{
    install, library, settings, RESERVED_MEMBERSHIPS, RESERVED_ROLES, SERVER_ACCESS_ROLES,
};
use crate::postgres::{BackendError, Database};
use crate::report::{Finding, RuleId, Severity};

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
