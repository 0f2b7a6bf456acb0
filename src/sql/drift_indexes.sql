-- drift: indexes that are not a constraint's (those are compared as
-- constraints) nor a partition's copy of its parent's index.
SELECT coalesce(json_agg(json_build_object(
  'type', 'index',
  'identity', format('%I.%I', n.nspname, ic.relname),
  'name', ic.relname,
  'schema', n.nspname,
  'parent', format('%s %I.%I', CASE c.relkind WHEN 'm' THEN 'materialized_view' ELSE 'table' END, n.nspname, c.relname),
  'definition', json_build_object('definition', pg_get_indexdef(i.indexrelid)),
  'ddl', pg_get_indexdef(i.indexrelid)
)), '[]')::text
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_class AS c ON c.oid = i.indrelid
JOIN pg_namespace AS n ON n.oid = ic.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (SELECT FROM pg_constraint AS k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT FROM pg_inherits AS h WHERE h.inhrelid = i.indexrelid)
  AND NOT EXISTS (
    SELECT FROM pg_depend AS d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
