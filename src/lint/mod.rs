//! Static analysis of migration files: rules over PostgreSQL's own parse
//! tree (`pg_query`), `-- schemagate:` directives (suppressions, the
//! idempotent header), and which files of a change set to analyse.
//!
//! Every rule lives in `rules/<rule_name>.rs` as one function from a
//! [`Context`] to the statements it objects to; registering one takes a
//! line in `RuleId` and a line in [`RULES`].

mod context;
mod parse;
pub mod rules;
mod walk;

use std::collections::{HashMap, HashSet};

use crate::changes::{ChangeKind, ChangeSet};
use crate::config::LintSettings;
use crate::migrations::lexer::first_token;
use crate::migrations::Migration;
use crate::report::{Finding, RuleId, Severity};

pub use context::{Context, TableName};
pub use parse::{is_sql, on_deep_stack};

/// What a rule objects to: one statement, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Index of the statement in [`Context::statements`].
    pub statement: usize,
    /// What is wrong, naming the objects involved.
    pub message: String,
    /// How to do it safely.
    pub help: String,
}

impl Violation {
    /// A violation at statement `statement`.
    pub fn new(statement: usize, message: impl Into<String>, help: impl Into<String>) -> Self {
        Violation {
            statement,
            message: message.into(),
            help: help.into(),
        }
    }
}

/// A static rule.
pub type Rule = fn(&Context) -> Vec<Violation>;

/// Every static rule, its default severity, and its function.
pub const RULES: &[(RuleId, Severity, Rule)] = &[
    (
        RuleId::DropTable,
        Severity::Warning,
        rules::drop_table::drop_table,
    ),
    (
        RuleId::DropColumn,
        Severity::Warning,
        rules::drop_column::drop_column,
    ),
    (
        RuleId::DropSchema,
        Severity::Warning,
        rules::drop_schema::drop_schema,
    ),
    (
        RuleId::Truncate,
        Severity::Warning,
        rules::truncate::truncate,
    ),
    (
        RuleId::DmlWithoutWhere,
        Severity::Warning,
        rules::dml_without_where::dml_without_where,
    ),
    (
        RuleId::AlterColumnType,
        Severity::Warning,
        rules::alter_column_type::alter_column_type,
    ),
    (
        RuleId::DropCascade,
        Severity::Warning,
        rules::drop_cascade::drop_cascade,
    ),
    (
        RuleId::IndexWithoutConcurrently,
        Severity::Warning,
        rules::index_without_concurrently::index_without_concurrently,
    ),
    (
        RuleId::ConstraintWithoutNotValid,
        Severity::Warning,
        rules::constraint_without_not_valid::constraint_without_not_valid,
    ),
    (
        RuleId::NotNullWithoutDefault,
        Severity::Warning,
        rules::not_null_without_default::not_null_without_default,
    ),
    (
        RuleId::SetNotNull,
        Severity::Warning,
        rules::set_not_null::set_not_null,
    ),
    (
        RuleId::VolatileDefault,
        Severity::Warning,
        rules::volatile_default::volatile_default,
    ),
    (
        RuleId::RenameTable,
        Severity::Warning,
        rules::rename_table::rename_table,
    ),
    (
        RuleId::RenameColumn,
        Severity::Warning,
        rules::rename_column::rename_column,
    ),
    (
        RuleId::MissingLockTimeout,
        Severity::Warning,
        rules::missing_lock_timeout::missing_lock_timeout,
    ),
    (
        RuleId::RlsDisabled,
        Severity::Warning,
        rules::rls_disabled::rls_disabled,
    ),
    (
        RuleId::RlsWithoutPolicy,
        Severity::Warning,
        rules::rls_without_policy::rls_without_policy,
    ),
    (
        RuleId::SecurityDefinerSearchPath,
        Severity::Warning,
        rules::security_definer_search_path::security_definer_search_path,
    ),
    (
        RuleId::AuthUidPerRow,
        Severity::Warning,
        rules::auth_uid_per_row::auth_uid_per_row,
    ),
    (
        RuleId::ForeignKeyWithoutIndex,
        Severity::Warning,
        rules::foreign_key_without_index::foreign_key_without_index,
    ),
    (
        RuleId::AnonGrantSensitive,
        Severity::Warning,
        rules::anon_grant_sensitive::anon_grant_sensitive,
    ),
    // The author asked for idempotency by marking the file: an error.
    (
        RuleId::NotIdempotent,
        Severity::Error,
        rules::not_idempotent::not_idempotent,
    ),
];

