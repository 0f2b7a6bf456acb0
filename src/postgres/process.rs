//! Server processes: who they run as, what they can see, and how they are
//! always stopped.
//!
//! Migrations from a pull request are untrusted code, and PostgreSQL lets a
//! privileged role run programs and read files as the server's OS user. So
//! the server runs with a cleared environment (no runner token reaches it),
//! in its own temporary directory, and, when the tool runs as root, as an
//! unprivileged user. It is stopped on drop; a tiny guardian shell holding a
//! pipe to the tool stops it and removes its directory even when the tool is
//! killed with SIGKILL (a parent-death signal would fire on the spawning
//! thread's exit and is cleared by the uid change, so it is not used).

use std::ffi::CString;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use super::BackendError;

/// The OS user a server runs as when the tool is root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerUser {
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
}

impl ServerUser {
    /// `None` when the tool is not root (the server runs as the tool's user);
    /// otherwise `SCHEMAGATE_SERVER_USER`, else `schemagate`, else `nobody`.
    pub fn for_this_process() -> Result<Option<ServerUser>, BackendError> {
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            return Ok(None);
        }
        let names = match std::env::var("SCHEMAGATE_SERVER_USER") {
            Ok(name) => vec![name],
            Err(_) => vec!["schemagate".to_string(), "nobody".to_string()],
        };
        names
            .iter()
            .find_map(|name| lookup_user(name))
            .map(Some)
            .ok_or_else(|| BackendError::Process {
                program: "initdb".to_string(),
                message: format!(
                    "running as root, and none of the unprivileged users {names:?} exists to run the server as (set SCHEMAGATE_SERVER_USER)"
                ),
            })
    }

    /// Gives `path` to this user.
    pub fn chown(&self, path: &Path) -> std::io::Result<()> {
        std::os::unix::fs::chown(path, Some(self.uid), Some(self.gid))
    }

    /// Gives `dir` and everything below it to this user.
    pub fn chown_tree(&self, dir: &Path) -> std::io::Result<()> {
        self.chown(dir)?;
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                self.chown_tree(&entry.path())?;
            } else {
                self.chown(&entry.path())?;
            }
        }
        Ok(())
    }
}

fn lookup_user(name: &str) -> Option<ServerUser> {
    let name = CString::new(name).ok()?;
    // SAFETY: getpwnam takes a valid C string and returns null or a pointer
    // to static storage, which we read at once, before any other call.
    let entry = unsafe { libc::getpwnam(name.as_ptr()) };
    if entry.is_null() {
        return None;
    }
    // SAFETY: entry is non-null and points to a valid passwd record.
    let (uid, gid) = unsafe { ((*entry).pw_uid, (*entry).pw_gid) };
    (uid != 0).then_some(ServerUser { uid, gid })
}

/// A command for a server program: cleared environment, own process group
/// (so a terminal's Ctrl-C reaches only the tool, which stops it in order),
/// and the unprivileged user when there is one.
pub fn server_command(program: &Path, user: Option<ServerUser>) -> Command {
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("LC_ALL", "C.UTF-8")
        .env("TZ", "UTC")
        .current_dir("/")
        .stdin(Stdio::null())
        .process_group(0);
    if let Some(user) = user {
        // std drops supplementary groups when a root parent sets a uid.
        command.uid(user.uid).gid(user.gid);
    }
    command
}

/// Runs a short-lived program (initdb) to completion, with its output kept
/// for the error message.
pub fn run_to_completion(mut command: Command, name: &str) -> Result<(), BackendError> {
    let output = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(BackendError::io(format!("cannot run {name}")))?;
    if output.status.success() {
        return Ok(());
    }
    let mut message = String::from_utf8_lossy(&output.stderr).trim().to_string();
    if message.is_empty() {
        message = String::from_utf8_lossy(&output.stdout).trim().to_string();
    }
    Err(BackendError::Process {
        program: name.to_string(),
        message: format!("{} ({})", tail(&message, 20), output.status),
    })
}

/// The last `lines` lines of `text`.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

const GUARDIAN_SCRIPT: &str = r#"trap '' INT TERM HUP
cat >/dev/null
kill -INT "$1" 2>/dev/null
i=0
while kill -0 "$1" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done
kill -KILL "$1" 2>/dev/null
kill -KILL -- "-$1" 2>/dev/null
rm -rf "$2"
"#;

