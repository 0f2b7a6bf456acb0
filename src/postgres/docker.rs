//! The `docker` backend: a throwaway PostgreSQL container started with
//! testcontainers, from any image that follows the official `postgres`
//! image's conventions (`POSTGRES_*` variables, `postgres` as the command)
//! or from Supabase's own `supabase/postgres`.
//!
//! The container is removed when its [`Server`] is dropped: after a run, on
//! an error at any step, and when `main` drops the command on SIGINT or
//! SIGTERM. Where it listens is [`choose_route`]'s call: a loopback port on
//! the tool's own machine, a Docker network shared with the tool's container
//! when the tool runs in one (the action).

use std::collections::HashMap;
use std::io::Read;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{ConnectOptions, Connection};
use testcontainers::bollard::models::{HostConfig, PortBinding};
use testcontainers::bollard::query_parameters::{
    InspectContainerOptions, InspectNetworkOptions, RemoveContainerOptionsBuilder,
};
use testcontainers::bollard::{self, Docker as Engine};
use testcontainers::core::{IntoContainerPort, WaitFor};
use testcontainers::runners::AsyncRunner;
use testcontainers::{ContainerAsync, ContainerRequest, GenericImage, ImageExt};

use super::embedded::{MIGRATION_ROLE, SUPERUSER};
use super::{
    redact_text, server_version, Backend, BackendError, BackendFuture, MigratorLogin, Server,
};

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
            backend: "docker",
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

/// Which conventions an image follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    /// The official `postgres` image and its look-alikes.
    Plain,
    /// `supabase/postgres`: bootstrap superuser `supabase_admin`, its own
    /// init scripts, `postgres` demoted to a non-superuser, passwords set
    /// from `POSTGRES_PASSWORD` and required over TCP.
    Supabase,
}

impl Flavour {
    fn of(image: &str) -> Flavour {
        let repository = repository(image);
        if repository == "supabase/postgres" || repository.ends_with("/supabase/postgres") {
            Flavour::Supabase
        } else {
            Flavour::Plain
        }
    }

    fn env(self, password: Option<&str>) -> Vec<(&'static str, String)> {
        let mut env = vec![
            ("POSTGRES_USER", SUPERUSER.to_string()),
            ("POSTGRES_DB", "postgres".to_string()),
        ];
        match self {
            Flavour::Plain => {
                // The shim creates `postgres` without a password, so it can
                // only log in on a server that trusts it; the port is
                // reachable from this host (or the job's network) only.
                env.push(("POSTGRES_HOST_AUTH_METHOD", "trust".to_string()));
                env.push(("POSTGRES_INITDB_ARGS", "--no-sync".to_string()));
            }
            Flavour::Supabase => {
                // As the Supabase CLI starts it.
                env.push((
                    "POSTGRES_PASSWORD",
                    password.unwrap_or_default().to_string(),
                ));
                env.push(("POSTGRES_HOST", "/var/run/postgresql".to_string()));
                env.push(("JWT_SECRET", format!("{}{}", random_hex(), random_hex())));
                env.push(("JWT_EXP", "3600".to_string()));
            }
        }
        env
    }

    /// The command, when we replace the image's: durability buys nothing for
    /// a throwaway server. Supabase's image keeps its own (`-D
    /// /etc/postgresql`), which its configuration depends on.
    fn cmd(self) -> Option<Vec<&'static str>> {
        match self {
            Flavour::Plain => Some(vec![
                "postgres",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ]),
            Flavour::Supabase => None,
        }
    }

    fn ready_timeout(self) -> Duration {
        match self {
            Flavour::Plain => PLAIN_READY_TIMEOUT,
            Flavour::Supabase => SUPABASE_READY_TIMEOUT,
        }
    }
}

/// Where the tool finds the container's server.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Route {
    /// The container joins this network and is reached at its address
    /// there; no port is published.
    Network(String),
    /// The port is published on the host address `bind` and reached at
    /// `host`.
    Published {
        /// The host address the port is bound to.
        bind: String,
        /// Where to connect.
        host: String,
    },
}

