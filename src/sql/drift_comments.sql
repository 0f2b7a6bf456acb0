-- drift: comments on schemas, relations, columns, functions, enum types,
-- constraints, triggers and policies. The identity is the target of
-- COMMENT ON, so the catch-up SQL can write it back as is.
WITH target AS (
  SELECT 'schema ' || quote_ident(n.nspname) AS identity, n.nspname AS schema,
         'schema ' || quote_ident(n.nspname) AS parent, d.description
  FROM pg_description AS d
  JOIN pg_namespace AS n ON d.classoid = 'pg_namespace'::regclass AND n.oid = d.objoid
  UNION ALL
  SELECT CASE WHEN d.objsubid > 0 THEN format('column %I.%I.%I', n.nspname, c.relname, a.attname)
              ELSE format('%s %I.%I', kind.word, n.nspname, c.relname) END,
         n.nspname,
         CASE WHEN d.objsubid > 0 THEN format('column %I.%I.%I', n.nspname, c.relname, a.attname)
              ELSE format('%s %I.%I', kind.object_type, n.nspname, c.relname) END,
         d.description
  FROM pg_description AS d
  JOIN pg_class AS c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
  JOIN pg_namespace AS n ON n.oid = c.relnamespace
  LEFT JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum = d.objsubid AND d.objsubid > 0
  CROSS JOIN LATERAL (
    SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                          WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS word,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view' WHEN 'S' THEN 'sequence'
                          WHEN 'i' THEN 'index' WHEN 'I' THEN 'index' WHEN 'f' THEN 'foreign_table' ELSE 'table' END AS object_type
  ) AS kind
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'i', 'I', 'f')
    AND NOT EXISTS (
      SELECT FROM pg_depend AS e
      WHERE e.classid = 'pg_class'::regclass AND e.deptype = 'e'
        AND e.objid = CASE WHEN c.relkind IN ('i', 'I') THEN (SELECT indrelid FROM pg_index WHERE indexrelid = c.oid) ELSE c.oid END
    )
  UNION ALL
  SELECT format('%s %I.%I(%s)', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
         n.nspname,
         format('function %I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
         d.description
  FROM pg_description AS d
  JOIN pg_proc AS p ON d.classoid = 'pg_proc'::regclass AND p.oid = d.objoid
  JOIN pg_namespace AS n ON n.oid = p.pronamespace
  WHERE NOT EXISTS (SELECT FROM pg_depend AS e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
  UNION ALL
  SELECT format('type %I.%I', n.nspname, t.typname), n.nspname, format('enum_type %I.%I', n.nspname, t.typname), d.description
  FROM pg_description AS d
  JOIN pg_type AS t ON d.classoid = 'pg_type'::regclass AND t.oid = d.objoid AND t.typtype = 'e'
  JOIN pg_namespace AS n ON n.oid = t.typnamespace
  WHERE NOT EXISTS (SELECT FROM pg_depend AS e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND e.deptype = 'e')
  UNION ALL
  SELECT format('constraint %I on %I.%I', k.conname, n.nspname, c.relname), n.nspname,
         format('constraint %I.%I.%I', n.nspname, c.relname, k.conname), d.description
  FROM pg_description AS d
  JOIN pg_constraint AS k ON d.classoid = 'pg_constraint'::regclass AND k.oid = d.objoid
  JOIN pg_class AS c ON c.oid = k.conrelid
  JOIN pg_namespace AS n ON n.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT FROM pg_depend AS e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  UNION ALL
  SELECT format('trigger %I on %I.%I', t.tgname, n.nspname, c.relname), n.nspname,
         format('trigger %I.%I.%I', n.nspname, c.relname, t.tgname), d.description
  FROM pg_description AS d
  JOIN pg_trigger AS t ON d.classoid = 'pg_trigger'::regclass AND t.oid = d.objoid
  JOIN pg_class AS c ON c.oid = t.tgrelid
  JOIN pg_namespace AS n ON n.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT FROM pg_depend AS e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
  UNION ALL
  SELECT format('policy %I on %I.%I', p.polname, n.nspname, c.relname), n.nspname,
         format('policy %I.%I.%I', n.nspname, c.relname, p.polname), d.description
  FROM pg_description AS d
  JOIN pg_policy AS p ON d.classoid = 'pg_policy'::regclass AND p.oid = d.objoid
  JOIN pg_class AS c ON c.oid = p.polrelid
  JOIN pg_namespace AS n ON n.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT FROM pg_depend AS e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
)
SELECT coalesce(json_agg(json_build_object(
  'type', 'comment',
  'identity', identity,
  'schema', schema,
  'parent', parent,
  'definition', json_build_object('comment', description),
  'ddl', format('COMMENT ON %s IS %s', identity, quote_literal(description))
)), '[]')::text
FROM target
WHERE schema NOT IN ('pg_catalog', 'information_schema')
  AND schema !~ '^pg_(toast|temp_|toast_temp_)'
