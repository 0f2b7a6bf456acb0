-- duplicate-index (Supabase advisor 0009 duplicate_index): two or more
-- indexes on one table with the same definition; every write maintains
-- all of them. One finding per set, at the newest index.
WITH indexes AS (
  SELECT i.indexrelid, i.indrelid,
         -- The definition without the index's own name.
         regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \S+ ON ', 'CREATE \1INDEX ON ') AS definition
  FROM pg_index i
  JOIN relations r ON r.oid = i.indrelid
  WHERE r.relkind IN ('r', 'm', 'p')
    AND r.outside_platform
    AND NOT r.extension_member
),
duplicates AS (
  SELECT indrelid, array_agg(indexrelid ORDER BY indexrelid) AS members
  FROM indexes
  GROUP BY indrelid, definition
  HAVING count(*) > 1
)
SELECT newest.classid, newest.objid, d.indrelid::bigint AS table_oid, newest.xmin, newest.object,
       format('table %s has identical indexes %s: every write maintains each of them; keep one',
              d.indrelid::regclass,
              (SELECT string_agg(m::regclass::text, ', ') FROM unnest(d.members) AS m)) AS detail
FROM duplicates d
JOIN relations newest ON newest.oid = d.members[cardinality(d.members)]
