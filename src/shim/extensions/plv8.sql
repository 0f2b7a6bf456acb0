-- schemagate emulation: plv8 3.1.10 (JavaScript procedural language;
-- Supabase ships it on PostgreSQL 15 only). The language exists, trusted as
-- in plv8, so migrations can create functions in it (auth hooks, triggers)
-- and grant on them; but there is no JavaScript engine here: calling such a
-- function, or a DO block in plv8, fails with "cannot accept a value of type
-- language_handler", which schemagate reports as a call into emulated plv8.
-- Function bodies are stored as written and not syntax-checked.
-- The control file puts it in pg_catalog.
-- schemagate: schema=pg_catalog
-- schemagate: schema-override
-- schemagate: version=3.1.10
-- schemagate: majors=15

-- The handlers are PostgreSQL's own input function of the language_handler
-- pseudo-type, which raises whenever it is called.
CREATE OR REPLACE FUNCTION pg_catalog.plv8_call_handler() RETURNS language_handler
  LANGUAGE internal AS 'language_handler_in';
CREATE OR REPLACE FUNCTION pg_catalog.plv8_inline_handler(internal) RETURNS void
  LANGUAGE internal AS 'language_handler_in';
CREATE OR REPLACE FUNCTION pg_catalog.plv8_call_validator(oid) RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;

DO $lang$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_language WHERE lanname = 'plv8') THEN
    CREATE TRUSTED LANGUAGE plv8 HANDLER pg_catalog.plv8_call_handler
      INLINE pg_catalog.plv8_inline_handler VALIDATOR pg_catalog.plv8_call_validator;
  END IF;
  IF to_regtype('pg_catalog.plv8_int2array') IS NULL THEN
    CREATE DOMAIN pg_catalog.plv8_int2array AS int2[];
    CREATE DOMAIN pg_catalog.plv8_int4array AS int4[];
    CREATE DOMAIN pg_catalog.plv8_float4array AS float4[];
    CREATE DOMAIN pg_catalog.plv8_float8array AS float8[];
    CREATE DOMAIN pg_catalog.plv8_int8array AS int8[];
  END IF;
END
$lang$;

CREATE OR REPLACE FUNCTION pg_catalog.plv8_version() RETURNS text
  LANGUAGE sql AS $fn$ SELECT '3.1.10' $fn$;
CREATE OR REPLACE FUNCTION pg_catalog.plv8_reset() RETURNS void
  LANGUAGE plpgsql AS $fn$ BEGIN END $fn$;
CREATE OR REPLACE FUNCTION pg_catalog.plv8_info() RETURNS json
  LANGUAGE sql AS $fn$ SELECT '[]'::json $fn$;
REVOKE ALL ON FUNCTION pg_catalog.plv8_info() FROM PUBLIC;
