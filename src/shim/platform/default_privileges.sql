-- =============================================================================
-- schemagate platform shim: default privileges
--
-- Runs after the services' tables exist, so it does not grant on them.
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Default privileges: what postgres or supabase_admin create in public (and
-- what the storage service creates in storage) is usable by the API roles.
-- -----------------------------------------------------------------------------
-- Each row applies to tables, functions and sequences alike.
DO $defaults$
DECLARE
  d record;
  v_objects text;
BEGIN
  FOR d IN SELECT * FROM (VALUES
      -- public: what postgres and supabase_admin create is usable by the API roles
      -- (init 00000000000000); row level security is what restricts it.
      ('postgres, supabase_admin', 'public', 'GRANT ALL ON %s TO postgres, anon, authenticated, service_role'),
      -- extensions: postgres may use and grant what supabase_admin creates there
      -- (20230224042246_grant_extensions_perms_for_postgres).
      ('supabase_admin', 'extensions', 'GRANT ALL ON %s TO postgres WITH GRANT OPTION'),
      -- auth: GoTrue's objects are open to postgres and dashboard_user (20211115181400).
      ('supabase_auth_admin', 'auth', 'GRANT ALL ON %s TO postgres, dashboard_user'),
      -- storage: the storage service's objects are usable by the API roles (storage init).
      ('supabase_storage_admin', 'storage', 'GRANT ALL ON %s TO postgres, anon, authenticated, service_role'),
      -- realtime (20211122051245, 20211130151719).
      ('supabase_admin', 'realtime', 'GRANT ALL ON %s TO postgres, dashboard_user'),
      -- graphql_public (pg_graphql's placeholder schema, 20220317095840) and
      -- supabase_functions (the CLI's webhook.sql, run by supabase_admin).
      ('supabase_admin', 'graphql_public, supabase_functions', 'GRANT ALL ON %s TO postgres, anon, authenticated, service_role'),
      -- Defaults an earlier shim set and Supabase does not have.
      ('postgres, supabase_admin', 'storage', 'REVOKE ALL ON %s FROM postgres, anon, authenticated, service_role'))
    AS v(roles, schemas, privileges)
  LOOP
    FOREACH v_objects IN ARRAY ARRAY['TABLES', 'FUNCTIONS', 'SEQUENCES'] LOOP
      EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %s IN SCHEMA %s %s', d.roles, d.schemas, format(d.privileges, v_objects));
    END LOOP;
  END LOOP;
END
$defaults$;

-- -----------------------------------------------------------------------------
-- PostgreSQL 17's MAINTAIN privilege. On 17, GRANT ALL and an owner's default
-- rights include MAINTAIN (VACUUM, ANALYZE, REINDEX, REFRESH, LOCK): the
-- services' tables on Supabase's 17 image show `arwdDxtm`. The grants above
-- list the seven privileges PostgreSQL 15 knows (MAINTAIN is not a keyword
-- there), so on 17 every grantee holding all seven also gets MAINTAIN, with
-- grant option where it holds all seven with it, as GRANT ALL would give.
-- -----------------------------------------------------------------------------
DO $maintain$
DECLARE
  r record;
BEGIN
  IF current_setting('server_version_num')::integer < 170000 THEN
    RETURN;
  END IF;
  FOR r IN
    SELECT c.oid::regclass AS rel, a.grantee, bool_and(a.is_grantable) AS grantable
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND n.nspname IN ('auth', 'storage', 'realtime', 'vault', 'supabase_functions', 'supabase_migrations',
                        'pgbouncer', 'extensions', 'graphql_public', 'net', 'cron')
    GROUP BY c.oid, a.grantee
    HAVING count(*) FILTER (WHERE a.privilege_type IN
             ('INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')) = 7
       AND NOT bool_or(a.privilege_type = 'MAINTAIN')
  LOOP
    EXECUTE format('GRANT MAINTAIN ON TABLE %s TO %s%s', r.rel,
                   CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.grantee::regrole::text) END,
                   CASE WHEN r.grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
END
$maintain$;
