//! `not-idempotent`.

use pg_query::protobuf::{AlterTableType, ObjectType};
use pg_query::NodeEnum;

use crate::lint::context::{
    alter_commands, constraint_def, dropped_objects, strings, Context, TableName,
};
use crate::lint::Violation;

/// ## What it does
/// In a file marked idempotent (a `-- schemagate:idempotent` header, or
/// `[lint] idempotent` in `schemagate.toml`), flags statements that fail
/// or do their work twice when the file runs on a database that already
/// has its changes: `CREATE TABLE`/`INDEX`/`SCHEMA`/`SEQUENCE`/`EXTENSION`
/// and `ADD COLUMN` without `IF NOT EXISTS`, unnamed indexes, `CREATE
/// FUNCTION`/`VIEW`/`TRIGGER` without `OR REPLACE`, `CREATE POLICY` and
/// `ADD CONSTRAINT` not preceded by a matching `DROP ... IF EXISTS`,
/// `CREATE TYPE`, `DROP` without `IF EXISTS`, and renames.
///
/// ## Why is this bad?
/// A catch-up migration (bringing a database whose state drifted back in
/// line, like the seed plan's step 2) runs where some of its objects may
/// already exist. If it is not idempotent it fails there, or duplicates
/// indexes and constraints. `schemagate check` also re-applies such a file
/// to prove it (`idempotency-reapply`).
///
/// ## Example
/// ```sql
/// -- schemagate:idempotent
/// create table public.audit_logs (id uuid primary key);
/// create index on public.audit_logs (id);
/// ```
///
/// ## Use instead
/// ```sql
/// -- schemagate:idempotent
/// create table if not exists public.audit_logs (id uuid primary key);
/// create index if not exists audit_logs_id_idx on public.audit_logs (id);
/// drop policy if exists "read own" on public.audit_logs;
/// create policy "read own" on public.audit_logs for select using (true);
/// ```
pub fn not_idempotent(ctx: &Context) -> Vec<Violation> {
    if !ctx.idempotent {
        return Vec::new();
    }
    let mut dropped_first: Vec<(ObjectType, String)> = Vec::new();
    let mut violations = Vec::new();
    for (index, statement) in ctx.statements.iter().enumerate() {
        let mut report = |what: String, fix: &str| {
            violations.push(Violation::new(
                index,
                format!("{what}, so this file fails or repeats work the second time it runs"),
                fix.to_string(),
            ));
        };
        match &statement.node {
            NodeEnum::CreateStmt(c) if !c.if_not_exists => {
                let table = c.relation.as_ref().map(TableName::of);
                report(
                    format!("CREATE TABLE {} has no IF NOT EXISTS", display(table)),
                    "write CREATE TABLE IF NOT EXISTS",
                );
            }
            NodeEnum::CreateTableAsStmt(c) if !c.if_not_exists => report(
                "CREATE ... AS has no IF NOT EXISTS".to_string(),
                "write CREATE TABLE (or MATERIALIZED VIEW) IF NOT EXISTS ... AS",
            ),
            NodeEnum::IndexStmt(i) if i.idxname.is_empty() => report(
                "an unnamed CREATE INDEX builds a second, duplicate index".to_string(),
                "name the index and write CREATE INDEX IF NOT EXISTS <name>",
            ),
            NodeEnum::IndexStmt(i) if !i.if_not_exists => report(
                format!("CREATE INDEX {} has no IF NOT EXISTS", i.idxname),
                "write CREATE INDEX IF NOT EXISTS",
            ),
            NodeEnum::CreateSchemaStmt(s) if !s.if_not_exists => report(
                format!("CREATE SCHEMA {} has no IF NOT EXISTS", s.schemaname),
                "write CREATE SCHEMA IF NOT EXISTS",
            ),
            NodeEnum::CreateSeqStmt(s) if !s.if_not_exists => report(
                "CREATE SEQUENCE has no IF NOT EXISTS".to_string(),
                "write CREATE SEQUENCE IF NOT EXISTS",
            ),
            NodeEnum::CreateExtensionStmt(e) if !e.if_not_exists => report(
                format!("CREATE EXTENSION {} has no IF NOT EXISTS", e.extname),
                "write CREATE EXTENSION IF NOT EXISTS",
            ),
            NodeEnum::CreateFunctionStmt(f) if !f.replace => report(
                format!("CREATE FUNCTION {} has no OR REPLACE", strings(&f.funcname).join(".")),
                "write CREATE OR REPLACE FUNCTION",
            ),
            NodeEnum::ViewStmt(v) if !v.replace => report(
                "CREATE VIEW has no OR REPLACE".to_string(),
                "write CREATE OR REPLACE VIEW",
            ),
            NodeEnum::CreateTrigStmt(t) if !t.replace => report(
                format!("CREATE TRIGGER {} has no OR REPLACE", t.trigname),
                "write CREATE OR REPLACE TRIGGER (PostgreSQL 14+), or DROP TRIGGER IF EXISTS first",
            ),
            NodeEnum::CreatePolicyStmt(p) => {
                let table = p.table.as_ref().map(TableName::of);
                let key = format!("{}.{}", display(table.clone()), p.policy_name);
                if !dropped_first.contains(&(ObjectType::ObjectPolicy, key)) {
                    report(
                        format!("CREATE POLICY {:?} on {} is not preceded by DROP POLICY IF EXISTS", p.policy_name, display(table)),
                        "put DROP POLICY IF EXISTS with the same name and table just before it",
                    );
                }
            }
            NodeEnum::CreateEnumStmt(_) | NodeEnum::CompositeTypeStmt(_) | NodeEnum::CreateDomainStmt(_) => report(
                "CREATE TYPE/DOMAIN has no IF NOT EXISTS".to_string(),
                "create it inside a DO block that first checks pg_type, or DROP ... IF EXISTS first",
            ),
            NodeEnum::DropStmt(d) => {
                if d.missing_ok {
                    if d.remove_type() == ObjectType::ObjectPolicy {
                        for parts in dropped_objects(d) {
                            if let Some((policy, table)) = parts.split_last() {
                                let table = TableName::from_parts(table);
                                dropped_first.push((ObjectType::ObjectPolicy, format!("{}.{policy}", display(table))));
                            }
                        }
                    }
                } else {
                    report(
                        "DROP has no IF EXISTS".to_string(),
                        "write DROP ... IF EXISTS",
                    );
                }
            }
            NodeEnum::RenameStmt(_) => report(
                "a rename finds nothing to rename".to_string(),
                "guard it in a DO block that checks the old name exists",
            ),
            NodeEnum::AlterTableStmt(alter) => {
                let table = alter.relation.as_ref().map(TableName::of);
                for cmd in alter_commands(alter) {
                    match cmd.subtype() {
                        AlterTableType::AtAddColumn if !cmd.missing_ok => report(
                            format!("ADD COLUMN on {} has no IF NOT EXISTS", display(table.clone())),
                            "write ADD COLUMN IF NOT EXISTS",
                        ),
                        AlterTableType::AtDropConstraint | AlterTableType::AtDropColumn if !cmd.missing_ok => report(
                            format!("DROP {} on {} has no IF EXISTS", cmd.name, display(table.clone())),
                            "write DROP ... IF EXISTS",
                        ),
                        AlterTableType::AtDropConstraint => {
                            dropped_first.push((ObjectType::ObjectTabconstraint, format!("{}.{}", display(table.clone()), cmd.name)));
                        }
                        AlterTableType::AtAddConstraint => {
                            let name = constraint_def(&cmd.def).map(|c| c.conname.clone()).unwrap_or_default();
                            let key = (ObjectType::ObjectTabconstraint, format!("{}.{name}", display(table.clone())));
                            if name.is_empty() || !dropped_first.contains(&key) {
                                report(
                                    format!("ADD CONSTRAINT {name} on {} is not preceded by DROP CONSTRAINT IF EXISTS", display(table.clone())),
                                    "name the constraint and put ALTER TABLE ... DROP CONSTRAINT IF EXISTS <name> before it",
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    violations
}

fn display(table: Option<TableName>) -> String {
    table.map(|t| t.to_string()).unwrap_or_default()
}
