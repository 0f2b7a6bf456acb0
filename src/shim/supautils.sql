-- =============================================================================
-- schemagate shim: the schemagate_shim schema (supautils as Supabase runs it)
--
-- The CREATE EXTENSION bridge, the stub registry and the policy_grants / drop_trigger_grants emulation.
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- =============================================================================
-- schemagate_shim: the CREATE EXTENSION bridge.
--
-- Migrations run as postgres, which is not a superuser. On Supabase the
-- supautils module lets postgres create "privileged" extensions anyway; here
-- the Rust side rewrites every CREATE EXTENSION statement into
--   SELECT schemagate_shim.create_extension(name, schema, version, cascade, if_not_exists)
-- which decides, in order:
--   1. already installed (pg_extension, or a stub/TLE recorded here):
--      'exists' (IF NOT EXISTS) or error 42710, like PostgreSQL;
--   2. available on this server: created for real. Supabase's privileged
--      extensions are created by supabase_admin (as supautils does); other
--      trusted / non-superuser extensions are created as the caller, so
--      PostgreSQL applies its own rules; anything else is refused (42501);
--   3. a stub is registered (src/shim/extensions/<name>.sql): the stub's SQL runs
--      and the extension is recorded in stubbed_extensions;
--   4. a Trusted Language Extension registered through the pg_tle stub: its
--      SQL runs as the caller, like pg_tle does;
--   5. otherwise error 0A000 "extension "x" is not available on this server"
--      with a hint naming the fix.
-- =============================================================================

CREATE TABLE IF NOT EXISTS schemagate_shim.extension_stubs (
  name text PRIMARY KEY,   -- extension name, as written in CREATE EXTENSION
  sql text NOT NULL        -- may contain @extschema@ and "-- schemagate:" directives
);

CREATE TABLE IF NOT EXISTS schemagate_shim.stubbed_extensions (
  name text PRIMARY KEY,
  schema text NOT NULL,
  version text,
  kind text NOT NULL DEFAULT 'stub' CHECK (kind IN ('stub', 'tle')),
  installed_at timestamp with time zone NOT NULL DEFAULT now()
);

-- Trusted Language Extensions registered with the pg_tle stub
-- (pgtle.install_extension & co. write here; create_extension reads).
CREATE TABLE IF NOT EXISTS schemagate_shim.tle_versions (
  name text NOT NULL,
  version text NOT NULL,
  description text,
  sql text NOT NULL,
  requires text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (name, version)
);
CREATE TABLE IF NOT EXISTS schemagate_shim.tle_update_paths (
  name text NOT NULL,
  source text NOT NULL,
  target text NOT NULL,
  sql text NOT NULL,
  PRIMARY KEY (name, source, target)
);
CREATE TABLE IF NOT EXISTS schemagate_shim.tle_default_versions (
  name text PRIMARY KEY,
  version text NOT NULL
);

-- supautils.policy_grants / drop_trigger_grants: the tables on which
-- postgres may create, alter and drop policies and drop triggers without
-- owning them. Missing tables are ignored.
CREATE TABLE IF NOT EXISTS schemagate_shim.policy_grants (
  role_name name NOT NULL,
  relation text NOT NULL,
  PRIMARY KEY (role_name, relation)
);
INSERT INTO schemagate_shim.policy_grants (role_name, relation)
SELECT 'postgres', unnest(ARRAY[
  'auth.audit_log_entries', 'auth.flow_state', 'auth.identities', 'auth.instances',
  'auth.mfa_amr_claims', 'auth.mfa_challenges', 'auth.mfa_factors', 'auth.oauth_clients',
  'auth.one_time_tokens', 'auth.refresh_tokens', 'auth.saml_providers', 'auth.saml_relay_states',
  'auth.sessions', 'auth.sso_domains', 'auth.sso_providers', 'auth.users', 'realtime.messages',
  'realtime.subscription', 'storage.buckets', 'storage.buckets_analytics', 'storage.objects',
  'storage.prefixes', 'storage.s3_multipart_uploads', 'storage.s3_multipart_uploads_parts'])
ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS schemagate_shim.policy_grant_swaps (
  pid integer NOT NULL,
  relid oid NOT NULL,
  original_owner oid NOT NULL,
  PRIMARY KEY (pid, relid)
);

-- Catalog views that also list stubbed extensions and registered TLEs.
-- They are put ahead of pg_catalog on the search_path only while a TLE's
-- SQL runs, because TLE scripts check their dependencies there (dbdev's
-- index_advisor looks for hypopg in pg_available_extensions), and a stub
-- is not a catalog extension.
CREATE SCHEMA IF NOT EXISTS schemagate_catalog AUTHORIZATION supabase_admin;
GRANT USAGE ON SCHEMA schemagate_catalog TO postgres;
CREATE OR REPLACE VIEW schemagate_catalog.pg_extension AS
  SELECT e.oid, e.extname, e.extowner, e.extnamespace, e.extrelocatable, e.extversion, e.extconfig, e.extcondition
  FROM pg_catalog.pg_extension e
  UNION ALL
  SELECT 0::oid, s.name::name, (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = 'supabase_admin'),
         coalesce(to_regnamespace(quote_ident(s.schema))::oid, 0::oid), false, coalesce(s.version, ''),
         NULL::oid[], NULL::text[]
  FROM schemagate_shim.stubbed_extensions s;
