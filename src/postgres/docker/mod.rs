//! The `docker` backend: a throwaway PostgreSQL container started with
//! testcontainers, from any image that follows the official `postgres`
//! image's conventions (`POSTGRES_*` variables, `postgres` as the command)
//! or from Supabase's own `supabase/postgres`.
//!
//! The container is removed when its [`Server`] is dropped: after a run, on
//! an error at any step, and when `main` drops the command on SIGINT or
//! SIGTERM. Where it listens is [`choose_route`](route::choose_route)'s call: a loopback port on
//! the tool's own machine, a Docker network shared with the tool's container
//! when the tool runs in one (the action).

mod engine;
mod flavour;
mod guard;
mod route;

use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::Connection;
use testcontainers::bollard::Docker as Engine;
use testcontainers::runners::AsyncRunner;

use super::{
    redact_text, server_version, Backend, BackendError, BackendFuture, BackendKind, MigratorLogin,
    Server, MIGRATION_ROLE, SUPERUSER,
};
use engine::{
    bridge_gateway, connect_engine, docker_host, network_name, own_network, ping, wait_until_ready,
};
use flavour::{random_hex, request, Flavour};
use guard::{ContainerGuard, Phase};
use route::{address, choose_route, Placement, Route};

/// The image the Supabase CLI pins for `db.major_version = 15`.
pub const SUPABASE_POSTGRES_15: &str = "supabase/postgres:15.8.1.085";
/// The image the Supabase CLI pins for `db.major_version = 17`.
pub const SUPABASE_POSTGRES_17: &str = "supabase/postgres:17.6.1.132";
/// Where to reach published ports instead of the host testcontainers picks
/// (the environment variable's name).
pub const HOST_OVERRIDE_ENV: &str = "SCHEMAGATE_DOCKER_HOST_OVERRIDE";
/// The label every container carries, valued with the tool's process id, so
/// a leftover (after a SIGKILL) can be found: `docker ps -a --filter label=…`.
pub const PID_LABEL: &str = "io.schemagate.pid";

const PORT: u16 = 5432;
const ENGINE_TIMEOUT: Duration = Duration::from_secs(10);
const CONNECT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// Supabase's init scripts run a few hundred statements before the server
/// accepts TCP connections; a plain image needs only `initdb`.
const PLAIN_READY_TIMEOUT: Duration = Duration::from_secs(90);
const SUPABASE_READY_TIMEOUT: Duration = Duration::from_secs(240);

/// Why the docker backend could not provide a server.
#[derive(Debug, thiserror::Error)]
pub enum DockerError {
    /// Nothing answers on the Docker socket or host.
    #[error("no Docker engine answers at {host}: {message}")]
    NoEngine {
        /// `DOCKER_HOST` or the socket tried.
        host: String,
        /// Why.
        message: String,
    },
    /// `--docker-network` names no network.
    #[error("docker network `{network}` does not exist: {message}")]
    NoSuchNetwork {
        /// The name or id given.
        network: String,
        /// What the engine said.
        message: String,
    },
    /// The image could not be pulled, or the container created or started.
    #[error("cannot start a container from {image}: {message}")]
    Start {
        /// The image.
        image: String,
        /// Why, redacted.
        message: String,
    },
    /// The container stopped before its server accepted connections.
    #[error("the container from {image} exited during start-up ({status}): {logs}")]
    Exited {
        /// The image.
        image: String,
        /// Its exit status.
        status: String,
        /// The tail of its output, redacted.
        logs: String,
    },
    /// The server answered, but refused the bootstrap superuser.
    #[error("the server in the container from {image} refused {user}: {message}")]
    Refused {
        /// The image.
        image: String,
        /// Who we logged in as.
        user: String,
        /// What the server said, redacted.
        message: String,
    },
    /// The server never accepted a connection in time.
    #[error("the server in the container from {image} did not accept connections within {seconds} s: {message}")]
    NotReady {
        /// The image.
        image: String,
        /// How long we waited.
        seconds: u64,
        /// The last connection error, redacted.
        message: String,
    },
    /// The engine did not say where the container can be reached.
    #[error("cannot tell how to reach the container from {image}: {message}")]
    NoAddress {
        /// The image.
        image: String,
        /// What is missing.
        message: String,
    },
}

/// The image for production's major version, as the Supabase CLI pins it.
pub fn default_image(major_version: Option<u32>) -> String {
    match major_version {
        Some(17) => SUPABASE_POSTGRES_17.to_string(),
        None | Some(15) => SUPABASE_POSTGRES_15.to_string(),
        // Supabase ships no image for other majors; the official one with the
        // shim comes closest.
        Some(major) => format!("postgres:{major}"),
    }
}

/// What the docker backend needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerSettings {
    /// The image, e.g. `postgres:15` or `supabase/postgres:15.8.1.085`.
    pub image: String,
    /// A network to start the container in (`--docker-network`).
    pub network: Option<String>,
    /// Where published ports are reached (`SCHEMAGATE_DOCKER_HOST_OVERRIDE`).
    pub host_override: Option<String>,
}

