//! Configuration: `schemagate.toml` (optional) and the parts of Supabase's
//! own `supabase/config.toml` that matter, parsed once and validated once.
//!
//! Only [`Config`] leaves this module; the raw serde types stay private.

mod apply;
mod freeze;
mod rules;
mod supabase;
mod verify;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::report::Severity;

pub use apply::ApplySettings;
use apply::{resolve_apply, RawApply};
pub use freeze::FreezePolicy;
use freeze::{resolve_freeze, RawFreeze};
use rules::RawLint;
pub use rules::{LintSettings, RuleLevel, RuleLevels};
pub use supabase::SupabaseProject;
use verify::{resolve_verify, RawVerify};
pub use verify::{Expectation, RequestIdentity, VerifyQuery};

/// A configuration problem: always a usage error (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown or mistyped keys.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// The parser's message, which names the key and position.
        message: String,
    },
    /// A value is well-formed TOML but not acceptable.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong and where.
        message: String,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    fail_on: Option<String>,
    #[serde(default)]
    apply: RawApply,
    #[serde(default)]
    verify: Vec<RawVerify>,
    freeze: Option<RawFreeze>,
    #[serde(default)]
    history: RawHistory,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(default)]
    lint: RawLint,
    #[serde(default)]
    drift: RawDrift,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDrift {
    schemas: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    include_all: Option<bool>,
}

/// Remote history policy, from `[history]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryPolicy {
    /// Like `supabase db push --include-all`: local-only versions older than
    /// the remote's newest are a warning, not an error.
    pub include_all: bool,
}

/// What `drift` compares, from `[drift]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DriftPolicy {
    /// The schemas to compare; `None` for every schema Supabase does not manage.
    pub schemas: Option<Vec<String>>,
    /// `[object_type:]glob` patterns of identities to leave out.
    pub ignore: Vec<String>,
}

/// `--migrations` when not given: its absence means "no migrations yet"
/// (if `supabase/` exists); any other path must exist.
pub const DEFAULT_MIGRATIONS: &str = "supabase/migrations";

/// `--config` when not given: optional; any other path must exist.
pub const DEFAULT_CONFIG: &str = "schemagate.toml";

/// The validated configuration of one project.
#[derive(Debug, Clone)]
pub struct Config {
    /// The project directory (absolute).
    pub project_dir: PathBuf,
    /// The migrations directory (absolute).
    pub migrations_dir: PathBuf,
    /// Whether that is the default location, which may be missing.
    pub migrations_default: bool,
    /// Where report paths are relative to: the git top level, else the project dir.
    pub repo_root: PathBuf,
    /// Apply timeouts.
    pub apply: ApplySettings,
    /// Verification queries, in file order.
    pub verify: Vec<VerifyQuery>,
    /// The least severity that fails a run.
    pub fail_on: Severity,
    /// Supabase's own project settings.
    pub supabase: SupabaseProject,
    /// The migration freeze (`enabled = false` when not configured).
    pub freeze: FreezePolicy,
    /// Remote history policy.
    pub history: HistoryPolicy,
    /// What `drift` compares.
    pub drift: DriftPolicy,
    /// Path of the configuration file (relative to the repository root).
    pub file: String,
    /// `[rules]`: levels that replace rules' default severities.
    pub rules: RuleLevels,
    /// Settings of the static rules.
    pub lint: LintSettings,
}

/// Where to find things, from the command line.
#[derive(Debug, Clone)]
pub struct Locations {
    /// `--project-dir`.
    pub project_dir: PathBuf,
    /// `--migrations`, relative to the project dir.
    pub migrations: PathBuf,
    /// `--config`, relative to the project dir.
    pub config: PathBuf,
    /// `--fail-on`, which wins over the file.
    pub fail_on: Option<Severity>,
}

impl Locations {
    /// A project's locations with the command line's defaults: migrations
    /// in `supabase/migrations`, configuration in `schemagate.toml`.
    pub fn defaults(project_dir: &Path) -> Locations {
        Locations {
            project_dir: project_dir.to_path_buf(),
            migrations: "supabase/migrations".into(),
            config: "schemagate.toml".into(),
            fail_on: None,
        }
    }
}

