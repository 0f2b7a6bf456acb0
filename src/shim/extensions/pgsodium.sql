-- schemagate stub: pgsodium (libsodium bindings, michelp/pgsodium 3.x).
-- Provides schema pgsodium, its roles (pgsodium_keyiduser <
-- pgsodium_keyholder < pgsodium_keymaker, granted to postgres as on
-- Supabase), the key table and valid_key view, create_key, and the
-- functions migrations most often call, with pgsodium's signatures.
-- NO REAL CRYPTOGRAPHY: the "ciphertext" of the aead/secretbox functions is
-- the plaintext, so that round trips work; random and hash functions use
-- built-ins (not cryptographically strong). Transparent column encryption
-- (SECURITY LABEL FOR pgsodium) cannot be emulated: it needs pgsodium's
-- label provider.
-- The control file fixes the schema to pgsodium.
-- schemagate: schema=pgsodium
-- schemagate: version=3.1.8


DO $stub$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['pgsodium_keyiduser', 'pgsodium_keyholder', 'pgsodium_keymaker'] LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) THEN
      -- Roles are cluster-wide: another database may be creating it now.
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN unique_violation OR duplicate_object THEN
        NULL;
      END;
    END IF;
  END LOOP;
  IF NOT pg_catalog.pg_has_role('pgsodium_keyholder', 'pgsodium_keyiduser', 'MEMBER') THEN
    GRANT pgsodium_keyiduser TO pgsodium_keyholder;
  END IF;
  IF NOT pg_catalog.pg_has_role('pgsodium_keymaker', 'pgsodium_keyholder', 'MEMBER') THEN
    GRANT pgsodium_keyholder TO pgsodium_keymaker;
  END IF;
  IF NOT pg_catalog.pg_has_role('postgres', 'pgsodium_keymaker', 'MEMBER') THEN
    GRANT pgsodium_keyiduser, pgsodium_keyholder, pgsodium_keymaker TO postgres WITH ADMIN OPTION;
  END IF;
  IF NOT pg_catalog.pg_has_role('service_role', 'pgsodium_keyholder', 'MEMBER') THEN
    GRANT pgsodium_keyholder TO service_role;
  END IF;
  IF to_regtype('pgsodium.key_status') IS NULL THEN
    CREATE TYPE pgsodium.key_status AS ENUM ('default', 'valid', 'invalid', 'expired');
  END IF;
  IF to_regtype('pgsodium.key_type') IS NULL THEN
    CREATE TYPE pgsodium.key_type AS ENUM ('aead-ietf', 'aead-det', 'hmacsha512', 'hmacsha256',
      'auth', 'shorthash', 'generichash', 'kdf', 'secretbox', 'secretstream', 'stream_xchacha20');
  END IF;
END
$stub$;

CREATE SEQUENCE IF NOT EXISTS pgsodium.key_key_id_seq;

CREATE TABLE IF NOT EXISTS pgsodium.key (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  status pgsodium.key_status DEFAULT 'valid'::pgsodium.key_status,
  created timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires timestamp with time zone,
  key_type pgsodium.key_type,
  key_id bigint DEFAULT nextval('pgsodium.key_key_id_seq'::regclass),
  key_context bytea DEFAULT '\x7067736f6469756d'::bytea,
  name text UNIQUE,
  associated_data text DEFAULT 'associated'::text,
  raw_key bytea,
  raw_key_nonce bytea,
  parent_key uuid REFERENCES pgsodium.key(id),
  comment text,
  user_data text
);

CREATE OR REPLACE VIEW pgsodium.valid_key AS
  SELECT k.id, k.name, k.status, k.key_type, k.key_id, k.key_context, k.created, k.expires, k.associated_data
  FROM pgsodium.key k
  WHERE k.status IN ('valid', 'default') AND (k.expires IS NULL OR k.expires > now());

CREATE OR REPLACE FUNCTION pgsodium.create_key(
  key_type pgsodium.key_type DEFAULT 'aead-det'::pgsodium.key_type,
  name text DEFAULT NULL::text,
  raw_key bytea DEFAULT NULL::bytea,
  raw_key_nonce bytea DEFAULT NULL::bytea,
  parent_key uuid DEFAULT NULL::uuid,
  key_context bytea DEFAULT '\x7067736f6469756d'::bytea,
  expires timestamp with time zone DEFAULT NULL::timestamp with time zone,
  associated_data text DEFAULT ''::text
) RETURNS pgsodium.valid_key LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  new_id uuid;
  result pgsodium.valid_key;
BEGIN
  INSERT INTO pgsodium.key (key_type, name, raw_key, raw_key_nonce, parent_key, key_context, expires, associated_data)
  VALUES (create_key.key_type, create_key.name, create_key.raw_key, create_key.raw_key_nonce,
          create_key.parent_key, create_key.key_context, create_key.expires, create_key.associated_data)
  RETURNING id INTO new_id;
  SELECT * INTO result FROM pgsodium.valid_key v WHERE v.id = new_id;
  RETURN result;
