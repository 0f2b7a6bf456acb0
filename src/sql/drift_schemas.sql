-- drift: schemas (not system ones, not extension members). Ownership is not
-- compared: the platform and the migration role own them differently.
SELECT coalesce(json_agg(json_build_object(
  'type', 'schema',
  'identity', quote_ident(n.nspname),
  'name', n.nspname,
  'schema', n.nspname,
  'definition', '{}'::json,
  'ddl', format('CREATE SCHEMA IF NOT EXISTS %I', n.nspname)
)), '[]')::text
FROM pg_namespace AS n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (
    SELECT FROM pg_depend AS d
    WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e'
  )
