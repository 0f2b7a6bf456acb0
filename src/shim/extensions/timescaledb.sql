-- schemagate emulation: timescaledb 2.16.1 (Apache-2.0 part; Supabase ships
-- it on PostgreSQL 15 only). Tables stay ordinary tables: there are no
-- chunks, no compression and no background jobs, but the API migrations
-- call works and checks what TimescaleDB checks:
--   create_hypertable (both the 2.x argument list and the by_range /
--   by_hash form), add_dimension, set_chunk_time_interval,
--   set_partitioning_interval, time_bucket (interval, integer and origin /
--   offset variants), add/remove_retention_policy,
--   add/remove_compression_policy, add/remove_continuous_aggregate_policy,
--   add_job/alter_job/delete_job, show_chunks / drop_chunks (no chunks:
--   empty), hypertable_size, approximate_row_count, and the views
--   timescaledb_information.hypertables, .dimensions and .jobs.
-- create_hypertable refuses a table that has rows (unless migrate_data), a
-- time column of the wrong type, and unique indexes without the time
-- column, makes the time column NOT NULL and adds the default index, as
-- TimescaleDB does.
-- Not emulated (the statement fails): WITH (timescaledb.continuous) views,
-- ALTER TABLE ... SET (timescaledb.compress ...), the first/last aggregates.
-- schemagate: version=2.16.1
-- schemagate: majors=15

CREATE SCHEMA IF NOT EXISTS _timescaledb_catalog;
CREATE SCHEMA IF NOT EXISTS _timescaledb_internal;
CREATE SCHEMA IF NOT EXISTS _timescaledb_functions;
CREATE SCHEMA IF NOT EXISTS _timescaledb_config;
CREATE SCHEMA IF NOT EXISTS timescaledb_information;
CREATE SCHEMA IF NOT EXISTS timescaledb_experimental;
GRANT USAGE ON SCHEMA _timescaledb_catalog, _timescaledb_internal, _timescaledb_functions,
  _timescaledb_config, timescaledb_information, timescaledb_experimental TO PUBLIC;

CREATE TABLE IF NOT EXISTS _timescaledb_catalog.hypertable (
  id serial PRIMARY KEY,
  schema_name name NOT NULL,
  table_name name NOT NULL,
  associated_schema_name name NOT NULL DEFAULT '_timescaledb_internal',
  associated_table_prefix name NOT NULL DEFAULT '_hyper',
  num_dimensions smallint NOT NULL DEFAULT 1,
  UNIQUE (schema_name, table_name)
);
CREATE TABLE IF NOT EXISTS _timescaledb_catalog.dimension (
  id serial PRIMARY KEY,
  hypertable_id integer NOT NULL REFERENCES _timescaledb_catalog.hypertable (id) ON DELETE CASCADE,
  column_name name NOT NULL,
  column_type regtype NOT NULL,
  num_slices smallint,
  interval_length bigint,
  time_interval interval,
  UNIQUE (hypertable_id, column_name)
);
CREATE TABLE IF NOT EXISTS _timescaledb_config.bgw_job (
  id serial PRIMARY KEY,
  application_name name NOT NULL,
  schedule_interval interval NOT NULL,
  proc_schema name NOT NULL,
  proc_name name NOT NULL,
  owner regrole NOT NULL DEFAULT current_role::regrole,
  scheduled boolean NOT NULL DEFAULT true,
  hypertable_id integer REFERENCES _timescaledb_catalog.hypertable (id) ON DELETE CASCADE,
  config jsonb
);
-- Written by the API functions, which run as the caller (like TimescaleDB
-- they require the caller to own the table).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA _timescaledb_catalog, _timescaledb_config TO PUBLIC;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA _timescaledb_catalog, _timescaledb_config TO PUBLIC;

DO $types$
BEGIN
  IF to_regtype('_timescaledb_internal.dimension_info') IS NULL THEN
    CREATE TYPE _timescaledb_internal.dimension_info AS (
      column_name name, kind text, partition_interval text, number_partitions integer, partition_func regproc);
  END IF;
