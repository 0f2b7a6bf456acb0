-- unindexed-foreign-keys (Supabase advisor 0001 unindexed_foreign_keys): a
-- foreign key whose columns are not the leading columns of any index, so
-- every delete or key update of the referenced table scans this one.
SELECT 'pg_constraint'::regclass::oid::bigint AS classid,
       k.oid::bigint AS objid,
       k.conrelid::bigint AS table_oid,
       k.xmin::text AS xmin,
       format('%s on %s', quote_ident(k.conname), k.conrelid::regclass) AS object,
       format('foreign key %s on %s (%s) has no index on its columns: deleting or re-keying a row of %s scans %s',
              quote_ident(k.conname), k.conrelid::regclass,
              (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY u.ord)
               FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum),
              k.confrelid::regclass, k.conrelid::regclass) AS detail
FROM pg_constraint k
JOIN relations r ON r.oid = k.conrelid
WHERE k.contype = 'f'
  AND r.outside_platform
  AND NOT EXISTS (
    SELECT 1 FROM pg_index i
    WHERE i.indrelid = k.conrelid
      AND (i.indkey::int2[])[0:cardinality(k.conkey) - 1] @> k.conkey
      AND (i.indkey::int2[])[0:cardinality(k.conkey) - 1] <@ k.conkey)
  AND NOT r.extension_member
