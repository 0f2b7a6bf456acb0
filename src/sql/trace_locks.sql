-- The relation locks the migration's own backend holds now on relations
-- that existed before the file ($1: the bound from trace_start.sql), with
-- each one's storage file as this transaction sees it (a rewrite changes it
-- before commit; NULL for a view or a relation this statement dropped).
-- Run inside the migration's transaction after each statement, so it is
-- kept free of catalog joins, which DDL would make it re-plan every time.
SELECT l.relation::int8 AS oid,
       pg_catalog.array_agg(l.mode::text) AS modes,
       pg_catalog.pg_relation_filenode(l.relation)::int8 AS filenode
FROM pg_catalog.pg_locks l
WHERE l.pid = pg_catalog.pg_backend_pid()
  AND l.locktype = 'relation'
  AND l.granted
  AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d
                    WHERE d.datname = pg_catalog.current_database())
  AND l.relation::int8 BETWEEN 16384 AND $1
GROUP BY l.relation
