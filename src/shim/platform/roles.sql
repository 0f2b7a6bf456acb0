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
      ('supabase_auth_admin',        'LOGIN NOINHERIT CREATEROLE'),
      ('supabase_storage_admin',     'LOGIN NOINHERIT CREATEROLE'),
      ('supabase_functions_admin',   'LOGIN NOINHERIT CREATEROLE'),
      ('supabase_realtime_admin',    'NOLOGIN NOINHERIT'),
      ('dashboard_user',             'NOLOGIN CREATEDB CREATEROLE REPLICATION'),
      ('pgbouncer',                  'LOGIN'),
      ('supabase_replication_admin', 'LOGIN REPLICATION'),
      ('supabase_read_only_user',    'LOGIN BYPASSRLS')
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
  FOR r IN
    SELECT * FROM (VALUES
      ('postgres',                'anon'),
      ('postgres',                'authenticated'),
      ('postgres',                'service_role'),
      ('postgres',                'supabase_functions_admin'),
      ('authenticator',           'anon'),
      ('authenticator',           'authenticated'),
      ('authenticator',           'service_role'),
      ('supabase_realtime_admin', 'anon'),
      ('supabase_realtime_admin', 'authenticated'),
      ('supabase_realtime_admin', 'service_role'),
      ('supabase_read_only_user', 'pg_read_all_data')
    ) AS t(member, role)
  LOOP
    IF NOT EXISTS (
      SELECT FROM pg_catalog.pg_auth_members m
      WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = r.role)
        AND m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = r.member)
    ) THEN
      EXECUTE format('GRANT %I TO %I', r.role, r.member);
    END IF;
  END LOOP;
END
$roles$;