/// Starts a container per run.
#[derive(Debug, Clone)]
pub struct Docker {
    settings: DockerSettings,
}

impl Docker {
    /// A backend with these settings.
    pub fn new(settings: DockerSettings) -> Self {
        Docker { settings }
    }

    async fn start_server(&self) -> Result<Server, DockerError> {
        let started = Instant::now();
        let image = self.settings.image.clone();
        let host = docker_host();
        let engine = connect_engine(&host)?;
        ping(&engine, &host).await?;
        tracing::debug!(%host, elapsed = ?started.elapsed(), "the Docker engine answers");
        let flavour = Flavour::of(&image);
        let route = self.route(&engine, &host).await?;
        let password = (flavour == Flavour::Supabase).then(random_hex);
        let name = format!("schemagate-{}-{}", std::process::id(), &random_hex()[..8]);
        tracing::info!(%image, %name, ?route, "starting a container");

        let mut guard = ContainerGuard::new(name.clone(), host);
        let request = request(&image, flavour, &route, &name, password.as_deref());
        guard.phase = Phase::Starting;
        let outcome = request.start().await;
        guard.phase = Phase::Settled;
        let container = outcome.map_err(|e| DockerError::Start {
            image: image.clone(),
            message: redact_text(&e.to_string()),
        })?;
        let container = guard.hold(container);

        let (address, port) = address(&engine, container, &route, &image).await?;
        let mut admin = PgConnectOptions::new()
            .host(&address)
            .port(port)
            .username(SUPERUSER)
            .database("postgres");
        if let Some(password) = &password {
            admin = admin.password(password);
        }
        let mut conn =
            wait_until_ready(&engine, container, &admin, flavour.ready_timeout(), &image).await?;
        let (version, major) =
            server_version(&mut conn)
                .await
                .map_err(|e| DockerError::Refused {
                    image: image.clone(),
                    user: SUPERUSER.to_string(),
                    message: redact_text(&e.to_string()),
                })?;
        let _ = conn.close().await;
        tracing::debug!(%name, %version, "container ready");
        Ok(Server {
            backend: BackendKind::Docker,
            version,
            major,
            startup: started.elapsed(),
            admin,
            // On a plain image `postgres` has no password and the server
            // trusts connections; on Supabase's it shares the superuser's.
            migrator: MigratorLogin::Direct {
                role: MIGRATION_ROLE.to_string(),
            },
            owned: true,
            space: None,
            _guard: Box::new(guard),
        })
    }

    /// How the container will be reached, from the settings and from where
    /// this process runs.
    async fn route(&self, engine: &Engine, host: &str) -> Result<Route, DockerError> {
        let network = match &self.settings.network {
            Some(network) => Some(network_name(engine, network).await?),
            None => None,
        };
        let local_engine = host.starts_with("unix://");
        let in_container = std::path::Path::new("/.dockerenv").exists();
        let mut placement = Placement {
            host_override: self.settings.host_override.clone(),
            local_engine,
            in_container,
            default_host: "localhost".to_string(),
            ..Placement::default()
        };
        if network.is_some() || placement.host_override.is_some() {
            placement.network = network;
            return Ok(choose_route(placement));
        }
        if local_engine && in_container {
            placement.own_network = own_network(engine).await;
            if placement.own_network.is_none() {
                if let Some(gateway) = bridge_gateway(engine).await {
                    placement.default_host = gateway;
                }
            }
        } else if !local_engine {
            placement.default_host = url::Url::parse(host)
                .ok()
                .and_then(|url| url.host_str().map(str::to_string))
                .unwrap_or_else(|| "localhost".to_string());
        }
        Ok(choose_route(placement))
    }
}

impl Backend for Docker {
    fn start(&self) -> BackendFuture<'_, Server> {
        Box::pin(async move { self.start_server().await.map_err(BackendError::from) })
    }
}

#[cfg(test)]
mod tests {
    use super::engine::pick_network;
    use super::flavour::split_reference;
    use super::*;

    #[test]
    fn default_images_follow_the_supabase_cli() {
        assert_eq!(default_image(Some(15)), "supabase/postgres:15.8.1.085");
        assert_eq!(default_image(Some(17)), "supabase/postgres:17.6.1.132");
        assert_eq!(default_image(None), "supabase/postgres:15.8.1.085");
        assert_eq!(default_image(Some(16)), "postgres:16");
    }