END
$types$;

CREATE OR REPLACE FUNCTION @extschema@.by_range(column_name name, partition_interval anyelement = NULL::bigint,
  partition_func regproc = NULL) RETURNS _timescaledb_internal.dimension_info
  LANGUAGE sql IMMUTABLE AS $fn$ SELECT ROW($1, 'range', $2::text, NULL::integer, $3)::_timescaledb_internal.dimension_info $fn$;
CREATE OR REPLACE FUNCTION @extschema@.by_hash(column_name name, number_partitions integer,
  partition_func regproc = NULL) RETURNS _timescaledb_internal.dimension_info
  LANGUAGE sql IMMUTABLE AS $fn$ SELECT ROW($1, 'hash', NULL::text, $2, $3)::_timescaledb_internal.dimension_info $fn$;

CREATE OR REPLACE FUNCTION _timescaledb_functions.hypertable_id(p_relation regclass) RETURNS integer
  LANGUAGE sql STABLE AS $fn$
  SELECT h.id FROM _timescaledb_catalog.hypertable h JOIN pg_catalog.pg_class c ON c.relname = h.table_name
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = h.schema_name WHERE c.oid = p_relation
$fn$;

CREATE OR REPLACE FUNCTION _timescaledb_functions.require_hypertable(p_relation regclass) RETURNS integer
  LANGUAGE plpgsql STABLE AS $fn$
DECLARE
  v_id integer := _timescaledb_functions.hypertable_id(p_relation);
BEGIN
  IF v_id IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'TS001', MESSAGE = format('table "%s" is not a hypertable', p_relation);
  END IF;
  RETURN v_id;
END
$fn$;

CREATE OR REPLACE FUNCTION _timescaledb_functions.require_owner(p_relation regclass) RETURNS void
  LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  IF NOT pg_catalog.pg_has_role(current_user, (SELECT relowner FROM pg_catalog.pg_class WHERE oid = p_relation), 'USAGE') THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('must be owner of hypertable "%s"', p_relation);
  END IF;
END
$fn$;

-- The dimension a column can be: time types take an interval, integer
-- types an integer interval.
CREATE OR REPLACE FUNCTION _timescaledb_functions.add_dimension_row(
  p_hypertable integer, p_relation regclass, p_column name, p_partitions integer, p_interval text, p_if_not_exists boolean)
RETURNS boolean LANGUAGE plpgsql AS $fn$
DECLARE
  v_type regtype;
  v_length bigint;
  v_time interval;
