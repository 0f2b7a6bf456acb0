//! Where the tool finds the container's server: a published port or a
//! shared Docker network, and the address to connect to.

use std::net::IpAddr;

use testcontainers::bollard::query_parameters::InspectContainerOptions;
use testcontainers::bollard::Docker as Engine;
use testcontainers::{ContainerAsync, GenericImage};

use super::{DockerError, PORT};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Route {
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
pub(super) struct Placement {
    /// `--docker-network`, resolved to its name.
    pub(super) network: Option<String>,
    /// `SCHEMAGATE_DOCKER_HOST_OVERRIDE`.
    pub(super) host_override: Option<String>,
    /// The engine listens on a unix socket, so shares this machine.
    pub(super) local_engine: bool,
    /// This process runs in a container (`/.dockerenv`).
    pub(super) in_container: bool,
    /// The network of this process's own container, when the engine knows it.
    pub(super) own_network: Option<String>,
    /// The host testcontainers would connect to: the `DOCKER_HOST`'s, the
    /// `bridge` network's gateway inside a container, else `localhost`.
    pub(super) default_host: String,
}

/// The route, by precedence: an explicit network; a host override; inside a
/// container the engine knows, that container's network; else the published
/// port where testcontainers looks for it, bound to that address only when
/// it is one of the engine's own (loopback, the bridge's gateway), and to
/// every interface only for a remote engine or an override that needs it.
pub(super) fn choose_route(placement: Placement) -> Route {
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

pub(super) fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The address and port to connect to.
pub(super) async fn address(
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
