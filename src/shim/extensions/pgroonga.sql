-- schemagate emulation: pgroonga 3.2.5 (full-text search for all
-- languages, Groonga-backed; no Debian package). Provides the pgroonga
-- index access method with the default operator classes for text,
-- varchar, text[], jsonb and the scalar types, the v2 search operators on
-- text, varchar and text[] (&@ keyword match, &@~ query, &@| / &@~| any of,
-- &^ prefix, &^| any prefix, &~ regular expression, &= / &=~ equality,
-- legacy %% and @@) and the common functions (pgroonga_score,
-- pgroonga_snippet_html, pgroonga_highlight_html,
-- pgroonga_query_extract_keywords, pgroonga_normalize, pgroonga_command).
-- Matching is computed in SQL: case-insensitive and NFKC-normalised like
-- Groonga's NormalizerAuto; queries support AND (space), OR, -exclusion
-- and "phrases"; there is no tokenizer, stemming or scoring
-- (pgroonga_score is 0), and the index (PostgreSQL's hash index behind
-- it, options such as tokenizer accepted and left out) never serves a
-- search. pgroonga_command raises: there is no Groonga.
-- schemagate: version=3.2.5

CREATE SCHEMA IF NOT EXISTS pgroonga;
GRANT USAGE ON SCHEMA pgroonga TO PUBLIC;

