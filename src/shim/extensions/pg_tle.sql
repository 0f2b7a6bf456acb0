-- schemagate stub: pg_tle (AWS Trusted Language Extensions, 1.x API).
-- Provides schema pgtle, the pgtle_admin role (granted to postgres, as on
-- Supabase) and the functions dbdev and friends call:
-- install_extension, install_extension_version_sql, install_update_path,
-- set_default_version, uninstall_extension[_if_exists],
-- uninstall_update_path[_if_exists], available_extensions,
-- available_extension_versions, extension_update_paths.
-- Registered extensions are kept in schemagate_shim.tle_versions /
-- tle_update_paths / tle_default_versions (core shim), which
-- schemagate_shim.create_extension consults once pg_tle is installed: a
-- later `create extension "olirice-index_advisor"` runs the registered SQL
-- with the caller's privileges, like pg_tle. The registry is only writable
-- through these functions.
-- schemagate: schema=pgtle
-- schemagate: version=1.4.0


DO $stub$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'pgtle_admin') THEN
    -- Roles are cluster-wide: another database of the same server may be
    -- creating it at this moment.
    BEGIN
      CREATE ROLE pgtle_admin NOLOGIN;
    EXCEPTION WHEN unique_violation OR duplicate_object THEN
      NULL;
    END;
  END IF;
  IF NOT pg_catalog.pg_has_role('postgres', 'pgtle_admin', 'MEMBER') THEN
    GRANT pgtle_admin TO postgres;
  END IF;
END
$stub$;

