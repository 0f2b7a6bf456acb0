-- The minimum every throwaway database gets, shim or not: the migration
-- role `postgres` as Supabase defines it (not a superuser), able to create
-- objects in this database. Runs as the bootstrap superuser; idempotent, and
-- it never changes an existing role, because on the `url` backend roles are
-- the user's own.
DO $base$
BEGIN
  -- On a user's own server (the url backend) the bootstrap superuser has
  -- another name; the shim's objects belong to supabase_admin as on
  -- Supabase, and its extension bridge needs that owner to be a superuser.
  -- It cannot log in.
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'supabase_admin') THEN
    CREATE ROLE supabase_admin SUPERUSER NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'postgres') THEN
    CREATE ROLE postgres LOGIN CREATEDB CREATEROLE REPLICATION BYPASSRLS;
  END IF;
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = 'postgres') THEN
    EXECUTE format('GRANT ALL ON DATABASE %I TO postgres', current_database());
    GRANT ALL ON SCHEMA public TO postgres;
  END IF;
END
$base$;