/// Lints one migration file: every static rule, directives checked,
/// suppressions applied. Findings carry their rules' default severities
/// (`[rules]` levels are applied by the caller, for all findings at once).
pub fn lint_file(migration: &Migration, settings: &LintSettings) -> Vec<Finding> {
    on_deep_stack(|| lint_parsed(migration, settings))
}

fn lint_parsed(migration: &Migration, settings: &LintSettings) -> Vec<Finding> {
    let directives = Directives::of(migration);
    let context = Context::new(
        migration,
        settings,
        is_idempotent_with(migration, settings, &directives),
    );
    let finding = |rule, severity, offset: usize, message: String, help: &str| {
        let (line, column) = migration.position(offset);
        Finding::new(rule, severity, message)
            .in_file(&migration.file)
            .at(line, column)
            .with_help(help)
    };
    let mut findings: Vec<Finding> = context
        .syntax_errors
        .iter()
        .map(|e| {
            if e.internal {
                finding(
                    RuleId::LintSkipped,
                    Severity::Warning,
                    e.offset,
                    format!("the static rules could not analyse this statement (schemagate's parser failed, not the statement: {})", e.message),
                    "please report this statement to schemagate; `schemagate check` still applies it on a real server",
                )
            } else {
                finding(
                    RuleId::SyntaxError,
                    Severity::Error,
                    e.offset,
                    format!("PostgreSQL's parser rejects this statement: {}", e.message),
                    "fix the statement; `schemagate check` shows what the server itself says",
                )
            }
        })
        .collect();
    for (rule, severity, check) in RULES {
        for violation in check(&context) {
            if let Some(statement) = context.statements.get(violation.statement) {
                findings.push(finding(
                    *rule,
                    *severity,
                    statement.offset,
                    violation.message,
                    &violation.help,
                ));
            }
        }
    }
    let mut starts: HashSet<u32> = context
        .statements
        .iter()
        .map(|s| migration.position(s.offset).0)
        .collect();
    starts.extend(
        context
            .syntax_errors
            .iter()
            .map(|e| migration.position(e.offset).0),
    );
    findings.extend(directives.problems(migration, &starts));
    directives.suppress(&migration.file, &mut findings);
    findings
}

/// Whether a file must be idempotent: a `-- schemagate:idempotent` header,
/// or its name matches `[lint] idempotent` in `schemagate.toml`.
pub fn is_idempotent(migration: &Migration, settings: &LintSettings) -> bool {
    is_idempotent_with(migration, settings, &Directives::of(migration))
}

fn is_idempotent_with(
    migration: &Migration,
    settings: &LintSettings,
    directives: &Directives,
) -> bool {
    let name = migration.path.file_name().map(|n| n.to_string_lossy());
    let configured = name
        .as_deref()
        .is_some_and(|name| settings.idempotent.iter().any(|glob| glob.matches(name)));
    configured || directives.idempotent_header
}

/// The migrations a change set adds, modifies or renames: the ones to
/// analyse. `None` when there is no change set (the caller then skips the
/// analysis, or analyses every file when asked to).
pub fn changed<'m>(
    changes: Option<&ChangeSet>,
    migrations: &'m [Migration],
) -> Option<Vec<&'m Migration>> {
    let changes = changes?;
    let paths: HashSet<&str> = changes
        .files
        .iter()
        .filter(|f| f.kind != ChangeKind::Deleted)
        .map(|f| f.path.as_str())
        .collect();
    Some(
        migrations
            .iter()
            .filter(|m| paths.contains(m.file.as_str()))
            .collect(),
    )
}

