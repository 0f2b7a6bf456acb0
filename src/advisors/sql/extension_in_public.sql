-- extension-in-public (Supabase advisor 0014 extension_in_public): an
-- extension installed into the public schema, where its functions and
-- tables sit among the API-exposed objects.
SELECT 'pg_extension'::regclass::oid::bigint AS classid,
       e.oid::bigint AS objid,
       NULL::bigint AS table_oid,
       e.xmin::text AS xmin,
       quote_ident(e.extname) AS object,
       format('extension %s is installed in the public schema, where the API exposes its functions and tables',
              quote_ident(e.extname)) AS detail
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname = 'public'
