-- =============================================================================
-- schemagate platform shim: roles (supabase/postgres init scripts and migrations)
--
-- Runs first: checks it is run by a superuser and sets the transaction's
-- search_path (empty of user schemas) for every later part.
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

DO $guard$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'the schemagate shim must be installed by a superuser (connected as %)', current_user;
  END IF;
END
$guard$;

-- Everything below names its schema explicitly; an empty path makes a
-- forgotten qualification fail loudly instead of landing in public.
SET LOCAL search_path = pg_catalog;
SET LOCAL client_min_messages = warning;
-- Function bodies refer to tables created after them (as in pg_dump's output).
SET LOCAL check_function_bodies = off;

-- -----------------------------------------------------------------------------
-- Roles. Created only when missing; an existing role (a user's own server, or
-- the real image) keeps its attributes. Memberships are added when missing.
-- -----------------------------------------------------------------------------
DO $roles$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT * FROM (VALUES
      -- the role migrations run as: Supabase demotes it from superuser
      ('postgres',                   'LOGIN CREATEDB CREATEROLE REPLICATION BYPASSRLS NOSUPERUSER'),
      -- PostgREST's request roles (INHERIT since supabase/postgres 20230529)
      ('anon',                       'NOLOGIN INHERIT'),
      ('authenticated',              'NOLOGIN INHERIT'),
      ('service_role',               'NOLOGIN INHERIT BYPASSRLS'),
      ('authenticator',              'LOGIN NOINHERIT'),
      -- service owners: own their schemas' objects
      -- NOCREATEROLE since 20260821154147_revoke_createrole_from_auth_admin
      ('supabase_auth_admin',        'LOGIN NOINHERIT'),
      ('supabase_storage_admin',     'LOGIN NOINHERIT CREATEROLE'),
      ('supabase_functions_admin',   'LOGIN NOINHERIT CREATEROLE'),
      -- the init script's attributes (realtime's own dump has NOLOGIN)
      ('supabase_realtime_admin',    'LOGIN NOINHERIT CREATEROLE REPLICATION'),
      ('dashboard_user',             'NOLOGIN CREATEDB CREATEROLE REPLICATION'),
      ('pgbouncer',                  'LOGIN'),
      ('supabase_replication_admin', 'LOGIN REPLICATION'),
      ('supabase_read_only_user',    'LOGIN BYPASSRLS'),
      ('supabase_etl_admin',         'LOGIN REPLICATION'),
      -- group roles of 20251215120934 and 20260309201836
      ('supabase_superuser',         'NOLOGIN'),
      ('duckdb_role',                'NOLOGIN')
    ) AS t(name, attributes)
  LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I %s', r.name, r.attributes);
    END IF;
  END LOOP;

  -- (member, role). postgres is deliberately NOT a member of
  -- supabase_auth_admin / supabase_storage_admin: Supabase revoked those in
  -- 2024-2025 (migrations 20240319..., 20240606..., 20250421...), and with
  -- them postgres would inherit ownership of auth.users, so
  -- `ALTER TABLE auth.users ...` would succeed here and fail in production.
  -- On PostgreSQL 16 and later postgres administers the API roles
  -- (20250605172253_grant_with_admin_to_postgres_16_and_above).
  FOR r IN
    SELECT * FROM (VALUES
      ('postgres',                'anon',                     current_setting('server_version_num')::int >= 160000),
      ('postgres',                'authenticated',            current_setting('server_version_num')::int >= 160000),
      ('postgres',                'service_role',             current_setting('server_version_num')::int >= 160000),
      ('postgres',                'supabase_functions_admin', false),
      -- 20230306081037, 20240606060239: predefined roles
      ('postgres',                'pg_monitor',               false),
      ('postgres',                'pg_read_all_data',         false),
      ('postgres',                'pg_signal_backend',        false),
      ('postgres',                'supabase_superuser',       false),
      ('postgres',                'duckdb_role',              true),
      ('service_role',            'duckdb_role',              false),
      ('supabase_admin',          'duckdb_role',              false),
      ('service_role',            'pgsodium_keyholder',       false),
      ('authenticator',           'anon',                     false),
      ('authenticator',           'authenticated',            false),
      ('authenticator',           'service_role',             false),
      ('supabase_realtime_admin', 'anon',                     false),
      ('supabase_realtime_admin', 'authenticated',            false),
      ('supabase_realtime_admin', 'service_role',             false),
      ('supabase_read_only_user', 'pg_read_all_data',         false),
      ('supabase_storage_admin',  'authenticator',            false),
      ('supabase_etl_admin',      'supabase_superuser',       false)
    ) AS t(member, role, admin)
  LOOP
    -- pgsodium_keyholder exists where pgsodium is (PG15 images).
    CONTINUE WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r.role);
    IF NOT EXISTS (
      SELECT FROM pg_catalog.pg_auth_members m
      WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = r.role)
        AND m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = r.member)
        AND (m.admin_option OR NOT r.admin)
    ) THEN
      EXECUTE format('GRANT %I TO %I', r.role, r.member) || CASE WHEN r.admin THEN ' WITH ADMIN OPTION' ELSE '' END;
    END IF;
  END LOOP;
END
$roles$;
