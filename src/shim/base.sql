-- The minimum every throwaway database gets, shim or not: the migration
-- role `postgres` as Supabase defines it (not a superuser), able to create
-- objects in this database. Runs as the bootstrap superuser; idempotent, and
-- it never changes an existing role, because on the `url` backend roles are
-- the user's own.
DO $base$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'postgres') THEN
    CREATE ROLE postgres LOGIN CREATEDB CREATEROLE REPLICATION BYPASSRLS;
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres') THEN
    EXECUTE format('GRANT ALL ON DATABASE %I TO postgres', current_database());
    GRANT ALL ON SCHEMA public TO postgres;
  END IF;
END
$base$;