BEGIN
  SELECT a.atttypid::regtype INTO v_type FROM pg_catalog.pg_attribute a
  WHERE a.attrelid = p_relation AND a.attname = p_column AND a.attnum > 0 AND NOT a.attisdropped;
  IF v_type IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '42703', MESSAGE = format('column "%s" does not exist', p_column);
  END IF;
  IF EXISTS (SELECT FROM _timescaledb_catalog.dimension WHERE hypertable_id = p_hypertable AND column_name = p_column) THEN
    IF p_if_not_exists THEN
      RAISE NOTICE 'column "%" is already a dimension, skipping', p_column;
      RETURN false;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'TS101', MESSAGE = format('column "%s" is already a dimension', p_column);
  END IF;
  IF p_partitions IS NULL THEN
    IF v_type NOT IN ('timestamp'::regtype, 'timestamptz'::regtype, 'date'::regtype,
                      'smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
      RAISE EXCEPTION USING ERRCODE = 'TS102',
        MESSAGE = format('invalid type for dimension "%s"', p_column),
        HINT = 'Use an integer, timestamp, or date type.';
    END IF;
    IF v_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
      IF p_interval IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'TS102',
          MESSAGE = format('integer dimensions require an explicit interval');
      END IF;
      v_length := p_interval::bigint;
      IF v_length <= 0 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid interval: must be between 1 and 9223372036854775807';
      END IF;
    ELSE
      v_time := coalesce(CASE WHEN p_interval ~ '^\s*[0-9]+\s*$' THEN make_interval(secs => p_interval::bigint / 1000000.0)
                              ELSE p_interval::interval END, interval '7 days');
      IF v_time <= interval '0' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'invalid interval: must be between 1 and 9223372036854775807';
      END IF;
      v_length := (extract(epoch FROM v_time) * 1000000)::bigint;
    END IF;
  END IF;
  INSERT INTO _timescaledb_catalog.dimension (hypertable_id, column_name, column_type, num_slices, interval_length, time_interval)
  VALUES (p_hypertable, p_column, v_type, p_partitions, v_length, v_time);
  UPDATE _timescaledb_catalog.hypertable SET num_dimensions = (SELECT count(*) FROM _timescaledb_catalog.dimension WHERE hypertable_id = p_hypertable)
  WHERE id = p_hypertable;
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION _timescaledb_functions.create_hypertable(
  p_relation regclass, p_time_column name, p_partitioning_column name, p_number_partitions integer,
  p_interval text, p_create_default_indexes boolean, p_if_not_exists boolean, p_migrate_data boolean,
  OUT hypertable_id integer, OUT schema_name name, OUT table_name name, OUT created boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_schema name;
  v_table name;
  v_index record;
BEGIN
  IF p_relation IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22004', MESSAGE = 'relation cannot be NULL';
  END IF;
  SELECT n.nspname, c.relname INTO v_schema, v_table
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = p_relation;
  schema_name := v_schema;
  table_name := v_table;
  hypertable_id := _timescaledb_functions.hypertable_id(p_relation);
  IF hypertable_id IS NOT NULL THEN
    IF p_if_not_exists THEN
      RAISE NOTICE 'table "%" is already a hypertable, skipping', v_table;
      created := false;
      RETURN;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'TS110', MESSAGE = format('table "%s" is already a hypertable', v_table);
  END IF;
  PERFORM _timescaledb_functions.require_owner(p_relation);
  IF (SELECT relkind FROM pg_catalog.pg_class WHERE oid = p_relation) <> 'r' THEN
    RAISE EXCEPTION USING ERRCODE = 'TS102', MESSAGE = format('table "%s" is not a regular table', v_table);
  END IF;
  IF NOT p_migrate_data THEN
    EXECUTE format('SELECT EXISTS (SELECT FROM %s)', p_relation) INTO created;
    IF created THEN
      RAISE EXCEPTION USING ERRCODE = 'TS102', MESSAGE = format('table "%s" is not empty', v_table),
        HINT = 'You can migrate data by specifying ''migrate_data => true'' when calling this function.';
    END IF;
  END IF;
  FOR v_index IN
    SELECT i.indexrelid::regclass AS name FROM pg_catalog.pg_index i
    WHERE i.indrelid = p_relation AND i.indisunique
      AND NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = p_relation AND a.attname = p_time_column AND a.attnum = ANY (i.indkey))
  LOOP
    RAISE EXCEPTION USING ERRCODE = 'TS103',
      MESSAGE = format('cannot create a unique index without the column "%s" (used in partitioning)', p_time_column),
      HINT = 'If you''re creating a hypertable on a table with a primary key, ensure the partitioning column is part of the primary or composite key.';
  END LOOP;
  INSERT INTO _timescaledb_catalog.hypertable (schema_name, table_name) VALUES (v_schema, v_table)
  RETURNING id INTO hypertable_id;
  PERFORM _timescaledb_functions.add_dimension_row(hypertable_id, p_relation, p_time_column, NULL, p_interval, false);
  EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET NOT NULL', p_relation, p_time_column);
  IF p_partitioning_column IS NOT NULL THEN
    PERFORM _timescaledb_functions.add_dimension_row(hypertable_id, p_relation, p_partitioning_column,
                                                     coalesce(p_number_partitions, 1), NULL, false);
  END IF;
  IF p_create_default_indexes AND NOT EXISTS (
      SELECT FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indrelid = p_relation AND a.attname = p_time_column) THEN
    EXECUTE format('CREATE INDEX %I ON %s (%I DESC)', v_table || '_' || p_time_column || '_idx', p_relation, p_time_column);
  END IF;
  created := true;
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.create_hypertable(
    relation                REGCLASS,
    time_column_name        NAME,
    partitioning_column     NAME = NULL,
    number_partitions       INTEGER = NULL,
    associated_schema_name  NAME = NULL,
    associated_table_prefix NAME = NULL,
    chunk_time_interval     ANYELEMENT = NULL::bigint,
    create_default_indexes  BOOLEAN = TRUE,
    if_not_exists           BOOLEAN = FALSE,
    partitioning_func       REGPROC = NULL,
    migrate_data            BOOLEAN = FALSE,
    chunk_target_size       TEXT = NULL,
    chunk_sizing_func       REGPROC = NULL,
    time_partitioning_func  REGPROC = NULL
) RETURNS TABLE(hypertable_id INT, schema_name NAME, table_name NAME, created BOOL)
LANGUAGE sql AS $fn$
  SELECT r.hypertable_id, r.schema_name, r.table_name, r.created
  FROM _timescaledb_functions.create_hypertable($1, $2, $3, $4, $7::text, $8, $9, $11) AS r
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.create_hypertable(
    relation                REGCLASS,
    dimension               _timescaledb_internal.dimension_info,
    create_default_indexes  BOOLEAN = TRUE,
    if_not_exists           BOOLEAN = FALSE,
    migrate_data            BOOLEAN = FALSE
) RETURNS TABLE(hypertable_id INT, created BOOL)
LANGUAGE plpgsql AS $fn$
BEGIN
  IF (dimension).kind <> 'range' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'cannot partition using a closed dimension on primary column',
      HINT = 'Use range partitioning on the primary column.';
  END IF;
  RETURN QUERY SELECT r.hypertable_id, r.created
  FROM _timescaledb_functions.create_hypertable(relation, (dimension).column_name, NULL, NULL,
    (dimension).partition_interval, create_default_indexes, if_not_exists, migrate_data) AS r;
END
$fn$;

CREATE OR REPLACE FUNCTION _timescaledb_functions.add_dimension(p_relation regclass, p_column name,
  p_partitions integer, p_interval text, p_if_not_exists boolean, OUT dimension_id integer, OUT created boolean)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id integer := _timescaledb_functions.require_hypertable(p_relation);
BEGIN
  PERFORM _timescaledb_functions.require_owner(p_relation);
  created := _timescaledb_functions.add_dimension_row(v_id, p_relation, p_column, p_partitions, p_interval, p_if_not_exists);
  SELECT d.id INTO dimension_id FROM _timescaledb_catalog.dimension d WHERE d.hypertable_id = v_id AND d.column_name = p_column;
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.add_dimension(
    hypertable              REGCLASS,
    column_name             NAME,
    number_partitions       INTEGER = NULL,
    chunk_time_interval     ANYELEMENT = NULL::BIGINT,
    partitioning_func       REGPROC = NULL,
    if_not_exists           BOOLEAN = FALSE
) RETURNS TABLE(dimension_id INT, schema_name NAME, table_name NAME, column_name NAME, created BOOL)
LANGUAGE sql AS $fn$
  SELECT r.dimension_id, n.nspname, c.relname, $2, r.created
  FROM _timescaledb_functions.add_dimension($1, $2, $3, $4::text, $6) AS r
  JOIN pg_catalog.pg_class c ON c.oid = $1 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.add_dimension(
    hypertable              REGCLASS,
    dimension               _timescaledb_internal.dimension_info,
    if_not_exists           BOOLEAN = FALSE
) RETURNS TABLE(dimension_id INT, created BOOL)
LANGUAGE sql AS $fn$
  SELECT r.dimension_id, r.created FROM _timescaledb_functions.add_dimension($1, ($2).column_name, ($2).number_partitions,
    ($2).partition_interval, $3) AS r
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.set_chunk_time_interval(hypertable REGCLASS, chunk_time_interval ANYELEMENT,
    dimension_name NAME = NULL) RETURNS VOID
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id integer := _timescaledb_functions.require_hypertable(hypertable);
BEGIN
  PERFORM _timescaledb_functions.require_owner(hypertable);
  UPDATE _timescaledb_catalog.dimension d
  SET time_interval = CASE WHEN d.time_interval IS NULL THEN NULL ELSE chunk_time_interval::text::interval END,
      interval_length = CASE WHEN d.time_interval IS NULL THEN chunk_time_interval::text::bigint
                             ELSE (extract(epoch FROM chunk_time_interval::text::interval) * 1000000)::bigint END
  WHERE d.hypertable_id = v_id AND d.num_slices IS NULL AND (dimension_name IS NULL OR d.column_name = dimension_name);
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.set_partitioning_interval(hypertable REGCLASS, partition_interval ANYELEMENT,
    dimension_name NAME = NULL) RETURNS VOID
LANGUAGE sql AS $fn$ SELECT @extschema@.set_chunk_time_interval($1, $2, $3) $fn$;

-- time_bucket: TimescaleDB's default origin is 2000-01-03 (a Monday) for
-- sub-month widths and 2000-01-01 for month widths.
CREATE OR REPLACE FUNCTION _timescaledb_functions.bucket(p_width interval, p_ts timestamp, p_origin timestamp)
RETURNS timestamp LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
  v_months integer;
BEGIN
  IF p_width <= interval '0' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'period must be greater than 0';
  END IF;
  IF extract(month FROM p_width) <> 0 OR extract(year FROM p_width) <> 0 THEN
    IF extract(day FROM p_width) <> 0 OR extract(epoch FROM p_width) % 86400 <> extract(epoch FROM justify_interval(date_trunc('month', p_width))) % 86400 THEN
      RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'month intervals cannot have day or time component';
    END IF;
    v_months := (extract(year FROM p_width) * 12 + extract(month FROM p_width))::integer;
    p_origin := coalesce(p_origin, timestamp '2000-01-01');
    RETURN p_origin + make_interval(months => (floor(((extract(year FROM p_ts) - extract(year FROM p_origin)) * 12
                                                + extract(month FROM p_ts) - extract(month FROM p_origin)) / v_months) * v_months)::integer);
  END IF;
  RETURN date_bin(p_width, p_ts, coalesce(p_origin, timestamp '2000-01-03'));
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts TIMESTAMP) RETURNS TIMESTAMP
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT _timescaledb_functions.bucket($1, $2, NULL) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts TIMESTAMPTZ) RETURNS TIMESTAMPTZ
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT _timescaledb_functions.bucket($1, $2 AT TIME ZONE 'UTC', NULL) AT TIME ZONE 'UTC' $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts DATE) RETURNS DATE
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT _timescaledb_functions.bucket($1, $2::timestamp, NULL)::date $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts TIMESTAMP, origin TIMESTAMP) RETURNS TIMESTAMP
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT _timescaledb_functions.bucket($1, $2, $3) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts TIMESTAMPTZ, origin TIMESTAMPTZ) RETURNS TIMESTAMPTZ
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT _timescaledb_functions.bucket($1, $2 AT TIME ZONE 'UTC', $3 AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts DATE, origin DATE) RETURNS DATE
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT _timescaledb_functions.bucket($1, $2::timestamp, $3::timestamp)::date $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts TIMESTAMP, "offset" INTERVAL) RETURNS TIMESTAMP
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT _timescaledb_functions.bucket($1, $2 - $3, NULL) + $3 $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts TIMESTAMPTZ, "offset" INTERVAL) RETURNS TIMESTAMPTZ
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (_timescaledb_functions.bucket($1, ($2 - $3) AT TIME ZONE 'UTC', NULL) AT TIME ZONE 'UTC') + $3 $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts DATE, "offset" INTERVAL) RETURNS DATE
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (_timescaledb_functions.bucket($1, $2::timestamp - $3, NULL) + $3)::date $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INTERVAL, ts TIMESTAMPTZ, timezone TEXT,
    origin TIMESTAMPTZ DEFAULT NULL, "offset" INTERVAL DEFAULT NULL) RETURNS TIMESTAMPTZ
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT (_timescaledb_functions.bucket($1, ($2 - coalesce($5, interval '0')) AT TIME ZONE $3, $4 AT TIME ZONE $3) AT TIME ZONE $3)
         + coalesce($5, interval '0')
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width SMALLINT, ts SMALLINT) RETURNS SMALLINT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (floor($2::numeric / $1) * $1)::smallint $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INT, ts INT) RETURNS INT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (floor($2::numeric / $1) * $1)::int $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width BIGINT, ts BIGINT) RETURNS BIGINT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (floor($2::numeric / $1) * $1)::bigint $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width INT, ts INT, "offset" INT) RETURNS INT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (floor(($2 - $3)::numeric / $1) * $1)::int + $3 $fn$;
CREATE OR REPLACE FUNCTION @extschema@.time_bucket(bucket_width BIGINT, ts BIGINT, "offset" BIGINT) RETURNS BIGINT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$ SELECT (floor(($2 - $3)::numeric / $1) * $1)::bigint + $3 $fn$;

