//! The Docker engine: finding and reaching it, its networks, and waiting
//! for a container's server to accept connections.

use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::ConnectOptions;
use testcontainers::bollard::query_parameters::{InspectContainerOptions, InspectNetworkOptions};
use testcontainers::bollard::{self, Docker as Engine};
use testcontainers::{ContainerAsync, GenericImage};

use crate::postgres::{redact_text, SUPERUSER};

use super::{DockerError, CONNECT_ATTEMPT_TIMEOUT, ENGINE_TIMEOUT};

pub(super) fn docker_host() -> String {
    if let Some(host) = std::env::var("DOCKER_HOST")
        .ok()
        .filter(|h| !h.trim().is_empty())
    {
        return host;
    }
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(std::path::PathBuf::from);
    let candidates = [
        Some(std::path::PathBuf::from("/var/run/docker.sock")),
        runtime.map(|d| d.join(".docker/run/docker.sock")),
        home.as_ref().map(|d| d.join(".docker/run/docker.sock")),
        home.as_ref().map(|d| d.join(".docker/desktop/docker.sock")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.exists())
        .map_or_else(
            || "unix:///var/run/docker.sock".to_string(),
            |p| format!("unix://{}", p.display()),
        )
}

pub(super) fn connect_engine(host: &str) -> Result<Engine, DockerError> {
    let timeout = 120;
    let engine = if host.starts_with("unix://") {
        Engine::connect_with_unix(host, timeout, bollard::API_DEFAULT_VERSION)
    } else if host.starts_with("tcp://") || host.starts_with("http://") {
        Engine::connect_with_http(host, timeout, bollard::API_DEFAULT_VERSION)
    } else {
        return Err(DockerError::NoEngine {
            host: host.to_string(),
            message: "only unix:// and tcp:// Docker hosts are supported".to_string(),
        });
    };
    engine.map_err(|e| DockerError::NoEngine {
        host: host.to_string(),
        message: e.to_string(),
    })
}

pub(super) async fn ping(engine: &Engine, host: &str) -> Result<(), DockerError> {
    let message = match tokio::time::timeout(ENGINE_TIMEOUT, engine.ping()).await {
        Ok(Ok(_)) => return Ok(()),
        Ok(Err(e)) => e.to_string(),
        Err(_) => format!("no answer within {} s", ENGINE_TIMEOUT.as_secs()),
    };
    Err(DockerError::NoEngine {
        host: host.to_string(),
        message,
    })
}

/// The name of a network given by name or id (the `Networks` of a
/// container are keyed by name). Checked first, because testcontainers
/// would quietly create a network that does not exist.
pub(super) async fn network_name(engine: &Engine, network: &str) -> Result<String, DockerError> {
    let inspected = engine
        .inspect_network(network, None::<InspectNetworkOptions>)
        .await
        .map_err(|e| DockerError::NoSuchNetwork {
            network: network.to_string(),
            message: e.to_string(),
        })?;
    Ok(inspected.name.unwrap_or_else(|| network.to_string()))
}

/// The network of the container this process runs in, found through its
/// host name, which Docker sets to the container's id unless told otherwise.
/// A user-defined network (the job's, on GitHub) is preferred to `bridge`.
pub(super) async fn own_network(engine: &Engine) -> Option<String> {
    let hostname = std::fs::read_to_string("/etc/hostname").ok()?;
    let info = engine
        .inspect_container(hostname.trim(), None::<InspectContainerOptions>)
        .await
        .ok()?;
    let networks = info.network_settings?.networks?;
    let found = pick_network(networks.keys().map(String::as_str));
    tracing::debug!(?found, "this process runs in a container");
    found
}

/// The `bridge` network's gateway, where testcontainers looks for published
/// ports from inside a container.
pub(super) async fn bridge_gateway(engine: &Engine) -> Option<String> {
    let bridge = engine
        .inspect_network("bridge", None::<InspectNetworkOptions>)
        .await
        .ok()?;
    bridge
        .ipam?
        .config?
        .into_iter()
        .filter_map(|config| config.gateway)
        .find(|gateway| !gateway.trim().is_empty())
}

pub(super) fn pick_network<'a>(names: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut usable: Vec<&str> = names.filter(|n| !matches!(*n, "host" | "none")).collect();
    usable.sort_by_key(|n| (*n == "bridge", *n));
    usable.first().map(|n| n.to_string())
}

/// Connects as the superuser once the server accepts TCP connections. The
/// images' entrypoints initialise the cluster behind a socket-only server
/// first, so refused and reset connections are only "not yet".
pub(super) async fn wait_until_ready(
    engine: &Engine,
    container: &ContainerAsync<GenericImage>,
    options: &PgConnectOptions,
    timeout: Duration,
    image: &str,
) -> Result<PgConnection, DockerError> {
    let options = options
        .clone()
        .application_name("schemagate")
        .log_statements(tracing::log::LevelFilter::Trace)
        // sqlx warns of statements over a second with their SQL; migration
        // SQL is the project's, and slow is not wrong: debug only.
        .log_slow_statements(tracing::log::LevelFilter::Debug, Duration::from_secs(1));
    let deadline = Instant::now() + timeout;
    loop {
        let message = match tokio::time::timeout(CONNECT_ATTEMPT_TIMEOUT, options.connect()).await {
            Ok(Ok(conn)) => return Ok(conn),
            // The server is up and said no: waiting will not change that,
            // unless it is still starting (57P03).
            Ok(Err(sqlx::Error::Database(e))) if e.code().as_deref() != Some("57P03") => {
                return Err(DockerError::Refused {
                    image: image.to_string(),
                    user: SUPERUSER.to_string(),
                    message: redact_text(&e.to_string()),
                });
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => "a connection attempt timed out".to_string(),
        };
        if let Some(status) = exit_status(engine, container.id()).await {
            return Err(DockerError::Exited {
                image: image.to_string(),
                status,
                logs: output_tail(container).await,
            });
        }
        if Instant::now() > deadline {
            return Err(DockerError::NotReady {
                image: image.to_string(),
                seconds: timeout.as_secs(),
                message: redact_text(&message),
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `Some(status)` once the container has stopped.
pub(super) async fn exit_status(engine: &Engine, id: &str) -> Option<String> {
    let state = engine
        .inspect_container(id, None::<InspectContainerOptions>)
        .await
        .ok()?
        .state?;
    if state.running.unwrap_or(true) {
        return None;
    }
    Some(format!("exit code {}", state.exit_code.unwrap_or(-1)))
}

pub(super) async fn output_tail(container: &ContainerAsync<GenericImage>) -> String {
    let mut output = container.stdout_to_vec().await.unwrap_or_default();
    output.extend(container.stderr_to_vec().await.unwrap_or_default());
    let text = String::from_utf8_lossy(&output);
    redact_text(&crate::postgres::process::tail(&text, 20))
}
