//! `missing-lock-timeout`.

use pg_query::protobuf::{self, AlterTableType, ConstrType, ObjectType, VariableSetKind};
use pg_query::{NodeEnum, NodeRef};

use crate::lint::context::{
    alter_commands, column_constraints, constraint_def, dropped_objects, function_name, relations,
    Context, TableName,
};
use crate::lint::walk::walk;
use crate::lint::Violation;

/// `LockStmt.mode` of `ACCESS EXCLUSIVE` (PostgreSQL's `AccessExclusiveLock`).
const ACCESS_EXCLUSIVE_LOCK: i32 = 8;

/// ## What it does
/// Flags the first statement of a file that takes a lock blocking writes on
/// a relation that existed before the migration, when no `SET lock_timeout`
/// comes before it: `ACCESS EXCLUSIVE` (most `ALTER TABLE` forms, `DROP`,
/// `TRUNCATE`, renames, `CREATE`/`ALTER`/`DROP POLICY`, `DROP TRIGGER`,
/// `LOCK TABLE`, `CREATE OR REPLACE VIEW` of a view the file did not
/// create), `SHARE` (`CREATE INDEX`) or `SHARE ROW EXCLUSIVE` (a
/// foreign key to an existing table, `CREATE TRIGGER`).
///
/// ## Why is this bad?
/// The lock request waits behind any transaction using the table (a long
/// report, a stuck connection), and while it waits every query that
/// conflicts with it (every query at all, for `ACCESS EXCLUSIVE`; every
/// write otherwise) queues behind it: a quick `ALTER TABLE` becomes an
/// outage. Supabase runs migrations with no lock timeout.
///
/// ## Example
/// ```sql
/// alter table public.listings add column council text;
/// ```
///
/// ## Use instead
/// ```sql
/// set lock_timeout = '5s';
/// alter table public.listings add column council text;
/// ```
/// The migration then fails fast when the table is busy, and can be retried.
pub fn missing_lock_timeout(ctx: &Context) -> Vec<Violation> {
    let mut timeout_set = false;
    for (index, statement) in ctx.statements.iter().enumerate() {
        if let Some(set) = sets_lock_timeout(&statement.node) {
            timeout_set = set;
            continue;
        }
        if timeout_set {
            continue;
        }
        if let Some((target, mode, waiting)) = write_blocking_lock(ctx, index, &statement.node) {
            return vec![Violation::new(
                index,
                format!("takes {mode} on {target} with no lock_timeout set: while it waits for the lock, {waiting} on {target} queue behind it"),
                "start the file with `set lock_timeout = '5s';` so the migration fails fast (and can be retried) instead of stalling the app",
            )];
        }
    }
    Vec::new()
}

/// Whether a statement sets (`Some(true)`) or clears (`Some(false)`) a lock timeout.
fn sets_lock_timeout(node: &NodeEnum) -> Option<bool> {
    match node {
        NodeEnum::VariableSetStmt(set) if set.name == "lock_timeout" => {
            Some(set.kind() == VariableSetKind::VarSetValue && !set.args.iter().all(is_zero))
        }
        NodeEnum::SelectStmt(select) => {
            let mut found = None;
            for target in &select.target_list {
                walk(target, &mut |n| {
                    if let NodeRef::FuncCall(call) = n {
                        if function_name(call).last() == Some(&"set_config")
                            && call
                                .args
                                .first()
                                .is_some_and(|a| string_constant(a) == Some("lock_timeout"))
                        {
                            found = Some(call.args.get(1).is_some_and(|a| !is_zero(a)));
                        }
                    }
                    true
                });
            }
            found
        }
        _ => None,
    }
}

fn string_constant(node: &pg_query::Node) -> Option<&str> {
    match node.node.as_ref()? {
        NodeEnum::AConst(c) => match c.val.as_ref()? {
            protobuf::a_const::Val::Sval(s) => Some(&s.sval),
            _ => None,
        },
        _ => None,
    }
}

fn is_zero(node: &pg_query::Node) -> bool {
    match node.node.as_ref() {
        Some(NodeEnum::AConst(c)) => match c.val.as_ref() {
            Some(protobuf::a_const::Val::Ival(i)) => i.ival == 0,
            Some(protobuf::a_const::Val::Sval(s)) => {
                s.sval
                    .trim()
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    == "0"
            }
            _ => false,
        },
        _ => false,
    }
}

const ACCESS_EXCLUSIVE: (&str, &str) = ("ACCESS EXCLUSIVE", "all queries");
const SHARE_ROW_EXCLUSIVE: (&str, &str) = ("SHARE ROW EXCLUSIVE", "writes");
const SHARE: (&str, &str) = ("SHARE", "writes");

