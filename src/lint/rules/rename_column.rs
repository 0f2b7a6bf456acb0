//! `rename-column`.

use pg_query::protobuf::ObjectType;
use pg_query::NodeEnum;

use crate::lint::context::{Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags `ALTER TABLE ... RENAME COLUMN` on a column that existed before
/// this migration.
///
/// ## Why is this bad?
/// Deployed code, and PostgREST queries that select the column by name,
/// fail from the moment the migration commits until new code is out.
///
/// ## Example
/// ```sql
/// alter table public.featured_queue rename column council_name to council;
/// ```
///
/// ## Use instead
/// Add the new column, write both from the code, backfill, switch reads,
/// then drop the old column in a later migration.
pub fn rename_column(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let NodeEnum::RenameStmt(rename) = &statement.node else {
            continue;
        };
        if rename.rename_type() != ObjectType::ObjectColumn
            || rename.relation_type() != ObjectType::ObjectTable
        {
            continue;
        }
        let Some(table) = rename.relation.as_ref().map(TableName::of) else {
            continue;
        };
        if !ctx.is_new_column(&table, &rename.subname, index) {
            violations.push(Violation::new(
                index,
                format!(
                    "renames column {table}.{} to {}: deployed code that uses the old name breaks",
                    rename.subname, rename.newname
                ),
                "add the new column, write both, backfill, switch reads, then drop the old one in a later migration",
            ));
        }
    }
    violations
}