/// Applies the `-- schemagate:ignore` comments of `migrations` to findings
/// made elsewhere (the traced locks and rewrites of `check`), which point
/// at a statement's first line just as lint findings do.
pub fn suppress(findings: &mut Vec<Finding>, migrations: &[&Migration]) {
    for migration in migrations {
        Directives::of(migration).suppress(&migration.file, findings);
    }
}

/// One `-- schemagate:` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Directive {
    /// `ignore <rule-id> <reason>`: silence one rule on the next statement.
    Ignore(RuleId),
    /// `idempotent`: the file must be safe to run twice.
    Idempotent,
    /// Anything malformed, with what is wrong.
    Invalid(String),
}

/// The directives of one file.
#[derive(Debug, Default)]
struct Directives {
    /// (line, directive, the line it applies to), in file order. A block
    /// of directives on consecutive lines applies to the line right below.
    lines: Vec<(u32, Directive, u32)>,
    /// Rules silenced on each line.
    silenced: HashMap<u32, Vec<RuleId>>,
    /// Line of the first statement's first token.
    first_statement: Option<u32>,
    /// Whether the header (before the first statement) marks the file idempotent.
    idempotent_header: bool,
}

const PREFIX: &str = "schemagate:";

impl Directives {
    fn of(migration: &Migration) -> Directives {
        let first_statement = migration.statements.iter().find_map(|s| {
            let offset = first_token(&s.sql);
            (offset < s.sql.len()).then(|| migration.position(s.start + offset).0)
        });
        let mut directives = Directives {
            first_statement,
            ..Directives::default()
        };
        let parsed: Vec<Option<Directive>> =
            migration.text().lines().map(parse_directive).collect();
        for (index, directive) in parsed.iter().enumerate() {
            let Some(directive) = directive else {
                continue;
            };
            let block_len = parsed[index..].iter().take_while(|d| d.is_some()).count();
            let line = to_line(index);
            let target = to_line(index + block_len);
            match directive {
                Directive::Ignore(rule) => {
                    directives.silenced.entry(target).or_default().push(*rule)
                }
                Directive::Idempotent if first_statement.is_none_or(|first| line < first) => {
                    directives.idempotent_header = true;
                }
                _ => {}
            }
            directives.lines.push((line, directive.clone(), target));
        }
        directives
    }

    /// Findings for directives that are malformed or apply to nothing.
    fn problems(&self, migration: &Migration, statement_lines: &HashSet<u32>) -> Vec<Finding> {
        self.lines
            .iter()
            .filter_map(|(line, directive, target)| {
                let problem = match directive {
                    Directive::Invalid(problem) => problem.clone(),
                    Directive::Ignore(_) if statement_lines.contains(target) => return None,
                    Directive::Ignore(rule) => format!(
                        "`schemagate:ignore {rule}` is not on the line directly above a statement, so it silences nothing"
                    ),
                    Directive::Idempotent if self.first_statement.is_none_or(|first| *line < first) => {
                        return None
                    }
                    Directive::Idempotent => {
                        "`schemagate:idempotent` must be in the file's header, before the first statement".to_string()
                    }
                };
                Some(
                    Finding::new(RuleId::InvalidDirective, Severity::Warning, problem)
                        .in_file(&migration.file)
                        .at(*line, 1)
                        .with_help("write `-- schemagate:ignore <rule-id> <reason>` on the line directly above the statement, or `-- schemagate:idempotent` in the header"),
                )
            })
            .collect()
    }

    /// Drops the findings in `file` that a directive silences.
    fn suppress(&self, file: &str, findings: &mut Vec<Finding>) {
        findings.retain(|f| {
            let silenced = f.file.as_deref() == Some(file)
                && f.line
                    .and_then(|line| self.silenced.get(&line))
                    .is_some_and(|rules| rules.contains(&f.rule));
            !silenced
        });
    }
}