-- Jobs and policies: recorded in _timescaledb_config.bgw_job, never run.
CREATE OR REPLACE FUNCTION _timescaledb_functions.add_policy(
  p_relation regclass, p_kind name, p_config jsonb, p_if_not_exists boolean, p_schedule interval)
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  v_id integer := _timescaledb_functions.hypertable_id(p_relation);
  v_job integer;
BEGIN
  IF v_id IS NULL AND p_kind <> 'policy_refresh_continuous_aggregate' THEN
    PERFORM _timescaledb_functions.require_hypertable(p_relation);
  END IF;
  PERFORM _timescaledb_functions.require_owner(p_relation);
  SELECT j.id INTO v_job FROM _timescaledb_config.bgw_job j
  WHERE j.proc_name = p_kind AND j.config ->> 'relation' = p_relation::text;
  IF v_job IS NOT NULL THEN
    IF p_if_not_exists THEN
      RAISE NOTICE '% policy already exists for "%", skipping', replace(p_kind, 'policy_', ''), p_relation;
      RETURN -1;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'TS010',
      MESSAGE = format('%s policy already exists for hypertable "%s"', replace(p_kind, 'policy_', ''), p_relation);
  END IF;
  INSERT INTO _timescaledb_config.bgw_job (application_name, schedule_interval, proc_schema, proc_name, hypertable_id, config)
  VALUES (initcap(replace(p_kind, '_', ' ')) || ' [' || p_relation || ']', coalesce(p_schedule, interval '1 day'),
          '_timescaledb_functions', p_kind, v_id, p_config || jsonb_build_object('relation', p_relation::text))
  RETURNING id INTO v_job;
  RETURN v_job;
