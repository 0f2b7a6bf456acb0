//! Which conventions an image follows (the official `postgres` image's or
//! `supabase/postgres`'s), and the container request built from them.

use sha2::{Digest, Sha256};

use crate::postgres::SUPERUSER;

use super::{Route, PID_LABEL, PLAIN_READY_TIMEOUT, PORT, SUPABASE_READY_TIMEOUT};

/// Which conventions an image follows.
use std::collections::HashMap;
use std::io::Read;
use std::time::Duration;
use testcontainers::bollard::models::{HostConfig, PortBinding};
use testcontainers::core::{IntoContainerPort, WaitFor};
use testcontainers::{ContainerRequest, GenericImage, ImageExt};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavour {
    /// The official `postgres` image and its look-alikes.
    Plain,
    /// `supabase/postgres`: bootstrap superuser `supabase_admin`, its own
    /// init scripts, `postgres` demoted to a non-superuser, passwords set
    /// from `POSTGRES_PASSWORD` and required over TCP.
    Supabase,
}

impl Flavour {
    pub(super) fn of(image: &str) -> Flavour {
        let repository = repository(image);
        if repository == "supabase/postgres" || repository.ends_with("/supabase/postgres") {
            Flavour::Supabase
        } else {
            Flavour::Plain
        }
    }

    pub(super) fn env(self, password: Option<&str>) -> Vec<(&'static str, String)> {
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
    pub(super) fn cmd(self) -> Option<Vec<&'static str>> {
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

    pub(super) fn ready_timeout(self) -> Duration {
        match self {
            Flavour::Plain => PLAIN_READY_TIMEOUT,
            Flavour::Supabase => SUPABASE_READY_TIMEOUT,
        }
    }
}

pub(super) fn request(
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
pub(super) fn split_reference(image: &str) -> (String, String) {
    match image.rsplit_once(':') {
        Some((repository, tag)) if !tag.contains('/') => (repository.to_string(), tag.to_string()),
        _ => (image.to_string(), "latest".to_string()),
    }
}

/// The repository part of an image reference, without tag or digest.
pub(super) fn repository(image: &str) -> &str {
    let image = image.split_once('@').map_or(image, |(name, _)| name);
    match image.rsplit_once(':') {
        Some((repository, tag)) if !tag.contains('/') => repository,
        _ => image,
    }
}

/// 32 hex digits from the system's random source (passwords, names).
pub(super) fn random_hex() -> String {
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
