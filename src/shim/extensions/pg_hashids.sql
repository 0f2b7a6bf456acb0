-- schemagate emulation: pg_hashids 1.3 (iCyberon/pg_hashids, Hashids for
-- PostgreSQL). Every function of ext-api/pg_hashids/pg_hashids--1.3.sql
-- with its signature, computing the real Hashids algorithm (the hashids.c
-- port the extension links), in PL/pgSQL: the same ids as on Supabase, so
-- generated columns, defaults and seeds that store them agree.
-- schemagate: version=1.3

CREATE SCHEMA IF NOT EXISTS schemagate_emulation;
GRANT USAGE ON SCHEMA schemagate_emulation TO PUBLIC;

-- Hashids' consistent shuffle of p_alphabet by p_salt.
CREATE OR REPLACE FUNCTION schemagate_emulation.hashids_shuffle(p_alphabet text, p_salt text)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  chars text[] := regexp_split_to_array(p_alphabet, '');
  salt_len integer := length(p_salt);
  i integer;
  v integer := 0;
  p integer := 0;
  code integer;
  j integer;
  tmp text;
BEGIN
  IF salt_len = 0 THEN
    RETURN p_alphabet;
  END IF;
  i := cardinality(chars) - 1;
  WHILE i > 0 LOOP
    v := v % salt_len;
    code := ascii(substr(p_salt, v + 1, 1));
    p := p + code;
    j := (code + v + p) % i;
    tmp := chars[j + 1];
    chars[j + 1] := chars[i + 1];
    chars[i + 1] := tmp;
    i := i - 1;
    v := v + 1;
  END LOOP;
  RETURN array_to_string(chars, '');
END
$fn$;

-- The alphabet, separators and guards Hashids derives from salt and alphabet.
CREATE OR REPLACE FUNCTION schemagate_emulation.hashids_setup(
  p_salt text, p_alphabet text, OUT alphabet text, OUT seps text, OUT guards text)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  c text;
  unique_alphabet text := '';
  kept_seps text := '';
  seps_length integer;
  guard_count integer;
BEGIN
  FOREACH c IN ARRAY regexp_split_to_array(p_alphabet, '') LOOP
    IF strpos(unique_alphabet, c) = 0 THEN
      unique_alphabet := unique_alphabet || c;
    END IF;
  END LOOP;
  IF length(unique_alphabet) < 16 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'alphabet must contain at least 16 unique characters';
  END IF;
  IF strpos(unique_alphabet, ' ') > 0 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'alphabet must not contain spaces';
  END IF;
  -- Separators are the default ones the alphabet has; they leave the alphabet.
  FOREACH c IN ARRAY regexp_split_to_array('cfhistuCFHISTU', '') LOOP
    IF strpos(unique_alphabet, c) > 0 THEN
      kept_seps := kept_seps || c;
      unique_alphabet := replace(unique_alphabet, c, '');
    END IF;
  END LOOP;
  alphabet := unique_alphabet;
  seps := schemagate_emulation.hashids_shuffle(kept_seps, p_salt);
  IF length(seps) = 0 OR length(alphabet)::float8 / length(seps) > 3.5 THEN
    seps_length := ceil(length(alphabet)::float8 / 3.5)::integer;
    IF seps_length = 1 THEN
      seps_length := 2;
    END IF;
    IF seps_length > length(seps) THEN
      seps := seps || substr(alphabet, 1, seps_length - length(seps));
      alphabet := substr(alphabet, seps_length - length(kept_seps) + 1);
    ELSE
      seps := substr(seps, 1, seps_length);
    END IF;
  END IF;
  alphabet := schemagate_emulation.hashids_shuffle(alphabet, p_salt);
  guard_count := ceil(length(alphabet)::float8 / 12)::integer;
  IF length(alphabet) < 3 THEN
    guards := substr(seps, 1, guard_count);
    seps := substr(seps, guard_count + 1);
  ELSE
    guards := substr(alphabet, 1, guard_count);
    alphabet := substr(alphabet, guard_count + 1);
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.hashids_hash(p_number bigint, p_alphabet text)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  n integer := length(p_alphabet);
  result text := '';
BEGIN
  LOOP
    result := substr(p_alphabet, (p_number % n)::integer + 1, 1) || result;
    p_number := p_number / n;
    EXIT WHEN p_number = 0;
  END LOOP;
  RETURN result;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.hashids_encode(
  p_numbers bigint[], p_salt text, p_min_length integer, p_alphabet text)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  setup record;
  alphabet text;
  ids_int bigint := 0;
  lottery text;
  result text;
  last text;
  number bigint;
  i integer;
  guard_index integer;
  half integer;
  excess integer;
