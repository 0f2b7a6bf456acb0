-- drift: enum types and their values, in order.
SELECT coalesce(json_agg(json_build_object(
  'type', 'enum_type',
  'identity', format('%I.%I', n.nspname, t.typname),
  'name', t.typname,
  'schema', n.nspname,
  'definition', json_build_object('values', labels.json),
  'ddl', format('CREATE TYPE %I.%I AS ENUM (%s)', n.nspname, t.typname, labels.sql)
)), '[]')::text
FROM pg_type AS t
JOIN pg_namespace AS n ON n.oid = t.typnamespace
CROSS JOIN LATERAL (
  SELECT coalesce(json_agg(e.enumlabel ORDER BY e.enumsortorder), '[]'::json) AS json,
         coalesce(string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder), '') AS sql
  FROM pg_enum AS e WHERE e.enumtypid = t.oid
) AS labels
WHERE t.typtype = 'e'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  AND NOT EXISTS (
    SELECT FROM pg_depend AS d
    WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
  )
