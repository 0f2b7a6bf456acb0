-- =============================================================================
-- schemagate platform shim: vault
--
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

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
