-- drift: default privileges (ALTER DEFAULT PRIVILEGES), one object per
-- (role, schema or everywhere, object kind, grantee).
WITH entry AS (
  SELECT pg_get_userbyid(a.defaclrole)::text AS role, n.nspname AS schema,
         CASE a.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                              WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END AS kind,
         CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(x.grantee)::text) END AS grantee,
         x.privilege_type, x.is_grantable
  FROM pg_default_acl AS a
  LEFT JOIN pg_namespace AS n ON n.oid = a.defaclnamespace,
       aclexplode(a.defaclacl) AS x
)
SELECT 'default_privilege' AS type,
       format('for role %I%s on %s to %s', role, CASE WHEN schema IS NOT NULL THEN ' in schema ' || quote_ident(schema) ELSE '' END, kind, grantee) AS identity,
       role AS name,
       schema,
       json_build_object(
         'for', format('FOR ROLE %I%s', role, CASE WHEN schema IS NOT NULL THEN ' IN SCHEMA ' || quote_ident(schema) ELSE '' END),
         'on', upper(kind),
         'grantee', grantee) AS sql,
       json_build_object('privileges', privileges) AS definition
FROM (
  SELECT role, schema, kind, grantee,
         json_agg(privilege_type || CASE WHEN is_grantable THEN ' WITH GRANT OPTION' ELSE '' END ORDER BY privilege_type) AS privileges
  FROM entry
  GROUP BY role, schema, kind, grantee
) AS grouped
