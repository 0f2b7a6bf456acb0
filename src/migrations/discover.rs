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
    /// Reads and splits one file. `file` is its report path.
    pub fn read(path: &Path, file: String, version: String, name: String) -> std::io::Result<Self> {
        let bytes = std::fs::read(path)?;
        Ok(Migration::from_bytes(path, file, version, name, bytes))
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
            Source::InvalidUtf8 { .. } => "",
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

    /// The text, empty for a non-UTF-8 file.
    pub fn text(&self) -> &str {
        match &self.source {
            Source::Text(text) => text,
            Source::InvalidUtf8 { .. } => "",
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

/// Lists `dir/*.sql`, orders the valid ones by file name and reads them.
/// `relative` turns a path into its report path. A missing directory
/// yields no migrations (and no error: a project may have none yet).
pub fn discover(dir: &Path, relative: &dyn Fn(&Path) -> String) -> std::io::Result<Discovery> {
    let mut discovery = Discovery::default();
    let mut files = list_sql_files(dir)?;
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));

    let mut named = Vec::new();
    for path in files {
        let file_name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
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
        let migration = Migration::read(&path, relative(&path), version, name)?;
        discovery.findings.extend(file_findings(&migration));
        discovery.migrations.push(migration);
    }
    discovery
        .findings
        .extend(duplicate_versions(&discovery.migrations));
    discovery
        .findings
        .extend(version_widths(&discovery.migrations));
    Ok(discovery)
}

fn list_sql_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    // Escape the directory so brackets or stars in its path are taken literally.
    let pattern = format!("{}/*.sql", glob::Pattern::escape(&dir.to_string_lossy()));
    let entries = glob::glob(&pattern)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(std::io::Error::from)?;
        if path.is_file() {
            files.push(path);
        }
    }
    Ok(files)
}

/// Problems with one file's contents: not UTF-8, or no statements.
pub fn file_findings(migration: &Migration) -> Vec<Finding> {
    match &migration.source {
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
        discover(dir.path(), &|p| {
            p.strip_prefix(&root).unwrap().display().to_string()
        })
        .unwrap()
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
