-- security-definer-view (Supabase advisor 0010 security_definer_view): a
-- view in an API-exposed schema without security_invoker, so it reads the
-- underlying tables with its owner's rights and bypasses their RLS.
SELECT classid, objid, table_oid, xmin, object,
       format('view %s runs with its owner''s rights (no security_invoker): row level security of the tables it reads is bypassed for every API caller',
              object) AS detail
FROM relations
WHERE relkind = 'v'
  AND exposed
  AND NOT EXISTS (
    SELECT 1 FROM unnest(coalesce(reloptions, '{}')) AS o
    WHERE lower(o) IN ('security_invoker=true', 'security_invoker=on', 'security_invoker=1', 'security_invoker=yes'))
  AND NOT extension_member
