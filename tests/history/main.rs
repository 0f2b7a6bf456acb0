//! Freeze, history integrity and remote alignment, on real git repositories
//! and a real PostgreSQL standing in for the live database.

mod changes;
#[path = "../common/mod.rs"]
mod common;
mod remote;

use std::path::Path;

use common::cli::{has, rules};
use common::git;
use serde_json::Value;

const M: &str = "supabase/migrations";

fn write(dir: &Path, path: &str, content: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A repository whose `main` has three migrations, checked out on a branch `pr`.
fn repo_with_history(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    write(root, "schemagate.toml", config);
    // A schema the API does not expose, so the safety analysis of new files
    // (which flags tables in `public` without RLS) stays out of these tests.
    write(
        root,
        &format!("{M}/20260101000000_listings.sql"),
        "create schema app;\ncreate table app.listings (id int primary key);\n",
    );
    write(
        root,
        &format!("{M}/20260102000000_products.sql"),
        "create table app.products (id int primary key);\n",
    );
    write(
        root,
        &format!("{M}/20260103000000_orders.sql"),
        "create table app.orders (id int primary key);\n",
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "base"]);
    git(root, &["checkout", "-qb", "pr"]);
    dir
}

/// One change a pull request makes to the migrations directory (paths are
/// file names in it).
#[derive(Debug, Clone, Copy)]
enum Edit<'a> {
    /// Writes a file, new or changed.
    Write(&'a str, &'a str),
    /// Deletes a file.
    Remove(&'a str),
    /// Renames a file with `git mv`.
    Rename(&'a str, &'a str),
}

/// [`repo_with_history`] with `edits` committed on the branch `pr`.
fn pull_request(config: &str, edits: &[Edit<'_>]) -> tempfile::TempDir {
    let dir = repo_with_history(config);
    let root = dir.path();
    for edit in edits {
        match *edit {
            Edit::Write(file, content) => write(root, &format!("{M}/{file}"), content),
            Edit::Remove(file) => std::fs::remove_file(root.join(format!("{M}/{file}"))).unwrap(),
            Edit::Rename(from, to) => {
                git(root, &["mv", &format!("{M}/{from}"), &format!("{M}/{to}")])
            }
        }
    }
    commit(root);
    dir
}

fn commit(dir: &Path) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "pr"]);
}

/// `check --base main` on the repository; returns (exit code, report).
fn check(dir: &Path, extra: &[&str], envs: &[(&str, &str)]) -> (i32, Value) {
    let flags = [&["--base", "main"], extra].concat();
    let run = common::cli::run_reported("check", dir, &flags, envs);
    (run.code, run.report)
}
