//! The idempotent statement that creates one object, for the catch-up and
//! capture migrations: `IF NOT EXISTS` and `CREATE OR REPLACE` where
//! PostgreSQL has them, an existence check in a `DO` block where it does not.

use std::collections::HashMap;

use serde_json::Value;

use super::{Object, ObjectType};
use crate::postgres::{quote_ident, quote_literal};

/// The idempotent statement(s) that create `object`; `children` maps a
/// parent key to its objects (a table's columns go in its CREATE TABLE).
pub fn create(object: &Object, children: &HashMap<&str, Vec<&Object>>) -> Option<String> {
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
    let tag = dollar_tag(&format!("{condition}{statement}"));
    format!("DO {tag}\nBEGIN\n  IF {condition} THEN\n    {statement};\n  END IF;\nEND\n{tag};")
}

/// A dollar-quote tag that `text` does not contain.
fn dollar_tag(text: &str) -> String {
    let mut tag = "$schemagate$".to_string();
    let mut n = 0;
    while text.contains(&tag) {
        n += 1;
        tag = format!("$schemagate{n}$");
    }
    tag
}

/// Revokes everything from the API roles that exist and from PUBLIC on
/// `target` (`TABLE public.t`), before the source's own grants.
pub fn revoke_api_roles(target: &str) -> String {
    let statement = format!("REVOKE ALL ON {target} FROM %I");
    let tag = dollar_tag(&statement);
    format!(
        "DO {tag}\nDECLARE\n  api_role text;\nBEGIN\n  FOR api_role IN SELECT rolname FROM pg_catalog.pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') LOOP\n    EXECUTE format({}, api_role);\n  END LOOP;\n  REVOKE ALL ON {target} FROM PUBLIC;\nEND\n{tag};",
        quote_literal(&statement)
    )
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
    fn revokes_loop_over_the_api_roles_that_exist() {
        let sql = revoke_api_roles("TABLE public.t");
        assert!(
            sql.contains("EXECUTE format('REVOKE ALL ON TABLE public.t FROM %I', api_role);"),
            "{sql}"
        );
        assert!(
            sql.contains("REVOKE ALL ON TABLE public.t FROM PUBLIC;"),
            "{sql}"
        );
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
