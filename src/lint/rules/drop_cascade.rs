//! `drop-cascade`.

use pg_query::protobuf::{AlterTableType, DropBehavior, ObjectType};
use pg_query::NodeEnum;

use crate::lint::context::{alter_commands, dropped_objects, relations, Context, TableName};
use crate::lint::Violation;

/// ## What it does
/// Flags `DROP ... CASCADE`, `TRUNCATE ... CASCADE`, `ALTER TABLE ... DROP
/// ... CASCADE` and `DROP OWNED`: the "emergency reset" class of statement.
///
/// ## Why is this bad?
/// `CASCADE` also removes whatever depends on the target, and nothing in
/// the migration says what that is: views, foreign keys, policies, other
/// tables' rows (for `TRUNCATE`). What it reaches on production can be much
/// more than on a developer's database. `DROP OWNED` drops everything a
/// role owns.
///
/// ## Example
/// ```sql
/// drop table public.listings cascade;
/// ```
///
/// ## Use instead
/// Drop the dependent objects explicitly first, then the target without
/// `CASCADE`, so the migration fails instead of destroying something
/// unexpected.
pub fn drop_cascade(ctx: &Context) -> Vec<Violation> {
    let help = "drop the dependent objects explicitly, then the target without CASCADE, so a surprise dependency fails the migration instead of disappearing";
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let message = match &statement.node {
            NodeEnum::DropStmt(drop) if drop.behavior() == DropBehavior::DropCascade => {
                let objects = dropped_objects(drop);
                let all_new_tables = drop.remove_type() == ObjectType::ObjectTable
                    && objects.iter().all(|parts| {
                        TableName::from_parts(parts).is_some_and(|t| ctx.is_new_table(&t, index))
                    });
                if all_new_tables {
                    continue;
                }
                let names: Vec<String> = objects.iter().map(|p| p.join(".")).collect();
                format!(
                    "DROP ... CASCADE also drops everything that depends on {}",
                    names.join(", ")
                )
            }
            NodeEnum::TruncateStmt(truncate)
                if truncate.behavior() == DropBehavior::DropCascade =>
            {
                let names: Vec<String> = relations(&truncate.relations)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                format!(
                    "TRUNCATE ... CASCADE also empties every table with a foreign key to {}",
                    names.join(", ")
                )
            }
            NodeEnum::DropOwnedStmt(_) => {
                "DROP OWNED drops every object the role owns, in every schema of the database"
                    .to_string()
            }
            NodeEnum::AlterTableStmt(alter) => {
                let Some(table) = alter.relation.as_ref().map(TableName::of) else {
                    continue;
                };
                let cascading = alter_commands(alter).find(|cmd| {
                    cmd.behavior() == DropBehavior::DropCascade
                        && matches!(
                            cmd.subtype(),
                            AlterTableType::AtDropColumn | AlterTableType::AtDropConstraint
                        )
                        && !ctx.is_new_table(&table, index)
                });
                let Some(cmd) = cascading else {
                    continue;
                };
                format!(
                    "DROP ... CASCADE on {table}.{} also drops whatever depends on it (views, foreign keys)",
                    cmd.name
                )
            }
            _ => continue,
        };
        violations.push(Violation::new(index, message, help));
    }
    violations
}
