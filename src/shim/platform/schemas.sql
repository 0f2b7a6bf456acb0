-- =============================================================================
-- schemagate platform shim: the platform schemas, their owners and grants
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Schemas and their owners as in a Supabase project.
-- -----------------------------------------------------------------------------
CREATE SCHEMA IF NOT EXISTS extensions AUTHORIZATION postgres;
CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS storage AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS realtime AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS vault AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS graphql AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS graphql_public AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS pgbouncer AUTHORIZATION pgbouncer;
CREATE SCHEMA IF NOT EXISTS supabase_functions AUTHORIZATION supabase_admin;
-- The CLI creates its history schema while connected as postgres.
CREATE SCHEMA IF NOT EXISTS supabase_migrations AUTHORIZATION postgres;
CREATE SCHEMA IF NOT EXISTS schemagate_shim AUTHORIZATION supabase_admin;
-- A schema that already existed gets Supabase's owner too.
ALTER SCHEMA extensions OWNER TO postgres;
ALTER SCHEMA auth OWNER TO supabase_admin;
ALTER SCHEMA storage OWNER TO supabase_admin;
ALTER SCHEMA realtime OWNER TO supabase_admin;
ALTER SCHEMA graphql_public OWNER TO supabase_admin;
ALTER SCHEMA pgbouncer OWNER TO pgbouncer;
ALTER SCHEMA supabase_functions OWNER TO supabase_admin;

GRANT USAGE ON SCHEMA public TO postgres, anon, authenticated, service_role;
-- Realtime's admin creates its helpers in public (realtime-schema init).
GRANT CREATE, USAGE ON SCHEMA public TO supabase_realtime_admin;
-- postgres creates in public as the database owner (pg_database_owner), not
-- through a grant of its own; base.sql's grant is for servers where it is not.
DO $public$
BEGIN
  IF pg_catalog.pg_has_role('postgres', 'pg_database_owner', 'MEMBER')
     AND (SELECT nspowner::regrole::text FROM pg_catalog.pg_namespace WHERE nspname = 'public') = 'pg_database_owner' THEN
    REVOKE CREATE ON SCHEMA public FROM postgres;
  END IF;
END
$public$;
GRANT USAGE ON SCHEMA extensions TO postgres, anon, authenticated, service_role, dashboard_user, supabase_realtime_admin;
GRANT ALL ON SCHEMA extensions TO dashboard_user;
-- postgres may use auth but not create in it (revoked in 20250421).
GRANT USAGE ON SCHEMA auth TO postgres, anon, authenticated, service_role, dashboard_user, supabase_realtime_admin;
GRANT ALL ON SCHEMA auth TO supabase_auth_admin, dashboard_user;
GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA storage TO postgres WITH GRANT OPTION;
GRANT ALL ON SCHEMA storage TO supabase_storage_admin WITH GRANT OPTION;
GRANT ALL ON SCHEMA storage TO dashboard_user;
GRANT USAGE ON SCHEMA realtime TO anon, authenticated, service_role;
-- 20260506172403_grant_realtime_schema_to_postgres_with_grant_option
GRANT USAGE ON SCHEMA realtime TO postgres WITH GRANT OPTION;
GRANT ALL ON SCHEMA realtime TO supabase_realtime_admin WITH GRANT OPTION;
GRANT USAGE ON SCHEMA vault TO postgres WITH GRANT OPTION;
GRANT USAGE ON SCHEMA vault TO service_role;
GRANT USAGE ON SCHEMA graphql, graphql_public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA supabase_functions TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA supabase_functions TO supabase_functions_admin;
-- Only create_extension (and drop_extension) are callable; see below.
GRANT USAGE ON SCHEMA schemagate_shim TO postgres;
