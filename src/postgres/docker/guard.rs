//! The removal guard: a container is removed when its server is dropped,
//! whatever step failed, with retries when the engine is slow.

use std::time::{Duration, Instant};

use testcontainers::bollard;
use testcontainers::bollard::query_parameters::RemoveContainerOptionsBuilder;
use testcontainers::{ContainerAsync, GenericImage};

use super::connect_engine;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
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
pub(super) struct ContainerGuard {
    pub(super) name: String,
    pub(super) host: String,
    pub(super) phase: Phase,
    pub(super) container: Option<ContainerAsync<GenericImage>>,
}

impl ContainerGuard {
    pub(super) fn new(name: String, host: String) -> Self {
        ContainerGuard {
            name,
            host,
            phase: Phase::Idle,
            container: None,
        }
    }

    pub(super) fn hold(
        &mut self,
        container: ContainerAsync<GenericImage>,
    ) -> &ContainerAsync<GenericImage> {
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

pub(super) fn remove_blocking(host: &str, name: &str, attempts: u32) {
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
