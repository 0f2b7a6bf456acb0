-- drift: enum types and their values, in order.
SELECT 'enum_type' AS type,
       format('%I.%I', n.nspname, t.typname) AS identity,
       t.typname AS name,
       n.nspname AS schema,
       json_build_object('values', labels.json) AS definition,
       format('CREATE TYPE %I.%I AS ENUM (%s)', n.nspname, t.typname, labels.sql) AS ddl
FROM pg_type AS t
JOIN compared_schema AS n ON n.oid = t.typnamespace
CROSS JOIN LATERAL (
  SELECT coalesce(json_agg(e.enumlabel ORDER BY e.enumsortorder), '[]'::json) AS json,
         coalesce(string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder), '') AS sql
  FROM pg_enum AS e WHERE e.enumtypid = t.oid
) AS labels
WHERE t.typtype = 'e'
  AND NOT EXISTS (SELECT FROM extension_member AS e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)
