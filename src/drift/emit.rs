//! The migrations `drift --emit-sql` writes for people to review; the tool
//! never applies them.
//!
//! - catch-up: creates what the migrations define and the live database
//!   lacks (`missing_on_remote`), idempotently like the seed's step 2
//!   (`IF NOT EXISTS`, `CREATE OR REPLACE`, existence checks around what
//!   has no such form), in dependency order;
//! - capture: the live database's ad-hoc objects (`extra_on_remote`) as a
//!   migration, so the history can adopt them.
//!
//! Objects defined differently on both sides are listed at the end of both
//! files as comments: which side is right is a decision for people.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::diff::Change;
use super::{statement, Object, ObjectType, Snapshot};
use crate::config::Config;
use crate::report::{DifferenceKind, RunError};
use crate::run_error::usage;

/// What the header of an emitted file says.
#[derive(Debug, Clone)]
pub struct Header<'a> {
    /// The live database, redacted.
    pub source: &'a str,
    /// The file's migration version.
    pub version: &'a str,
}

/// The catch-up migration, or `None` when nothing is missing on the remote.
pub fn catch_up(
    changes: &[Change<'_>],
    expected: &Snapshot,
    header: &Header<'_>,
) -> Option<String> {
    emit(changes, Side::Expected, expected, || {
        format!(
            "-- schemagate drift: catch-up for {source}\n\
         -- Creates the objects the migrations define that the live database lacks\n\
         -- (missing_on_remote), in dependency order. Every statement is idempotent\n\
         -- (IF NOT EXISTS, CREATE OR REPLACE, or an existence check): applying this\n\
         -- file twice is harmless. Review it before adding it to the migrations;\n\
         -- schemagate never applies it.\n\n",
            source = comment_text(header.source)
        )
    })
}

/// The capture migration, or `None` when the remote has nothing extra.
pub fn capture(changes: &[Change<'_>], actual: &Snapshot, header: &Header<'_>) -> Option<String> {
    emit(changes, Side::Actual, actual, || {
        format!(
            "-- schemagate drift: capture of {source}\n\
         -- The objects the live database has that no migration creates\n\
         -- (extra_on_remote), as a migration, so the history adopts production's\n\
         -- ad-hoc changes. Production already has them: after adding this file to\n\
         -- the migrations, record it as applied there instead of pushing it:\n\
         --   supabase migration repair --status applied {version}\n\
         -- Review it first: some of these may be changes to undo instead.\n\n",
            source = comment_text(header.source),
            version = header.version
        )
    })
}

/// One side of the comparison: an emitted file creates what only its side
/// has, from its side's snapshot.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Expected,
    Actual,
}

impl Side {
    /// The difference an object only this side has is reported as.
    fn only_here(self) -> DifferenceKind {
        match self {
            Side::Expected => DifferenceKind::MissingOnRemote,
            Side::Actual => DifferenceKind::ExtraOnRemote,
        }
    }

    /// The change's object as this side has it.
    fn object<'a>(self, change: &Change<'a>) -> Option<&'a Object> {
        match self {
            Side::Expected => change.expected,
            Side::Actual => change.actual,
        }
    }
}

