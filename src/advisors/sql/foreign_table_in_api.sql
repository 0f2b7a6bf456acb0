-- foreign-table-in-api (Supabase advisor 0017 foreign_table_in_api): a
-- foreign table in an API-exposed schema that anon or authenticated may
-- select from; foreign tables cannot have row level security.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       c.oid::bigint AS objid,
       c.oid::bigint AS table_oid,
       c.xmin::text AS xmin,
       c.oid::regclass::text AS object,
       format('foreign table %s is in the API-exposed schema %s and anon or authenticated may select from it; foreign tables have no row level security',
              c.oid::regclass, n.nspname) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'f'
  AND n.nspname = ANY ($1)
  AND EXISTS (
    SELECT 1 FROM pg_roles api
    WHERE api.rolname IN ('anon', 'authenticated')
      AND has_table_privilege(api.oid, c.oid, 'SELECT'))
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend e
    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY 5
