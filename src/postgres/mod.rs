//! Throwaway PostgreSQL servers, behind one [`Backend`] trait.
//!
//! No code outside this module knows which backend is in use: callers get a
//! [`Server`], ask it for a [`Database`], and connect as the superuser (to
//! install the shim) or as the migration role (to apply migrations).

mod binaries;
mod docker;
mod embedded;
pub mod guard;
pub mod newer_syntax;
mod process;
mod redact;
pub mod send;
pub mod space;
mod url;

pub use crate::quote::{quote_ident, quote_literal};

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{ConnectOptions, Connection, Executor};

pub use binaries::Binaries;
pub use docker::{
    default_image, Docker, DockerError, DockerSettings, HOST_OVERRIDE_ENV, PID_LABEL,
    SUPABASE_POSTGRES_15, SUPABASE_POSTGRES_17,
};
pub use embedded::Embedded;
pub use redact::{redact_text, redact_url};
pub use space::SpaceWatch;
pub use url::UrlServer;

/// Which backend to use, from `--postgres`; the report records it too.
pub use crate::report::BackendKind;

/// The bootstrap superuser, as on Supabase: every backend we start logs
/// in as it to install the shim.
pub const SUPERUSER: &str = "supabase_admin";
/// The role migrations run as, as on Supabase.
pub const MIGRATION_ROLE: &str = "postgres";

