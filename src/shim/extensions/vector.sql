-- schemagate emulation: vector (pgvector 0.8.0, the extension behind
-- Supabase's AI and vector features). PostgreSQL 15 on Debian has no
-- pgvector package, so its SQL surface (ext-api/vector/sql/vector.sql) is
-- rebuilt here on plain PostgreSQL:
--   * types vector, halfvec and sparsevec with their type modifiers
--     (`vector(1536)`: the dimension count, checked on assignment as
--     pgvector does) and literal formats ('[1,2,3]', '{1:1.5,3:2}/5');
--     vector and halfvec keep their text in json's storage (json's input
--     function checks the syntax), sparsevec in text's;
--   * every function, operator (<-> <#> <=> <+> <~> <%>, + - * ||,
--     comparisons), cast and aggregate (avg, sum) of pgvector, computed in
--     SQL over real[] (halfvec values are not rounded to 16-bit floats);
--   * the hnsw and ivfflat index access methods with every operator class
--     (vector_l2_ops, vector_ip_ops, vector_cosine_ops, vector_l1_ops,
--     halfvec_*, sparsevec_*, bit_hamming_ops, bit_jaccard_ops). Their
--     handler is PostgreSQL's hash index: the index is built and kept up to
--     date, but it never serves a nearest-neighbour search, so
--     `order by embedding <=> $1` scans and sorts and returns exact results
--     (pgvector's are approximate). Index options (m, ef_construction,
--     lists) are checked against pgvector's limits by
--     schemagate_shim.emulated_index_options and then left out.
-- Differences from pgvector: malformed literals fail with json's message;
-- a bare `vector` (no dimensions) column accepts any JSON array of numbers
-- until it is used.
-- schemagate: version=0.8.0

CREATE SCHEMA IF NOT EXISTS schemagate_emulation;
GRANT USAGE ON SCHEMA schemagate_emulation TO PUBLIC;

