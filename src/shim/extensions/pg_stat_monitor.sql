-- schemagate emulation: pg_stat_monitor 2.1.0 (Percona's query statistics).
-- The view pg_stat_monitor with PostgreSQL 15's column set and the
-- extension's functions (pg_stat_monitor_reset, pg_stat_monitor_version,
-- get_cmd_type, decode_error_level, range, get_histogram_timings,
-- histogram) exist, so migrations and grants that name them work; no
-- statistics are collected here, so the view is always empty.
-- schemagate: version=2.1

CREATE OR REPLACE FUNCTION @extschema@.pg_stat_monitor_internal(
  IN showtext boolean,
  OUT bucket int8,
  OUT userid oid,
  OUT username text,
  OUT dbid oid,
  OUT datname text,
  OUT client_ip int8,
  OUT queryid int8,
  OUT planid int8,
  OUT query text,
  OUT query_plan text,
  OUT pgsm_query_id int8,
  OUT top_queryid int8,
  OUT top_query text,
  OUT application_name text,
  OUT relations text,
  OUT cmd_type int,
  OUT elevel int,
  OUT sqlcode text,
  OUT message text,
  OUT bucket_start_time timestamptz,
  OUT calls int8,
  OUT total_exec_time float8,
  OUT min_exec_time float8,
  OUT max_exec_time float8,
  OUT mean_exec_time float8,
  OUT stddev_exec_time float8,
  OUT rows int8,
  OUT plans int8,
  OUT total_plan_time float8,
  OUT min_plan_time float8,
  OUT max_plan_time float8,
  OUT mean_plan_time float8,
  OUT stddev_plan_time float8,
  OUT shared_blks_hit int8,
  OUT shared_blks_read int8,
  OUT shared_blks_dirtied int8,
  OUT shared_blks_written int8,
  OUT local_blks_hit int8,
  OUT local_blks_read int8,
  OUT local_blks_dirtied int8,
  OUT local_blks_written int8,
  OUT temp_blks_read int8,
  OUT temp_blks_written int8,
  OUT shared_blk_read_time float8,
  OUT shared_blk_write_time float8,
  OUT local_blk_read_time float8,
  OUT local_blk_write_time float8,
  OUT temp_blk_read_time float8,
  OUT temp_blk_write_time float8,
  OUT resp_calls text,
  OUT cpu_user_time float8,
  OUT cpu_sys_time float8,
  OUT wal_records int8,
  OUT wal_fpi int8,
  OUT wal_bytes numeric,
  OUT comments text,
  OUT jit_functions int8,
  OUT jit_generation_time float8,
  OUT jit_inlining_count int8,
  OUT jit_inlining_time float8,
  OUT jit_optimization_count int8,
  OUT jit_optimization_time float8,
  OUT jit_emission_count int8,
  OUT jit_emission_time float8,
  OUT jit_deform_count int8,
  OUT jit_deform_time float8,
  OUT stats_since timestamptz,
  OUT minmax_stats_since timestamptz,
  OUT toplevel boolean,
  OUT bucket_done boolean)
RETURNS SETOF record LANGUAGE sql STRICT VOLATILE PARALLEL SAFE AS $fn$
  SELECT NULL::int8, NULL::oid, NULL::text, NULL::oid, NULL::text, NULL::int8, NULL::int8, NULL::int8, NULL::text, NULL::text, NULL::int8, NULL::int8, NULL::text, NULL::text, NULL::text, NULL::int, NULL::int, NULL::text, NULL::text, NULL::timestamptz, NULL::int8, NULL::float8, NULL::float8, NULL::float8, NULL::float8, NULL::float8, NULL::int8, NULL::int8, NULL::float8, NULL::float8, NULL::float8, NULL::float8, NULL::float8, NULL::int8, NULL::int8, NULL::int8, NULL::int8, NULL::int8, NULL::int8, NULL::int8, NULL::int8, NULL::int8, NULL::int8, NULL::float8, NULL::float8, NULL::float8, NULL::float8, NULL::float8, NULL::float8, NULL::text, NULL::float8, NULL::float8, NULL::int8, NULL::int8, NULL::numeric, NULL::text, NULL::int8, NULL::float8, NULL::int8, NULL::float8, NULL::int8, NULL::float8, NULL::int8, NULL::float8, NULL::int8, NULL::float8, NULL::timestamptz, NULL::timestamptz, NULL::boolean, NULL::boolean WHERE false
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.pg_stat_monitor_reset() RETURNS void
  LANGUAGE sql PARALLEL SAFE AS $fn$ SELECT $fn$;
