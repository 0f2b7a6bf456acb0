#!/usr/bin/env python3
"""Writes a synthetic Supabase project of N migrations, for bench/apply.sh.

    bench/generate.py N OUT_DIR

creates OUT_DIR/supabase/migrations/<14-digit version>_<name>.sql (N files),
OUT_DIR/supabase/config.toml, OUT_DIR/schemagate.toml (two verification
queries) and OUT_DIR/bench-manifest.json (what was generated).

The migrations look like a real Supabase app's history: tables with
`uuid primary key default gen_random_uuid()`, foreign keys to earlier tables
and to auth.users(id), indexes, row level security with policies on
auth.uid(), plpgsql functions and triggers, added columns, enum types,
security-invoker views, comments and grants to `authenticated`.

Output is deterministic: one fixed-seed generator, walked in order, so for
any N the files are the same bytes on every run, and the project for N is
a prefix of the project for any larger N. Standard library only.

Every file needs only what a Supabase database provides: schema `auth`,
`auth.users(id uuid primary key)`, `auth.uid()`, and the roles `anon`,
`authenticated` and `service_role`. Nothing needs a superuser (the
migrations run as Supabase's non-superuser `postgres`), no extension is
created, and nothing uses CREATE INDEX CONCURRENTLY (every file runs inside
a transaction).
"""

import datetime
import functools
import json
import random
import sys
from pathlib import Path

SEED = "schemagate-bench-v1"
FIRST_VERSION = datetime.datetime(2023, 1, 2, 9, 0, 0)

NOUNS = [
    "projects", "tasks", "comments", "invoices", "customers", "orders",
    "products", "teams", "documents", "messages", "events", "tickets",
    "notes", "payments", "subscriptions", "bookings", "reviews", "files",
    "channels", "campaigns", "contacts", "deals", "assets", "reports",
    "shipments", "coupons", "articles", "courses", "lessons", "workouts",
]
EXTRA_COLUMNS = [
    ("priority", "integer not null default 0"),
    ("due_at", "timestamptz"),
    ("archived_at", "timestamptz"),
    ("external_ref", "text"),
    ("tags", "text[] not null default '{}'"),
    ("score", "double precision"),
    ("is_public", "boolean not null default false"),
    ("sort_order", "integer"),
    ("currency", "char(3) not null default 'USD'"),
    ("settings", "jsonb not null default '{}'::jsonb"),
    ("slug", "text"),
    ("color", "text check (color ~ '^#[0-9a-f]{6}$')"),
]
INDEXABLE = {"priority", "due_at", "archived_at", "external_ref", "slug", "sort_order"}

# Migration kinds and their weights once a few tables exist.
KINDS = [
    ("create_table", 30),
    ("add_column", 14),
    ("updated_at_trigger", 10),
    ("rpc_function", 10),
    ("member_policy", 8),
    ("composite_index", 8),
    ("view", 5),
    ("enum_column", 5),
    ("audit_trigger", 5),
    ("backfill", 3),
    ("alter_default", 2),
]


class Table:
    def __init__(self, name, parent):
        self.name = name
        self.parent = parent            # Table this one has a foreign key to, or None
        self.columns = []               # columns added later
        self.has_updated_at_trigger = False
        self.has_audit_trigger = False
        self.has_member_policy = False
        self.has_view = False
        self.has_summary = False


def on_table(fits=lambda t: True, flag=None, instead="create_table"):
    """Makes a migration kind that changes one existing table: it is given
    one that fits (and has not got `flag` yet, which it then gets); when
    none does, the kind `instead` is written."""
    def wrap(write):
        @functools.wraps(write)
        def kind(self):
            table = self.pick(lambda t: fits(t) and not (flag and getattr(t, flag)))
            if not table:
                return getattr(self, instead)()
            if flag:
                setattr(table, flag, True)
            return write(self, table)
        return kind
    return wrap


