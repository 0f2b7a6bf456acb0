-- drift: table constraints (primary key, unique, foreign key with its
-- actions, check, exclusion), compared by definition. Inherited copies on
-- partitions and children belong to the parent's.
SELECT 'constraint' AS type,
       format('%I.%I.%I', c.nspname, c.relname, k.conname) AS identity,
       k.conname AS name,
       c.nspname AS schema,
       format('table %I.%I', c.nspname, c.relname) AS parent,
       CASE k.contype WHEN 'p' THEN 1 WHEN 'u' THEN 2 WHEN 'x' THEN 3 WHEN 'c' THEN 4 ELSE 5 END AS "order",
       CASE WHEN k.contype = 'f' THEN json_build_array(format('table %I.%I', fn.nspname, f.relname)) ELSE '[]'::json END AS depends,
       json_build_object(
         'kind', CASE k.contype WHEN 'p' THEN 'primary key' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign key'
                                WHEN 'c' THEN 'check' WHEN 'x' THEN 'exclusion' END,
         'definition', pg_get_constraintdef(k.oid)
       ) AS definition,
       format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', c.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid)) AS ddl
FROM pg_constraint AS k
JOIN compared_relation AS c ON c.oid = k.conrelid
LEFT JOIN pg_class AS f ON f.oid = k.confrelid
LEFT JOIN pg_namespace AS fn ON fn.oid = f.relnamespace
WHERE k.contype IN ('p', 'u', 'f', 'c', 'x')
  AND k.conislocal
  AND k.conparentid = 0
