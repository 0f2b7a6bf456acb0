//! The `embedded` backend: `initdb` and `postgres` from local binaries, in a
//! temporary directory, listening only on a unix socket there.
//!
//! `initdb` is most of a cold start, so its result is cached once per
//! server version as a template data directory and copied for each run.
//! With the Supabase shim, the template holds the installed shim too
//! (cached per server version and shim version): a warm start copies it
//! and the run installs nothing.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use sqlx::postgres::PgConnectOptions;
use sqlx::Connection;

use super::binaries::Binaries;
use super::process::{run_to_completion, server_command, tail, ServerProcess, ServerUser};
use super::space::{self, SpaceWatch};
use super::{
    connect, server_version, Backend, BackendError, BackendFuture, BackendKind, MigratorLogin,
    Server, MIGRATION_ROLE, SUPERUSER,
};

/// Libraries the server preloads when it has them, as Supabase does
/// (`shared_preload_libraries` in supabase/postgres's postgresql.conf).
const PRELOAD_LIBRARIES: &[&str] = &["pg_cron", "pgaudit"];
const INITDB_ARGS: &[&str] = &[
    "-U",
    SUPERUSER,
    "-A",
    "trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
];
const PORT: &str = "5432";
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// Starts servers from local binaries.
#[derive(Debug, Clone)]
pub struct Embedded {
    binaries: Binaries,
    shim: bool,
    guard: bool,
}

impl Embedded {
    /// A backend for these binaries; its template holds no shim.
    pub fn new(binaries: Binaries) -> Self {
        Embedded {
            binaries,
            shim: false,
            guard: true,
        }
    }

    /// The same backend without the server guard: only for tests that show
    /// what the guard stops (no command line flag reaches this).
    pub fn without_guard(mut self) -> Self {
        self.guard = false;
        self
    }

    /// Whether the cached template holds the installed Supabase shim
    /// (`postgres` database), so runs that want it start with it.
    pub fn with_shim(mut self, shim: bool) -> Self {
        self.shim = shim;
        self
    }

    fn template_path(&self) -> Option<PathBuf> {
        cache_dir().map(|dir| dir.join(format!("template-{}", self.template_key())))
    }

    fn start_blocking(
        &self,
    ) -> Result<(ServerProcess, PgConnectOptions, SpaceWatch), BackendError> {
        let cap = space::cap_from_env().map_err(|message| BackendError::Process {
            program: "schemagate".to_string(),
            message,
        })?;
        let user = ServerUser::for_this_process()?;
        let run_dir = make_run_dir(user, cap)?;
        let data = run_dir.join("data");
        self.prepare_data_dir(&data, user)?;
        let (process, options) = self.spawn(&data, &run_dir, user, cap)?;
        Ok((process, options, SpaceWatch::start(data, cap)))
    }

