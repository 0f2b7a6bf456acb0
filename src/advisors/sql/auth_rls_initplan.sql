-- auth-rls-initplan (Supabase advisor 0003 auth_rls_initplan): a policy
-- that calls auth.uid(), auth.jwt(), auth.role(), auth.email() or
-- current_setting() directly, so it is evaluated for every row instead of
-- once per query.
-- $1: the API-exposed schemas; $2: the platform's schemas.
WITH policies AS (
  SELECT p.oid, p.polname, p.polrelid, p.xmin,
         coalesce(pg_get_expr(p.polqual, p.polrelid), '') AS using_expr,
         coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') AS check_expr
  FROM pg_policy p
  JOIN pg_class c ON c.oid = p.polrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relrowsecurity
    AND n.nspname <> ALL ($2)
)
SELECT 'pg_policy'::regclass::oid::bigint AS classid,
       oid::bigint AS objid,
       polrelid::bigint AS table_oid,
       xmin::text AS xmin,
       format('%s on %s', quote_ident(polname), polrelid::regclass) AS object,
       format('policy %s on %s calls auth.<function>() or current_setting() directly, so it is evaluated for every row instead of once per query',
              quote_ident(polname), polrelid::regclass) AS detail
FROM policies
WHERE (using_expr ~ '(auth\.(uid|jwt|role|email)|current_setting)\('
       AND lower(using_expr) !~ 'select\s+(auth\.(uid|jwt|role|email)|current_setting)\(')
   OR (check_expr ~ '(auth\.(uid|jwt|role|email)|current_setting)\('
       AND lower(check_expr) !~ 'select\s+(auth\.(uid|jwt|role|email)|current_setting)\(')
ORDER BY 5
