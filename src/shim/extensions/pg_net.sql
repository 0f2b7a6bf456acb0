-- schemagate stub: pg_net (Supabase's asynchronous HTTP client).
-- Provides schema net with the public API of pg_net 0.1x (supabase/pg_net
-- sql/pg_net.sql): net.http_get / http_post / http_delete with the same
-- parameters and defaults, the request queue and response tables, the
-- http_response types and net._http_collect_response. Nothing ever leaves
-- the machine: requests are only queued (there is no worker) and the
-- request id is returned, as the real functions do.
-- Grants follow supabase/postgres's grant_pg_net_access event trigger.
-- Idempotent, so DROP EXTENSION + CREATE EXTENSION cycles are harmless.
-- schemagate: version=0.14.0

-- The request functions are security definer (as on Supabase) and write
-- net's tables: a net schema someone else created beforehand could hold
-- tables with their triggers, which would then run as a superuser.
SELECT schemagate_shim._stub_own_schema('net', 'pg_net');

DO $stub$
BEGIN
  IF to_regtype('net.http_method') IS NULL THEN
    CREATE DOMAIN net.http_method AS text
      CHECK (VALUE ILIKE 'get' OR VALUE ILIKE 'post' OR VALUE ILIKE 'delete');
  END IF;
  IF to_regtype('net.request_status') IS NULL THEN
    CREATE TYPE net.request_status AS ENUM ('PENDING', 'SUCCESS', 'ERROR');
  END IF;
  IF to_regtype('net.http_response') IS NULL THEN
    CREATE TYPE net.http_response AS (status_code integer, headers jsonb, body text);
  END IF;
  IF to_regtype('net.http_response_result') IS NULL THEN
    CREATE TYPE net.http_response_result AS (status net.request_status, message text, response net.http_response);
  END IF;
END
$stub$;

CREATE UNLOGGED TABLE IF NOT EXISTS net.http_request_queue (
  id bigserial,
  method net.http_method NOT NULL,
  url text NOT NULL,
  headers jsonb,
  body bytea,
  timeout_milliseconds integer NOT NULL
);

CREATE UNLOGGED TABLE IF NOT EXISTS net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS _http_response_created_idx ON net._http_response (created);

-- Percent-encoding, in SQL instead of the extension's C helpers.
CREATE OR REPLACE FUNCTION net._urlencode_string(string character varying)
RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT string_agg(
           CASE WHEN b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122 OR b IN (45, 46, 95, 126)
                THEN chr(b)
                ELSE '%' || upper(lpad(to_hex(b), 2, '0')) END,
           '' ORDER BY i)
  FROM (SELECT i, get_byte(convert_to(string, 'UTF8'), i) AS b
        FROM generate_series(0, octet_length(convert_to(string, 'UTF8')) - 1) AS i) AS bytes
$fn$;

CREATE OR REPLACE FUNCTION net._encode_url_with_params_array(url text, params_array text[])
RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE
    WHEN coalesce(array_length(params_array, 1), 0) = 0 THEN url
    ELSE url || CASE WHEN position('?' IN url) > 0 THEN '&' ELSE '?' END || array_to_string(params_array, '&')
  END
$fn$;

CREATE OR REPLACE FUNCTION net.check_worker_is_up() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  -- There is no worker to check; requests are never sent.
  RETURN;
END
$fn$;

CREATE OR REPLACE FUNCTION net.worker_restart() RETURNS boolean LANGUAGE sql AS $fn$ SELECT true $fn$;
CREATE OR REPLACE FUNCTION net.wait_until_running() RETURNS void LANGUAGE sql AS $fn$ SELECT $fn$;
CREATE OR REPLACE FUNCTION net.wake() RETURNS void LANGUAGE sql AS $fn$ SELECT $fn$;

CREATE OR REPLACE FUNCTION net._await_response(request_id bigint)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
  -- Nothing will ever answer; do not block the caller.
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION net.http_get(
  url text,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{}'::jsonb,
  timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  request_id bigint;
BEGIN
  INSERT INTO net.http_request_queue (method, url, headers, timeout_milliseconds)
  VALUES ('GET',
          net._encode_url_with_params_array(url,
            ARRAY(SELECT net._urlencode_string(key) || '=' || net._urlencode_string(value)
                  FROM jsonb_each_text(coalesce(params, '{}'::jsonb)))),
          headers, timeout_milliseconds)
  RETURNING id INTO request_id;
  RETURN request_id;
END
$fn$;

CREATE OR REPLACE FUNCTION net.http_post(
  url text,
  body jsonb DEFAULT '{}'::jsonb,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  request_id bigint;
  content_type text;
BEGIN
  SELECT h.value INTO content_type
  FROM jsonb_each_text(coalesce(headers, '{}'::jsonb)) AS h
  WHERE lower(h.key) = 'content-type'
  LIMIT 1;
  IF content_type IS NULL THEN
    headers := coalesce(headers, '{}'::jsonb) || '{"Content-Type": "application/json"}'::jsonb;
  ELSIF content_type <> 'application/json' THEN
    RAISE EXCEPTION 'Content-Type header must be "application/json"';
  END IF;
  INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  VALUES ('POST',
          net._encode_url_with_params_array(url,
            ARRAY(SELECT net._urlencode_string(key) || '=' || net._urlencode_string(value)
                  FROM jsonb_each_text(coalesce(params, '{}'::jsonb)))),
          headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
  RETURNING id INTO request_id;
  RETURN request_id;
END
$fn$;

CREATE OR REPLACE FUNCTION net.http_delete(
  url text,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{}'::jsonb,
  timeout_milliseconds integer DEFAULT 5000,
  body jsonb DEFAULT NULL::jsonb
) RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  request_id bigint;
BEGIN
  INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  VALUES ('DELETE',
          net._encode_url_with_params_array(url,
            ARRAY(SELECT net._urlencode_string(key) || '=' || net._urlencode_string(value)
                  FROM jsonb_each_text(coalesce(params, '{}'::jsonb)))),
          headers, convert_to(body::text, 'UTF8'), timeout_milliseconds)
  RETURNING id INTO request_id;
  RETURN request_id;
END
$fn$;

CREATE OR REPLACE FUNCTION net._http_collect_response(request_id bigint, async boolean DEFAULT true)
RETURNS net.http_response_result LANGUAGE plpgsql AS $fn$
DECLARE
  rec net._http_response;
BEGIN
  SELECT * INTO rec FROM net._http_response r WHERE r.id = request_id;
  IF rec IS NULL OR rec.error_msg IS NOT NULL THEN
    RETURN ('ERROR', coalesce(rec.error_msg, 'request matching request_id not found'), NULL)::net.http_response_result;
  END IF;
  RETURN ('SUCCESS', 'ok', (rec.status_code, rec.headers, rec.content)::net.http_response)::net.http_response_result;
END
$fn$;

CREATE OR REPLACE FUNCTION net.http_collect_response(request_id bigint, async boolean DEFAULT true)
RETURNS net.http_response_result LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE NOTICE 'The net.http_collect_response function is deprecated.';
  RETURN net._http_collect_response(request_id, async);
END
$fn$;

-- As Supabase's grant_pg_net_access: the request functions run as their
-- owner with a fixed path, and only these roles may call them.
ALTER FUNCTION net.http_get(text, jsonb, jsonb, integer) SECURITY DEFINER;
ALTER FUNCTION net.http_post(text, jsonb, jsonb, jsonb, integer) SECURITY DEFINER;
ALTER FUNCTION net.http_delete(text, jsonb, jsonb, integer, jsonb) SECURITY DEFINER;
ALTER FUNCTION net.http_get(text, jsonb, jsonb, integer) SET search_path = net, pg_temp;
ALTER FUNCTION net.http_post(text, jsonb, jsonb, jsonb, integer) SET search_path = net, pg_temp;
ALTER FUNCTION net.http_delete(text, jsonb, jsonb, integer, jsonb) SET search_path = net, pg_temp;
REVOKE ALL ON FUNCTION net.http_get(text, jsonb, jsonb, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION net.http_post(text, jsonb, jsonb, jsonb, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION net.http_delete(text, jsonb, jsonb, integer, jsonb) FROM PUBLIC;
GRANT USAGE ON SCHEMA net TO supabase_functions_admin, postgres, anon, authenticated, service_role;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA net TO supabase_functions_admin, postgres, anon, authenticated, service_role;
-- Everything but TRIGGER, for the reason above.
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES ON ALL TABLES IN SCHEMA net TO supabase_functions_admin, postgres;
GRANT ALL ON ALL SEQUENCES IN SCHEMA net TO supabase_functions_admin, postgres;
