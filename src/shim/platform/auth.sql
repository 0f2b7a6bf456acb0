-- =============================================================================
-- schemagate platform shim: auth (GoTrue)
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

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