/// Why a server could not be had: an infrastructure error (exit 3), except
/// [`BackendError::Settings`], the caller's mistake (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// The flags cannot work: `--postgres url` without a URL, a URL that
    /// is not one. A usage error, not infrastructure.
    #[error("{0}")]
    Settings(String),
    /// No `initdb`/`postgres` binaries were found.
    #[error("PostgreSQL server binaries (initdb, postgres) not found in {searched}; install them (Debian/Ubuntu: `apt-get install -y postgresql`), point SCHEMAGATE_PG_BINDIR at them, or use `--postgres docker` or `--postgres url --database-url URL`")]
    BinariesNotFound {
        /// Where we looked.
        searched: String,
    },
    /// A server program failed.
    #[error("{program} failed: {message}")]
    Process {
        /// Which program (`initdb`, `postgres`).
        program: String,
        /// What it said (the tail of its log).
        message: String,
    },
    /// A server did not answer.
    #[error("cannot connect to {server}: {message}")]
    Unreachable {
        /// The server, with any password redacted.
        server: String,
        /// Why, redacted.
        message: String,
    },
    /// The server answered but refused what we asked.
    #[error("{server}: {message}")]
    Server {
        /// The server, redacted.
        server: String,
        /// What failed, redacted.
        message: String,
    },
    /// The docker backend could not provide a server.
    #[error(transparent)]
    Docker(#[from] DockerError),
    /// Local file-system trouble around the server's directory.
    #[error("{context}: {source}")]
    Io {
        /// What we were doing.
        context: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

impl BackendError {
    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BackendError {
        let context = context.into();
        move |source| BackendError::Io { context, source }
    }
}

/// A future returned by a backend.
pub type BackendFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, BackendError>> + Send + 'a>>;

/// Something that can provide a PostgreSQL server for one run.
pub trait Backend: Send + Sync {
    /// Starts (or connects to) a server. It is stopped (or released) when
    /// the returned [`Server`] is dropped.
    fn start(&self) -> BackendFuture<'_, Server>;
}

/// How the tool logs in as the migration role.
#[derive(Debug, Clone)]
enum MigratorLogin {
    /// Log in as the role itself (it has no password on our own servers).
    Direct {
        /// The role's name.
        role: String,
    },
    /// Log in as the superuser and `SET ROLE`: the best we can do on a
    /// server whose passwords we do not know.
    SetRole {
        /// The role's name.
        role: String,
    },
}

/// A running server, owned for the length of a run.
pub struct Server {
    /// Which backend provides it.
    pub backend: BackendKind,
    /// `server_version`, e.g. `15.18 (Debian 15.18-0+deb12u1)`.
    pub version: String,
    /// `server_version_num / 10000`.
    pub major: u32,
    /// Wall time to get it ready.
    pub startup: Duration,
    /// The superuser, connected to the maintenance database.
    admin: PgConnectOptions,
    /// How to log in as the migration role.
    migrator: MigratorLogin,
    /// Whether the server is ours alone, so its `postgres` database can be used directly.
    owned: bool,
    /// The cap on the data directory, on servers whose directory is ours.
    space: Option<SpaceWatch>,
    /// Keeps the server alive; dropping it stops the server.
    _guard: Box<dyn Send + Sync>,
}

static DATABASE_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Server {
    /// A database for one run: the server's own `postgres` database when
    /// the server is ours alone (as on Supabase, migrations then run in
    /// `postgres`), else a new uniquely named one that is dropped on close.
    pub async fn scratch_database(&self) -> Result<Database, BackendError> {
        if self.owned {
            Ok(self.database("postgres", false))
        } else {
            self.create_database(&unique_database_name(), None).await
        }
    }

    /// Creates a database, optionally from a template; it is dropped on close.
    pub async fn create_database(
        &self,
        name: &str,
        template: Option<&str>,
    ) -> Result<Database, BackendError> {
        let mut sql = format!("CREATE DATABASE {}", quote_ident(name));
        if let Some(template) = template {
            sql.push_str(&format!(" TEMPLATE {}", quote_ident(template)));
        }
        let mut admin = self.connect_admin("postgres").await?;
        admin
            .execute(sql.as_str())
            .await
            .map_err(|e| server_error(&self.admin, e))?;
        let _ = admin.close().await;
        Ok(self.database(name, true))
    }

    /// Connects as the superuser to `database`.
    pub async fn connect_admin(&self, database: &str) -> Result<PgConnection, BackendError> {
        let options = self.admin.clone().database(database);
        connect(&options).await
    }

    /// A password-free URL for `database` as the superuser (tests, logs).
    pub fn admin_url(&self, database: &str) -> String {
        url_of(&self.admin.clone().database(database))
    }

    fn database(&self, name: &str, drop_on_close: bool) -> Database {
        Database {
            name: name.to_string(),
            admin: self.admin.clone().database(name),
            maintenance: self.admin.clone(),
            migrator: self.migrator.clone(),
            drop_on_close,
            space: self.space.clone(),
        }
    }
}

/// An error the server at `options` raised, with any password redacted.
fn server_error(options: &PgConnectOptions, e: sqlx::Error) -> BackendError {
    BackendError::Server {
        server: describe(options),
        message: redact_text(&e.to_string()),
    }
}

/// One database on a [`Server`].
#[derive(Debug, Clone)]
pub struct Database {
    /// The database name.
    pub name: String,
    admin: PgConnectOptions,
    maintenance: PgConnectOptions,
    migrator: MigratorLogin,
    drop_on_close: bool,
    space: Option<SpaceWatch>,
}

impl Database {
    /// Connects as the superuser.
    pub async fn connect_admin(&self) -> Result<PgConnection, BackendError> {
        connect(&self.admin).await
    }

    /// The watch on the server's data directory, when it has a cap.
    pub fn space(&self) -> Option<&SpaceWatch> {
        self.space.as_ref()
    }

    /// The superuser's connect options for this database (to end a backend
    /// from a second connection).
    pub fn admin_options(&self) -> PgConnectOptions {
        self.admin.clone()
    }

    /// Connects as the migration role (`postgres`, not a superuser on Supabase).
    pub async fn connect_migrator(&self) -> Result<PgConnection, BackendError> {
        match &self.migrator {
            MigratorLogin::Direct { role } => connect(&self.admin.clone().username(role)).await,
            MigratorLogin::SetRole { role } => {
                let mut conn = connect(&self.admin).await?;
                let sql = format!("SET ROLE {}", quote_ident(role));
                conn.execute(sql.as_str())
                    .await
                    .map_err(|e| server_error(&self.admin, e))?;
                Ok(conn)
            }
        }
    }

    /// The SQL that puts a session back into the migration role after
    /// `RESET ALL`, when the role is entered with `SET ROLE`.
    pub fn restore_role_sql(&self) -> Option<String> {
        match &self.migrator {
            MigratorLogin::Direct { .. } => None,
            MigratorLogin::SetRole { role } => Some(format!("SET ROLE {}", quote_ident(role))),
        }
    }

    /// Drops the database if this run created it.
    pub async fn close(self) -> Result<(), BackendError> {
        if !self.drop_on_close {
            return Ok(());
        }
        let mut conn = connect(&self.maintenance.clone().database("postgres")).await?;
        let sql = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(&self.name)
        );
        conn.execute(sql.as_str())
            .await
            .map_err(|e| server_error(&self.maintenance, e))?;
        let _ = conn.close().await;
        Ok(())
    }
}

/// Checks that `url` is a PostgreSQL URL before anything connects, so a
/// typo is a usage error naming the flag, with the password redacted.
pub fn validate_url(flag: &str, url: &str) -> Result<(), BackendError> {
    use std::str::FromStr;
    let scheme_ok = url.starts_with("postgres://") || url.starts_with("postgresql://");
    let parsed = PgConnectOptions::from_str(url).map_err(|e| redact_text(&e.to_string()));
    match (scheme_ok, parsed) {
        (true, Ok(_)) => Ok(()),
        (false, _) => Err(BackendError::Settings(format!(
            "{flag} {} is not a PostgreSQL URL: it must start with postgresql:// or postgres://",
            redact_url(url)
        ))),
        (true, Err(why)) => Err(BackendError::Settings(format!(
            "{flag} {} is not a valid PostgreSQL URL: {why}",
            redact_url(url)
        ))),
    }
}

/// Connects once, with a bounded wait, mapping failures to [`BackendError::Unreachable`].
pub async fn connect(options: &PgConnectOptions) -> Result<PgConnection, BackendError> {
    let options = options
        .clone()
        .application_name("schemagate")
        .log_statements(tracing::log::LevelFilter::Trace)
        // sqlx warns of statements over a second with their SQL; migration
        // SQL is the project's, and slow is not wrong: debug only.
        .log_slow_statements(tracing::log::LevelFilter::Debug, Duration::from_secs(1));
    match tokio::time::timeout(Duration::from_secs(30), options.connect()).await {
        Ok(Ok(conn)) => Ok(conn),
        Ok(Err(e)) => Err(BackendError::Unreachable {
            server: describe(&options),
            message: redact_text(&e.to_string()),
        }),
        Err(_) => Err(BackendError::Unreachable {
            server: describe(&options),
            message: "timed out after 30 s".to_string(),
        }),
    }
}

/// The first column of the first row, as text, over the simple protocol
/// (no prepared statements, which transaction-mode poolers reject);
/// `None` for no row or NULL.
pub async fn first_text(conn: &mut PgConnection, sql: &str) -> Result<Option<String>, sqlx::Error> {
    use sqlx::{Row, ValueRef};
    let rows = sqlx::raw_sql(sql).fetch_all(&mut *conn).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let value = row.try_get_raw(0)?;
    if value.is_null() {
        return Ok(None);
    }
    value
        .as_str()
        .map(|s| Some(s.to_string()))
        .map_err(sqlx::Error::Decode)
}

/// `user@host:port/database`, never with a password.
pub fn describe(options: &PgConnectOptions) -> String {
    let host = options.get_socket().map_or_else(
        || format!("{}:{}", options.get_host(), options.get_port()),
        |socket| socket.display().to_string(),
    );
    format!(
        "{}@{}/{}",
        options.get_username(),
        host,
        options.get_database().unwrap_or("")
    )
}

/// A URL for connect options, never with a password.
pub fn url_of(options: &PgConnectOptions) -> String {
    let database = options.get_database().unwrap_or("postgres");
    match options.get_socket() {
        Some(socket) => format!(
            "postgres://{}@localhost:{}/{database}?host={}",
            options.get_username(),
            options.get_port(),
            socket.display()
        ),
        None => format!(
            "postgres://{}@{}:{}/{database}",
            options.get_username(),
            options.get_host(),
            options.get_port()
        ),
    }
}

fn unique_database_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let n = DATABASE_COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("schemagate_{}_{nanos}_{n}", std::process::id())
}

