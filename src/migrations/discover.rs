//! Finds migration files and orders them as the Supabase CLI does.
//!
//! Problems with individual files are findings, not errors: a bad name or a
//! non-UTF-8 file is something to report on the pull request, not a reason
//! to stop.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use super::lexer::strip_comments;
use super::lines::LineIndex;
use super::split::{split, Statement};
use crate::project_file::{self, NotRead, ReadError};
use crate::report::{Finding, RuleId, Severity};

/// The Supabase CLI's file-name rule.
static MIGRATION_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]+)_(.*)\.sql$").expect("valid regex"));

/// Versions older than this in a first `<v>_init.sql` file are skipped by the CLI.
const LEGACY_INIT_CUTOFF: &str = "20211209000000";

/// A file's text, or where it stops being UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Valid UTF-8 text.
    Text(String),
    /// Not UTF-8: the position of the first invalid byte.
    InvalidUtf8 {
        /// 1-based line.
        line: u32,
        /// 1-based column (characters before it, plus one).
        column: u32,
    },
    /// Not read at all (a symbolic link, a FIFO, …): see [`project_file`].
    NotRead(NotRead),
}

/// One migration file.
#[derive(Debug, Clone)]
pub struct Migration {
    /// The version digits, as text (14-digit timestamps overflow 32 bits).
    pub version: String,
    /// The file name without version, `_` and `.sql`.
    pub name: String,
    /// Absolute path.
    pub path: PathBuf,
    /// Path relative to the repository root, for reports.
    pub file: String,
    /// The file's contents.
    pub source: Source,
    /// Statements, as the Supabase CLI splits them.
    pub statements: Vec<Statement>,
    /// SHA-256 of the raw bytes, hex.
    pub checksum: String,
    lines: LineIndex,
}

impl Migration {
    /// Reads and splits one file under `root` (see [`project_file::read`]).
    /// `file` is its report path. A file refused by that policy is a
    /// migration whose source is [`Source::NotRead`], so it fails visibly.
    pub fn read(
        root: &Path,
        path: &Path,
        file: String,
        version: String,
        name: String,
    ) -> std::io::Result<Self> {
        match project_file::read(root, path) {
            Ok(bytes) => Ok(Migration::from_bytes(path, file, version, name, bytes)),
            Err(ReadError::NotRead(reason)) => {
                let mut migration = Migration::from_bytes(path, file, version, name, Vec::new());
                migration.source = Source::NotRead(reason);
                Ok(migration)
            }
            Err(ReadError::Io(e)) => Err(e),
        }
    }

    /// A migration from contents already in memory (read from `path`).
    pub fn from_bytes(
        path: &Path,
        file: String,
        version: String,
        name: String,
        bytes: Vec<u8>,
    ) -> Self {
        let checksum = hex(&Sha256::digest(&bytes));
        let source = match String::from_utf8(bytes) {
            Ok(text) => Source::Text(text),
            Err(e) => {
                let bytes = e.as_bytes();
                let valid = e.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&bytes[..valid]);
                let (line, column) = LineIndex::new(&prefix).position(&prefix, valid);
                Source::InvalidUtf8 { line, column }
            }
        };
        let text = match &source {
            Source::Text(text) => text.as_str(),
            Source::InvalidUtf8 { .. } | Source::NotRead(_) => "",
        };
        Migration {
            version,
            name,
            path: path.to_path_buf(),
            file,
            statements: split(text),
            lines: LineIndex::new(text),
            checksum,
            source,
        }
    }

    /// The text, empty for a non-UTF-8 file or one not read.
    pub fn text(&self) -> &str {
        match &self.source {
            Source::Text(text) => text,
            Source::InvalidUtf8 { .. } | Source::NotRead(_) => "",
        }
    }

    /// Whether any statement has more than comments: the CLI sends
    /// comment-only chunks too, but they do nothing.
    pub fn has_statements(&self) -> bool {
        self.statements
            .iter()
            .any(|s| !strip_comments(&s.sql).is_empty())
    }

    /// The 1-based line and column of a byte offset in the file.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        self.lines.position(self.text(), offset)
    }
}

