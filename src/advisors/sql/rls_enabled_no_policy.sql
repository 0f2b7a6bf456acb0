-- rls-enabled-no-policy (Supabase advisor 0008 rls_enabled_no_policy): a
-- table in an API-exposed schema with row level security on and no policy,
-- so the API can read and write none of its rows.
SELECT classid, objid, table_oid, xmin, object,
       format('table %s has row level security on but no policy: anon and authenticated can read and write none of its rows',
              object) AS detail
FROM relations
WHERE relkind IN ('r', 'p')
  AND relrowsecurity
  AND exposed
  AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = relations.oid)
