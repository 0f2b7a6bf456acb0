-- materialized-view-in-api (Supabase advisor 0016 materialized_view_in_api):
-- a materialized view in an API-exposed schema that anon or authenticated
-- may select from; materialized views cannot have row level security.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       c.oid::bigint AS objid,
       c.oid::bigint AS table_oid,
       c.xmin::text AS xmin,
       c.oid::regclass::text AS object,
       format('materialized view %s is in the API-exposed schema %s and anon or authenticated may select from it; materialized views have no row level security',
              c.oid::regclass, n.nspname) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'm'
  AND n.nspname = ANY ($1)
  AND EXISTS (
    SELECT 1 FROM pg_roles api
    WHERE api.rolname IN ('anon', 'authenticated')
      AND has_table_privilege(api.oid, c.oid, 'SELECT'))
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend e
    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY 5
