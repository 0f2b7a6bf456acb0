-- no-primary-key (Supabase advisor 0004 no_primary_key): a table without a
-- primary key, which logical replication and efficient updates need.
SELECT classid, objid, table_oid, xmin, object,
       format('table %s has no primary key: replication cannot identify its rows and updates cannot address one row cheaply',
              object) AS detail
FROM relations
WHERE relkind IN ('r', 'p')
  AND NOT relispartition
  AND outside_platform
  AND nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = relations.oid AND k.contype = 'p')
  AND NOT extension_member
