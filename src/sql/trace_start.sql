-- The highest object id in use before a migration file runs. Relations the
-- file creates, and the new storage files of relations it rewrites, get ids
-- from the same ever-increasing counter, so they are all above it: one
-- number tells what existed before the file and what it rewrote. (Both
-- maxima come from indexes; migrations cannot create tablespaces.)
SELECT GREATEST(
  (SELECT pg_catalog.max(c.oid) FROM pg_catalog.pg_class c)::int8,
  (SELECT pg_catalog.max(c.relfilenode) FROM pg_catalog.pg_class c WHERE c.reltablespace = 0)::int8
)
