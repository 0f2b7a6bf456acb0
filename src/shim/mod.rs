//! The Supabase compatibility shim: what a Supabase database provides and
//! migrations take for granted (roles, `auth`, `storage`, `realtime`,
//! `vault`, extension stubs), installed as SQL shipped inside the binary.
//!
//! Also the `CREATE EXTENSION` bridge: migrations run as `postgres`, which
//! is not a superuser, so every `CREATE EXTENSION` is rewritten into a call
//! of `schemagate_shim.create_extension`, a security-definer function that
//! creates allow-listed extensions, installs a stub for a platform extension
//! the server lacks, or fails with a clear message (as Supabase's supautils
//! lets `postgres` create privileged extensions).

use std::sync::LazyLock;

use regex::Regex;
use sqlx::PgConnection;

pub mod emulated_ddl;

pub use emulated_ddl::{emulated_call, EmulatedCall, EmulatedDdl};

use crate::migrations::lexer::strip_comments;
use crate::quote::quote_literal;

include!(concat!(env!("OUT_DIR"), "/stubs.rs"));

/// Always installed: the migration role and its rights.
const BASE_SQL: &str = include_str!("base.sql");

/// `(path, SQL)` for each path, the file embedded at build time.
macro_rules! parts {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!($path))),*]
    };
}

/// Supabase's platform, one file per service, in the order they are
/// installed: roles before the schemas they own, the schemas before
/// `schemagate_shim`'s helpers, the helpers before the services that use
/// them, default privileges after the services' own tables.
pub const PLATFORM_PARTS: &[(&str, &str)] = parts![
    "platform/roles.sql",
    "platform/database.sql",
    "platform/schemas.sql",
    "privileged_extensions.sql",
    "conform.sql",
    "supautils.sql",
    "emulation.sql",
    "platform/extensions_schema.sql",
    "platform/extensions_functions.sql",
    "platform/graphql_public.sql",
    "platform/auth.sql",
    "platform/storage.sql",
    "platform/realtime.sql",
    "platform/vault.sql",
    "platform/supabase_functions.sql",
    "platform/pgbouncer.sql",
    "platform/supabase_migrations.sql",
    "platform/default_privileges.sql",
];
/// The extensions a Supabase project starts with; needs the stubs loaded.
const DEFAULT_EXTENSIONS_SQL: &str = include_str!("extensions.sql");

/// The shim could not be installed: an infrastructure error, since it is
/// our SQL, not the project's.
#[derive(Debug, thiserror::Error)]
#[error("installing the {part} failed: {message}")]
pub struct ShimError {
    /// Which part (`base roles`, `Supabase shim`, `stub for pg_net`).
    pub part: String,
    /// The server's message.
    pub message: String,
}

/// Installs what every database needs (the `postgres` role).
pub async fn install_base(conn: &mut PgConnection) -> Result<(), ShimError> {
    run(conn, "base roles", BASE_SQL).await
}

/// The shim's version: a digest of all the SQL it installs, so a cached
/// template built by another version is never taken for this one.
pub fn version() -> &'static str {
    static VERSION: LazyLock<String> = LazyLock::new(|| {
        let platform = PLATFORM_PARTS
            .iter()
            .flat_map(|(file, sql)| [file.as_bytes(), sql.as_bytes()]);
        let stubs = STUBS
            .iter()
            .flat_map(|(name, stub)| [name.as_bytes(), stub.as_bytes()]);
        crate::fingerprint::fingerprint(
            std::iter::once(BASE_SQL.as_bytes())
                .chain(platform)
                .chain(stubs)
                .chain(std::iter::once(DEFAULT_EXTENSIONS_SQL.as_bytes())),
        )
    });
    &VERSION
}

/// The mark a complete installation leaves on its database: the shim's
/// version and the database's name (per-database settings do not travel
/// with a database copied by CREATE DATABASE ... TEMPLATE).
const MARK_SQL: &str = "SELECT coalesce(obj_description(to_regnamespace('schemagate_shim'), 'pg_namespace'), '') = 'schemagate shim ' || $1 || ' in ' || current_database()";

/// Whether this database already has this version of the whole shim (a
/// cached template's copy): then installing it again is skipped.
pub async fn is_installed(conn: &mut PgConnection) -> bool {
    sqlx::query_scalar::<_, bool>(MARK_SQL)
        .bind(version())
        .fetch_one(&mut *conn)
        .await
        .unwrap_or(false)
}

