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

-- ------------------------------------------ vector, halfvec and sparsevec
-- The three types share one SQL surface (functions, aggregates, casts,
-- operators, operator classes), made for each from the templates below, in
-- which {T} stands for the type's name, {Q} for the type, {P1}, {P2} and
-- {PA} for $1, $2 and the argument a read into real[], and {PRINT} for the
-- function that prints real[] as the type's text. A template with types is
-- only for those: sparsevec has no arithmetic, aggregates, binary
-- quantization or ivfflat. vector and halfvec keep their text in json's
-- storage (json's input function checks the syntax), sparsevec in text's.
-- Types, aggregates, casts, operators and operator classes have no CREATE
-- OR REPLACE: one that exists (made by an earlier run) is kept.
DO $types$
DECLARE
  -- The types with arithmetic, aggregates and binary quantization.
  dense CONSTANT text[] := ARRAY['vector', 'halfvec'];
  t record;
  v_parsers jsonb := '{}';
  v_printers jsonb := '{}';
  v_ddl text[] := '{}';
  v_sql text;
BEGIN
  FOR t IN SELECT * FROM (VALUES
      -- name, its I/O functions' prefix, most dimensions, reader (%s: the value), printer
      ('vector', 'json_', 16000, 'schemagate_emulation.vec_parse(%s::text, ''vector'')', 'schemagate_emulation.vec_text'),
      ('halfvec', 'json_', 16000, 'schemagate_emulation.vec_parse(%s::text, ''halfvec'')', 'schemagate_emulation.vec_text'),
      ('sparsevec', 'text', 1000000000, 'schemagate_emulation.sparse_parse(%s::text)', 'schemagate_emulation.sparse_text'))
    AS v(name, io, max_dims, parse, print)
  LOOP
    v_parsers := v_parsers || jsonb_build_object(t.name, t.parse);
    v_printers := v_printers || jsonb_build_object(t.name, t.print);
    v_ddl := v_ddl || ARRAY(
      WITH arrays(source) AS (
        SELECT unnest(ARRAY['integer[]', 'real[]', 'double precision[]', 'numeric[]'])
      ),
      comparisons(name, op, commutator, negator, restriction, estimator) AS (VALUES
        ('lt', '<', '>', '>=', 'scalarltsel', 'scalarltjoinsel'),
        ('le', '<=', '>=', '>', 'scalarlesel', 'scalarlejoinsel'),
        ('eq', '=', '=', '<>', 'eqsel', 'eqjoinsel'),
        ('ne', '<>', '<>', '=', 'neqsel', 'neqjoinsel'),
        ('ge', '>=', '<=', '<', 'scalargesel', 'scalargejoinsel'),
        ('gt', '>', '<', '<=', 'scalargtsel', 'scalargtjoinsel')
      ),
      functions(types, name, args, result, body) AS (
        VALUES
          (NULL::text[], '{T}', 'a {Q}, typmod integer, explicit boolean', '{Q}',
           '({PRINT}(schemagate_emulation.with_dims({PA}, typmod, ''{T}'')))::{Q}'),
          (NULL, 'l2_distance', '{Q}, {Q}', 'float8', 'schemagate_emulation.l2({P1}, {P2}, ''{T}'')'),
          (NULL, 'inner_product', '{Q}, {Q}', 'float8', 'schemagate_emulation.dot({P1}, {P2}, ''{T}'')'),
          (NULL, 'cosine_distance', '{Q}, {Q}', 'float8', 'schemagate_emulation.cosine({P1}, {P2}, ''{T}'')'),
          (NULL, 'l1_distance', '{Q}, {Q}', 'float8', 'schemagate_emulation.l1({P1}, {P2}, ''{T}'')'),
          (NULL, '{T}_l2_squared_distance', '{Q}, {Q}', 'float8', 'schemagate_emulation.l2_squared({P1}, {P2}, ''{T}'')'),
          (NULL, '{T}_negative_inner_product', '{Q}, {Q}', 'float8', '-schemagate_emulation.dot({P1}, {P2}, ''{T}'')'),
          (dense, '{T}_spherical_distance', '{Q}, {Q}', 'float8',
           'pg_catalog.acos(greatest(-1::float8, least(1::float8, schemagate_emulation.dot({P1}, {P2}, ''{T}'')))) / pg_catalog.pi()'),
          (dense, 'vector_dims', '{Q}', 'integer', 'pg_catalog.cardinality({P1})'),
          (ARRAY['vector'], 'vector_norm', '{Q}', 'float8', 'schemagate_emulation.norm({P1})'),
          (ARRAY['halfvec', 'sparsevec'], 'l2_norm', '{Q}', 'float8', 'schemagate_emulation.norm({P1})'),
          (NULL, 'l2_normalize', '{Q}', '{Q}', '({PRINT}(schemagate_emulation.normalize({P1})))::{Q}'),
          (dense, 'binary_quantize', '{Q}', 'bit', 'schemagate_emulation.quantize({P1})'),
          (dense, 'subvector', '{Q}, integer, integer', '{Q}', '({PRINT}(schemagate_emulation.subarray({P1}, $2, $3, ''{T}'')))::{Q}'),
          (dense, '{T}_add', '{Q}, {Q}', '{Q}', '({PRINT}(schemagate_emulation.elementwise({P1}, {P2}, ''+'', ''{T}'')))::{Q}'),
          (dense, '{T}_sub', '{Q}, {Q}', '{Q}', '({PRINT}(schemagate_emulation.elementwise({P1}, {P2}, ''-'', ''{T}'')))::{Q}'),
          (dense, '{T}_mul', '{Q}, {Q}', '{Q}', '({PRINT}(schemagate_emulation.elementwise({P1}, {P2}, ''*'', ''{T}'')))::{Q}'),
          (dense, '{T}_concat', '{Q}, {Q}', '{Q}', '({PRINT}(schemagate_emulation.vec_check({P1} || {P2}, ''{T}'')))::{Q}'),
          (NULL, '{T}_cmp', '{Q}, {Q}', 'int4', 'pg_catalog.btarraycmp({P1}, {P2})'),
          (NULL, '{T}_hash', '{Q}', 'int4', 'pg_catalog.hash_array({P1})'),
          (dense, '{T}_accum', 'double precision[], {Q}', 'double precision[]', 'schemagate_emulation.accum($1, {P2}, ''{T}'')'),
          (dense, '{T}_combine', 'double precision[], double precision[]', 'double precision[]', 'schemagate_emulation.combine($1, $2)'),
          (dense, '{T}_avg', 'double precision[]', '{Q}', '({PRINT}(schemagate_emulation.finish($1, true)))::{Q}'),
          (dense, '{T}_sum_final', 'double precision[]', '{Q}', '({PRINT}(schemagate_emulation.finish($1, false)))::{Q}'),
          (dense, '{T}_to_float4', '{Q}, integer, boolean', 'real[]', '{P1}')
        UNION ALL
        SELECT NULL, '{T}_' || name, '{Q}, {Q}', 'bool', format('{P1} %s {P2}', op) FROM comparisons
        UNION ALL
        SELECT NULL, 'array_to_{T}', source || ', integer, boolean', '{Q}',
               '({PRINT}(schemagate_emulation.with_dims(schemagate_emulation.vec_check($1::real[], ''{T}''), $2, ''{T}'')))::{Q}'
        FROM arrays
      ),
      casts(types, source, target, func, context) AS (
        VALUES (NULL::text[], '{Q}', '{Q}', '{Q}', 'IMPLICIT'),
               (dense, '{Q}', 'real[]', '@extschema@.{T}_to_float4', 'IMPLICIT')
        UNION ALL
        SELECT NULL, source, '{Q}', '@extschema@.array_to_{T}', 'ASSIGNMENT' FROM arrays
      ),
      operators(types, op, proc, options) AS (
        SELECT o.types, o.op, o.proc, CASE WHEN o.commutes THEN format(', COMMUTATOR = OPERATOR(@extschema@.%s)', o.op) ELSE '' END
        FROM (VALUES
          (NULL::text[], '<->', 'l2_distance', true),
          (NULL, '<#>', '{T}_negative_inner_product', true),
          (NULL, '<=>', 'cosine_distance', true),
          (NULL, '<+>', 'l1_distance', true),
          (dense, '+', '{T}_add', true),
          (dense, '-', '{T}_sub', false),
          (dense, '*', '{T}_mul', true),
          (dense, '||', '{T}_concat', false)) AS o(types, op, proc, commutes)
        UNION ALL
        SELECT NULL, op, '{T}_' || name,
               format(', COMMUTATOR = OPERATOR(@extschema@.%s), NEGATOR = OPERATOR(@extschema@.%s), RESTRICT = %s, JOIN = %s',
                      commutator, negator, restriction, estimator)
        FROM comparisons
      ),
      statements(step, types, ddl) AS (
        -- The type: a shell, its input, output and type modifier functions, the type.
        SELECT 1, NULL::text[], 'CREATE TYPE {Q}'
        UNION ALL
        SELECT 2, NULL, format('CREATE FUNCTION {Q}_%s(%s) RETURNS %s LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS %L',
                               name, args, result, t.io || name)
        FROM (VALUES ('in', 'cstring, oid, integer', '{Q}'), ('out', '{Q}', 'cstring'),
                     ('recv', 'internal, oid, integer', '{Q}'), ('send', '{Q}', 'bytea')) AS io(name, args, result)
        UNION ALL
        SELECT 2, NULL, format('CREATE FUNCTION {Q}_typmod_in(cstring[]) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
                               'AS $fn$ SELECT schemagate_emulation.typmod_in($1, ''{T}'', %s) $fn$', t.max_dims)
        UNION ALL
        SELECT 2, NULL, 'CREATE FUNCTION {Q}_typmod_out(integer) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS ''bittypmodout'''
        UNION ALL
        SELECT 3, NULL, 'CREATE TYPE {Q} (INPUT = {Q}_in, OUTPUT = {Q}_out, RECEIVE = {Q}_recv, SEND = {Q}_send, '
                        'TYPMOD_IN = {Q}_typmod_in, TYPMOD_OUT = {Q}_typmod_out, INTERNALLENGTH = VARIABLE, STORAGE = extended, ALIGNMENT = int)'
        UNION ALL
        SELECT 4, types, format('CREATE OR REPLACE FUNCTION @extschema@.%s(%s) RETURNS %s LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
                                'AS $fn$ SELECT %s $fn$', name, args, result, body)
        FROM functions
        UNION ALL
        SELECT 5, dense, format('CREATE AGGREGATE @extschema@.%s({Q}) (SFUNC = @extschema@.{T}_accum, STYPE = double precision[], '
                                'FINALFUNC = @extschema@.%s, COMBINEFUNC = @extschema@.{T}_combine, INITCOND = ''{0}'', PARALLEL = SAFE)',
                                name, final)
        FROM (VALUES ('avg', '{T}_avg'), ('sum', '{T}_sum_final')) AS aggregates(name, final)
        UNION ALL
        SELECT 5, types, format('CREATE CAST (%1$s AS %2$s) WITH FUNCTION %3$s(%1$s, integer, boolean) AS %4$s', source, target, func, context)
        FROM casts
        UNION ALL
        SELECT 5, types, format('CREATE OPERATOR @extschema@.%s (LEFTARG = {Q}, RIGHTARG = {Q}, PROCEDURE = @extschema@.%s%s)', op, proc, options)
        FROM operators
        UNION ALL
        SELECT 6, NULL, 'CREATE OPERATOR CLASS @extschema@.{T}_ops DEFAULT FOR TYPE {Q} USING btree AS OPERATOR 1 @extschema@.< , '
                        'OPERATOR 2 @extschema@.<= , OPERATOR 3 @extschema@.= , OPERATOR 4 @extschema@.>= , OPERATOR 5 @extschema@.> , '
                        'FUNCTION 1 @extschema@.{T}_cmp({Q}, {Q})'
        UNION ALL
        -- The index methods' classes (see above: hash's support function). pgvector
        -- makes vector_l2_ops ivfflat's default for vector.
        SELECT 6, CASE WHEN am = 'ivfflat' THEN dense END,
               format('CREATE OPERATOR CLASS @extschema@.{T}_%s_ops %sFOR TYPE {Q} USING %s AS '
                      'OPERATOR 1 @extschema@.= ({Q}, {Q}), FUNCTION 1 @extschema@.{T}_hash({Q})',
                      metric, CASE WHEN (t.name, am, metric) = ('vector', 'ivfflat', 'l2') THEN 'DEFAULT ' ELSE '' END, am)
        FROM (VALUES ('ivfflat', ARRAY['l2', 'ip', 'cosine']), ('hnsw', ARRAY['l2', 'ip', 'cosine', 'l1'])) AS methods(am, metrics),
             unnest(metrics) AS metric
      )
      SELECT replace(replace(replace(replace(replace(replace(ddl,
               '{Q}', '@extschema@.' || t.name), '{T}', t.name), '{PRINT}', t.print),
               '{P1}', format(t.parse, '$1')), '{P2}', format(t.parse, '$2')), '{PA}', format(t.parse, 'a'))
      FROM statements
      WHERE types IS NULL OR t.name = ANY (types)
      ORDER BY step);
  END LOOP;

  -- Casts between the types, in the contexts pgvector gives them.
  v_ddl := v_ddl || ARRAY(
    SELECT unnest(ARRAY[
      format('CREATE OR REPLACE FUNCTION @extschema@.%1$s_to_%2$s(@extschema@.%1$s, integer, boolean) RETURNS @extschema@.%2$s '
             'LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
             'AS $fn$ SELECT (%3$s(schemagate_emulation.with_dims(%4$s, $2, %2$L)))::@extschema@.%2$s $fn$',
             source, target, v_printers ->> target, format(v_parsers ->> source, '$1')),
      format('CREATE CAST (@extschema@.%1$s AS @extschema@.%2$s) WITH FUNCTION @extschema@.%1$s_to_%2$s(@extschema@.%1$s, integer, boolean) AS %3$s',
             source, target, context)])
    FROM (VALUES ('halfvec', 'vector', 'ASSIGNMENT'), ('vector', 'halfvec', 'IMPLICIT'),
                 ('vector', 'sparsevec', 'ASSIGNMENT'), ('sparsevec', 'vector', 'ASSIGNMENT'),
                 ('halfvec', 'sparsevec', 'IMPLICIT'), ('sparsevec', 'halfvec', 'ASSIGNMENT')) AS conversions(source, target, context));

  -- bit: Hamming and Jaccard distances.
  v_ddl := v_ddl || ARRAY[
    'CREATE OR REPLACE FUNCTION @extschema@.hamming_distance(bit, bit) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
      'AS $fn$ SELECT schemagate_emulation.hamming($1, $2) $fn$',
    'CREATE OR REPLACE FUNCTION @extschema@.jaccard_distance(bit, bit) RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
      'AS $fn$ SELECT schemagate_emulation.jaccard($1, $2) $fn$',
    'CREATE OPERATOR @extschema@.<~> (LEFTARG = bit, RIGHTARG = bit, PROCEDURE = @extschema@.hamming_distance, COMMUTATOR = OPERATOR(@extschema@.<~>))',
    'CREATE OPERATOR @extschema@.<%> (LEFTARG = bit, RIGHTARG = bit, PROCEDURE = @extschema@.jaccard_distance, COMMUTATOR = OPERATOR(@extschema@.<%>))',
    'CREATE OPERATOR CLASS @extschema@.bit_hamming_ops FOR TYPE bit USING ivfflat AS OPERATOR 1 pg_catalog.= (bit, bit), FUNCTION 1 schemagate_emulation.bit_hash(bit)',
    'CREATE OPERATOR CLASS @extschema@.bit_hamming_ops FOR TYPE bit USING hnsw AS OPERATOR 1 pg_catalog.= (bit, bit), FUNCTION 1 schemagate_emulation.bit_hash(bit)',
    'CREATE OPERATOR CLASS @extschema@.bit_jaccard_ops FOR TYPE bit USING hnsw AS OPERATOR 1 pg_catalog.= (bit, bit), FUNCTION 1 schemagate_emulation.bit_hash(bit)'];

  FOREACH v_sql IN ARRAY v_ddl LOOP
    BEGIN
      EXECUTE v_sql;
    EXCEPTION WHEN duplicate_object OR duplicate_function THEN
      NULL;  -- made by an earlier run
    END;
  END LOOP;
END
$types$;