END
$fn$;

CREATE OR REPLACE FUNCTION _timescaledb_functions.remove_policy(p_relation regclass, p_kind name, p_if_exists boolean)
RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM _timescaledb_functions.require_owner(p_relation);
  DELETE FROM _timescaledb_config.bgw_job j WHERE j.proc_name = p_kind AND j.config ->> 'relation' = p_relation::text;
  IF NOT FOUND THEN
    IF p_if_exists THEN
      RAISE NOTICE '% policy not found for hypertable "%", skipping', replace(p_kind, 'policy_', ''), p_relation;
    ELSE
      RAISE EXCEPTION USING ERRCODE = '42704',
        MESSAGE = format('%s policy not found for hypertable "%s"', replace(p_kind, 'policy_', ''), p_relation);
    END IF;
  END IF;
END
$fn$;

-- Retention and compression policies take the same arguments, named for
-- what the policy does (drop, compress) and the relation it acts on.
DO $stub$
DECLARE
  p record;
BEGIN
  FOR p IN SELECT * FROM (VALUES ('retention', 'relation', 'drop'), ('compression', 'hypertable', 'compress')) AS v(kind, target, verb)
  LOOP
    EXECUTE format('CREATE OR REPLACE FUNCTION @extschema@.add_%1$s_policy(%2$s REGCLASS, %3$s_after ANYELEMENT = NULL::interval,
    if_not_exists BOOL = false, schedule_interval INTERVAL = NULL, initial_start TIMESTAMPTZ = NULL,
    timezone TEXT = NULL, %3$s_created_before INTERVAL = NULL) RETURNS INTEGER
