-- schemagate stub: pg_graphql (Supabase's GraphQL resolver, a Rust
-- extension). Provides the callable surface migrations reference:
-- graphql.resolve(...) and the graphql_public.graphql(...) entry point
-- PostgREST exposes, with pg_graphql's signatures and defaults, plus
-- graphql.comment_directive and graphql.exception. Queries are not
-- executed; resolve answers with a GraphQL error document.
-- The control file fixes the schema to graphql.
-- schemagate: schema=graphql
-- schemagate: version=1.5.11

CREATE SCHEMA IF NOT EXISTS graphql_public;

CREATE OR REPLACE FUNCTION graphql.resolve(
  query text,
  variables jsonb DEFAULT '{}'::jsonb,
  "operationName" text DEFAULT NULL::text,
  extensions jsonb DEFAULT NULL::jsonb
) RETURNS jsonb LANGUAGE sql STABLE AS $fn$
  SELECT jsonb_build_object('data', NULL, 'errors', jsonb_build_array(jsonb_build_object(
    'message', 'pg_graphql is emulated by schemagate; queries are not executed')))
$fn$;

CREATE OR REPLACE FUNCTION graphql.comment_directive(comment_ text)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $fn$
  -- '@graphql({...})' in a COMMENT: return the JSON argument.
  SELECT CASE
    WHEN comment_ ~ '@graphql\(' THEN
      substring(comment_ FROM '@graphql\((.*)\)')::jsonb
  END
$fn$;

CREATE OR REPLACE FUNCTION graphql.exception(message text)
RETURNS text LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = message;
END
$fn$;

CREATE OR REPLACE FUNCTION graphql.get_schema_version()
RETURNS integer LANGUAGE sql STABLE AS $fn$ SELECT 1 $fn$;

CREATE OR REPLACE FUNCTION graphql_public.graphql(
  "operationName" text DEFAULT NULL::text,
  query text DEFAULT NULL::text,
  variables jsonb DEFAULT NULL::jsonb,
  extensions jsonb DEFAULT NULL::jsonb
) RETURNS jsonb LANGUAGE sql AS $fn$
  SELECT graphql.resolve(
    query := query,
    variables := coalesce(variables, '{}'),
    "operationName" := "operationName",
    extensions := extensions)
$fn$;

GRANT USAGE ON SCHEMA graphql, graphql_public TO postgres, anon, authenticated, service_role;
GRANT ALL ON ALL FUNCTIONS IN SCHEMA graphql, graphql_public TO postgres, anon, authenticated, service_role;
GRANT ALL ON ALL TABLES IN SCHEMA graphql TO postgres, anon, authenticated, service_role;
GRANT ALL ON ALL SEQUENCES IN SCHEMA graphql TO postgres, anon, authenticated, service_role;