CREATE OR REPLACE VIEW schemagate_catalog.pg_available_extensions AS
  SELECT a.name, a.default_version, coalesce(a.installed_version, s.version) AS installed_version, a.comment
  FROM pg_catalog.pg_available_extensions a
  LEFT JOIN schemagate_shim.stubbed_extensions s ON s.name = a.name
  UNION ALL
  SELECT s.name::name, s.version, s.version, 'emulated by schemagate'
  FROM schemagate_shim.stubbed_extensions s
  WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_available_extensions a WHERE a.name = s.name)
  UNION ALL
  SELECT t.name::name, coalesce(d.version, max(t.version)), NULL::text, min(t.description)
  FROM schemagate_shim.tle_versions t
  LEFT JOIN schemagate_shim.tle_default_versions d ON d.name = t.name
  WHERE NOT EXISTS (SELECT FROM schemagate_shim.stubbed_extensions s WHERE s.name = t.name)
  GROUP BY t.name, d.version;
GRANT SELECT ON schemagate_catalog.pg_extension, schemagate_catalog.pg_available_extensions TO postgres;

-- None of this is postgres's business: it may call create_extension and
-- drop_extension, nothing else (the stub registry in particular must not be
-- writable by the role whose migrations are being checked).
REVOKE ALL ON ALL TABLES IN SCHEMA schemagate_shim FROM PUBLIC;

-- The role whose statement we are serving. Inside a security-definer
-- function current_user is the owner; the role setting and session_user
-- still name the caller, and neither can name a role the caller could not
-- already become.
CREATE OR REPLACE FUNCTION schemagate_shim._caller()
RETURNS name
LANGUAGE sql STABLE
SET search_path = pg_catalog
AS $fn$
  SELECT coalesce(nullif(current_setting('role'), 'none'), session_user)::name
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim._extension_installed(p_name text)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog
AS $fn$
  SELECT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = p_name)
      OR EXISTS (SELECT FROM schemagate_shim.stubbed_extensions WHERE name = p_name)
$fn$;

-- Runs SQL with the privileges of p_role. A security-definer function
-- cannot SET ROLE, so the SQL is wrapped in a one-off security-definer
-- function owned by p_role, called once and dropped. It exists only inside
-- the current transaction, so p_role cannot alter it in between.
CREATE OR REPLACE FUNCTION schemagate_shim._run_as(p_role name, p_search_path text, p_sql text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_fn text;
BEGIN
  v_fn := 'schemagate_shim.' || quote_ident('_run_as_' || md5(random()::text || clock_timestamp()::text));
  EXECUTE format('CREATE FUNCTION %s() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path TO %s AS %L',
                 v_fn, p_search_path, format('BEGIN EXECUTE %L; END', p_sql));
  EXECUTE format('ALTER FUNCTION %s() OWNER TO %I', v_fn, p_role);
  EXECUTE format('SELECT %s()', v_fn);
  EXECUTE format('DROP FUNCTION %s()', v_fn);
END
$fn$;

-- A privileged extension is created by supabase_admin, so PostgreSQL's
-- own check that the creator may create objects in the target schema has
-- to be made for the caller: postgres must not be able to place objects in
-- auth, storage or vault this way.
CREATE OR REPLACE FUNCTION schemagate_shim._check_create_privilege(p_role name, p_schema text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF NOT has_schema_privilege(p_role, quote_ident(p_schema), 'CREATE') THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('permission denied for schema %s', p_schema);
  END IF;
END
$fn$;

-- The schema an emulation goes into. A stub runs as a superuser and puts
-- security-definer functions in it, so a schema that already holds objects
-- of someone else's (tables, triggers, functions a stub's SQL could call)
-- is refused. Supabase lets postgres create a privileged extension into a
-- schema it created itself (the dashboard writes `create schema if not
-- exists pgmq; create extension pgmq with schema pgmq`): a schema owned by
-- a superuser, or an empty one owned by the caller, is accepted.
CREATE OR REPLACE FUNCTION schemagate_shim._check_stub_schema(p_schema text, p_caller name)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_nsp oid := to_regnamespace(quote_ident(p_schema));
  v_owner_super boolean;
  v_owner name;
BEGIN
  SELECT r.rolsuper, r.rolname INTO v_owner_super, v_owner
  FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner WHERE n.oid = v_nsp;
  IF v_owner_super THEN
    RETURN;
  END IF;
  IF v_owner = p_caller
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_class WHERE relnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_proc WHERE pronamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_type WHERE typnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oprnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_collation WHERE collnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_conversion WHERE connamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_opclass WHERE opcnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_opfamily WHERE opfnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_ts_config WHERE cfgnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_ts_dict WHERE dictnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_ts_parser WHERE prsnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_ts_template WHERE tmplnamespace = v_nsp)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_statistic_ext WHERE stxnamespace = v_nsp) THEN
    RETURN;
  END IF;
  RAISE EXCEPTION USING ERRCODE = '42501',
    MESSAGE = format('schema "%s" already holds objects and is not owned by a superuser; refusing to install an extension emulation into it', p_schema),
    HINT = 'Create the extension into a new or empty schema of your own, as Supabase''s dashboard does: create schema if not exists <name>; create extension <ext> with schema <name>;';
END
$fn$;