/// What decides the route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Placement {
    /// `--docker-network`, resolved to its name.
    network: Option<String>,
    /// `SCHEMAGATE_DOCKER_HOST_OVERRIDE`.
    host_override: Option<String>,
    /// The engine listens on a unix socket, so shares this machine.
    local_engine: bool,
    /// This process runs in a container (`/.dockerenv`).
    in_container: bool,
    /// The network of this process's own container, when the engine knows it.
    own_network: Option<String>,
    /// The host testcontainers would connect to: the `DOCKER_HOST`'s, the
    /// `bridge` network's gateway inside a container, else `localhost`.
    default_host: String,
}

/// The route, by precedence: an explicit network; a host override; inside a
/// container the engine knows, that container's network; else the published
/// port where testcontainers looks for it, bound to that address only when
/// it is one of the engine's own (loopback, the bridge's gateway), and to
/// every interface only for a remote engine or an override that needs it.
fn choose_route(placement: Placement) -> Route {
    let published = |bind: &str, host: String| Route::Published {
        bind: bind.to_string(),
        host,
    };
    if let Some(network) = placement.network {
        return Route::Network(network);
    }
    if let Some(host) = placement.host_override {
        let bind = if is_loopback(&host) {
            "127.0.0.1"
        } else {
            "0.0.0.0"
        };
        return published(bind, host);
    }
    if placement.local_engine && placement.in_container {
        if let Some(network) = placement.own_network {
            return Route::Network(network);
        }
    }
    let host = placement.default_host;
    if is_loopback(&host) {
        // Bound to IPv4 loopback, so `localhost` must not resolve to ::1.
        return published("127.0.0.1", "127.0.0.1".to_string());
    }
    if placement.local_engine && host.parse::<IpAddr>().is_ok() {
        // The bridge's gateway: an address of the engine's host that only
        // it and its containers reach.
        return published(&host, host.clone());
    }
    published("0.0.0.0", host)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn request(
    image: &str,
    flavour: Flavour,
    route: &Route,
    name: &str,
    password: Option<&str>,
) -> ContainerRequest<GenericImage> {
    let (repository, tag) = split_reference(image);
    let mut request = GenericImage::new(repository, tag)
        .with_exposed_port(PORT.tcp())
        // Readiness is ours: log lines differ between images, and Supabase's
        // send theirs to a file.
        .with_wait_for(WaitFor::Nothing)
        .with_container_name(name)
        .with_label(PID_LABEL, std::process::id().to_string());
    for (key, value) in flavour.env(password) {
        request = request.with_env_var(key, value);
    }
    if let Some(cmd) = flavour.cmd() {
        request = request.with_cmd(cmd);
    }
    let bindings = match route {
        Route::Network(network) => {
            request = request.with_network(network.clone());
            HashMap::new()
        }
        Route::Published { bind, .. } => HashMap::from([(
            format!("{PORT}/tcp"),
            Some(vec![PortBinding {
                host_ip: Some(bind.clone()),
                // Empty: the engine picks a free port.
                host_port: Some(String::new()),
            }]),
        )]),
    };
    // testcontainers would publish every exposed port on all interfaces.
    request.with_host_config_modifier(move |config: &mut HostConfig| {
        config.publish_all_ports = Some(false);
        config.port_bindings = Some(bindings.clone());
    })
}

/// `(repository, tag)` as testcontainers wants them; a digest travels as
/// `repository@sha256` and the hex, which it joins back with `:`.
fn split_reference(image: &str) -> (String, String) {
    match image.rsplit_once(':') {
        Some((repository, tag)) if !tag.contains('/') => (repository.to_string(), tag.to_string()),
        _ => (image.to_string(), "latest".to_string()),
    }
}

/// The repository part of an image reference, without tag or digest.
fn repository(image: &str) -> &str {
    let image = image.split_once('@').map_or(image, |(name, _)| name);
    match image.rsplit_once(':') {
        Some((repository, tag)) if !tag.contains('/') => repository,
        _ => image,
    }
}

/// The Docker endpoint, found as testcontainers finds it: `DOCKER_HOST`,
/// else the first socket that exists.
fn docker_host() -> String {
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

fn connect_engine(host: &str) -> Result<Engine, DockerError> {
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

async fn ping(engine: &Engine, host: &str) -> Result<(), DockerError> {
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
async fn network_name(engine: &Engine, network: &str) -> Result<String, DockerError> {
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
async fn own_network(engine: &Engine) -> Option<String> {
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
async fn bridge_gateway(engine: &Engine) -> Option<String> {
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

fn pick_network<'a>(names: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut usable: Vec<&str> = names.filter(|n| !matches!(*n, "host" | "none")).collect();
    usable.sort_by_key(|n| (*n == "bridge", *n));
    usable.first().map(|n| n.to_string())
}

/// The address and port to connect to.
async fn address(
    engine: &Engine,
    container: &ContainerAsync<GenericImage>,
    route: &Route,
    image: &str,
) -> Result<(String, u16), DockerError> {
    let missing = |message: String| DockerError::NoAddress {
        image: image.to_string(),
        message,
    };
    let info = engine
        .inspect_container(container.id(), None::<InspectContainerOptions>)
        .await
        .map_err(|e| missing(e.to_string()))?;
    let settings = info.network_settings.unwrap_or_default();
    match route {
        Route::Network(network) => {
            let ip = settings
                .networks
                .and_then(|mut networks| networks.remove(network))
                .and_then(|endpoint| endpoint.ip_address)
                .filter(|ip| !ip.is_empty())
                .ok_or_else(|| missing(format!("no address on network `{network}`")))?;
            Ok((ip, PORT))
        }
        Route::Published { host, .. } => {
            let port = settings
                .ports
                .and_then(|mut ports| ports.remove(&format!("{PORT}/tcp")))
                .flatten()
                .unwrap_or_default()
                .into_iter()
                .find_map(|binding| binding.host_port?.parse::<u16>().ok())
                .ok_or_else(|| missing(format!("port {PORT} was not published")))?;
            Ok((host.clone(), port))
        }
    }
}

/// Connects as the superuser once the server accepts TCP connections. The
/// images' entrypoints initialise the cluster behind a socket-only server
/// first, so refused and reset connections are only "not yet".
async fn wait_until_ready(
    engine: &Engine,
    container: &ContainerAsync<GenericImage>,
    options: &PgConnectOptions,
    timeout: Duration,
    image: &str,
) -> Result<PgConnection, DockerError> {
    let options = options
        .clone()
        .application_name("schemagate")
        .log_statements(tracing::log::LevelFilter::Trace);
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
async fn exit_status(engine: &Engine, id: &str) -> Option<String> {
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

async fn output_tail(container: &ContainerAsync<GenericImage>) -> String {
    let mut output = container.stdout_to_vec().await.unwrap_or_default();
    output.extend(container.stderr_to_vec().await.unwrap_or_default());
    let text = String::from_utf8_lossy(&output);
    redact_text(&super::process::tail(&text, 20))
}

/// 32 hex digits from the system's random source (passwords, names).
fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        // No /dev/urandom: the time and process id are unique, if guessable,
        // and the server is reachable from this host only.
        let mut hasher = Sha256::new();
        hasher.update(format!(
            "{:?}{}",
            std::time::SystemTime::now(),
            std::process::id()
        ));
        bytes.copy_from_slice(&hasher.finalize()[..16]);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How far the container's start got when the guard was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Nothing asked of the engine yet.
    Idle,
    /// The create request may be in flight.
    Starting,
    /// Start returned, one way or the other.
    Settled,
}

/// Removes the container when dropped, whatever happened before.
///
/// Removal is ours rather than testcontainers': its destructor blocks on the
/// caller's runtime (it panics with none), and it has no handle yet on a
/// container whose start is under way when a signal drops the future. This
/// guard exists before the container, knows it by name, and removes it from
/// a thread of its own with a fresh engine client, so removal works from any
/// context and never waits on the runtime being dropped.
struct ContainerGuard {
    name: String,
    host: String,
    phase: Phase,
    container: Option<ContainerAsync<GenericImage>>,
}

impl ContainerGuard {
    fn new(name: String, host: String) -> Self {
        ContainerGuard {
            name,
            host,
            phase: Phase::Idle,
            container: None,
        }
    }

    fn hold(&mut self, container: ContainerAsync<GenericImage>) -> &ContainerAsync<GenericImage> {
        self.container.insert(container)
    }
}

impl Drop for ContainerGuard {
    fn drop(&mut self) {
        if self.phase == Phase::Idle {
            return;
        }
        if let Some(container) = self.container.take() {
            // Its own destructor would remove the container a second time
            // and log an error when it finds it gone.
            std::mem::forget(container);
        }
        let name = self.name.clone();
        let host = self.host.clone();
        // A create request cut short may still land: look again briefly.
        let attempts = if self.phase == Phase::Starting { 8 } else { 1 };
        let worker = std::thread::Builder::new()
            .name("schemagate-docker-rm".to_string())
            .spawn(move || remove_blocking(&host, &name, attempts));
        match worker {
            Ok(handle) => {
                let _ = handle.join();
            }
            Err(e) => tracing::warn!(
                "cannot remove container {}: {e}; remove it with `docker rm -f {}`",
                self.name,
                self.name
            ),
        }
    }
}

fn remove_blocking(host: &str, name: &str, attempts: u32) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            tracing::warn!(
                "cannot remove container {name}: {e}; remove it with `docker rm -f {name}`"
            );
            return;
        }
    };
    let started = Instant::now();
    runtime.block_on(async {
        let engine = match connect_engine(host) {
            Ok(engine) => engine,
            Err(e) => {
                tracing::warn!("cannot remove container {name}: {e}");
                return;
            }
        };
        let options = RemoveContainerOptionsBuilder::new()
            .force(true)
            .v(true)
            .build();
        for attempt in 1..=attempts {
            let removal = engine.remove_container(name, Some(options.clone()));
            match tokio::time::timeout(Duration::from_secs(30), removal).await {
                Ok(Ok(())) => {
                    tracing::debug!(%name, elapsed = ?started.elapsed(), "container removed");
                    return;
                }
                Ok(Err(bollard::errors::Error::DockerResponseServerError {
                    status_code: 404,
                    ..
                })) if attempt < attempts => tokio::time::sleep(Duration::from_millis(250)).await,
                // Gone already, or never created; or being removed already.
                Ok(Err(bollard::errors::Error::DockerResponseServerError {
                    status_code: 404 | 409,
                    ..
                })) => return,
                Ok(Err(e)) => {
                    tracing::warn!(
                        "cannot remove container {name}: {e}; remove it with `docker rm -f {name}`"
                    );
                    return;
                }
                Err(_) => {
                    tracing::warn!(
                        "removing container {name} timed out; remove it with `docker rm -f {name}`"
                    );
                    return;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
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
        for image in [
            "supabase/postgres:15.8.1.085",
            "public.ecr.aws/supabase/postgres:17.6.1.132",
            "ghcr.io/supabase/postgres@sha256:0123abcd",
            "supabase/postgres",
        ] {
            assert_eq!(Flavour::of(image), Flavour::Supabase, "{image}");
        }
        for image in [
            "postgres:15",
            "schemagate-test/postgres:15",
            "localhost:5000/postgres",
            "supabase/postgres-meta:v0.80.0",
        ] {
            assert_eq!(Flavour::of(image), Flavour::Plain, "{image}");
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
