-- drift: table constraints (primary key, unique, foreign key with its
-- actions, check, exclusion), compared by definition. Inherited copies on
-- partitions and children belong to the parent's.
SELECT coalesce(json_agg(json_build_object(
  'type', 'constraint',
  'identity', format('%I.%I.%I', n.nspname, c.relname, k.conname),
  'name', k.conname,
  'schema', n.nspname,
  'parent', format('table %I.%I', n.nspname, c.relname),
  'order', CASE k.contype WHEN 'p' THEN 1 WHEN 'u' THEN 2 WHEN 'x' THEN 3 WHEN 'c' THEN 4 ELSE 5 END,
  'depends', CASE WHEN k.contype = 'f' THEN json_build_array(format('table %I.%I', fn.nspname, f.relname)) ELSE '[]'::json END,
  'definition', json_build_object(
    'kind', CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                           WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' END,
    'definition', pg_get_constraintdef(k.oid)
  ),
  'ddl', format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid))
)), '[]')::text
FROM pg_constraint AS k
JOIN pg_class AS c ON c.oid = k.conrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_class AS f ON f.oid = k.confrelid
LEFT JOIN pg_namespace AS fn ON fn.oid = f.relnamespace
WHERE k.contype IN ('p', 'u', 'f', 'c', 'x')
  AND k.conislocal
  AND k.conparentid = 0
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (
    SELECT FROM pg_depend AS d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
