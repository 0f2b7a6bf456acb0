-- drift: triggers (not the internal ones behind foreign keys, nor a
-- partition's clone of its parent's). `function_schema` lets a project's
-- trigger on a platform table (auth.users) be told from the platform's own.
SELECT 'trigger' AS type,
       format('%I.%I.%I', c.nspname, c.relname, t.tgname) AS identity,
       t.tgname AS name,
       c.nspname AS schema,
       fn.nspname AS function_schema,
       format('%s %I.%I', CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END, c.nspname, c.relname) AS parent,
       json_build_array(format('function %I.%I(%s)', fn.nspname, f.proname, pg_get_function_identity_arguments(f.oid))) AS depends,
       json_build_object(
         'definition', pg_get_triggerdef(t.oid),
         'enabled', CASE t.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica' WHEN 'A' THEN 'always' END
       ) AS definition,
       pg_get_triggerdef(t.oid) AS ddl
FROM pg_trigger AS t
JOIN compared_relation AS c ON c.oid = t.tgrelid
JOIN pg_proc AS f ON f.oid = t.tgfoid
JOIN pg_namespace AS fn ON fn.oid = f.pronamespace
WHERE NOT t.tgisinternal
  AND t.tgparentid = 0
