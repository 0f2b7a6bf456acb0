-- schemagate stub: hypopg (hypothetical indexes, HypoPG/hypopg 1.4 API).
-- Used only when the server has no real hypopg (Debian: postgresql-15-hypopg).
-- Provides hypopg's functions and the hypopg_list_indexes view in
-- @extschema@ with their signatures; no hypothetical index is ever
-- created, so everything answers "none".
-- schemagate: version=1.4.1

CREATE OR REPLACE FUNCTION @extschema@.hypopg(
  OUT indexname text, OUT indexrelid oid, OUT indrelid oid, OUT innatts integer,
  OUT indisunique boolean, OUT indkey int2vector, OUT indcollation oidvector,
  OUT indclass oidvector, OUT indoption oidvector, OUT indexprs pg_node_tree,
  OUT indpred pg_node_tree, OUT amid oid)
RETURNS SETOF record LANGUAGE sql VOLATILE AS $fn$
  SELECT NULL::text, NULL::oid, NULL::oid, NULL::integer, NULL::boolean, NULL::int2vector,
         NULL::oidvector, NULL::oidvector, NULL::oidvector, NULL::pg_node_tree, NULL::pg_node_tree, NULL::oid
  WHERE false
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_create_index(sql_order text, OUT indexrelid oid, OUT indexname text)
RETURNS SETOF record LANGUAGE sql VOLATILE STRICT AS $fn$
  SELECT NULL::oid, NULL::text WHERE false
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_drop_index(indexid oid)
RETURNS boolean LANGUAGE sql VOLATILE AS $fn$ SELECT false $fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_reset()
RETURNS void LANGUAGE sql VOLATILE AS $fn$ SELECT $fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_reset_index()
RETURNS void LANGUAGE sql VOLATILE AS $fn$ SELECT $fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_get_indexdef(indexid oid)
RETURNS text LANGUAGE sql VOLATILE AS $fn$ SELECT NULL::text $fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_relation_size(indexid oid)
RETURNS bigint LANGUAGE sql VOLATILE AS $fn$ SELECT 0::bigint $fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_hide_index(indexid oid)
RETURNS boolean LANGUAGE sql VOLATILE AS $fn$ SELECT false $fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_unhide_index(indexid oid)
RETURNS boolean LANGUAGE sql VOLATILE AS $fn$ SELECT false $fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_unhide_all_indexes()
RETURNS void LANGUAGE sql VOLATILE AS $fn$ SELECT $fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypopg_hidden_indexes()
RETURNS TABLE(indexid oid) LANGUAGE sql VOLATILE AS $fn$ SELECT NULL::oid WHERE false $fn$;

CREATE OR REPLACE VIEW @extschema@.hypopg_list_indexes AS
  SELECT h.indexrelid, h.indexname AS index_name, NULL::name AS schema_name,
         NULL::name AS table_name, NULL::name AS am_name
  FROM @extschema@.hypopg() AS h;
