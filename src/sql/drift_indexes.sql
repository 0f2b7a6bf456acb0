-- drift: indexes that are not a constraint's (those are compared as
-- constraints) nor a partition's copy of its parent's index. An index
-- lives in its table's schema.
SELECT 'index' AS type,
       format('%I.%I', c.nspname, ic.relname) AS identity,
       ic.relname AS name,
       c.nspname AS schema,
       format('%s %I.%I', CASE c.relkind WHEN 'm' THEN 'materialized_view' ELSE 'table' END, c.nspname, c.relname) AS parent,
       json_build_object('definition', pg_get_indexdef(i.indexrelid)) AS definition,
       pg_get_indexdef(i.indexrelid) AS ddl
FROM pg_index AS i
JOIN pg_class AS ic ON ic.oid = i.indexrelid
JOIN compared_relation AS c ON c.oid = i.indrelid
WHERE c.relkind IN ('r', 'p', 'm')
  AND NOT EXISTS (SELECT FROM pg_constraint AS k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
  AND NOT EXISTS (SELECT FROM pg_inherits AS h WHERE h.inhrelid = i.indexrelid)