/// Installs the whole Supabase shim and registers the extension stubs.
/// Idempotent: on a server with Supabase's own objects it brings them to
/// the current shape. Skipped when this version is already installed.
pub async fn install_supabase(conn: &mut PgConnection) -> Result<(), ShimError> {
    if is_installed(conn).await {
        return Ok(());
    }
    install_platform(conn).await?;
    let mut sql = String::new();
    for (name, stub) in STUBS {
        sql.push_str(&format!(
            "INSERT INTO schemagate_shim.extension_stubs (name, sql) VALUES ({}, {}) ON CONFLICT (name) DO UPDATE SET sql = EXCLUDED.sql;\n",
            quote_literal(name),
            quote_literal(stub)
        ));
    }
    run(conn, "extension stubs", &sql).await?;
    run(conn, "default extensions", DEFAULT_EXTENSIONS_SQL).await?;
    let mark = format!(
        "DO $mark$ BEGIN EXECUTE format('COMMENT ON SCHEMA schemagate_shim IS %L', 'schemagate shim ' || {} || ' in ' || current_database()); END $mark$",
        quote_literal(version())
    );
    run(conn, "shim mark", &mark).await
}

/// Installs the platform parts alone (no extension stubs, no default
/// extensions), in one transaction: they apply completely or not at all,
/// and the `SET LOCAL`s of `platform/roles.sql` hold for all.
pub async fn install_platform(conn: &mut PgConnection) -> Result<(), ShimError> {
    run(conn, "Supabase shim", "BEGIN").await?;
    for (file, sql) in PLATFORM_PARTS {
        if let Err(error) = run(conn, &format!("Supabase shim ({file})"), sql).await {
            let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *conn).await;
            return Err(error);
        }
    }
    run(conn, "Supabase shim", "COMMIT").await
}

async fn run(conn: &mut PgConnection, part: &str, sql: &str) -> Result<(), ShimError> {
    sqlx::raw_sql(sql)
        .execute(&mut *conn)
        .await
        .map(|_| ())
        .map_err(|e| ShimError {
            part: part.to_string(),
            message: e.to_string(),
        })
}

/// A parsed `CREATE EXTENSION` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateExtension {
    /// The extension's name.
    pub name: String,
    /// `WITH SCHEMA`.
    pub schema: Option<String>,
    /// `VERSION`.
    pub version: Option<String>,
    /// `CASCADE`.
    pub cascade: bool,
    /// `IF NOT EXISTS`.
    pub if_not_exists: bool,
}

static CREATE_EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^create\s+extension\s+(?P<ine>if\s+not\s+exists\s+)?(?P<name>"(?:[^"]|"")+"|[\w$-]+)(?P<options>(?:\s+.*)?)$"#,
    )
    .expect("valid regex")
});

static OPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^\s*(?:with\b)?\s*(?:(?P<kw>schema|version|from)\s+(?P<value>"(?:[^"]|"")+"|'(?:[^']|'')*'|[\w$.-]+)|(?P<cascade>cascade))"#,
    )
    .expect("valid regex")
});

impl CreateExtension {
    /// Parses a statement; `None` when it is not a `CREATE EXTENSION`, or
    /// has a form we do not understand (it then runs unchanged and the
    /// server decides).
    pub fn parse(sql: &str) -> Option<CreateExtension> {
        let text = strip_comments(sql);
        let captures = CREATE_EXTENSION.captures(text.trim())?;
        let mut extension = CreateExtension {
            name: unquote(&captures["name"]),
            schema: None,
            version: None,
            cascade: false,
            if_not_exists: captures.name("ine").is_some(),
        };
        let mut rest = captures.name("options").map_or("", |m| m.as_str());
        while !rest.trim().is_empty() {
            let option = OPTION.captures(rest)?;
            if option.name("cascade").is_some() {
                extension.cascade = true;
            } else {
                let value = unquote(&option["value"]);
                match option["kw"].to_ascii_lowercase().as_str() {
                    "schema" => extension.schema = Some(value),
                    "version" => extension.version = Some(value),
                    _ => {}
                }
            }
            rest = &rest[option.get(0)?.end()..];
        }
        Some(extension)
    }

    /// The call that replaces the statement.
    pub fn call_sql(&self) -> String {
        let optional =
            |value: &Option<String>| value.as_deref().map_or("NULL".to_string(), quote_literal);
        format!(
            "SELECT schemagate_shim.create_extension({}, {}, {}, {}, {})",
            quote_literal(&self.name),
            optional(&self.schema),
            optional(&self.version),
            self.cascade,
            self.if_not_exists
        )
    }
}

/// A parsed `DROP EXTENSION` statement: stubs are not real extensions, so
/// dropping one goes through the shim too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropExtension {
    /// The extensions named.
    pub names: Vec<String>,
    /// `IF EXISTS`.
    pub if_exists: bool,
    /// `CASCADE`.
    pub cascade: bool,
}

