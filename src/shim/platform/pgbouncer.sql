-- =============================================================================
-- schemagate platform shim: pgbouncer
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- pgbouncer.get_auth: PgBouncer's auth_query. Same signature and grants as on
-- Supabase, but it never returns password hashes: a checker runs no pooler,
-- and on a user's own server those hashes are theirs.
-- -----------------------------------------------------------------------------
SELECT schemagate_shim._ensure('pgbouncer.get_auth(text)', $ddl$
  CREATE FUNCTION pgbouncer.get_auth(p_usename text) RETURNS TABLE(username text, password text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = '' AS $$
  BEGIN
    RAISE DEBUG 'PgBouncer auth request: %', p_usename;
    RETURN QUERY
      SELECT r.rolname::text, NULL::text
      FROM pg_catalog.pg_roles r
      WHERE r.rolname = p_usename AND r.rolcanlogin;
  END
  $$;
  ALTER FUNCTION pgbouncer.get_auth(text) OWNER TO supabase_admin;
  REVOKE ALL ON FUNCTION pgbouncer.get_auth(text) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION pgbouncer.get_auth(text) TO pgbouncer;
$ddl$);
