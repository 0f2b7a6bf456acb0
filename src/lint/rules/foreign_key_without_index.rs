//! `foreign-key-without-index`.

use pg_query::protobuf::{AlterTableType, ColumnDef, ConstrType, Constraint};
use pg_query::NodeEnum;

use crate::lint::context::{
    alter_commands, column_constraints, column_def, constraint_def, strings, Context, TableName,
};
use crate::lint::Violation;

/// A foreign key this file declares on new columns.
struct ForeignKey {
    statement: usize,
    table: TableName,
    columns: Vec<String>,
    target: String,
}

/// What the file declares: foreign keys to check, and the indexes (and
/// keys that come with one) that can serve them.
#[derive(Default)]
struct Declared {
    keys: Vec<ForeignKey>,
    indexes: Vec<(TableName, Vec<String>)>,
}

/// ## What it does
/// Flags a foreign key on columns this migration creates (in `CREATE
/// TABLE`, `ADD COLUMN`, or `ADD CONSTRAINT` on such columns) when the
/// migration creates no index whose leading columns are the foreign key's
/// columns (a primary key or unique constraint counts).
///
/// ## Why is this bad?
/// PostgreSQL indexes the referenced side, not the referencing one. Every
/// delete or key update of a referenced row (a user deleted from
/// `auth.users`) scans the referencing table, under lock, and every join
/// along the key is a sequential scan. Supabase's advisor reports the same
/// (`unindexed_foreign_keys`).
///
/// ## Example
/// ```sql
/// create table public.orders (
///   id uuid primary key,
///   customer_id uuid references auth.users (id)
/// );
/// ```
///
/// ## Use instead
/// ```sql
/// create index orders_customer_id_idx on public.orders (customer_id);
/// ```
pub fn foreign_key_without_index(ctx: &Context) -> Vec<Violation> {
    let mut declared = Declared::default();
    for (index, statement) in ctx.statements.iter().enumerate() {
        match &statement.node {
            NodeEnum::CreateStmt(create) => {
                let Some(table) = create.relation.as_ref().map(TableName::of) else {
                    continue;
                };
                for element in &create.table_elts {
                    match element.node.as_ref() {
                        Some(NodeEnum::ColumnDef(column)) => declared.column(column, &table, index),
                        Some(NodeEnum::Constraint(constraint)) => {
                            declared.note(constraint, &table, &[], index);
                        }
                        _ => {}
                    }
                }
            }
            NodeEnum::AlterTableStmt(alter) => {
                let Some(table) = alter.relation.as_ref().map(TableName::of) else {
                    continue;
                };
                for cmd in alter_commands(alter) {
                    match cmd.subtype() {
                        AlterTableType::AtAddColumn => {
                            if let Some(column) = column_def(&cmd.def) {
                                declared.column(column, &table, index);
                            }
                        }
                        AlterTableType::AtAddConstraint => {
                            let Some(constraint) = constraint_def(&cmd.def) else {
                                continue;
                            };
                            let columns = strings(&constraint.fk_attrs);
                            let new = columns.iter().all(|c| ctx.is_new_column(&table, c, index));
                            if constraint.contype() != ConstrType::ConstrForeign || new {
                                declared.note(constraint, &table, &[], index);
                            }
                        }
                        _ => {}
                    }
                }
            }
            NodeEnum::IndexStmt(create) => {
                let Some(table) = create.relation.as_ref().map(TableName::of) else {
                    continue;
                };
                // Only plain leading columns can serve a key lookup; an
                // expression ends the usable prefix.
                let columns = create
                    .index_params
                    .iter()
                    .map_while(|p| match p.node.as_ref() {
                        Some(NodeEnum::IndexElem(e)) if !e.name.is_empty() => Some(e.name.clone()),
                        _ => None,
                    })
                    .collect();
                if create.where_clause.is_none() {
                    declared.indexes.push((table, columns));
                }
            }
            _ => {}
        }
    }
    let Declared { keys, indexes } = declared;
    keys.iter()
        .filter(|key| {
            !indexes.iter().any(|(table, columns)| {
                *table == key.table
                    && columns.len() >= key.columns.len()
                    && key.columns.iter().all(|c| columns[..key.columns.len()].contains(c))
            })
        })
        .map(|key| {
            let columns = key.columns.join(", ");
            Violation::new(
                key.statement,
                format!(
                    "foreign key {}({columns}) → {} has no index on {}({columns}): deleting or updating a referenced row scans {}",
                    key.table, key.target, key.table, key.table
                ),
                format!("create index on {} ({columns});", key.table),
            )
        })
        .collect()
}

impl Declared {
    /// Records the constraints declared on a new column.
    fn column(&mut self, column: &ColumnDef, table: &TableName, statement: usize) {
        for constraint in column_constraints(column) {
            let name = std::slice::from_ref(&column.colname);
            self.note(constraint, table, name, statement);
        }
    }

    /// Records a constraint: a foreign key to check, or a key that indexes.
    /// `column` names the column of a column constraint.
    fn note(
        &mut self,
        constraint: &Constraint,
        table: &TableName,
        column: &[String],
        statement: usize,
    ) {
        let list = match constraint.contype() {
            ConstrType::ConstrForeign => &constraint.fk_attrs,
            _ => &constraint.keys,
        };
        let declared: Vec<String> = strings(list).into_iter().map(str::to_string).collect();
        let columns = if declared.is_empty() {
            column.to_vec()
        } else {
            declared
        };
        match constraint.contype() {
            ConstrType::ConstrForeign => self.keys.push(ForeignKey {
                statement,
                table: table.clone(),
                columns,
                target: constraint
                    .pktable
                    .as_ref()
                    .map(|t| TableName::of(t).to_string())
                    .unwrap_or_default(),
            }),
            ConstrType::ConstrPrimary | ConstrType::ConstrUnique
                if constraint.indexname.is_empty() =>
            {
                self.indexes.push((table.clone(), columns));
            }
            _ => {}
        }
    }
}
