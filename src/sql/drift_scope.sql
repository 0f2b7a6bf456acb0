-- drift: what every catalog query shares, put before each of them (the
-- `catalog_query!` macro in drift/snapshot.rs): the schemas compared (not
-- PostgreSQL's own: the catalog, information_schema, toast and temporary
-- schemas), what an extension's script created (the extension's, never
-- compared), and the relations and functions in the compared schemas that
-- no extension created. Plain CTEs over the catalog, so they run in the
-- read-only transaction on the live database; NOT MATERIALIZED, so each
-- query's own filters are planned into them as if it had written the joins
-- out.
WITH compared_schema AS NOT MATERIALIZED (
  SELECT n.*
  FROM pg_namespace AS n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
),
extension_member AS NOT MATERIALIZED (
  SELECT d.classid, d.objid FROM pg_depend AS d WHERE d.deptype = 'e'
),
compared_relation AS NOT MATERIALIZED (
  SELECT c.*, n.nspname
  FROM pg_class AS c
  JOIN compared_schema AS n ON n.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT FROM extension_member AS e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid)
),
compared_function AS NOT MATERIALIZED (
  SELECT p.*, n.nspname
  FROM pg_proc AS p
  JOIN compared_schema AS n ON n.oid = p.pronamespace
  WHERE NOT EXISTS (SELECT FROM extension_member AS e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid)
)
