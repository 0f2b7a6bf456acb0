//! Where the markdown links to: each `file:line` to that line in the pull
//! request's head commit, each rule id to its section of `docs/rules.md`
//! at the released version.
//!
//! File names come from the pull request, so they are percent-encoded into
//! the URL; the commit must be a plain hexadecimal id or there are no file
//! links at all (a report artifact from a fork is untrusted).

/// The repository documenting the rules.
const DOCS_REPOSITORY: &str = "https://github.com/schemagate/schemagate";

/// How to link files and rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// `https://github.com/owner/repo/blob/<sha>`, when the run knows it.
    blob: Option<String>,
}

impl Links {
    /// No file links (rule links are always made).
    pub fn none() -> Self {
        Links::default()
    }

    /// File links into `repository` (`owner/name`) on `server_url` at
    /// commit `sha`; none when any part is missing or malformed.
    pub fn github(server_url: Option<&str>, repository: Option<&str>, sha: Option<&str>) -> Self {
        let (Some(server), Some(repository), Some(sha)) = (server_url, repository, sha) else {
            return Links::none();
        };
        let server = server.trim_end_matches('/');
        let plain = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        let valid_repository = repository
            .split_once('/')
            .is_some_and(|(owner, name)| plain(owner) && plain(name));
        let valid_sha = (7..=64).contains(&sha.len()) && sha.chars().all(|c| c.is_ascii_hexdigit());
        let valid_server = (server.starts_with("https://") || server.starts_with("http://"))
            && !server
                .contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | '"'));
        if !(valid_repository && valid_sha && valid_server) {
            return Links::none();
        }
        Links {
            blob: Some(format!("{server}/{repository}/blob/{sha}")),
        }
    }

    /// From the GitHub Actions environment (`GITHUB_SERVER_URL`,
    /// `GITHUB_REPOSITORY`) and the commit the report checked.
    pub fn from_env(sha: Option<&str>) -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Links::github(
            var("GITHUB_SERVER_URL").as_deref(),
            var("GITHUB_REPOSITORY").as_deref(),
            sha,
        )
    }

    /// The URL of `path` (relative to the repository root) at `line`.
    pub fn line(&self, path: &str, line: Option<u32>) -> Option<String> {
        let blob = self.blob.as_ref()?;
        let path = path
            .split('/')
            .map(encode_segment)
            .collect::<Vec<_>>()
            .join("/");
        Some(match line {
            Some(line) => format!("{blob}/{path}#L{line}"),
            None => format!("{blob}/{path}"),
        })
    }

    /// The URL of a rule's section in `docs/rules.md` at this release.
    pub fn rule(rule: super::RuleId) -> String {
        format!(
            "{DOCS_REPOSITORY}/blob/v{}/docs/rules.md#{rule}",
            env!("CARGO_PKG_VERSION")
        )
    }
}

/// Percent-encodes a path segment: only unreserved characters stay.
fn encode_segment(segment: &str) -> String {
    let mut encoded = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::RuleId;

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn lines_link_into_the_head_commit_with_the_path_encoded() {
        let links = Links::github(Some("https://github.com"), Some("acme/shop"), Some(SHA));
        assert_eq!(
            links.line("supabase/migrations/1_a b)[x].sql", Some(7)).unwrap(),
            format!("https://github.com/acme/shop/blob/{SHA}/supabase/migrations/1_a%20b%29%5Bx%5D.sql#L7")
        );
    }

    #[test]
    fn a_malformed_commit_or_repository_gives_no_file_links() {
        for (repo, sha) in [
            ("acme/shop", "HEAD) [x](http://evil"),
            ("acme/shop/x", SHA),
            ("acme", SHA),
        ] {
            let links = Links::github(Some("https://github.com"), Some(repo), Some(sha));
            assert_eq!(links.line("a.sql", Some(1)), None, "{repo} {sha}");
        }
        assert_eq!(
            Links::github(None, Some("acme/shop"), Some(SHA)).line("a.sql", None),
            None
        );
    }

    #[test]
    fn rules_link_to_their_section_at_the_release() {
        assert_eq!(
            Links::rule(RuleId::DropColumn),
            format!(
                "https://github.com/schemagate/schemagate/blob/v{}/docs/rules.md#drop-column",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}
