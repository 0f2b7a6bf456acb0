-- schemagate stub: supabase_vault (Supabase Vault).
-- The vault objects themselves (vault.secrets, vault.decrypted_secrets,
-- vault.create_secret, vault.update_secret) are part of the core shim
-- (src/shim/platform/vault.sql), because every Supabase project has them; this
-- stub only registers the extension as installed, so that
-- `create extension supabase_vault` behaves as on Supabase, and checks the
-- objects are really there. The control file fixes the schema to vault.
-- schemagate: schema=vault
-- schemagate: version=0.3.1

DO $stub$
BEGIN
  IF to_regclass('vault.secrets') IS NULL
     OR to_regclass('vault.decrypted_secrets') IS NULL
     OR to_regprocedure('vault.create_secret(text,text,text,uuid)') IS NULL
     OR to_regprocedure('vault.update_secret(uuid,text,text,text,uuid)') IS NULL THEN
    RAISE EXCEPTION 'the vault objects of the schemagate core shim are missing; was src/shim/platform/vault.sql installed?';
  END IF;
END
$stub$;
