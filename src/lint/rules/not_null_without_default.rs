//! `not-null-without-default`.

use pg_query::protobuf::ConstrType;

use crate::lint::context::{has_constraint, Context};
use crate::lint::rules::volatile_default::is_serial;
use crate::lint::Violation;

/// ## What it does
/// Flags `ADD COLUMN ... NOT NULL` (or `PRIMARY KEY`) without a `DEFAULT`
/// on a table this migration did not create.
///
/// ## Why is this bad?
/// The existing rows would get NULL in a column that forbids it, so the
/// statement fails as soon as the table has a row. It passes on an empty
/// development database and fails on production.
///
/// ## Example
/// ```sql
/// alter table public.listings add column council text not null;
/// ```
///
/// ## Use instead
/// ```sql
/// alter table public.listings add column council text not null default 'unknown';
/// ```
/// or add it nullable, backfill it, and make it `NOT NULL` later (see
/// `set-not-null`).
pub fn not_null_without_default(ctx: &Context) -> Vec<Violation> {
    let mut violations = Vec::new();
    for (index, table, column) in ctx.columns_added_to_existing_tables() {
        let required = column.is_not_null
            || has_constraint(column, ConstrType::ConstrNotnull)
            || has_constraint(column, ConstrType::ConstrPrimary);
        let filled = column.raw_default.is_some()
            || is_serial(column)
            || [
                ConstrType::ConstrDefault,
                ConstrType::ConstrIdentity,
                ConstrType::ConstrGenerated,
            ]
            .into_iter()
            .any(|kind| has_constraint(column, kind));
        if required && !filled {
            violations.push(Violation::new(
                index,
                format!(
                    "adds NOT NULL column {} to {table} without a default: it fails as soon as the table has a row",
                    column.colname
                ),
                "give it a constant default, or add it nullable, backfill it, then set NOT NULL in a later migration",
            ));
        }
    }
    violations
}

#[cfg(test)]
mod tests {
    use crate::lint::test_utils::{lint_errors, lint_ok};
    use crate::report::RuleId::NotNullWithoutDefault;

    #[test]
    fn fires_on_an_existing_table() {
        insta::assert_snapshot!(
            lint_errors(
                "alter table public.listings add column council text not null, add column code int primary key;",
                NotNullWithoutDefault
            ),
            @r"
        1:1 adds NOT NULL column council to public.listings without a default: it fails as soon as the table has a row
        1:1 adds NOT NULL column code to public.listings without a default: it fails as soon as the table has a row
        "
        );
    }

    #[test]
    fn a_default_a_nullable_column_or_a_new_table_is_fine() {
        lint_ok(
            "alter table public.listings add column council text not null default 'unknown',\n\
             add column note text, add column n bigserial not null,\n\
             add column i int not null generated always as identity;",
            NotNullWithoutDefault,
        );
        lint_ok(
            "create table t (a int);\nalter table t add column b int not null;",
            NotNullWithoutDefault,
        );
    }
}
