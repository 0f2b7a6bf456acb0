//! schemagate: a pre-merge checker for PostgreSQL and Supabase migrations.
//!
//! Data flows one way: discover (`migrations`) → check (`sandbox`) →
//! apply (`postgres`, `shim`, `apply`) → verify (`verify`) → report
//! (`report`). `throwaway` prepares the database `check` and `drift` apply
//! to. `commands` wires these into one pipeline per subcommand.

pub mod advisors;
pub mod apply;
pub mod changes;
pub mod cli;
pub mod commands;
pub mod config;
pub mod drift;
pub mod fingerprint;
pub mod freeze;
pub mod github;
pub mod guard;
pub mod history;
pub mod lint;
pub mod migrations;
pub mod monorepo;
pub mod pgtap;
pub mod postgres;
pub mod project_file;
pub mod quote;
pub mod remote;
pub mod report;
pub mod run_error;
pub mod sandbox;
pub mod scrub;
pub mod shim;
pub mod single_query;
pub mod throwaway;
pub mod trace;
pub mod verify;