    /// Starts `postgres` on `data`, with its socket and log in `run_dir`
    /// (removed when the returned process stops).
    fn spawn(
        &self,
        data: &Path,
        run_dir: &Path,
        user: Option<ServerUser>,
        cap: u64,
    ) -> Result<(ServerProcess, PgConnectOptions), BackendError> {
        let guard = if self.guard {
            super::guard::install(run_dir, self.binaries.major)
                .map_err(BackendError::io("cannot write the server guard"))?
        } else {
            None
        };
        let log_path = run_dir.join("server.log");
        let log = std::fs::File::create(&log_path)
            .map_err(BackendError::io("cannot create the server log"))?;
        let log_err = log
            .try_clone()
            .map_err(BackendError::io("cannot create the server log"))?;
        let mut command = server_command(&self.binaries.program("postgres"), user);
        command
            .arg("-D")
            .arg(data)
            .arg("-k")
            .arg(run_dir)
            .args(self.server_settings(guard.as_deref(), cap))
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err));
        let child = command.spawn().map_err(BackendError::io(format!(
            "cannot start {}",
            self.binaries.program("postgres").display()
        )))?;
        let process = ServerProcess::new(child, run_dir.to_path_buf())?;
        let options = PgConnectOptions::new()
            .socket(run_dir)
            .port(PORT.parse().unwrap_or(5432))
            .username(SUPERUSER)
            .database("postgres");
        Ok((process, options))
    }

    /// The server's settings; `guard` is the path of the server guard
    /// library, preloaded when there is one for this major; `cap` bounds
    /// the data directory.
    fn server_settings(&self, guard: Option<&Path>, cap: u64) -> Vec<String> {
        let mut settings = vec![
            format!("port={PORT}"),
            // No TCP at all: only the socket in our private directory.
            "listen_addresses=".to_string(),
            "unix_socket_permissions=0700".to_string(),
            // Durability buys nothing for a throwaway server.
            "fsync=off".to_string(),
            "synchronous_commit=off".to_string(),
            "full_page_writes=off".to_string(),
            "timezone=UTC".to_string(),
            "log_timezone=UTC".to_string(),
            "max_connections=100".to_string(),
            // The data directory is capped (see `space`): temporary files by
            // the server itself, WAL kept small so it does not count twice.
            format!("temp_file_limit={}kB", cap / 1024),
            "max_wal_size=64MB".to_string(),
            "min_wal_size=32MB".to_string(),
        ];
        // Supabase preloads these; both refuse CREATE EXTENSION otherwise.
        let mut preload: Vec<String> = PRELOAD_LIBRARIES
            .iter()
            .filter(|library| self.binaries.has_library(library))
            .map(|library| library.to_string())
            .collect();
        if preload.iter().any(|library| library == "pg_cron") {
            settings.push("cron.database_name=postgres".to_string());
        }
        if let Some(guard) = guard {
            preload.push(guard.display().to_string());
            settings.extend(super::guard::settings());
        }
        if !preload.is_empty() {
            settings.push(format!("shared_preload_libraries={}", preload.join(",")));
        }
        settings
            .into_iter()
            .flat_map(|s| ["-c".to_string(), s])
            .collect()
    }

    /// Fills `data` with a fresh cluster: a copy of the cached template when
    /// there is one, else a new `initdb` (which then becomes the template).
    fn prepare_data_dir(&self, data: &Path, user: Option<ServerUser>) -> Result<(), BackendError> {
        let template = self.template_path();
        if let Some(template) = template.as_ref().filter(|t| t.join("PG_VERSION").is_file()) {
            if copy_tree(template, data).is_ok() {
                return give_to(user, data);
            }
            let _ = std::fs::remove_dir_all(data);
        }
        self.initdb(data, user)?;
        // A shim template is only ever saved with the shim in it
        // (build_shim_template); without one, this run installs the shim.
        if let Some(template) = template.filter(|_| !self.shim) {
            save_template(data, &template);
        }
        Ok(())
    }

    /// Builds the shim template once: a fresh cluster, started on the side,
    /// given the base roles and the whole Supabase shim in its `postgres`
    /// database, shut down cleanly and saved. A failure leaves no template:
    /// the run then installs the shim itself, as before.
    async fn build_shim_template(&self, template: &Path) -> Result<(), BackendError> {
        let user = ServerUser::for_this_process()?;
        let build_dir = make_run_dir(user, space::DEFAULT_CAP)?;
        let data = build_dir.join("data");
        let result = async {
            self.initdb(&data, user)?;
            let socket_dir = make_run_dir(user, space::DEFAULT_CAP)?;
            let (mut process, options) =
                self.spawn(&data, &socket_dir, user, space::DEFAULT_CAP)?;
            let mut conn = wait_until_ready(&mut process, &options).await?;
            let installed = async {
                crate::shim::install_base(&mut conn).await?;
                crate::shim::install_supabase(&mut conn).await
            }
            .await;
            let _ = conn.close().await;
            // A clean (fast) shutdown: the copy must be a consistent cluster.
            drop(process);
            installed.map_err(|e| BackendError::Server {
                server: "embedded template".to_string(),
                message: e.to_string(),
            })?;
            save_template(&data, template);
            Ok(())
        }
        .await;
        let _ = std::fs::remove_dir_all(&build_dir);
        result
    }

    fn initdb(&self, data: &Path, user: Option<ServerUser>) -> Result<(), BackendError> {
        let mut command = server_command(&self.binaries.program("initdb"), user);
        command.arg("-D").arg(data).args(INITDB_ARGS);
        run_to_completion(command, "initdb")
    }

    fn template_key(&self) -> String {
        let bindir = self.binaries.bindir.to_string_lossy();
        let initdb_args = INITDB_ARGS.join(" ");
        let mut parts = vec![
            bindir.as_bytes(),
            self.binaries.version.as_bytes(),
            initdb_args.as_bytes(),
        ];
        if self.shim {
            parts.extend([b"shim ".as_slice(), crate::shim::version().as_bytes()]);
        }
        crate::fingerprint::fingerprint(parts)
    }
}

impl Backend for Embedded {
    fn start(&self) -> BackendFuture<'_, Server> {
        Box::pin(async move {
            let started = Instant::now();
            if self.shim {
                if let Some(template) = self
                    .template_path()
                    .filter(|t| !t.join("PG_VERSION").is_file())
                {
                    // On a blocking thread of its own: sqlx's connection
                    // futures are not Send-general enough for this boxed one.
                    let this = self.clone();
                    let handle = tokio::runtime::Handle::current();
                    let built = tokio::task::spawn_blocking(move || {
                        handle.block_on(this.build_shim_template(&template))
                    })
                    .await;
                    match built {
                        Ok(Ok(())) => {}
                        Ok(Err(error)) => tracing::warn!(
                            "could not cache the Supabase shim in the template: {error}"
                        ),
                        Err(error) => tracing::warn!(
                            "could not cache the Supabase shim in the template: {error}"
                        ),
                    }
                }
            }
            let this = self.clone();
            let (mut process, options, watch) =
                tokio::task::spawn_blocking(move || this.start_blocking())
                    .await
                    .map_err(|e| BackendError::Process {
                        program: "postgres".to_string(),
                        message: e.to_string(),
                    })??;
            let mut conn = wait_until_ready(&mut process, &options).await?;
            let (version, major) =
                server_version(&mut conn)
                    .await
                    .map_err(|e| BackendError::Server {
                        server: "embedded server".to_string(),
                        message: e.to_string(),
                    })?;
            let _ = conn.close().await;
            tracing::debug!(pid = process.pid(), %version, "embedded server ready");
            Ok(Server {
                backend: BackendKind::Embedded,
                version,
                major,
                startup: started.elapsed(),
                admin: options,
                migrator: MigratorLogin::Direct {
                    role: MIGRATION_ROLE.to_string(),
                },
                owned: true,
                space: Some(watch),
                _guard: Box::new(process),
            })
        })
    }
}

