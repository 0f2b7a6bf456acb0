-- =============================================================================
-- schemagate Supabase compatibility shim: DDL the emulated extensions need.
--
-- The Rust side (src/shim/emulated_ddl.rs) rewrites two kinds of statement
-- into calls of these functions:
--   * CREATE INDEX ... USING hnsw|ivfflat|pgroonga ... WITH (...): where the
--     access method is an emulation (src/shim/extensions/vector.sql,
--     pgroonga.sql: PostgreSQL's hash index behind it), the options are
--     checked as the real extension checks them and left out; otherwise the
--     statement runs as written. Runs with the caller's rights.
--   * CREATE FOREIGN DATA WRAPPER: superuser-only in PostgreSQL; supautils
--     lets postgres create one. Created here by the superuser, for handlers
--     and validators a superuser owns (an extension's), never the caller's
--     own functions, which would then run as the superuser.
--
-- Contract: run by supabase_admin after supabase.sql, idempotent.
-- =============================================================================

SET LOCAL search_path = pg_catalog;

-- Whether an index access method is one of schemagate's emulations.
CREATE OR REPLACE FUNCTION schemagate_shim.access_method_emulated(p_name text)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog
AS $fn$
  SELECT EXISTS (
    SELECT FROM pg_catalog.pg_am a
    JOIN pg_catalog.pg_proc p ON p.oid = a.amhandler
    JOIN pg_catalog.pg_language l ON l.oid = p.prolang
    WHERE a.amname = p_name AND a.amname <> 'hash' AND l.lanname = 'internal' AND p.prosrc = 'hashhandler')
$fn$;

-- One integer storage option, checked as PostgreSQL checks reloptions.
CREATE OR REPLACE FUNCTION schemagate_shim._check_int_option(p_name text, p_value text, p_min integer, p_max integer)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog
AS $fn$
DECLARE
  v integer;
BEGIN
  IF p_value !~ '^\s*[+-]?[0-9]+\s*$' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('invalid value for integer option "%s": %s', p_name, p_value);
  END IF;
  v := p_value::integer;
  IF v < p_min OR v > p_max THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('value %s out of bounds for option "%s"', p_value, p_name),
      DETAIL = format('Valid values are between "%s" and "%s".', p_min, p_max);
  END IF;
  RETURN v;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim.create_index_with_options(
  p_original text, p_without_options text, p_access_method text, p_names text[], p_values text[])
RETURNS void
LANGUAGE plpgsql
AS $fn$
DECLARE
  v_m integer := 16;
  v_ef integer := 64;
  v_name text;
BEGIN
  IF NOT schemagate_shim.access_method_emulated(p_access_method) THEN
    EXECUTE p_original;
    RETURN;
  END IF;
  FOR i IN 1 .. coalesce(cardinality(p_names), 0) LOOP
    v_name := lower(p_names[i]);
    -- pgvector's limits (src/hnsw.c, src/ivfflat.c); pgroonga takes free-form options.
    IF p_access_method = 'hnsw' AND v_name = 'm' THEN
      v_m := schemagate_shim._check_int_option(v_name, p_values[i], 2, 100);
    ELSIF p_access_method = 'hnsw' AND v_name = 'ef_construction' THEN
      v_ef := schemagate_shim._check_int_option(v_name, p_values[i], 4, 1000);
    ELSIF p_access_method = 'ivfflat' AND v_name = 'lists' THEN
      PERFORM schemagate_shim._check_int_option(v_name, p_values[i], 1, 32768);
    ELSIF p_access_method <> 'pgroonga' THEN
      RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('unrecognized parameter "%s"', p_names[i]);
    END IF;
  END LOOP;
  IF v_ef < 2 * v_m THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'ef_construction must be greater than or equal to 2 * m';
  END IF;
  EXECUTE p_without_options;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim._superuser_function(p_function regprocedure, p_fdw text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_roles r ON r.oid = p.proowner
          WHERE p.oid = p_function) THEN
    RAISE EXCEPTION USING ERRCODE = '42501',
      MESSAGE = format('permission denied to create foreign-data wrapper "%s"', p_fdw),
      HINT = format('%s is not owned by a superuser: Supabase lets postgres create foreign-data wrappers with the handlers and validators of extensions (wrappers, postgres_fdw), not with its own functions.', p_function);
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim.create_foreign_data_wrapper(
  p_name text, p_handler text, p_validator text, p_names text[], p_values text[])
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_caller name := schemagate_shim._caller();
  v_handler regprocedure;
  v_validator regprocedure;
  v_sql text;
  v_options text[] := '{}';
BEGIN
  IF p_handler IS NOT NULL THEN
    v_handler := to_regprocedure(p_handler || '()');
    IF v_handler IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '42883', MESSAGE = format('function %s() does not exist', p_handler);
    END IF;
    IF (SELECT prorettype FROM pg_catalog.pg_proc WHERE oid = v_handler) <> 'fdw_handler'::regtype THEN
      RAISE EXCEPTION USING ERRCODE = '42809', MESSAGE = format('function %s must return type fdw_handler', p_handler);
    END IF;
    PERFORM schemagate_shim._superuser_function(v_handler, p_name);
  END IF;
  IF p_validator IS NOT NULL THEN
    v_validator := to_regprocedure(p_validator || '(text[], oid)');
    IF v_validator IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '42883', MESSAGE = format('function %s(text[], oid) does not exist', p_validator);
    END IF;
    PERFORM schemagate_shim._superuser_function(v_validator, p_name);
  END IF;
  FOR i IN 1 .. coalesce(cardinality(p_names), 0) LOOP
    v_options := v_options || format('%I %L', p_names[i], p_values[i]);
  END LOOP;
  v_sql := format('CREATE FOREIGN DATA WRAPPER %I', p_name)
        || CASE WHEN v_handler IS NOT NULL THEN format(' HANDLER %s', v_handler::regproc) ELSE '' END
        || CASE WHEN v_validator IS NOT NULL THEN format(' VALIDATOR %s', v_validator::regproc) ELSE '' END
        || CASE WHEN cardinality(v_options) > 0 THEN format(' OPTIONS (%s)', array_to_string(v_options, ', ')) ELSE '' END;
  EXECUTE v_sql;
  -- PostgreSQL keeps foreign-data wrappers owned by superusers; the
  -- caller gets what it needs to create servers on it.
  EXECUTE format('GRANT USAGE ON FOREIGN DATA WRAPPER %I TO %I WITH GRANT OPTION', p_name, v_caller);
END
$fn$;

REVOKE ALL ON FUNCTION schemagate_shim.access_method_emulated(text),
  schemagate_shim._check_int_option(text, text, integer, integer),
  schemagate_shim.create_index_with_options(text, text, text, text[], text[]),
  schemagate_shim._superuser_function(regprocedure, text),
  schemagate_shim.create_foreign_data_wrapper(text, text, text, text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION schemagate_shim.access_method_emulated(text),
  schemagate_shim._check_int_option(text, text, integer, integer),
  schemagate_shim.create_index_with_options(text, text, text, text[], text[]) TO PUBLIC;
GRANT EXECUTE ON FUNCTION schemagate_shim.create_foreign_data_wrapper(text, text, text, text[], text[]) TO postgres;
