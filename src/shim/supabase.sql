-- =============================================================================
-- schemagate Supabase compatibility shim (core)
--
-- Gives a plain PostgreSQL 15 database what a Supabase project's database
-- provides before its first migration runs, so that migrations written for
-- Supabase apply here with the same permissions they get in production:
--   * the platform roles (postgres is NOT a superuser) and their memberships;
--   * the schemas auth, storage, realtime, vault, extensions, graphql,
--     graphql_public, pgbouncer, supabase_functions, supabase_migrations;
--   * auth.users / auth.identities (and the other auth tables migrations
--     reference), auth.uid()/role()/email()/jwt();
--   * storage.buckets / storage.objects and storage's helper functions;
--   * realtime.messages, realtime.topic()/send()/broadcast_changes() and the
--     empty supabase_realtime publication;
--   * vault.secrets / vault.decrypted_secrets / vault.create_secret()/
--     update_secret() (secrets are stored unencrypted: this is a throwaway
--     database);
--   * supabase_functions.hooks / http_request(), pgbouncer.get_auth();
--   * pgcrypto, uuid-ossp (and pg_stat_statements) in schema extensions;
--   * the schemagate_shim schema: the CREATE EXTENSION bridge
--     (schemagate_shim.create_extension), the extension stub registry, and an
--     emulation of supautils' policy_grants / drop_trigger_grants.
--
-- Where the definitions come from: supabase/postgres
-- (migrations/db/init-scripts and migrations/db/migrations, ansible
-- supautils.conf), the auth (GoTrue) and storage services' own migrations,
-- supabase/realtime, supabase/vault, and the Supabase CLI (pkg/migration).
-- Everything here is written for schemagate; nothing is copied.
--
-- Contract: executed by the superuser supabase_admin, connected to the
-- target database, as one simple-protocol multi-statement string (hence one
-- implicit transaction: it applies completely or not at all). Idempotent:
-- objects that already exist (a second run, or the real supabase/postgres
-- image) are left alone; only schemagate_shim's own functions are replaced.
-- Roles are cluster-wide and are only ever created, never altered.
-- After it, the caller loads src/shim/extensions/*.sql into
-- schemagate_shim.extension_stubs and then runs src/shim/extensions.sql.
-- =============================================================================

DO $guard$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    RAISE EXCEPTION 'the schemagate shim must be installed by a superuser (connected as %)', current_user;
  END IF;
END
$guard$;

-- Everything below names its schema explicitly; an empty path makes a
-- forgotten qualification fail loudly instead of landing in public.
SET LOCAL search_path = pg_catalog;
SET LOCAL client_min_messages = warning;

-- -----------------------------------------------------------------------------
-- Roles. Created only when missing; an existing role (a user's own server, or
-- the real image) keeps its attributes. Memberships are added when missing.
-- -----------------------------------------------------------------------------
DO $roles$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT * FROM (VALUES
      -- the role migrations run as: Supabase demotes it from superuser
      ('postgres',                   'LOGIN CREATEDB CREATEROLE REPLICATION BYPASSRLS NOSUPERUSER'),
      -- PostgREST's request roles (INHERIT since supabase/postgres 20230529)
      ('anon',                       'NOLOGIN INHERIT'),
      ('authenticated',              'NOLOGIN INHERIT'),
      ('service_role',               'NOLOGIN INHERIT BYPASSRLS'),
      ('authenticator',              'LOGIN NOINHERIT'),
      -- service owners: own their schemas' objects
      ('supabase_auth_admin',        'LOGIN NOINHERIT CREATEROLE'),
      ('supabase_storage_admin',     'LOGIN NOINHERIT CREATEROLE'),
      ('supabase_functions_admin',   'LOGIN NOINHERIT CREATEROLE'),
      ('supabase_realtime_admin',    'NOLOGIN NOINHERIT'),
      ('dashboard_user',             'NOLOGIN CREATEDB CREATEROLE REPLICATION'),
      ('pgbouncer',                  'LOGIN'),
      ('supabase_replication_admin', 'LOGIN REPLICATION'),
      ('supabase_read_only_user',    'LOGIN BYPASSRLS')
    ) AS t(name, attributes)
  LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r.name) THEN
      EXECUTE format('CREATE ROLE %I %s', r.name, r.attributes);
    END IF;
  END LOOP;

  -- (member, role). postgres is deliberately NOT a member of
  -- supabase_auth_admin / supabase_storage_admin: Supabase revoked those in
  -- 2024-2025 (migrations 20240319..., 20240606..., 20250421...), and with
  -- them postgres would inherit ownership of auth.users, so
  -- `ALTER TABLE auth.users ...` would succeed here and fail in production.
  FOR r IN
    SELECT * FROM (VALUES
      ('postgres',                'anon'),
      ('postgres',                'authenticated'),
      ('postgres',                'service_role'),
      ('postgres',                'supabase_functions_admin'),
      ('authenticator',           'anon'),
      ('authenticator',           'authenticated'),
      ('authenticator',           'service_role'),
      ('supabase_realtime_admin', 'anon'),
      ('supabase_realtime_admin', 'authenticated'),
      ('supabase_realtime_admin', 'service_role'),
      ('supabase_read_only_user', 'pg_read_all_data')
    ) AS t(member, role)
  LOOP
    IF NOT EXISTS (
      SELECT FROM pg_catalog.pg_auth_members m
      WHERE m.roleid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = r.role)
        AND m.member = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = r.member)
    ) THEN
      EXECUTE format('GRANT %I TO %I', r.role, r.member);
    END IF;
  END LOOP;
END
$roles$;

-- -----------------------------------------------------------------------------
-- Database-level settings (per database, so safe on a shared server).
-- -----------------------------------------------------------------------------
DO $database$
DECLARE
  db text := current_database();
BEGIN
  -- Supabase's search_path for postgres. Set per database (ALTER ROLE ... IN
  -- DATABASE) rather than on the role: on a user's own server the role is
  -- theirs and other databases must not change. Applies to sessions opened
  -- after this script (RESET ALL then returns to it), so the migration
  -- connection must be opened afterwards.
  EXECUTE format('ALTER ROLE postgres IN DATABASE %I SET search_path TO "$user", public, extensions', db);
  -- The same for whoever else logs in here without a setting of their own:
  -- a superuser that enters postgres with SET ROLE gets no role setting
  -- from postgres, and would otherwise lack `extensions` on its path.
  EXECUTE format('ALTER DATABASE %I SET search_path TO "$user", public, extensions', db);

  -- On PG15 `public` belongs to pg_database_owner. Supabase projects created
  -- on PG15 have the database owned by postgres, so postgres owns `public`
  -- through pg_database_owner, and dumped migrations can run either
  -- `ALTER SCHEMA public OWNER TO postgres` or `... TO pg_database_owner`.
  -- Older projects have public owned by postgres directly; then the database
  -- owner is left alone.
  IF (SELECT nspowner::regrole::text FROM pg_catalog.pg_namespace WHERE nspname = 'public') = 'pg_database_owner'
     AND (SELECT datdba::regrole::text FROM pg_catalog.pg_database WHERE datname = db) <> 'postgres' THEN
    EXECUTE format('ALTER DATABASE %I OWNER TO postgres', db);
  END IF;

  EXECUTE format('GRANT ALL ON DATABASE %I TO postgres, dashboard_user', db);
  EXECUTE format('GRANT CREATE ON DATABASE %I TO supabase_auth_admin, supabase_storage_admin, supabase_functions_admin, supabase_realtime_admin', db);
END
$database$;

-- -----------------------------------------------------------------------------
-- Schemas and their owners as in a Supabase project.
-- -----------------------------------------------------------------------------
CREATE SCHEMA IF NOT EXISTS extensions AUTHORIZATION postgres;
CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS storage AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS realtime AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS vault AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS graphql AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS graphql_public AUTHORIZATION supabase_admin;
CREATE SCHEMA IF NOT EXISTS pgbouncer AUTHORIZATION pgbouncer;
CREATE SCHEMA IF NOT EXISTS supabase_functions AUTHORIZATION supabase_admin;
-- The CLI creates its history schema while connected as postgres.
CREATE SCHEMA IF NOT EXISTS supabase_migrations AUTHORIZATION postgres;
CREATE SCHEMA IF NOT EXISTS schemagate_shim AUTHORIZATION supabase_admin;

GRANT USAGE ON SCHEMA public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA extensions TO postgres, anon, authenticated, service_role, dashboard_user;
GRANT ALL ON SCHEMA extensions TO dashboard_user;
-- postgres may use auth but not create in it (revoked in 20250421).
GRANT USAGE ON SCHEMA auth TO postgres, anon, authenticated, service_role, dashboard_user, supabase_realtime_admin;
GRANT ALL ON SCHEMA auth TO supabase_auth_admin;
GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA storage TO postgres WITH GRANT OPTION;
GRANT ALL ON SCHEMA storage TO supabase_storage_admin WITH GRANT OPTION;
GRANT USAGE ON SCHEMA realtime TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA realtime TO supabase_realtime_admin WITH GRANT OPTION;
GRANT USAGE ON SCHEMA vault TO postgres WITH GRANT OPTION;
GRANT USAGE ON SCHEMA vault TO service_role;
GRANT USAGE ON SCHEMA graphql, graphql_public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA supabase_functions TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA supabase_functions TO supabase_functions_admin;
-- Only create_extension (and drop_extension) are callable; see below.
GRANT USAGE ON SCHEMA schemagate_shim TO postgres;

-- -----------------------------------------------------------------------------
-- Install helpers (superuser-only; not security definer).
-- _ensure runs a DDL block only when its first object is missing, so the
-- real image's own definitions (and a previous run's) are never replaced.
-- -----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION schemagate_shim._ensure(p_object text, p_ddl text)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
BEGIN
  IF p_object LIKE '%(%' THEN
    IF to_regprocedure(p_object) IS NOT NULL THEN
      RETURN false;
    END IF;
  ELSIF to_regclass(p_object) IS NOT NULL OR to_regtype(p_object) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE p_ddl;
  RETURN true;
END
$fn$;
REVOKE ALL ON FUNCTION schemagate_shim._ensure(text, text) FROM PUBLIC;

-- -----------------------------------------------------------------------------
-- extensions: the two extensions every Supabase database has. Skipped when
-- already installed, wherever that is.
-- -----------------------------------------------------------------------------
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
-- Creating pg_stat_statements does not need shared_preload_libraries (only
-- reading its view does), so it is installed like on Supabase when the
-- contrib package is there.
DO $pgss$
BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = 'pg_stat_statements') THEN
    CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA extensions;
  END IF;
END
$pgss$;

-- -----------------------------------------------------------------------------
-- auth: GoTrue's tables as its migrations leave them, owned by
-- supabase_auth_admin. postgres gets ALL on them (it can read, write,
-- reference and add triggers) but is not the owner, so ALTER TABLE fails as
-- in production. Policies and trigger drops go through the policy_grants
-- emulation at the end of this file.
-- -----------------------------------------------------------------------------
SELECT schemagate_shim._ensure('auth.aal_level', $ddl$
  CREATE TYPE auth.aal_level AS ENUM ('aal1', 'aal2', 'aal3');
  CREATE TYPE auth.factor_type AS ENUM ('totp', 'webauthn', 'phone');
  CREATE TYPE auth.factor_status AS ENUM ('unverified', 'verified');
  CREATE TYPE auth.code_challenge_method AS ENUM ('s256', 'plain');
  CREATE TYPE auth.one_time_token_type AS ENUM ('confirmation_token', 'reauthentication_token',
    'recovery_token', 'email_change_token_new', 'email_change_token_current', 'phone_change_token');
  ALTER TYPE auth.aal_level OWNER TO supabase_auth_admin;
  ALTER TYPE auth.factor_type OWNER TO supabase_auth_admin;
  ALTER TYPE auth.factor_status OWNER TO supabase_auth_admin;
  ALTER TYPE auth.code_challenge_method OWNER TO supabase_auth_admin;
  ALTER TYPE auth.one_time_token_type OWNER TO supabase_auth_admin;
$ddl$);

SELECT schemagate_shim._ensure('auth.users', $ddl$
  CREATE TABLE auth.users (
    instance_id uuid,
    id uuid NOT NULL,
    aud character varying(255),
    role character varying(255),
    email character varying(255),
    encrypted_password character varying(255),
    email_confirmed_at timestamp with time zone,
    invited_at timestamp with time zone,
    confirmation_token character varying(255),
    confirmation_sent_at timestamp with time zone,
    recovery_token character varying(255),
    recovery_sent_at timestamp with time zone,
    email_change_token_new character varying(255),
    email_change character varying(255),
    email_change_sent_at timestamp with time zone,
    last_sign_in_at timestamp with time zone,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    is_super_admin boolean,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    phone text DEFAULT NULL::character varying,
    phone_confirmed_at timestamp with time zone,
    phone_change text DEFAULT ''::character varying,
    phone_change_token character varying(255) DEFAULT ''::character varying,
    phone_change_sent_at timestamp with time zone,
    confirmed_at timestamp with time zone GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
    email_change_token_current character varying(255) DEFAULT ''::character varying,
    email_change_confirm_status smallint DEFAULT 0,
    banned_until timestamp with time zone,
    reauthentication_token character varying(255) DEFAULT ''::character varying,
    reauthentication_sent_at timestamp with time zone,
    is_sso_user boolean NOT NULL DEFAULT false,
    deleted_at timestamp with time zone,
    is_anonymous boolean NOT NULL DEFAULT false,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_phone_key UNIQUE (phone),
    CONSTRAINT users_email_change_confirm_status_check
      CHECK (email_change_confirm_status >= 0 AND email_change_confirm_status <= 2)
  );
  COMMENT ON TABLE auth.users IS 'Auth: Stores user login data within a secure schema.';
  COMMENT ON COLUMN auth.users.is_sso_user IS 'Auth: Set this column to true when the account comes from SSO. These accounts can have duplicate emails.';
  CREATE INDEX users_instance_id_idx ON auth.users USING btree (instance_id);
  CREATE INDEX users_instance_id_email_idx ON auth.users USING btree (instance_id, lower((email)::text));
  CREATE INDEX users_is_anonymous_idx ON auth.users USING btree (is_anonymous);
  -- SSO users may share an email with a password user, hence partial.
  CREATE UNIQUE INDEX users_email_partial_key ON auth.users USING btree (email) WHERE (is_sso_user = false);
  -- Token columns are unique only when they hold a real token; seeds insert
  -- '' and NULL freely.
  CREATE UNIQUE INDEX confirmation_token_idx ON auth.users USING btree (confirmation_token) WHERE ((confirmation_token)::text !~ '^[0-9 ]*$'::text);
  CREATE UNIQUE INDEX recovery_token_idx ON auth.users USING btree (recovery_token) WHERE ((recovery_token)::text !~ '^[0-9 ]*$'::text);
  CREATE UNIQUE INDEX email_change_token_current_idx ON auth.users USING btree (email_change_token_current) WHERE ((email_change_token_current)::text !~ '^[0-9 ]*$'::text);
  CREATE UNIQUE INDEX email_change_token_new_idx ON auth.users USING btree (email_change_token_new) WHERE ((email_change_token_new)::text !~ '^[0-9 ]*$'::text);
  CREATE UNIQUE INDEX reauthentication_token_idx ON auth.users USING btree (reauthentication_token) WHERE ((reauthentication_token)::text !~ '^[0-9 ]*$'::text);
  ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.users OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.users TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('auth.identities', $ddl$
  CREATE TABLE auth.identities (
    provider_id text NOT NULL,
    user_id uuid NOT NULL,
    identity_data jsonb NOT NULL,
    provider text NOT NULL,
    last_sign_in_at timestamp with time zone,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    email text GENERATED ALWAYS AS (lower((identity_data ->> 'email'::text))) STORED,
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    CONSTRAINT identities_pkey PRIMARY KEY (id),
    CONSTRAINT identities_provider_id_provider_unique UNIQUE (provider_id, provider),
    CONSTRAINT identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE
  );
  COMMENT ON TABLE auth.identities IS 'Auth: Stores identities associated to a user.';
  COMMENT ON COLUMN auth.identities.email IS 'Auth: Email is a generated column that references the optional email property in the identity_data';
  CREATE INDEX identities_user_id_idx ON auth.identities USING btree (user_id);
  CREATE INDEX identities_email_idx ON auth.identities USING btree (email text_pattern_ops);
  ALTER TABLE auth.identities ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.identities OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.identities TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('auth.instances', $ddl$
  CREATE TABLE auth.instances (
    id uuid NOT NULL PRIMARY KEY,
    uuid uuid,
    raw_base_config text,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
  );
  ALTER TABLE auth.instances ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.instances OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.instances TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('auth.audit_log_entries', $ddl$
  CREATE TABLE auth.audit_log_entries (
    instance_id uuid,
    id uuid NOT NULL PRIMARY KEY,
    payload json,
    created_at timestamp with time zone,
    ip_address character varying(64) NOT NULL DEFAULT ''::character varying
  );
  CREATE INDEX audit_logs_instance_id_idx ON auth.audit_log_entries USING btree (instance_id);
  ALTER TABLE auth.audit_log_entries ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.audit_log_entries OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.audit_log_entries TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('auth.sessions', $ddl$
  CREATE TABLE auth.sessions (
    id uuid NOT NULL PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    factor_id uuid,
    aal auth.aal_level,
    not_after timestamp with time zone,
    refreshed_at timestamp without time zone,
    user_agent text,
    ip inet,
    tag text
  );
  CREATE INDEX sessions_user_id_idx ON auth.sessions USING btree (user_id);
  CREATE INDEX user_id_created_at_idx ON auth.sessions USING btree (user_id, created_at);
  CREATE INDEX sessions_not_after_idx ON auth.sessions USING btree (not_after DESC);
  ALTER TABLE auth.sessions ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.sessions OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.sessions TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('auth.refresh_tokens', $ddl$
  CREATE TABLE auth.refresh_tokens (
    instance_id uuid,
    id bigserial PRIMARY KEY,
    token character varying(255) UNIQUE,
    user_id character varying(255),
    revoked boolean,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    parent character varying(255),
    session_id uuid REFERENCES auth.sessions(id) ON DELETE CASCADE
  );
  CREATE INDEX refresh_tokens_instance_id_idx ON auth.refresh_tokens USING btree (instance_id);
  CREATE INDEX refresh_tokens_instance_id_user_id_idx ON auth.refresh_tokens USING btree (instance_id, user_id);
  CREATE INDEX refresh_tokens_parent_idx ON auth.refresh_tokens USING btree (parent);
  CREATE INDEX refresh_tokens_session_id_revoked_idx ON auth.refresh_tokens USING btree (session_id, revoked);
  ALTER TABLE auth.refresh_tokens ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.refresh_tokens OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.refresh_tokens TO postgres, dashboard_user;
  ALTER SEQUENCE auth.refresh_tokens_id_seq OWNER TO supabase_auth_admin;
  GRANT ALL ON SEQUENCE auth.refresh_tokens_id_seq TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('auth.mfa_factors', $ddl$
  CREATE TABLE auth.mfa_factors (
    id uuid NOT NULL PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
    friendly_name text,
    factor_type auth.factor_type NOT NULL,
    status auth.factor_status NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    secret text,
    phone text,
    last_challenged_at timestamp with time zone UNIQUE,
    web_authn_credential jsonb,
    web_authn_aaguid uuid
  );
  CREATE INDEX factor_id_created_at_idx ON auth.mfa_factors USING btree (user_id, created_at);
  ALTER TABLE auth.mfa_factors ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.mfa_factors OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.mfa_factors TO postgres, dashboard_user;

  CREATE TABLE auth.mfa_challenges (
    id uuid NOT NULL PRIMARY KEY,
    factor_id uuid NOT NULL REFERENCES auth.mfa_factors(id) ON DELETE CASCADE,
    created_at timestamp with time zone NOT NULL,
    verified_at timestamp with time zone,
    ip_address inet NOT NULL,
    otp_code text,
    web_authn_session_data jsonb
  );
  ALTER TABLE auth.mfa_challenges ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.mfa_challenges OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.mfa_challenges TO postgres, dashboard_user;

  CREATE TABLE auth.mfa_amr_claims (
    session_id uuid NOT NULL REFERENCES auth.sessions(id) ON DELETE CASCADE,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    authentication_method text NOT NULL,
    id uuid NOT NULL,
    CONSTRAINT amr_id_pk PRIMARY KEY (id),
    CONSTRAINT mfa_amr_claims_session_id_authentication_method_pkey UNIQUE (session_id, authentication_method)
  );
  ALTER TABLE auth.mfa_amr_claims ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.mfa_amr_claims OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.mfa_amr_claims TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('auth.one_time_tokens', $ddl$
  CREATE TABLE auth.one_time_tokens (
    id uuid NOT NULL PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
    token_type auth.one_time_token_type NOT NULL,
    token_hash text NOT NULL CHECK (char_length(token_hash) > 0),
    relates_to text NOT NULL,
    created_at timestamp without time zone NOT NULL DEFAULT now(),
    updated_at timestamp without time zone NOT NULL DEFAULT now()
  );
  CREATE UNIQUE INDEX one_time_tokens_user_id_token_type_key ON auth.one_time_tokens USING btree (user_id, token_type);
  ALTER TABLE auth.one_time_tokens ENABLE ROW LEVEL SECURITY;
  ALTER TABLE auth.one_time_tokens OWNER TO supabase_auth_admin;
  GRANT ALL ON TABLE auth.one_time_tokens TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('auth.schema_migrations', $ddl$
  CREATE TABLE auth.schema_migrations (version character varying(255) NOT NULL PRIMARY KEY);
  ALTER TABLE auth.schema_migrations OWNER TO supabase_auth_admin;
$ddl$);

-- JWT claim helpers as GoTrue defines them: PostgREST sets either the legacy
-- per-claim settings (request.jwt.claim.sub) or one JSON (request.jwt.claims).
SELECT schemagate_shim._ensure('auth.uid()', $ddl$
  CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.sub', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
    )::uuid
  $$;
  COMMENT ON FUNCTION auth.uid() IS 'Deprecated. Use auth.jwt() -> ''sub'' instead.';
  ALTER FUNCTION auth.uid() OWNER TO supabase_auth_admin;
  GRANT EXECUTE ON FUNCTION auth.uid() TO postgres, dashboard_user, supabase_realtime_admin;
$ddl$);

SELECT schemagate_shim._ensure('auth.role()', $ddl$
  CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.role', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
    )::text
  $$;
  COMMENT ON FUNCTION auth.role() IS 'Deprecated. Use auth.jwt() -> ''role'' instead.';
  ALTER FUNCTION auth.role() OWNER TO supabase_auth_admin;
  GRANT EXECUTE ON FUNCTION auth.role() TO postgres, dashboard_user, supabase_realtime_admin;
$ddl$);

SELECT schemagate_shim._ensure('auth.email()', $ddl$
  CREATE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim.email', true), ''),
      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
    )::text
  $$;
  COMMENT ON FUNCTION auth.email() IS 'Deprecated. Use auth.jwt() -> ''email'' instead.';
  ALTER FUNCTION auth.email() OWNER TO supabase_auth_admin;
  GRANT EXECUTE ON FUNCTION auth.email() TO postgres, dashboard_user, supabase_realtime_admin;
$ddl$);

SELECT schemagate_shim._ensure('auth.jwt()', $ddl$
  CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(
      nullif(current_setting('request.jwt.claim', true), ''),
      nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
  $$;
  ALTER FUNCTION auth.jwt() OWNER TO supabase_auth_admin;
  GRANT EXECUTE ON FUNCTION auth.jwt() TO postgres, dashboard_user, supabase_realtime_admin;
$ddl$);


-- -----------------------------------------------------------------------------
-- storage: the storage service's tables (its tenant migrations), owned by
-- supabase_storage_admin; postgres has ALL WITH GRANT OPTION on buckets and
-- objects (supabase/postgres 20250623) but no CREATE on the schema.
-- -----------------------------------------------------------------------------
SELECT schemagate_shim._ensure('storage.buckets', $ddl$
  CREATE TABLE storage.buckets (
    id text NOT NULL PRIMARY KEY,
    name text NOT NULL,
    owner uuid,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    public boolean DEFAULT false,
    avif_autodetection boolean DEFAULT false,
    file_size_limit bigint,
    allowed_mime_types text[],
    owner_id text
  );
  COMMENT ON COLUMN storage.buckets.owner IS 'Field is deprecated, use owner_id instead';
  CREATE UNIQUE INDEX bname ON storage.buckets USING btree (name);
  ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;
  ALTER TABLE storage.buckets OWNER TO supabase_storage_admin;
  GRANT ALL ON TABLE storage.buckets TO anon, authenticated, service_role;
  GRANT ALL ON TABLE storage.buckets TO postgres WITH GRANT OPTION;
$ddl$);

SELECT schemagate_shim._ensure('storage.objects', $ddl$
  CREATE TABLE storage.objects (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    bucket_id text,
    name text,
    owner uuid,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    last_accessed_at timestamp with time zone DEFAULT now(),
    metadata jsonb,
    path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/'::text)) STORED,
    version text,
    owner_id text,
    user_metadata jsonb,
    CONSTRAINT "objects_bucketId_fkey" FOREIGN KEY (bucket_id) REFERENCES storage.buckets(id)
  );
  COMMENT ON COLUMN storage.objects.owner IS 'Field is deprecated, use owner_id instead';
  CREATE UNIQUE INDEX bucketid_objname ON storage.objects USING btree (bucket_id, name);
  CREATE INDEX name_prefix_search ON storage.objects USING btree (name text_pattern_ops);
  ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;
  ALTER TABLE storage.objects OWNER TO supabase_storage_admin;
  GRANT ALL ON TABLE storage.objects TO anon, authenticated, service_role;
  GRANT ALL ON TABLE storage.objects TO postgres WITH GRANT OPTION;
$ddl$);

SELECT schemagate_shim._ensure('storage.migrations', $ddl$
  CREATE TABLE storage.migrations (
    id integer NOT NULL PRIMARY KEY,
    name character varying(100) NOT NULL UNIQUE,
    hash character varying(40) NOT NULL,
    executed_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP
  );
  ALTER TABLE storage.migrations ENABLE ROW LEVEL SECURITY;
  ALTER TABLE storage.migrations OWNER TO supabase_storage_admin;
$ddl$);

-- Path helpers used in storage policies: 'a/b/c.png' -> {a,b}, 'c.png', 'png'.
SELECT schemagate_shim._ensure('storage.foldername(text)', $ddl$
  CREATE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE
    _parts text[];
  BEGIN
    SELECT string_to_array(name, '/') INTO _parts;
    RETURN _parts[1 : array_length(_parts, 1) - 1];
  END
  $$;
  ALTER FUNCTION storage.foldername(text) OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.foldername(text) TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('storage.filename(text)', $ddl$
  CREATE FUNCTION storage.filename(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE
    _parts text[];
  BEGIN
    SELECT string_to_array(name, '/') INTO _parts;
    RETURN _parts[array_length(_parts, 1)];
  END
  $$;
  ALTER FUNCTION storage.filename(text) OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.filename(text) TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('storage.extension(text)', $ddl$
  CREATE FUNCTION storage.extension(name text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
  DECLARE
    _filename text;
  BEGIN
    _filename := storage.filename(name);
    IF position('.' IN _filename) = 0 THEN
      RETURN '';
    END IF;
    RETURN reverse(split_part(reverse(_filename), '.', 1));
  END
  $$;
  ALTER FUNCTION storage.extension(text) OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.extension(text) TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('storage.search(text,text,integer,integer,integer,text,text,text)', $ddl$
  CREATE FUNCTION storage.search(
    prefix text,
    bucketname text,
    limits integer DEFAULT 100,
    levels integer DEFAULT 1,
    offsets integer DEFAULT 0,
    search text DEFAULT ''::text,
    sortcolumn text DEFAULT 'name'::text,
    sortorder text DEFAULT 'asc'::text
  ) RETURNS TABLE(name text, id uuid, updated_at timestamp with time zone,
                  created_at timestamp with time zone, last_accessed_at timestamp with time zone,
                  metadata jsonb)
  LANGUAGE plpgsql STABLE AS $$
  BEGIN
    -- One level of the folder tree under prefix; folders come back with a
    -- NULL id, as the storage API expects.
    RETURN QUERY EXECUTE format(
      $q$
      WITH folders AS (
        SELECT o.path_tokens[$1] AS folder
        FROM storage.objects o
        WHERE o.name ILIKE $2 || $3 || '%%'
          AND o.bucket_id = $4
          AND array_length(o.path_tokens, 1) <> $1
        GROUP BY folder
      )
      SELECT folder, NULL::uuid, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::jsonb
      FROM folders
      UNION ALL
      SELECT o.path_tokens[$1], o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata
      FROM storage.objects o
      WHERE o.name ILIKE $2 || $3 || '%%'
        AND o.bucket_id = $4
        AND array_length(o.path_tokens, 1) = $1
      ORDER BY 1 %s
      LIMIT $5 OFFSET $6
      $q$,
      CASE WHEN lower(sortorder) = 'desc' THEN 'DESC' ELSE 'ASC' END)
    USING levels, prefix, search, bucketname, limits, offsets;
  END
  $$;
  ALTER FUNCTION storage.search(text, text, integer, integer, integer, text, text, text) OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.search(text, text, integer, integer, integer, text, text, text) TO postgres, dashboard_user;
$ddl$);

SELECT schemagate_shim._ensure('storage.get_size_by_bucket()', $ddl$
  CREATE FUNCTION storage.get_size_by_bucket() RETURNS TABLE(size bigint, bucket_id text)
  LANGUAGE plpgsql STABLE AS $$
  BEGIN
    RETURN QUERY
      SELECT sum((o.metadata ->> 'size')::bigint)::bigint, o.bucket_id
      FROM storage.objects o
      GROUP BY o.bucket_id;
  END
  $$;
  ALTER FUNCTION storage.get_size_by_bucket() OWNER TO supabase_storage_admin;
  GRANT ALL ON FUNCTION storage.get_size_by_bucket() TO postgres, dashboard_user;
$ddl$);


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

-- -----------------------------------------------------------------------------
-- vault (supabase_vault). Secrets are kept in clear text: a throwaway
-- database has no key to protect them with, and nothing reads them but the
-- migrations under test. The supabase_vault stub only checks these exist.
-- -----------------------------------------------------------------------------
SELECT schemagate_shim._ensure('vault.secrets', $ddl$
  CREATE TABLE vault.secrets (
    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    name text,
    description text NOT NULL DEFAULT ''::text,
    secret text NOT NULL,
    key_id uuid,
    nonce bytea,
    created_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP
  );
  COMMENT ON TABLE vault.secrets IS 'Table with encrypted `secret` column for storing sensitive information on disk.';
  CREATE UNIQUE INDEX secrets_name_idx ON vault.secrets USING btree (name) WHERE (name IS NOT NULL);
  ALTER TABLE vault.secrets OWNER TO supabase_admin;

  CREATE VIEW vault.decrypted_secrets AS
    SELECT s.id, s.name, s.description, s.secret,
           s.secret AS decrypted_secret,
           s.key_id, s.nonce, s.created_at, s.updated_at
    FROM vault.secrets s;
  ALTER VIEW vault.decrypted_secrets OWNER TO supabase_admin;

  -- Migrations written for vault 0.2 reference and write vault.secrets
  -- directly (FKs, deletes), which needs more than vault 0.3's
  -- SELECT/DELETE. Never TRIGGER: create_secret writes this table as a
  -- superuser, and a trigger of postgres's would run as one.
  GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES ON TABLE vault.secrets TO postgres WITH GRANT OPTION;
  GRANT SELECT ON TABLE vault.decrypted_secrets TO postgres WITH GRANT OPTION;
  GRANT SELECT ON TABLE vault.secrets, vault.decrypted_secrets TO service_role;
$ddl$);

SELECT schemagate_shim._ensure('vault.create_secret(text,text,text,uuid)', $ddl$
  CREATE FUNCTION vault.create_secret(
    new_secret text, new_name text DEFAULT NULL::text,
    new_description text DEFAULT ''::text, new_key_id uuid DEFAULT NULL::uuid
  ) RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  DECLARE
    rec record;
  BEGIN
    INSERT INTO vault.secrets (secret, name, description, key_id)
    VALUES (new_secret, new_name, coalesce(new_description, ''), new_key_id)
    RETURNING * INTO rec;
    RETURN rec.id;
  END
  $$;
  ALTER FUNCTION vault.create_secret(text, text, text, uuid) OWNER TO supabase_admin;
  REVOKE ALL ON FUNCTION vault.create_secret(text, text, text, uuid) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION vault.create_secret(text, text, text, uuid) TO postgres WITH GRANT OPTION;
  GRANT EXECUTE ON FUNCTION vault.create_secret(text, text, text, uuid) TO service_role;
$ddl$);

SELECT schemagate_shim._ensure('vault.update_secret(uuid,text,text,text,uuid)', $ddl$
  CREATE FUNCTION vault.update_secret(
    secret_id uuid, new_secret text DEFAULT NULL::text, new_name text DEFAULT NULL::text,
    new_description text DEFAULT NULL::text, new_key_id uuid DEFAULT NULL::uuid
  ) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  BEGIN
    UPDATE vault.secrets s
    SET secret = coalesce(new_secret, s.secret),
        name = coalesce(new_name, s.name),
        description = coalesce(new_description, s.description),
        key_id = coalesce(new_key_id, s.key_id),
        updated_at = CURRENT_TIMESTAMP
    WHERE s.id = secret_id;
  END
  $$;
  ALTER FUNCTION vault.update_secret(uuid, text, text, text, uuid) OWNER TO supabase_admin;
  REVOKE ALL ON FUNCTION vault.update_secret(uuid, text, text, text, uuid) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION vault.update_secret(uuid, text, text, text, uuid) TO postgres WITH GRANT OPTION;
  GRANT EXECUTE ON FUNCTION vault.update_secret(uuid, text, text, text, uuid) TO service_role;
$ddl$);

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
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = supabase_functions, pg_temp AS $$
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

-- -----------------------------------------------------------------------------
-- pgbouncer.get_auth: PgBouncer's auth_query. Same signature and grants as on
-- Supabase, but it never returns password hashes: a checker runs no pooler,
-- and on a user's own server those hashes are theirs.
-- -----------------------------------------------------------------------------
SELECT schemagate_shim._ensure('pgbouncer.get_auth(text)', $ddl$
  CREATE FUNCTION pgbouncer.get_auth(p_usename text) RETURNS TABLE(username text, password text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  BEGIN
    RAISE DEBUG 'PgBouncer auth request: %', p_usename;
    RETURN QUERY
      SELECT r.rolname::text, NULL::text
      FROM pg_catalog.pg_roles r
      WHERE r.rolname = p_usename AND r.rolcanlogin;
  END
  $$;
  ALTER FUNCTION pgbouncer.get_auth(text) OWNER TO supabase_admin;
  REVOKE ALL ON FUNCTION pgbouncer.get_auth(text) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION pgbouncer.get_auth(text) TO pgbouncer;
$ddl$);

-- -----------------------------------------------------------------------------
-- supabase_migrations: exactly what the CLI's CreateMigrationTable and
-- CreateSeedTable batches create (pkg/migration/history.go), owned by
-- postgres because the CLI runs them connected as postgres and later
-- inserts into them as postgres.
-- -----------------------------------------------------------------------------
SET LOCAL lock_timeout = '4s';
SELECT schemagate_shim._ensure('supabase_migrations.schema_migrations', $ddl$
  CREATE TABLE supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
  ALTER TABLE supabase_migrations.schema_migrations OWNER TO postgres;
$ddl$);
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
SELECT schemagate_shim._ensure('supabase_migrations.seed_files', $ddl$
  CREATE TABLE supabase_migrations.seed_files (path text NOT NULL PRIMARY KEY, hash text NOT NULL);
  ALTER TABLE supabase_migrations.seed_files OWNER TO postgres;
$ddl$);
SET LOCAL lock_timeout TO DEFAULT;

-- -----------------------------------------------------------------------------
-- Default privileges: what postgres or supabase_admin create in public (and
-- what the storage service creates in storage) is usable by the API roles.
-- -----------------------------------------------------------------------------
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA storage GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA storage GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA storage GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA storage GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA storage GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA storage GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_storage_admin IN SCHEMA storage GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_storage_admin IN SCHEMA storage GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_storage_admin IN SCHEMA storage GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA supabase_functions GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA supabase_functions GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA supabase_functions GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;

-- postgres's rights on whatever now lives in extensions (demote-postgres).
GRANT ALL ON ALL TABLES IN SCHEMA extensions TO postgres, dashboard_user;
GRANT ALL ON ALL SEQUENCES IN SCHEMA extensions TO postgres, dashboard_user;
GRANT ALL ON ALL ROUTINES IN SCHEMA extensions TO postgres, dashboard_user;

-- =============================================================================
-- schemagate_shim: the CREATE EXTENSION bridge.
--
-- Migrations run as postgres, which is not a superuser. On Supabase the
-- supautils module lets postgres create "privileged" extensions anyway; here
-- the Rust side rewrites every CREATE EXTENSION statement into
--   SELECT schemagate_shim.create_extension(name, schema, version, cascade, if_not_exists)
-- which decides, in order:
--   1. already installed (pg_extension, or a stub/TLE recorded here):
--      'exists' (IF NOT EXISTS) or error 42710, like PostgreSQL;
--   2. available on this server: created for real. Supabase's privileged
--      extensions are created by supabase_admin (as supautils does); other
--      trusted / non-superuser extensions are created as the caller, so
--      PostgreSQL applies its own rules; anything else is refused (42501);
--   3. a stub is registered (src/shim/extensions/<name>.sql): the stub's SQL runs
--      and the extension is recorded in stubbed_extensions;
--   4. a Trusted Language Extension registered through the pg_tle stub: its
--      SQL runs as the caller, like pg_tle does;
--   5. otherwise error 0A000 "extension "x" is not available on this server"
--      with a hint naming the fix.
-- =============================================================================

CREATE TABLE IF NOT EXISTS schemagate_shim.extension_stubs (
  name text PRIMARY KEY,   -- extension name, as written in CREATE EXTENSION
  sql text NOT NULL        -- may contain @extschema@ and "-- schemagate:" directives
);

CREATE TABLE IF NOT EXISTS schemagate_shim.stubbed_extensions (
  name text PRIMARY KEY,
  schema text NOT NULL,
  version text,
  kind text NOT NULL DEFAULT 'stub' CHECK (kind IN ('stub', 'tle')),
  installed_at timestamp with time zone NOT NULL DEFAULT now()
);

-- supautils.privileged_extensions of the current supabase/postgres image
-- (ansible/files/postgresql_config/conf.d/supautils.conf). Supabase leaves
-- out adminpack, amcheck, file_fdw, lo, old_snapshot, pageinspect,
-- pg_freespacemap, pg_surgery, pg_visibility (unsafe: file access or raw
-- page access), intagg and xml2 (deprecated); so does schemagate. Trusted
-- extensions (e.g. lo) stay creatable by postgres through PostgreSQL's own
-- rules, exactly as on Supabase.
CREATE TABLE IF NOT EXISTS schemagate_shim.privileged_extensions (name text PRIMARY KEY);
INSERT INTO schemagate_shim.privileged_extensions (name)
SELECT unnest(ARRAY[
  'address_standardizer', 'address_standardizer_data_us', 'autoinc', 'bloom', 'btree_gin',
  'btree_gist', 'citext', 'cube', 'dblink', 'dict_int', 'dict_xsyn', 'earthdistance',
  'fuzzystrmatch', 'hstore', 'http', 'hypopg', 'index_advisor', 'insert_username', 'intarray',
  'isn', 'ltree', 'moddatetime', 'orioledb', 'pg_buffercache', 'pg_cron', 'pg_graphql',
  'pg_hashids', 'pg_jsonschema', 'pg_net', 'pg_prewarm', 'pg_repack', 'pg_stat_monitor',
  'pg_stat_statements', 'pg_tle', 'pg_trgm', 'pg_walinspect', 'pgaudit', 'pgcrypto', 'pgjwt',
  'pgroonga', 'pgroonga_database', 'pgrouting', 'pgrowlocks', 'pgsodium', 'pgstattuple', 'pgtap',
  'plcoffee', 'pljava', 'plls', 'plpgsql_check', 'plv8', 'postgis', 'postgis_raster',
  'postgis_sfcgal', 'postgis_tiger_geocoder', 'postgis_topology', 'postgres_fdw', 'refint', 'rum',
  'seg', 'sslinfo', 'supabase_vault', 'supautils', 'tablefunc', 'tcn', 'timescaledb',
  'tsm_system_rows', 'tsm_system_time', 'unaccent', 'uuid-ossp', 'vector', 'wrappers'])
ON CONFLICT DO NOTHING;

-- Where a missing extension can be had for PostgreSQL 15 (Debian bookworm,
-- or the PGDG repository), for the "not available" hint.
CREATE TABLE IF NOT EXISTS schemagate_shim.extension_packages (name text PRIMARY KEY, package text NOT NULL);
INSERT INTO schemagate_shim.extension_packages (name, package) VALUES
  ('pg_cron', 'postgresql-15-cron'),
  ('hypopg', 'postgresql-15-hypopg'),
  ('pgaudit', 'postgresql-15-pgaudit'),
  ('pgtap', 'postgresql-15-pgtap'),
  ('plpgsql_check', 'postgresql-15-plpgsql-check'),
  ('pg_partman', 'postgresql-15-partman'),
  ('pg_repack', 'postgresql-15-repack'),
  ('rum', 'postgresql-15-rum'),
  ('pgrouting', 'postgresql-15-pgrouting'),
  ('postgis', 'postgresql-15-postgis-3'),
  ('postgis_raster', 'postgresql-15-postgis-3'),
  ('postgis_topology', 'postgresql-15-postgis-3'),
  ('postgis_sfcgal', 'postgresql-15-postgis-3'),
  ('postgis_tiger_geocoder', 'postgresql-15-postgis-3'),
  ('address_standardizer', 'postgresql-15-postgis-3'),
  ('address_standardizer_data_us', 'postgresql-15-postgis-3'),
  ('vector', 'postgresql-15-pgvector (PGDG repository, apt.postgresql.org)')
ON CONFLICT DO NOTHING;

-- Trusted Language Extensions registered with the pg_tle stub
-- (pgtle.install_extension & co. write here; create_extension reads).
CREATE TABLE IF NOT EXISTS schemagate_shim.tle_versions (
  name text NOT NULL,
  version text NOT NULL,
  description text,
  sql text NOT NULL,
  requires text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (name, version)
);
CREATE TABLE IF NOT EXISTS schemagate_shim.tle_update_paths (
  name text NOT NULL,
  source text NOT NULL,
  target text NOT NULL,
  sql text NOT NULL,
  PRIMARY KEY (name, source, target)
);
CREATE TABLE IF NOT EXISTS schemagate_shim.tle_default_versions (
  name text PRIMARY KEY,
  version text NOT NULL
);

-- supautils.policy_grants / drop_trigger_grants: the tables on which
-- postgres may create, alter and drop policies and drop triggers without
-- owning them. Missing tables are ignored.
CREATE TABLE IF NOT EXISTS schemagate_shim.policy_grants (
  role_name name NOT NULL,
  relation text NOT NULL,
  PRIMARY KEY (role_name, relation)
);
INSERT INTO schemagate_shim.policy_grants (role_name, relation)
SELECT 'postgres', unnest(ARRAY[
  'auth.audit_log_entries', 'auth.flow_state', 'auth.identities', 'auth.instances',
  'auth.mfa_amr_claims', 'auth.mfa_challenges', 'auth.mfa_factors', 'auth.oauth_clients',
  'auth.one_time_tokens', 'auth.refresh_tokens', 'auth.saml_providers', 'auth.saml_relay_states',
  'auth.sessions', 'auth.sso_domains', 'auth.sso_providers', 'auth.users', 'realtime.messages',
  'realtime.subscription', 'storage.buckets', 'storage.buckets_analytics', 'storage.objects',
  'storage.prefixes', 'storage.s3_multipart_uploads', 'storage.s3_multipart_uploads_parts'])
ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS schemagate_shim.policy_grant_swaps (
  pid integer NOT NULL,
  relid oid NOT NULL,
  original_owner oid NOT NULL,
  PRIMARY KEY (pid, relid)
);

-- Catalog views that also list stubbed extensions and registered TLEs.
-- They are put ahead of pg_catalog on the search_path only while a TLE's
-- SQL runs, because TLE scripts check their dependencies there (dbdev's
-- index_advisor looks for hypopg in pg_available_extensions), and a stub
-- is not a catalog extension.
CREATE SCHEMA IF NOT EXISTS schemagate_catalog AUTHORIZATION supabase_admin;
GRANT USAGE ON SCHEMA schemagate_catalog TO postgres;
CREATE OR REPLACE VIEW schemagate_catalog.pg_extension AS
  SELECT e.oid, e.extname, e.extowner, e.extnamespace, e.extrelocatable, e.extversion, e.extconfig, e.extcondition
  FROM pg_catalog.pg_extension e
  UNION ALL
  SELECT 0::oid, s.name::name, (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = 'supabase_admin'),
         coalesce(to_regnamespace(quote_ident(s.schema))::oid, 0::oid), false, coalesce(s.version, ''),
         NULL::oid[], NULL::text[]
  FROM schemagate_shim.stubbed_extensions s;
CREATE OR REPLACE VIEW schemagate_catalog.pg_available_extensions AS
  SELECT a.name, a.default_version, coalesce(a.installed_version, s.version) AS installed_version, a.comment
  FROM pg_catalog.pg_available_extensions a
  LEFT JOIN schemagate_shim.stubbed_extensions s ON s.name = a.name
  UNION ALL
  SELECT s.name::name, s.version, s.version, 'emulated by schemagate'
  FROM schemagate_shim.stubbed_extensions s
  WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_available_extensions a WHERE a.name = s.name)
  UNION ALL
  SELECT t.name::name, coalesce(d.version, max(t.version)), NULL::text, min(t.description)
  FROM schemagate_shim.tle_versions t
  LEFT JOIN schemagate_shim.tle_default_versions d ON d.name = t.name
  WHERE NOT EXISTS (SELECT FROM schemagate_shim.stubbed_extensions s WHERE s.name = t.name)
  GROUP BY t.name, d.version;
GRANT SELECT ON schemagate_catalog.pg_extension, schemagate_catalog.pg_available_extensions TO postgres;

-- None of this is postgres's business: it may call create_extension and
-- drop_extension, nothing else (the stub registry in particular must not be
-- writable by the role whose migrations are being checked).
REVOKE ALL ON ALL TABLES IN SCHEMA schemagate_shim FROM PUBLIC;

-- The role whose statement we are serving. Inside a security-definer
-- function current_user is the owner; the role setting and session_user
-- still name the caller, and neither can name a role the caller could not
-- already become.
CREATE OR REPLACE FUNCTION schemagate_shim._caller()
RETURNS name
LANGUAGE sql STABLE
SET search_path = pg_catalog
AS $fn$
  SELECT coalesce(nullif(current_setting('role'), 'none'), session_user)::name
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim._extension_installed(p_name text)
RETURNS boolean
LANGUAGE sql STABLE
SET search_path = pg_catalog
AS $fn$
  SELECT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = p_name)
      OR EXISTS (SELECT FROM schemagate_shim.stubbed_extensions WHERE name = p_name)
$fn$;

-- Runs SQL with the privileges of p_role. A security-definer function
-- cannot SET ROLE, so the SQL is wrapped in a one-off security-definer
-- function owned by p_role, called once and dropped. It exists only inside
-- the current transaction, so p_role cannot alter it in between.
CREATE OR REPLACE FUNCTION schemagate_shim._run_as(p_role name, p_search_path text, p_sql text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_fn text;
BEGIN
  v_fn := 'schemagate_shim.' || quote_ident('_run_as_' || md5(random()::text || clock_timestamp()::text));
  EXECUTE format('CREATE FUNCTION %s() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path TO %s AS %L',
                 v_fn, p_search_path, format('BEGIN EXECUTE %L; END', p_sql));
  EXECUTE format('ALTER FUNCTION %s() OWNER TO %I', v_fn, p_role);
  EXECUTE format('SELECT %s()', v_fn);
  EXECUTE format('DROP FUNCTION %s()', v_fn);
END
$fn$;

-- A privileged extension is created by supabase_admin, so PostgreSQL's
-- own check that the creator may create objects in the target schema has
-- to be made for the caller: postgres must not be able to place objects in
-- auth, storage or vault this way.
CREATE OR REPLACE FUNCTION schemagate_shim._check_create_privilege(p_role name, p_schema text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF NOT has_schema_privilege(p_role, quote_ident(p_schema), 'CREATE') THEN
    RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format('permission denied for schema %s', p_schema);
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim._check_superuser_schema(p_schema text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF NOT (SELECT r.rolsuper FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r ON r.oid = n.nspowner
          WHERE n.nspname = p_schema) THEN
    RAISE EXCEPTION USING ERRCODE = '42501',
      MESSAGE = format('schema "%s" already exists and is not owned by a superuser; refusing to install an extension stub into it', p_schema);
  END IF;
END
$fn$;

-- What PostgreSQL does for extensions listed in `requires`.
CREATE OR REPLACE FUNCTION schemagate_shim._require(
  p_name text, p_requires text[], p_schema text, p_cascade boolean, p_default_schema text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_req text;
BEGIN
  FOREACH v_req IN ARRAY coalesce(p_requires, '{}') LOOP
    CONTINUE WHEN v_req = '' OR schemagate_shim._extension_installed(v_req);
    IF NOT p_cascade THEN
      RAISE EXCEPTION USING ERRCODE = '42704',
        MESSAGE = format('required extension "%s" is not installed', v_req),
        HINT = 'Use CREATE EXTENSION ... CASCADE to install required extensions too.';
    END IF;
    RAISE NOTICE 'installing required extension "%"', v_req;
    PERFORM schemagate_shim.create_extension(v_req, p_schema, NULL, true, true, p_default_schema);
  END LOOP;
END
$fn$;

-- What Supabase's event triggers grant when these are created for real.
CREATE OR REPLACE FUNCTION schemagate_shim._after_create(p_name text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF p_name = 'pg_cron' THEN
    GRANT USAGE ON SCHEMA cron TO postgres WITH GRANT OPTION;
    GRANT ALL ON ALL TABLES IN SCHEMA cron TO postgres WITH GRANT OPTION;
    -- pg_cron's worker writes these tables as a superuser: a trigger of
    -- postgres's on them would run as that superuser (supabase/postgres
    -- 20260730 revokes TRIGGER for the same reason).
    REVOKE TRIGGER ON ALL TABLES IN SCHEMA cron FROM postgres;
    REVOKE ALL ON TABLE cron.job FROM postgres;
    GRANT SELECT ON TABLE cron.job TO postgres WITH GRANT OPTION;
    GRANT ALL ON ALL SEQUENCES IN SCHEMA cron TO postgres WITH GRANT OPTION;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA cron TO postgres WITH GRANT OPTION;
  ELSIF p_name = 'pg_net' THEN
    GRANT USAGE ON SCHEMA net TO supabase_functions_admin, postgres, anon, authenticated, service_role;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA net TO supabase_functions_admin, postgres, anon, authenticated, service_role;
  END IF;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim._not_available_hint(p_name text)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog
AS $fn$
  SELECT CASE
    WHEN p.package IS NOT NULL THEN
      format('Install %s on the PostgreSQL server, or check against Supabase''s own database image: --postgres docker --image supabase/postgres:<tag> (a 15.x tag such as 15.8.1.085).', p.package)
    ELSE
      format('schemagate cannot emulate "%s" on plain PostgreSQL; check against Supabase''s own database image: --postgres docker --image supabase/postgres:<tag> (a 15.x tag such as 15.8.1.085).', p_name)
  END
  FROM (SELECT 1) AS one
  LEFT JOIN schemagate_shim.extension_packages p ON p.name = p_name
$fn$;

-- The bridge. p_default_schema is not meant to be passed: its default is
-- evaluated in the caller's context, before this function switches
-- search_path, and so is the schema CREATE EXTENSION without SCHEMA would
-- use (the caller's current schema).
CREATE OR REPLACE FUNCTION schemagate_shim.create_extension(
  p_name text,
  p_schema text DEFAULT NULL,
  p_version text DEFAULT NULL,
  p_cascade boolean DEFAULT false,
  p_if_not_exists boolean DEFAULT false,
  p_default_schema text DEFAULT pg_catalog.current_schema()
)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_caller name := schemagate_shim._caller();
  v_default_version text;
  v_ver record;
  v_privileged boolean;
  v_schema text;
  v_sql text;
  v_stub text;
  v_fixed_schema text;
  v_override boolean;
  v_parts text[];
  v_requires text[];
  v_version text;
  v_messages text;
BEGIN
  IF p_name IS NULL OR p_name = '' THEN
    RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'extension name must not be empty';
  END IF;
  p_cascade := coalesce(p_cascade, false);
  p_if_not_exists := coalesce(p_if_not_exists, false);

  -- 1. Already installed.
  IF schemagate_shim._extension_installed(p_name) THEN
    IF p_if_not_exists THEN
      RAISE NOTICE USING ERRCODE = '42710', MESSAGE = format('extension "%s" already exists, skipping', p_name);
      RETURN 'exists';
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42710', MESSAGE = format('extension "%s" already exists', p_name);
  END IF;

  -- 2. Available on this server.
  SELECT a.default_version INTO v_default_version
  FROM pg_catalog.pg_available_extensions a WHERE a.name = p_name;
  IF FOUND THEN
    SELECT v.* INTO v_ver
    FROM pg_catalog.pg_available_extension_versions v
    WHERE v.name = p_name AND v.version IN (coalesce(p_version, v_default_version), v_default_version)
    ORDER BY v.version = coalesce(p_version, v_default_version) DESC
    LIMIT 1;
    v_privileged := EXISTS (SELECT FROM schemagate_shim.privileged_extensions WHERE name = p_name);
    IF v_privileged OR coalesce(v_ver.trusted, false) OR NOT coalesce(v_ver.superuser, true) THEN
      v_schema := coalesce(p_schema, v_ver.schema::text, p_default_schema);
      IF v_schema IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = 'no schema has been selected to create in';
      END IF;
      IF v_ver.schema IS NULL AND to_regnamespace(quote_ident(v_schema)) IS NOT NULL THEN
        PERFORM schemagate_shim._check_create_privilege(v_caller, v_schema);
      END IF;
      PERFORM schemagate_shim._require(p_name, v_ver.requires::text[], p_schema, p_cascade, p_default_schema);
      v_sql := format('CREATE EXTENSION %I WITH SCHEMA %I', p_name, v_schema)
            || CASE WHEN p_version IS NOT NULL THEN format(' VERSION %L', p_version) ELSE '' END;
      BEGIN
        IF v_privileged THEN
          EXECUTE v_sql;                 -- as supabase_admin, like supautils
        ELSE
          PERFORM schemagate_shim._run_as(v_caller, 'pg_catalog, pg_temp', v_sql);
        END IF;
        PERFORM schemagate_shim._after_create(p_name);
        RETURN 'created';
      EXCEPTION WHEN OTHERS THEN
        -- e.g. pg_cron installed but not in shared_preload_libraries, or
        -- cron.database_name naming another database: the stub still lets
        -- the migrations be checked.
        IF NOT EXISTS (SELECT FROM schemagate_shim.extension_stubs WHERE name = p_name) THEN
          RAISE;
        END IF;
        RAISE NOTICE 'extension "%" is installed on this server but could not be created (%); using schemagate''s stub instead', p_name, SQLERRM;
      END;
    ELSIF NOT EXISTS (SELECT FROM schemagate_shim.extension_stubs WHERE name = p_name) THEN
      RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = format('permission denied to create extension "%s"', p_name),
        HINT = 'Must be superuser to create this extension. Supabase does not let postgres create it either (it is not in supautils.privileged_extensions).';
    END IF;
  END IF;

  -- 3. A stub.
  SELECT s.sql INTO v_stub FROM schemagate_shim.extension_stubs s WHERE s.name = p_name;
  IF FOUND THEN
    -- Directives, one per line: "-- schemagate: schema=<name>" (the schema
    -- the extension's control file fixes), "-- schemagate: schema-override"
    -- (use it whatever was asked, as supautils does for pg_cron),
    -- "-- schemagate: requires=a,b", "-- schemagate: version=<v>".
    v_fixed_schema := (regexp_match(v_stub, '^--\s*schemagate:\s*schema\s*=\s*(\S+)', 'n'))[1];
    v_override := v_stub ~ '(?n)^--\s*schemagate:\s*schema-override';
    v_requires := string_to_array(replace((regexp_match(v_stub, '^--\s*schemagate:\s*requires\s*=\s*(\S+)', 'n'))[1], ' ', ''), ',');
    v_version := coalesce(p_version, (regexp_match(v_stub, '^--\s*schemagate:\s*version\s*=\s*(\S+)', 'n'))[1]);
    IF v_fixed_schema IS NOT NULL AND NOT v_override AND p_schema IS NOT NULL AND p_schema <> v_fixed_schema THEN
      RAISE EXCEPTION USING ERRCODE = '0A000',
        MESSAGE = format('extension "%s" must be installed in schema "%s"', p_name, v_fixed_schema);
    END IF;
    v_schema := CASE WHEN v_override THEN v_fixed_schema ELSE coalesce(p_schema, v_fixed_schema, p_default_schema) END;
    IF v_schema IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = 'no schema has been selected to create in';
    END IF;
    IF to_regnamespace(quote_ident(v_schema)) IS NULL THEN
      IF v_fixed_schema IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = format('schema "%s" does not exist', v_schema);
      END IF;
      EXECUTE format('CREATE SCHEMA %I', v_schema);
    ELSIF v_schema = v_fixed_schema THEN
      -- The stub puts security-definer functions in its own schema; one the
      -- caller created in advance (with tables and triggers of its own)
      -- would let those functions run the caller's code as a superuser.
      PERFORM schemagate_shim._check_superuser_schema(v_schema);
    ELSE
      PERFORM schemagate_shim._check_create_privilege(v_caller, v_schema);
    END IF;
    PERFORM schemagate_shim._require(p_name, v_requires, p_schema, p_cascade, p_default_schema);
    -- Stubs are idempotent (CREATE ... IF NOT EXISTS), and their "already
    -- exists, skipping" notices would only be noise in the migration output.
    v_messages := current_setting('client_min_messages');
    PERFORM set_config('client_min_messages', 'warning', true);
    -- The stub runs as a superuser: pg_catalog first, so nothing a migration
    -- put in the target schema shadows a built-in (stubs qualify what they
    -- create), and pg_temp last, as PostgreSQL does for extension scripts,
    -- so no temporary type or domain of the caller's takes precedence.
    PERFORM set_config('search_path', format('pg_catalog, %I, pg_temp', v_schema), true);
    EXECUTE replace(replace(v_stub, '@extschema@', quote_ident(v_schema)), '@extowner@', quote_ident(current_user));
    PERFORM set_config('search_path', 'pg_catalog, pg_temp', true);
    PERFORM set_config('client_min_messages', v_messages, true);
    INSERT INTO schemagate_shim.stubbed_extensions (name, schema, version, kind)
    VALUES (p_name, v_schema, v_version, 'stub');
    RETURN 'stubbed';
  END IF;

  -- 4. A Trusted Language Extension (pg_tle stub).
  IF schemagate_shim._extension_installed('pg_tle')
     AND EXISTS (SELECT FROM schemagate_shim.tle_versions WHERE name = p_name) THEN
    v_version := coalesce(p_version,
                          (SELECT d.version FROM schemagate_shim.tle_default_versions d WHERE d.name = p_name),
                          (SELECT max(t.version) FROM schemagate_shim.tle_versions t WHERE t.name = p_name));
    -- A full install script for the version, or the shortest chain of
    -- update scripts from one that has a full script.
    WITH RECURSIVE walk(version, scripts, requires, depth) AS (
      SELECT t.version, ARRAY[t.sql], t.requires, 0
      FROM schemagate_shim.tle_versions t WHERE t.name = p_name
      UNION ALL
      SELECT u.target, w.scripts || u.sql, w.requires, w.depth + 1
      FROM walk w
      JOIN schemagate_shim.tle_update_paths u ON u.name = p_name AND u.source = w.version
      WHERE w.depth < 32
    )
    SELECT w.scripts, w.requires INTO v_parts, v_requires
    FROM walk w WHERE w.version = v_version ORDER BY w.depth LIMIT 1;
    IF v_parts IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = format('extension "%s" has no installation script nor update path for version "%s"', p_name, v_version);
    END IF;
    v_schema := coalesce(p_schema, p_default_schema);
    IF v_schema IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = 'no schema has been selected to create in';
    END IF;
    IF to_regnamespace(quote_ident(v_schema)) IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '3F000', MESSAGE = format('schema "%s" does not exist', v_schema);
    END IF;
    PERFORM schemagate_shim._require(p_name, v_requires, p_schema, p_cascade, p_default_schema);
    -- pg_tle runs TLE scripts with the caller's privileges; so do we.
    PERFORM schemagate_shim._run_as(
      v_caller,
      format('%I, schemagate_catalog, pg_catalog', v_schema),
      replace(array_to_string(v_parts, E';\n'), '@extschema@', quote_ident(v_schema)));
    INSERT INTO schemagate_shim.stubbed_extensions (name, schema, version, kind)
    VALUES (p_name, v_schema, v_version, 'tle');
    RETURN 'tle';
  END IF;

  -- 5. Nothing we can do.
  RAISE EXCEPTION USING ERRCODE = '0A000',
    MESSAGE = format('extension "%s" is not available on this server', p_name),
    HINT = schemagate_shim._not_available_hint(p_name);
END
$fn$;

-- DROP EXTENSION counterpart (optional for the Rust side; see the report).
-- Stubs and TLEs are forgotten but their objects stay: stubs are written so
-- that creating them again is harmless. Real extensions are dropped by
-- supabase_admin when privileged (supautils lets postgres do that too),
-- otherwise as the caller, so PostgreSQL's ownership rules apply.
CREATE OR REPLACE FUNCTION schemagate_shim.drop_extension(
  p_name text,
  p_if_exists boolean DEFAULT false,
  p_cascade boolean DEFAULT false
)
RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_sql text;
BEGIN
  IF EXISTS (SELECT FROM schemagate_shim.stubbed_extensions WHERE name = p_name) THEN
    DELETE FROM schemagate_shim.stubbed_extensions WHERE name = p_name;
    RETURN 'dropped';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = p_name) THEN
    v_sql := format('DROP EXTENSION %I', p_name) || CASE WHEN p_cascade THEN ' CASCADE' ELSE '' END;
    IF EXISTS (SELECT FROM schemagate_shim.privileged_extensions WHERE name = p_name) THEN
      EXECUTE v_sql;
    ELSE
      PERFORM schemagate_shim._run_as(schemagate_shim._caller(), 'pg_catalog, pg_temp', v_sql);
    END IF;
    RETURN 'dropped';
  END IF;
  IF coalesce(p_if_exists, false) THEN
    RAISE NOTICE USING ERRCODE = '42704', MESSAGE = format('extension "%s" does not exist, skipping', p_name);
    RETURN 'skipped';
  END IF;
  RAISE EXCEPTION USING ERRCODE = '42704', MESSAGE = format('extension "%s" does not exist', p_name);
END
$fn$;

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA schemagate_shim FROM PUBLIC;
GRANT EXECUTE ON FUNCTION schemagate_shim.create_extension(text, text, text, boolean, boolean, text) TO postgres;
GRANT EXECUTE ON FUNCTION schemagate_shim.drop_extension(text, boolean, boolean) TO postgres;

-- -----------------------------------------------------------------------------
-- supautils.policy_grants / drop_trigger_grants emulation. Only a table's
-- owner may create/alter/drop its policies or drop its triggers; Supabase
-- lets postgres do that on the auth/storage/realtime tables it does not own
-- (migrations routinely add policies on storage.objects and drop their
-- triggers on auth.users). For the duration of one such statement the
-- listed tables are handed to the calling role, and handed back when it
-- ends; a failed statement rolls the hand-over back with it. Nothing else
-- runs in between, so the caller gains no other power over them.
-- Skipped on a server whose supautils already does this.
-- -----------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION schemagate_shim._policy_grants_start()
RETURNS event_trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_role oid;
BEGIN
  SELECT r.oid INTO v_role FROM pg_catalog.pg_roles r
  WHERE r.rolname = schemagate_shim._caller() AND NOT r.rolsuper;
  IF v_role IS NULL THEN
    RETURN;
  END IF;
  -- Most policies are on the project's own tables: the hand-over of every
  -- platform table (a catalog write each way) is only needed when the
  -- statement, or the search_path it resolves names in, can reach one.
  IF current_query() !~* '(auth|storage|realtime)"?\s*\.'
     AND current_setting('search_path') !~* '(auth|storage|realtime)' THEN
    RETURN;
  END IF;
  INSERT INTO schemagate_shim.policy_grant_swaps (pid, relid, original_owner)
  SELECT pg_backend_pid(), c.oid, c.relowner
  FROM schemagate_shim.policy_grants g
  JOIN pg_catalog.pg_roles r ON r.rolname = g.role_name AND r.oid = v_role
  JOIN pg_catalog.pg_class c ON c.oid = to_regclass(g.relation)
  WHERE c.relowner <> v_role
  ON CONFLICT DO NOTHING;
  UPDATE pg_catalog.pg_class c SET relowner = v_role
  FROM schemagate_shim.policy_grant_swaps s
  WHERE s.pid = pg_backend_pid() AND c.oid = s.relid;
END
$fn$;

CREATE OR REPLACE FUNCTION schemagate_shim._policy_grants_end()
RETURNS event_trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF NOT EXISTS (SELECT FROM schemagate_shim.policy_grant_swaps WHERE pid = pg_backend_pid()) THEN
    RETURN;
  END IF;
  UPDATE pg_catalog.pg_class c SET relowner = s.original_owner
  FROM schemagate_shim.policy_grant_swaps s
  WHERE s.pid = pg_backend_pid() AND c.oid = s.relid;
  DELETE FROM schemagate_shim.policy_grant_swaps WHERE pid = pg_backend_pid();
END
$fn$;
REVOKE ALL ON FUNCTION schemagate_shim._policy_grants_start(), schemagate_shim._policy_grants_end() FROM PUBLIC;

DO $policy_grants$
BEGIN
  IF coalesce(current_setting('supautils.policy_grants', true), '') <> '' THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_event_trigger WHERE evtname = 'schemagate_policy_grants_start') THEN
    CREATE EVENT TRIGGER schemagate_policy_grants_start ON ddl_command_start
      WHEN TAG IN ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY', 'DROP TRIGGER')
      EXECUTE FUNCTION schemagate_shim._policy_grants_start();
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_event_trigger WHERE evtname = 'schemagate_policy_grants_end') THEN
    CREATE EVENT TRIGGER schemagate_policy_grants_end ON ddl_command_end
      WHEN TAG IN ('CREATE POLICY', 'ALTER POLICY', 'DROP POLICY', 'DROP TRIGGER')
      EXECUTE FUNCTION schemagate_shim._policy_grants_end();
  END IF;
END
$policy_grants$;
