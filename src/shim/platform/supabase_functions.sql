-- =============================================================================
-- schemagate platform shim: supabase_functions (Database Webhooks)
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- supabase_functions: Database Webhooks (supabase/postgres 20240822). The
-- trigger function queues requests through pg_net (the pg_net stub when the
-- server has no pg_net); it is only ever resolved at run time.
-- -----------------------------------------------------------------------------
SELECT schemagate_shim._ensure('supabase_functions.migrations', $ddl$
  CREATE TABLE supabase_functions.migrations (
    version text PRIMARY KEY,
    inserted_at timestamp with time zone NOT NULL DEFAULT now()
  );
  INSERT INTO supabase_functions.migrations (version) VALUES ('initial'), ('20210809183423_update_grants');
  ALTER TABLE supabase_functions.migrations OWNER TO supabase_functions_admin;
  GRANT ALL ON TABLE supabase_functions.migrations TO postgres, anon, authenticated, service_role;
$ddl$);

SELECT schemagate_shim._ensure('supabase_functions.hooks', $ddl$
  CREATE TABLE supabase_functions.hooks (
    id bigserial PRIMARY KEY,
    hook_table_id integer NOT NULL,
    hook_name text NOT NULL,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    request_id bigint
  );
  COMMENT ON TABLE supabase_functions.hooks IS 'Supabase Functions Hooks: Audit trail for triggered hooks.';
  CREATE INDEX supabase_functions_hooks_request_id_idx ON supabase_functions.hooks USING btree (request_id);
  CREATE INDEX supabase_functions_hooks_h_table_id_h_name_idx ON supabase_functions.hooks USING btree (hook_table_id, hook_name);
  ALTER TABLE supabase_functions.hooks OWNER TO supabase_functions_admin;
  ALTER SEQUENCE supabase_functions.hooks_id_seq OWNER TO supabase_functions_admin;
  GRANT ALL ON TABLE supabase_functions.hooks TO postgres, anon, authenticated, service_role;
  GRANT ALL ON SEQUENCE supabase_functions.hooks_id_seq TO postgres, anon, authenticated, service_role;
$ddl$);

-- Trigger arguments: url, method, headers (json), params (json), timeout_ms.
SELECT schemagate_shim._ensure('supabase_functions.http_request()', $ddl$
  CREATE FUNCTION supabase_functions.http_request() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = supabase_functions AS $$
  DECLARE
    request_id bigint;
    payload jsonb;
    url text := TG_ARGV[0]::text;
    method text := TG_ARGV[1]::text;
    headers jsonb DEFAULT '{}'::jsonb;
    params jsonb DEFAULT '{}'::jsonb;
    timeout_ms integer DEFAULT 1000;
  BEGIN
    IF url IS NULL OR url = 'null' THEN
      RAISE EXCEPTION 'url argument is missing';
    END IF;
    IF method IS NULL OR method = 'null' THEN
      RAISE EXCEPTION 'method argument is missing';
    END IF;
    headers := CASE WHEN TG_ARGV[2] IS NULL OR TG_ARGV[2] = 'null'
                    THEN '{"Content-Type": "application/json"}'::jsonb ELSE TG_ARGV[2]::jsonb END;
    params := CASE WHEN TG_ARGV[3] IS NULL OR TG_ARGV[3] = 'null'
                   THEN '{}'::jsonb ELSE TG_ARGV[3]::jsonb END;
    timeout_ms := CASE WHEN TG_ARGV[4] IS NULL OR TG_ARGV[4] = 'null'
                       THEN 1000 ELSE TG_ARGV[4]::integer END;
    CASE
      WHEN method = 'GET' THEN
        SELECT http_get INTO request_id FROM net.http_get(url, params, headers, timeout_ms);
      WHEN method = 'POST' THEN
        payload := jsonb_build_object('old_record', OLD, 'record', NEW, 'type', TG_OP,
                                      'table', TG_TABLE_NAME, 'schema', TG_TABLE_SCHEMA);
        SELECT http_post INTO request_id FROM net.http_post(url, payload, params, headers, timeout_ms);
      ELSE
        RAISE EXCEPTION 'method argument % is invalid', method;
    END CASE;
    INSERT INTO supabase_functions.hooks (hook_table_id, hook_name, request_id)
    VALUES (TG_RELID, TG_NAME, request_id);
    RETURN NEW;
  END
  $$;
  ALTER FUNCTION supabase_functions.http_request() OWNER TO supabase_functions_admin;
  REVOKE ALL ON FUNCTION supabase_functions.http_request() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION supabase_functions.http_request() TO postgres, anon, authenticated, service_role;
$ddl$);