class Project:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.tables = []
        self.serial = 0
        self.enums = 0
        self.audit_log = False

    # ---- helpers ----------------------------------------------------------

    def pick(self, predicate=lambda t: True):
        candidates = [t for t in self.tables if predicate(t)]
        return self.rng.choice(candidates) if candidates else None

    def new_name(self):
        self.serial += 1
        return f"{self.rng.choice(NOUNS)}_{self.serial:04d}"

    # ---- migrations -------------------------------------------------------

    def init(self):
        """The first migration: profiles keyed by auth.users, and the shared
        updated_at trigger function."""
        sql = """-- Profiles, one per auth user, and shared helpers.
create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text unique check (char_length(username) >= 3),
  full_name text,
  avatar_url text,
  website text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.profiles is 'Public profile data for each user.';

alter table public.profiles enable row level security;

create policy "Profiles are viewable by everyone"
  on public.profiles for select
  to anon, authenticated
  using (true);

create policy "Users can insert their own profile"
  on public.profiles for insert
  to authenticated
  with check ((select auth.uid()) = id);

create policy "Users can update their own profile"
  on public.profiles for update
  to authenticated
  using ((select auth.uid()) = id)
  with check ((select auth.uid()) = id);

grant select on table public.profiles to anon;
grant select, insert, update on table public.profiles to authenticated;
grant all on table public.profiles to service_role;

create or replace function public.handle_updated_at()
returns trigger
language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

comment on function public.handle_updated_at() is 'Sets updated_at on every update.';

create trigger profiles_handle_updated_at
  before update on public.profiles
  for each row execute function public.handle_updated_at();
"""
        return "init_profiles", sql

    def create_table(self):
        name = self.new_name()
        parent = self.pick() if self.tables and self.rng.random() < 0.75 else None
        second = None
        if parent and len(self.tables) > 3 and self.rng.random() < 0.3:
            second = self.pick(lambda t: t is not parent)
        lines = [
            "  id uuid primary key default gen_random_uuid(),",
            "  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,",
        ]
        for ref, action in ((parent, "cascade"), (second, "set null")):
            if ref:
                null = " not null" if action == "cascade" else ""
                lines.append(f"  {ref.name}_id uuid{null} references public.{ref.name} (id) on delete {action},")
        lines += [
            "  title text not null check (char_length(title) between 1 and 200),",
            "  description text,",
            "  status text not null default 'draft' check (status in ('draft', 'active', 'archived')),",
            "  amount numeric(12, 2) not null default 0,",
            "  metadata jsonb not null default '{}'::jsonb,",
            "  created_at timestamptz not null default now(),",
            "  updated_at timestamptz not null default now()",
        ]
        body = "\n".join(lines)
        indexes = [f"create index {name}_owner_id_idx on public.{name} (owner_id);"]
        for ref in (parent, second):
            if ref:
                indexes.append(f"create index {name}_{ref.name}_id_idx on public.{name} ({ref.name}_id);")
        noun = name.split("_")[0]
        sql = f"""-- {noun.capitalize()}, owned by a user{f', belonging to {parent.name}' if parent else ''}.
create table public.{name} (
{body}
);

{chr(10).join(indexes)}

comment on table public.{name} is '{noun.capitalize()} created by users of the app.';
comment on column public.{name}.status is 'draft, active or archived.';

alter table public.{name} enable row level security;

create policy "{name}: owners can read"
  on public.{name} for select
  to authenticated
  using ((select auth.uid()) = owner_id);

create policy "{name}: owners can insert"
  on public.{name} for insert
  to authenticated
  with check ((select auth.uid()) = owner_id);

create policy "{name}: owners can update"
  on public.{name} for update
  to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);

create policy "{name}: owners can delete"
  on public.{name} for delete
  to authenticated
  using ((select auth.uid()) = owner_id);

grant select, insert, update, delete on table public.{name} to authenticated;
grant all on table public.{name} to service_role;
"""
        table = Table(name, parent)
        self.tables.append(table)
        return f"create_{name}", sql

    @on_table(lambda t: len(t.columns) < len(EXTRA_COLUMNS))
    def add_column(self, table):
        column, definition = self.rng.choice([c for c in EXTRA_COLUMNS if c[0] not in table.columns])
        table.columns.append(column)
        sql = f"""alter table public.{table.name}
  add column {column} {definition};

comment on column public.{table.name}.{column} is 'Added for the {column.replace('_', ' ')} feature.';
"""
        if column in INDEXABLE:
            sql += f"\ncreate index {table.name}_{column}_idx on public.{table.name} ({column});\n"
        return f"add_{column}_to_{table.name}", sql

    @on_table(flag="has_updated_at_trigger", instead="add_column")
    def updated_at_trigger(self, table):
        if self.rng.random() < 0.5:
            sql = f"""create trigger {table.name}_handle_updated_at
  before update on public.{table.name}
  for each row execute function public.handle_updated_at();
"""
        else:
            sql = f"""-- Keep updated_at current and refuse changes to the owner.
create or replace function public.{table.name}_before_update()
returns trigger
language plpgsql
as $function$
begin
  if new.owner_id is distinct from old.owner_id then
    raise exception 'owner_id of % cannot change', old.id
      using errcode = 'check_violation';
  end if;
  new.updated_at := now();
  return new;
end;
$function$;

create trigger {table.name}_before_update
  before update on public.{table.name}
  for each row execute function public.{table.name}_before_update();
"""
        return f"{table.name}_updated_at_trigger", sql

    @on_table(flag="has_summary")
    def rpc_function(self, table):
        fn = f"public.{table.name}_summary"
        sql = f"""-- RPC: totals of the caller's {table.name}, optionally for one status.
create or replace function {fn}(p_status text default null)
returns table (total bigint, amount_sum numeric, latest timestamptz)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return query
    select count(*), coalesce(sum(t.amount), 0), max(t.created_at)
    from public.{table.name} as t
    where t.owner_id = (select auth.uid())
      and (p_status is null or t.status = p_status);
end;
$$;

comment on function {fn}(text) is 'Totals for the dashboard.';

revoke execute on function {fn}(text) from public, anon;
grant execute on function {fn}(text) to authenticated, service_role;
"""
        return f"{table.name}_summary_rpc", sql

    @on_table(lambda t: t.parent, flag="has_member_policy")
    def member_policy(self, table):
        parent = table.parent
        sql = f"""-- Owners of a {parent.name} row can read the {table.name} rows under it.
create policy "{table.name}: parent owners can read"
  on public.{table.name} for select
  to authenticated
  using (
    exists (
      select 1
      from public.{parent.name} as p
      where p.id = {table.name}.{parent.name}_id
        and p.owner_id = (select auth.uid())
    )
  );
"""
        return f"{table.name}_parent_owner_policy", sql

    @on_table()
    def composite_index(self, table):
        self.serial += 1
        index = f"{table.name}_status_created_{self.serial:04d}_idx"
        sql = f"""create index {index}
  on public.{table.name} (owner_id, status, created_at desc)
  where status <> 'archived';

comment on index public.{index} is 'Dashboard listing of live rows.';
"""
        return f"index_{table.name}_by_status", sql

    @on_table(flag="has_view")
    def view(self, table):
        sql = f"""create view public.{table.name}_active
  with (security_invoker = true)
as
  select id, owner_id, title, amount, created_at
  from public.{table.name}
  where status = 'active';

comment on view public.{table.name}_active is 'Active {table.name} of the caller (RLS applies).';

grant select on public.{table.name}_active to authenticated;
"""
        return f"{table.name}_active_view", sql

    @on_table(lambda t: "kind" not in t.columns, instead="add_column")
    def enum_column(self, table):
        self.enums += 1
        type_name = f"public.{table.name}_kind"
        table.columns.append("kind")
        sql = f"""create type {type_name} as enum ('standard', 'premium', 'internal');

alter table public.{table.name}
  add column kind {type_name} not null default 'standard';

create index {table.name}_kind_idx on public.{table.name} (kind) where kind <> 'standard';
"""
        return f"{table.name}_kind_enum", sql

    @on_table(flag="has_audit_trigger")
    def audit_trigger(self, table):
        sql = ""
        if not self.audit_log:
            self.audit_log = True
            sql += """create table public.audit_log (
  id bigint generated always as identity primary key,
  table_name text not null,
  row_id uuid,
  action text not null,
  actor uuid references auth.users (id) on delete set null,
  old_row jsonb,
  new_row jsonb,
  created_at timestamptz not null default now()
);

create index audit_log_table_row_idx on public.audit_log (table_name, row_id);

alter table public.audit_log enable row level security;

create policy "audit_log: actors read their entries"
  on public.audit_log for select
  to authenticated
  using (actor = (select auth.uid()));

grant select on table public.audit_log to authenticated;
grant all on table public.audit_log to service_role;

create or replace function public.write_audit_log()
returns trigger
language plpgsql
security definer
set search_path = ''
as $audit$
declare
  v_row_id uuid;
begin
  if tg_op = 'DELETE' then
    v_row_id := old.id;
  else
    v_row_id := new.id;
  end if;
  insert into public.audit_log (table_name, row_id, action, actor, old_row, new_row)
  values (
    tg_table_name,
    v_row_id,
    lower(tg_op),
    auth.uid(),
    case when tg_op <> 'INSERT' then to_jsonb(old) end,
    case when tg_op <> 'DELETE' then to_jsonb(new) end
  );
  return coalesce(new, old);
end;
$audit$;

revoke execute on function public.write_audit_log() from public, anon, authenticated;

"""
        sql += f"""create trigger {table.name}_audit
  after insert or update or delete on public.{table.name}
  for each row execute function public.write_audit_log();
"""
        return f"{table.name}_audit_trigger", sql

    @on_table()
    def backfill(self, table):
        sql = f"""-- Data fix: archived rows keep no draft metadata.
update public.{table.name}
  set metadata = metadata - 'draft'
  where status = 'archived'
    and metadata ? 'draft';
"""
        return f"backfill_{table.name}_metadata", sql

    @on_table()
    def alter_default(self, table):
        sql = f"""alter table public.{table.name}
  alter column description set default '';

update public.{table.name} set description = '' where description is null;

alter table public.{table.name}
  alter column description set not null;
"""
        return f"{table.name}_description_not_null", sql

    def next_migration(self, index):
        if index == 0:
            return self.init()
        if len(self.tables) < 3:
            return self.create_table()
        names = [k for k, _ in KINDS]
        weights = [w for _, w in KINDS]
        kind = self.rng.choices(names, weights)[0]
        return getattr(self, kind)()


