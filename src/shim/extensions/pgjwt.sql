-- schemagate stub: pgjwt (JSON Web Tokens in SQL, michelp/pgjwt 0.2.0 API).
-- A working implementation, not a placeholder: sign/verify use pgcrypto's
-- hmac, so tokens are real HS256/HS384/HS512 JWTs. Functions go to
-- @extschema@ (extensions on Supabase): url_encode, url_decode,
-- algorithm_sign, sign, try_cast_double, verify.
-- pgcrypto may live in any schema, so its location is looked up once here
-- and written into algorithm_sign.
-- schemagate: requires=pgcrypto
-- schemagate: version=0.2.0

CREATE OR REPLACE FUNCTION @extschema@.url_encode(data bytea)
RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  -- base64url without padding; encode() wraps lines every 76 characters.
  SELECT translate(encode(data, 'base64'), E'+/=\n', '-_')
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.url_decode(data text)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $fn$
  SELECT decode(
    translate(data, '-_', '+/') || repeat('=', (4 - length(data) % 4) % 4),
    'base64')
$fn$;

DO $stub$
DECLARE
  v_crypto text := (SELECT quote_ident(n.nspname)
                    FROM pg_catalog.pg_extension e
                    JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
                    WHERE e.extname = 'pgcrypto');
BEGIN
  IF v_crypto IS NULL THEN
    RAISE EXCEPTION 'pgjwt needs pgcrypto';
  END IF;
  EXECUTE format($ddl$
    CREATE OR REPLACE FUNCTION @extschema@.algorithm_sign(signables text, secret text, algorithm text)
    RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
      SELECT @extschema@.url_encode(%s.hmac(
        signables, secret,
        CASE algorithm
          WHEN 'HS256' THEN 'sha256'
          WHEN 'HS384' THEN 'sha384'
          WHEN 'HS512' THEN 'sha512'
          ELSE ''  -- hmac() rejects it, as pgjwt does
        END))
    $fn$
  $ddl$, v_crypto);
END
$stub$;

CREATE OR REPLACE FUNCTION @extschema@.sign(payload json, secret text, algorithm text DEFAULT 'HS256'::text)
RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
  SELECT parts || '.' || @extschema@.algorithm_sign(parts, secret, algorithm)
  FROM (
    SELECT @extschema@.url_encode(convert_to(json_build_object('alg', algorithm, 'typ', 'JWT')::text, 'utf8'))
           || '.' || @extschema@.url_encode(convert_to(payload::text, 'utf8')) AS parts
  ) AS signables
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.try_cast_double(inp text)
RETURNS double precision LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  RETURN inp::double precision;
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.verify(token text, secret text, algorithm text DEFAULT 'HS256'::text)
RETURNS TABLE(header json, payload json, valid boolean) LANGUAGE sql IMMUTABLE AS $fn$
  SELECT
    convert_from(@extschema@.url_decode(t.part[1]), 'utf8')::json,
    convert_from(@extschema@.url_decode(t.part[2]), 'utf8')::json,
    t.part[3] = @extschema@.algorithm_sign(t.part[1] || '.' || t.part[2], secret, algorithm)
      AND tstzrange(
            to_timestamp(@extschema@.try_cast_double(convert_from(@extschema@.url_decode(t.part[2]), 'utf8')::json ->> 'nbf')),
            to_timestamp(@extschema@.try_cast_double(convert_from(@extschema@.url_decode(t.part[2]), 'utf8')::json ->> 'exp'))
          ) @> CURRENT_TIMESTAMP
  FROM (SELECT regexp_split_to_array(token, '\.') AS part) AS t
$fn$;