async fn wait_until_ready(
    process: &mut ServerProcess,
    options: &PgConnectOptions,
) -> Result<sqlx::PgConnection, BackendError> {
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        if let Some(status) = process.exited() {
            return Err(BackendError::Process {
                program: "postgres".to_string(),
                message: format!("exited during start-up ({status}): {}", server_log(options)),
            });
        }
        match connect(options).await {
            Ok(conn) => return Ok(conn),
            Err(e) if Instant::now() > deadline => return Err(e),
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

fn server_log(options: &PgConnectOptions) -> String {
    options
        .get_socket()
        .and_then(|dir| std::fs::read_to_string(dir.join("server.log")).ok())
        .map(|log| tail(&log, 20))
        .unwrap_or_default()
}

/// A private directory for the server's data and socket.
fn make_run_dir(user: Option<ServerUser>, cap: u64) -> Result<PathBuf, BackendError> {
    let base = run_dir_base(cap);
    let dir = tempfile::Builder::new()
        .prefix("sg-")
        .tempdir_in(&base)
        .map_err(BackendError::io(format!(
            "cannot create a directory in {}",
            base.display()
        )))?
        .keep();
    give_to(user, &dir)?;
    Ok(dir)
}

fn give_to(user: Option<ServerUser>, dir: &Path) -> Result<(), BackendError> {
    match user {
        Some(user) => user.chown_tree(dir).map_err(BackendError::io(format!(
            "cannot give {} to the server user",
            dir.display()
        ))),
        None => Ok(()),
    }
}

/// Where run directories go: `TMPDIR` when set (the user's choice), else
/// `/dev/shm` when it has room for the whole capped data directory plus a
/// margin (copying the template is ~1,000 file creations, several times
/// cheaper on tmpfs than on disk), else `/tmp`, on disk.
/// Unix socket paths are limited to 107 bytes, so a long base is passed
/// over for `/tmp`.
fn run_dir_base(cap: u64) -> PathBuf {
    const MARGIN: u64 = 512 * 1024 * 1024;
    let room = cap.saturating_add(MARGIN);
    let base = match std::env::var_os("TMPDIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ if free_bytes(Path::new("/dev/shm")).is_some_and(|free| free >= room) => {
            PathBuf::from("/dev/shm")
        }
        _ => PathBuf::from("/tmp"),
    };
    if base.as_os_str().len() > 60 {
        PathBuf::from("/tmp")
    } else {
        base
    }
}

/// Free bytes on the file system holding `dir`, if it can be asked.
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: path is a valid C string and stats a writable statvfs buffer.
    let status = unsafe { libc::statvfs(path.as_ptr(), stats.as_mut_ptr()) };
    if status != 0 {
        return None;
    }
    // SAFETY: statvfs succeeded, so it filled the buffer.
    let stats = unsafe { stats.assume_init() };
    // The field types differ by platform (u64 on 64-bit Linux, u32 elsewhere).
    #[allow(clippy::useless_conversion)]
    Some(u64::from(stats.f_bavail).saturating_mul(u64::from(stats.f_frsize)))
}

/// `SCHEMAGATE_CACHE_DIR`, else `$XDG_CACHE_HOME/schemagate`, else
/// `~/.cache/schemagate`; `None` when none can be created.
fn cache_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SCHEMAGATE_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("schemagate")))
        .or_else(|| std::env::var_os("HOME").map(|d| PathBuf::from(d).join(".cache/schemagate")))?;
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// Copies a fresh data directory into the cache, atomically: a concurrent
/// run either sees the whole template or none.
fn save_template(data: &Path, template: &Path) {
    let Some(parent) = template.parent() else {
        return;
    };
    let Ok(staging) = tempfile::Builder::new()
        .prefix(".staging-")
        .tempdir_in(parent)
    else {
        return;
    };
    let staged = staging.path().join("data");
    if copy_tree(data, &staged).is_ok() && std::fs::rename(&staged, template).is_err() {
        tracing::debug!("another run saved the template first");
    }
}

/// Copies a directory tree, keeping permissions (PostgreSQL insists on 0700).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir(to)?;
    std::fs::set_permissions(to, std::fs::metadata(from)?.permissions())?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
