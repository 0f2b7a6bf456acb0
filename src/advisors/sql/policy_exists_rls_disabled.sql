-- policy-exists-rls-disabled (Supabase advisor 0007
-- policy_exists_rls_disabled): a table with policies whose row level
-- security is off, so the policies are not enforced.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       c.oid::bigint AS objid,
       c.oid::bigint AS table_oid,
       c.xmin::text AS xmin,
       c.oid::regclass::text AS object,
       format('table %s has policies (%s) but row level security is off, so none of them is enforced',
              c.oid::regclass,
              (SELECT string_agg(quote_ident(p.polname), ', ' ORDER BY p.polname)
               FROM pg_policy p WHERE p.polrelid = c.oid)) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND NOT c.relrowsecurity
  AND n.nspname <> ALL ($2)
  AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
ORDER BY 5
