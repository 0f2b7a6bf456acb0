-- =============================================================================
-- schemagate platform shim: database-level settings
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Database-level settings (per database, so safe on a shared server).
-- -----------------------------------------------------------------------------
DO $database$
DECLARE
  db text := current_database();
BEGIN
  -- Supabase's search_path for postgres. Set per database (ALTER ROLE ... IN
  -- DATABASE) rather than on the role: on a user's own server the role is
  -- theirs and other databases must not change. Applies to sessions opened
  -- after this script (RESET ALL then returns to it), so the migration
  -- connection must be opened afterwards.
  EXECUTE format('ALTER ROLE postgres IN DATABASE %I SET search_path TO "$user", public, extensions', db);
  -- The same for whoever else logs in here without a setting of their own:
  -- a superuser that enters postgres with SET ROLE gets no role setting
  -- from postgres, and would otherwise lack `extensions` on its path.
  EXECUTE format('ALTER DATABASE %I SET search_path TO "$user", public, extensions', db);

  -- On PG15 `public` belongs to pg_database_owner. Supabase projects created
  -- on PG15 have the database owned by postgres, so postgres owns `public`
  -- through pg_database_owner, and dumped migrations can run either
  -- `ALTER SCHEMA public OWNER TO postgres` or `... TO pg_database_owner`.
  -- Older projects have public owned by postgres directly; then the database
  -- owner is left alone.
  IF (SELECT nspowner::regrole::text FROM pg_catalog.pg_namespace WHERE nspname = 'public') = 'pg_database_owner'
     AND (SELECT datdba::regrole::text FROM pg_catalog.pg_database WHERE datname = db) <> 'postgres' THEN
    EXECUTE format('ALTER DATABASE %I OWNER TO postgres', db);
  END IF;

  EXECUTE format('GRANT ALL ON DATABASE %I TO postgres, dashboard_user', db);
  EXECUTE format('GRANT CREATE ON DATABASE %I TO supabase_auth_admin, supabase_storage_admin, supabase_functions_admin, supabase_realtime_admin', db);
END
$database$;

-- The publication Realtime's Postgres Changes reads; empty until a migration
-- adds tables to it (supabase/postgres init 00000000000000).
DO $publication$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_publication WHERE pubname = 'supabase_realtime') THEN
    CREATE PUBLICATION supabase_realtime;
    ALTER PUBLICATION supabase_realtime OWNER TO postgres;
  END IF;
END
$publication$;