/// The pre-existing relation a statement locks against writes, with the
/// lock mode and what waits behind it.
fn write_blocking_lock(
    ctx: &Context,
    index: usize,
    node: &NodeEnum,
) -> Option<(String, &'static str, &'static str)> {
    let existing = |table: TableName| (!ctx.is_new_table(&table, index)).then(|| table.to_string());
    let with = |(mode, waiting): (&'static str, &'static str)| {
        move |target: String| (target, mode, waiting)
    };
    match node {
        NodeEnum::AlterTableStmt(alter) => {
            if alter.objtype() == ObjectType::ObjectIndex {
                return None;
            }
            let table = TableName::of(alter.relation.as_ref()?);
            if alter_commands(alter).any(|cmd| !weaker_lock(cmd)) {
                return existing(table).map(with(ACCESS_EXCLUSIVE));
            }
            // Foreign keys and trigger switches: SHARE ROW EXCLUSIVE on the
            // table, and a foreign key on the referenced table too.
            let blocking = alter_commands(alter).any(|cmd| !lets_writes_go_on(cmd));
            let referenced = alter_commands(alter)
                .filter_map(|cmd| constraint_def(&cmd.def))
                .filter_map(|c| c.pktable.as_ref().map(TableName::of));
            blocking
                .then_some(table)
                .into_iter()
                .chain(referenced)
                .find_map(existing)
                .map(with(SHARE_ROW_EXCLUSIVE))
        }
        NodeEnum::CreateStmt(create) => referenced_tables(create)
            .into_iter()
            .find_map(existing)
            .map(with(SHARE_ROW_EXCLUSIVE)),
        NodeEnum::IndexStmt(create) if !create.concurrent => {
            existing(TableName::of(create.relation.as_ref()?)).map(with(SHARE))
        }
        NodeEnum::CreateTrigStmt(trigger) => {
            existing(TableName::of(trigger.relation.as_ref()?)).map(with(SHARE_ROW_EXCLUSIVE))
        }
        NodeEnum::DropStmt(drop) => {
            let objects = dropped_objects(drop);
            let target = match drop.remove_type() {
                ObjectType::ObjectTable | ObjectType::ObjectView | ObjectType::ObjectMatview => {
                    objects
                        .iter()
                        .filter_map(|parts| TableName::from_parts(parts))
                        .find_map(existing)
                }
                ObjectType::ObjectIndex if !drop.concurrent => objects
                    .first()
                    .map(|parts| format!("the table of index {}", parts.join("."))),
                ObjectType::ObjectPolicy | ObjectType::ObjectTrigger | ObjectType::ObjectRule => {
                    objects
                        .iter()
                        .filter_map(|parts| {
                            TableName::from_parts(&parts[..parts.len().saturating_sub(1)])
                        })
                        .find_map(existing)
                }
                _ => None,
            };
            target.map(with(ACCESS_EXCLUSIVE))
        }
        NodeEnum::TruncateStmt(truncate) => relations(&truncate.relations)
            .into_iter()
            .find_map(existing)
            .map(with(ACCESS_EXCLUSIVE)),
        NodeEnum::RenameStmt(rename) => match rename.rename_type() {
            ObjectType::ObjectTable
            | ObjectType::ObjectColumn
            | ObjectType::ObjectView
            | ObjectType::ObjectMatview
            | ObjectType::ObjectTrigger
            | ObjectType::ObjectPolicy
            | ObjectType::ObjectTabconstraint => {
                existing(TableName::of(rename.relation.as_ref()?)).map(with(ACCESS_EXCLUSIVE))
            }
            _ => None,
        },
        NodeEnum::ViewStmt(view) if view.replace => {
            existing(TableName::of(view.view.as_ref()?)).map(with(ACCESS_EXCLUSIVE))
        }
        NodeEnum::CreatePolicyStmt(policy) => {
            existing(TableName::of(policy.table.as_ref()?)).map(with(ACCESS_EXCLUSIVE))
        }
        NodeEnum::AlterPolicyStmt(policy) => {
            existing(TableName::of(policy.table.as_ref()?)).map(with(ACCESS_EXCLUSIVE))
        }
        NodeEnum::LockStmt(lock) if lock.mode == ACCESS_EXCLUSIVE_LOCK => {
            relations(&lock.relations)
                .into_iter()
                .find_map(existing)
                .map(with(ACCESS_EXCLUSIVE))
        }
        NodeEnum::RefreshMatViewStmt(refresh) if !refresh.concurrent => {
            existing(TableName::of(refresh.relation.as_ref()?)).map(with(ACCESS_EXCLUSIVE))
        }
        _ => None,
    }
}

/// The tables a `CREATE TABLE`'s foreign keys refer to.
fn referenced_tables(create: &protobuf::CreateStmt) -> Vec<TableName> {
    let mut tables = Vec::new();
    for element in &create.table_elts {
        let constraints: Vec<&protobuf::Constraint> = match element.node.as_ref() {
            Some(NodeEnum::ColumnDef(column)) => column_constraints(column).collect(),
            Some(NodeEnum::Constraint(constraint)) => vec![constraint.as_ref()],
            _ => Vec::new(),
        };
        tables.extend(
            constraints
                .into_iter()
                .filter(|c| c.contype() == ConstrType::ConstrForeign)
                .filter_map(|c| c.pktable.as_ref().map(TableName::of)),
        );
    }
    tables
}

/// `ALTER TABLE` subcommands that take less than `ACCESS EXCLUSIVE`.
fn weaker_lock(cmd: &protobuf::AlterTableCmd) -> bool {
    use AlterTableType::*;
    if lets_writes_go_on(cmd) {
        return true;
    }
    match cmd.subtype() {
        // Enabling or disabling triggers takes SHARE ROW EXCLUSIVE.
        AtEnableTrig | AtEnableAlwaysTrig | AtEnableReplicaTrig | AtDisableTrig
        | AtEnableTrigAll | AtDisableTrigAll | AtEnableTrigUser | AtDisableTrigUser => true,
        // A foreign key takes SHARE ROW EXCLUSIVE (see constraint-without-not-valid).
        AtAddConstraint => {
            constraint_def(&cmd.def).is_some_and(|c| c.contype() == ConstrType::ConstrForeign)
        }
        _ => false,
    }
}

/// `ALTER TABLE` subcommands whose lock (SHARE UPDATE EXCLUSIVE) lets
/// reads and writes go on.
fn lets_writes_go_on(cmd: &protobuf::AlterTableCmd) -> bool {
    use AlterTableType::*;
    matches!(
        cmd.subtype(),
        AtValidateConstraint
            | AtSetStatistics
            | AtClusterOn
            | AtDropCluster
            | AtSetOptions
            | AtResetOptions
            | AtAttachPartition
            | AtDetachPartitionFinalize
    )
}
