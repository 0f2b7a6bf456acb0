-- drift: installed extensions with their schema and version. Which ones are
-- the platform's is decided in Rust (drift::scope).
SELECT coalesce(json_agg(json_build_object(
  'type', 'extension',
  'identity', quote_ident(e.extname),
  'name', e.extname,
  'definition', json_build_object('schema', n.nspname, 'version', e.extversion),
  'ddl', format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', e.extname, n.nspname)
)), '[]')::text
FROM pg_extension AS e
JOIN pg_namespace AS n ON n.oid = e.extnamespace