/// The version and name of a migration file name (`<digits>_<name>.sql`),
/// if it is one the Supabase CLI accepts.
pub fn version_and_name(file_name: &str) -> Option<(String, String)> {
    let captures = MIGRATION_NAME.captures(file_name)?;
    Some((captures[1].to_string(), captures[2].to_string()))
}

/// What discovery found: the files to apply, in order, and any findings.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Migrations in apply order.
    pub migrations: Vec<Migration>,
    /// Problems with the directory or its files.
    pub findings: Vec<Finding>,
}

/// Lists the migrations directory `dir` as the Supabase CLI does, orders
/// the valid names by file name and reads them (under `root`, see
/// [`project_file::read`]). `relative` turns a path into its report path.
///
/// A missing directory is `ErrorKind::NotFound` and a file in its place
/// `ErrorKind::NotADirectory`: whether that is a mistake is the caller's
/// call. A directory reached through a symbolic link is not listed (a
/// finding says so).
pub fn discover(
    dir: &Path,
    root: &Path,
    relative: &dyn Fn(&Path) -> String,
) -> std::io::Result<Discovery> {
    let mut discovery = Discovery::default();
    match project_file::check(root, dir) {
        Ok(_) => {}
        Err(ReadError::NotRead(reason)) => {
            discovery
                .findings
                .push(not_read_finding(&relative(dir), &reason));
            return Ok(discovery);
        }
        Err(ReadError::Io(e)) => return Err(e),
    }
    if !std::fs::symlink_metadata(dir)?.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            "it is a file, not a directory",
        ));
    }

    let mut named = Vec::new();
    for (path, file_name, kind) in list_entries(dir)? {
        if let Some(finding) = ignored_entry(&file_name, kind, &relative(&path)) {
            discovery.findings.push(finding);
            continue;
        }
        if !file_name.ends_with(".sql") {
            continue;
        }
        match MIGRATION_NAME.captures(&file_name) {
            Some(captures) => named.push((path.clone(), captures[1].to_string(), captures[2].to_string())),
            None => discovery.findings.push(
                Finding::new(
                    RuleId::InvalidName,
                    Severity::Error,
                    format!("{file_name} does not match <version>_<name>.sql, so supabase db push never applies it"),
                )
                .in_file(relative(&path))
                .with_help("rename it to <14-digit timestamp>_<name>.sql, e.g. with `supabase migration new <name>`"),
            ),
        }
    }

    if let Some((path, version, name)) = named.first() {
        if name == "init" && compare_versions(version, LEGACY_INIT_CUTOFF) == Ordering::Less {
            discovery.findings.push(
                Finding::new(
                    RuleId::LegacyInitSkipped,
                    Severity::Notice,
                    format!("{version}_init.sql is skipped, as the Supabase CLI skips a first init file older than {LEGACY_INIT_CUTOFF}"),
                )
                .in_file(relative(path)),
            );
            named.remove(0);
        }
    }

    for (path, version, name) in named {
        let migration = Migration::read(root, &path, relative(&path), version, name)?;
        discovery.findings.extend(file_findings(&migration));
        discovery.migrations.push(migration);
    }
    discovery
        .findings
        .extend(duplicate_versions(&discovery.migrations));
    discovery
        .findings
        .extend(version_widths(&discovery.migrations));
    if discovery.migrations.is_empty() {
        discovery.findings.push(no_migrations(&relative(dir)));
    }
    Ok(discovery)
}

/// The notice that keeps a run over zero migrations from passing silently.
pub fn no_migrations(dir: &str) -> Finding {
    Finding::new(
        RuleId::NoMigrations,
        Severity::Notice,
        format!("{dir} holds no migrations, so nothing was applied or checked"),
    )
    .in_file(dir)
    .with_help("if the migrations live elsewhere, point --migrations at them")
}

/// The directory's entries, sorted by name as the CLI sorts them, each
/// with its own type (links not followed).
fn list_entries(dir: &Path) -> std::io::Result<Vec<(PathBuf, String, std::fs::FileType)>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        entries.push((entry.path(), entry.file_name(), kind));
    }
    entries.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(entries
        .into_iter()
        .map(|(path, name, kind)| (path, name.to_string_lossy().into_owned(), kind))
        .collect())
}

