//! Reading the files a pull request supplies (migrations, seeds,
//! `roles.sql`, configuration) without letting it choose what else we read.
//!
//! A pull request controls the repository's tree, and git stores symbolic
//! links: a migration that is a link to `/proc/self/environ`, or to
//! `.git/config` (where `actions/checkout` keeps the job's token), would put
//! secrets into the report. So no file is read through a symbolic link,
//! wherever the link points (inside the repository is no safer, given
//! `.git/config`), no directory between the repository root and the file may
//! be one, only regular files are read (no FIFOs, devices, sockets or
//! `/proc` and `/sys` entries), and a path must stay inside the repository.
//! Whoever runs the tool chooses the root; everything below it is the pull
//! request's.

use std::fs::{File, Metadata};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Component, Path, PathBuf};

/// Why a file the project names was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// The file, or a directory on its way, is a symbolic link.
    Symlink {
        /// The link, relative to the root.
        link: String,
    },
    /// Not a regular file.
    NotRegular {
        /// What it is instead.
        kind: &'static str,
    },
    /// A symbolic link that leads back to itself.
    SymlinkLoop {
        /// The link, relative to the root.
        link: String,
    },
    /// The path leads out of the repository.
    OutsideRepository,
    /// A kernel interface (`/proc`, `/sys`), whose "files" hold the
    /// runner's environment and memory.
    KernelFilesystem,
}

impl std::fmt::Display for NotRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotRead::Symlink { link } => write!(
                f,
                "{link} is a symbolic link, and schemagate reads no file through one (a link can reach the runner's secrets)"
            ),
            NotRead::SymlinkLoop { link } => write!(
                f,
                "{link} is a symbolic link that leads back to itself (a loop), which no tool can read"
            ),
            NotRead::NotRegular { kind } => {
                write!(f, "it is a {kind}, not a regular file")
            }
            NotRead::OutsideRepository => write!(f, "its path leads out of the repository"),
            NotRead::KernelFilesystem => {
                write!(f, "it is a kernel interface (/proc or /sys), not a file")
            }
        }
    }
}

/// A read that failed: refused by policy, or by the operating system.
#[derive(Debug)]
pub enum ReadError {
    /// Refused: see [`NotRead`].
    NotRead(NotRead),
    /// The operating system's error (missing, permission denied, …).
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRead(reason) => write!(f, "not read: {reason}"),
            ReadError::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

impl From<NotRead> for ReadError {
    fn from(reason: NotRead) -> Self {
        ReadError::NotRead(reason)
    }
}

/// Reads `path`, which must lie under `root`, as described in the module
/// documentation. `root` itself is trusted (the caller chose it).
pub fn read(root: &Path, path: &Path) -> Result<Vec<u8>, ReadError> {
    let path = check(root, path)?;
    let metadata = std::fs::symlink_metadata(&path)?;
    if let Some(kind) = irregular_kind(&metadata) {
        return Err(NotRead::NotRegular { kind }.into());
    }
    let mut file = open_regular(&path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Like [`read`], for text: `Ok(None)` when the file does not exist.
pub fn read_text_if_exists(root: &Path, path: &Path) -> Result<Option<String>, ReadError> {
    match read(root, path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|e| {
            ReadError::Io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not valid UTF-8: {}", e.utf8_error()),
            ))
        }),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Checks that `path` stays under `root` and that neither it nor any
/// directory on the way is a symbolic link; returns the normalised path.
/// Nothing is opened, so it serves for directories too.
pub fn check(root: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    let path = normalize(path);
    let root = normalize(root);
    let below = path
        .strip_prefix(&root)
        .map_err(|_| NotRead::OutsideRepository)?;
    let mut current = root.clone();
    for component in below.components() {
        current.push(component);
        let metadata = std::fs::symlink_metadata(&current)?;
        if metadata.file_type().is_symlink() {
            let link = current
                .strip_prefix(&root)
                .unwrap_or(&current)
                .to_string_lossy()
                .into_owned();
            let looped =
                std::fs::metadata(&current).is_err_and(|e| e.raw_os_error() == Some(libc::ELOOP));
            return Err(if looped {
                NotRead::SymlinkLoop { link }
            } else {
                NotRead::Symlink { link }
            }
            .into());
        }
    }
    Ok(path)
}

/// Opens without following a last-moment link and without blocking on a
/// FIFO, then checks what was actually opened.
fn open_regular(path: &Path) -> Result<File, ReadError> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                ReadError::NotRead(NotRead::Symlink {
                    link: path.to_string_lossy().into_owned(),
                })
            } else {
                ReadError::Io(e)
            }
        })?;
    let metadata = file.metadata()?;
    if let Some(kind) = irregular_kind(&metadata) {
        return Err(NotRead::NotRegular { kind }.into());
    }
    if on_kernel_filesystem(&file) {
        return Err(NotRead::KernelFilesystem.into());
    }
    Ok(file)
}

