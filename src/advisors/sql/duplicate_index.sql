-- duplicate-index (Supabase advisor 0009 duplicate_index): two or more
-- indexes on one table with the same definition; every write maintains
-- all of them. One finding per set, at the newest index.
-- $1: the API-exposed schemas; $2: the platform's schemas.
WITH indexes AS (
  SELECT i.indexrelid, i.indrelid,
         -- The definition without the index's own name.
         regexp_replace(pg_get_indexdef(i.indexrelid), '^CREATE (UNIQUE )?INDEX \S+ ON ', 'CREATE \1INDEX ON ') AS definition
  FROM pg_index i
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'm', 'p')
    AND n.nspname <> ALL ($2)
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend e
      WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
),
duplicates AS (
  SELECT indrelid, array_agg(indexrelid ORDER BY indexrelid) AS members
  FROM indexes
  GROUP BY indrelid, definition
  HAVING count(*) > 1
)
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       d.members[cardinality(d.members)]::bigint AS objid,
       d.indrelid::bigint AS table_oid,
       (SELECT c.xmin::text FROM pg_class c WHERE c.oid = d.members[cardinality(d.members)]) AS xmin,
       d.members[cardinality(d.members)]::regclass::text AS object,
       format('table %s has identical indexes %s: every write maintains each of them; keep one',
              d.indrelid::regclass,
              (SELECT string_agg(m::regclass::text, ', ') FROM unnest(d.members) AS m)) AS detail
FROM duplicates d
ORDER BY 5
