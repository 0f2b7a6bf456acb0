-- =============================================================================
-- schemagate shim: which extensions postgres may create (supautils.privileged_extensions)
--
-- Installed after platform/schemas.sql and before supautils.sql, whose functions read it.
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- supautils.privileged_extensions of the current supabase/postgres image
-- (ansible/files/postgresql_config/conf.d/supautils.conf). Supabase leaves
-- out adminpack, amcheck, file_fdw, lo, old_snapshot, pageinspect,
-- pg_freespacemap, pg_surgery, pg_visibility (unsafe: file access or raw
-- page access), intagg and xml2 (deprecated); so does schemagate. Trusted
-- extensions (e.g. lo) stay creatable by postgres through PostgreSQL's own
-- rules, exactly as on Supabase.
CREATE TABLE IF NOT EXISTS schemagate_shim.privileged_extensions (name text PRIMARY KEY);
INSERT INTO schemagate_shim.privileged_extensions (name)
SELECT unnest(ARRAY[
  'address_standardizer', 'address_standardizer_data_us', 'autoinc', 'bloom', 'btree_gin',
  'btree_gist', 'citext', 'cube', 'dblink', 'dict_int', 'dict_xsyn', 'earthdistance',
  'fuzzystrmatch', 'hstore', 'http', 'hypopg', 'index_advisor', 'insert_username', 'intarray',
  'isn', 'ltree', 'moddatetime', 'orioledb', 'pg_buffercache', 'pg_cron', 'pg_graphql',
  'pg_hashids', 'pg_jsonschema', 'pg_net', 'pg_prewarm', 'pg_repack', 'pg_stat_monitor',
  'pg_stat_statements', 'pg_tle', 'pg_trgm', 'pg_walinspect', 'pgaudit', 'pgcrypto', 'pgjwt',
  'pgroonga', 'pgroonga_database', 'pgrouting', 'pgrowlocks', 'pgsodium', 'pgstattuple', 'pgtap',
  'plcoffee', 'pljava', 'plls', 'plpgsql_check', 'plv8', 'postgis', 'postgis_raster',
  'postgis_sfcgal', 'postgis_tiger_geocoder', 'postgis_topology', 'postgres_fdw', 'refint', 'rum',
  'seg', 'sslinfo', 'supabase_vault', 'supautils', 'tablefunc', 'tcn', 'timescaledb',
  'tsm_system_rows', 'tsm_system_time', 'unaccent', 'uuid-ossp', 'vector', 'wrappers'])
ON CONFLICT DO NOTHING;

-- The Debian package of a missing extension, for the "not available" hint;
-- {major} stands for the server's major (bookworm packages 15, trixie 17,
-- which also has postgresql-17-pgvector; scripts/ensure-postgres.sh installs
-- them).
CREATE TABLE IF NOT EXISTS schemagate_shim.extension_packages (name text PRIMARY KEY, package text NOT NULL);
INSERT INTO schemagate_shim.extension_packages (name, package) VALUES
  ('pg_cron', 'postgresql-{major}-cron'),
  ('hypopg', 'postgresql-{major}-hypopg'),
  ('pgaudit', 'postgresql-{major}-pgaudit'),
  ('pgtap', 'postgresql-{major}-pgtap'),
  ('plpgsql_check', 'postgresql-{major}-plpgsql-check'),
  ('pg_partman', 'postgresql-{major}-partman'),
  ('pg_repack', 'postgresql-{major}-repack'),
  ('rum', 'postgresql-{major}-rum'),
  ('pgrouting', 'postgresql-{major}-pgrouting'),
  ('postgis', 'postgresql-{major}-postgis-3'),
  ('postgis_raster', 'postgresql-{major}-postgis-3'),
  ('postgis_topology', 'postgresql-{major}-postgis-3'),
  ('postgis_sfcgal', 'postgresql-{major}-postgis-3'),
  ('postgis_tiger_geocoder', 'postgresql-{major}-postgis-3'),
  ('address_standardizer', 'postgresql-{major}-postgis-3'),
  ('address_standardizer_data_us', 'postgresql-{major}-postgis-3'),
  ('vector', 'postgresql-{major}-pgvector')
ON CONFLICT (name) DO UPDATE SET package = EXCLUDED.package;