/// Everything needed to pick and configure a backend.
#[derive(Debug, Clone)]
pub struct BackendSettings {
    /// Which backend.
    pub kind: BackendKind,
    /// `--database-url`, for `url`.
    pub database_url: Option<String>,
    /// Production's major version, to pick matching binaries.
    pub major_version: Option<u32>,
    /// Override for the directory holding `initdb` and `postgres`.
    pub bindir: Option<PathBuf>,
    /// For `docker`: the image (default: [`default_image`] for the major version).
    pub image: Option<String>,
    /// For `docker`: a network to start the container in.
    pub docker_network: Option<String>,
    /// Whether runs install the Supabase shim: the embedded backend then
    /// caches it in its template.
    pub supabase_shim: bool,
}

/// Builds the backend the settings ask for.
pub fn backend(settings: &BackendSettings) -> Result<Box<dyn Backend>, BackendError> {
    match settings.kind {
        BackendKind::Embedded => {
            let binaries = Binaries::find(settings.bindir.as_deref(), settings.major_version)?;
            Ok(Box::new(
                Embedded::new(binaries).with_shim(settings.supabase_shim),
            ))
        }
        BackendKind::Url => {
            let url = settings
                .database_url
                .clone()
                .filter(|url| !url.trim().is_empty())
                .ok_or_else(|| {
                    BackendError::Settings(
                        "--postgres url needs --database-url (or SCHEMAGATE_DATABASE_URL)"
                            .to_string(),
                    )
                })?;
            validate_url("--database-url", &url)?;
            Ok(Box::new(UrlServer::new(url)))
        }
        BackendKind::Docker => Ok(Box::new(Docker::new(DockerSettings {
            image: settings
                .image
                .clone()
                .filter(|image| !image.trim().is_empty())
                .unwrap_or_else(|| default_image(settings.major_version)),
            network: settings
                .docker_network
                .clone()
                .filter(|network| !network.trim().is_empty()),
            host_override: std::env::var(HOST_OVERRIDE_ENV)
                .ok()
                .filter(|host| !host.trim().is_empty()),
        }))),
    }
}

/// Reads `server_version` and its major number.
async fn server_version(conn: &mut PgConnection) -> Result<(String, u32), sqlx::Error> {
    let (version, num): (String, String) = sqlx::query_as(
        "SELECT current_setting('server_version'), current_setting('server_version_num')",
    )
    .fetch_one(&mut *conn)
    .await?;
    let major = num.parse::<u32>().unwrap_or(0) / 10000;
    Ok((version, major))
}