def version(index):
    # Roughly one migration every few hours, always increasing.
    return (FIRST_VERSION + datetime.timedelta(minutes=211 * index)).strftime("%Y%m%d%H%M%S")


def generate(count, out):
    migrations = out / "supabase" / "migrations"
    migrations.mkdir(parents=True, exist_ok=True)
    for stale in migrations.glob("*.sql"):
        stale.unlink()
    project = Project()
    statements_guess = 0
    for index in range(count):
        name, sql = project.next_migration(index)
        (migrations / f"{version(index)}_{name}.sql").write_text(sql)
        statements_guess += sql.count(";\n")
    tables = len(project.tables) + 1 + (1 if project.audit_log else 0)  # + profiles, audit_log
    (out / "supabase" / "config.toml").write_text(
        '# Generated by bench/generate.py\nproject_id = "schemagate-bench"\n\n[db]\nmajor_version = 15\n'
    )
    (out / "schemagate.toml").write_text(
        f"""# Generated by bench/generate.py
[[verify]]
name = "every public table has row level security"
sql = "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity"
empty = true

[[verify]]
name = "all {tables} tables exist"
sql = "select count(*) from pg_tables where schemaname = 'public'"
equals = [[{tables}]]
"""
    )
    manifest = {"migrations": count, "public_tables": tables, "approx_statements": statements_guess}
    (out / "bench-manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.stderr.write("usage: generate.py N OUT_DIR   (N >= 1 migrations)\n")
        return 2
    manifest = generate(int(argv[1]), Path(argv[2]))
    sys.stderr.write(
        f"wrote {manifest['migrations']} migrations ({manifest['public_tables']} tables, "
        f"~{manifest['approx_statements']} statements) to {argv[2]}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
