-- drift: sequences and their parameters, never their current value.
-- Identity columns' sequences belong to the column; a serial column's
-- sequence has that column as parent (`owned_by`).
SELECT coalesce(json_agg(json_build_object(
  'type', 'sequence',
  'identity', format('%I.%I', n.nspname, c.relname),
  'name', c.relname,
  'schema', n.nspname,
  'parent', CASE WHEN owner.attname IS NOT NULL THEN format('column %I.%I.%I', on_.nspname, oc.relname, owner.attname) END,
  'definition', json_strip_nulls(json_build_object(
    'type', format_type(s.seqtypid, NULL),
    'start', s.seqstart,
    'increment', s.seqincrement,
    'min', s.seqmin,
    'max', s.seqmax,
    'cache', s.seqcache,
    'cycle', s.seqcycle,
    'owned_by', CASE WHEN owner.attname IS NOT NULL THEN format('%I.%I.%I', on_.nspname, oc.relname, owner.attname) END
  )),
  'ddl', format('CREATE SEQUENCE IF NOT EXISTS %I.%I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s%s',
                n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax,
                s.seqstart, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END)
)), '[]')::text
FROM pg_sequence AS s
JOIN pg_class AS c ON c.oid = s.seqrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_depend AS od ON od.classid = 'pg_class'::regclass AND od.objid = c.oid
  AND od.refclassid = 'pg_class'::regclass AND od.deptype = 'a' AND od.refobjsubid > 0
LEFT JOIN pg_class AS oc ON oc.oid = od.refobjid
LEFT JOIN pg_namespace AS on_ ON on_.oid = oc.relnamespace
LEFT JOIN pg_attribute AS owner ON owner.attrelid = od.refobjid AND owner.attnum = od.refobjsubid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (
    SELECT FROM pg_depend AS d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i')
  )
