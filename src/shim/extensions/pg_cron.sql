-- schemagate stub: pg_cron (job scheduler, citusdata/pg_cron 1.6 API).
-- Provides schema cron with cron.job, cron.job_run_details and the
-- functions migrations call: schedule(text,text), schedule(text,text,text),
-- schedule_in_database, alter_job, unschedule(bigint), unschedule(text).
-- Jobs are recorded but never run: there is no background worker.
-- On Supabase, supautils forces pg_cron into pg_catalog whatever schema is
-- asked for (extensions_parameter_overrides), hence schema-override.
-- Grants follow supabase/postgres (postgres may read cron.job and use the
-- functions; the functions act for the calling role).
-- schemagate: schema=pg_catalog
-- schemagate: schema-override
-- schemagate: version=1.6

-- cron.schedule & co. are security definer and write cron.job: a cron
-- schema someone else created beforehand could hold a cron.job with their
-- triggers, which would then run as a superuser.
SELECT schemagate_shim._stub_own_schema('cron', 'pg_cron');

CREATE SEQUENCE IF NOT EXISTS cron.jobid_seq;
CREATE SEQUENCE IF NOT EXISTS cron.runid_seq;

CREATE TABLE IF NOT EXISTS cron.job (
  jobid bigint PRIMARY KEY DEFAULT nextval('cron.jobid_seq'),
  schedule text NOT NULL,
  command text NOT NULL,
  nodename text NOT NULL DEFAULT 'localhost',
  -- inet_server_port() is NULL over a Unix socket; pg_cron uses the port setting.
  nodeport integer NOT NULL DEFAULT coalesce(inet_server_port(), current_setting('port')::integer),
  database text NOT NULL DEFAULT current_database(),
  username text NOT NULL DEFAULT CURRENT_USER,
  active boolean NOT NULL DEFAULT true,
  jobname text,
  CONSTRAINT jobname_username_uniq UNIQUE (jobname, username)
);

CREATE TABLE IF NOT EXISTS cron.job_run_details (
  jobid bigint,
  runid bigint PRIMARY KEY DEFAULT nextval('cron.runid_seq'),
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamp with time zone,
  end_time timestamp with time zone
);

ALTER TABLE cron.job ENABLE ROW LEVEL SECURITY;
ALTER TABLE cron.job_run_details ENABLE ROW LEVEL SECURITY;
DO $stub$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_policy WHERE polname = 'cron_job_policy' AND polrelid = 'cron.job'::regclass) THEN
    CREATE POLICY cron_job_policy ON cron.job USING (username = CURRENT_USER);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_policy WHERE polname = 'cron_job_run_details_policy' AND polrelid = 'cron.job_run_details'::regclass) THEN
    CREATE POLICY cron_job_run_details_policy ON cron.job_run_details USING (username = CURRENT_USER);
  END IF;
END
$stub$;

-- pg_cron rejects a malformed schedule when the job is created, so a
-- migration with a typo fails in production; accept what pg_cron accepts:
-- five cron fields, '@keyword', or 'N seconds' (1-59).
CREATE OR REPLACE FUNCTION cron._schemagate_check_schedule(schedule text)
RETURNS void LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  s text := btrim(schedule);
BEGIN
  IF s ~* '^@(yearly|annually|monthly|weekly|daily|hourly|reboot)$'
     OR s ~* '^[1-5]?[0-9]\s+seconds?$'
     OR array_length(regexp_split_to_array(s, '\s+'), 1) = 5
        AND s ~ '^[0-9A-Za-z*/,$?-]+(\s+[0-9A-Za-z*/,$?-]+){4}$' THEN
    RETURN;
  END IF;
  RAISE EXCEPTION 'invalid schedule: %', schedule
    USING HINT = 'Use cron format (e.g. 5 4 * * *), or interval format ''[1-59] seconds''';
END
$fn$;

-- The calling role, not the owner these security-definer functions run as.
CREATE OR REPLACE FUNCTION cron._schemagate_caller()
RETURNS text LANGUAGE sql STABLE AS $fn$
  SELECT coalesce(nullif(current_setting('role'), 'none'), session_user)::text
$fn$;

