-- The relations that exist before a migration file runs, with the storage
-- file each one has then: the trace compares later locks and relfilenodes
-- with this. User relations only (system catalogs have oids below 16384).
SELECT c.oid::int8 AS oid,
       n.nspname::text AS schema,
       c.relname::text AS name,
       c.relkind::text AS kind,
       c.relfilenode::int8 AS relfilenode
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm', 'v', 'f')
  AND c.oid >= 16384
