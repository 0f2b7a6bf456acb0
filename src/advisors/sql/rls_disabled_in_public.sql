-- rls-disabled-in-public (Supabase advisor 0013 rls_disabled_in_public): a
-- table in an API-exposed schema without row level security.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       c.oid::bigint AS objid,
       c.oid::bigint AS table_oid,
       c.xmin::text AS xmin,
       c.oid::regclass::text AS object,
       format('table %s is in the API-exposed schema %s without row level security: anyone with the anon key can read and write every row the grants allow',
              c.oid::regclass, n.nspname) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relispartition
  AND NOT c.relrowsecurity
  AND n.nspname = ANY ($1)
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend e
    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY 5
