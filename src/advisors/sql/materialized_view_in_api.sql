-- materialized-view-in-api (Supabase advisor 0016 materialized_view_in_api):
-- a materialized view in an API-exposed schema that anon or authenticated
-- may select from; materialized views cannot have row level security.
SELECT classid, objid, table_oid, xmin, object,
       format('materialized view %s is in the API-exposed schema %s and anon or authenticated may select from it; materialized views have no row level security',
              object, nspname) AS detail
FROM relations
WHERE relkind = 'm'
  AND exposed
  AND api_readable
  AND NOT extension_member
