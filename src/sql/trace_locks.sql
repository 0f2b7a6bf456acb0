-- The relation locks the migration's own backend holds right now, with each
-- relation's storage file as this transaction sees it (a rewrite changes it
-- before commit). Run inside the migration's transaction, after a statement.
SELECT l.relation::int8 AS oid,
       c.relfilenode::int8 AS relfilenode,
       pg_catalog.array_agg(l.mode::text) AS modes
FROM pg_catalog.pg_locks l
LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation
WHERE l.pid = pg_catalog.pg_backend_pid()
  AND l.locktype = 'relation'
  AND l.granted
  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d
                    WHERE d.datname = pg_catalog.current_database())
  AND l.relation >= 16384
GROUP BY l.relation, c.relfilenode
