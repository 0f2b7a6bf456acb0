-- drift: triggers (not the internal ones behind foreign keys, nor a
-- partition's clone of its parent's). `function_schema` lets a project's
-- trigger on a platform table (auth.users) be told from the platform's own.
SELECT coalesce(json_agg(json_build_object(
  'type', 'trigger',
  'identity', format('%I.%I.%I', n.nspname, c.relname, t.tgname),
  'name', t.tgname,
  'schema', n.nspname,
  'function_schema', fn.nspname,
  'parent', format('%s %I.%I', CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END, n.nspname, c.relname),
  'depends', json_build_array(format('function %I.%I(%s)', fn.nspname, f.proname, pg_get_function_identity_arguments(f.oid))),
  'definition', json_build_object(
    'definition', pg_get_triggerdef(t.oid),
    'enabled', CASE t.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always' END
  ),
  'ddl', pg_get_triggerdef(t.oid)
)), '[]')::text
FROM pg_trigger AS t
JOIN pg_class AS c ON c.oid = t.tgrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_proc AS f ON f.oid = t.tgfoid
JOIN pg_namespace AS fn ON fn.oid = f.pronamespace
WHERE NOT t.tgisinternal
  AND t.tgparentid = 0
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (
    SELECT FROM pg_depend AS d
    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
