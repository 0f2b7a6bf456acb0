-- schemagate stub: pg_jsonschema (JSON Schema validation, a Rust extension
-- by Supabase). Provides json_matches_schema, jsonb_matches_schema,
-- jsonschema_is_valid and jsonschema_validation_errors in @extschema@ with
-- the extension's signatures, IMMUTABLE so they work in CHECK constraints.
-- They do not validate: every document matches and every schema is valid,
-- so a CHECK constraint can never reject seed data here (it might in
-- production).
-- schemagate: version=0.3.3

CREATE OR REPLACE FUNCTION @extschema@.json_matches_schema(schema json, instance json)
RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT true $fn$;

CREATE OR REPLACE FUNCTION @extschema@.jsonb_matches_schema(schema json, instance jsonb)
RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT true $fn$;

CREATE OR REPLACE FUNCTION @extschema@.jsonschema_is_valid(schema json)
RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT true $fn$;

CREATE OR REPLACE FUNCTION @extschema@.jsonschema_validation_errors(schema json, instance json)
RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT '{}'::text[] $fn$;