/// What a non-regular file is, for the message; `None` for a regular file.
pub fn irregular_kind(metadata: &Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("directory")
    } else if kind.is_symlink() {
        Some("symbolic link")
    } else if kind.is_fifo() {
        Some("FIFO (named pipe)")
    } else if kind.is_socket() {
        Some("socket")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("device")
    } else {
        Some("special file")
    }
}

fn on_kernel_filesystem(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    const PROC_SUPER_MAGIC: i64 = 0x9fa0;
    const SYSFS_MAGIC: i64 = 0x6265_6572;
    let mut stats = std::mem::MaybeUninit::<libc::statfs>::uninit();
    // SAFETY: the descriptor is open for the call's duration and `stats`
    // is a correctly sized buffer the kernel fills.
    let filled = unsafe { libc::fstatfs(file.as_raw_fd(), stats.as_mut_ptr()) } == 0;
    if !filled {
        return false;
    }
    // SAFETY: fstatfs returned 0, so it initialised the buffer.
    // `f_type`'s integer type differs between platforms.
    #[allow(clippy::unnecessary_cast)]
    let kind = unsafe { stats.assume_init() }.f_type as i64;
    kind == PROC_SUPER_MAGIC || kind == SYSFS_MAGIC
}

/// The root that bounds a directory the user chose: the repository when
/// the directory is inside it, else the directory itself.
pub fn root_for(repo_root: &Path, dir: &Path) -> PathBuf {
    let dir = normalize(dir);
    if dir.starts_with(normalize(repo_root)) {
        repo_root.to_path_buf()
    } else {
        dir
    }
}

/// `.` dropped and `..` applied to the text of the path. Sound here because
/// no component below the root may be a link, so the text is the path.
fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push(component);
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// A repository whose `migrations` is a link to a directory outside it
/// holding `1_a.sql`: the repository and that directory, to keep alive.
#[cfg(test)]
pub(crate) fn repo_with_linked_migrations() -> (tempfile::TempDir, tempfile::TempDir) {
    let repo = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("1_a.sql"), "select 1;").unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("migrations")).unwrap();
    (repo, outside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// Why `read` refuses `path` in the repository `dir`.
    fn refusal(dir: &Path, path: &str) -> NotRead {
        match read(dir, &dir.join(path)) {
            Err(ReadError::NotRead(reason)) => reason,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn link(name: &str) -> NotRead {
        NotRead::Symlink {
            link: name.to_string(),
        }
    }

    #[test]
    fn regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.sql"), "select 1;").unwrap();
        let bytes = read(dir.path(), &dir.path().join("sub/./a.sql")).unwrap();
        assert_eq!(bytes, b"select 1;");
    }

    #[test]
    fn a_link_to_proc_is_refused_naming_the_link() {
        let dir = tempfile::tempdir().unwrap();
        symlink("/proc/self/environ", dir.path().join("1_a.sql")).unwrap();
        assert_eq!(refusal(dir.path(), "1_a.sql"), link("1_a.sql"));
    }

    #[test]
    fn a_link_inside_the_repository_is_refused_too() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config"), "token").unwrap();
        symlink("config", dir.path().join("1_a.sql")).unwrap();
        assert_eq!(refusal(dir.path(), "1_a.sql"), link("1_a.sql"));
    }

    #[test]
    fn a_link_loop_is_named_as_one() {
        let dir = tempfile::tempdir().unwrap();
        symlink("1_a.sql", dir.path().join("1_a.sql")).unwrap();
        assert_eq!(
            refusal(dir.path(), "1_a.sql"),
            NotRead::SymlinkLoop {
                link: "1_a.sql".to_string()
            }
        );
    }

    #[test]
    fn a_linked_directory_on_the_way_is_refused() {
        let (repo, _outside) = repo_with_linked_migrations();
        assert_eq!(
            refusal(repo.path(), "migrations/1_a.sql"),
            link("migrations")
        );
    }

    #[test]
    fn fifos_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("1_a.sql");
        let name = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert_eq!(
            refusal(dir.path(), "1_a.sql"),
            NotRead::NotRegular {
                kind: "FIFO (named pipe)"
            }
        );
    }

    #[test]
    fn paths_out_of_the_repository_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let escape = "supabase/../../../../../../proc/self/environ";
        assert_eq!(refusal(dir.path(), escape), NotRead::OutsideRepository);
    }

    #[test]
    fn proc_is_refused_even_when_it_is_the_root() {
        assert_eq!(
            refusal(Path::new("/proc"), "version"),
            NotRead::KernelFilesystem
        );
    }

    #[test]
    fn missing_files_are_io_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(dir.path(), &dir.path().join("nope.sql")),
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
        assert_eq!(
            read_text_if_exists(dir.path(), &dir.path().join("nope.toml")).unwrap(),
            None
        );
    }
}
