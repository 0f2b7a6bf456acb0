-- drift: privileges granted to the API roles (anon, authenticated,
-- service_role) and to PUBLIC on schemas, tables, views, sequences,
-- columns and functions. A NULL ACL means the built-in default, so it is
-- expanded with acldefault: an explicit copy of the default is no change.
-- One object per (target, grantee): the sorted privileges, with grant option.
WITH grantee AS (
  SELECT oid, rolname::text AS name FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role')
  UNION ALL SELECT 0, 'PUBLIC'
),
relation AS (
  SELECT c.oid, c.nspname, c.relkind, c.relacl, c.relowner,
         format('%I.%I', c.nspname, c.relname) AS name,
         CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view'
                        WHEN 'f' THEN 'foreign_table' ELSE 'table' END AS object_type,
         -- An identity or serial column's sequence belongs to the column.
         (SELECT format('column %I.%I.%I', on_.nspname, oc.relname, a.attname)
          FROM pg_depend AS d
          JOIN pg_class AS oc ON oc.oid = d.refobjid
          JOIN pg_namespace AS on_ ON on_.oid = oc.relnamespace
          JOIN pg_attribute AS a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
          WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid
            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('i', 'a') AND d.refobjsubid > 0
          LIMIT 1) AS owning_column
  FROM compared_relation AS c
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
),
acl AS (
  SELECT CASE WHEN r.relkind = 'S' THEN 'sequence' ELSE 'table' END AS target_kind,
         r.name AS target, r.nspname AS schema,
         CASE WHEN r.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || r.name AS on_sql, NULL::text AS columns_sql,
         coalesce(r.owning_column, r.object_type || ' ' || r.name) AS parent,
         x.grantee, x.privilege_type, x.is_grantable
  FROM relation AS r,
       aclexplode(coalesce(r.relacl, acldefault(CASE WHEN r.relkind = 'S' THEN 's' ELSE 'r' END::"char", r.relowner))) AS x
  WHERE x.grantee IN (SELECT oid FROM grantee)
  UNION ALL
  SELECT 'column', format('%s.%I', r.name, a.attname), r.nspname,
         'TABLE ' || r.name, format('(%I)', a.attname),
         format('column %s.%I', r.name, a.attname),
         x.grantee, x.privilege_type, x.is_grantable
  FROM relation AS r
  JOIN pg_attribute AS a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL,
       aclexplode(a.attacl) AS x
  WHERE x.grantee IN (SELECT oid FROM grantee)
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
         format('%I.%I(%s)', p.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), p.nspname,
         format('%s %I.%I(%s)', CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
                p.nspname, p.proname, pg_get_function_identity_arguments(p.oid)), NULL,
         format('function %I.%I(%s)', p.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
         x.grantee, x.privilege_type, x.is_grantable
  FROM compared_function AS p,
       aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS x
  WHERE x.grantee IN (SELECT oid FROM grantee)
    AND p.prokind IN ('f', 'p', 'w')
  UNION ALL
  SELECT 'schema', quote_ident(n.nspname), n.nspname, 'SCHEMA ' || quote_ident(n.nspname), NULL,
         'schema ' || quote_ident(n.nspname),
         x.grantee, x.privilege_type, x.is_grantable
  FROM compared_schema AS n,
       aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS x
  WHERE x.grantee IN (SELECT oid FROM grantee)
),
grouped AS (
  SELECT acl.target_kind, acl.target, acl.schema, acl.on_sql, acl.columns_sql, acl.parent, g.name AS grantee,
         json_agg(acl.privilege_type || CASE WHEN acl.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END
                   ORDER BY acl.privilege_type) AS privileges
  FROM acl JOIN grantee AS g ON g.oid = acl.grantee
  GROUP BY acl.target_kind, acl.target, acl.schema, acl.on_sql, acl.columns_sql, acl.parent, g.name
)
SELECT 'grant' AS type,
       format('%s %s to %s', target_kind, target, CASE WHEN grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(grantee) END) AS identity,
       grantee AS name,
       schema,
       parent,
       json_strip_nulls(json_build_object(
         'on', on_sql,
         'columns', columns_sql,
         'grantee', CASE WHEN grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(grantee) END)) AS sql,
       json_build_object('privileges', privileges) AS definition
FROM grouped
