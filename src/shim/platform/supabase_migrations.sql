-- =============================================================================
-- schemagate platform shim: supabase_migrations (the CLI's history)
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- supabase_migrations: exactly what the CLI's CreateMigrationTable and
-- CreateSeedTable batches create (pkg/migration/history.go), owned by
-- postgres because the CLI runs them connected as postgres and later
-- inserts into them as postgres.
-- -----------------------------------------------------------------------------
SET LOCAL lock_timeout = '4s';
SELECT schemagate_shim._ensure('supabase_migrations.schema_migrations', $ddl$
  CREATE TABLE supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
  ALTER TABLE supabase_migrations.schema_migrations OWNER TO postgres;
$ddl$);
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
SELECT schemagate_shim._ensure('supabase_migrations.seed_files', $ddl$
  CREATE TABLE supabase_migrations.seed_files (path text NOT NULL PRIMARY KEY, hash text NOT NULL);
  ALTER TABLE supabase_migrations.seed_files OWNER TO postgres;
$ddl$);
SET LOCAL lock_timeout TO DEFAULT;