impl Config {
    /// Reads and validates the configuration for a project. A missing
    /// `schemagate.toml` is fine (zero configuration); a broken one is not.
    pub fn load(locations: &Locations) -> Result<Config, ConfigError> {
        let project_dir = absolute(&locations.project_dir);
        if !project_dir.is_dir() {
            return Err(ConfigError::Invalid {
                path: display_path(&locations.project_dir),
                message: "--project-dir: no such directory".to_string(),
            });
        }
        let repo_root = repo_root(&project_dir);
        let config_path = project_dir.join(&locations.config);
        let display = display_path(&config_path);
        let optional = locations.config == Path::new(DEFAULT_CONFIG);
        let config_root =
            crate::project_file::root_for(&repo_root, config_path.parent().unwrap_or(&project_dir));
        let raw = match read_project_text(&config_root, &config_path) {
            Ok(Some(text)) => {
                toml::from_str::<RawConfig>(&text).map_err(|e| ConfigError::Parse {
                    path: display.clone(),
                    message: e.to_string().trim_end().to_string(),
                })?
            }
            Ok(None) if optional => RawConfig::default(),
            Ok(None) => {
                return Err(ConfigError::Invalid {
                    path: display,
                    message: "--config: no such file".to_string(),
                })
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: display,
                    source,
                })
            }
        };
        let invalid = |message: String| ConfigError::Invalid {
            path: display.clone(),
            message,
        };
        let fail_on = match (locations.fail_on, raw.fail_on.as_deref()) {
            (Some(level), _) => level,
            (None, None) => Severity::Error,
            (None, Some(text)) => text
                .parse::<Severity>()
                .map_err(|m| invalid(format!("fail_on: {m}")))?,
        };
        let apply = resolve_apply(&raw.apply).map_err(invalid)?;
        let verify = raw
            .verify
            .into_iter()
            .enumerate()
            .map(|(i, v)| resolve_verify(v).map_err(|m| invalid(format!("verify[{i}]: {m}"))))
            .collect::<Result<_, _>>()?;
        let freeze = resolve_freeze(raw.freeze).map_err(|m| invalid(format!("freeze.{m}")))?;
        if let Some(empty) = raw
            .drift
            .schemas
            .iter()
            .flatten()
            .find(|s| s.trim().is_empty())
        {
            return Err(invalid(format!(
                "drift.schemas: {empty:?} is not a schema name"
            )));
        }
        let file = config_path
            .strip_prefix(&repo_root)
            .unwrap_or(&config_path)
            .to_string_lossy()
            .replace('\\', "/");
        let supabase = SupabaseProject::load(&repo_root, &project_dir)?;
        let rules = RuleLevels::parse(&raw.rules).map_err(invalid)?;
        let idempotent = raw
            .lint
            .idempotent
            .iter()
            .map(|glob| {
                glob::Pattern::new(glob)
                    .map_err(|e| invalid(format!("lint.idempotent: {glob:?} is not a glob: {e}")))
            })
            .collect::<Result<_, _>>()?;
        let lint = LintSettings {
            exposed_schemas: supabase
                .api_schemas
                .clone()
                .unwrap_or_else(|| LintSettings::default().exposed_schemas),
            idempotent,
        };
        Ok(Config {
            migrations_dir: project_dir.join(&locations.migrations),
            migrations_default: locations.migrations == Path::new(DEFAULT_MIGRATIONS),
            repo_root,
            project_dir,
            apply,
            verify,
            fail_on,
            supabase,
            freeze,
            history: HistoryPolicy {
                include_all: raw.history.include_all.unwrap_or(false),
            },
            drift: DriftPolicy {
                schemas: raw.drift.schemas,
                ignore: raw.drift.ignore,
            },
            file,
            rules,
            lint,
        })
    }

    /// `path` relative to the repository root, with `/` separators, as
    /// reports and annotations need it.
    pub fn relative(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.repo_root).unwrap_or(path);
        let text = relative.to_string_lossy().replace('\\', "/");
        if text.is_empty() {
            ".".to_string()
        } else {
            text
        }
    }
}

fn normalize(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    std::fs::canonicalize(&joined).unwrap_or_else(|_| normalize(&joined))
}

/// Reads a configuration file of the project, as every project file is
/// read ([`crate::project_file`]): `None` when it does not exist.
fn read_project_text(root: &Path, path: &Path) -> std::io::Result<Option<String>> {
    crate::project_file::read_text_if_exists(root, path).map_err(|e| match e {
        crate::project_file::ReadError::Io(e) => e,
        refused => std::io::Error::new(std::io::ErrorKind::PermissionDenied, refused.to_string()),
    })
}

