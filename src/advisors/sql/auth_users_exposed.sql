-- auth-users-exposed (Supabase advisor 0002 auth_users_exposed): a view or
-- materialized view in an API-exposed schema that reads auth.users and
-- that anon or authenticated may select from.
SELECT classid, objid, table_oid, xmin, object,
       format('%s %s reads auth.users and anon or authenticated may select from it: the API serves every user''s email, phone and metadata',
              CASE relkind WHEN 'm' THEN 'materialized view' ELSE 'view' END,
              object) AS detail
FROM relations
WHERE relkind IN ('v', 'm')
  AND exposed
  AND EXISTS (
    SELECT 1
    FROM pg_rewrite r
    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
    WHERE r.ev_class = relations.oid
      AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid = to_regclass('auth.users'))
  AND api_readable
