//! `alter-column-type`.

use pg_query::protobuf::AlterTableType;

use crate::lint::context::{alter_commands, column_def, Context};
use crate::lint::Violation;

/// ## What it does
/// Flags `ALTER COLUMN ... TYPE` on a column that existed before this
/// migration.
///
/// ## Why is this bad?
/// Unless the old and new types are binary-compatible (`varchar(n)` to
/// `text` or to a longer `varchar`), PostgreSQL rewrites the whole table,
/// and every index on it, under an `ACCESS EXCLUSIVE` lock: nothing can
/// read or write the table until the migration commits. A narrower type
/// (or a `USING` conversion) can also fail on, or silently change,
/// production values that local data does not have. `schemagate check`
/// reports whether the table was actually rewritten (`traced-rewrite`).
///
/// ## Example
/// ```sql
/// alter table public.orders alter column total_cents type bigint;
/// ```
///
/// ## Use instead
/// Add a new column of the new type, backfill it in batches, switch the
/// code over, then drop the old column in a later migration.
pub fn alter_column_type(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, table, alter) in ctx.alter_tables() {
        for cmd in alter_commands(alter) {
            if cmd.subtype() != AlterTableType::AtAlterColumnType
                || ctx.is_new_column(&table, &cmd.name, index)
            {
                continue;
            }
            let using = column_def(&cmd.def).is_some_and(|c| c.raw_default.is_some());
            let conversion = if using {
                " with a USING conversion of every value"
            } else {
                ""
            };
            violations.push(Violation::new(
                index,
                format!(
                    "changes the type of {table}.{}{conversion}: unless the types are binary-compatible this rewrites the table under ACCESS EXCLUSIVE, and a narrower type can fail on or change existing values",
                    cmd.name
                ),
                "add a column of the new type, backfill it in batches, switch the code, then drop the old column later",
            ));
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use crate::lint::test_utils::{lint_errors, lint_ok};
    use crate::report::RuleId::AlterColumnType;

    #[test]
    fn fires_on_an_existing_column() {
        insta::assert_snapshot!(
            lint_errors("alter table public.orders alter column total_cents type bigint,\n  alter column status set data type varchar(10) using left(status, 10);", AlterColumnType),
            @r"
        1:1 changes the type of public.orders.total_cents: unless the types are binary-compatible this rewrites the table under ACCESS EXCLUSIVE, and a narrower type can fail on or change existing values
        1:1 changes the type of public.orders.status with a USING conversion of every value: unless the types are binary-compatible this rewrites the table under ACCESS EXCLUSIVE, and a narrower type can fail on or change existing values
        "
        );
    }

    #[test]
    fn a_new_table_or_column_is_fine() {
        lint_ok(
            "create table t (a int);\nalter table t alter column a type bigint;",
            AlterColumnType,
        );
        lint_ok(
            "alter table t add column b int;\nalter table t alter column b type bigint;",
            AlterColumnType,
        );
        lint_ok(
            "alter table t alter column a set default 0;",
            AlterColumnType,
        );
    }
}
