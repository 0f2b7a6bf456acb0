//! What `supabase/config.toml` says that matters: production's major
//! version, `roles.sql`, the seed files.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{display_path, normalize, read_project_text, ConfigError};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupabaseProject {
    /// `db.major_version`: production's PostgreSQL major version.
    pub major_version: Option<u32>,
    /// Seed files, in order (default `supabase/seed.sql`).
    pub seed_paths: Vec<PathBuf>,
    /// `supabase/roles.sql`, applied before the migrations, when present.
    pub roles_sql: Option<PathBuf>,
    /// `api.schemas`: the schemas the Supabase API exposes, when set.
    pub api_schemas: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawSupabaseConfig {
    #[serde(default)]
    pub(super) db: RawSupabaseDb,
    #[serde(default)]
    pub(super) api: RawSupabaseApi,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawSupabaseApi {
    pub(super) schemas: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawSupabaseDb {
    pub(super) major_version: Option<u32>,
    pub(super) seed: Option<RawSupabaseSeed>,
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct RawSupabaseSeed {
    pub(super) enabled: Option<bool>,
    pub(super) sql_paths: Option<Vec<String>>,
}

impl SupabaseProject {
    /// Reads `supabase/config.toml` under `project_dir`, leniently: it is
    /// Supabase's file, so keys we do not use are ignored.
    pub(super) fn load(
        repo_root: &Path,
        project_dir: &Path,
    ) -> Result<SupabaseProject, ConfigError> {
        let supabase_dir = project_dir.join("supabase");
        let path = supabase_dir.join("config.toml");
        let raw = match read_project_text(repo_root, &path) {
            Ok(Some(text)) => {
                toml::from_str::<RawSupabaseConfig>(&text).map_err(|e| ConfigError::Parse {
                    path: display_path(&path),
                    message: e.to_string().trim_end().to_string(),
                })?
            }
            Ok(None) => RawSupabaseConfig::default(),
            Err(source) => {
                return Err(ConfigError::Read {
                    path: display_path(&path),
                    source,
                })
            }
        };
        let seed = raw.db.seed.unwrap_or_default();
        let seed_paths = if seed.enabled == Some(false) {
            Vec::new()
        } else {
            let patterns = seed
                .sql_paths
                .unwrap_or_else(|| vec!["./seed.sql".to_string()]);
            expand_seed_paths(&supabase_dir, &patterns)
        };
        let roles = supabase_dir.join("roles.sql");
        Ok(SupabaseProject {
            major_version: raw.db.major_version,
            seed_paths,
            // Present as any entry (a link too), so a refused one is said.
            roles_sql: std::fs::symlink_metadata(&roles).is_ok().then_some(roles),
            api_schemas: raw.api.schemas,
        })
    }
}

/// Seed paths are globs relative to `supabase/`, as in the Supabase CLI;
/// matches of one pattern are sorted, duplicates dropped.
pub(super) fn expand_seed_paths(supabase_dir: &Path, patterns: &[String]) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for pattern in patterns {
        let full = supabase_dir.join(pattern);
        let mut matches: Vec<PathBuf> = glob::glob(&full.to_string_lossy())
            .map(|entries| entries.filter_map(Result::ok).collect())
            .unwrap_or_default();
        matches.sort();
        for path in matches {
            let path = normalize(&path);
            // Links and paths out of the repository are kept, to be refused
            // visibly when read (`file-not-read`); directories are skipped.
            let listed = std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_dir());
            if listed && !paths.contains(&path) {
                paths.push(path);
            }
        }
    }
    paths
}