/// `header`, then the statements creating what only `side` has, then the
/// objects defined differently; `None` when only `side` has nothing.
fn emit(
    changes: &[Change<'_>],
    side: Side,
    snapshot: &Snapshot,
    header: impl FnOnce() -> String,
) -> Option<String> {
    let objects: Vec<&Object> = changes
        .iter()
        .filter(|c| c.kind == side.only_here())
        .filter_map(|c| side.object(c))
        .collect();
    if objects.is_empty() {
        return None;
    }
    let mut text = header();
    text.push_str(&statements(&objects, snapshot));
    text.push_str(&reviews(changes, side, snapshot));
    Some(text)
}

/// The objects' statements, dependency-ordered, after a setting that lets
/// functions be created before the tables their bodies read.
fn statements(objects: &[&Object], snapshot: &Snapshot) -> String {
    let children = children(snapshot);
    let created: HashSet<String> = objects.iter().map(|o| o.key()).collect();
    let mut items: Vec<Item> = Vec::new();
    for target in revoke_targets(objects, &children) {
        // Grants are then exactly the source's, whatever default
        // privileges the new object got.
        items.push(Item {
            rank: rank_of(ObjectType::Grant),
            order: -1,
            key: format!("revoke {target}"),
            depends: Vec::new(),
            sql: statement::revoke_api_roles(&target),
        });
    }
    for object in objects {
        // A new table's columns are written inside its CREATE TABLE.
        if object.object_type == ObjectType::Column
            && object.parent.as_ref().is_some_and(|p| created.contains(p))
        {
            continue;
        }
        let Some(sql) = statement::create(object, &children) else {
            continue;
        };
        items.push(Item {
            rank: rank(object),
            order: object.order,
            key: object.key(),
            depends: object.depends.clone(),
            sql,
        });
        if let Some(owner) = object
            .attribute("owned_by")
            .filter(|_| object.object_type == ObjectType::Sequence)
        {
            items.push(Item {
                rank: rank(object) + 4,
                order: 0,
                key: format!("{} owned", object.key()),
                depends: Vec::new(),
                sql: format!("ALTER SEQUENCE {} OWNED BY {owner};", object.identity),
            });
        }
    }
    let mut text = String::from("SET check_function_bodies = off;\n");
    for item in ordered(items) {
        text.push('\n');
        text.push_str(&item.sql);
        text.push('\n');
    }
    text
}

/// What `GRANT ... ON` names for each created object that grants hang on
/// (an identity column's sequence included).
fn revoke_targets(objects: &[&Object], children: &HashMap<&str, Vec<&Object>>) -> Vec<String> {
    let mut targets = Vec::new();
    for object in objects {
        let id = &object.identity;
        match object.object_type {
            ObjectType::Table | ObjectType::View | ObjectType::MaterializedView => {
                targets.push(format!("TABLE {id}"))
            }
            ObjectType::Sequence => targets.push(format!("SEQUENCE {id}")),
            ObjectType::Function if object.attribute("kind") == Some("procedure") => {
                targets.push(format!("PROCEDURE {id}"))
            }
            ObjectType::Function => targets.push(format!("FUNCTION {id}")),
            ObjectType::Column => targets.extend(
                children
                    .get(object.key().as_str())
                    .into_iter()
                    .flatten()
                    .filter(|g| g.object_type == ObjectType::Grant)
                    .filter_map(|g| g.sql_part("on"))
                    .filter(|on| on.starts_with("SEQUENCE "))
                    .map(str::to_string),
            ),
            _ => {}
        }
    }
    targets.sort();
    targets.dedup();
    targets
}

/// Each object's children, by parent key.
fn children(snapshot: &Snapshot) -> HashMap<&str, Vec<&Object>> {
    let mut children: HashMap<&str, Vec<&Object>> = HashMap::new();
    for object in snapshot.objects.values() {
        if let Some(parent) = object.parent.as_deref() {
            children.entry(parent).or_default().push(object);
        }
    }
    children
}

struct Item {
    rank: u8,
    order: i64,
    key: String,
    depends: Vec<String>,
    sql: String,
}

/// Creation order: kinds first (schemas before tables before policies),
/// then each object after what it depends on (views on views, foreign keys
/// on the referenced table); a cycle falls back to kind order.
fn ordered(mut items: Vec<Item>) -> Vec<Item> {
    items.sort_by(|a, b| (a.rank, a.order, &a.key).cmp(&(b.rank, b.order, &b.key)));
    let position: HashMap<&str, usize> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.key.as_str(), i))
        .collect();
    let mut waiting = vec![0usize; items.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (i, item) in items.iter().enumerate() {
        for dependency in &item.depends {
            if let Some(&j) = position.get(dependency.as_str()).filter(|&&j| j != i) {
                waiting[i] += 1;
                dependents[j].push(i);
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = (0..items.len())
        .filter(|&i| waiting[i] == 0)
        .map(Reverse)
        .collect();
    let mut order = Vec::with_capacity(items.len());
    let mut done = vec![false; items.len()];
    while order.len() < items.len() {
        let next = match ready.pop() {
            Some(Reverse(i)) => i,
            // A cycle: take the first one left, in kind order.
            None => match (0..items.len()).find(|&i| !done[i]) {
                Some(i) => i,
                None => break,
            },
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        order.push(next);
        for &dependent in &dependents[next] {
            waiting[dependent] = waiting[dependent].saturating_sub(1);
            if waiting[dependent] == 0 && !done[dependent] {
                ready.push(Reverse(dependent));
            }
        }
    }
    let mut slots: Vec<Option<Item>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

fn rank(object: &Object) -> u8 {
    rank_of(object.object_type)
}

fn rank_of(object_type: ObjectType) -> u8 {
    match object_type {
        ObjectType::Schema => 0,
        ObjectType::Extension => 1,
        ObjectType::EnumType => 2,
        ObjectType::Sequence => 3,
        ObjectType::Function => 4,
        ObjectType::Table => 5,
        ObjectType::Column => 6,
        // 7: sequences' OWNED BY, once the columns exist.
        ObjectType::Constraint => 9,
        ObjectType::Index => 10,
        ObjectType::View | ObjectType::MaterializedView => 11,
        ObjectType::Trigger => 12,
        ObjectType::Policy => 13,
        ObjectType::Grant => 14,
        ObjectType::DefaultPrivilege => 15,
        ObjectType::Comment => 16,
        ObjectType::PublicationTable => 17,
        ObjectType::StorageBucket => 18,
        ObjectType::CronJob => 19,
    }
}

/// The objects defined differently on both sides, commented out.
fn reviews(changes: &[Change<'_>], side: Side, snapshot: &Snapshot) -> String {
    let different: Vec<&Change<'_>> = changes
        .iter()
        .filter(|c| c.kind == DifferenceKind::Different)
        .collect();
    if different.is_empty() {
        return String::new();
    }
    let children = children(snapshot);
    let mut text = String::from(
        "\n-- Defined differently on the live database: not changed by this file.\n-- Decide which side is right, then write that change by hand.\n",
    );
    let label = match side {
        Side::Expected => "the migrations define it as",
        Side::Actual => "the live database has it as",
    };
    for change in different {
        let Some(object) = side.object(change) else {
            continue;
        };
        text.push_str(&format!(
            "\n-- {} {}: {label}:\n",
            object.object_type,
            comment_text(&object.identity)
        ));
        let shown = statement::create(object, &children)
            .unwrap_or_else(|| Value::Object(object.definition.clone()).to_string());
        for line in shown.lines() {
            text.push_str(&format!("--   {line}\n"));
        }
    }
    text
}

/// Text for a one-line SQL comment.
fn comment_text(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

/// Writes the capture (at the run's timestamp) and catch-up (one second
/// later, so both can join the history) files that have content.
pub fn write_files(
    dir: &Path,
    config: &Config,
    changes: &[Change<'_>],
    expected: &Snapshot,
    actual: &Snapshot,
    source: &str,
) -> Result<Vec<String>, RunError> {
    let now = now().map_err(usage)?;
    let capture_version = now.format("%Y%m%d%H%M%S").to_string();
    let catch_up_version = (now + chrono::Duration::seconds(1))
        .format("%Y%m%d%H%M%S")
        .to_string();
    let files = [
        (
            format!("{capture_version}_drift_capture_remote.sql"),
            capture(
                changes,
                actual,
                &Header {
                    source,
                    version: &capture_version,
                },
            ),
        ),
        (
            format!("{catch_up_version}_drift_catch_up.sql"),
            catch_up(
                changes,
                expected,
                &Header {
                    source,
                    version: &catch_up_version,
                },
            ),
        ),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let Some(text) = text else { continue };
        std::fs::create_dir_all(dir)
            .map_err(|e| usage(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join(name);
        // Emitted files are output too: scrubbed of secrets.
        std::fs::write(&path, crate::scrub::scrub(&text))
            .map_err(|e| usage(format!("cannot write {}: {e}", path.display())))?;
        written.push(config.relative(&std::path::absolute(&path).unwrap_or(path)));
    }
    Ok(written)
}

/// Now in UTC, or `SCHEMAGATE_NOW` (RFC 3339) when set, so reruns and
/// tests name files the same way.
fn now() -> Result<chrono::DateTime<chrono::Utc>, String> {
    match std::env::var("SCHEMAGATE_NOW") {
        Ok(text) => chrono::DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .map_err(|e| format!("SCHEMAGATE_NOW={text:?} is not an RFC 3339 time: {e}")),
        Err(_) => Ok(chrono::Utc::now()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: serde_json::Value) -> Object {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn views_follow_what_they_read_and_schemas_come_first() {
        let items = [
            object(
                json!({"type": "view", "identity": "public.b", "definition": {}, "ddl": "CREATE OR REPLACE VIEW public.b AS SELECT 1", "depends": ["view public.c"]}),
            ),
            object(
                json!({"type": "view", "identity": "public.c", "definition": {}, "ddl": "CREATE OR REPLACE VIEW public.c AS SELECT 1"}),
            ),
            object(
                json!({"type": "schema", "identity": "app", "name": "app", "definition": {}, "ddl": "CREATE SCHEMA IF NOT EXISTS app"}),
            ),
        ];
        let refs: Vec<&Object> = items.iter().collect();
        let text = statements(&refs, &Snapshot::default());
        let schema = text.find("CREATE SCHEMA").unwrap();
        let c = text.find("VIEW public.c").unwrap();
        let b = text.find("VIEW public.b").unwrap();
        let revoke_c = text.find("REVOKE ALL ON TABLE public.c").unwrap();
        assert!(schema < c && c < b && b < revoke_c, "{text}");
    }

    #[test]
    fn a_cycle_falls_back_to_kind_order() {
        let items = [
            object(
                json!({"type": "view", "identity": "public.a", "definition": {}, "ddl": "CREATE OR REPLACE VIEW public.a AS SELECT 1", "depends": ["view public.b"]}),
            ),
            object(
                json!({"type": "view", "identity": "public.b", "definition": {}, "ddl": "CREATE OR REPLACE VIEW public.b AS SELECT 1", "depends": ["view public.a"]}),
            ),
        ];
        let refs: Vec<&Object> = items.iter().collect();
        let text = statements(&refs, &Snapshot::default());
        assert!(
            text.contains("VIEW public.a") && text.contains("VIEW public.b"),
            "{text}"
        );
    }
}
