-- drift: installed extensions with their schema and version. Which ones are
-- the platform's is decided in Rust (drift::scope).
SELECT 'extension' AS type,
       quote_ident(e.extname) AS identity,
       e.extname AS name,
       json_build_object('schema', n.nspname, 'version', e.extversion) AS definition,
       format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I', e.extname, n.nspname) AS ddl
FROM pg_extension AS e
JOIN pg_namespace AS n ON n.oid = e.extnamespace
