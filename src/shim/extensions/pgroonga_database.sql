-- schemagate emulation: pgroonga_database 3.2.5 (PGroonga's
-- pgroonga_database_remove(), which deletes the database's Groonga files).
-- There are none here, so it reports that nothing was removed.
-- schemagate: version=3.2.5

CREATE OR REPLACE FUNCTION @extschema@.pgroonga_database_remove() RETURNS boolean
  LANGUAGE sql VOLATILE STRICT AS $fn$ SELECT false $fn$;
