-- drift: row level security policies: command, permissive or restrictive,
-- roles (by name, sorted), USING and WITH CHECK.
SELECT 'policy' AS type,
       format('%I.%I.%I', c.nspname, c.relname, p.polname) AS identity,
       p.polname AS name,
       c.nspname AS schema,
       format('table %I.%I', c.nspname, c.relname) AS parent,
       json_strip_nulls(json_build_object(
         'command', cmd.name,
         'permissive', p.polpermissive,
         'roles', roles.names,
         'using', expr.qual,
         'with_check', expr.with_check
       )) AS definition,
       format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s', p.polname, c.nspname, c.relname,
              CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END, cmd.name, roles.sql)
       || coalesce(' USING (' || expr.qual || ')', '')
       || coalesce(' WITH CHECK (' || expr.with_check || ')', '') AS ddl
FROM pg_policy AS p
JOIN compared_relation AS c ON c.oid = p.polrelid
CROSS JOIN LATERAL (
  SELECT pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
) AS expr
CROSS JOIN LATERAL (
  SELECT CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'
                       WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS name
) AS cmd
CROSS JOIN LATERAL (
  SELECT json_agg(r.name ORDER BY r.name) AS names,
         string_agg(CASE WHEN r.oid = 0 THEN 'PUBLIC' ELSE quote_ident(r.name) END, ', ' ORDER BY r.name) AS sql
  FROM (
    SELECT u.oid, CASE WHEN u.oid = 0 THEN 'public' ELSE coalesce(pg_get_userbyid(u.oid)::text, u.oid::text) END AS name
    FROM unnest(p.polroles) AS u(oid)
  ) AS r
) AS roles
