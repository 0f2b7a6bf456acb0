-- schemagate stub: http (pramsey/pgsql-http 1.6, synchronous HTTP client).
-- Provides, in @extschema@, the extension's domains and types
-- (http_method, content_type, http_header, http_response, http_request)
-- and its functions with their signatures: http(), http_get, http_post,
-- http_put, http_patch, http_delete, http_head, http_header, urlencode,
-- the curl option functions and text_to_bytea/bytea_to_text.
-- No request is ever made: every call answers 503 with a short body, so
-- code that checks the status fails the way an unreachable host would.
-- schemagate: version=1.6

DO $stub$
BEGIN
  IF to_regtype('@extschema@.http_method') IS NULL THEN
    CREATE DOMAIN @extschema@.http_method AS text
      CHECK (VALUE ILIKE 'get' OR VALUE ILIKE 'post' OR VALUE ILIKE 'put'
             OR VALUE ILIKE 'delete' OR VALUE ILIKE 'patch' OR VALUE ILIKE 'head');
  END IF;
  IF to_regtype('@extschema@.content_type') IS NULL THEN
    CREATE DOMAIN @extschema@.content_type AS text CHECK (VALUE ~ '^\S+\/\S+');
  END IF;
  IF to_regtype('@extschema@.http_header') IS NULL THEN
    CREATE TYPE @extschema@.http_header AS (field character varying, value character varying);
  END IF;
  IF to_regtype('@extschema@.http_response') IS NULL THEN
    CREATE TYPE @extschema@.http_response AS (
      status integer, content_type character varying,
      headers @extschema@.http_header[], content character varying);
  END IF;
  IF to_regtype('@extschema@.http_request') IS NULL THEN
    CREATE TYPE @extschema@.http_request AS (
      method @extschema@.http_method, uri character varying,
      headers @extschema@.http_header[], content_type character varying,
      content character varying);
  END IF;
END
$stub$;

CREATE OR REPLACE FUNCTION @extschema@.urlencode(string character varying)
RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT string_agg(
           CASE WHEN b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122 OR b IN (45, 46, 95, 126)
                THEN chr(b)
                ELSE '%' || upper(lpad(to_hex(b), 2, '0')) END,
           '' ORDER BY i)
  FROM (SELECT i, get_byte(convert_to(string, 'UTF8'), i) AS b
        FROM generate_series(0, octet_length(convert_to(string, 'UTF8')) - 1) AS i) AS bytes
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.urlencode(string bytea)
RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT @extschema@.urlencode(convert_from(string, 'UTF8')::character varying)
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.urlencode(data jsonb)
RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT string_agg(@extschema@.urlencode(key::character varying) || '=' || @extschema@.urlencode(value::character varying), '&')
  FROM jsonb_each_text(data)
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.http(request @extschema@.http_request)
RETURNS @extschema@.http_response LANGUAGE sql VOLATILE AS $fn$
  SELECT (503, 'text/plain', ARRAY[]::@extschema@.http_header[],
          'schemagate: outbound HTTP is disabled (http extension is emulated)')::@extschema@.http_response
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.http_header(field character varying, value character varying)
RETURNS @extschema@.http_header LANGUAGE sql IMMUTABLE AS $fn$
  SELECT (field, value)::@extschema@.http_header
$fn$;

-- The request functions: http() with the method, the URI and, for those
-- that take them, the content and its type. Each signature, with the
-- methods that have it:
DO $stub$
DECLARE
  f record;
BEGIN
  FOR f IN
    SELECT method, args, uri, content
    FROM (VALUES
      ('uri character varying', 'uri', 'NULL, NULL', ARRAY['get', 'delete', 'head']),
      ('uri character varying, data jsonb', 'uri || ''?'' || @extschema@.urlencode(data)', 'NULL, NULL', ARRAY['get']),
      ('uri character varying, content character varying, content_type character varying', 'uri', 'content_type, content',
       ARRAY['post', 'put', 'patch', 'delete'])) AS signatures(args, uri, content, methods),
      unnest(methods) AS method
  LOOP
    EXECUTE format('CREATE OR REPLACE FUNCTION @extschema@.http_%s(%s) RETURNS @extschema@.http_response LANGUAGE sql VOLATILE AS $fn$
  SELECT @extschema@.http((%L, %s, NULL, %s)::@extschema@.http_request)
$fn$', f.method, f.args, upper(f.method), f.uri, f.content);
  END LOOP;
END
$stub$;

-- A form's fields, url-encoded, as the body.
CREATE OR REPLACE FUNCTION @extschema@.http_post(uri character varying, data jsonb)
RETURNS @extschema@.http_response LANGUAGE sql VOLATILE AS $fn$
  SELECT @extschema@.http(('POST', uri, NULL, 'application/x-www-form-urlencoded',
                           @extschema@.urlencode(data))::@extschema@.http_request)
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.http_set_curlopt(curlopt character varying, value character varying)
RETURNS boolean LANGUAGE sql VOLATILE AS $fn$ SELECT true $fn$;

CREATE OR REPLACE FUNCTION @extschema@.http_reset_curlopt()
RETURNS boolean LANGUAGE sql VOLATILE AS $fn$ SELECT true $fn$;

CREATE OR REPLACE FUNCTION @extschema@.http_list_curlopt()
RETURNS TABLE(curlopt text, value text) LANGUAGE sql VOLATILE AS $fn$
  SELECT NULL::text, NULL::text WHERE false
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.text_to_bytea(data text)
RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $fn$ SELECT convert_to(data, 'UTF8') $fn$;

CREATE OR REPLACE FUNCTION @extschema@.bytea_to_text(data bytea)
RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $fn$ SELECT convert_from(data, 'UTF8') $fn$;
