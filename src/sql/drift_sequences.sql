-- drift: sequences and their parameters, never their current value.
-- Identity columns' sequences belong to the column; a serial column's
-- sequence has that column as parent (`owned_by`).
SELECT 'sequence' AS type,
       format('%I.%I', c.nspname, c.relname) AS identity,
       c.relname AS name,
       c.nspname AS schema,
       CASE WHEN owner.attname IS NOT NULL THEN format('column %I.%I.%I', on_.nspname, oc.relname, owner.attname) END AS parent,
       json_strip_nulls(json_build_object(
         'type', format_type(s.seqtypid, NULL),
         'start', s.seqstart,
         'increment', s.seqincrement,
         'min', s.seqmin,
         'max', s.seqmax,
         'cache', s.seqcache,
         'cycle', s.seqcycle,
         'owned_by', CASE WHEN owner.attname IS NOT NULL THEN format('%I.%I.%I', on_.nspname, oc.relname, owner.attname) END
       )) AS definition,
       format('CREATE SEQUENCE IF NOT EXISTS %I.%I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s',
              c.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax,
              s.seqstart, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END) AS ddl
FROM pg_sequence AS s
JOIN compared_relation AS c ON c.oid = s.seqrelid
LEFT JOIN pg_depend AS od ON od.classid = 'pg_class'::regclass AND od.objid = c.oid
  AND od.refclassid = 'pg_class'::regclass AND od.deptype = 'a' AND od.refobjsubid > 0
LEFT JOIN pg_class AS oc ON oc.oid = od.refobjid
LEFT JOIN pg_namespace AS on_ ON on_.oid = oc.relnamespace
LEFT JOIN pg_attribute AS owner ON owner.attrelid = od.refobjid AND owner.attnum = od.refobjsubid
-- An identity column's sequence (an internal dependency) is the column's.
WHERE NOT EXISTS (
  SELECT FROM pg_depend AS d
  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i'
)