static DROP_EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^drop\s+extension\s+(?P<ie>if\s+exists\s+)?(?P<names>(?:"(?:[^"]|"")+"|[\w$-]+)(?:\s*,\s*(?:"(?:[^"]|"")+"|[\w$-]+))*)\s*(?P<behaviour>cascade|restrict)?$"#,
    )
    .expect("valid regex")
});

static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""(?:[^"]|"")+"|[\w$-]+"#).expect("valid regex"));

impl DropExtension {
    /// Parses a statement; `None` when it is not a plain `DROP EXTENSION`.
    pub fn parse(sql: &str) -> Option<DropExtension> {
        let text = strip_comments(sql);
        let captures = DROP_EXTENSION.captures(text.trim())?;
        Some(DropExtension {
            names: NAME
                .find_iter(&captures["names"])
                .map(|m| unquote(m.as_str()))
                .collect(),
            if_exists: captures.name("ie").is_some(),
            cascade: captures
                .name("behaviour")
                .is_some_and(|b| b.as_str().eq_ignore_ascii_case("cascade")),
        })
    }

    /// The calls that replace the statement, one per extension.
    pub fn call_sql(&self) -> String {
        self.names
            .iter()
            .map(|name| {
                format!(
                    "SELECT schemagate_shim.drop_extension({}, {}, {})",
                    quote_literal(name),
                    self.if_exists,
                    self.cascade
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A statement as the shim has the server run it: `CREATE EXTENSION` and
/// `DROP EXTENSION` become calls of the shim's functions (which create the
/// real extension or its emulation), anything else stays as written.
pub fn extension_ddl_as_sent(sql: &str) -> String {
    if let Some(create) = CreateExtension::parse(sql) {
        create.call_sql()
    } else if let Some(drop) = DropExtension::parse(sql) {
        drop.call_sql()
    } else {
        sql.to_string()
    }
}

fn unquote(token: &str) -> String {
    if let Some(inner) = token.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        inner.replace("\"\"", "\"")
    } else if let Some(inner) = token.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else {
        token.to_ascii_lowercase()
    }
}

/// Test helper for the statement parsers of this module and its children:
/// `parse` recognises none of `statements`.
#[cfg(test)]
fn assert_none_parsed<T: std::fmt::Debug>(parse: impl Fn(&str) -> Option<T>, statements: &[&str]) {
    for sql in statements {
        let parsed = parse(sql);
        assert!(parsed.is_none(), "{sql} was parsed: {parsed:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(sql: &str) -> CreateExtension {
        CreateExtension::parse(sql).unwrap_or_else(|| panic!("did not parse: {sql}"))
    }

    #[test]
    fn parses_the_forms_migrations_use() {
        let e = parse("create extension if not exists \"uuid-ossp\" with schema extensions");
        assert_eq!(e.name, "uuid-ossp");
        assert_eq!(e.schema.as_deref(), Some("extensions"));
        assert!(e.if_not_exists);
        let e = parse("CREATE EXTENSION pg_net");
        assert_eq!(
            (e.name.as_str(), e.if_not_exists, e.schema),
            ("pg_net", false, None)
        );
        let e = parse("-- why\nCREATE EXTENSION IF NOT EXISTS pgtap WITH SCHEMA \"extensions\" VERSION '1.2.0' CASCADE");
        assert_eq!(e.version.as_deref(), Some("1.2.0"));
        assert!(e.cascade);
        let e = parse("create extension \"olirice-index_advisor\" version '0.2.0'");
        assert_eq!(e.name, "olirice-index_advisor");
        let e = parse("create extension PG_TRGM schema public");
        assert_eq!(
            (e.name.as_str(), e.schema.as_deref()),
            ("pg_trgm", Some("public"))
        );
    }

    #[test]
    fn leaves_other_statements_alone() {
        assert_none_parsed(
            CreateExtension::parse,
            &[
                "create extensions_table()",
                "alter extension pg_net update",
                "drop extension pg_net",
                "create extension x with weird option",
            ],
        );
    }

    #[test]
    fn drop_extension_parses_lists() {
        let drop =
            DropExtension::parse("drop extension if exists pg_net, \"uuid-ossp\" cascade").unwrap();
        assert_eq!(drop.names, ["pg_net", "uuid-ossp"]);
        assert!(drop.if_exists && drop.cascade);
        assert_eq!(
            DropExtension::parse("DROP EXTENSION pg_net")
                .unwrap()
                .call_sql(),
            "SELECT schemagate_shim.drop_extension('pg_net', false, false)"
        );
        assert_eq!(DropExtension::parse("drop table x"), None);
    }

    #[test]
    fn call_quotes_every_argument() {
        let call = parse("create extension \"it's\" with schema extensions").call_sql();
        assert_eq!(
            call,
            "SELECT schemagate_shim.create_extension('it''s', 'extensions', NULL, false, false)"
        );
    }
}
