//! Compares two snapshots object by object.
//!
//! Objects are matched by key (type and identity), never by OID, so two
//! servers built the same way compare equal. An object that is missing (or
//! extra) together with the object it belongs to is folded into it: a
//! dropped table is one difference, not one per column.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Object, ObjectType, Scope, Snapshot};
use crate::report::{Difference, DifferenceKind, DriftCounts};

/// One object that differs, before folding is applied to the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<'a> {
    /// How it differs.
    pub kind: DifferenceKind,
    /// The object as the migrations define it.
    pub expected: Option<&'a Object>,
    /// The object as the live database has it.
    pub actual: Option<&'a Object>,
    /// The key of the reported change this one is part of, if any.
    pub folded_into: Option<String>,
    /// The object, from whichever side has it (the expected one for `different`).
    object: &'a Object,
}

impl<'a> Change<'a> {
    fn new(kind: DifferenceKind, expected: Option<&'a Object>, actual: &'a Object) -> Self {
        let object = expected.unwrap_or(actual);
        let expected = expected.filter(|_| kind != DifferenceKind::ExtraOnRemote);
        let actual = (kind != DifferenceKind::MissingOnRemote).then_some(actual);
        Change {
            kind,
            expected,
            actual,
            folded_into: None,
            object,
        }
    }

    /// The object (from whichever side has it).
    pub fn object(&self) -> &'a Object {
        self.object
    }
}

/// Every object in scope that differs between `expected` (the migrations
/// applied to a throwaway server) and `actual` (the live database), sorted
/// by type and identity.
pub fn diff<'a>(expected: &'a Snapshot, actual: &'a Snapshot, scope: &Scope) -> Vec<Change<'a>> {
    let mut changes = Vec::new();
    for (key, object) in &expected.objects {
        if !scope.includes(object, expected) {
            continue;
        }
        match actual.get(key) {
            None => changes.push(Change::new(
                DifferenceKind::MissingOnRemote,
                Some(object),
                object,
            )),
            Some(other) if !same(object, other) => {
                changes.push(Change::new(DifferenceKind::Different, Some(object), other))
            }
            Some(_) => {}
        }
    }
    for (key, object) in &actual.objects {
        if scope.includes(object, actual) && !expected.objects.contains_key(key) {
            changes.push(Change::new(DifferenceKind::ExtraOnRemote, None, object));
        }
    }
    fold(&mut changes, expected, actual);
    changes.sort_by(|a, b| {
        let (a, b) = (a.object(), b.object());
        (a.object_type, &a.identity).cmp(&(b.object_type, &b.identity))
    });
    changes
}

/// Whether two objects with the same key are defined the same way.
fn same(expected: &Object, actual: &Object) -> bool {
    if expected.object_type == ObjectType::Extension {
        // A stub stands in for production's real extension: its version
        // says nothing about production's.
        let emulated = |o: &Object| o.definition.get("emulated") == Some(&Value::Bool(true));
        if emulated(expected) || emulated(actual) {
            return expected.attribute("schema") == actual.attribute("schema");
        }
    }
    expected.definition == actual.definition
}

/// Marks each missing (extra) change whose ancestor is missing (extra) too
/// as part of the outermost such ancestor.
fn fold(changes: &mut [Change<'_>], expected: &Snapshot, actual: &Snapshot) {
    let keys = |kind: DifferenceKind| -> BTreeSet<String> {
        changes
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.object().key())
            .collect()
    };
    let missing = keys(DifferenceKind::MissingOnRemote);
    let extra = keys(DifferenceKind::ExtraOnRemote);
    for change in changes.iter_mut() {
        let (set, snapshot) = match change.kind {
            DifferenceKind::MissingOnRemote => (&missing, expected),
            DifferenceKind::ExtraOnRemote => (&extra, actual),
            DifferenceKind::Different => continue,
        };
        change.folded_into = snapshot
            .lineage(&change.object().key())
            .into_iter()
            .rfind(|ancestor| set.contains(*ancestor))
            .map(str::to_string);
    }
}