LANGUAGE sql AS $fn$
  SELECT _timescaledb_functions.add_policy($1, ''policy_%1$s'',
    jsonb_build_object(''%3$s_after'', $2::text, ''%3$s_created_before'', $7::text), $3, $4)
$fn$', p.kind, p.target, p.verb);
  END LOOP;
END
$stub$;
CREATE OR REPLACE FUNCTION @extschema@.remove_retention_policy(relation REGCLASS, if_exists BOOL = false) RETURNS VOID
LANGUAGE sql AS $fn$ SELECT _timescaledb_functions.remove_policy($1, 'policy_retention', $2) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.remove_compression_policy(hypertable REGCLASS, if_exists BOOL = false) RETURNS BOOL
LANGUAGE sql AS $fn$ SELECT _timescaledb_functions.remove_policy($1, 'policy_compression', $2); SELECT true $fn$;
CREATE OR REPLACE FUNCTION @extschema@.add_continuous_aggregate_policy(continuous_aggregate REGCLASS, start_offset ANYELEMENT,
    end_offset ANYELEMENT, schedule_interval INTERVAL, if_not_exists BOOL = false, initial_start TIMESTAMPTZ = NULL,
    timezone TEXT = NULL) RETURNS INTEGER
LANGUAGE sql AS $fn$
  SELECT _timescaledb_functions.add_policy($1, 'policy_refresh_continuous_aggregate',
    jsonb_build_object('start_offset', $2::text, 'end_offset', $3::text), $5, $4)
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.remove_continuous_aggregate_policy(continuous_aggregate REGCLASS,
    if_not_exists BOOL = false, if_exists BOOL = NULL) RETURNS VOID