-- Helpers: parse and print the text forms, in one place.
CREATE OR REPLACE FUNCTION schemagate_emulation.vec_check(a real[], p_type text)
RETURNS real[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
BEGIN
  IF coalesce(cardinality(a), 0) < 1 THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = format('%s must have at least 1 dimension', p_type);
  END IF;
  IF cardinality(a) > 16000 THEN
    RAISE EXCEPTION USING ERRCODE = '54000', MESSAGE = format('%s cannot have more than 16000 dimensions', p_type);
  END IF;
  IF array_position(a, 'NaN'::real) IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = format('NaN not allowed in %s', p_type);
  END IF;
  IF array_position(a, 'Infinity'::real) IS NOT NULL OR array_position(a, '-Infinity'::real) IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = format('infinite value not allowed in %s', p_type);
  END IF;
  IF array_position(a, NULL) IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'array must not contain nulls';
  END IF;
  RETURN a;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.vec_parse(p_text text, p_type text)
RETURNS real[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
BEGIN
  IF p_text !~ '^\s*\[[^][{}"]*\]\s*$' THEN
    RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('invalid input syntax for type %s: "%s"', p_type, p_text);
  END IF;
  RETURN schemagate_emulation.vec_check(translate(p_text, '[]', '{}')::real[], p_type);
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.vec_text(a real[])
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT '[' || pg_catalog.array_to_string(a, ',') || ']'
$fn$;

-- sparsevec: '{index:value,...}/dimensions', indices from 1.
CREATE OR REPLACE FUNCTION schemagate_emulation.sparse_parse(p_text text)
RETURNS real[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  m text[];
  dims integer;
  a real[];
  pair text;
  idx integer;
  last integer := 0;
BEGIN
  m := regexp_match(p_text, '^\s*\{([^{}]*)\}\s*/\s*([0-9]+)\s*$');
  IF m IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('invalid input syntax for type sparsevec: "%s"', p_text);
  END IF;
  dims := m[2]::integer;
  IF dims < 1 THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = 'sparsevec must have at least 1 dimension';
  END IF;
  IF dims > 1000000000 THEN
    RAISE EXCEPTION USING ERRCODE = '54000', MESSAGE = 'sparsevec cannot have more than 1000000000 dimensions';
  END IF;
  a := array_fill(0::real, ARRAY[dims]);
  IF btrim(m[1]) <> '' THEN
    FOREACH pair IN ARRAY string_to_array(m[1], ',') LOOP
      IF pair !~ '^\s*[0-9]+\s*:\s*\S+\s*$' THEN
        RAISE EXCEPTION USING ERRCODE = '22P02', MESSAGE = format('invalid input syntax for type sparsevec: "%s"', p_text);
      END IF;
      idx := split_part(pair, ':', 1)::integer;
      IF idx < 1 OR idx > dims THEN
        RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = 'sparsevec index out of bounds';
      END IF;
      IF idx <= last THEN
        RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = 'sparsevec indices must not contain duplicates';
      END IF;
      last := idx;
      a[idx] := btrim(split_part(pair, ':', 2))::real;
    END LOOP;
  END IF;
  IF array_position(a, 'NaN'::real) IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = 'NaN not allowed in sparsevec';
  END IF;
  IF array_position(a, 'Infinity'::real) IS NOT NULL OR array_position(a, '-Infinity'::real) IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = 'infinite value not allowed in sparsevec';
  END IF;
  RETURN a;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.sparse_text(a real[])
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT '{' || coalesce(pg_catalog.string_agg(i || ':' || x, ',' ORDER BY i), '') || '}/' || pg_catalog.cardinality(a)
  FROM pg_catalog.unnest(a) WITH ORDINALITY AS t(x, i)
  WHERE x <> 0
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.same_dims(a real[], b real[], p_type text)
RETURNS void LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
BEGIN
  IF cardinality(a) <> cardinality(b) THEN
    RAISE EXCEPTION USING ERRCODE = '22000',
      MESSAGE = format('different %s dimensions %s and %s', p_type, cardinality(a), cardinality(b));
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.l2(a real[], b real[], p_type text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT schemagate_emulation.same_dims(a, b, p_type);
  SELECT pg_catalog.sqrt(pg_catalog.sum((x::float8 - y::float8) ^ 2)) FROM unnest(a, b) AS t(x, y)
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.l2_squared(a real[], b real[], p_type text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT schemagate_emulation.same_dims(a, b, p_type);
  SELECT pg_catalog.sum((x::float8 - y::float8) ^ 2) FROM unnest(a, b) AS t(x, y)
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.dot(a real[], b real[], p_type text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT schemagate_emulation.same_dims(a, b, p_type);
  SELECT pg_catalog.sum(x::float8 * y::float8) FROM unnest(a, b) AS t(x, y)
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.cosine(a real[], b real[], p_type text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT schemagate_emulation.same_dims(a, b, p_type);
  SELECT CASE WHEN na = 0 OR nb = 0 THEN 'NaN'::float8
              ELSE 1 - greatest(-1::float8, least(1::float8, d / pg_catalog.sqrt(na * nb))) END
  FROM (SELECT pg_catalog.sum(x::float8 * y::float8) AS d, pg_catalog.sum(x::float8 * x::float8) AS na,
               pg_catalog.sum(y::float8 * y::float8) AS nb
        FROM unnest(a, b) AS t(x, y)) AS s
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.l1(a real[], b real[], p_type text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT schemagate_emulation.same_dims(a, b, p_type);
  SELECT pg_catalog.sum(pg_catalog.abs(x::float8 - y::float8)) FROM unnest(a, b) AS t(x, y)
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.norm(a real[])
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT pg_catalog.sqrt(pg_catalog.sum(x::float8 * x::float8)) FROM pg_catalog.unnest(a) AS t(x)
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.normalize(a real[])
RETURNS real[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT CASE WHEN n = 0 THEN a
              ELSE (SELECT pg_catalog.array_agg((x / n)::real ORDER BY i) FROM pg_catalog.unnest(a) WITH ORDINALITY AS t(x, i)) END
  FROM (SELECT schemagate_emulation.norm(a) AS n) AS s
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.elementwise(a real[], b real[], p_op text, p_type text)
RETURNS real[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  r real[];
BEGIN
  PERFORM schemagate_emulation.same_dims(a, b, p_type);
  SELECT array_agg(CASE p_op WHEN '+' THEN x + y WHEN '-' THEN x - y ELSE x * y END ORDER BY i)
  INTO r FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i);
  IF array_position(r, 'Infinity'::real) IS NOT NULL OR array_position(r, '-Infinity'::real) IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22003', MESSAGE = 'value out of range: overflow';
  END IF;
  RETURN r;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.subarray(a real[], p_start integer, p_count integer, p_type text)
RETURNS real[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  s integer := greatest(p_start, 1);
  e integer := least(p_start::bigint + p_count - 1, cardinality(a))::integer;
BEGIN
  IF p_count < 1 OR e < s THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = format('%s must have at least 1 dimension', p_type);
  END IF;
  RETURN a[s:e];
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.quantize(a real[])
RETURNS bit varying LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT pg_catalog.string_agg(CASE WHEN x > 0 THEN '1' ELSE '0' END, '' ORDER BY i)::bit varying
  FROM pg_catalog.unnest(a) WITH ORDINALITY AS t(x, i)
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.accum(state float8[], a real[], p_type text)
RETURNS float8[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
BEGIN
  IF cardinality(state) = 1 THEN
    RETURN ARRAY[state[1] + 1] || a::float8[];
  END IF;
  IF cardinality(state) - 1 <> cardinality(a) THEN
    RAISE EXCEPTION USING ERRCODE = '22000',
      MESSAGE = format('expected %s dimensions, not %s', cardinality(state) - 1, cardinality(a));
  END IF;
  RETURN ARRAY[state[1] + 1] || (SELECT array_agg(s + x ORDER BY i)
                                  FROM unnest(state[2:], a) WITH ORDINALITY AS t(s, x, i));
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.combine(s1 float8[], s2 float8[])
RETURNS float8[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
BEGIN
  IF cardinality(s1) = 1 THEN RETURN s2; END IF;
  IF cardinality(s2) = 1 THEN RETURN s1; END IF;
  IF cardinality(s1) <> cardinality(s2) THEN
    RAISE EXCEPTION USING ERRCODE = '22000',
      MESSAGE = format('expected %s dimensions, not %s', cardinality(s1) - 1, cardinality(s2) - 1);
  END IF;
  RETURN (SELECT array_agg(x + y ORDER BY i) FROM unnest(s1, s2) WITH ORDINALITY AS t(x, y, i));
END
$fn$;

-- The sum (p_avg false) or mean of the accumulated vectors; NULL for none.
CREATE OR REPLACE FUNCTION schemagate_emulation.finish(state float8[], p_avg boolean)
RETURNS real[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT CASE WHEN state[1] = 0 THEN NULL
              ELSE (SELECT pg_catalog.array_agg((CASE WHEN p_avg THEN x / state[1] ELSE x END)::real ORDER BY i)
                    FROM pg_catalog.unnest(state[2:]) WITH ORDINALITY AS t(x, i)) END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.with_dims(a real[], p_typmod integer, p_type text)
RETURNS real[] LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
BEGIN
  IF p_typmod > 0 AND cardinality(a) <> p_typmod THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = format('expected %s dimensions, not %s', p_typmod, cardinality(a));
  END IF;
  RETURN a;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.typmod_in(p_mods cstring[], p_type text, p_max integer)
RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  n integer;
BEGIN
  IF cardinality(p_mods) <> 1 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid type modifier';
  END IF;
  n := p_mods[1]::text::integer;
  IF n < 1 THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('dimensions for type %s must be at least 1', p_type);
  END IF;
  IF n > p_max THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = format('dimensions for type %s cannot exceed %s', p_type, p_max);
  END IF;
  RETURN n;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.hamming(a bit varying, b bit varying)
RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
BEGIN
  IF length(a) <> length(b) THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = format('different bit lengths %s and %s', length(a), length(b));
  END IF;
  RETURN length(replace((a # b)::text, '0', ''));
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.jaccard(a bit varying, b bit varying)
RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $fn$
DECLARE
  inter float8;
  ca float8;
  cb float8;
BEGIN
  IF length(a) <> length(b) THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = format('different bit lengths %s and %s', length(a), length(b));
  END IF;
  inter := length(replace((a & b)::text, '0', ''));
  ca := length(replace(a::text, '0', ''));
  cb := length(replace(b::text, '0', ''));
  IF ca + cb - inter = 0 THEN
    RETURN 1;
  END IF;
  RETURN 1 - inter / (ca + cb - inter);
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_emulation.bit_hash(bit)
RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT pg_catalog.hashtext($1::text)
$fn$;

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA schemagate_emulation TO PUBLIC;

-- The index access methods: PostgreSQL's hash index stands in (see above).
CREATE OR REPLACE FUNCTION @extschema@.ivfflathandler(internal) RETURNS index_am_handler
  LANGUAGE internal AS 'hashhandler';
CREATE OR REPLACE FUNCTION @extschema@.hnswhandler(internal) RETURNS index_am_handler
  LANGUAGE internal AS 'hashhandler';
DO $am$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_am WHERE amname = 'ivfflat') THEN
    CREATE ACCESS METHOD ivfflat TYPE INDEX HANDLER @extschema@.ivfflathandler;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_am WHERE amname = 'hnsw') THEN
    CREATE ACCESS METHOD hnsw TYPE INDEX HANDLER @extschema@.hnswhandler;
  END IF;
END
$am$;
-- ---------------------------------------------------------------- vector
DO $type$
BEGIN
  IF to_regtype('@extschema@.vector') IS NULL THEN
    CREATE TYPE @extschema@.vector;
    CREATE FUNCTION @extschema@.vector_in(cstring, oid, integer) RETURNS @extschema@.vector
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'json_in';
    CREATE FUNCTION @extschema@.vector_out(@extschema@.vector) RETURNS cstring
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'json_out';
    CREATE FUNCTION @extschema@.vector_recv(internal, oid, integer) RETURNS @extschema@.vector
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'json_recv';
    CREATE FUNCTION @extschema@.vector_send(@extschema@.vector) RETURNS bytea
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'json_send';
    CREATE FUNCTION @extschema@.vector_typmod_in(cstring[]) RETURNS integer
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.typmod_in($1, 'vector', 16000) $fn$;
    CREATE FUNCTION @extschema@.vector_typmod_out(integer) RETURNS cstring
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'bittypmodout';
    CREATE TYPE @extschema@.vector (
      INPUT = @extschema@.vector_in, OUTPUT = @extschema@.vector_out,
      RECEIVE = @extschema@.vector_recv, SEND = @extschema@.vector_send,
      TYPMOD_IN = @extschema@.vector_typmod_in, TYPMOD_OUT = @extschema@.vector_typmod_out,
      INTERNALLENGTH = VARIABLE, STORAGE = extended, ALIGNMENT = int);
  END IF;
END
$type$;
CREATE OR REPLACE FUNCTION @extschema@.vector(a @extschema@.vector, typmod integer, explicit boolean) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_parse(a::text, 'vector'), typmod, 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l2_distance(@extschema@.vector, @extschema@.vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l2(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.inner_product(@extschema@.vector, @extschema@.vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.dot(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.cosine_distance(@extschema@.vector, @extschema@.vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.cosine(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l1_distance(@extschema@.vector, @extschema@.vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l1(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_l2_squared_distance(@extschema@.vector, @extschema@.vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l2_squared(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_negative_inner_product(@extschema@.vector, @extschema@.vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT -schemagate_emulation.dot(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_spherical_distance(@extschema@.vector, @extschema@.vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.acos(greatest(-1::float8, least(1::float8, schemagate_emulation.dot(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), 'vector')))) / pg_catalog.pi() $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_dims(@extschema@.vector) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.cardinality(schemagate_emulation.vec_parse($1::text, 'vector')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_norm(@extschema@.vector) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.norm(schemagate_emulation.vec_parse($1::text, 'vector')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l2_normalize(@extschema@.vector) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.normalize(schemagate_emulation.vec_parse($1::text, 'vector'))))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.binary_quantize(@extschema@.vector) RETURNS bit
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.quantize(schemagate_emulation.vec_parse($1::text, 'vector')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.subvector(@extschema@.vector, integer, integer) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.subarray(schemagate_emulation.vec_parse($1::text, 'vector'), $2, $3, 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_add(@extschema@.vector, @extschema@.vector) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.elementwise(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), '+', 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_sub(@extschema@.vector, @extschema@.vector) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.elementwise(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), '-', 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_mul(@extschema@.vector, @extschema@.vector) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.elementwise(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector'), '*', 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_concat(@extschema@.vector, @extschema@.vector) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.vec_check(schemagate_emulation.vec_parse($1::text, 'vector') || schemagate_emulation.vec_parse($2::text, 'vector'), 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_lt(@extschema@.vector, @extschema@.vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'vector') < schemagate_emulation.vec_parse($2::text, 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_le(@extschema@.vector, @extschema@.vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'vector') <= schemagate_emulation.vec_parse($2::text, 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_eq(@extschema@.vector, @extschema@.vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'vector') = schemagate_emulation.vec_parse($2::text, 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_ne(@extschema@.vector, @extschema@.vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'vector') <> schemagate_emulation.vec_parse($2::text, 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_ge(@extschema@.vector, @extschema@.vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'vector') >= schemagate_emulation.vec_parse($2::text, 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_gt(@extschema@.vector, @extschema@.vector) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'vector') > schemagate_emulation.vec_parse($2::text, 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_cmp(@extschema@.vector, @extschema@.vector) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.btarraycmp(schemagate_emulation.vec_parse($1::text, 'vector'), schemagate_emulation.vec_parse($2::text, 'vector')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_hash(@extschema@.vector) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.hash_array(schemagate_emulation.vec_parse($1::text, 'vector')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_accum(double precision[], @extschema@.vector) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.accum($1, schemagate_emulation.vec_parse($2::text, 'vector'), 'vector') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_combine(double precision[], double precision[]) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.combine($1, $2) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_avg(double precision[]) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.finish($1, true)))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_sum_final(double precision[]) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.finish($1, false)))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_vector(integer[], integer, boolean) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'vector'), $2, 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_vector(real[], integer, boolean) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'vector'), $2, 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_vector(double precision[], integer, boolean) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'vector'), $2, 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_vector(numeric[], integer, boolean) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'vector'), $2, 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_to_float4(@extschema@.vector, integer, boolean) RETURNS real[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'vector') $fn$;
-- ---------------------------------------------------------------- halfvec
DO $type$
BEGIN
  IF to_regtype('@extschema@.halfvec') IS NULL THEN
    CREATE TYPE @extschema@.halfvec;
    CREATE FUNCTION @extschema@.halfvec_in(cstring, oid, integer) RETURNS @extschema@.halfvec
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'json_in';
    CREATE FUNCTION @extschema@.halfvec_out(@extschema@.halfvec) RETURNS cstring
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'json_out';
    CREATE FUNCTION @extschema@.halfvec_recv(internal, oid, integer) RETURNS @extschema@.halfvec
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'json_recv';
    CREATE FUNCTION @extschema@.halfvec_send(@extschema@.halfvec) RETURNS bytea
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'json_send';
    CREATE FUNCTION @extschema@.halfvec_typmod_in(cstring[]) RETURNS integer
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.typmod_in($1, 'halfvec', 16000) $fn$;
    CREATE FUNCTION @extschema@.halfvec_typmod_out(integer) RETURNS cstring
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'bittypmodout';
    CREATE TYPE @extschema@.halfvec (
      INPUT = @extschema@.halfvec_in, OUTPUT = @extschema@.halfvec_out,
      RECEIVE = @extschema@.halfvec_recv, SEND = @extschema@.halfvec_send,
      TYPMOD_IN = @extschema@.halfvec_typmod_in, TYPMOD_OUT = @extschema@.halfvec_typmod_out,
      INTERNALLENGTH = VARIABLE, STORAGE = extended, ALIGNMENT = int);
  END IF;
END
$type$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec(a @extschema@.halfvec, typmod integer, explicit boolean) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_parse(a::text, 'halfvec'), typmod, 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l2_distance(@extschema@.halfvec, @extschema@.halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l2(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.inner_product(@extschema@.halfvec, @extschema@.halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.dot(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.cosine_distance(@extschema@.halfvec, @extschema@.halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.cosine(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l1_distance(@extschema@.halfvec, @extschema@.halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l1(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_l2_squared_distance(@extschema@.halfvec, @extschema@.halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l2_squared(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_negative_inner_product(@extschema@.halfvec, @extschema@.halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT -schemagate_emulation.dot(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_spherical_distance(@extschema@.halfvec, @extschema@.halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.acos(greatest(-1::float8, least(1::float8, schemagate_emulation.dot(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec')))) / pg_catalog.pi() $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_dims(@extschema@.halfvec) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.cardinality(schemagate_emulation.vec_parse($1::text, 'halfvec')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l2_norm(@extschema@.halfvec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.norm(schemagate_emulation.vec_parse($1::text, 'halfvec')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l2_normalize(@extschema@.halfvec) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.normalize(schemagate_emulation.vec_parse($1::text, 'halfvec'))))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.binary_quantize(@extschema@.halfvec) RETURNS bit
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.quantize(schemagate_emulation.vec_parse($1::text, 'halfvec')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.subvector(@extschema@.halfvec, integer, integer) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.subarray(schemagate_emulation.vec_parse($1::text, 'halfvec'), $2, $3, 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_add(@extschema@.halfvec, @extschema@.halfvec) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.elementwise(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), '+', 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_sub(@extschema@.halfvec, @extschema@.halfvec) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.elementwise(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), '-', 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_mul(@extschema@.halfvec, @extschema@.halfvec) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.elementwise(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec'), '*', 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_concat(@extschema@.halfvec, @extschema@.halfvec) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.vec_check(schemagate_emulation.vec_parse($1::text, 'halfvec') || schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_lt(@extschema@.halfvec, @extschema@.halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'halfvec') < schemagate_emulation.vec_parse($2::text, 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_le(@extschema@.halfvec, @extschema@.halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'halfvec') <= schemagate_emulation.vec_parse($2::text, 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_eq(@extschema@.halfvec, @extschema@.halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'halfvec') = schemagate_emulation.vec_parse($2::text, 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_ne(@extschema@.halfvec, @extschema@.halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'halfvec') <> schemagate_emulation.vec_parse($2::text, 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_ge(@extschema@.halfvec, @extschema@.halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'halfvec') >= schemagate_emulation.vec_parse($2::text, 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_gt(@extschema@.halfvec, @extschema@.halfvec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'halfvec') > schemagate_emulation.vec_parse($2::text, 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_cmp(@extschema@.halfvec, @extschema@.halfvec) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.btarraycmp(schemagate_emulation.vec_parse($1::text, 'halfvec'), schemagate_emulation.vec_parse($2::text, 'halfvec')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_hash(@extschema@.halfvec) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.hash_array(schemagate_emulation.vec_parse($1::text, 'halfvec')) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_accum(double precision[], @extschema@.halfvec) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.accum($1, schemagate_emulation.vec_parse($2::text, 'halfvec'), 'halfvec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_combine(double precision[], double precision[]) RETURNS double precision[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.combine($1, $2) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_avg(double precision[]) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.finish($1, true)))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_sum_final(double precision[]) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.finish($1, false)))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_halfvec(integer[], integer, boolean) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'halfvec'), $2, 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_halfvec(real[], integer, boolean) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'halfvec'), $2, 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_halfvec(double precision[], integer, boolean) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'halfvec'), $2, 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_halfvec(numeric[], integer, boolean) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'halfvec'), $2, 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_to_float4(@extschema@.halfvec, integer, boolean) RETURNS real[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.vec_parse($1::text, 'halfvec') $fn$;
-- ---------------------------------------------------------------- sparsevec
DO $type$
BEGIN
  IF to_regtype('@extschema@.sparsevec') IS NULL THEN
    CREATE TYPE @extschema@.sparsevec;
    CREATE FUNCTION @extschema@.sparsevec_in(cstring, oid, integer) RETURNS @extschema@.sparsevec
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textin';
    CREATE FUNCTION @extschema@.sparsevec_out(@extschema@.sparsevec) RETURNS cstring
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textout';
    CREATE FUNCTION @extschema@.sparsevec_recv(internal, oid, integer) RETURNS @extschema@.sparsevec
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textrecv';
    CREATE FUNCTION @extschema@.sparsevec_send(@extschema@.sparsevec) RETURNS bytea
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textsend';
    CREATE FUNCTION @extschema@.sparsevec_typmod_in(cstring[]) RETURNS integer
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.typmod_in($1, 'sparsevec', 1000000000) $fn$;
    CREATE FUNCTION @extschema@.sparsevec_typmod_out(integer) RETURNS cstring
      LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'bittypmodout';
    CREATE TYPE @extschema@.sparsevec (
      INPUT = @extschema@.sparsevec_in, OUTPUT = @extschema@.sparsevec_out,
      RECEIVE = @extschema@.sparsevec_recv, SEND = @extschema@.sparsevec_send,
      TYPMOD_IN = @extschema@.sparsevec_typmod_in, TYPMOD_OUT = @extschema@.sparsevec_typmod_out,
      INTERNALLENGTH = VARIABLE, STORAGE = extended, ALIGNMENT = int);
  END IF;
END
$type$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec(a @extschema@.sparsevec, typmod integer, explicit boolean) RETURNS @extschema@.sparsevec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.sparse_text(schemagate_emulation.with_dims(schemagate_emulation.sparse_parse(a::text), typmod, 'sparsevec')))::@extschema@.sparsevec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l2_distance(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l2(schemagate_emulation.sparse_parse($1::text), schemagate_emulation.sparse_parse($2::text), 'sparsevec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.inner_product(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.dot(schemagate_emulation.sparse_parse($1::text), schemagate_emulation.sparse_parse($2::text), 'sparsevec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.cosine_distance(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.cosine(schemagate_emulation.sparse_parse($1::text), schemagate_emulation.sparse_parse($2::text), 'sparsevec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l1_distance(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l1(schemagate_emulation.sparse_parse($1::text), schemagate_emulation.sparse_parse($2::text), 'sparsevec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_l2_squared_distance(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.l2_squared(schemagate_emulation.sparse_parse($1::text), schemagate_emulation.sparse_parse($2::text), 'sparsevec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_negative_inner_product(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT -schemagate_emulation.dot(schemagate_emulation.sparse_parse($1::text), schemagate_emulation.sparse_parse($2::text), 'sparsevec') $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l2_norm(@extschema@.sparsevec) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.norm(schemagate_emulation.sparse_parse($1::text)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.l2_normalize(@extschema@.sparsevec) RETURNS @extschema@.sparsevec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.sparse_text(schemagate_emulation.normalize(schemagate_emulation.sparse_parse($1::text))))::@extschema@.sparsevec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_lt(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.sparse_parse($1::text) < schemagate_emulation.sparse_parse($2::text) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_le(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.sparse_parse($1::text) <= schemagate_emulation.sparse_parse($2::text) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_eq(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.sparse_parse($1::text) = schemagate_emulation.sparse_parse($2::text) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_ne(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.sparse_parse($1::text) <> schemagate_emulation.sparse_parse($2::text) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_ge(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.sparse_parse($1::text) >= schemagate_emulation.sparse_parse($2::text) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_gt(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS bool
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.sparse_parse($1::text) > schemagate_emulation.sparse_parse($2::text) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_cmp(@extschema@.sparsevec, @extschema@.sparsevec) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.btarraycmp(schemagate_emulation.sparse_parse($1::text), schemagate_emulation.sparse_parse($2::text)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_hash(@extschema@.sparsevec) RETURNS int4
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT pg_catalog.hash_array(schemagate_emulation.sparse_parse($1::text)) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_sparsevec(integer[], integer, boolean) RETURNS @extschema@.sparsevec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.sparse_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'sparsevec'), $2, 'sparsevec')))::@extschema@.sparsevec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_sparsevec(real[], integer, boolean) RETURNS @extschema@.sparsevec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.sparse_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'sparsevec'), $2, 'sparsevec')))::@extschema@.sparsevec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_sparsevec(double precision[], integer, boolean) RETURNS @extschema@.sparsevec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.sparse_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'sparsevec'), $2, 'sparsevec')))::@extschema@.sparsevec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.array_to_sparsevec(numeric[], integer, boolean) RETURNS @extschema@.sparsevec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.sparse_text(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], 'sparsevec'), $2, 'sparsevec')))::@extschema@.sparsevec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_to_vector(@extschema@.halfvec, integer, boolean) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_parse($1::text, 'halfvec'), $2, 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_to_halfvec(@extschema@.vector, integer, boolean) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.vec_parse($1::text, 'vector'), $2, 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.vector_to_sparsevec(@extschema@.vector, integer, boolean) RETURNS @extschema@.sparsevec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.sparse_text(schemagate_emulation.with_dims(schemagate_emulation.vec_parse($1::text, 'vector'), $2, 'sparsevec')))::@extschema@.sparsevec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_to_vector(@extschema@.sparsevec, integer, boolean) RETURNS @extschema@.vector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.sparse_parse($1::text), $2, 'vector')))::@extschema@.vector $fn$;
CREATE OR REPLACE FUNCTION @extschema@.halfvec_to_sparsevec(@extschema@.halfvec, integer, boolean) RETURNS @extschema@.sparsevec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.sparse_text(schemagate_emulation.with_dims(schemagate_emulation.vec_parse($1::text, 'halfvec'), $2, 'sparsevec')))::@extschema@.sparsevec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.sparsevec_to_halfvec(@extschema@.sparsevec, integer, boolean) RETURNS @extschema@.halfvec
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (schemagate_emulation.vec_text(schemagate_emulation.with_dims(schemagate_emulation.sparse_parse($1::text), $2, 'halfvec')))::@extschema@.halfvec $fn$;
CREATE OR REPLACE FUNCTION @extschema@.hamming_distance(bit, bit) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.hamming($1, $2) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.jaccard_distance(bit, bit) RETURNS float8
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT schemagate_emulation.jaccard($1, $2) $fn$;
-- Aggregates, casts, operators and operator classes (no CREATE OR REPLACE).
DO $ddl$
BEGIN
  IF to_regprocedure('@extschema@.avg(@extschema@.vector)') IS NULL THEN
    CREATE AGGREGATE @extschema@.avg(@extschema@.vector) (SFUNC = @extschema@.vector_accum, STYPE = double precision[],
      FINALFUNC = @extschema@.vector_avg, COMBINEFUNC = @extschema@.vector_combine, INITCOND = '{0}', PARALLEL = SAFE);
    CREATE AGGREGATE @extschema@.sum(@extschema@.vector) (SFUNC = @extschema@.vector_accum, STYPE = double precision[],
      FINALFUNC = @extschema@.vector_sum_final, COMBINEFUNC = @extschema@.vector_combine, INITCOND = '{0}', PARALLEL = SAFE);
  END IF;
  IF to_regprocedure('@extschema@.avg(@extschema@.halfvec)') IS NULL THEN
    CREATE AGGREGATE @extschema@.avg(@extschema@.halfvec) (SFUNC = @extschema@.halfvec_accum, STYPE = double precision[],
      FINALFUNC = @extschema@.halfvec_avg, COMBINEFUNC = @extschema@.halfvec_combine, INITCOND = '{0}', PARALLEL = SAFE);
    CREATE AGGREGATE @extschema@.sum(@extschema@.halfvec) (SFUNC = @extschema@.halfvec_accum, STYPE = double precision[],
      FINALFUNC = @extschema@.halfvec_sum_final, COMBINEFUNC = @extschema@.halfvec_combine, INITCOND = '{0}', PARALLEL = SAFE);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.vector'::regtype AND casttarget = '@extschema@.vector'::regtype) THEN
    CREATE CAST (@extschema@.vector AS @extschema@.vector) WITH FUNCTION @extschema@.vector(@extschema@.vector, integer, boolean) AS IMPLICIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'integer[]'::regtype AND casttarget = '@extschema@.vector'::regtype) THEN
    CREATE CAST (integer[] AS @extschema@.vector) WITH FUNCTION @extschema@.array_to_vector(integer[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'real[]'::regtype AND casttarget = '@extschema@.vector'::regtype) THEN
    CREATE CAST (real[] AS @extschema@.vector) WITH FUNCTION @extschema@.array_to_vector(real[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'double precision[]'::regtype AND casttarget = '@extschema@.vector'::regtype) THEN
    CREATE CAST (double precision[] AS @extschema@.vector) WITH FUNCTION @extschema@.array_to_vector(double precision[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'numeric[]'::regtype AND casttarget = '@extschema@.vector'::regtype) THEN
    CREATE CAST (numeric[] AS @extschema@.vector) WITH FUNCTION @extschema@.array_to_vector(numeric[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.halfvec'::regtype AND casttarget = '@extschema@.halfvec'::regtype) THEN
    CREATE CAST (@extschema@.halfvec AS @extschema@.halfvec) WITH FUNCTION @extschema@.halfvec(@extschema@.halfvec, integer, boolean) AS IMPLICIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'integer[]'::regtype AND casttarget = '@extschema@.halfvec'::regtype) THEN
    CREATE CAST (integer[] AS @extschema@.halfvec) WITH FUNCTION @extschema@.array_to_halfvec(integer[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'real[]'::regtype AND casttarget = '@extschema@.halfvec'::regtype) THEN
    CREATE CAST (real[] AS @extschema@.halfvec) WITH FUNCTION @extschema@.array_to_halfvec(real[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'double precision[]'::regtype AND casttarget = '@extschema@.halfvec'::regtype) THEN
    CREATE CAST (double precision[] AS @extschema@.halfvec) WITH FUNCTION @extschema@.array_to_halfvec(double precision[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'numeric[]'::regtype AND casttarget = '@extschema@.halfvec'::regtype) THEN
    CREATE CAST (numeric[] AS @extschema@.halfvec) WITH FUNCTION @extschema@.array_to_halfvec(numeric[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.sparsevec'::regtype AND casttarget = '@extschema@.sparsevec'::regtype) THEN
    CREATE CAST (@extschema@.sparsevec AS @extschema@.sparsevec) WITH FUNCTION @extschema@.sparsevec(@extschema@.sparsevec, integer, boolean) AS IMPLICIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'integer[]'::regtype AND casttarget = '@extschema@.sparsevec'::regtype) THEN
    CREATE CAST (integer[] AS @extschema@.sparsevec) WITH FUNCTION @extschema@.array_to_sparsevec(integer[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'real[]'::regtype AND casttarget = '@extschema@.sparsevec'::regtype) THEN
    CREATE CAST (real[] AS @extschema@.sparsevec) WITH FUNCTION @extschema@.array_to_sparsevec(real[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'double precision[]'::regtype AND casttarget = '@extschema@.sparsevec'::regtype) THEN
    CREATE CAST (double precision[] AS @extschema@.sparsevec) WITH FUNCTION @extschema@.array_to_sparsevec(double precision[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = 'numeric[]'::regtype AND casttarget = '@extschema@.sparsevec'::regtype) THEN
    CREATE CAST (numeric[] AS @extschema@.sparsevec) WITH FUNCTION @extschema@.array_to_sparsevec(numeric[], integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.vector'::regtype AND casttarget = 'real[]'::regtype) THEN
    CREATE CAST (@extschema@.vector AS real[]) WITH FUNCTION @extschema@.vector_to_float4(@extschema@.vector, integer, boolean) AS IMPLICIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.halfvec'::regtype AND casttarget = 'real[]'::regtype) THEN
    CREATE CAST (@extschema@.halfvec AS real[]) WITH FUNCTION @extschema@.halfvec_to_float4(@extschema@.halfvec, integer, boolean) AS IMPLICIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.halfvec'::regtype AND casttarget = '@extschema@.vector'::regtype) THEN
    CREATE CAST (@extschema@.halfvec AS @extschema@.vector) WITH FUNCTION @extschema@.halfvec_to_vector(@extschema@.halfvec, integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.vector'::regtype AND casttarget = '@extschema@.halfvec'::regtype) THEN
    CREATE CAST (@extschema@.vector AS @extschema@.halfvec) WITH FUNCTION @extschema@.vector_to_halfvec(@extschema@.vector, integer, boolean) AS IMPLICIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.vector'::regtype AND casttarget = '@extschema@.sparsevec'::regtype) THEN
    CREATE CAST (@extschema@.vector AS @extschema@.sparsevec) WITH FUNCTION @extschema@.vector_to_sparsevec(@extschema@.vector, integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.sparsevec'::regtype AND casttarget = '@extschema@.vector'::regtype) THEN
    CREATE CAST (@extschema@.sparsevec AS @extschema@.vector) WITH FUNCTION @extschema@.sparsevec_to_vector(@extschema@.sparsevec, integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.halfvec'::regtype AND casttarget = '@extschema@.sparsevec'::regtype) THEN
    CREATE CAST (@extschema@.halfvec AS @extschema@.sparsevec) WITH FUNCTION @extschema@.halfvec_to_sparsevec(@extschema@.halfvec, integer, boolean) AS IMPLICIT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_cast WHERE castsource = '@extschema@.sparsevec'::regtype AND casttarget = '@extschema@.halfvec'::regtype) THEN
    CREATE CAST (@extschema@.sparsevec AS @extschema@.halfvec) WITH FUNCTION @extschema@.sparsevec_to_halfvec(@extschema@.sparsevec, integer, boolean) AS ASSIGNMENT;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<->(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<-> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.l2_distance, COMMUTATOR = OPERATOR(@extschema@.<->));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<#>(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<#> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_negative_inner_product, COMMUTATOR = OPERATOR(@extschema@.<#>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<=>(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<=> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.cosine_distance, COMMUTATOR = OPERATOR(@extschema@.<=>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<+>(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<+> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.l1_distance, COMMUTATOR = OPERATOR(@extschema@.<+>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.+(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.+ (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_add, COMMUTATOR = OPERATOR(@extschema@.+));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.-(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.- (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_sub);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.*(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.* (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_mul, COMMUTATOR = OPERATOR(@extschema@.*));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.||(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.|| (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_concat);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.< (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_lt, COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<=(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_le, COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.=(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_eq, COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<>(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_ne, COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.>=(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.>= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_ge, COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.>(@extschema@.vector,@extschema@.vector)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector, PROCEDURE = @extschema@.vector_gt, COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<->(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<-> (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.l2_distance, COMMUTATOR = OPERATOR(@extschema@.<->));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<#>(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<#> (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_negative_inner_product, COMMUTATOR = OPERATOR(@extschema@.<#>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<=>(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<=> (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.cosine_distance, COMMUTATOR = OPERATOR(@extschema@.<=>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<+>(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<+> (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.l1_distance, COMMUTATOR = OPERATOR(@extschema@.<+>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.+(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.+ (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_add, COMMUTATOR = OPERATOR(@extschema@.+));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.-(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.- (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_sub);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.*(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.* (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_mul, COMMUTATOR = OPERATOR(@extschema@.*));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.||(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.|| (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_concat);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.< (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_lt, COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<=(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<= (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_le, COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.=(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.= (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_eq, COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<>(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<> (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_ne, COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.>=(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.>= (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_ge, COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.>(@extschema@.halfvec,@extschema@.halfvec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.> (LEFTARG = @extschema@.halfvec, RIGHTARG = @extschema@.halfvec, PROCEDURE = @extschema@.halfvec_gt, COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<->(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<-> (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.l2_distance, COMMUTATOR = OPERATOR(@extschema@.<->));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<#>(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<#> (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.sparsevec_negative_inner_product, COMMUTATOR = OPERATOR(@extschema@.<#>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<=>(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<=> (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.cosine_distance, COMMUTATOR = OPERATOR(@extschema@.<=>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<+>(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<+> (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.l1_distance, COMMUTATOR = OPERATOR(@extschema@.<+>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.< (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.sparsevec_lt, COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<=(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<= (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.sparsevec_le, COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.=(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.= (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.sparsevec_eq, COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<>(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<> (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.sparsevec_ne, COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.>=(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.>= (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.sparsevec_ge, COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.>(@extschema@.sparsevec,@extschema@.sparsevec)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.> (LEFTARG = @extschema@.sparsevec, RIGHTARG = @extschema@.sparsevec, PROCEDURE = @extschema@.sparsevec_gt, COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<~>(bit,bit)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<~> (LEFTARG = bit, RIGHTARG = bit, PROCEDURE = @extschema@.hamming_distance, COMMUTATOR = OPERATOR(@extschema@.<~>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_operator WHERE oid = to_regoperator('@extschema@.<%>(bit,bit)') AND oprcode <> 0) THEN
    CREATE OPERATOR @extschema@.<%> (LEFTARG = bit, RIGHTARG = bit, PROCEDURE = @extschema@.jaccard_distance, COMMUTATOR = OPERATOR(@extschema@.<%>));
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'vector_ops' AND a.amname = 'btree' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.vector_ops DEFAULT FOR TYPE @extschema@.vector USING btree AS
      OPERATOR 1 @extschema@.< , OPERATOR 2 @extschema@.<= , OPERATOR 3 @extschema@.= , OPERATOR 4 @extschema@.>= , OPERATOR 5 @extschema@.> , FUNCTION 1 @extschema@.vector_cmp(@extschema@.vector, @extschema@.vector);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'vector_l2_ops' AND a.amname = 'ivfflat' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.vector_l2_ops DEFAULT FOR TYPE @extschema@.vector USING ivfflat AS
      OPERATOR 1 @extschema@.= (@extschema@.vector, @extschema@.vector), FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'vector_ip_ops' AND a.amname = 'ivfflat' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.vector_ip_ops FOR TYPE @extschema@.vector USING ivfflat AS
      OPERATOR 1 @extschema@.= (@extschema@.vector, @extschema@.vector), FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'vector_cosine_ops' AND a.amname = 'ivfflat' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.vector_cosine_ops FOR TYPE @extschema@.vector USING ivfflat AS
      OPERATOR 1 @extschema@.= (@extschema@.vector, @extschema@.vector), FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'vector_l2_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.vector_l2_ops FOR TYPE @extschema@.vector USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.vector, @extschema@.vector), FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'vector_ip_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.vector_ip_ops FOR TYPE @extschema@.vector USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.vector, @extschema@.vector), FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'vector_cosine_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.vector_cosine_ops FOR TYPE @extschema@.vector USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.vector, @extschema@.vector), FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'vector_l1_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.vector_l1_ops FOR TYPE @extschema@.vector USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.vector, @extschema@.vector), FUNCTION 1 @extschema@.vector_hash(@extschema@.vector);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'halfvec_ops' AND a.amname = 'btree' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.halfvec_ops DEFAULT FOR TYPE @extschema@.halfvec USING btree AS
      OPERATOR 1 @extschema@.< , OPERATOR 2 @extschema@.<= , OPERATOR 3 @extschema@.= , OPERATOR 4 @extschema@.>= , OPERATOR 5 @extschema@.> , FUNCTION 1 @extschema@.halfvec_cmp(@extschema@.halfvec, @extschema@.halfvec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'halfvec_l2_ops' AND a.amname = 'ivfflat' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.halfvec_l2_ops FOR TYPE @extschema@.halfvec USING ivfflat AS
      OPERATOR 1 @extschema@.= (@extschema@.halfvec, @extschema@.halfvec), FUNCTION 1 @extschema@.halfvec_hash(@extschema@.halfvec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'halfvec_ip_ops' AND a.amname = 'ivfflat' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.halfvec_ip_ops FOR TYPE @extschema@.halfvec USING ivfflat AS
      OPERATOR 1 @extschema@.= (@extschema@.halfvec, @extschema@.halfvec), FUNCTION 1 @extschema@.halfvec_hash(@extschema@.halfvec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'halfvec_cosine_ops' AND a.amname = 'ivfflat' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.halfvec_cosine_ops FOR TYPE @extschema@.halfvec USING ivfflat AS
      OPERATOR 1 @extschema@.= (@extschema@.halfvec, @extschema@.halfvec), FUNCTION 1 @extschema@.halfvec_hash(@extschema@.halfvec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'halfvec_l2_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.halfvec_l2_ops FOR TYPE @extschema@.halfvec USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.halfvec, @extschema@.halfvec), FUNCTION 1 @extschema@.halfvec_hash(@extschema@.halfvec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'halfvec_ip_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.halfvec_ip_ops FOR TYPE @extschema@.halfvec USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.halfvec, @extschema@.halfvec), FUNCTION 1 @extschema@.halfvec_hash(@extschema@.halfvec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'halfvec_cosine_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.halfvec_cosine_ops FOR TYPE @extschema@.halfvec USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.halfvec, @extschema@.halfvec), FUNCTION 1 @extschema@.halfvec_hash(@extschema@.halfvec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'halfvec_l1_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.halfvec_l1_ops FOR TYPE @extschema@.halfvec USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.halfvec, @extschema@.halfvec), FUNCTION 1 @extschema@.halfvec_hash(@extschema@.halfvec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'sparsevec_ops' AND a.amname = 'btree' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.sparsevec_ops DEFAULT FOR TYPE @extschema@.sparsevec USING btree AS
      OPERATOR 1 @extschema@.< , OPERATOR 2 @extschema@.<= , OPERATOR 3 @extschema@.= , OPERATOR 4 @extschema@.>= , OPERATOR 5 @extschema@.> , FUNCTION 1 @extschema@.sparsevec_cmp(@extschema@.sparsevec, @extschema@.sparsevec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'sparsevec_l2_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.sparsevec_l2_ops FOR TYPE @extschema@.sparsevec USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.sparsevec, @extschema@.sparsevec), FUNCTION 1 @extschema@.sparsevec_hash(@extschema@.sparsevec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'sparsevec_ip_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.sparsevec_ip_ops FOR TYPE @extschema@.sparsevec USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.sparsevec, @extschema@.sparsevec), FUNCTION 1 @extschema@.sparsevec_hash(@extschema@.sparsevec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'sparsevec_cosine_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.sparsevec_cosine_ops FOR TYPE @extschema@.sparsevec USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.sparsevec, @extschema@.sparsevec), FUNCTION 1 @extschema@.sparsevec_hash(@extschema@.sparsevec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'sparsevec_l1_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.sparsevec_l1_ops FOR TYPE @extschema@.sparsevec USING hnsw AS
      OPERATOR 1 @extschema@.= (@extschema@.sparsevec, @extschema@.sparsevec), FUNCTION 1 @extschema@.sparsevec_hash(@extschema@.sparsevec);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'bit_hamming_ops' AND a.amname = 'ivfflat' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.bit_hamming_ops FOR TYPE bit USING ivfflat AS
      OPERATOR 1 pg_catalog.= (bit, bit), FUNCTION 1 schemagate_emulation.bit_hash(bit);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'bit_hamming_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.bit_hamming_ops FOR TYPE bit USING hnsw AS
      OPERATOR 1 pg_catalog.= (bit, bit), FUNCTION 1 schemagate_emulation.bit_hash(bit);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_opclass c JOIN pg_catalog.pg_am a ON a.oid = c.opcmethod
                 WHERE c.opcname = 'bit_jaccard_ops' AND a.amname = 'hnsw' AND c.opcnamespace = '@extschema@'::regnamespace) THEN
    CREATE OPERATOR CLASS @extschema@.bit_jaccard_ops FOR TYPE bit USING hnsw AS
      OPERATOR 1 pg_catalog.= (bit, bit), FUNCTION 1 schemagate_emulation.bit_hash(bit);
  END IF;
END
$ddl$;