/// The git top level containing `dir`, found by walking up to a `.git`
/// entry (no git process needed); `dir` itself when there is none.
fn repo_root(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(dir)
        .to_path_buf()
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::NaiveDate;

    use super::*;
    use crate::report::{Finding, RuleId};

    fn load(toml_text: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("schemagate.toml"), toml_text).unwrap();
        Config::load(&Locations::defaults(dir.path()))
    }

    /// The error a `schemagate.toml` of `toml_text` is refused with.
    fn load_error(toml_text: &str) -> String {
        load(toml_text).unwrap_err().to_string()
    }

    #[test]
    fn zero_config_uses_defaults() {
        let config = load("").unwrap();
        assert_eq!(config.apply, ApplySettings::default());
        assert!(config.verify.is_empty());
        assert_eq!(config.fail_on, Severity::Error);
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_key() {
        let err = load_error("[apply]\nstatment_timeout = \"1s\"\n");
        assert!(err.contains("statment_timeout"), "{err}");
        let err = load_error("bogus = 1\n");
        assert!(err.contains("bogus"), "{err}");
    }

    #[test]
    fn durations_parse_and_bad_ones_name_the_key() {
        let config = load("[apply]\nstatement_timeout = \"2s\"\nfile_timeout = \"1m\"\n").unwrap();
        assert_eq!(config.apply.statement_timeout, Duration::from_secs(2));
        assert_eq!(config.apply.file_timeout, Duration::from_secs(60));
        let err = load_error("[apply]\nlock_timeout = \"soon\"\n");
        assert!(err.contains("apply.lock_timeout"), "{err}");
    }

    #[test]
    fn each_expectation_kind_parses() {
        let config = load(
            r#"
[[verify]]
name = "a"
sql = "select 1"
rows = 5
[[verify]]
name = "b"
sql = "select 1"
min_rows = 1
[[verify]]
name = "c"
sql = "select 1"
empty = true
[[verify]]
name = "d"
sql = "select 1"
equals = [["location_council", "text"], [true, 42]]
ordered = false
"#,
        )
        .unwrap();
        let kinds: Vec<_> = config.verify.iter().map(|v| v.expect.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                Expectation::Rows(5),
                Expectation::RowRange {
                    min: Some(1),
                    max: None
                },
                Expectation::Empty,
                Expectation::Equals {
                    rows: vec![
                        vec!["location_council".into(), "text".into()],
                        vec!["t".into(), "42".into()]
                    ],
                    ordered: false
                },
            ]
        );
    }

    #[test]
    fn conflicting_or_missing_expectations_are_errors() {
        let err =
            load_error("[[verify]]\nname = \"x\"\nsql = \"select 1\"\nrows = 1\nempty = true\n");
        assert!(err.contains("more than one expectation"), "{err}");
        let err = load_error("[[verify]]\nname = \"x\"\nsql = \"select 1\"\n");
        assert!(err.contains("no expectation"), "{err}");
    }

    #[test]
    fn freeze_parses_with_its_window() {
        let config = load(
            "[freeze]\nreason = \"r\"\nfrom = 2026-01-16\nuntil = 2026-02-01\nallow = [\"supabase/migrations/2026*_x.sql\"]\noverride_label = \"freeze-override\"\n[history]\ninclude_all = true\n",
        )
        .unwrap();
        let freeze = &config.freeze;
        assert!(freeze.enabled, "a declared [freeze] is enabled by default");
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        assert!(!freeze.in_force(day(15)));
        assert!(freeze.in_force(day(16)));
        assert!(freeze.in_force(NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()));
        assert!(!freeze.in_force(NaiveDate::from_ymd_opt(2026, 2, 2).unwrap()));
        assert!(config.history.include_all);
        assert!(!load("").unwrap().freeze.enabled);
    }

    #[test]
    fn bad_freeze_values_name_the_key() {
        let err = load_error("[freeze]\nfrom = 2026-02-02\nuntil = 2026-02-01\n");
        assert!(err.contains("freeze.from"), "{err}");
        let err = load_error("[freeze]\nuntil = 2026-02-01T10:00:00Z\n");
        assert!(err.contains("freeze.until"), "{err}");
        let err = load_error("[freeze]\nalow = []\n");
        assert!(err.contains("alow"), "{err}");
    }

    #[test]
    fn rule_levels_parse_and_apply() {
        let config = load("[rules]\ndrop-table = \"error\"\ntruncate = \"off\"\n").unwrap();
        assert_eq!(
            config.rules.level(RuleId::DropTable),
            Some(RuleLevel::Severity(Severity::Error))
        );
        let mut findings = vec![
            Finding::new(RuleId::DropTable, Severity::Warning, "a"),
            Finding::new(RuleId::Truncate, Severity::Warning, "b"),
            Finding::new(RuleId::DropColumn, Severity::Warning, "c"),
        ];
        config.rules.apply(&mut findings);
        let left: Vec<_> = findings.iter().map(|f| (f.rule, f.severity)).collect();
        assert_eq!(
            left,
            [
                (RuleId::DropTable, Severity::Error),
                (RuleId::DropColumn, Severity::Warning)
            ]
        );
    }

    #[test]
    fn bad_rule_levels_are_errors_naming_the_rule() {
        let err = load_error("[rules]\ndrop-tabel = \"off\"\n");
        assert!(err.contains("unknown rule id `drop-tabel`"), "{err}");
        let err = load_error("[rules]\ndrop-table = \"loud\"\n");
        assert!(
            err.contains("rules.drop-table") && err.contains("\"loud\""),
            "{err}"
        );
        let err = load_error("[rules]\nmigration-failed = \"off\"\n");
        assert!(err.contains("rules.migration-failed"), "{err}");
    }

    #[test]
    fn lint_settings_come_from_both_files() {
        let config = load("[lint]\nidempotent = [\"*_catch_up.sql\"]\n").unwrap();
        assert!(config.lint.idempotent[0].matches("20260101000000_catch_up.sql"));
        assert_eq!(config.lint.exposed_schemas, ["public", "graphql_public"]);
        let err = load_error("[lint]\nidempotent = [\"[\"]\n");
        assert!(err.contains("lint.idempotent"), "{err}");
        let err = load_error("[lint]\nidempotnet = []\n");
        assert!(err.contains("idempotnet"), "{err}");

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("supabase")).unwrap();
        std::fs::write(
            dir.path().join("supabase/config.toml"),
            "[api]\nschemas = [\"public\", \"api\"]\n",
        )
        .unwrap();
        let config = Config::load(&Locations::defaults(dir.path())).unwrap();
        assert_eq!(config.lint.exposed_schemas, ["public", "api"]);
    }

    #[test]
    fn drift_section_parses_and_rejects_unknown_keys() {
        let config = load(
            "[drift]\nschemas = [\"public\", \"private\"]\nignore = [\"table:public.tmp_*\"]\n",
        )
        .unwrap();
        assert_eq!(
            config.drift.schemas.as_deref(),
            Some(&["public".to_string(), "private".to_string()][..])
        );
        assert_eq!(config.drift.ignore, ["table:public.tmp_*"]);
        assert_eq!(load("").unwrap().drift, DriftPolicy::default());
        let err = load_error("[drift]\nschema = []\n");
        assert!(err.contains("schema"), "{err}");
        let err = load_error("[drift]\nschemas = [\"\"]\n");
        assert!(err.contains("drift.schemas"), "{err}");
    }

    #[test]
    fn supabase_config_gives_major_version_and_seeds() {
        let dir = tempfile::tempdir().unwrap();
        let supabase = dir.path().join("supabase");
        std::fs::create_dir_all(supabase.join("seeds")).unwrap();
        std::fs::write(
            supabase.join("config.toml"),
            "project_id = \"x\"\n[db]\nmajor_version = 17\n[db.seed]\nsql_paths = ['./seeds/*.sql']\n",
        )
        .unwrap();
        std::fs::write(supabase.join("seeds/b.sql"), "").unwrap();
        std::fs::write(supabase.join("seeds/a.sql"), "").unwrap();
        let project = SupabaseProject::load(dir.path(), dir.path()).unwrap();
        assert_eq!(project.major_version, Some(17));
        let names: Vec<_> = project
            .seed_paths
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, ["a.sql", "b.sql"]);
    }
}