LANGUAGE sql AS $fn$ SELECT _timescaledb_functions.remove_policy($1, 'policy_refresh_continuous_aggregate', coalesce($3, $2)) $fn$;

CREATE OR REPLACE FUNCTION @extschema@.add_job(proc REGPROC, schedule_interval INTERVAL, config JSONB DEFAULT NULL,
    initial_start TIMESTAMPTZ DEFAULT NULL, scheduled BOOL DEFAULT true, check_config REGPROC DEFAULT NULL,
    fixed_schedule BOOL DEFAULT TRUE, timezone TEXT DEFAULT NULL) RETURNS INTEGER
LANGUAGE sql AS $fn$
  INSERT INTO _timescaledb_config.bgw_job (application_name, schedule_interval, proc_schema, proc_name, scheduled, config)
  SELECT 'User-Defined Action [' || (SELECT coalesce(max(id), 999) + 1 FROM _timescaledb_config.bgw_job) || ']', $2,
         n.nspname, p.proname, $5, $3
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.oid = $1
  RETURNING id
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.delete_job(job_id INTEGER) RETURNS VOID
LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM _timescaledb_config.bgw_job WHERE id = job_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = '42704', MESSAGE = format('job %s not found', job_id);
  END IF;
END
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.alter_job(job_id INTEGER, schedule_interval INTERVAL = NULL,
    max_runtime INTERVAL = NULL, max_retries INTEGER = NULL, retry_period INTERVAL = NULL, scheduled BOOL = NULL,
    config JSONB = NULL, next_start TIMESTAMPTZ = NULL, if_exists BOOL = FALSE, check_config REGPROC = NULL,
    fixed_schedule BOOL = NULL, initial_start TIMESTAMPTZ = NULL, timezone TEXT DEFAULT NULL)
RETURNS TABLE (job_id INTEGER, schedule_interval INTERVAL, max_runtime INTERVAL, max_retries INTEGER,
    retry_period INTERVAL, scheduled BOOL, config JSONB, next_start TIMESTAMPTZ, check_config TEXT,
    fixed_schedule BOOL, initial_start TIMESTAMPTZ, timezone TEXT)