/// Entries the Supabase CLI passes over although they look like
/// migrations: a directory named `*.sql`, or a file ending `.SQL` (its
/// pattern is case-sensitive). Both would leave a change unapplied.
fn ignored_entry(file_name: &str, kind: std::fs::FileType, file: &str) -> Option<Finding> {
    if kind.is_dir() && file_name.to_ascii_lowercase().ends_with(".sql") {
        return Some(
            Finding::new(
                RuleId::IgnoredEntry,
                Severity::Error,
                format!("{file_name} is a directory named like a migration: the Supabase CLI skips directories, so nothing in it is ever applied"),
            )
            .in_file(file)
            .with_help("move its files into the migrations directory itself, or rename the directory"),
        );
    }
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".sql") && !file_name.ends_with(".sql") {
        return Some(
            Finding::new(
                RuleId::IgnoredEntry,
                Severity::Error,
                format!("{file_name} does not end in lower-case .sql: the Supabase CLI matches the extension case-sensitively and ignores it, so it is never applied"),
            )
            .in_file(file)
            .with_help("rename it to end in .sql"),
        );
    }
    None
}

/// The finding for a file or directory that was not read, and why.
pub fn not_read_finding(file: &str, reason: &NotRead) -> Finding {
    // "x.sql was not read: it is a symbolic link", not the name twice.
    let why = reason.to_string();
    let why = why
        .strip_prefix(&format!("{file} "))
        .map_or(why.clone(), |rest| format!("it {rest}"));
    Finding::new(
        RuleId::FileNotRead,
        Severity::Error,
        format!("{file} was not read: {why}"),
    )
    .in_file(file)
    .with_help(match reason {
        NotRead::Symlink { .. } | NotRead::SymlinkLoop { .. } => {
            "commit the file itself instead of a link (the Supabase CLI would follow the link; schemagate does not)"
        }
        NotRead::NotRegular { .. } | NotRead::KernelFilesystem => {
            "commit a regular file with the SQL"
        }
        NotRead::OutsideRepository => "keep the project's files inside the repository",
    })
}

/// Problems with one file's contents: not read, not UTF-8, or no statements.
pub fn file_findings(migration: &Migration) -> Vec<Finding> {
    match &migration.source {
        Source::NotRead(reason) => vec![not_read_finding(&migration.file, reason)],
        Source::InvalidUtf8 { line, column } => vec![Finding::new(
            RuleId::InvalidUtf8,
            Severity::Error,
            format!("{} is not valid UTF-8 (first invalid byte at line {line}, column {column})", migration.file),
        )
        .in_file(&migration.file)
        .at(*line, *column)
        .with_help("re-save the file as UTF-8")],
        Source::Text(_) if !migration.has_statements() => vec![Finding::new(
            RuleId::EmptyMigration,
            Severity::Warning,
            format!("{} has no statements", migration.file),
        )
        .in_file(&migration.file)
        .with_help("delete it, or write `SELECT 1;` with a comment if it is a placeholder for a remote version")],
        Source::Text(_) => Vec::new(),
    }
}

fn duplicate_versions(migrations: &[Migration]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, migration) in migrations.iter().enumerate() {
        if let Some(first) = migrations[..i]
            .iter()
            .find(|m| m.version == migration.version)
        {
            findings.push(
                Finding::new(
                    RuleId::DuplicateVersion,
                    Severity::Error,
                    format!(
                        "version {} is used by both {} and {}",
                        migration.version, first.file, migration.file
                    ),
                )
                .in_file(&migration.file)
                .with_help(
                    "give one of them a new timestamp: the history table keys on the version",
                ),
            );
        }
    }
    findings
}