CREATE OR REPLACE FUNCTION @extschema@.pg_stat_monitor_version() RETURNS text
  LANGUAGE sql PARALLEL SAFE AS $fn$ SELECT '2.1.0'::text $fn$;
CREATE OR REPLACE FUNCTION @extschema@.get_histogram_timings() RETURNS text
  LANGUAGE sql PARALLEL SAFE AS $fn$ SELECT ''::text $fn$;
CREATE OR REPLACE FUNCTION @extschema@.range() RETURNS text[]
  LANGUAGE sql PARALLEL SAFE AS $fn$ SELECT '{}'::text[] $fn$;
CREATE OR REPLACE FUNCTION @extschema@.get_cmd_type(cmd_type integer) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE cmd_type WHEN 0 THEN '' WHEN 1 THEN 'SELECT' WHEN 2 THEN 'UPDATE' WHEN 3 THEN 'INSERT'
                       WHEN 4 THEN 'DELETE' WHEN 5 THEN 'UTILITY' WHEN 6 THEN 'NOTHING' END
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.decode_error_level(elevel integer) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE elevel WHEN 0 THEN '' WHEN 10 THEN 'DEBUG5' WHEN 11 THEN 'DEBUG4' WHEN 12 THEN 'DEBUG3'
                     WHEN 13 THEN 'DEBUG2' WHEN 14 THEN 'DEBUG1' WHEN 15 THEN 'LOG' WHEN 16 THEN 'LOG_SERVER_ONLY'
                     WHEN 17 THEN 'INFO' WHEN 18 THEN 'NOTICE' WHEN 19 THEN 'WARNING' WHEN 20 THEN 'WARNING_CLIENT_ONLY'
                     WHEN 21 THEN 'ERROR' WHEN 22 THEN 'FATAL' WHEN 23 THEN 'PANIC' END
$fn$;
CREATE OR REPLACE FUNCTION @extschema@.histogram(_bucket integer, _quryid bigint, OUT range text, OUT freq integer, OUT bar text)
  RETURNS SETOF record LANGUAGE sql STRICT AS $fn$ SELECT NULL::text, NULL::integer, NULL::text WHERE false $fn$;

CREATE OR REPLACE VIEW @extschema@.pg_stat_monitor AS SELECT
  bucket, bucket_start_time, userid, username, dbid, datname, '0.0.0.0'::inet + client_ip AS client_ip, pgsm_query_id, queryid, toplevel, top_queryid, query, comments, planid, query_plan, top_query, application_name, string_to_array(relations, ',') AS relations, cmd_type, @extschema@.get_cmd_type(cmd_type) AS cmd_type_text, elevel, sqlcode, message, calls, total_exec_time, min_exec_time, max_exec_time, mean_exec_time, stddev_exec_time, rows, shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written, local_blks_hit, local_blks_read, local_blks_dirtied, local_blks_written, temp_blks_read, temp_blks_written, shared_blk_read_time AS blk_read_time, shared_blk_write_time AS blk_write_time, temp_blk_read_time, temp_blk_write_time, string_to_array(resp_calls, ',') AS resp_calls, cpu_user_time, cpu_sys_time, wal_records, wal_fpi, wal_bytes, bucket_done, plans, total_plan_time, min_plan_time, max_plan_time, mean_plan_time, stddev_plan_time, jit_functions, jit_generation_time, jit_inlining_count, jit_inlining_time, jit_optimization_count, jit_optimization_time, jit_emission_count, jit_emission_time
FROM @extschema@.pg_stat_monitor_internal(true)
ORDER BY bucket_start_time;

GRANT SELECT ON @extschema@.pg_stat_monitor TO PUBLIC;