LANGUAGE sql AS $fn$
  UPDATE _timescaledb_config.bgw_job j SET schedule_interval = coalesce($2, j.schedule_interval),
    scheduled = coalesce($6, j.scheduled), config = coalesce($7, j.config)
  WHERE j.id = $1
  RETURNING j.id, j.schedule_interval, NULL::interval, -1, interval '5 minutes', j.scheduled, j.config,
    NULL::timestamptz, NULL::text, true, NULL::timestamptz, NULL::text
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.show_chunks(relation REGCLASS, older_than ANYELEMENT = NULL::interval,
    newer_than ANYELEMENT = NULL::interval, created_before ANYELEMENT = NULL::interval,
    created_after ANYELEMENT = NULL::interval) RETURNS SETOF REGCLASS
LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  PERFORM _timescaledb_functions.require_hypertable(relation);
  RETURN;
END
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.drop_chunks(relation REGCLASS, older_than ANYELEMENT = NULL::interval,
    newer_than ANYELEMENT = NULL::interval, verbose BOOLEAN = FALSE, created_before ANYELEMENT = NULL::interval,
    created_after ANYELEMENT = NULL::interval) RETURNS SETOF TEXT
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM _timescaledb_functions.require_hypertable(relation);
  PERFORM _timescaledb_functions.require_owner(relation);
  RETURN;
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.hypertable_size(hypertable REGCLASS) RETURNS BIGINT
LANGUAGE sql STABLE AS $fn$ SELECT pg_catalog.pg_total_relation_size($1) $fn$;
CREATE OR REPLACE FUNCTION @extschema@.approximate_row_count(relation REGCLASS) RETURNS BIGINT
LANGUAGE sql STABLE AS $fn$ SELECT greatest(reltuples, 0)::bigint FROM pg_catalog.pg_class WHERE oid = $1 $fn$;

CREATE OR REPLACE VIEW timescaledb_information.hypertables AS
SELECT h.schema_name AS hypertable_schema, h.table_name AS hypertable_name,
       pg_catalog.pg_get_userbyid(c.relowner) AS owner, h.num_dimensions, 0::bigint AS num_chunks,
       false AS compression_enabled, NULL::name[] AS tablespaces
FROM _timescaledb_catalog.hypertable h
JOIN pg_catalog.pg_namespace n ON n.nspname = h.schema_name
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = h.table_name;

CREATE OR REPLACE VIEW timescaledb_information.dimensions AS
SELECT h.schema_name AS hypertable_schema, h.table_name AS hypertable_name,
       row_number() OVER (PARTITION BY d.hypertable_id ORDER BY d.id) AS dimension_number,
       d.column_name, d.column_type,
       CASE WHEN d.num_slices IS NULL THEN 'Time' ELSE 'Space' END AS dimension_type,
       d.time_interval, CASE WHEN d.time_interval IS NULL THEN d.interval_length END AS integer_interval,
       NULL::name AS integer_now_func, d.num_slices AS num_partitions
FROM _timescaledb_catalog.dimension d JOIN _timescaledb_catalog.hypertable h ON h.id = d.hypertable_id;

CREATE OR REPLACE VIEW timescaledb_information.jobs AS
SELECT j.id AS job_id, j.application_name, j.schedule_interval, NULL::interval AS max_runtime, -1 AS max_retries,
       interval '5 minutes' AS retry_period, j.proc_schema, j.proc_name, j.owner, j.scheduled, true AS fixed_schedule,
       j.config, NULL::timestamptz AS next_start, NULL::timestamptz AS initial_start,
       h.schema_name AS hypertable_schema, h.table_name AS hypertable_name, NULL::name AS check_schema, NULL::name AS check_name
FROM _timescaledb_config.bgw_job j LEFT JOIN _timescaledb_catalog.hypertable h ON h.id = j.hypertable_id;

GRANT SELECT ON ALL TABLES IN SCHEMA timescaledb_information TO PUBLIC;