/// The 1-based line number of a 0-based line index.
fn to_line(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(u32::MAX)
}

/// The directive on a line, if the line is a `-- schemagate:` comment.
fn parse_directive(line: &str) -> Option<Directive> {
    let rest = line.trim_start().strip_prefix("--")?.trim_start();
    let body = rest.strip_prefix(PREFIX)?;
    let mut words = body.split_whitespace();
    Some(match words.next() {
        Some("ignore") => match words.next() {
            None => Directive::Invalid("`schemagate:ignore` names no rule".to_string()),
            Some(id) => match id.parse::<RuleId>() {
                Err(e) => Directive::Invalid(format!("`schemagate:ignore`: {e}")),
                Ok(_) if words.next().is_none() => Directive::Invalid(format!(
                    "`schemagate:ignore {id}` gives no reason: say why the statement is safe"
                )),
                Ok(rule) => Directive::Ignore(rule),
            },
        },
        Some("idempotent") => Directive::Idempotent,
        Some(other) => Directive::Invalid(format!(
            "unknown directive `schemagate:{other}` (known: ignore, idempotent)"
        )),
        None => Directive::Invalid("empty `schemagate:` directive".to_string()),
    })
}

#[cfg(test)]
pub(crate) mod test_utils {
    //! `lint_ok` and `lint_errors`, as in squawk's `test_utils.rs`.

    use super::*;

    /// A migration holding `sql`.
    pub fn migration(sql: &str) -> Migration {
        Migration::from_bytes(
            std::path::Path::new("20260101000000_test.sql"),
            "20260101000000_test.sql".to_string(),
            "20260101000000".to_string(),
            "test".to_string(),
            sql.as_bytes().to_vec(),
        )
    }

    /// The findings of `rule` for `sql`.
    pub fn lint_rule(sql: &str, rule: RuleId) -> Vec<Finding> {
        let findings = lint_file(&migration(sql), &LintSettings::default());
        if rule != RuleId::SyntaxError {
            let errors: Vec<_> = findings
                .iter()
                .filter(|f| f.rule == RuleId::SyntaxError)
                .collect();
            assert!(errors.is_empty(), "test SQL does not parse: {errors:?}");
        }
        findings.into_iter().filter(|f| f.rule == rule).collect()
    }

    /// Asserts `rule` finds nothing in `sql`.
    #[track_caller]
    pub fn lint_ok(sql: &str, rule: RuleId) {
        let findings = lint_rule(sql, rule);
        assert!(
            findings.is_empty(),
            "{rule} fired on {sql:?}: {findings:#?}"
        );
    }

