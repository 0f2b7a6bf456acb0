-- drift: tables and partitioned tables: row level security, partitioning,
-- persistence and storage options. Columns, constraints and the rest are
-- their own objects, with the table as parent.
SELECT 'table' AS type,
       format('%I.%I', c.nspname, c.relname) AS identity,
       c.relname AS name,
       c.nspname AS schema,
       CASE WHEN parent.oid IS NULL THEN '[]'::json
            ELSE json_build_array(format('table %I.%I', pn.nspname, parent.relname)) END AS depends,
       json_strip_nulls(json_build_object(
         'partitioned', c.relkind = 'p',
         'row_level_security', c.relrowsecurity,
         'force_row_level_security', c.relforcerowsecurity,
         'unlogged', CASE WHEN c.relpersistence = 'u' THEN true END,
         'partition_of', CASE WHEN parent.oid IS NOT NULL THEN format('%I.%I', pn.nspname, parent.relname) END,
         'partition_bound', CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,
         'partition_key', CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
         'options', (SELECT json_agg(o ORDER BY o) FROM unnest(c.reloptions) AS o)
       )) AS definition
FROM compared_relation AS c
LEFT JOIN pg_inherits AS i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class AS parent ON parent.oid = i.inhparent
LEFT JOIN pg_namespace AS pn ON pn.oid = parent.relnamespace
WHERE c.relkind IN ('r', 'p')
