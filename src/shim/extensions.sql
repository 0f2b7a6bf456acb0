-- =============================================================================
-- schemagate Supabase compatibility shim: default extensions.
--
-- A PostgreSQL 15 Supabase project starts with these extensions installed
-- (supabase/postgres init scripts and migrations: pgjwt, pg_graphql,
-- pgsodium + supabase_vault); a PostgreSQL 17 one without pgjwt and
-- pgsodium (schema-17.sql of the reference) and without pg_graphql (image
-- migration 20260421000000, newer than schema-17.sql); pg_net only arrives with database webhooks,
-- so a migration must create it and schemagate reports the stub), so a
-- migration may use them without creating them, and
-- `create extension pg_net` without IF NOT EXISTS fails there. pgcrypto,
-- uuid-ossp and pg_stat_statements are already created by platform/extensions_schema.sql.
-- Each goes through schemagate_shim.create_extension, so the server's real
-- extension is used when it has one and the stub otherwise.
--
-- Contract: run by supabase_admin, as one simple-protocol multi-statement
-- string, AFTER the platform parts (src/shim/mod.rs PLATFORM_PARTS) and after the stubs (src/shim/extensions/*.sql)
-- have been loaded into schemagate_shim.extension_stubs. Idempotent.
-- =============================================================================

DO $check$
BEGIN
  IF NOT EXISTS (SELECT FROM schemagate_shim.extension_stubs) THEN
    RAISE EXCEPTION 'schemagate_shim.extension_stubs is empty: load src/shim/extensions/*.sql into it before running extensions.sql';
  END IF;
END
$check$;

SET LOCAL search_path = pg_catalog;
SET LOCAL client_min_messages = warning;

SELECT schemagate_shim.create_extension('pgjwt', 'extensions', NULL, true, true)
WHERE current_setting('server_version_num')::integer < 170000;
SELECT schemagate_shim.create_extension('pgsodium', NULL, NULL, false, true)
WHERE current_setting('server_version_num')::integer < 170000;
SELECT schemagate_shim.create_extension('supabase_vault', NULL, NULL, false, true);
-- Image migration 20260421000000_pg_graphql-off-by-default drops pg_graphql
-- from new projects. Supabase only creates new projects on PostgreSQL 17, so
-- a 17 project starts without it (a migration that uses graphql.* must create
-- it, as on Supabase); PostgreSQL 15 projects were created before, with it.
SELECT schemagate_shim.create_extension('pg_graphql', NULL, NULL, false, true)
WHERE current_setting('server_version_num')::integer < 170000;
