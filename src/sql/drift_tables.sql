-- drift: tables and partitioned tables: row level security, partitioning,
-- persistence and storage options. Columns, constraints and the rest are
-- their own objects, with the table as parent.
SELECT coalesce(json_agg(json_build_object(
  'type', 'table',
  'identity', format('%I.%I', n.nspname, c.relname),
  'name', c.relname,
  'schema', n.nspname,
  'depends', CASE WHEN parent.oid IS NULL THEN '[]'::json
                  ELSE json_build_array(format('table %I.%I', pn.nspname, parent.relname)) END,
  'definition', json_strip_nulls(json_build_object(
    'partitioned', c.relkind = 'p',
    'row_level_security', c.relrowsecurity,
    'force_row_level_security', c.relforcerowsecurity,
    'unlogged', CASE WHEN c.relpersistence = 'u' THEN true END,
    'partition_of', CASE WHEN parent.oid IS NOT NULL THEN format('%I.%I', pn.nspname, parent.relname) END,
    'partition_bound', CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
    'partition_key', CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
    'options', (SELECT json_agg(o ORDER BY o) FROM unnest(c.reloptions) AS o)
  ))
)), '[]')::text
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits AS i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class AS parent ON parent.oid = i.inhparent
LEFT JOIN pg_namespace AS pn ON pn.oid = parent.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (
    SELECT FROM pg_depend AS d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
