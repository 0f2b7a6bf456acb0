//! The static rules: one module and one function per rule; their tests are
//! one table, in `tests.rs`.

pub mod alter_column_type;
pub mod anon_grant_sensitive;
pub mod auth_uid_per_row;
pub mod constraint_without_not_valid;
pub mod dml_without_where;
pub mod drop_cascade;
pub mod drop_column;
pub mod drop_schema;
pub mod drop_table;
pub mod foreign_key_without_index;
pub mod index_without_concurrently;
pub mod missing_lock_timeout;
pub mod not_idempotent;
pub mod not_null_without_default;
pub mod rename_column;
pub mod rename_table;
pub mod rls_disabled;
pub mod rls_without_policy;
pub mod security_definer_search_path;
pub mod set_not_null;
pub mod truncate;
pub mod volatile_default;

#[cfg(test)]
mod tests;
