-- insecure-queue-exposed-in-api (Supabase advisor 0019
-- insecure_queue_exposed_in_api): with pgmq_public exposed through the
-- API, a queue table without row level security that anon or
-- authenticated may read, so anyone can read (and pop) its messages.
-- $1: the API-exposed schemas.
SELECT classid, objid, table_oid, xmin, object,
       format('queue table %s has no row level security, anon or authenticated may read it, and pgmq_public exposes the queues through the API: anyone can read its messages',
              object) AS detail
FROM relations
WHERE relkind IN ('r', 'p')
  AND nspname = 'pgmq'
  AND relname LIKE 'q\_%'
  AND NOT relrowsecurity
  AND 'pgmq_public' = ANY ($1)
  AND api_readable
