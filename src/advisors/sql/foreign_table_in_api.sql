-- foreign-table-in-api (Supabase advisor 0017 foreign_table_in_api): a
-- foreign table in an API-exposed schema that anon or authenticated may
-- select from; foreign tables cannot have row level security.
SELECT classid, objid, table_oid, xmin, object,
       format('foreign table %s is in the API-exposed schema %s and anon or authenticated may select from it; foreign tables have no row level security',
              object, nspname) AS detail
FROM relations
WHERE relkind = 'f'
  AND exposed
  AND api_readable
  AND NOT extension_member
