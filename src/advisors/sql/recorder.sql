-- The DDL recorder: an event trigger that logs, for every DDL command the
-- migrations and seeds run, which object it created or changed, in which
-- transaction, and the top-level statement text the client sent. The
-- advisors map each finding's object back to the file and line that
-- created or last changed it through this log.
--
-- Installed by the superuser before the migrations; the migration role can
-- neither read nor write the log (the trigger function is SECURITY DEFINER).
CREATE SCHEMA IF NOT EXISTS schemagate_advisors;
REVOKE ALL ON SCHEMA schemagate_advisors FROM PUBLIC;

CREATE TABLE IF NOT EXISTS schemagate_advisors.ddl_log (
  id bigserial PRIMARY KEY,
  -- The 32-bit transaction id, comparable with a catalog row's xmin.
  xid text NOT NULL,
  query text,
  classid oid,
  objid oid,
  command_tag text,
  identity text
);

CREATE OR REPLACE FUNCTION schemagate_advisors.record_ddl() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  INSERT INTO schemagate_advisors.ddl_log (xid, query, classid, objid, command_tag, identity)
  SELECT (pg_current_xact_id()::text::numeric % 4294967296)::bigint::text,
         current_query(), c.classid, c.objid, c.command_tag, c.object_identity
  FROM pg_event_trigger_ddl_commands() AS c
  -- Objects an extension's script creates belong to the extension.
  WHERE NOT c.in_extension;
END
$$;
REVOKE ALL ON FUNCTION schemagate_advisors.record_ddl() FROM PUBLIC;

DROP EVENT TRIGGER IF EXISTS schemagate_advisors_record;
CREATE EVENT TRIGGER schemagate_advisors_record ON ddl_command_end
  EXECUTE FUNCTION schemagate_advisors.record_ddl();
