//! One migration file as the rules see it: its statements parsed by
//! PostgreSQL's own grammar (`pg_query`), and what the file itself creates,
//! so that a rule can tell a table that existed before the migration from
//! one created a few lines up.

use std::collections::HashMap;
use std::fmt;

use pg_query::protobuf::{self, AlterTableType, ConstrType, ObjectType};
use pg_query::{Node, NodeEnum};

use super::parse::parse;
pub use super::parse::{Statement, SyntaxError};
use crate::config::LintSettings;
pub use crate::migrations::nodes::strings;
use crate::migrations::Migration;

/// A table (or view) name, schema-qualified: an unqualified name is taken
/// to be in `public`, the first existing schema of Supabase's search path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableName {
    /// The schema.
    pub schema: String,
    /// The relation's name.
    pub name: String,
}

impl TableName {
    /// The name a `RangeVar` refers to.
    pub fn of(relation: &protobuf::RangeVar) -> TableName {
        let schema = if relation.relpersistence == "t" {
            "pg_temp"
        } else if relation.schemaname.is_empty() {
            "public"
        } else {
            relation.schemaname.as_str()
        };
        TableName {
            schema: schema.to_string(),
            name: relation.relname.clone(),
        }
    }

    /// The name from a list of identifiers (`schema.name` or `name`).
    pub fn from_parts(parts: &[&str]) -> Option<TableName> {
        match parts {
            [name] => Some(TableName {
                schema: "public".to_string(),
                name: (*name).to_string(),
            }),
            [.., schema, name] => Some(TableName {
                schema: (*schema).to_string(),
                name: (*name).to_string(),
            }),
            [] => None,
        }
    }

    /// Whether this is a temporary table, which only the migration's own
    /// session ever sees.
    pub fn is_temporary(&self) -> bool {
        self.schema == "pg_temp"
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// A migration file, parsed, with what it creates.
#[derive(Debug)]
pub struct Context<'a> {
    /// The file's statements, in order.
    pub statements: Vec<Statement>,
    /// Statements the parser rejected.
    pub syntax_errors: Vec<SyntaxError>,
    /// Project settings.
    pub settings: &'a LintSettings,
    /// Whether the file is marked idempotent.
    pub idempotent: bool,
    tables: HashMap<TableName, usize>,
    columns: HashMap<(TableName, String), usize>,
    schemas: HashMap<String, usize>,
}

impl<'a> Context<'a> {
    /// Parses `migration` and records what it creates.
    pub fn new(migration: &Migration, settings: &'a LintSettings, idempotent: bool) -> Self {
        let (statements, syntax_errors) = parse(migration);
        let mut context = Context {
            statements,
            syntax_errors,
            settings,
            idempotent,
            tables: HashMap::new(),
            columns: HashMap::new(),
            schemas: HashMap::new(),
        };
        context.record_creations();
        context
    }

    fn record_creations(&mut self) {
        let mut tables = Vec::new();
        let mut columns = Vec::new();
        let mut schemas = Vec::new();
        for (index, statement) in self.statements.iter().enumerate() {
            match &statement.node {
                NodeEnum::CreateStmt(create) => {
                    if let Some(relation) = &create.relation {
                        tables.push((TableName::of(relation), index));
                    }
                }
                NodeEnum::CreateTableAsStmt(create) => {
                    if let Some(relation) = create.into.as_ref().and_then(|i| i.rel.as_ref()) {
                        tables.push((TableName::of(relation), index));
                    }
                }
                // `CREATE OR REPLACE VIEW` may replace a view in use.
                NodeEnum::ViewStmt(view) if !view.replace => {
                    if let Some(relation) = &view.view {
                        tables.push((TableName::of(relation), index));
                    }
                }
                NodeEnum::AlterTableStmt(alter) => {
                    let Some(table) = alter.relation.as_ref().map(TableName::of) else {
                        continue;
                    };
                    for cmd in alter_commands(alter) {
                        if cmd.subtype() == AlterTableType::AtAddColumn {
                            if let Some(column) = column_def(&cmd.def) {
                                columns.push(((table.clone(), column.colname.clone()), index));
                            }
                        }
                    }
                }
                NodeEnum::CreateSchemaStmt(schema) => {
                    schemas.push((schema.schemaname.clone(), index))
                }
                _ => {}
            }
        }
        for (table, index) in tables {
            self.tables.entry(table).or_insert(index);
        }
        for (column, index) in columns {
            self.columns.entry(column).or_insert(index);
        }
        for (schema, index) in schemas {
            self.schemas.entry(schema).or_insert(index);
        }
    }

    /// Whether `table` was created by this file before statement `at`, so
    /// nothing outside the migration can be using it yet.
    pub fn is_new_table(&self, table: &TableName, at: usize) -> bool {
        table.is_temporary() || self.tables.get(table).is_some_and(|&i| i < at)
    }

    /// The tables statements act on that existed before this migration, each
    /// with its statement's index: `targets` names what one statement acts on
    /// (with whatever its message needs), and nothing for other statements.
    pub fn existing_tables<T>(
        &self,
        targets: impl Fn(&NodeEnum) -> Vec<(TableName, T)>,
    ) -> Vec<(usize, TableName, T)> {
        let mut found = Vec::new();
        for (index, statement) in self.statements.iter().enumerate() {
            for (table, detail) in targets(&statement.node) {
                if !self.is_new_table(&table, index) {
                    found.push((index, table, detail));
                }
            }
        }
        found
    }

    /// Whether column `column` of `table` is new: its table is, or this file
    /// added it before statement `at`.
    pub fn is_new_column(&self, table: &TableName, column: &str, at: usize) -> bool {
        self.is_new_table(table, at)
            || self
                .columns
                .get(&(table.clone(), column.to_string()))
                .is_some_and(|&i| i < at)
    }

