-- rls-references-user-metadata (Supabase advisor 0015
-- rls_references_user_metadata): a policy that reads the JWT's
-- user_metadata, which every user can change about themselves.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_policy'::regclass::oid::bigint AS classid,
       p.oid::bigint AS objid,
       p.polrelid::bigint AS table_oid,
       p.xmin::text AS xmin,
       format('%s on %s', quote_ident(p.polname), p.polrelid::regclass) AS object,
       format('policy %s on %s reads user_metadata from the JWT, which any user can set for themselves with auth.updateUser(): it grants whatever the user claims',
              quote_ident(p.polname), p.polrelid::regclass) AS detail
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname <> ALL ($2)
  AND (coalesce(pg_get_expr(p.polqual, p.polrelid), '') ~ 'auth\.jwt\(\).*user_metadata'
       OR coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') ~ 'auth\.jwt\(\).*user_metadata')
ORDER BY 5