CREATE OR REPLACE FUNCTION @extschema@.pgroonga_normalize(target text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT lower(normalize($1, NFKC)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_normalize(target text, normalizer text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT lower(normalize($1, NFKC)) $fn$;

-- The terms of a Groonga query: '"a phrase"', 'word', 'OR', '-word'.
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_query_extract_keywords(query text, index_name text DEFAULT '') RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT coalesce(array_agg(t ORDER BY n), '{}')
  FROM (SELECT replace(m[1], '"', '') AS t, n
        FROM regexp_matches($1, '("[^"]*"|[^\s()]+)', 'g') WITH ORDINALITY AS r(m, n)) AS terms
  WHERE t <> 'OR' AND t NOT LIKE '-%' AND t <> ''
$fn$;

-- Groonga's query syntax, evaluated left to right as Groonga does: terms
-- joined by AND (a space), OR, or "-" (AND NOT); "double quoted phrases".
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_query_match(target text, query text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  v_target text := @extschema@.pgroonga_normalize(target);
  v_term text;
  v_hit boolean;
  v_or boolean := false;
  v_result boolean;
BEGIN
  FOR v_term IN SELECT m[1] FROM regexp_matches(query, '("[^"]*"|[^\s]+)', 'g') AS r(m) LOOP
    IF v_term = 'OR' THEN
      v_or := true;
      CONTINUE;
    END IF;
    IF v_term LIKE '-%' AND length(v_term) > 1 THEN
      v_hit := strpos(v_target, @extschema@.pgroonga_normalize(replace(substr(v_term, 2), '"', ''))) > 0;
      v_result := coalesce(v_result, true) AND NOT v_hit;
    ELSE
      v_hit := strpos(v_target, @extschema@.pgroonga_normalize(replace(v_term, '"', ''))) > 0;
      v_result := CASE WHEN v_result IS NULL THEN v_hit WHEN v_or THEN v_result OR v_hit ELSE v_result AND v_hit END;
    END IF;
    v_or := false;
  END LOOP;
  RETURN coalesce(v_result, false);
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.pgroonga_match_text_v2(target text, term text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT strpos(@extschema@.pgroonga_normalize($1), @extschema@.pgroonga_normalize($2)) > 0 $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_match_text_array_v2(targets text[], term text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT EXISTS (SELECT FROM unnest($1) AS t WHERE @extschema@.pgroonga_match_text_v2(t, $2)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_query_text_v2(target text, query text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT @extschema@.pgroonga_query_match($1, $2) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_query_text_array_v2(targets text[], query text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT EXISTS (SELECT FROM unnest($1) AS t WHERE @extschema@.pgroonga_query_match(t, $2)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_match_in_text(target text, keywords text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT EXISTS (SELECT FROM unnest($2) AS k WHERE @extschema@.pgroonga_match_text_v2($1, k)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_query_in_text(target text, queries text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT EXISTS (SELECT FROM unnest($2) AS q WHERE @extschema@.pgroonga_query_match($1, q)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_prefix_text(target text, prefix text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT starts_with(@extschema@.pgroonga_normalize($1), @extschema@.pgroonga_normalize($2)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_prefix_in_text(target text, prefixes text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT EXISTS (SELECT FROM unnest($2) AS p WHERE @extschema@.pgroonga_prefix_text($1, p)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_regexp_text(target text, pattern text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT $1 ~* $2 $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_equal_text(target text, other text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT $1 = $2 $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_equal_query_text(target text, query text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT EXISTS (SELECT FROM unnest(@extschema@.pgroonga_query_extract_keywords($2)) AS k
                 WHERE @extschema@.pgroonga_normalize($1) = @extschema@.pgroonga_normalize(k)) $fn$;

CREATE OR REPLACE FUNCTION @extschema@.pgroonga_score(tableoid oid, ctid tid) RETURNS double precision
  LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $fn$ SELECT 0::double precision $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_score("row" record) RETURNS double precision
  LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $fn$ BEGIN RETURN 0; END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_highlight_html(target text, keywords text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
  v_result text := replace(replace(replace(target, '&', '&amp;'), '<', '&lt;'), '>', '&gt;');
  v_keyword text;
BEGIN
  FOREACH v_keyword IN ARRAY keywords LOOP
    CONTINUE WHEN v_keyword = '';
    v_result := regexp_replace(v_result, '(' || regexp_replace(v_keyword, '([!$()*+.:<=>?[\\\]^{|}-])', '\\\1', 'g') || ')',
                               '<span class="keyword">\1</span>', 'gi');
  END LOOP;
  RETURN v_result;
END
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_snippet_html(target text, keywords text[], width integer DEFAULT 200) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT CASE WHEN @extschema@.pgroonga_match_in_text($1, $2)
              THEN ARRAY[@extschema@.pgroonga_highlight_html(left($1, $3), $2)] ELSE '{}'::text[] END $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_command(groonga_command text) RETURNS text
  LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = 'pgroonga_command: pgroonga is emulated by schemagate and has no Groonga',
    HINT = 'check against Supabase''s own image (--postgres docker) to run Groonga commands';
END
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_command(groonga_command text, arguments text[]) RETURNS text
  LANGUAGE sql AS $fn$ SELECT @extschema@.pgroonga_command($1) $fn$;

-- The access method: PostgreSQL's hash index (see vector.sql).
CREATE OR REPLACE FUNCTION @extschema@.pgroonga_handler(internal) RETURNS index_am_handler
  LANGUAGE internal AS 'hashhandler';

DO $ddl$
DECLARE
  v_op record;
  v_class record;
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_am WHERE amname = 'pgroonga') THEN
    CREATE ACCESS METHOD pgroonga TYPE INDEX HANDLER @extschema@.pgroonga_handler;
  END IF;
  FOR v_op IN SELECT * FROM (VALUES
      ('&@', 'text', 'text', 'pgroonga_match_text_v2'),
      ('&@', 'text[]', 'text', 'pgroonga_match_text_array_v2'),
      ('&@~', 'text', 'text', 'pgroonga_query_text_v2'),
      ('&@~', 'text[]', 'text', 'pgroonga_query_text_array_v2'),
      ('%%', 'text', 'text', 'pgroonga_match_text_v2'),
      ('@@', 'text', 'text', 'pgroonga_query_text_v2'),
      ('&@|', 'text', 'text[]', 'pgroonga_match_in_text'),
      ('&@~|', 'text', 'text[]', 'pgroonga_query_in_text'),
      ('&^', 'text', 'text', 'pgroonga_prefix_text'),
      ('&^|', 'text', 'text[]', 'pgroonga_prefix_in_text'),
      ('&~', 'text', 'text', 'pgroonga_regexp_text'),
      ('&=', 'text', 'text', 'pgroonga_equal_text'),
      ('&=~', 'text', 'text', 'pgroonga_equal_query_text')) AS o(name, l, r, fn)
  LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator
                   WHERE oid = to_regoperator(format('@extschema@.%s(%s,%s)', v_op.name, v_op.l, v_op.r)) AND oprcode <> 0) THEN
      EXECUTE format('CREATE OPERATOR @extschema@.%s (LEFTARG = %s, RIGHTARG = %s, PROCEDURE = @extschema@.%I, RESTRICT = contsel, JOIN = contjoinsel)',
                     v_op.name, v_op.l, v_op.r, v_op.fn);
    END IF;
  END LOOP;
  -- Operator classes: (name, type, default, equality operator, hash function).
  FOR v_class IN SELECT * FROM (VALUES
      ('pgroonga_text_full_text_search_ops_v2', 'text', true, '=(text,text)', 'hashtext(text)'),
      ('pgroonga_text_term_search_ops_v2', 'text', false, '=(text,text)', 'hashtext(text)'),
      ('pgroonga_text_regexp_ops_v2', 'text', false, '=(text,text)', 'hashtext(text)'),
      ('pgroonga_varchar_full_text_search_ops_v2', 'varchar', false, '=(text,text)', 'hashtext(text)'),
      ('pgroonga_varchar_term_search_ops_v2', 'varchar', true, '=(text,text)', 'hashtext(text)'),
      ('pgroonga_text_array_full_text_search_ops_v2', 'text[]', true, '=(anyarray,anyarray)', 'hash_array(anyarray)'),
      ('pgroonga_text_array_term_search_ops_v2', 'text[]', false, '=(anyarray,anyarray)', 'hash_array(anyarray)'),
      ('pgroonga_jsonb_ops_v2', 'jsonb', true, '=(jsonb,jsonb)', 'jsonb_hash(jsonb)'),
      ('pgroonga_bool_ops', 'bool', true, '=(bool,bool)', 'hashchar("char")'),
      ('pgroonga_int2_ops', 'int2', true, '=(int2,int2)', 'hashint2(int2)'),
      ('pgroonga_int4_ops', 'int4', true, '=(int4,int4)', 'hashint4(int4)'),
      ('pgroonga_int8_ops', 'int8', true, '=(int8,int8)', 'hashint8(int8)'),
      ('pgroonga_float4_ops', 'float4', true, '=(float4,float4)', 'hashfloat4(float4)'),
      ('pgroonga_float8_ops', 'float8', true, '=(float8,float8)', 'hashfloat8(float8)'),
      ('pgroonga_timestamp_ops', 'timestamp', true, '=(timestamp,timestamp)', 'timestamp_hash(timestamp)'),
      ('pgroonga_timestamptz_ops', 'timestamptz', true, '=(timestamptz,timestamptz)', 'timestamp_hash(timestamp)'),
      ('pgroonga_uuid_ops', 'uuid', true, '=(uuid,uuid)', 'uuid_hash(uuid)')) AS c(name, typ, dflt, eq, hash)
  LOOP
    CONTINUE WHEN v_class.typ = 'bool';  -- no hash function takes bool directly
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                   WHERE c.opcname = v_class.name AND a.amname = 'pgroonga') THEN
      EXECUTE format('CREATE OPERATOR CLASS @extschema@.%I %sFOR TYPE %s USING pgroonga AS OPERATOR 1 pg_catalog.%s, FUNCTION 1 pg_catalog.%s',
                     v_class.name, CASE WHEN v_class.dflt THEN 'DEFAULT ' ELSE '' END, v_class.typ, v_class.eq, v_class.hash);
    END IF;
  END LOOP;
END
$ddl$;
