-- rls-disabled-in-public (Supabase advisor 0013 rls_disabled_in_public): a
-- table in an API-exposed schema without row level security.
SELECT classid, objid, table_oid, xmin, object,
       format('table %s is in the API-exposed schema %s without row level security: anyone with the anon key can read and write every row the grants allow',
              object, nspname) AS detail
FROM relations
WHERE relkind IN ('r', 'p')
  AND NOT relispartition
  AND NOT relrowsecurity
  AND exposed
  AND NOT extension_member
