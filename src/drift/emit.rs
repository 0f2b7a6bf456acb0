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

use serde_json::Value;

use super::diff::Change;
use super::{Object, ObjectType, Snapshot};
use crate::postgres::{quote_ident, quote_literal};
use crate::report::DifferenceKind;

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
    let objects: Vec<&Object> = changes
        .iter()
        .filter(|c| c.kind == DifferenceKind::MissingOnRemote)
        .filter_map(|c| c.expected)
        .collect();
    if objects.is_empty() {
        return None;
    }
    let mut text = format!(
        "-- schemagate drift: catch-up for {source}\n\
         -- Creates the objects the migrations define that the live database lacks\n\
         -- (missing_on_remote), in dependency order. Every statement is idempotent\n\
         -- (IF NOT EXISTS, CREATE OR REPLACE, or an existence check): applying this\n\
         -- file twice is harmless. Review it before adding it to the migrations;\n\
         -- schemagate never applies it.\n\n",
        source = comment_text(header.source)
    );
    text.push_str(&statements(&objects, expected));
    text.push_str(&reviews(changes, Side::Expected, expected));
    Some(text)
}

/// The capture migration, or `None` when the remote has nothing extra.
pub fn capture(changes: &[Change<'_>], actual: &Snapshot, header: &Header<'_>) -> Option<String> {
    let objects: Vec<&Object> = changes
        .iter()
        .filter(|c| c.kind == DifferenceKind::ExtraOnRemote)
        .filter_map(|c| c.actual)
        .collect();
    if objects.is_empty() {
        return None;
    }
    let mut text = format!(
        "-- schemagate drift: capture of {source}\n\
         -- The objects the live database has that no migration creates\n\
         -- (extra_on_remote), as a migration, so the history adopts production's\n\
         -- ad-hoc changes. Production already has them: after adding this file to\n\
         -- the migrations, record it as applied there instead of pushing it:\n\
         --   supabase migration repair --status applied {version}\n\
         -- Review it first: some of these may be changes to undo instead.\n\n",
        source = comment_text(header.source),
        version = header.version
    );
    text.push_str(&statements(&objects, actual));
    text.push_str(&reviews(changes, Side::Actual, actual));
    Some(text)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Expected,
    Actual,
}

/// The objects' statements, dependency-ordered, after a setting that lets
/// functions be created before the tables their bodies read.
fn statements(objects: &[&Object], snapshot: &Snapshot) -> String {
    let children = children(snapshot);
    let created: HashSet<String> = objects.iter().map(|o| o.key()).collect();
    let mut items: Vec<Item> = Vec::new();
    for object in objects {
        // A new table's columns are written inside its CREATE TABLE.
        if object.object_type == ObjectType::Column
            && object.parent.as_ref().is_some_and(|p| created.contains(p))
        {
            continue;
        }
        let Some(sql) = statement(object, &children) else {
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
    match object.object_type {
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

/// The idempotent statement(s) that create `object`.
fn statement(object: &Object, children: &HashMap<&str, Vec<&Object>>) -> Option<String> {
    let ddl = object.ddl.as_deref().map(str::trim_end);
    let parent = object
        .parent
        .as_deref()
        .and_then(|p| p.split_once(' '))
        .map(|(_, identity)| identity);
    let name = object.name.as_deref().map(quote_literal);
    Some(match object.object_type {
        ObjectType::Schema
        | ObjectType::Extension
        | ObjectType::Sequence
        | ObjectType::View
        | ObjectType::MaterializedView
        | ObjectType::Function
        | ObjectType::Comment => format!("{};", ddl?),
        ObjectType::Table => create_table(object, children),
        ObjectType::Column => format!(
            "ALTER TABLE {} ADD COLUMN IF NOT EXISTS {};",
            parent?,
            ddl?
        ),
        ObjectType::Constraint => guarded(
            &format!(
                "NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conname = {} AND conrelid = {}::regclass)",
                name?,
                quote_literal(parent?)
            ),
            ddl?,
        ),
        ObjectType::Index => {
            let ddl = ddl?;
            let rest = ddl
                .strip_prefix("CREATE UNIQUE INDEX ")
                .map(|rest| format!("CREATE UNIQUE INDEX IF NOT EXISTS {rest}"))
                .or_else(|| {
                    ddl.strip_prefix("CREATE INDEX ")
                        .map(|rest| format!("CREATE INDEX IF NOT EXISTS {rest}"))
                })?;
            format!("{rest};")
        }
        ObjectType::Policy => guarded(
            &format!(
                "NOT EXISTS (SELECT FROM pg_catalog.pg_policy WHERE polname = {} AND polrelid = {}::regclass)",
                name?,
                quote_literal(parent?)
            ),
            ddl?,
        ),
        ObjectType::Trigger => create_trigger(object, parent?, ddl?)?,
        ObjectType::EnumType => guarded(
            &format!(
                "pg_catalog.to_regtype({}) IS NULL",
                quote_literal(&object.identity)
            ),
            ddl?,
        ),
        ObjectType::Grant => grant(object)?,
        ObjectType::DefaultPrivilege => default_privilege(object)?,
        ObjectType::PublicationTable => {
            let publication = object.name.as_deref()?;
            let create = guarded(
                &format!(
                    "NOT EXISTS (SELECT FROM pg_catalog.pg_publication WHERE pubname = {})",
                    quote_literal(publication)
                ),
                &format!("CREATE PUBLICATION {}", quote_ident(publication)),
            );
            let add = guarded(
                &format!(
                    "NOT EXISTS (SELECT FROM pg_catalog.pg_publication_rel AS r JOIN pg_catalog.pg_publication AS p ON p.oid = r.prpubid WHERE p.pubname = {} AND r.prrelid = {}::regclass)",
                    quote_literal(publication),
                    quote_literal(parent?)
                ),
                ddl?,
            );
            format!("{create}\n{add}")
        }
        ObjectType::StorageBucket => bucket(object),
        ObjectType::CronJob => cron_job(object)?,
    })
}

fn create_table(table: &Object, children: &HashMap<&str, Vec<&Object>>) -> String {
    let id = &table.identity;
    let flag = |name: &str| table.definition.get(name) == Some(&Value::Bool(true));
    let mut sql = match (
        table.attribute("partition_of"),
        table.attribute("partition_bound"),
    ) {
        (Some(parent), Some(bound)) => {
            format!("CREATE TABLE IF NOT EXISTS {id} PARTITION OF {parent} {bound}")
        }
        _ => {
            let key = table.key();
            let mut columns: Vec<&Object> = children
                .get(key.as_str())
                .map(|c| {
                    c.iter()
                        .copied()
                        .filter(|o| o.object_type == ObjectType::Column)
                        .collect()
                })
                .unwrap_or_default();
            columns.sort_by_key(|c| c.order);
            let body: Vec<String> = columns
                .iter()
                .filter_map(|c| c.ddl.as_deref())
                .map(|d| format!("  {d}"))
                .collect();
            let unlogged = if flag("unlogged") { "UNLOGGED " } else { "" };
            let mut sql = format!(
                "CREATE {unlogged}TABLE IF NOT EXISTS {id} (\n{}\n)",
                body.join(",\n")
            );
            if let Some(key) = table.attribute("partition_key") {
                sql.push_str(&format!(" PARTITION BY {key}"));
            }
            sql
        }
    };
    if let Some(options) = table.definition.get("options").and_then(Value::as_array) {
        let options: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
        if !options.is_empty() {
            sql.push_str(&format!(" WITH ({})", options.join(", ")));
        }
    }
    sql.push(';');
    if flag("row_level_security") {
        sql.push_str(&format!("\nALTER TABLE {id} ENABLE ROW LEVEL SECURITY;"));
    }
    if flag("force_row_level_security") {
        sql.push_str(&format!("\nALTER TABLE {id} FORCE ROW LEVEL SECURITY;"));
    }
    sql
}

fn create_trigger(trigger: &Object, table: &str, ddl: &str) -> Option<String> {
    let mut sql = match ddl.strip_prefix("CREATE TRIGGER ") {
        Some(rest) => format!("CREATE OR REPLACE TRIGGER {rest};"),
        // Constraint triggers have no OR REPLACE.
        None => guarded(
            &format!(
                "NOT EXISTS (SELECT FROM pg_catalog.pg_trigger WHERE tgname = {} AND tgrelid = {}::regclass)",
                quote_literal(trigger.name.as_deref()?),
                quote_literal(table)
            ),
            ddl,
        ),
    };
    let name = quote_ident(trigger.name.as_deref()?);
    let state = match trigger.attribute("enabled") {
        Some("disabled") => Some("DISABLE TRIGGER"),
        Some("replica") => Some("ENABLE REPLICA TRIGGER"),
        Some("always") => Some("ENABLE ALWAYS TRIGGER"),
        _ => None,
    };
    if let Some(state) = state {
        sql.push_str(&format!("\nALTER TABLE {table} {state} {name};"));
    }
    Some(sql)
}

/// Privileges split into plain ones and ones held WITH GRANT OPTION.
fn privileges(object: &Object) -> (Vec<String>, Vec<String>) {
    let all: Vec<&str> = object
        .definition
        .get("privileges")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut plain = Vec::new();
    let mut grantable = Vec::new();
    for privilege in all {
        match privilege.strip_suffix(" WITH GRANT OPTION") {
            Some(p) => grantable.push(p.to_string()),
            None => plain.push(privilege.to_string()),
        }
    }
    (plain, grantable)
}

fn grant(object: &Object) -> Option<String> {
    let on = object.sql_part("on")?;
    let grantee = object.sql_part("grantee")?;
    let columns = object
        .sql_part("columns")
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    let (plain, grantable) = privileges(object);
    let list = |privileges: &[String]| {
        privileges
            .iter()
            .map(|p| format!("{p}{columns}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut sql = Vec::new();
    if !plain.is_empty() {
        sql.push(format!("GRANT {} ON {on} TO {grantee};", list(&plain)));
    }
    if !grantable.is_empty() {
        sql.push(format!(
            "GRANT {} ON {on} TO {grantee} WITH GRANT OPTION;",
            list(&grantable)
        ));
    }
    Some(sql.join("\n"))
}

fn default_privilege(object: &Object) -> Option<String> {
    let target = object.sql_part("for")?;
    let on = object.sql_part("on")?;
    let grantee = object.sql_part("grantee")?;
    let (plain, grantable) = privileges(object);
    let mut sql = Vec::new();
    if !plain.is_empty() {
        sql.push(format!(
            "ALTER DEFAULT PRIVILEGES {target} GRANT {} ON {on} TO {grantee};",
            plain.join(", ")
        ));
    }
    if !grantable.is_empty() {
        sql.push(format!(
            "ALTER DEFAULT PRIVILEGES {target} GRANT {} ON {on} TO {grantee} WITH GRANT OPTION;",
            grantable.join(", ")
        ));
    }
    Some(sql.join("\n"))
}

fn bucket(object: &Object) -> String {
    let mut columns = vec!["id".to_string()];
    let mut values = vec![quote_literal(&object.identity)];
    for (column, value) in &object.definition {
        columns.push(quote_ident(column));
        values.push(literal(value));
    }
    format!(
        "INSERT INTO storage.buckets ({}) VALUES ({}) ON CONFLICT (id) DO NOTHING;",
        columns.join(", "),
        values.join(", ")
    )
}

fn cron_job(object: &Object) -> Option<String> {
    let schedule = quote_literal(object.attribute("schedule")?);
    let command = quote_literal(object.attribute("command")?);
    Some(match object.name.as_deref() {
        Some(name) => {
            let name = quote_literal(name);
            format!("SELECT cron.schedule({name}, {schedule}, {command}) WHERE NOT EXISTS (SELECT FROM cron.job WHERE jobname = {name});")
        }
        None => format!("SELECT cron.schedule({schedule}, {command}) WHERE NOT EXISTS (SELECT FROM cron.job WHERE schedule = {schedule} AND command = {command});"),
    })
}

/// A JSON value as an SQL literal (bucket settings).
fn literal(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote_literal(s),
        Value::Array(items) => format!(
            "ARRAY[{}]::text[]",
            items
                .iter()
                .map(|v| v.as_str().map_or_else(|| literal(v), quote_literal))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(_) => quote_literal(&value.to_string()),
    }
}

/// `statement` inside a DO block that runs it only when `condition` holds.
fn guarded(condition: &str, statement: &str) -> String {
    let text = format!("{condition}{statement}");
    let mut tag = "$schemagate$".to_string();
    let mut n = 0;
    while text.contains(&tag) {
        n += 1;
        tag = format!("$schemagate{n}$");
    }
    format!("DO {tag}\nBEGIN\n  IF {condition} THEN\n    {statement};\n  END IF;\nEND\n{tag};")
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
        let object = match side {
            Side::Expected => change.expected,
            Side::Actual => change.actual,
        };
        let Some(object) = object else { continue };
        text.push_str(&format!(
            "\n-- {} {}: {label}:\n",
            object.object_type,
            comment_text(&object.identity)
        ));
        let shown = statement(object, &children)
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Object {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn guards_pick_a_dollar_tag_the_text_does_not_contain() {
        let sql = guarded("true", "SELECT '$schemagate$'");
        assert!(sql.starts_with("DO $schemagate1$\n"), "{sql}");
        assert!(sql.ends_with("$schemagate1$;"));
    }

    #[test]
    fn views_follow_what_they_read_and_foreign_keys_follow_their_tables() {
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
        assert!(schema < c && c < b, "{text}");
    }

    #[test]
    fn grants_split_grant_options_and_buckets_quote_values() {
        let grant = object(
            json!({"type": "grant", "identity": "column public.t.a to anon", "definition": {"privileges": ["SELECT", "UPDATE WITH GRANT OPTION"]},
            "sql": {"on": "TABLE public.t", "columns": "(a)", "grantee": "anon"}}),
        );
        assert_eq!(
            grant_sql(&grant),
            "GRANT SELECT (a) ON TABLE public.t TO anon;\nGRANT UPDATE (a) ON TABLE public.t TO anon WITH GRANT OPTION;"
        );
        let bucket = object(
            json!({"type": "storage_bucket", "identity": "it's", "definition": {"name": "it's", "public": true, "allowed_mime_types": ["image/png"]}}),
        );
        assert_eq!(
            bucket_sql(&bucket),
            "INSERT INTO storage.buckets (id, \"allowed_mime_types\", \"name\", \"public\") VALUES ('it''s', ARRAY['image/png']::text[], 'it''s', true) ON CONFLICT (id) DO NOTHING;"
        );
    }

    fn grant_sql(o: &Object) -> String {
        grant(o).unwrap()
    }

    fn bucket_sql(o: &Object) -> String {
        bucket(o)
    }
}
