-- auth-rls-initplan (Supabase advisor 0003 auth_rls_initplan): a policy
-- that calls auth.uid(), auth.jwt(), auth.role(), auth.email() or
-- current_setting() directly, so it is evaluated for every row instead of
-- once per query.
SELECT classid, objid, table_oid, xmin, object,
       format('policy %s on %s calls auth.<function>() or current_setting() directly, so it is evaluated for every row instead of once per query',
              quote_ident(polname), polrelid::regclass) AS detail
FROM policies
WHERE relrowsecurity
  AND outside_platform
  AND ((using_expr ~ '(auth\.(uid|jwt|role|email)|current_setting)\('
        AND lower(using_expr) !~ 'select\s+(auth\.(uid|jwt|role|email)|current_setting)\(')
    OR (check_expr ~ '(auth\.(uid|jwt|role|email)|current_setting)\('
        AND lower(check_expr) !~ 'select\s+(auth\.(uid|jwt|role|email)|current_setting)\('))
