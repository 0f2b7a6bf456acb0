-- schemagate stub: pgmq (Postgres message queues, tembo-io/pgmq 1.4 API,
-- behind Supabase Queues). pgmq is itself plain SQL, so this is a small but
-- working implementation: schema pgmq, pgmq.meta, the message_record and
-- queue_record types, and create / create_unlogged / drop_queue /
-- purge_queue / send / send_batch / read / pop / delete / archive / set_vt /
-- list_queues. Each queue gets pgmq.q_<name> and pgmq.a_<name> tables like
-- the real extension. On Supabase pgmq is not a privileged extension:
-- postgres creates it as itself, often in a schema pgmq it created just
-- before (what the dashboard writes), and owns its objects; so does this
-- emulation (run-as-caller).
-- The control file fixes the schema to pgmq.
-- schemagate: schema=pgmq
-- schemagate: run-as-caller
-- schemagate: version=1.4.4


CREATE TABLE IF NOT EXISTS pgmq.meta (
  queue_name character varying NOT NULL UNIQUE,
  is_partitioned boolean NOT NULL,
  is_unlogged boolean NOT NULL,
  created_at timestamp with time zone NOT NULL DEFAULT now()
);

DO $stub$
BEGIN
  IF to_regtype('pgmq.message_record') IS NULL THEN
    CREATE TYPE pgmq.message_record AS (
      msg_id bigint, read_ct integer, enqueued_at timestamp with time zone,
      vt timestamp with time zone, message jsonb);
  END IF;
  IF to_regtype('pgmq.queue_record') IS NULL THEN
    CREATE TYPE pgmq.queue_record AS (
      queue_name character varying, is_partitioned boolean, is_unlogged boolean,
      created_at timestamp with time zone);
  END IF;
END
$stub$;

-- Queue names become table names; pgmq allows letters, digits, underscores.
CREATE OR REPLACE FUNCTION pgmq._schemagate_table(queue_name text, prefix text)
RETURNS text LANGUAGE plpgsql IMMUTABLE AS $fn$
BEGIN
  IF queue_name !~ '^[A-Za-z0-9_]+$' OR length(queue_name) > 47 THEN
    RAISE EXCEPTION 'queue name contains invalid characters: $, ;, --, or \''';
  END IF;
  RETURN format('pgmq.%I', prefix || '_' || lower(queue_name));
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq._schemagate_create(queue_name text, unlogged boolean)
RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  q text := pgmq._schemagate_table(queue_name, 'q');
  a text := pgmq._schemagate_table(queue_name, 'a');
  kind text := CASE WHEN unlogged THEN 'UNLOGGED ' ELSE '' END;
BEGIN
  EXECUTE format('CREATE %sTABLE IF NOT EXISTS %s (
      msg_id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
      read_ct integer DEFAULT 0 NOT NULL,
      enqueued_at timestamp with time zone DEFAULT now() NOT NULL,
      vt timestamp with time zone NOT NULL,
      message jsonb)', kind, q);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %s (
      msg_id bigint PRIMARY KEY,
      read_ct integer DEFAULT 0 NOT NULL,
      enqueued_at timestamp with time zone DEFAULT now() NOT NULL,
      archived_at timestamp with time zone DEFAULT now() NOT NULL,
      vt timestamp with time zone NOT NULL,
      message jsonb)', a);
  INSERT INTO pgmq.meta (queue_name, is_partitioned, is_unlogged)
  VALUES (queue_name, false, unlogged)
  ON CONFLICT ON CONSTRAINT meta_queue_name_key DO NOTHING;
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq."create"(queue_name text)
RETURNS void LANGUAGE sql AS $fn$ SELECT pgmq._schemagate_create(queue_name, false) $fn$;

CREATE OR REPLACE FUNCTION pgmq.create_non_partitioned(queue_name text)
RETURNS void LANGUAGE sql AS $fn$ SELECT pgmq._schemagate_create(queue_name, false) $fn$;

CREATE OR REPLACE FUNCTION pgmq.create_unlogged(queue_name text)
RETURNS void LANGUAGE sql AS $fn$ SELECT pgmq._schemagate_create(queue_name, true) $fn$;

CREATE OR REPLACE FUNCTION pgmq.drop_queue(queue_name text)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS %s', pgmq._schemagate_table(queue_name, 'q'));
  EXECUTE format('DROP TABLE IF EXISTS %s', pgmq._schemagate_table(queue_name, 'a'));
  DELETE FROM pgmq.meta m WHERE m.queue_name = drop_queue.queue_name;
  RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq.purge_queue(queue_name text)
RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE
  n bigint;
BEGIN
  EXECUTE format('WITH d AS (DELETE FROM %s RETURNING 1) SELECT count(*) FROM d',
                 pgmq._schemagate_table(queue_name, 'q')) INTO n;
  RETURN n;
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay integer DEFAULT 0)
RETURNS SETOF bigint LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'INSERT INTO %s (vt, message) SELECT clock_timestamp() + make_interval(secs => $1), m FROM unnest($2) AS m RETURNING msg_id',
    pgmq._schemagate_table(queue_name, 'q'))
  USING delay, msgs;
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq.send(queue_name text, msg jsonb, delay integer DEFAULT 0)
RETURNS SETOF bigint LANGUAGE sql AS $fn$
  SELECT pgmq.send_batch(queue_name, ARRAY[msg], delay)
$fn$;

CREATE OR REPLACE FUNCTION pgmq.read(queue_name text, vt integer, qty integer)
RETURNS SETOF pgmq.message_record LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'WITH cte AS (SELECT msg_id FROM %1$s WHERE vt <= clock_timestamp() ORDER BY msg_id LIMIT $1 FOR UPDATE SKIP LOCKED)
     UPDATE %1$s m SET vt = clock_timestamp() + make_interval(secs => $2), read_ct = read_ct + 1
     FROM cte WHERE m.msg_id = cte.msg_id
     RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message',
    pgmq._schemagate_table(queue_name, 'q'))
  USING qty, vt;
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq.pop(queue_name text)
RETURNS SETOF pgmq.message_record LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'WITH cte AS (SELECT msg_id FROM %1$s WHERE vt <= clock_timestamp() ORDER BY msg_id LIMIT 1 FOR UPDATE SKIP LOCKED)
     DELETE FROM %1$s m USING cte WHERE m.msg_id = cte.msg_id
     RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message',
    pgmq._schemagate_table(queue_name, 'q'));
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq.delete(queue_name text, msg_ids bigint[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY EXECUTE format('DELETE FROM %s WHERE msg_id = ANY($1) RETURNING msg_id',
                              pgmq._schemagate_table(queue_name, 'q'))
  USING msg_ids;
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq.archive(queue_name text, msg_ids bigint[])
RETURNS SETOF bigint LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'WITH moved AS (DELETE FROM %s WHERE msg_id = ANY($1) RETURNING msg_id, read_ct, enqueued_at, vt, message)
     INSERT INTO %s (msg_id, read_ct, enqueued_at, vt, message)
     SELECT msg_id, read_ct, enqueued_at, vt, message FROM moved RETURNING msg_id',
    pgmq._schemagate_table(queue_name, 'q'), pgmq._schemagate_table(queue_name, 'a'))
  USING msg_ids;
END
$fn$;

-- One message: the function for many, with a batch of one.
DO $stub$
DECLARE
  v_name text;
BEGIN
  FOREACH v_name IN ARRAY ARRAY['delete', 'archive'] LOOP
    EXECUTE format('CREATE OR REPLACE FUNCTION pgmq.%1$s(queue_name text, msg_id bigint) RETURNS boolean LANGUAGE sql AS $fn$
  SELECT EXISTS (SELECT FROM pgmq.%1$s(queue_name, ARRAY[msg_id]))
$fn$', v_name);
  END LOOP;
END
$stub$;

CREATE OR REPLACE FUNCTION pgmq.set_vt(queue_name text, msg_id bigint, vt integer)
RETURNS SETOF pgmq.message_record LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY EXECUTE format(
    'UPDATE %s SET vt = clock_timestamp() + make_interval(secs => $2) WHERE msg_id = $1
     RETURNING msg_id, read_ct, enqueued_at, vt, message',
    pgmq._schemagate_table(queue_name, 'q'))
  USING msg_id, vt;
END
$fn$;

CREATE OR REPLACE FUNCTION pgmq.list_queues()
RETURNS SETOF pgmq.queue_record LANGUAGE sql STABLE AS $fn$
  SELECT m.queue_name, m.is_partitioned, m.is_unlogged, m.created_at FROM pgmq.meta m
$fn$;

GRANT USAGE, CREATE ON SCHEMA pgmq TO postgres;
GRANT USAGE ON SCHEMA pgmq TO anon, authenticated, service_role;
GRANT ALL ON TABLE pgmq.meta TO postgres, service_role;
GRANT SELECT ON TABLE pgmq.meta TO anon, authenticated;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgmq TO postgres, service_role;
