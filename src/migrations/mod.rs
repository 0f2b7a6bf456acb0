//! Migration files: finding them, reading them, splitting them.

mod discover;
pub mod lexer;
pub mod lines;
pub mod nodes;
pub mod server_position;
pub mod split;

pub use discover::{
    compare_versions, discover, file_findings, no_migrations, not_read_finding, version_and_name,
    Discovery, Migration, Source,
};

/// Whether a file is a no-op: nothing but `SELECT 1` statements, comments
/// and whitespace. Placeholders for remote-only versions look like this.
pub fn is_noop(text: &str) -> bool {
    split::split(text).iter().all(|s| {
        let code = lexer::strip_comments(&s.sql);
        code.is_empty() || split::is_noop_select(&s.sql)
    })
}

/// Whether a file says it is a placeholder: by its name, or by a
/// `-- schemagate:placeholder` header.
pub fn is_placeholder(path: &str, text: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.contains("placeholder")
        || text
            .trim_start_matches('\u{feff}')
            .starts_with("-- schemagate:placeholder")
}

/// The version of a migration file path, if its name is a migration name.
pub fn version_of(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?;
    let (version, rest) = name.split_once('_')?;
    (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()) && rest.ends_with(".sql"))
        .then_some(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noop_files_are_only_select_1() {
        assert!(is_noop("-- Remote-only ad-hoc migration\n\nSELECT 1;\n"));
        assert!(is_noop("select 1; /* again */ SELECT 1"));
        assert!(is_noop(""));
        assert!(!is_noop("SELECT 1;\ncreate table t (id int);"));
        assert!(!is_noop("select 2;"));
    }

    #[test]
    fn placeholders_are_named_or_marked() {
        assert!(is_placeholder(
            "supabase/migrations/1_remote_placeholder.sql",
            ""
        ));
        assert!(is_placeholder(
            "1_x.sql",
            "-- schemagate:placeholder\nselect 1;"
        ));
        assert!(!is_placeholder(
            "1_x.sql",
            "select 1; -- schemagate:placeholder"
        ));
    }

    #[test]
    fn versions_come_from_names() {
        assert_eq!(
            version_of("supabase/migrations/20260101000000_a.sql"),
            Some("20260101000000")
        );
        assert_eq!(version_of("supabase/migrations/notes.sql"), None);
        assert_eq!(version_of("supabase/migrations/1_a.txt"), None);
    }
}
