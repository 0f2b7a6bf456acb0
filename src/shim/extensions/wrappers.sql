-- schemagate emulation: wrappers 0.5.4 (Supabase's foreign data wrappers,
-- ext-api/wrappers/signatures.md). Every FDW's <name>_handler(),
-- <name>_validator(text[], oid) and <name>_meta(), and the
-- wrappers_fdw_stats table, so migrations can create the foreign data
-- wrapper, its server (options such as api_key_id naming a vault secret)
-- and foreign tables. Nothing reaches the remote service: the validators
-- accept any options, and querying a foreign table of an emulated wrapper
-- (or IMPORT FOREIGN SCHEMA) fails with "cannot accept a value of type
-- fdw_handler", which schemagate reports as a use of emulated wrappers.
-- schemagate: version=0.5.4

CREATE TABLE IF NOT EXISTS @extschema@.wrappers_fdw_stats (
  fdw_name text NOT NULL PRIMARY KEY,
  create_times bigint,
  rows_in bigint,
  rows_out bigint,
  bytes_in bigint,
  bytes_out bigint,
  metadata jsonb,
  created_at timestamp with time zone NOT NULL DEFAULT timezone('utc'::text, now()),
  updated_at timestamp with time zone NOT NULL DEFAULT timezone('utc'::text, now())
);


CREATE OR REPLACE FUNCTION @extschema@.airtable_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.airtable_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.airtable_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'AirtableFdw'::text, '0.1.5'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.auth0_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.auth0_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.auth0_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'Auth0Fdw'::text, '0.1.2'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.big_query_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.big_query_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.big_query_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'BigQueryFdw'::text, '0.1.6'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.click_house_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.click_house_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.click_house_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'ClickHouseFdw'::text, '0.1.7'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.cognito_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.cognito_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.cognito_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'CognitoFdw'::text, '0.1.4'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.duckdb_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.duckdb_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.duckdb_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'DuckdbFdw'::text, '0.1.1'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.firebase_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.firebase_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.firebase_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'FirebaseFdw'::text, '0.1.3'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.logflare_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.logflare_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.logflare_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'LogflareFdw'::text, '0.1.1'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.mssql_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.mssql_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.mssql_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'MssqlFdw'::text, '0.1.3'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.redis_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.redis_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.redis_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'RedisFdw'::text, '0.1.1'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.s3_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.s3_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.s3_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'S3Fdw'::text, '0.1.5'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.stripe_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.stripe_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.stripe_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'StripeFdw'::text, '0.1.12'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.iceberg_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.iceberg_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.iceberg_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'IcebergFdw'::text, '0.1.2'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.wasm_fdw_handler() RETURNS fdw_handler
  LANGUAGE internal STRICT AS 'fdw_handler_in';
CREATE OR REPLACE FUNCTION @extschema@.wasm_fdw_validator(options text[], catalog oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.wasm_fdw_meta() RETURNS TABLE(name text, version text, author text, website text)
  LANGUAGE sql AS $fn$ SELECT 'WasmFdw'::text, '0.1.5'::text, 'Supabase'::text, 'https://github.com/supabase/wrappers'::text $fn$;
