-- drift: storage bucket rows a migration inserts (or someone added by
-- hand). Only the settings columns, read through to_jsonb so a column the
-- storage service has not added yet reads as null instead of failing.
SELECT 'storage_bucket' AS type,
       b.j->>'id' AS identity,
       b.j->>'id' AS name,
       json_strip_nulls(json_build_object(
         'name', b.j->'name',
         'public', b.j->'public',
         'file_size_limit', b.j->'file_size_limit',
         'allowed_mime_types', b.j->'allowed_mime_types'
       )) AS definition
FROM (SELECT to_jsonb(x) AS j FROM storage.buckets AS x) AS b