CREATE OR REPLACE FUNCTION cron.schedule(schedule text, command text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  v_id bigint;
BEGIN
  IF schedule IS NULL OR command IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM cron._schemagate_check_schedule(schedule);
  INSERT INTO cron.job (schedule, command, username)
  VALUES (schedule, command, cron._schemagate_caller())
  RETURNING jobid INTO v_id;
  RETURN v_id;
END
$fn$;

CREATE OR REPLACE FUNCTION cron.schedule(job_name text, schedule text, command text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  v_id bigint;
  v_user text := cron._schemagate_caller();
BEGIN
  IF job_name IS NULL OR schedule IS NULL OR command IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM cron._schemagate_check_schedule(schedule);
  -- Scheduling an existing name replaces that job, as pg_cron does.
  INSERT INTO cron.job (jobname, schedule, command, username)
  VALUES (job_name, schedule, command, v_user)
  ON CONFLICT ON CONSTRAINT jobname_username_uniq DO UPDATE
    SET schedule = EXCLUDED.schedule, command = EXCLUDED.command, active = true
  RETURNING jobid INTO v_id;
  RETURN v_id;
END
$fn$;

CREATE OR REPLACE FUNCTION cron.schedule_in_database(
  job_name text, schedule text, command text, database text,
  username text DEFAULT NULL::text, active boolean DEFAULT true
) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  v_id bigint;
BEGIN
  PERFORM cron._schemagate_check_schedule(schedule);
  INSERT INTO cron.job (jobname, schedule, command, database, username, active)
  VALUES (job_name, schedule, command, database, coalesce(username, cron._schemagate_caller()), coalesce(active, true))
  ON CONFLICT ON CONSTRAINT jobname_username_uniq DO UPDATE
    SET schedule = EXCLUDED.schedule, command = EXCLUDED.command,
        database = EXCLUDED.database, active = EXCLUDED.active
  RETURNING jobid INTO v_id;
  RETURN v_id;
END
$fn$;

CREATE OR REPLACE FUNCTION cron.alter_job(
  job_id bigint, schedule text DEFAULT NULL::text, command text DEFAULT NULL::text,
  database text DEFAULT NULL::text, username text DEFAULT NULL::text, active boolean DEFAULT NULL::boolean
) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  IF schedule IS NOT NULL THEN
    PERFORM cron._schemagate_check_schedule(schedule);
  END IF;
  UPDATE cron.job j
  SET schedule = coalesce(alter_job.schedule, j.schedule),
      command = coalesce(alter_job.command, j.command),
      database = coalesce(alter_job.database, j.database),
      username = coalesce(alter_job.username, j.username),
      active = coalesce(alter_job.active, j.active)
  WHERE j.jobid = job_id AND j.username = cron._schemagate_caller();
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Job % does not exist or you don''t own it', job_id;
  END IF;
END
$fn$;

-- unschedule by id or by name: the caller's job goes, or it is an error.
DO $stub$
DECLARE
  k record;
BEGIN
  FOR k IN SELECT * FROM (VALUES
      ('job_id', 'bigint', 'jobid', 'could not find valid entry for job %'),
      ('job_name', 'text', 'jobname', 'could not find valid entry for job ''%''')) AS v(arg, type, col, message)
  LOOP
    EXECUTE format('CREATE OR REPLACE FUNCTION cron.unschedule(%1$s %2$s)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
  DELETE FROM cron.job j WHERE j.%3$s = %1$s AND j.username = cron._schemagate_caller();
  IF NOT FOUND THEN
    RAISE EXCEPTION %4$L, %1$s;
  END IF;
  RETURN true;
END
$fn$', k.arg, k.type, k.col, k.message);
  END LOOP;
END
$stub$;

CREATE OR REPLACE FUNCTION cron.job_cache_invalidate()
RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN NULL;
END
$fn$;

GRANT USAGE ON SCHEMA cron TO postgres WITH GRANT OPTION;
GRANT SELECT ON TABLE cron.job TO postgres WITH GRANT OPTION;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES ON TABLE cron.job_run_details TO postgres WITH GRANT OPTION;
GRANT ALL ON ALL SEQUENCES IN SCHEMA cron TO postgres WITH GRANT OPTION;
REVOKE ALL ON FUNCTION cron._schemagate_check_schedule(text), cron._schemagate_caller() FROM PUBLIC;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA cron TO postgres WITH GRANT OPTION;
