-- drift: extensions the Supabase shim emulates with a stub (a throwaway
-- server only). They stand in for the real extension production has, so
-- they count as installed; `emulated` tells the diff not to compare versions.
SELECT 'extension' AS type,
       quote_ident(s.name) AS identity,
       s.name AS name,
       json_build_object('schema', s.schema, 'version', s.version, 'emulated', true) AS definition,
       format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', s.name, s.schema) AS ddl
FROM schemagate_shim.stubbed_extensions AS s