-- The schema of its own a stub creates beside the extension's (pg_cron's
-- cron, pg_net's net) and fills with security-definer functions and the
-- tables they write. One that exists and a superuser does not own is
-- refused: its owner could have put tables there whose triggers would then
-- run as a superuser.
CREATE OR REPLACE FUNCTION schemagate_shim._stub_own_schema(p_schema text, p_extension text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF to_regnamespace(quote_ident(p_schema)) IS NULL THEN
    EXECUTE format('CREATE SCHEMA %I', p_schema);
  ELSIF NOT (SELECT r.rolsuper FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner WHERE n.nspname = p_schema) THEN
    RAISE EXCEPTION 'schema "%" already exists and is not owned by a superuser; refusing to install the % stub into it', p_schema, p_extension;
  END IF;
END
$fn$;

-- What PostgreSQL does for extensions listed in `requires`.
CREATE OR REPLACE FUNCTION schemagate_shim._require(
  p_name text, p_requires text[], p_schema text, p_cascade boolean, p_default_schema text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_req text;
BEGIN
  FOREACH v_req IN ARRAY coalesce(p_requires, '{}') LOOP
    CONTINUE WHEN v_req = '' OR schemagate_shim._extension_installed(v_req);
    IF NOT p_cascade THEN
      RAISE EXCEPTION USING ERRCODE = '42704',
        MESSAGE = format('required extension "%s" is not installed', v_req),
        HINT = 'Use CREATE EXTENSION ... CASCADE to install required extensions too.';
    END IF;
    RAISE NOTICE 'installing required extension "%"', v_req;
    PERFORM schemagate_shim.create_extension(v_req, p_schema, NULL, true, true, p_default_schema);
  END LOOP;
END
$fn$;

-- supautils' after-create scripts and the image's event triggers: what
-- Supabase runs after postgres creates these extensions (the
-- postgresql_extension_custom_scripts/<ext>/after-create.sql files, and
-- grant_pg_cron_access / grant_pg_net_access). Run for real extensions and
-- emulations alike; each step only touches objects that exist.
CREATE OR REPLACE FUNCTION schemagate_shim._after_create(p_name text, p_schema text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_schema text;
  v_fdw oid;
  r record;
BEGIN
  IF p_name = 'pg_cron' AND to_regnamespace('cron') IS NOT NULL THEN
    GRANT USAGE ON SCHEMA cron TO postgres WITH GRANT OPTION;
    GRANT ALL ON ALL FUNCTIONS IN SCHEMA cron TO postgres WITH GRANT OPTION;
    ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA cron GRANT ALL ON SEQUENCES TO postgres WITH GRANT OPTION;
    ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA cron GRANT ALL ON TABLES TO postgres WITH GRANT OPTION;
    ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA cron GRANT ALL ON FUNCTIONS TO postgres WITH GRANT OPTION;
    GRANT ALL ON ALL TABLES IN SCHEMA cron TO postgres WITH GRANT OPTION;
    GRANT ALL ON ALL SEQUENCES IN SCHEMA cron TO postgres WITH GRANT OPTION;
    -- pg_cron's worker writes these tables as a superuser: a trigger of
    -- postgres's on them would run as that superuser
    -- (20260730000000_revoke_trigger_on_cron_tables_from_postgres).
    REVOKE TRIGGER ON ALL TABLES IN SCHEMA cron FROM postgres;
    IF to_regclass('cron.job') IS NOT NULL THEN
      REVOKE ALL ON TABLE cron.job FROM postgres;
      GRANT SELECT ON TABLE cron.job TO postgres WITH GRANT OPTION;
    END IF;
  ELSIF p_name = 'pg_net' AND to_regnamespace('net') IS NOT NULL THEN
    GRANT USAGE ON SCHEMA net TO supabase_functions_admin, postgres, anon, authenticated, service_role;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA net TO supabase_functions_admin, postgres, anon, authenticated, service_role;
  ELSIF p_name = 'pg_tle' AND to_regrole('pgtle_admin') IS NOT NULL THEN
    GRANT pgtle_admin TO postgres;
  ELSIF p_name = 'supabase_vault' AND to_regnamespace('vault') IS NOT NULL THEN
    GRANT USAGE ON SCHEMA vault TO postgres WITH GRANT OPTION;
    GRANT USAGE ON SCHEMA vault TO service_role;
    FOR r IN SELECT c.oid::regclass AS rel FROM pg_catalog.pg_class c
             WHERE c.relnamespace = 'vault'::regnamespace AND c.relname IN ('secrets', 'decrypted_secrets') LOOP
      EXECUTE format('GRANT SELECT, DELETE ON %s TO postgres WITH GRANT OPTION', r.rel);
      EXECUTE format('GRANT SELECT, DELETE ON %s TO service_role', r.rel);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_catalog.pg_proc p
             WHERE p.pronamespace = 'vault'::regnamespace
               AND p.proname IN ('create_secret', 'update_secret', '_crypto_aead_det_decrypt') LOOP
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO postgres WITH GRANT OPTION', r.fn);
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO service_role', r.fn);
    END LOOP;
  ELSIF p_name IN ('postgis_tiger_geocoder', 'pg_repack') THEN
    FOREACH v_schema IN ARRAY CASE p_name WHEN 'pg_repack' THEN ARRAY['repack'] ELSE ARRAY['tiger', 'tiger_data'] END LOOP
      CONTINUE WHEN to_regnamespace(v_schema) IS NULL;
      EXECUTE format('GRANT USAGE ON SCHEMA %I TO postgres WITH GRANT OPTION', v_schema);
      EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO postgres WITH GRANT OPTION', v_schema);
      EXECUTE format('GRANT ALL ON ALL ROUTINES IN SCHEMA %I TO postgres WITH GRANT OPTION', v_schema);
      EXECUTE format('GRANT ALL ON ALL SEQUENCES IN SCHEMA %I TO postgres WITH GRANT OPTION', v_schema);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT ALL ON TABLES TO postgres WITH GRANT OPTION', v_schema);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT ALL ON ROUTINES TO postgres WITH GRANT OPTION', v_schema);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT ALL ON SEQUENCES TO postgres WITH GRANT OPTION', v_schema);
    END LOOP;
  ELSIF p_name = 'dblink' THEN
    -- dblink_connect_u lets its caller connect without a password.
    FOR r IN SELECT p.oid::regprocedure AS fn, (aclexplode(p.proacl)).grantee AS grantee
             FROM pg_catalog.pg_proc p WHERE p.proname = 'dblink_connect_u' LOOP
      CONTINUE WHEN r.grantee = 'supabase_admin'::regrole;
      EXECUTE format('REVOKE ALL ON FUNCTION %s FROM %s', r.fn,
                     CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.grantee::regrole::text) END);
    END LOOP;
  ELSIF p_name = 'postgres_fdw' AND EXISTS (SELECT FROM pg_catalog.pg_foreign_data_wrapper WHERE fdwname = 'postgres_fdw') THEN
    -- postgres owns the wrapper on Supabase, so it may create servers with
    -- it and grant USAGE. Only a superuser may own a wrapper: Supabase's
    -- script makes postgres a superuser for the one ALTER. schemagate writes
    -- the same end state into the catalog instead, because ALTER ROLE
    -- updates a cluster-wide row that concurrent runs on one server would
    -- collide on. The owner dependency follows, as ALTER ... OWNER does.
    SELECT f.oid INTO v_fdw FROM pg_catalog.pg_foreign_data_wrapper f WHERE f.fdwname = 'postgres_fdw';
    UPDATE pg_catalog.pg_foreign_data_wrapper SET fdwowner = 'postgres'::regrole WHERE oid = v_fdw;
    DELETE FROM pg_catalog.pg_shdepend
    WHERE classid = 'pg_catalog.pg_foreign_data_wrapper'::regclass AND objid = v_fdw AND deptype = 'o';
    INSERT INTO pg_catalog.pg_shdepend (dbid, classid, objid, objsubid, refclassid, refobjid, deptype)
    VALUES ((SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = current_database()),
            'pg_catalog.pg_foreign_data_wrapper'::regclass, v_fdw, 0,
            'pg_catalog.pg_authid'::regclass, 'postgres'::regrole, 'o');
  ELSIF p_name = 'pgmq' AND EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pgmq') THEN
    -- pgmq/after-create.sql: postgres owns the extension and its member
    -- objects (pg_depend), so queues it creates are its own; nothing else in
    -- the schema changes hands. The emulation runs as the caller (run-as-
    -- caller), so its objects are postgres's already and this only applies
    -- to a real pgmq.
    UPDATE pg_catalog.pg_extension SET extowner = 'postgres'::regrole WHERE extname = 'pgmq';
    FOR r IN SELECT d.classid, d.objid FROM pg_catalog.pg_depend d
             JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
             WHERE e.extname = 'pgmq' AND d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e' LOOP
      IF r.classid = 'pg_catalog.pg_class'::regclass THEN
        CONTINUE WHEN (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = r.objid) IN ('S', 'i', 'I');
        EXECUTE format('ALTER TABLE %s OWNER TO postgres', r.objid::regclass);
      ELSIF r.classid = 'pg_catalog.pg_proc'::regclass THEN
        EXECUTE format('ALTER ROUTINE %s OWNER TO postgres', r.objid::regprocedure);
      ELSIF r.classid = 'pg_catalog.pg_type'::regclass
            AND (SELECT t.typrelid = 0 AND t.typcategory <> 'A' FROM pg_catalog.pg_type t WHERE t.oid = r.objid) THEN
        EXECUTE format('ALTER TYPE %s OWNER TO postgres', r.objid::regtype);
      END IF;
    END LOOP;
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim._not_available_hint(p_name text)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog
AS $fn$
  SELECT CASE
    WHEN p.package IS NOT NULL THEN
      format('Install %s on the PostgreSQL server (scripts/ensure-postgres.sh does), or check against Supabase''s own database image: --postgres docker --image supabase/postgres:<tag> (the Supabase CLI pins 15.8.1.085 for PostgreSQL 15, 17.6.1.132 for 17).',
             replace(p.package, '{major}', (current_setting('server_version_num')::integer / 10000)::text))
    ELSE
      format('schemagate cannot emulate "%s" on plain PostgreSQL; check against Supabase''s own database image: --postgres docker --image supabase/postgres:<tag> (the Supabase CLI pins 15.8.1.085 for PostgreSQL 15, 17.6.1.132 for 17).', p_name)
  END
  FROM (SELECT 1) AS one
  LEFT JOIN schemagate_shim.extension_packages p ON p.name = p_name
$fn$;

-- The bridge. p_default_schema is not meant to be passed: its default is
-- evaluated in the caller's context, before this function switches
-- search_path, and so is the schema CREATE EXTENSION without SCHEMA would
-- use (the caller's current schema).
CREATE OR REPLACE FUNCTION schemagate_shim.create_extension(
  p_name text,
  p_schema text DEFAULT NULL,
  p_version text DEFAULT NULL,
  p_cascade boolean DEFAULT false,
  p_if_not_exists boolean DEFAULT false,
  p_default_schema text DEFAULT pg_catalog.current_schema()
)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_caller name := schemagate_shim._caller();
  v_default_version text;
  v_ver record;
  v_privileged boolean;
  v_schema text;
  v_sql text;
  v_stub text;
  v_fixed_schema text;
  v_override boolean;
  v_as_caller boolean;
  v_majors text[];
  v_parts text[];
  v_requires text[];
  v_version text;
  v_messages text;
BEGIN
  IF p_name IS NULL OR p_name = '' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'extension name must not be empty';
  END IF;
  p_cascade := coalesce(p_cascade, false);
  p_if_not_exists := coalesce(p_if_not_exists, false);

  -- 1. Already installed.
  IF schemagate_shim._extension_installed(p_name) THEN
    IF p_if_not_exists THEN
      RAISE NOTICE USING ERRCODE = '42710', MESSAGE = format('extension "%s" already exists, skipping', p_name);
      RETURN 'exists';
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42710', MESSAGE = format('extension "%s" already exists', p_name);
  END IF;

  -- 2. Available on this server.
  SELECT a.default_version INTO v_default_version
  FROM pg_catalog.pg_available_extensions a WHERE a.name = p_name;
  -- Where supautils itself is loaded (Supabase's own image), it decides:
  -- the statement runs as the caller, as it would on Supabase, and
  -- supautils applies its privileged-extension rules and custom scripts.
  IF FOUND AND coalesce(current_setting('supautils.privileged_extensions', true), '') <> '' THEN
    PERFORM schemagate_shim._run_as(v_caller,
      CASE WHEN p_default_schema IS NULL THEN 'pg_catalog, pg_temp' ELSE format('%I, pg_catalog, pg_temp', p_default_schema) END,
      format('CREATE EXTENSION %s%I', CASE WHEN p_if_not_exists THEN 'IF NOT EXISTS ' ELSE '' END, p_name)
      || CASE WHEN p_schema IS NOT NULL THEN format(' WITH SCHEMA %I', p_schema) ELSE '' END
      || CASE WHEN p_version IS NOT NULL THEN format(' VERSION %L', p_version) ELSE '' END
      || CASE WHEN p_cascade THEN ' CASCADE' ELSE '' END);
    RETURN 'created';
  END IF;
  IF FOUND THEN
    SELECT v.* INTO v_ver
    FROM pg_catalog.pg_available_extension_versions v
    WHERE v.name = p_name AND v.version IN (coalesce(p_version, v_default_version), v_default_version)
    ORDER BY v.version = coalesce(p_version, v_default_version) DESC
    LIMIT 1;
    v_privileged := EXISTS (SELECT FROM schemagate_shim.privileged_extensions WHERE name = p_name);
    IF v_privileged OR coalesce(v_ver.trusted, false) OR NOT coalesce(v_ver.superuser, true) THEN
      -- supautils.extensions_parameter_overrides: pg_cron always goes
      -- into pg_catalog, whatever schema the statement names.
      v_override := p_name = 'pg_cron';
      v_schema := CASE WHEN v_override THEN 'pg_catalog'
                       ELSE coalesce(p_schema, v_ver.schema::text, p_default_schema) END;
      IF v_schema IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = 'no schema has been selected to create in';
      END IF;
      IF v_ver.schema IS NULL AND NOT v_override AND to_regnamespace(quote_ident(v_schema)) IS NOT NULL THEN
        PERFORM schemagate_shim._check_create_privilege(v_caller, v_schema);
      END IF;
      PERFORM schemagate_shim._require(p_name, v_ver.requires::text[], p_schema, p_cascade, p_default_schema);
      -- A schema the control file fixes is created by CREATE EXTENSION
      -- itself (tiger for postgis_tiger_geocoder), but only when not named.
      v_sql := format('CREATE EXTENSION %I', p_name)
            || CASE WHEN v_ver.schema IS NULL OR p_schema IS NOT NULL THEN format(' WITH SCHEMA %I', v_schema) ELSE '' END
            || CASE WHEN p_version IS NOT NULL THEN format(' VERSION %L', p_version) ELSE '' END;
      BEGIN
        IF v_privileged THEN
          EXECUTE v_sql;                 -- as supabase_admin, like supautils
        ELSE
          PERFORM schemagate_shim._run_as(v_caller, 'pg_catalog, pg_temp', v_sql);
        END IF;
        PERFORM schemagate_shim._after_create(p_name, v_schema);
        RETURN 'created';
      EXCEPTION WHEN OTHERS THEN
        -- e.g. pg_cron installed but not in shared_preload_libraries, or
        -- cron.database_name naming another database: the stub still lets
        -- the migrations be checked.
        IF NOT EXISTS (SELECT FROM schemagate_shim.extension_stubs WHERE name = p_name) THEN
          RAISE;
        END IF;
        RAISE NOTICE 'extension "%" is installed on this server but could not be created (%); using schemagate''s stub instead', p_name, SQLERRM;
      END;
    ELSIF NOT EXISTS (SELECT FROM schemagate_shim.extension_stubs WHERE name = p_name) THEN
      RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = format('permission denied to create extension "%s"', p_name),
        HINT = 'Must be superuser to create this extension. Supabase does not let postgres create it either (it is not in supautils.privileged_extensions).';
    END IF;
  END IF;

  -- 3. A stub.
  SELECT s.sql INTO v_stub FROM schemagate_shim.extension_stubs s WHERE s.name = p_name;
  IF FOUND THEN
    -- Directives, one per line: "-- schemagate: schema=<name>" (the schema
    -- the extension's control file fixes), "-- schemagate: schema-override"
    -- (use it whatever was asked, as supautils does for pg_cron),
    -- "-- schemagate: requires=a,b", "-- schemagate: version=<v>",
    -- "-- schemagate: run-as-caller" (an extension postgres creates as
    -- itself on Supabase, e.g. pgmq: its schema may be one the caller made).
    v_as_caller := v_stub ~ '(?n)^--\s*schemagate:\s*run-as-caller';
    v_fixed_schema := (regexp_match(v_stub, '^--\s*schemagate:\s*schema\s*=\s*(\S+)', 'n'))[1];
    v_override := v_stub ~ '(?n)^--\s*schemagate:\s*schema-override';
    v_requires := string_to_array(replace((regexp_match(v_stub, '^--\s*schemagate:\s*requires\s*=\s*(\S+)', 'n'))[1], ' ', ''), ',');
    v_version := coalesce(p_version, (regexp_match(v_stub, '^--\s*schemagate:\s*version\s*=\s*(\S+)', 'n'))[1]);
    -- "-- schemagate: majors=15": Supabase ships the extension only for
    -- these PostgreSQL majors (plv8 and timescaledb are not on 17).
    v_majors := string_to_array((regexp_match(v_stub, '^--\s*schemagate:\s*majors\s*=\s*(\S+)', 'n'))[1], ',');
    IF v_majors IS NOT NULL
       AND NOT (current_setting('server_version_num')::integer / 10000)::text = ANY (v_majors) THEN
      RAISE EXCEPTION USING ERRCODE = '0A000',
        MESSAGE = format('extension "%s" is not available on this server', p_name),
        HINT = format('Supabase ships %s only on PostgreSQL %s, and this server runs %s (db.major_version in supabase/config.toml picks it).',
                      p_name, array_to_string(v_majors, ', '), current_setting('server_version_num')::integer / 10000);
    END IF;
    IF v_fixed_schema IS NOT NULL AND NOT v_override AND p_schema IS NOT NULL AND p_schema <> v_fixed_schema THEN
      RAISE EXCEPTION USING ERRCODE = '0A000',
        MESSAGE = format('extension "%s" must be installed in schema "%s"', p_name, v_fixed_schema);
    END IF;
    v_schema := CASE WHEN v_override THEN v_fixed_schema ELSE coalesce(p_schema, v_fixed_schema, p_default_schema) END;
    IF v_schema IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = 'no schema has been selected to create in';
    END IF;
    IF to_regnamespace(quote_ident(v_schema)) IS NULL THEN
      IF v_fixed_schema IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = format('schema "%s" does not exist', v_schema);
      END IF;
      IF v_as_caller THEN
        PERFORM schemagate_shim._run_as(v_caller, 'pg_catalog, pg_temp', format('CREATE SCHEMA %I', v_schema));
      ELSE
        EXECUTE format('CREATE SCHEMA %I', v_schema);
      END IF;
    ELSIF v_as_caller THEN
      PERFORM schemagate_shim._check_create_privilege(v_caller, v_schema);
    ELSIF v_schema = v_fixed_schema THEN
      -- The stub puts security-definer functions in its own schema; one the
      -- caller created in advance (with tables and triggers of its own)
      -- would let those functions run the caller's code as a superuser.
      PERFORM schemagate_shim._check_stub_schema(v_schema, v_caller);
    ELSE
      PERFORM schemagate_shim._check_create_privilege(v_caller, v_schema);
    END IF;
    PERFORM schemagate_shim._require(p_name, v_requires, p_schema, p_cascade, p_default_schema);
    -- Stubs are idempotent (CREATE ... IF NOT EXISTS), and their "already
    -- exists, skipping" notices would only be noise in the migration output.
    v_messages := current_setting('client_min_messages');
    PERFORM set_config('client_min_messages', 'warning', true);
    -- The stub runs as a superuser: pg_catalog first, so nothing a migration
    -- put in the target schema shadows a built-in (stubs qualify what they
    -- create), and pg_temp last, as PostgreSQL does for extension scripts,
    -- so no temporary type or domain of the caller's takes precedence.
    PERFORM set_config('search_path', format('pg_catalog, %I, pg_temp', v_schema), true);
    IF v_as_caller THEN
      PERFORM schemagate_shim._run_as(v_caller, format('pg_catalog, %I, pg_temp', v_schema),
        replace(replace(v_stub, '@extschema@', quote_ident(v_schema)), '@extowner@', quote_ident(v_caller)));
    ELSE
      EXECUTE replace(replace(v_stub, '@extschema@', quote_ident(v_schema)), '@extowner@', quote_ident(current_user));
    END IF;
    PERFORM set_config('search_path', 'pg_catalog, pg_temp', true);
    PERFORM set_config('client_min_messages', v_messages, true);
    INSERT INTO schemagate_shim.stubbed_extensions (name, schema, version, kind)
    VALUES (p_name, v_schema, v_version, 'stub');
    PERFORM schemagate_shim._after_create(p_name, v_schema);
    RETURN 'stubbed';
  END IF;

  -- 4. A Trusted Language Extension (pg_tle stub).
  IF schemagate_shim._extension_installed('pg_tle')
     AND EXISTS (SELECT FROM schemagate_shim.tle_versions WHERE name = p_name) THEN
    v_version := coalesce(p_version,
                          (SELECT d.version FROM schemagate_shim.tle_default_versions d WHERE d.name = p_name),
                          (SELECT max(t.version) FROM schemagate_shim.tle_versions t WHERE t.name = p_name));
    -- A full install script for the version, or the shortest chain of
    -- update scripts from one that has a full script.
    WITH RECURSIVE walk(version, scripts, requires, depth) AS (
      SELECT t.version, ARRAY[t.sql], t.requires, 0
      FROM schemagate_shim.tle_versions t WHERE t.name = p_name
      UNION ALL
      SELECT u.target, w.scripts || u.sql, w.requires, w.depth + 1
      FROM walk w
      JOIN schemagate_shim.tle_update_paths u ON u.name = p_name AND u.source = w.version
      WHERE w.depth < 32
    )
    SELECT w.scripts, w.requires INTO v_parts, v_requires
    FROM walk w WHERE w.version = v_version ORDER BY w.depth LIMIT 1;
    IF v_parts IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('extension "%s" has no installation script nor update path for version "%s"', p_name, v_version);
    END IF;
    v_schema := coalesce(p_schema, p_default_schema);
    IF v_schema IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = 'no schema has been selected to create in';
    END IF;
    IF to_regnamespace(quote_ident(v_schema)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = format('schema "%s" does not exist', v_schema);
    END IF;
    PERFORM schemagate_shim._require(p_name, v_requires, p_schema, p_cascade, p_default_schema);
    -- pg_tle runs TLE scripts with the caller's privileges; so do we.
    PERFORM schemagate_shim._run_as(
      v_caller,
      format('%I, schemagate_catalog, pg_catalog', v_schema),
      replace(array_to_string(v_parts, E';\n'), '@extschema@', quote_ident(v_schema)));
    INSERT INTO schemagate_shim.stubbed_extensions (name, schema, version, kind)
    VALUES (p_name, v_schema, v_version, 'tle');
    RETURN 'tle';
  END IF;

  -- 5. Nothing we can do.
  RAISE EXCEPTION USING ERRCODE = '0A000',
    MESSAGE = format('extension "%s" is not available on this server', p_name),
    HINT = schemagate_shim._not_available_hint(p_name);
END
$fn$;

-- DROP EXTENSION counterpart (optional for the Rust side; see the report).
-- Stubs and TLEs are forgotten but their objects stay: stubs are written so
-- that creating them again is harmless. Real extensions are dropped by
-- supabase_admin when privileged (supautils lets postgres do that too),
-- otherwise as the caller, so PostgreSQL's ownership rules apply.
CREATE OR REPLACE FUNCTION schemagate_shim.drop_extension(
  p_name text,
  p_if_exists boolean DEFAULT false,
  p_cascade boolean DEFAULT false
)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_sql text;
BEGIN
  IF EXISTS (SELECT FROM schemagate_shim.stubbed_extensions WHERE name = p_name) THEN
    DELETE FROM schemagate_shim.stubbed_extensions WHERE name = p_name;
    RETURN 'dropped';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = p_name) THEN
    v_sql := format('DROP EXTENSION %I', p_name) || CASE WHEN p_cascade THEN ' CASCADE' ELSE '' END;
    IF EXISTS (SELECT FROM schemagate_shim.privileged_extensions WHERE name = p_name) THEN
      EXECUTE v_sql;
    ELSE
      PERFORM schemagate_shim._run_as(schemagate_shim._caller(), 'pg_catalog, pg_temp', v_sql);
    END IF;
    RETURN 'dropped';
  END IF;
  IF coalesce(p_if_exists, false) THEN
    RAISE NOTICE USING ERRCODE = '42704', MESSAGE = format('extension "%s" does not exist, skipping', p_name);
    RETURN 'skipped';
  END IF;
  RAISE EXCEPTION USING ERRCODE = '42704', MESSAGE = format('extension "%s" does not exist', p_name);
END
$fn$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA schemagate_shim FROM PUBLIC;
GRANT EXECUTE ON FUNCTION schemagate_shim.create_extension(text, text, text, boolean, boolean, text) TO postgres;
GRANT EXECUTE ON FUNCTION schemagate_shim.drop_extension(text, boolean, boolean) TO postgres;

-- -----------------------------------------------------------------------------
-- supautils.policy_grants / drop_trigger_grants emulation. Only a table's
-- owner may create/alter/drop its policies or drop its triggers; Supabase
-- lets postgres do that on the auth/storage/realtime tables it does not own
-- (migrations routinely add policies on storage.objects and drop their
-- triggers on auth.users). For the duration of one such statement the
-- listed tables are handed to the calling role, and handed back when it
-- ends; a failed statement rolls the hand-over back with it. Nothing else
-- runs in between, so the caller gains no other power over them.
-- Skipped on a server whose supautils already does this.
-- -----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION schemagate_shim._policy_grants_start()
RETURNS event_trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_role oid;
BEGIN
  SELECT r.oid INTO v_role FROM pg_catalog.pg_roles r
  WHERE r.rolname = schemagate_shim._caller() AND NOT r.rolsuper;
  IF v_role IS NULL THEN
    RETURN;
  END IF;
  -- Most policies are on the project's own tables: the hand-over of every
  -- platform table (a catalog write each way) is only needed when the
  -- statement, or the search_path it resolves names in, can reach one.
  IF current_query() !~* '(auth|storage|realtime)"?\s*\.'
     AND current_setting('search_path') !~* '(auth|storage|realtime)' THEN
    RETURN;
  END IF;
  INSERT INTO schemagate_shim.policy_grant_swaps (pid, relid, original_owner)
  SELECT pg_backend_pid(), c.oid, c.relowner
  FROM schemagate_shim.policy_grants g
  JOIN pg_catalog.pg_roles r ON r.rolname = g.role_name AND r.oid = v_role
  JOIN pg_catalog.pg_class c ON c.oid = to_regclass(g.relation)
  WHERE c.relowner <> v_role
  ON CONFLICT DO NOTHING;
  UPDATE pg_catalog.pg_class c SET relowner = v_role
  FROM schemagate_shim.policy_grant_swaps s
  WHERE s.pid = pg_backend_pid() AND c.oid = s.relid;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim._policy_grants_end()
RETURNS event_trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM schemagate_shim.policy_grant_swaps WHERE pid = pg_backend_pid()) THEN
    RETURN;
  END IF;
  UPDATE pg_catalog.pg_class c SET relowner = s.original_owner
  FROM schemagate_shim.policy_grant_swaps s
  WHERE s.pid = pg_backend_pid() AND c.oid = s.relid;
  DELETE FROM schemagate_shim.policy_grant_swaps WHERE pid = pg_backend_pid();
END
$fn$;
REVOKE ALL ON FUNCTION schemagate_shim._policy_grants_start(), schemagate_shim._policy_grants_end() FROM PUBLIC;

DO $policy_grants$
BEGIN
  IF coalesce(current_setting('supautils.policy_grants', true), '') <> '' THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_event_trigger WHERE evtname = 'schemagate_policy_grants_start') THEN
    CREATE EVENT TRIGGER schemagate_policy_grants_start ON ddl_command_start
      WHEN TAG IN ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY', 'DROP TRIGGER')
      EXECUTE FUNCTION schemagate_shim._policy_grants_start();
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_event_trigger WHERE evtname = 'schemagate_policy_grants_end') THEN
    CREATE EVENT TRIGGER schemagate_policy_grants_end ON ddl_command_end
      WHEN TAG IN ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY', 'DROP TRIGGER')
      EXECUTE FUNCTION schemagate_shim._policy_grants_end();
  END IF;
END
$policy_grants$;

-- -----------------------------------------------------------------------------
-- supautils.privileged_role_allowed_configs: settings postgres may set for
-- itself and, with ALTER ROLE / ALTER DATABASE, for others (PostgREST's
-- in-database configuration: `alter role authenticator set
-- pgrst.db_aggregates_enabled to 'true'`). supautils allows whole prefixes
-- (pgrst.*, plan_filter.*, auto_explain.*, pg_stat_statements.*); plain
-- PostgreSQL can only grant SET on named parameters (GRANT SET ON
-- PARAMETER, PostgreSQL 15+), so every setting those modules and PostgREST
-- define is granted by name. A name outside this list (a setting a future
-- PostgREST adds) is refused here although Supabase would take it.
-- Parameter grants are cluster-wide; they are given to postgres only when it
-- is not a superuser (a superuser needs none).
-- -----------------------------------------------------------------------------
DO $allowed_configs$
DECLARE
  v_name text;
BEGIN
  IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = 'postgres') THEN
    RETURN;
  END IF;
  FOREACH v_name IN ARRAY ARRAY[
    -- PostgREST (in-database configuration, docs.postgrest.org "Configuration")
    'pgrst.db_aggregates_enabled', 'pgrst.db_anon_role', 'pgrst.db_channel', 'pgrst.db_channel_enabled',
    'pgrst.db_extra_search_path', 'pgrst.db_hoisted_tx_settings', 'pgrst.db_max_rows', 'pgrst.db_plan_enabled',
    'pgrst.db_pre_config', 'pgrst.db_pre_request', 'pgrst.db_prepared_statements', 'pgrst.db_root_spec',
    'pgrst.db_schemas', 'pgrst.db_timezone_enabled', 'pgrst.db_tx_end', 'pgrst.jwt_aud',
    'pgrst.jwt_cache_max_entries', 'pgrst.jwt_cache_max_lifetime', 'pgrst.jwt_role_claim_key', 'pgrst.jwt_secret',
    'pgrst.jwt_secret_is_base64', 'pgrst.log_level', 'pgrst.log_query', 'pgrst.openapi_mode',
    'pgrst.openapi_security_active', 'pgrst.openapi_server_proxy_uri', 'pgrst.server_cors_allowed_origins',
    'pgrst.server_timing_enabled', 'pgrst.server_trace_header',
    -- pg_plan_filter, pg-safeupdate, pg_net
    'plan_filter.statement_cost_limit', 'plan_filter.limit_select_only', 'safeupdate.enabled',
    'pg_net.batch_size', 'pg_net.ttl',
    -- pgaudit
    'pgaudit.log', 'pgaudit.log_catalog', 'pgaudit.log_client', 'pgaudit.log_level', 'pgaudit.log_parameter',
    'pgaudit.log_parameter_max_size', 'pgaudit.log_relation', 'pgaudit.log_rows', 'pgaudit.log_statement',
    'pgaudit.log_statement_once', 'pgaudit.role',
    -- auto_explain.*
    'auto_explain.log_analyze', 'auto_explain.log_buffers', 'auto_explain.log_format', 'auto_explain.log_level',
    'auto_explain.log_min_duration', 'auto_explain.log_nested_statements', 'auto_explain.log_parameter_max_length',
    'auto_explain.log_settings', 'auto_explain.log_timing', 'auto_explain.log_triggers', 'auto_explain.log_verbose',
    'auto_explain.log_wal', 'auto_explain.sample_rate',
    -- pg_stat_statements.*
    'pg_stat_statements.max', 'pg_stat_statements.save', 'pg_stat_statements.track',
    'pg_stat_statements.track_planning', 'pg_stat_statements.track_utility',
    -- PostgreSQL's own superuser-only settings in the list
    'session_replication_role', 'track_io_timing', 'log_lock_waits', 'log_min_messages',
    'log_min_duration_statement', 'log_parameter_max_length', 'log_replication_commands', 'log_statement',
    'log_temp_files', 'wal_compression']
  LOOP
    -- Granted once per cluster: concurrent runs on one server would
    -- otherwise update the same shared catalog row.
    CONTINUE WHEN pg_catalog.has_parameter_privilege('postgres', v_name, 'SET');
    EXECUTE format('GRANT SET ON PARAMETER %s TO postgres', v_name);
  END LOOP;
END
$allowed_configs$;

-- 20251105172723_grant_pg_reload_conf_to_postgres
DO $reload_conf$
BEGIN
  IF NOT pg_catalog.has_function_privilege('postgres', 'pg_catalog.pg_reload_conf()', 'EXECUTE') THEN
    GRANT EXECUTE ON FUNCTION pg_catalog.pg_reload_conf() TO postgres;
  END IF;
END
$reload_conf$;
