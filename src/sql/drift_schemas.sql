-- drift: schemas (not system ones, not extension members). Ownership is not
-- compared: the platform and the migration role own them differently.
SELECT 'schema' AS type,
       quote_ident(n.nspname) AS identity,
       n.nspname AS name,
       n.nspname AS schema,
       '{}'::json AS definition,
       format('CREATE SCHEMA IF NOT EXISTS %I', n.nspname) AS ddl
FROM compared_schema AS n
WHERE NOT EXISTS (SELECT FROM extension_member AS e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid)