    #[test]
    fn supabase_images_are_recognised_wherever_they_come_from() {
        use Flavour::{Plain, Supabase};
        for (image, flavour) in [
            ("supabase/postgres:15.8.1.085", Supabase),
            ("public.ecr.aws/supabase/postgres:17.6.1.132", Supabase),
            ("ghcr.io/supabase/postgres@sha256:0123abcd", Supabase),
            ("supabase/postgres", Supabase),
            ("postgres:15", Plain),
            ("schemagate-test/postgres:15", Plain),
            ("localhost:5000/postgres", Plain),
            ("supabase/postgres-meta:v0.80.0", Plain),
        ] {
            assert_eq!(Flavour::of(image), flavour, "{image}");
        }
    }

    #[test]
    fn references_split_into_what_testcontainers_joins_back() {
        for (image, expected) in [
            ("postgres:15", ("postgres", "15")),
            ("postgres", ("postgres", "latest")),
            (
                "localhost:5000/postgres",
                ("localhost:5000/postgres", "latest"),
            ),
            (
                "localhost:5000/postgres:15",
                ("localhost:5000/postgres", "15"),
            ),
            ("postgres@sha256:abc", ("postgres@sha256", "abc")),
        ] {
            let (repository, tag) = split_reference(image);
            assert_eq!((repository.as_str(), tag.as_str()), expected);
            if tag != "latest" {
                assert_eq!(format!("{repository}:{tag}"), image);
            }
        }
    }

    #[test]
    fn plain_images_trust_and_supabase_images_get_a_password() {
        let plain = Flavour::Plain.env(None);
        assert!(plain.contains(&("POSTGRES_USER", "supabase_admin".to_string())));
        assert!(plain.contains(&("POSTGRES_HOST_AUTH_METHOD", "trust".to_string())));
        assert!(Flavour::Plain.cmd().is_some());

        let supabase = Flavour::Supabase.env(Some("s3cret"));
        assert!(supabase.contains(&("POSTGRES_PASSWORD", "s3cret".to_string())));
        assert!(supabase.contains(&("POSTGRES_USER", "supabase_admin".to_string())));
        assert!(!supabase
            .iter()
            .any(|(k, _)| *k == "POSTGRES_HOST_AUTH_METHOD"));
        let jwt = supabase.iter().find(|(k, _)| *k == "JWT_SECRET").unwrap();
        assert!(jwt.1.len() >= 32, "the CLI requires 32 characters or more");
        assert_eq!(Flavour::Supabase.cmd(), None);
    }

    #[test]
    fn routes_by_precedence() {
        let published = |bind: &str, host: &str| Route::Published {
            bind: bind.to_string(),
            host: host.to_string(),
        };
        let here = Placement {
            local_engine: true,
            default_host: "localhost".to_string(),
            ..Placement::default()
        };
        // On a developer's machine: loopback only.
        assert_eq!(
            choose_route(here.clone()),
            published("127.0.0.1", "127.0.0.1")
        );
        // An explicit network wins over everything.
        let everything = Placement {
            network: Some("job".to_string()),
            host_override: Some("10.0.0.1".to_string()),
            in_container: true,
            own_network: Some("own".to_string()),
            ..here.clone()
        };
        assert_eq!(choose_route(everything), Route::Network("job".to_string()));
        // An override is published where it can be reached.
        let overridden = |host: &str| Placement {
            host_override: Some(host.to_string()),
            in_container: true,
            own_network: Some("own".to_string()),
            ..here.clone()
        };
        assert_eq!(
            choose_route(overridden("host.docker.internal")),
            published("0.0.0.0", "host.docker.internal")
        );
        assert_eq!(
            choose_route(overridden("localhost")),
            published("127.0.0.1", "localhost")
        );
        // Inside a container the engine knows: its network.
        let sibling = Placement {
            in_container: true,
            own_network: Some("github_network_1".to_string()),
            ..here.clone()
        };
        assert_eq!(
            choose_route(sibling),
            Route::Network("github_network_1".to_string())
        );
        // Inside one it does not: where testcontainers looks, bound there only.
        let stranger = Placement {
            in_container: true,
            default_host: "172.17.0.1".to_string(),
            ..here.clone()
        };
        assert_eq!(
            choose_route(stranger),
            published("172.17.0.1", "172.17.0.1")
        );
        let no_gateway = Placement {
            in_container: true,
            ..here.clone()
        };
        assert_eq!(
            choose_route(no_gateway),
            published("127.0.0.1", "127.0.0.1")
        );
        // A remote engine's loopback is not ours.
        let remote = Placement {
            local_engine: false,
            default_host: "docker".to_string(),
            ..Placement::default()
        };
        assert_eq!(choose_route(remote), published("0.0.0.0", "docker"));
    }

    #[test]
    fn a_user_defined_network_is_preferred_to_bridge() {
        assert_eq!(
            pick_network(["bridge", "github_network_x"].into_iter()),
            Some("github_network_x".to_string())
        );
        assert_eq!(
            pick_network(["bridge"].into_iter()),
            Some("bridge".to_string())
        );
        assert_eq!(pick_network(["host"].into_iter()), None);
    }

    #[test]
    fn random_hex_is_random() {
        let (a, b) = (random_hex(), random_hex());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
