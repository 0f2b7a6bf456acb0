-- security-definer-view (Supabase advisor 0010 security_definer_view): a
-- view in an API-exposed schema without security_invoker, so it reads the
-- underlying tables with its owner's rights and bypasses their RLS.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       c.oid::bigint AS objid,
       c.oid::bigint AS table_oid,
       c.xmin::text AS xmin,
       c.oid::regclass::text AS object,
       format('view %s runs with its owner''s rights (no security_invoker): row level security of the tables it reads is bypassed for every API caller',
              c.oid::regclass) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'v'
  AND n.nspname = ANY ($1)
  AND NOT EXISTS (
    SELECT 1 FROM unnest(coalesce(c.reloptions, '{}')) AS o
    WHERE lower(o) IN ('security_invoker=true', 'security_invoker=on', 'security_invoker=1', 'security_invoker=yes'))
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend e
    WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY 5
