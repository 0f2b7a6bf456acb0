//! The `url` backend: an existing server the user controls, given by a
//! superuser URL. Each run creates its own database there and drops it
//! afterwards; the shim's roles are cluster-wide and stay.

use std::str::FromStr;
use std::time::Instant;

use sqlx::postgres::PgConnectOptions;
use sqlx::Connection;

use super::{
    connect, redact_url, server_version, Backend, BackendError, BackendFuture, BackendKind,
    MigratorLogin, Server, MIGRATION_ROLE,
};

/// Connects to an existing server.
#[derive(Clone)]
pub struct UrlServer {
    url: String,
}

impl std::fmt::Debug for UrlServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlServer")
            .field("url", &redact_url(&self.url))
            .finish()
    }
}

impl UrlServer {
    /// A backend for the server at `url`.
    pub fn new(url: String) -> Self {
        UrlServer { url }
    }
}

impl Backend for UrlServer {
    fn start(&self) -> BackendFuture<'_, Server> {
        Box::pin(async move {
            let started = Instant::now();
            let options =
                PgConnectOptions::from_str(&self.url).map_err(|e| BackendError::Unreachable {
                    server: redact_url(&self.url),
                    message: format!(
                        "not a valid PostgreSQL URL: {}",
                        super::redact_text(&e.to_string())
                    ),
                })?;
            let maintenance = options.clone().database("postgres");
            let mut conn = connect(&maintenance).await?;
            let (version, major) =
                server_version(&mut conn)
                    .await
                    .map_err(|e| BackendError::Server {
                        server: redact_url(&self.url),
                        message: super::redact_text(&e.to_string()),
                    })?;
            let _ = conn.close().await;
            Ok(Server {
                backend: BackendKind::Url,
                version,
                major,
                startup: started.elapsed(),
                admin: maintenance,
                // We do not know the migration role's password here.
                migrator: MigratorLogin::SetRole {
                    role: MIGRATION_ROLE.to_string(),
                },
                owned: false,
                space: None,
                _guard: Box::new(()),
            })
        })
    }
}
