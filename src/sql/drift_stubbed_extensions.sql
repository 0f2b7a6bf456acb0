-- drift: extensions the Supabase shim emulates with a stub (a throwaway
-- server only). They stand in for the real extension production has, so
-- they count as installed; `emulated` tells the diff not to compare versions.
SELECT coalesce(json_agg(json_build_object(
  'type', 'extension',
  'identity', quote_ident(s.name),
  'name', s.name,
  'definition', json_build_object('schema', s.schema, 'version', s.version, 'emulated', true),
  'ddl', format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', s.name, s.schema)
)), '[]')::text
FROM schemagate_shim.stubbed_extensions AS s
