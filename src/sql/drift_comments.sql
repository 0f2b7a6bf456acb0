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
    -- An index is its table's: the extension's when the table is.
    AND NOT EXISTS (
      SELECT FROM extension_member AS e
      WHERE e.classid = 'pg_class'::regclass
        AND e.objid = CASE WHEN c.relkind IN ('i', 'I') THEN (SELECT indrelid FROM pg_index WHERE indexrelid = c.oid) ELSE c.oid END
    )
  UNION ALL
  SELECT format('%s %I.%I(%s)', CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
                p.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
         p.nspname,
         format('function %I.%I(%s)', p.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
         d.description
  FROM pg_description AS d
  JOIN compared_function AS p ON d.classoid = 'pg_proc'::regclass AND p.oid = d.objoid
  UNION ALL
  SELECT format('type %I.%I', n.nspname, t.typname), n.nspname, format('enum_type %I.%I', n.nspname, t.typname), d.description
  FROM pg_description AS d
  JOIN pg_type AS t ON d.classoid = 'pg_type'::regclass AND t.oid = d.objoid AND t.typtype = 'e'
  JOIN pg_namespace AS n ON n.oid = t.typnamespace
  WHERE NOT EXISTS (SELECT FROM extension_member AS e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)
  UNION ALL
  -- Constraints, triggers and policies: `<kind> <name> on <table>` in
  -- COMMENT ON, `<kind> <schema>.<table>.<name>` as an object's key.
  SELECT format('%s %I on %I.%I', o.kind, o.name, c.nspname, c.relname), c.nspname,
         format('%s %I.%I.%I', o.kind, c.nspname, c.relname, o.name), d.description
  FROM pg_description AS d
  JOIN (
    SELECT 'pg_constraint'::regclass AS classoid, oid, conname AS name, conrelid AS relid, 'constraint' AS kind FROM pg_constraint
    UNION ALL
    SELECT 'pg_trigger'::regclass, oid, tgname, tgrelid, 'trigger' FROM pg_trigger
    UNION ALL
    SELECT 'pg_policy'::regclass, oid, polname, polrelid, 'policy' FROM pg_policy
  ) AS o ON o.classoid = d.classoid AND o.oid = d.objoid
  JOIN compared_relation AS c ON c.oid = o.relid
  -- Redundant, but it lets the planner look up only these comments' objects.
  WHERE d.classoid IN ('pg_constraint'::regclass, 'pg_trigger'::regclass, 'pg_policy'::regclass)
)
SELECT 'comment' AS type,
       identity,
       schema,
       parent,
       json_build_object('comment', description) AS definition,
       format('COMMENT ON %s IS %s', identity, quote_literal(description)) AS ddl
FROM target
WHERE schema IN (SELECT nspname FROM compared_schema)