fn version_widths(migrations: &[Migration]) -> Vec<Finding> {
    let Some(first) = migrations.first() else {
        return Vec::new();
    };
    let odd: Vec<&Migration> = migrations
        .iter()
        .filter(|m| m.version.len() != first.version.len())
        .collect();
    if odd.is_empty() {
        return Vec::new();
    }
    let mut by_number: Vec<&Migration> = migrations.iter().collect();
    by_number.sort_by(|a, b| compare_versions(&a.version, &b.version));
    let order_differs = by_number
        .iter()
        .zip(migrations)
        .any(|(a, b)| a.version != b.version);
    let consequence = if order_differs {
        "file-name order (which the Supabase CLI applies) differs from numeric order"
    } else {
        "a later file can sort before them"
    };
    odd.into_iter()
        .map(|m| {
            Finding::new(
                RuleId::VersionWidth,
                Severity::Warning,
                format!(
                    "version {} has {} digits where {} has {}: {consequence}",
                    m.version,
                    m.version.len(),
                    first.file,
                    first.version.len()
                ),
            )
            .in_file(&m.file)
            .with_help("use 14-digit timestamps (YYYYMMDDHHMMSS) for every migration")
        })
        .collect()
}

/// Compares two version strings numerically, without parsing them into a
/// fixed-width integer.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn discover_files(files: &[(&str, &[u8])]) -> Discovery {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in files {
            std::fs::write(dir.path().join(name), content).unwrap();
        }
        let root = dir.path().to_path_buf();
        discover(dir.path(), dir.path(), &|p| {
            p.strip_prefix(&root).unwrap().display().to_string()
        })
        .unwrap()
    }

    #[test]
    fn links_and_special_files_are_not_read_and_say_why() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        symlink("/proc/self/environ", dir.path().join("1_env.sql")).unwrap();
        symlink("3_loop.sql", dir.path().join("3_loop.sql")).unwrap();
        let fifo =
            std::ffi::CString::new(dir.path().join("2_fifo.sql").to_string_lossy().as_bytes())
                .unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
        let root = dir.path().to_path_buf();
        let d = discover(dir.path(), dir.path(), &|p| {
            p.strip_prefix(&root).unwrap().display().to_string()
        })
        .unwrap();
        assert_eq!(d.migrations.len(), 3);
        assert!(d
            .migrations
            .iter()
            .all(|m| matches!(m.source, Source::NotRead(_)) && m.text().is_empty()));
        let messages: Vec<&str> = d.findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(rules(&d), [(RuleId::FileNotRead, Severity::Error); 3]);
        assert!(
            messages[0].starts_with("1_env.sql was not read: it is a symbolic link"),
            "{messages:?}"
        );
        assert!(messages[1].contains("FIFO"), "{messages:?}");
        assert!(messages[2].contains("loop"), "{messages:?}");
    }

    #[test]
    fn a_linked_migrations_directory_is_not_listed() {
        let (repo, _outside) = crate::project_file::repo_with_linked_migrations();
        let root = repo.path().to_path_buf();
        let d = discover(&repo.path().join("migrations"), repo.path(), &|p| {
            p.strip_prefix(&root).unwrap().display().to_string()
        })
        .unwrap();
        assert!(d.migrations.is_empty());
        assert_eq!(rules(&d), [(RuleId::FileNotRead, Severity::Error)]);
        assert_eq!(d.findings[0].file.as_deref(), Some("migrations"));
    }

    #[test]
    fn lookalikes_the_cli_ignores_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("2_dir.sql")).unwrap();
        std::fs::write(dir.path().join("3_upper.SQL"), "select 1;").unwrap();
        std::fs::write(dir.path().join("1_ok.sql"), "select 1;").unwrap();
        let root = dir.path().to_path_buf();
        let d = discover(dir.path(), dir.path(), &|p| {
            p.strip_prefix(&root).unwrap().display().to_string()
        })
        .unwrap();
        assert_eq!(d.migrations.len(), 1);
        assert_eq!(rules(&d), [(RuleId::IgnoredEntry, Severity::Error); 2]);
        assert!(d.findings[0].message.contains("skips directories"));
        assert!(d.findings[1].message.contains("case-sensitively"));
    }

    #[test]
    fn missing_and_file_directories_are_errors_for_the_caller() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("file"), "").unwrap();
        let relative = |p: &Path| p.display().to_string();
        let missing = discover(&dir.path().join("nope"), dir.path(), &relative).unwrap_err();
        assert_eq!(missing.kind(), std::io::ErrorKind::NotFound);
        let file = discover(&dir.path().join("file"), dir.path(), &relative).unwrap_err();
        assert_eq!(file.kind(), std::io::ErrorKind::NotADirectory);
    }

    #[test]
    fn zero_migrations_is_a_notice() {
        let d = discover_files(&[("notes.txt", b"x")]);
        assert_eq!(rules(&d), [(RuleId::NoMigrations, Severity::Notice)]);
    }

    fn rules(discovery: &Discovery) -> Vec<(RuleId, Severity)> {
        discovery
            .findings
            .iter()
            .map(|f| (f.rule, f.severity))
            .collect()
    }

    #[test]
    fn orders_by_file_name_and_keeps_versions_as_text() {
        let d = discover_files(&[
            ("20260117000001_b.sql", b"select 1;"),
            ("20240101000000_a.sql", b"select 1;"),
            ("notes.txt", b"ignored"),
        ]);
        let versions: Vec<_> = d.migrations.iter().map(|m| m.version.as_str()).collect();
        assert_eq!(versions, ["20240101000000", "20260117000001"]);
        assert_eq!(d.migrations[0].name, "a");
        assert!(d.findings.is_empty());
    }

    #[test]
    fn bad_names_are_errors() {
        let d = discover_files(&[("add_table.sql", b"select 1;"), ("1_ok.sql", b"select 1;")]);
        assert_eq!(rules(&d), [(RuleId::InvalidName, Severity::Error)]);
        assert_eq!(d.findings[0].file.as_deref(), Some("add_table.sql"));
        assert_eq!(d.migrations.len(), 1);
    }

    #[test]
    fn duplicate_versions_are_errors() {
        let d = discover_files(&[("5_a.sql", b"select 1;"), ("5_b.sql", b"select 1;")]);
        assert_eq!(rules(&d), [(RuleId::DuplicateVersion, Severity::Error)]);
        assert_eq!(d.findings[0].file.as_deref(), Some("5_b.sql"));
    }

    #[test]
    fn non_utf8_is_an_error_with_its_position() {
        let d = discover_files(&[("1_a.sql", b"select 1;\nselect '\xff';")]);
        assert_eq!(rules(&d), [(RuleId::InvalidUtf8, Severity::Error)]);
        assert_eq!(
            d.migrations[0].source,
            Source::InvalidUtf8 { line: 2, column: 9 }
        );
    }

    #[test]
    fn empty_files_are_warnings() {
        let d = discover_files(&[("1_a.sql", b"-- nothing here\n")]);
        assert_eq!(rules(&d), [(RuleId::EmptyMigration, Severity::Warning)]);
    }

    #[test]
    fn mixed_widths_warn() {
        let d = discover_files(&[("9_a.sql", b"select 1;"), ("10_b.sql", b"select 1;")]);
        // File-name order puts 10 before 9.
        assert_eq!(d.migrations[0].version, "10");
        assert_eq!(rules(&d), [(RuleId::VersionWidth, Severity::Warning)]);
        assert!(d.findings[0].message.contains("differs from numeric order"));
    }

    #[test]
    fn legacy_init_is_skipped_with_a_notice() {
        let d = discover_files(&[
            ("20200101000000_init.sql", b"select 1;"),
            ("20220101000000_a.sql", b"select 1;"),
        ]);
        assert_eq!(rules(&d), [(RuleId::LegacyInitSkipped, Severity::Notice)]);
        assert_eq!(d.migrations.len(), 1);
        let d = discover_files(&[("20220101000000_init.sql", b"select 1;")]);
        assert_eq!(d.migrations.len(), 1);
    }

    #[test]
    fn versions_compare_as_numbers_of_any_width() {
        assert_eq!(compare_versions("9", "10"), Ordering::Less);
        assert_eq!(
            compare_versions("20260117000001", "20260117000001"),
            Ordering::Equal
        );
        assert_eq!(compare_versions("0010", "9"), Ordering::Greater);
        assert_eq!(
            compare_versions("99999999999999999999999", "100000000000000000000000"),
            Ordering::Less
        );
    }
}
