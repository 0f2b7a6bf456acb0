//! `rename-table`.

use pg_query::protobuf::ObjectType;
use pg_query::NodeEnum;

use crate::lint::context::{Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags `ALTER TABLE ... RENAME TO` on a table this migration did not
/// create.
///
/// ## Why is this bad?
/// The code that is deployed while the migration runs (and the Supabase
/// clients generated from the old schema) still use the old name: every
/// query on it fails from the moment the migration commits until new code
/// is out.
///
/// ## Example
/// ```sql
/// alter table public.featured_queue rename to promotions;
/// ```
///
/// ## Use instead
/// Create the new name as a view of the old table (or the other way round)
/// so both names work during the deploy, then drop the old name later.
pub fn rename_table(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let NodeEnum::RenameStmt(rename) = &statement.node else {
            continue;
        };
        if rename.rename_type() != ObjectType::ObjectTable {
            continue;
        }
        let Some(table) = rename.relation.as_ref().map(TableName::of) else {
            continue;
        };
        if !ctx.is_new_table(&table, index) {
            violations.push(Violation::new(
                index,
                format!("renames {table} to {}: deployed code that uses the old name breaks", rename.newname),
                "keep the old name working during the deploy (a view), and drop it once no code uses it",
            ));
        }
    }
    violations
}