/// A running server process and its directory; dropping it stops the
/// server (fast shutdown, then SIGKILL) and removes the directory.
pub struct ServerProcess {
    child: Child,
    guardian: Option<(Child, ChildStdin)>,
    dir: PathBuf,
}

impl ServerProcess {
    /// Takes charge of `child`, whose files live in `dir`, and starts its
    /// guardian.
    pub fn new(child: Child, dir: PathBuf) -> Result<ServerProcess, BackendError> {
        adopt_orphans();
        let mut process = ServerProcess {
            child,
            guardian: None,
            dir,
        };
        let mut guardian = Command::new("/bin/sh")
            .arg("-c")
            .arg(GUARDIAN_SCRIPT)
            .arg("schemagate-guardian")
            .arg(process.child.id().to_string())
            .arg(&process.dir)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(BackendError::io(
                "cannot start the server's guardian (/bin/sh)",
            ))?;
        let stdin = guardian.stdin.take().ok_or_else(|| BackendError::Process {
            program: "guardian".to_string(),
            message: "no pipe to the guardian".to_string(),
        })?;
        process.guardian = Some((guardian, stdin));
        Ok(process)
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `Some(status)` when the server has already exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    fn stop(&mut self) {
        if self.exited().is_none() {
            signal(self.child.id(), libc::SIGINT);
            if !wait_for(&mut self.child, Duration::from_secs(10)) {
                signal(self.child.id(), libc::SIGKILL);
                let _ = self.child.wait();
            }
        }
        // Anything the server started and left behind (a program run by
        // COPY ... TO PROGRAM, where a superuser could): PostgreSQL's own
        // shutdown signals the process groups of backends still running;
        // what a finished backend left behind was adopted by us (see
        // `adopt_orphans`). No process started by SQL outlives the run.
        kill_group(self.child.id());
        end_adopted_orphans();
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((mut guardian, stdin)) = self.guardian.take() {
            drop(stdin);
            if !wait_for(&mut guardian, Duration::from_secs(5)) {
                let _ = guardian.kill();
                let _ = guardian.wait();
            }
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

fn signal(pid: u32, signal: libc::c_int) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: sending a signal to a child we own; failure is harmless.
        unsafe {
            libc::kill(pid, signal);
        }
    }
}

/// Makes this process the reaper of its orphaned descendants (Linux), so a
/// program a server backend started and left running becomes our child
/// instead of init's, and can be ended with the server.
fn adopt_orphans() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: prctl with PR_SET_CHILD_SUBREAPER takes one integer
        // argument; failure (an old kernel) only loses this wall.
        let status = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
        if status != 0 {
            tracing::debug!("cannot become a child subreaper");
        }
    });
}

/// Kills and reaps the adopted orphans: our children in another session
/// than ours. Only a server backend (which PostgreSQL makes a session
/// leader) leaves such children: what we start ourselves stays in our
/// session.
fn end_adopted_orphans() {
    // SAFETY: getpid and getsid(0) have no preconditions.
    let (me, my_session) = unsafe { (libc::getpid(), libc::getsid(0)) };
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some((parent, session)) = parent_and_session(&stat) else {
            continue;
        };
        if parent == me && session != my_session {
            // SAFETY: an orphan adopted by this process: killing and
            // reaping our own child.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::waitpid(pid, std::ptr::null_mut(), 0);
            }
        }
    }
}

/// `ppid` and `session` from `/proc/<pid>/stat` (`pid (comm) state ppid
/// pgrp session ...`; `comm` may hold spaces and parentheses).
fn parent_and_session(stat: &str) -> Option<(libc::pid_t, libc::pid_t)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let _state = fields.next()?;
    let parent = fields.next()?.parse().ok()?;
    let _group = fields.next()?;
    let session = fields.next()?.parse().ok()?;
    Some((parent, session))
}

fn kill_group(leader: u32) {
    if let Ok(pgid) = libc::pid_t::try_from(leader) {
        // SAFETY: signalling the process group our server led; the kernel
        // keeps that id reserved while any member lives. Failure (no such
        // group) is harmless.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}

fn wait_for(child: &mut Child, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}