/// The report's view of the changes: folded ones are listed under the
/// change they belong to.
pub fn differences(changes: &[Change<'_>]) -> Vec<Difference> {
    let mut reported: Vec<Difference> = Vec::new();
    let mut index = std::collections::BTreeMap::new();
    for change in changes.iter().filter(|c| c.folded_into.is_none()) {
        let object = change.object();
        index.insert(object.key(), reported.len());
        reported.push(Difference {
            kind: change.kind,
            object_type: object.object_type.as_str().to_string(),
            identity: object.identity.clone(),
            expected: change.expected.map(|o| Value::Object(o.definition.clone())),
            actual: change.actual.map(|o| Value::Object(o.definition.clone())),
            includes: Vec::new(),
        });
    }
    for change in changes {
        if let Some(position) = change.folded_into.as_ref().and_then(|k| index.get(k)) {
            reported[*position].includes.push(change.object().key());
        }
    }
    reported
}

/// Counts by kind.
pub fn counts(differences: &[Difference]) -> DriftCounts {
    let count = |kind| differences.iter().filter(|d| d.kind == kind).count();
    DriftCounts {
        missing_on_remote: count(DifferenceKind::MissingOnRemote),
        extra_on_remote: count(DifferenceKind::ExtraOnRemote),
        different: count(DifferenceKind::Different),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(object_type: ObjectType, identity: &str, parent: Option<&str>, def: Value) -> Object {
        Object {
            object_type,
            identity: identity.to_string(),
            name: None,
            schema: Some("public".into()),
            parent: parent.map(str::to_string),
            definition: def.as_object().cloned().unwrap_or_default(),
            ddl: None,
            depends: Vec::new(),
            function_schema: None,
            order: 0,
            sql: Default::default(),
        }
    }

    /// Table `public.t`, with row level security on or off.
    fn table_t(row_level_security: bool) -> Object {
        let def = json!({ "row_level_security": row_level_security });
        object(ObjectType::Table, "public.t", None, def)
    }

    /// A column of `public.t` (`name`) of type `column_type`.
    fn column_of_t(name: &str, column_type: &str) -> Object {
        let identity = format!("public.t.{name}");
        let def = json!({ "type": column_type });
        object(ObjectType::Column, &identity, Some("table public.t"), def)
    }

    fn snapshot(objects: Vec<Object>) -> Snapshot {
        let mut snapshot = Snapshot::default();
        snapshot.extend(objects);
        snapshot
    }

    #[test]
    fn a_missing_table_is_one_difference_including_its_columns() {
        let table = table_t(true);
        let column = column_of_t("id", "integer");
        let comment = object(
            ObjectType::Comment,
            "column public.t.id",
            Some("column public.t.id"),
            json!({"comment": "x"}),
        );
        let expected = snapshot(vec![table, column, comment]);
        let actual = snapshot(vec![]);
        let changes = diff(&expected, &actual, &Scope::default());
        assert_eq!(changes.len(), 3);
        let reported = differences(&changes);
        assert_eq!(reported.len(), 1);
        assert_eq!(reported[0].kind, DifferenceKind::MissingOnRemote);
        assert_eq!(reported[0].identity, "public.t");
        assert_eq!(
            reported[0].includes,
            ["column public.t.id", "comment column public.t.id"]
        );
    }

    #[test]
    fn definitions_are_compared_and_extras_found() {
        let expected = snapshot(vec![table_t(true), column_of_t("a", "text")]);
        let actual = snapshot(vec![
            table_t(false),
            column_of_t("a", "text"),
            column_of_t("b", "text"),
        ]);
        let reported = differences(&diff(&expected, &actual, &Scope::default()));
        let kinds: Vec<_> = reported
            .iter()
            .map(|d| (d.kind, d.identity.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (DifferenceKind::Different, "public.t"),
                (DifferenceKind::ExtraOnRemote, "public.t.b")
            ]
        );
        assert_eq!(
            reported[0].actual,
            Some(json!({"row_level_security": false}))
        );
        assert_eq!(counts(&reported).extra_on_remote, 1);
    }

    #[test]
    fn a_stubbed_extension_matches_the_real_one_whatever_its_version() {
        let mut stub = object(
            ObjectType::Extension,
            "pg_net",
            None,
            json!({"schema": "extensions", "version": "0.1", "emulated": true}),
        );
        stub.schema = None;
        let mut real = object(
            ObjectType::Extension,
            "pg_net",
            None,
            json!({"schema": "extensions", "version": "0.14.0"}),
        );
        real.schema = None;
        assert!(diff(
            &snapshot(vec![stub]),
            &snapshot(vec![real]),
            &Scope::default()
        )
        .is_empty());
    }
}
