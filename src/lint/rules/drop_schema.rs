//! `drop-schema`.

use pg_query::protobuf::ObjectType;
use pg_query::NodeEnum;

use crate::lint::context::{dropped_objects, Context};
use crate::lint::Violation;

/// ## What it does
/// Flags `DROP SCHEMA` of a schema this migration did not create.
///
/// ## Why is this bad?
/// With `CASCADE` it drops every table, view and function in the schema,
/// data included; without it, it fails as soon as the schema holds anything,
/// which on production it usually does even when it is empty locally.
///
/// ## Example
/// ```sql
/// drop schema reporting cascade;
/// ```
///
/// ## Use instead
/// Drop the schema's objects one by one, in migrations that say why each
/// is safe, or move them elsewhere first.
pub fn drop_schema(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let NodeEnum::DropStmt(drop) = &statement.node else {
            continue;
        };
        if drop.remove_type() != ObjectType::ObjectSchema {
            continue;
        }
        for parts in dropped_objects(drop) {
            let schema = parts.join(".");
            if !ctx.is_new_schema(&schema, index) {
                violations.push(Violation::new(
                    index,
                    format!("drops schema {schema} and everything in it"),
                    "drop the objects you mean to drop one by one, each with its reason",
                ));
            }
        }
    }
    violations
}