END
$fn$;

CREATE OR REPLACE FUNCTION pgsodium.randombytes_buf(size integer)
RETURNS bytea LANGUAGE sql VOLATILE AS $fn$
  SELECT decode(string_agg(lpad(to_hex((random() * 255)::int), 2, '0'), ''), 'hex')
  FROM generate_series(1, size)
$fn$;

CREATE OR REPLACE FUNCTION pgsodium.randombytes_random()
RETURNS integer LANGUAGE sql VOLATILE AS $fn$
  SELECT (random() * 2147483647)::integer
$fn$;

CREATE OR REPLACE FUNCTION pgsodium.randombytes_uniform(upper_bound integer)
RETURNS integer LANGUAGE sql VOLATILE AS $fn$
  SELECT floor(random() * upper_bound)::integer
$fn$;

CREATE OR REPLACE FUNCTION pgsodium.crypto_aead_det_noncegen()
RETURNS bytea LANGUAGE sql VOLATILE AS $fn$ SELECT pgsodium.randombytes_buf(16) $fn$;

CREATE OR REPLACE FUNCTION pgsodium.crypto_aead_ietf_noncegen()
RETURNS bytea LANGUAGE sql VOLATILE AS $fn$ SELECT pgsodium.randombytes_buf(12) $fn$;

CREATE OR REPLACE FUNCTION pgsodium.crypto_secretbox_noncegen()
RETURNS bytea LANGUAGE sql VOLATILE AS $fn$ SELECT pgsodium.randombytes_buf(24) $fn$;

-- Identity "encryption" (see header): pgsodium's signatures, each function
-- returning its first argument.
DO $stub$
DECLARE
  f record;
BEGIN
  FOR f IN
    SELECT name, args
    FROM (VALUES
      (ARRAY['crypto_aead_det_encrypt', 'crypto_aead_det_decrypt'], 'message bytea, additional bytea, key_uuid uuid'),
      (ARRAY['crypto_aead_det_encrypt', 'crypto_aead_det_decrypt'], 'message bytea, additional bytea, key_uuid uuid, nonce bytea'),
      (ARRAY['crypto_aead_det_encrypt', 'crypto_aead_det_decrypt'],
       'message bytea, additional bytea, key_id bigint, context bytea DEFAULT ''\x7067736f6469756d''::bytea, nonce bytea DEFAULT NULL::bytea'),
      (ARRAY['crypto_secretbox'], 'message bytea, nonce bytea, key_id bigint, context bytea DEFAULT ''\x7067736f6469756d''::bytea'),
      (ARRAY['crypto_secretbox', 'crypto_secretbox_open'], 'message bytea, nonce bytea, key_uuid uuid'),
      (ARRAY['crypto_secretbox_open'], 'ciphertext bytea, nonce bytea, key_id bigint, context bytea DEFAULT ''\x7067736f6469756d''::bytea'))
      AS signatures(names, args),
      unnest(names) AS name
  LOOP
    EXECUTE format('CREATE OR REPLACE FUNCTION pgsodium.%I(%s) RETURNS bytea LANGUAGE sql STABLE AS $fn$ SELECT %s $fn$',
                   f.name, f.args, split_part(f.args, ' ', 1));
  END LOOP;
END
$stub$;

CREATE OR REPLACE FUNCTION pgsodium.crypto_generichash(message bytea, key bytea DEFAULT NULL::bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $fn$
  SELECT sha256(coalesce(key, '') || message)
$fn$;
CREATE OR REPLACE FUNCTION pgsodium.crypto_hash_sha256(message bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $fn$ SELECT sha256(message) $fn$;
CREATE OR REPLACE FUNCTION pgsodium.crypto_hash_sha512(message bytea)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $fn$ SELECT sha512(message) $fn$;

GRANT USAGE ON SCHEMA pgsodium TO pgsodium_keyiduser, postgres, service_role;
GRANT SELECT ON pgsodium.valid_key TO pgsodium_keyiduser;
-- Not TRIGGER: create_key writes this table as a superuser.
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES ON pgsodium.key TO pgsodium_keymaker;
GRANT ALL ON SEQUENCE pgsodium.key_key_id_seq TO pgsodium_keymaker;
REVOKE ALL ON FUNCTION pgsodium.create_key(pgsodium.key_type, text, bytea, bytea, uuid, bytea, timestamp with time zone, text) FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgsodium TO pgsodium_keyiduser;
GRANT EXECUTE ON FUNCTION pgsodium.create_key(pgsodium.key_type, text, bytea, bytea, uuid, bytea, timestamp with time zone, text) TO pgsodium_keymaker;
