-- =============================================================================
-- schemagate platform shim: realtime
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- realtime: Broadcast's message table and helpers (supabase/realtime).
-- The real table is partitioned by day; a plain table behaves the same for
-- DDL, policies and inserts.
-- -----------------------------------------------------------------------------
SELECT schemagate_shim._ensure('realtime.messages', $ddl$
  CREATE TABLE realtime.messages (
    topic text NOT NULL,
    extension text NOT NULL,
    payload jsonb,
    event text,
    private boolean DEFAULT false,
    updated_at timestamp without time zone NOT NULL DEFAULT now(),
    inserted_at timestamp without time zone NOT NULL DEFAULT now(),
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    CONSTRAINT messages_pkey PRIMARY KEY (id, inserted_at)
  );
  CREATE INDEX messages_inserted_at_topic_index ON realtime.messages USING btree (inserted_at DESC, topic)
    WHERE extension = 'broadcast' AND private IS TRUE;
  ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;
  ALTER TABLE realtime.messages OWNER TO supabase_realtime_admin;
  GRANT ALL ON TABLE realtime.messages TO postgres, dashboard_user;
  GRANT SELECT, INSERT, UPDATE ON TABLE realtime.messages TO anon, authenticated, service_role;
$ddl$);

SELECT schemagate_shim._ensure('realtime.topic()', $ddl$
  CREATE FUNCTION realtime.topic() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('realtime.topic', true), '')::text;
  $$;
  ALTER FUNCTION realtime.topic() OWNER TO supabase_realtime_admin;
  GRANT EXECUTE ON FUNCTION realtime.topic() TO postgres, anon, authenticated, service_role;
$ddl$);

SELECT schemagate_shim._ensure('realtime.send(jsonb,text,text,boolean)', $ddl$
  CREATE FUNCTION realtime.send(payload jsonb, event text, topic text, private boolean DEFAULT true)
  RETURNS void LANGUAGE plpgsql AS $$
  BEGIN
    BEGIN
      INSERT INTO realtime.messages (payload, event, topic, private, extension)
      VALUES (payload, event, topic, private, 'broadcast');
    EXCEPTION WHEN OTHERS THEN
      -- Like Realtime: a failed broadcast must not fail the caller's write.
      RAISE WARNING 'ErrorSendingBroadcastMessage: %', SQLERRM;
    END;
  END
  $$;
  ALTER FUNCTION realtime.send(jsonb, text, text, boolean) OWNER TO supabase_realtime_admin;
  GRANT EXECUTE ON FUNCTION realtime.send(jsonb, text, text, boolean) TO postgres, anon, authenticated, service_role;
$ddl$);

SELECT schemagate_shim._ensure('realtime.broadcast_changes(text,text,text,text,text,record,record,text)', $ddl$
  CREATE FUNCTION realtime.broadcast_changes(
    topic_name text, event_name text, operation text, table_name text, table_schema text,
    new record, old record, level text DEFAULT 'ROW'::text
  ) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    row_data jsonb := '{}'::jsonb;
  BEGIN
    IF level = 'STATEMENT' THEN
      RAISE EXCEPTION 'function can only be triggered for each row, not for each statement';
    END IF;
    IF operation IN ('INSERT', 'UPDATE', 'DELETE') THEN
      row_data := jsonb_build_object(
        'old_record', old, 'record', new, 'operation', operation,
        'table', table_name, 'schema', table_schema);
      PERFORM realtime.send(row_data, event_name, topic_name);
    ELSE
      RAISE EXCEPTION 'Unexpected operation type: %', operation;
    END IF;
  END
  $$;
  ALTER FUNCTION realtime.broadcast_changes(text, text, text, text, text, record, record, text) OWNER TO supabase_realtime_admin;
  GRANT EXECUTE ON FUNCTION realtime.broadcast_changes(text, text, text, text, text, record, record, text) TO postgres, anon, authenticated, service_role;
$ddl$);

-- Realtime listens to this publication. It is owned by postgres (created by
-- the init scripts while postgres was still a superuser), which is what lets
-- migrations drop and re-create it.
DO $publication$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_publication WHERE pubname = 'supabase_realtime') THEN
    CREATE PUBLICATION supabase_realtime;
    ALTER PUBLICATION supabase_realtime OWNER TO postgres;
  END IF;
END
$publication$;
