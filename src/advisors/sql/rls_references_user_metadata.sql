-- rls-references-user-metadata (Supabase advisor 0015
-- rls_references_user_metadata): a policy that reads the JWT's
-- user_metadata, which every user can change about themselves.
SELECT classid, objid, table_oid, xmin, object,
       format('policy %s on %s reads user_metadata from the JWT, which any user can set for themselves with auth.updateUser(): it grants whatever the user claims',
              quote_ident(polname), polrelid::regclass) AS detail
FROM policies
WHERE outside_platform
  AND (using_expr ~ 'auth\.jwt\(\).*user_metadata'
       OR check_expr ~ 'auth\.jwt\(\).*user_metadata')