BEGIN
  IF cardinality(p_numbers) = 0 THEN
    RETURN '';
  END IF;
  IF EXISTS (SELECT FROM unnest(p_numbers) AS x WHERE x < 0) THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'hashids can only encode non-negative numbers';
  END IF;
  setup := schemagate_emulation.hashids_setup(p_salt, p_alphabet);
  alphabet := setup.alphabet;
  FOR i IN 1 .. cardinality(p_numbers) LOOP
    ids_int := ids_int + p_numbers[i] % (i - 1 + 100);
  END LOOP;
  lottery := substr(alphabet, (ids_int % length(alphabet))::integer + 1, 1);
  result := lottery;
  FOR i IN 1 .. cardinality(p_numbers) LOOP
    number := p_numbers[i];
    alphabet := schemagate_emulation.hashids_shuffle(alphabet, substr(lottery || p_salt || alphabet, 1, length(alphabet)));
    last := schemagate_emulation.hashids_hash(number, alphabet);
    result := result || last;
    IF i < cardinality(p_numbers) THEN
      number := number % (ascii(last) + i - 1);
      result := result || substr(setup.seps, (number % length(setup.seps))::integer + 1, 1);
    END IF;
  END LOOP;
  IF length(result) < p_min_length THEN
    guard_index := ((ids_int + ascii(result)) % length(setup.guards))::integer;
    result := substr(setup.guards, guard_index + 1, 1) || result;
    IF length(result) < p_min_length THEN
      guard_index := ((ids_int + ascii(substr(result, 3, 1))) % length(setup.guards))::integer;
      result := result || substr(setup.guards, guard_index + 1, 1);
    END IF;
  END IF;
  half := length(alphabet) / 2;
  WHILE length(result) < p_min_length LOOP
    alphabet := schemagate_emulation.hashids_shuffle(alphabet, alphabet);
    result := substr(alphabet, half + 1) || result || substr(alphabet, 1, half);
    excess := length(result) - p_min_length;
    IF excess > 0 THEN
      result := substr(result, excess / 2 + 1, p_min_length);
    END IF;
  END LOOP;
  RETURN result;
END
$fn$;

-- The numbers a hash encodes; empty when it is not a hash of these settings.
CREATE OR REPLACE FUNCTION schemagate_emulation.hashids_decode(
  p_hash text, p_salt text, p_min_length integer, p_alphabet text)
RETURNS bigint[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  setup record;
  alphabet text;
  parts text[];
  body text;
  lottery text;
  sub text;
  c text;
  number numeric;
  result bigint[] := '{}';
BEGIN
  IF p_hash = '' THEN
    RETURN result;
  END IF;
  setup := schemagate_emulation.hashids_setup(p_salt, p_alphabet);
  alphabet := setup.alphabet;
  parts := string_to_array(translate(p_hash, setup.guards, repeat(' ', length(setup.guards))), ' ');
  body := parts[CASE WHEN cardinality(parts) IN (2, 3) THEN 2 ELSE 1 END];
  IF coalesce(body, '') = '' THEN
    RETURN result;
  END IF;
  lottery := substr(body, 1, 1);
  body := substr(body, 2);
  FOREACH sub IN ARRAY string_to_array(translate(body, setup.seps, repeat(' ', length(setup.seps))), ' ') LOOP
    alphabet := schemagate_emulation.hashids_shuffle(alphabet, substr(lottery || p_salt || alphabet, 1, length(alphabet)));
    number := 0;
    FOREACH c IN ARRAY regexp_split_to_array(sub, '') LOOP
      IF strpos(alphabet, c) = 0 THEN
        RETURN '{}';
      END IF;
      number := number * length(alphabet) + strpos(alphabet, c) - 1;
    END LOOP;
    IF number > 9223372036854775807 THEN
      RETURN '{}';
    END IF;
    result := result || number::bigint;
  END LOOP;
  IF schemagate_emulation.hashids_encode(result, p_salt, p_min_length, p_alphabet) IS DISTINCT FROM p_hash THEN
    RETURN '{}';
  END IF;
  RETURN result;
END
$fn$;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA schemagate_emulation TO PUBLIC;

-- The extension's surface. Defaults as in pg_hashids: no salt, no minimum
-- length, Hashids' default alphabet.
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_encode(ARRAY[$1], '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint, text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_encode(ARRAY[$1], $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint, text, integer) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_encode(ARRAY[$1], $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint, text, integer, text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_encode(ARRAY[$1], $2, $3, $4) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint[]) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_encode($1, '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint[], text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_encode($1, $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint[], text, integer) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_encode($1, $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_encode(bigint[], text, integer, text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_encode($1, $2, $3, $4) $fn$;

CREATE OR REPLACE FUNCTION @extschema@.id_decode(text) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_decode($1, '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode(text, text) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_decode($1, $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode(text, text, integer) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_decode($1, $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode(text, text, integer, text) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $fn$ SELECT schemagate_emulation.hashids_decode($1, $2, $3, $4) $fn$;

CREATE OR REPLACE FUNCTION @extschema@.id_decode_once(text) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (@extschema@.id_decode($1))[1] $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode_once(text, text) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (@extschema@.id_decode($1, $2))[1] $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode_once(text, text, integer) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (@extschema@.id_decode($1, $2, $3))[1] $fn$;
CREATE OR REPLACE FUNCTION @extschema@.id_decode_once(text, text, integer, text) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (@extschema@.id_decode($1, $2, $3, $4))[1] $fn$;

-- Deprecated names the extension still ships.
CREATE OR REPLACE FUNCTION @extschema@.hash_encode(bigint) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT @extschema@.id_encode($1) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.hash_encode(bigint, text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT @extschema@.id_encode($1, $2) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.hash_encode(bigint, text, integer) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT @extschema@.id_encode($1, $2, $3) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.hash_decode(text, text, integer) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (@extschema@.id_decode($1, $2, $3))[1]::integer $fn$;
