-- =============================================================================
-- schemagate platform shim: schema extensions and the extensions every project has
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- extensions: the two extensions every Supabase database has. Skipped when
-- already installed, wherever that is.
-- -----------------------------------------------------------------------------
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
-- Creating pg_stat_statements does not need shared_preload_libraries (only
-- reading its view does), so it is installed like on Supabase when the
-- contrib package is there.
DO $pgss$
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = 'pg_stat_statements') THEN
    CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA extensions;
  END IF;
END
$pgss$;

-- postgres's rights on whatever now lives in extensions (demote-postgres).
GRANT ALL ON ALL TABLES IN SCHEMA extensions TO postgres, dashboard_user;
GRANT ALL ON ALL SEQUENCES IN SCHEMA extensions TO postgres, dashboard_user;
GRANT ALL ON ALL ROUTINES IN SCHEMA extensions TO postgres, dashboard_user;