CREATE OR REPLACE FUNCTION pgtle.install_extension(
  name text, version text, description text, ext text, requires text[] DEFAULT NULL::text[]
) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF name IS NULL OR name = '' OR version IS NULL OR ext IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'name, version and ext must not be empty';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_available_extensions a WHERE a.name = install_extension.name)
     OR EXISTS (SELECT FROM schemagate_shim.tle_versions t WHERE t.name = install_extension.name) THEN
    RAISE EXCEPTION USING ERRCODE = '42710', MESSAGE = format('extension "%s" already installed', name);
  END IF;
  INSERT INTO schemagate_shim.tle_versions (name, version, description, sql, requires)
  VALUES (name, version, description, ext, coalesce(requires, '{}'));
  INSERT INTO schemagate_shim.tle_default_versions (name, version) VALUES (name, version)
  ON CONFLICT ON CONSTRAINT tle_default_versions_pkey DO UPDATE SET version = EXCLUDED.version;
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.install_extension_version_sql(name text, version text, ext text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  v_first schemagate_shim.tle_versions;
BEGIN
  SELECT * INTO v_first FROM schemagate_shim.tle_versions t WHERE t.name = install_extension_version_sql.name LIMIT 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = '42704', MESSAGE = format('extension "%s" does not exist', name);
  END IF;
  IF EXISTS (SELECT FROM schemagate_shim.tle_versions t
             WHERE t.name = install_extension_version_sql.name AND t.version = install_extension_version_sql.version) THEN
    RAISE EXCEPTION USING ERRCODE = '42710', MESSAGE = format('version "%s" of extension "%s" already installed', version, name);
  END IF;
  INSERT INTO schemagate_shim.tle_versions (name, version, description, sql, requires)
  VALUES (name, version, v_first.description, ext, v_first.requires);
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.install_update_path(name text, fromvers text, tovers text, ext text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM schemagate_shim.tle_versions t WHERE t.name = install_update_path.name) THEN
    RAISE EXCEPTION USING ERRCODE = '42704', MESSAGE = format('extension "%s" does not exist', name);
  END IF;
  IF EXISTS (SELECT FROM schemagate_shim.tle_update_paths u
             WHERE u.name = install_update_path.name AND u.source = fromvers AND u.target = tovers) THEN
    RAISE EXCEPTION USING ERRCODE = '42710',
      MESSAGE = format('update path "%s--%s" of extension "%s" already installed', fromvers, tovers, name);
  END IF;
  INSERT INTO schemagate_shim.tle_update_paths (name, source, target, sql) VALUES (name, fromvers, tovers, ext);
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.set_default_version(name text, version text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM schemagate_shim.tle_versions t WHERE t.name = set_default_version.name) THEN
    RAISE EXCEPTION USING ERRCODE = '42704', MESSAGE = format('extension "%s" does not exist', name);
  END IF;
  INSERT INTO schemagate_shim.tle_default_versions (name, version) VALUES (name, version)
  ON CONFLICT ON CONSTRAINT tle_default_versions_pkey DO UPDATE SET version = EXCLUDED.version;
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.uninstall_extension(extname text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM schemagate_shim.tle_versions t WHERE t.name = extname) THEN
    RAISE EXCEPTION USING ERRCODE = '42704', MESSAGE = format('extension "%s" does not exist', extname);
  END IF;
  DELETE FROM schemagate_shim.tle_versions t WHERE t.name = extname;
  DELETE FROM schemagate_shim.tle_update_paths u WHERE u.name = extname;
  DELETE FROM schemagate_shim.tle_default_versions d WHERE d.name = extname;
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.uninstall_extension(extname text, version text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  DELETE FROM schemagate_shim.tle_versions t WHERE t.name = extname AND t.version = uninstall_extension.version;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = '42704',
      MESSAGE = format('version "%s" of extension "%s" does not exist', version, extname);
  END IF;
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.uninstall_extension_if_exists(extname text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM schemagate_shim.tle_versions t WHERE t.name = extname) THEN
    RETURN false;
  END IF;
  RETURN pgtle.uninstall_extension(extname);
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.uninstall_update_path(extname text, fromvers text, tovers text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  DELETE FROM schemagate_shim.tle_update_paths u WHERE u.name = extname AND u.source = fromvers AND u.target = tovers;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = '42704',
      MESSAGE = format('update path "%s--%s" of extension "%s" does not exist', fromvers, tovers, extname);
  END IF;
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.uninstall_update_path_if_exists(extname text, fromvers text, tovers text)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  DELETE FROM schemagate_shim.tle_update_paths u WHERE u.name = extname AND u.source = fromvers AND u.target = tovers;
  RETURN FOUND;
END
$fn$;

CREATE OR REPLACE FUNCTION pgtle.available_extensions(OUT name name, OUT default_version text, OUT comment text)
RETURNS SETOF record LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT t.name::name, coalesce(d.version, max(t.version)), min(t.description)
  FROM schemagate_shim.tle_versions t
  LEFT JOIN schemagate_shim.tle_default_versions d ON d.name = t.name
  GROUP BY t.name, d.version
$fn$;

CREATE OR REPLACE FUNCTION pgtle.available_extension_versions(
  OUT name name, OUT version text, OUT superuser boolean, OUT trusted boolean,
  OUT relocatable boolean, OUT schema name, OUT requires name[], OUT comment text)
RETURNS SETOF record LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
  SELECT t.name::name, t.version, false, false, false, NULL::name, t.requires::name[], t.description
  FROM schemagate_shim.tle_versions t
$fn$;

CREATE OR REPLACE FUNCTION pgtle.extension_update_paths(name name, OUT source text, OUT target text, OUT path text)
RETURNS SETOF record LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
  WITH RECURSIVE versions AS (
    SELECT t.version FROM schemagate_shim.tle_versions t WHERE t.name = extension_update_paths.name
    UNION
    SELECT u.source FROM schemagate_shim.tle_update_paths u WHERE u.name = extension_update_paths.name
    UNION
    SELECT u.target FROM schemagate_shim.tle_update_paths u WHERE u.name = extension_update_paths.name
  ), walk(start, here, path, depth) AS (
    SELECT v.version, v.version, v.version, 0 FROM versions v
    UNION ALL
    SELECT w.start, u.target, w.path || '--' || u.target, w.depth + 1
    FROM walk w
    JOIN schemagate_shim.tle_update_paths u ON u.name = extension_update_paths.name AND u.source = w.here
    WHERE w.depth < 32
  )
  SELECT a.version, b.version,
         (SELECT w.path FROM walk w WHERE w.start = a.version AND w.here = b.version AND w.depth > 0
          ORDER BY w.depth LIMIT 1)
  FROM versions a CROSS JOIN versions b
  WHERE a.version <> b.version
$fn$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA pgtle FROM PUBLIC;
GRANT USAGE ON SCHEMA pgtle TO PUBLIC;
GRANT EXECUTE ON FUNCTION pgtle.available_extensions(), pgtle.available_extension_versions(),
  pgtle.extension_update_paths(name) TO PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgtle TO pgtle_admin;
