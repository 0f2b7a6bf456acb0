-- auth-users-exposed (Supabase advisor 0002 auth_users_exposed): a view or
-- materialized view in an API-exposed schema that reads auth.users and
-- that anon or authenticated may select from.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       c.oid::bigint AS objid,
       c.oid::bigint AS table_oid,
       c.xmin::text AS xmin,
       c.oid::regclass::text AS object,
       format('%s %s reads auth.users and anon or authenticated may select from it: the API serves every user''s email, phone and metadata',
              CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END,
              c.oid::regclass) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname = ANY ($1)
  AND EXISTS (
    SELECT 1
    FROM pg_rewrite r
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
    WHERE r.ev_class = c.oid
      AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid = to_regclass('auth.users'))
  AND EXISTS (
    SELECT 1 FROM pg_roles api
    WHERE api.rolname IN ('anon', 'authenticated')
      AND has_table_privilege(api.oid, c.oid, 'SELECT'))
ORDER BY 5