    /// Whether this file created `schema` before statement `at`.
    pub fn is_new_schema(&self, schema: &str, at: usize) -> bool {
        self.schemas.get(schema).is_some_and(|&i| i < at)
    }

    /// Every `ALTER TABLE` of the file on a table, with its index and table.
    pub fn alter_tables(
        &self,
    ) -> impl Iterator<Item = (usize, TableName, &protobuf::AlterTableStmt)> + '_ {
        self.statements
            .iter()
            .enumerate()
            .filter_map(|(index, statement)| match &statement.node {
                NodeEnum::AlterTableStmt(alter) if alter.objtype() == ObjectType::ObjectTable => {
                    let table = TableName::of(alter.relation.as_ref()?);
                    Some((index, table, alter))
                }
                _ => None,
            })
    }

    /// Every `ADD COLUMN` on a table this migration did not create:
    /// (statement index, table, column). The shared loop of the rules about
    /// what a new column costs an existing table.
    pub fn columns_added_to_existing_tables(
        &self,
    ) -> impl Iterator<Item = (usize, TableName, &protobuf::ColumnDef)> + '_ {
        self.alter_tables()
            .filter(|(index, table, _)| !self.is_new_table(table, *index))
            .flat_map(|(index, table, alter)| {
                alter_commands(alter)
                    .filter(|cmd| cmd.subtype() == AlterTableType::AtAddColumn)
                    .filter_map(|cmd| column_def(&cmd.def))
                    .map(move |column| (index, table.clone(), column))
            })
    }

    /// Every `ALTER TABLE` subcommand of `kind` on a column this migration
    /// did not create: (statement index, table, command). The shared loop
    /// of the rules about changing a column production already has.
    pub fn existing_column_commands(
        &self,
        kind: AlterTableType,
    ) -> impl Iterator<Item = (usize, TableName, &protobuf::AlterTableCmd)> + '_ {
        self.alter_tables().flat_map(move |(index, table, alter)| {
            alter_commands(alter).filter_map(move |cmd| {
                let existing = !self.is_new_column(&table, &cmd.name, index);
                (cmd.subtype() == kind && existing).then(|| (index, table.clone(), cmd))
            })
        })
    }
}

/// The commands of an `ALTER TABLE`.
pub fn alter_commands(
    alter: &protobuf::AlterTableStmt,
) -> impl Iterator<Item = &protobuf::AlterTableCmd> {
    alter.cmds.iter().filter_map(|n| match n.node.as_ref() {
        Some(NodeEnum::AlterTableCmd(cmd)) => Some(cmd.as_ref()),
        _ => None,
    })
}

/// The column definition an `ADD COLUMN` carries.
pub fn column_def(def: &Option<Box<Node>>) -> Option<&protobuf::ColumnDef> {
    match def.as_ref()?.node.as_ref()? {
        NodeEnum::ColumnDef(column) => Some(column),
        _ => None,
    }
}

/// The constraints an `ALTER TABLE` adds, by `ADD CONSTRAINT` or inline in
/// `ADD COLUMN` (then `true`: the column comes with it).
pub fn added_constraints(
    alter: &protobuf::AlterTableStmt,
) -> impl Iterator<Item = (&protobuf::Constraint, bool)> {
    alter_commands(alter).flat_map(|cmd| {
        let (constraints, inline): (Vec<_>, bool) = match cmd.subtype() {
            AlterTableType::AtAddConstraint => {
                (constraint_def(&cmd.def).into_iter().collect(), false)
            }
            AlterTableType::AtAddColumn => (
                column_def(&cmd.def)
                    .map(|c| column_constraints(c).collect())
                    .unwrap_or_default(),
                true,
            ),
            _ => (Vec::new(), false),
        };
        constraints.into_iter().map(move |c| (c, inline))
    })
}

/// The constraint an `ADD CONSTRAINT` carries.
pub fn constraint_def(def: &Option<Box<Node>>) -> Option<&protobuf::Constraint> {
    match def.as_ref()?.node.as_ref()? {
        NodeEnum::Constraint(constraint) => Some(constraint),
        _ => None,
    }
}

/// The constraints declared on a column.
pub fn column_constraints(
    column: &protobuf::ColumnDef,
) -> impl Iterator<Item = &protobuf::Constraint> {
    column
        .constraints
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(NodeEnum::Constraint(c)) => Some(c.as_ref()),
            _ => None,
        })
}

/// Whether a column declares a constraint of this type.
pub fn has_constraint(column: &protobuf::ColumnDef, kind: ConstrType) -> bool {
    column_constraints(column).any(|c| c.contype() == kind)
}

/// The relations a list of `RangeVar` nodes names.
pub fn relations(nodes: &[Node]) -> Vec<TableName> {
    nodes
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(NodeEnum::RangeVar(r)) => Some(TableName::of(r)),
            _ => None,
        })
        .collect()
}

/// The name parts of each object a `DROP` names (`schema.table.policy`).
pub fn dropped_objects(drop: &protobuf::DropStmt) -> Vec<Vec<&str>> {
    drop.objects
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(NodeEnum::List(list)) => Some(strings(&list.items)),
            Some(NodeEnum::String(s)) => Some(vec![s.sval.as_str()]),
            _ => None,
        })
        .collect()
}

/// The function name of a call, lowercased parts (`["auth", "uid"]`).
pub fn function_name(call: &protobuf::FuncCall) -> Vec<&str> {
    strings(&call.funcname)
}

/// Whether a function name is `name`, qualified by `schema` or not.
pub fn is_function(parts: &[&str], schema: &str, name: &str) -> bool {
    match parts {
        [n] => *n == name,
        [s, n] => *s == schema && *n == name,
        _ => false,
    }
}
