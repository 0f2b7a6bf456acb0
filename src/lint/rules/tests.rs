//! Every rule against SQL it fires on, with the findings it gives, and SQL
//! it lets pass: one table for all the rules, checked by one test.

use crate::lint::test_utils::{lint_errors, lint_ok};
use crate::report::RuleId::{self, *};

/// SQL that `rule` fires on (`findings`, one `line:column message` each) or
/// lets pass (`findings` empty).
struct Case {
    rule: RuleId,
    sql: &'static str,
    findings: &'static [&'static str],
}

const fn fires(rule: RuleId, sql: &'static str, findings: &'static [&'static str]) -> Case {
    Case {
        rule,
        sql,
        findings,
    }
}

const fn passes(rule: RuleId, sql: &'static str) -> Case {
    Case {
        rule,
        sql,
        findings: &[],
    }
}

const CASES: &[Case] = &[
    // alter_column_type.rs
    fires(AlterColumnType, "alter table public.orders alter column total_cents type bigint,\n  alter column status set data type varchar(10) using left(status, 10);", &["1:1 changes the type of public.orders.total_cents: unless the types are binary-compatible this rewrites the table under ACCESS EXCLUSIVE, and a narrower type can fail on or change existing values", "1:1 changes the type of public.orders.status with a USING conversion of every value: unless the types are binary-compatible this rewrites the table under ACCESS EXCLUSIVE, and a narrower type can fail on or change existing values"]),
    passes(AlterColumnType, "create table t (a int);\nalter table t alter column a type bigint;"),
    passes(AlterColumnType, "alter table t add column b int;\nalter table t alter column b type bigint;"),
    passes(AlterColumnType, "alter table t alter column a set default 0;"),
    // anon_grant_sensitive.rs
    fires(AnonGrantSensitive, "grant select on public.orders, public.products to anon;\n\
                 grant all on all tables in schema public to anon;\n\
                 grant select on auth.users to public;\n\
                 grant insert on table api_keys to authenticated, anon;", &["1:1 grants SELECT on the sensitive table public.orders to anon: anyone with the project's public key gets it, with only row level security in the way", "2:1 grants ALL on every table in schema public to anon, sensitive ones included", "3:1 grants SELECT on the sensitive table auth.users to PUBLIC (which includes anon): anyone with the project's public key gets it, with only row level security in the way", "4:1 grants INSERT on the sensitive table public.api_keys to anon: anyone with the project's public key gets it, with only row level security in the way"]),
    passes(AnonGrantSensitive, "grant select on public.products to anon, authenticated;\n\
             grant all on public.orders to authenticated;\n\
             revoke all on public.orders from anon;\n\
             grant usage on schema public to anon;"),
    // auth_uid_per_row.rs
    fires(AuthUidPerRow, "create policy \"own rows\" on public.orders for select using (customer_id = auth.uid());\n\
                 create policy p on orders for update using (auth.uid() in (select user_id from members))\n\
                   with check ((auth.jwt() ->> 'role') = 'admin' or (select auth.uid() = customer_id));\n\
                 alter policy q on orders using (current_setting('request.jwt.claims', true) is not null);", &["1:1 policy \"own rows\" on public.orders calls auth.uid() for every row it checks", "2:1 policy \"p\" on public.orders calls auth.uid(), auth.jwt() for every row it checks", "4:1 policy \"q\" on public.orders calls current_setting() for every row it checks"]),
    passes(AuthUidPerRow, "create policy p on public.orders for select using (customer_id = (select auth.uid()));\n\
             create policy q on public.orders for insert with check (\n\
               exists (select 1 from members m where m.user_id = (select auth.uid())) and ((select auth.jwt()) ->> 'role') = 'admin');\n\
             create policy r on public.orders for select using (true);"),
    passes(AuthUidPerRow, "select auth.uid();"),
    // constraint_without_not_valid.rs
    fires(ConstraintWithoutNotValid, "alter table public.orders add constraint orders_customer_fk foreign key (customer_id) references auth.users (id);\n\
                 alter table orders add constraint positive check (total_cents >= 0);\n\
                 alter table orders add column product_id uuid references public.products (id);", &["1:1 adds a foreign key to public.orders without NOT VALID: every row is checked against auth.users while writes to both wait", "2:1 adds a check constraint to public.orders without NOT VALID: every row is checked under ACCESS EXCLUSIVE", "3:1 adds a foreign key to public.orders without NOT VALID: every row is checked against public.products while writes to both wait"]),
    passes(ConstraintWithoutNotValid, "alter table public.orders add constraint fk foreign key (customer_id) references auth.users (id) not valid;\n\
             alter table public.orders validate constraint fk;\n\
             alter table public.orders add constraint c check (total_cents >= 0) not valid;"),
    passes(ConstraintWithoutNotValid, "create table t (a int);\nalter table t add constraint c check (a > 0);"),
    // dml_without_where.rs
    fires(DmlWithoutWhere, "delete from public.reports;\nupdate listings set status = 'archived';", &["1:1 DELETE without WHERE touches every row of public.reports", "2:1 UPDATE without WHERE touches every row of public.listings"]),
    passes(DmlWithoutWhere, "delete from public.reports where status = 'spam';"),
    passes(DmlWithoutWhere, "update listings set status = 'x' where true;"),
    passes(DmlWithoutWhere, "create table t (a int);\ninsert into t values (1);\nupdate t set a = 2;"),
    // drop_cascade.rs
    fires(DropCascade, "drop table public.listings cascade;\n\
                 drop schema public cascade;\n\
                 truncate orders cascade;\n\
                 drop owned by postgres;\n\
                 alter table public.t drop column c cascade;", &["1:1 DROP ... CASCADE also drops everything that depends on public.listings", "2:1 DROP ... CASCADE also drops everything that depends on public", "3:1 TRUNCATE ... CASCADE also empties every table with a foreign key to public.orders", "4:1 DROP OWNED drops every object the role owns, in every schema of the database", "5:1 DROP ... CASCADE on public.t.c also drops whatever depends on it (views, foreign keys)"]),
    passes(DropCascade, "drop table public.listings;\ndrop function f() restrict;"),
    passes(DropCascade, "create table tmp (a int);\ndrop table tmp cascade;"),
    // drop_column.rs
    fires(DropColumn, "alter table public.listings drop column legacy_price, drop column if exists x;", &["1:1 drops column legacy_price of public.listings, and its data", "1:1 drops column x of public.listings, and its data"]),
    passes(DropColumn, "alter table public.t add column tmp int;\nalter table public.t drop column tmp;"),
    passes(DropColumn, "create table t (a int, b int);\nalter table t drop column b;"),
    passes(DropColumn, "alter table public.t drop constraint c;"),
    // drop_schema.rs
    fires(DropSchema, "drop schema if exists reporting cascade;", &["1:1 drops schema reporting and everything in it"]),
    passes(DropSchema, "create schema scratch;\ndrop schema scratch;"),
    passes(DropSchema, "drop table reporting.t;"),
    // drop_table.rs
    fires(DropTable, "select 1;\ndrop table if exists orders, audit.log;", &["2:1 drops table public.orders, and every row in it", "2:1 drops table audit.log, and every row in it"]),
    passes(DropTable, "create table public.staging (id int);\ndrop table staging;"),
    passes(DropTable, "drop view public.v; drop index public.i;"),
    // foreign_key_without_index.rs
    fires(ForeignKeyWithoutIndex, "create table public.orders (\n  id uuid primary key,\n  customer_id uuid references auth.users (id),\n  a int, b int,\n  foreign key (a, b) references public.pairs (x, y)\n);\n\
                 create index on public.orders (b);\n\
                 alter table public.listings add column council_id int references public.councils (id);", &["1:1 foreign key public.orders(customer_id) → auth.users has no index on public.orders(customer_id): deleting or updating a referenced row scans public.orders", "1:1 foreign key public.orders(a, b) → public.pairs has no index on public.orders(a, b): deleting or updating a referenced row scans public.orders", "8:1 foreign key public.listings(council_id) → public.councils has no index on public.listings(council_id): deleting or updating a referenced row scans public.listings"]),
    passes(ForeignKeyWithoutIndex, "create table public.orders (id uuid primary key, customer_id uuid references auth.users (id), a int, b int,\n\
               unique (b, a), foreign key (a, b) references public.pairs (x, y));\n\
             create index orders_customer_idx on public.orders (customer_id, id);"),
    passes(ForeignKeyWithoutIndex, "create table public.profiles (id uuid primary key references auth.users (id));"),
    // Existing columns may already be indexed: only new columns are judged.
    passes(ForeignKeyWithoutIndex, "alter table public.orders add constraint fk foreign key (customer_id) references auth.users (id) not valid;"),
    // index_without_concurrently.rs
    fires(IndexWithoutConcurrently, "create index listings_status_idx on public.listings (status);\n\
                 create unique index on orders (ref);\n\
                 alter table public.orders add constraint orders_ref_key unique (ref), add primary key (id);", &["1:1 builds index listings_status_idx on public.listings without CONCURRENTLY: writes to public.listings wait until the migration commits", "2:1 builds an index on public.orders without CONCURRENTLY: writes to public.orders wait until the migration commits", "3:1 adds a unique constraint to public.orders, building its index under ACCESS EXCLUSIVE: reads and writes wait until the migration commits", "3:1 adds a primary key to public.orders, building its index under ACCESS EXCLUSIVE: reads and writes wait until the migration commits"]),
    passes(IndexWithoutConcurrently, "create table public.t (id int, ref text);\ncreate index t_ref_idx on public.t (ref);\nalter table public.t add unique (ref);"),
    passes(IndexWithoutConcurrently, "create index concurrently i on public.listings (status);\nalter table public.orders add constraint k unique using index i;"),
    // missing_lock_timeout.rs
    fires(MissingLockTimeout, "create table public.t (a int);\nalter table public.t add column b int;\n\
                 create policy p on public.listings for select using (true);\n\
                 alter table public.listings add column c text;", &["3:1 takes ACCESS EXCLUSIVE on public.listings with no lock_timeout set: while it waits for the lock, all queries on public.listings queue behind it"]),
    fires(MissingLockTimeout, "set lock_timeout = '5s';\nreset lock_timeout;\ndrop trigger tr on public.orders;", &["3:1 takes ACCESS EXCLUSIVE on public.orders with no lock_timeout set: while it waits for the lock, all queries on public.orders queue behind it"]),
    fires(MissingLockTimeout, "create view public.v as select 1;\ncreate or replace view public.v as select 2;\ncreate or replace view public.packages as select 1;", &["3:1 takes ACCESS EXCLUSIVE on public.packages with no lock_timeout set: while it waits for the lock, all queries on public.packages queue behind it"]),
    fires(MissingLockTimeout, "create index i on public.orders (a);", &["1:1 takes SHARE on public.orders with no lock_timeout set: while it waits for the lock, writes on public.orders queue behind it"]),
    fires(MissingLockTimeout, "create table public.carts (id int, user_id uuid references auth.users (id));", &["1:1 takes SHARE ROW EXCLUSIVE on auth.users with no lock_timeout set: while it waits for the lock, writes on auth.users queue behind it"]),
    passes(MissingLockTimeout, "set lock_timeout = '5s';\nalter table public.listings add column c text;"),
    passes(MissingLockTimeout, "select set_config('lock_timeout', '3s', false);\ntruncate public.cart_items;"),
    passes(MissingLockTimeout, "alter table public.orders validate constraint fk;\n\
             create index concurrently i on public.orders (a);\ncomment on table public.orders is 'x';\n\
             create table public.t (id int primary key);\ncreate table public.u (t_id int references public.t (id));\n\
             create function public.f() returns int language sql as 'select 1';"),
    passes(MissingLockTimeout, "set lock_timeout = 0;\ncreate table t (a int);\nalter table t add column b int;"),
    // not_idempotent.rs
    fires(NotIdempotent, "-- schemagate:idempotent\n\
                 create table public.audit_logs (id uuid primary key);\n\
                 create index on public.audit_logs (id);\n\
                 create index audit_idx on public.audit_logs (id);\n\
                 alter table public.listings add column council text;\n\
                 create policy p on public.audit_logs for select using (true);\n\
                 drop table public.old;", &["2:1 CREATE TABLE public.audit_logs has no IF NOT EXISTS, so this file fails or repeats work the second time it runs", "3:1 an unnamed CREATE INDEX builds a second, duplicate index, so this file fails or repeats work the second time it runs", "4:1 CREATE INDEX audit_idx has no IF NOT EXISTS, so this file fails or repeats work the second time it runs", "5:1 ADD COLUMN on public.listings has no IF NOT EXISTS, so this file fails or repeats work the second time it runs", "6:1 CREATE POLICY \"p\" on public.audit_logs is not preceded by DROP POLICY IF EXISTS, so this file fails or repeats work the second time it runs", "7:1 DROP has no IF EXISTS, so this file fails or repeats work the second time it runs"]),
    passes(NotIdempotent, "-- schemagate:idempotent\n\
             create table if not exists public.audit_logs (id uuid primary key);\n\
             create index if not exists audit_idx on public.audit_logs (id);\n\
             alter table public.listings add column if not exists council text;\n\
             drop policy if exists p on public.audit_logs;\n\
             create policy p on public.audit_logs for select using (true);\n\
             alter table public.audit_logs drop constraint if exists c;\n\
             alter table public.audit_logs add constraint c check (id is not null);\n\
             create or replace function public.f() returns int language sql as 'select 1';\n\
             drop table if exists public.old;"),
    passes(NotIdempotent, "create table public.t (id int);"),
    // not_null_without_default.rs
    fires(NotNullWithoutDefault, "alter table public.listings add column council text not null, add column code int primary key;", &["1:1 adds NOT NULL column council to public.listings without a default: it fails as soon as the table has a row", "1:1 adds NOT NULL column code to public.listings without a default: it fails as soon as the table has a row"]),
    passes(NotNullWithoutDefault, "alter table public.listings add column council text not null default 'unknown',\n\
             add column note text, add column n bigserial not null,\n\
             add column i int not null generated always as identity;"),
    passes(NotNullWithoutDefault, "create table t (a int);\nalter table t add column b int not null;"),
    // rename_column.rs
    fires(RenameColumn, "alter table public.featured_queue rename column council_name to council;", &["1:1 renames column public.featured_queue.council_name to council: deployed code that uses the old name breaks"]),
    passes(RenameColumn, "alter table t add column c int;\nalter table t rename column c to d;"),
    passes(RenameColumn, "create table t (a int);\nalter table t rename a to b;"),
    passes(RenameColumn, "alter table t rename to u;"),
    // rename_table.rs
    fires(RenameTable, "alter table public.featured_queue rename to promotions;", &["1:1 renames public.featured_queue to promotions: deployed code that uses the old name breaks"]),
    passes(RenameTable, "create table tmp (a int);\nalter table tmp rename to final;"),
    passes(RenameTable, "alter table t rename column a to b;\nalter index i rename to j;"),
    // rls_disabled.rs
    fires(RlsDisabled, "create table orders (id uuid primary key);\ncreate table public.summary as select 1 as n;", &["1:1 creates public.orders in the API-exposed schema public without enabling row level security: anyone with the anon key can read and write every row", "2:1 creates public.summary in the API-exposed schema public without enabling row level security: anyone with the anon key can read and write every row"]),
    passes(RlsDisabled, "create table public.orders (id uuid primary key);\nalter table public.orders enable row level security;"),
    passes(RlsDisabled, "create schema private;\ncreate table private.jobs (id int);\ncreate temp table t (a int);"),
    // rls_without_policy.rs
    fires(RlsWithoutPolicy, "create table public.cart_items (id uuid);\nalter table public.cart_items enable row level security;", &["2:1 enables row level security on public.cart_items but creates no policy for it: every API request gets no rows and every write is refused"]),
    passes(RlsWithoutPolicy, "create table public.cart_items (id uuid, user_id uuid);\n\
             alter table public.cart_items enable row level security;\n\
             create policy p on public.cart_items for all to authenticated using (user_id = (select auth.uid()));"),
    // Policies of an existing table may already exist.
    passes(RlsWithoutPolicy, "alter table public.listings enable row level security;"),
    // security_definer_search_path.rs
    fires(SecurityDefinerSearchPath, "create or replace function public.is_admin() returns boolean language sql security definer as $$ select true $$;", &["1:1 SECURITY DEFINER function public.is_admin has no fixed search_path: callers can make it resolve names to their own objects, run with its owner's rights"]),
    passes(SecurityDefinerSearchPath, "create function public.f() returns int language sql security definer set search_path = '' as 'select 1';\n\
             create function public.g() returns int language sql security definer set search_path to public, extensions as 'select 1';\n\
             create function public.h() returns int language sql as 'select 1';"),
    // set_not_null.rs
    fires(SetNotNull, "alter table public.listings alter column council set not null;", &["1:1 SET NOT NULL on public.listings.council scans every row under ACCESS EXCLUSIVE, and fails if production has a NULL"]),
    passes(SetNotNull, "alter table t add column c int;\nupdate t set c = 0 where c is null;\nalter table t alter column c set not null;"),
    passes(SetNotNull, "alter table t alter column c drop not null;"),
    // truncate.rs
    fires(Truncate, "truncate table public.cart_items, orders;", &["1:1 empties public.cart_items: every row is deleted", "1:1 empties public.orders: every row is deleted"]),
    passes(Truncate, "create table t (a int);\ninsert into t values (1);\ntruncate t;"),
    passes(Truncate, "delete from t where a = 1;"),
    // volatile_default.rs
    fires(VolatileDefault, "alter table public.orders add column public_id uuid not null default gen_random_uuid(),\n\
                 add column n bigserial,\n\
                 add column i int generated always as identity,\n\
                 add column t double precision generated always as (total_cents / 100.0) stored,\n\
                 add column k text default md5(extensions.uuid_generate_v4()::text);", &["1:1 adds column public_id to public.orders with the volatile default gen_random_uuid(): PostgreSQL rewrites the table under ACCESS EXCLUSIVE to fill every row", "1:1 adds column n to public.orders with a serial type (a sequence default): PostgreSQL rewrites the table under ACCESS EXCLUSIVE to fill every row", "1:1 adds column i to public.orders with an identity: PostgreSQL rewrites the table under ACCESS EXCLUSIVE to fill every row", "1:1 adds column t to public.orders with a stored generated value: PostgreSQL rewrites the table under ACCESS EXCLUSIVE to fill every row", "1:1 adds column k to public.orders with the volatile default extensions.uuid_generate_v4(): PostgreSQL rewrites the table under ACCESS EXCLUSIVE to fill every row"]),
    passes(VolatileDefault, "alter table public.orders add column created_at timestamptz not null default now(),\n\
             add column status text default 'new', add column n int default 0;\n\
             alter table public.orders alter column id set default gen_random_uuid();"),
    passes(VolatileDefault, "create table t (a int);\nalter table t add column id uuid default gen_random_uuid();"),
];

#[test]
fn every_rule_fires_where_it_should_and_only_there() {
    for case in CASES {
        if case.findings.is_empty() {
            lint_ok(case.sql, case.rule);
        } else {
            assert_eq!(
                lint_errors(case.sql, case.rule),
                case.findings.join("\n"),
                "{} on {:?}",
                case.rule,
                case.sql
            );
        }
    }
}
