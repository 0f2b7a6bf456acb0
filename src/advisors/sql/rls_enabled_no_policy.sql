-- rls-enabled-no-policy (Supabase advisor 0008 rls_enabled_no_policy): a
-- table in an API-exposed schema with row level security on and no policy,
-- so the API can read and write none of its rows.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       c.oid::bigint AS objid,
       c.oid::bigint AS table_oid,
       c.xmin::text AS xmin,
       c.oid::regclass::text AS object,
       format('table %s has row level security on but no policy: anon and authenticated can read and write none of its rows',
              c.oid::regclass) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND c.relrowsecurity
  AND n.nspname = ANY ($1)
  AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
ORDER BY 5
