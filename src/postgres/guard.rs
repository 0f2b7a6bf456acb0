//! The server guard's library: a small PostgreSQL module of our own
//! (`src/guard/schemagate_guard.c`, an emulation of supautils' reserved
//! roles and reserved memberships, plus walls around `COPY` to or from a
//! server file or program and the server-file functions), built for each
//! PostgreSQL major whose headers were present, written into the embedded
//! server's run directory and preloaded. The check that some guard really
//! protects a run is [`crate::guard`].
//!
//! Why a module inside the server: on PostgreSQL 15 a `CREATEROLE` role
//! (Supabase's `postgres`) may grant itself `pg_execute_server_program`,
//! and dynamic SQL hides the statement from any text scan; event triggers
//! do not fire for role statements. The guard sees every statement's parse
//! tree, however it was spelled, and refuses it before it runs.

use std::path::{Path, PathBuf};

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