    /// `rule`'s findings for `sql`, one `line:column message` per line.
    pub fn lint_errors(sql: &str, rule: RuleId) -> String {
        lint_rule(sql, rule)
            .iter()
            .map(|f| {
                format!(
                    "{}:{} {}",
                    f.line.unwrap_or(0),
                    f.column.unwrap_or(0),
                    f.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::test_utils::*;
    use super::*;

    #[test]
    fn every_static_rule_is_registered_once() {
        let mut seen = HashSet::new();
        for (rule, _, _) in RULES {
            assert!(seen.insert(*rule), "{rule} registered twice");
        }
    }

    #[test]
    fn a_suppression_silences_exactly_its_rule_on_the_next_statement() {
        let sql = "-- schemagate:ignore drop-table the table was emptied in 2025\n\
                   drop table public.a cascade;\n\
                   drop table public.b;\n";
        let findings = lint_file(&migration(sql), &LintSettings::default());
        let found: Vec<_> = findings
            .iter()
            .filter(|f| matches!(f.rule, RuleId::DropTable | RuleId::DropCascade))
            .map(|f| (f.rule.as_str(), f.line.unwrap_or(0)))
            .collect();
        // drop-cascade still fires on line 2; drop-table only on line 3.
        assert_eq!(found, [("drop-table", 3), ("drop-cascade", 2)]);
    }

    #[test]
    fn stacked_suppressions_and_comments_before_the_statement() {
        let sql = "create table public.t (id int);\n\
                   -- schemagate:ignore drop-table replaced by t\n\
                   -- schemagate:ignore drop-cascade its views go too\n\
                   drop table public.old cascade;\n";
        assert!(lint_file(&migration(sql), &LintSettings::default())
            .iter()
            .all(|f| f.rule != RuleId::DropTable && f.rule != RuleId::DropCascade));
    }

    #[test]
    fn a_suppression_above_a_blank_line_silences_nothing_and_says_so() {
        let sql = "-- schemagate:ignore drop-table gone\n\ndrop table public.a;\n";
        assert_eq!(
            lint_errors(sql, RuleId::DropTable),
            "3:1 drops table public.a, and every row in it"
        );
        assert!(lint_errors(sql, RuleId::InvalidDirective)
            .starts_with("1:1 `schemagate:ignore drop-table` is not on the line"));
    }

    #[test]
    fn malformed_directives_are_findings() {
        for (sql, message) in [
            ("-- schemagate:ignore\nselect 1;", "names no rule"),
            (
                "-- schemagate:ignore drop-tabel why\nselect 1;",
                "unknown rule id `drop-tabel`",
            ),
            (
                "-- schemagate:ignore drop-table\ndrop table t;",
                "gives no reason",
            ),
            (
                "-- schemagate:ignroe drop-table x\nselect 1;",
                "unknown directive `schemagate:ignroe`",
            ),
            (
                "select 1;\n-- schemagate:idempotent\nselect 2;",
                "must be in the file's header",
            ),
        ] {
            let errors = lint_errors(sql, RuleId::InvalidDirective);
            assert!(errors.contains(message), "{sql:?}: {errors}");
        }
        lint_ok(
            "-- a note: schemagate:ignore is documented\nselect 1;",
            RuleId::InvalidDirective,
        );
    }

    #[test]
    fn the_header_or_the_configuration_marks_a_file_idempotent() {
        let settings = LintSettings::default();
        assert!(is_idempotent(
            &migration(
                "-- catch-up\n-- schemagate:idempotent\ncreate table if not exists t (a int);"
            ),
            &settings
        ));
        assert!(!is_idempotent(
            &migration("create table if not exists t (a int);"),
            &settings
        ));
        let settings = LintSettings {
            idempotent: vec![glob::Pattern::new("*_test.sql").unwrap()],
            ..LintSettings::default()
        };
        assert!(is_idempotent(&migration("select 1;"), &settings));
    }

    #[test]
    fn syntax_errors_are_reported_and_the_rest_still_linted() {
        let sql = "create tabel public.x (id int);\ndrop table public.a;\n";
        assert_eq!(
            lint_errors(sql, RuleId::SyntaxError),
            "1:1 PostgreSQL's parser rejects this statement: syntax error at or near \"tabel\""
        );
        let findings = lint_file(&migration(sql), &LintSettings::default());
        assert!(findings
            .iter()
            .any(|f| f.rule == RuleId::DropTable && f.line == Some(2)));
    }

    #[test]
    fn only_added_modified_and_renamed_files_are_analysed() {
        use crate::changes::FileChange;
        let migrations = vec![migration("select 1;")];
        assert!(changed(None, &migrations).is_none());
        let change = |kind, path: &str| FileChange {
            kind,
            path: path.to_string(),
            old_path: None,
            old_content: None,
            new_content: None,
        };
        for (kind, expected) in [
            (ChangeKind::Added, 1),
            (ChangeKind::Modified, 1),
            (ChangeKind::Renamed, 1),
            (ChangeKind::Deleted, 0),
        ] {
            let set = ChangeSet {
                base: "main".into(),
                files: vec![change(kind, "20260101000000_test.sql")],
                base_files: vec![],
            };
            assert_eq!(
                changed(Some(&set), &migrations).unwrap().len(),
                expected,
                "{kind:?}"
            );
        }
    }
}
