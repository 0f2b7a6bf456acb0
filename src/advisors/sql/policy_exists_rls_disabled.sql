-- policy-exists-rls-disabled (Supabase advisor 0007
-- policy_exists_rls_disabled): a table with policies whose row level
-- security is off, so the policies are not enforced.
SELECT classid, objid, table_oid, xmin, object,
       format('table %s has policies (%s) but row level security is off, so none of them is enforced',
              object,
              (SELECT string_agg(quote_ident(p.polname), ', ' ORDER BY p.polname)
               FROM pg_policy p WHERE p.polrelid = relations.oid)) AS detail
FROM relations
WHERE relkind IN ('r', 'p')
  AND NOT relrowsecurity
  AND outside_platform
  AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = relations.oid)
