-- insecure-queue-exposed-in-api (Supabase advisor 0019
-- insecure_queue_exposed_in_api): with pgmq_public exposed through the
-- API, a queue table without row level security that anon or
-- authenticated may read, so anyone can read (and pop) its messages.
-- $1: the API-exposed schemas; $2: the platform's schemas.
SELECT 'pg_class'::regclass::oid::bigint AS classid,
       c.oid::bigint AS objid,
       c.oid::bigint AS table_oid,
       c.xmin::text AS xmin,
       c.oid::regclass::text AS object,
       format('queue table %s has no row level security, anon or authenticated may read it, and pgmq_public exposes the queues through the API: anyone can read its messages',
              c.oid::regclass) AS detail
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = 'pgmq'
  AND c.relname LIKE 'q\_%'
  AND NOT c.relrowsecurity
  AND 'pgmq_public' = ANY ($1)
  AND EXISTS (
    SELECT 1 FROM pg_roles api
    WHERE api.rolname IN ('anon', 'authenticated')
      AND has_table_privilege(api.oid, c.oid, 'SELECT'))
ORDER BY 5
