-- =============================================================================
-- schemagate shim: install helpers that bring platform objects to a shape.
--
-- The platform files state each object's current shape once. These helpers
-- create what is missing and bring what exists to that shape, the way the
-- Supabase CLI brings the image's 2021-era auth.users and storage.buckets up
-- to date by running GoTrue's and storage's migrations after start. That
-- covers a second run, the real supabase/postgres image (docker backend) and
-- a server that already had some of these objects.
--
-- Superuser-only (run by the installer, never granted), not security definer.
-- Part of the platform shim: installed by src/shim/mod.rs in its fixed order,
-- by the superuser supabase_admin, in one transaction with the other parts.
-- =============================================================================

-- Runs a DDL block only when its first object is missing. Kept for objects
-- whose shape an existing definition may legitimately differ from (a
-- composite type in use, a role-owned helper).
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

-- An enum with these labels: created, or the missing labels added (an enum
-- label cannot be removed; one the reference lacks is reported by the
-- inventory test, never silently kept).
CREATE OR REPLACE FUNCTION schemagate_shim._conform_enum(p_type text, p_labels text[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
DECLARE
  v_label text;
BEGIN
  IF to_regtype(p_type) IS NULL THEN
    EXECUTE format('CREATE TYPE %s AS ENUM (%s)', p_type,
                   (SELECT string_agg(quote_literal(l), ', ') FROM unnest(p_labels) AS l));
    RETURN;
  END IF;
  FOREACH v_label IN ARRAY p_labels LOOP
    EXECUTE format('ALTER TYPE %s ADD VALUE IF NOT EXISTS %L', p_type, v_label);
  END LOOP;
END
$fn$;

-- A function with this definition (CREATE OR REPLACE). When an existing one
-- returns another type, which CREATE OR REPLACE cannot change, it is dropped
-- first, with what depends on it (triggers are created again afterwards).
CREATE OR REPLACE FUNCTION schemagate_shim._conform_function(p_signature text, p_ddl text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
BEGIN
  BEGIN
    EXECUTE p_ddl;
  EXCEPTION WHEN invalid_function_definition OR wrong_object_type THEN
    EXECUTE format('DROP FUNCTION %s CASCADE', p_signature);
    EXECUTE p_ddl;
  END;
END
$fn$;

-- Drops the functions of a schema that are not in p_keep (regprocedure
-- text), except extension members: the current schema no longer has them,
-- and an old overload beside the new one makes calls ambiguous.
CREATE OR REPLACE FUNCTION schemagate_shim._drop_other_functions(p_schema text, p_keep text[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
DECLARE
  v_proc regprocedure;
BEGIN
  FOR v_proc IN
    SELECT p.oid::regprocedure FROM pg_proc p
    WHERE p.pronamespace = to_regnamespace(quote_ident(p_schema))
      AND NOT p.oid::regprocedure::text = ANY (p_keep)
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP ROUTINE %s CASCADE', v_proc);
  END LOOP;
END
$fn$;

-- Drops the triggers of a table that are not in p_keep.
CREATE OR REPLACE FUNCTION schemagate_shim._drop_other_triggers(p_table text, p_keep text[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
DECLARE
  v_name name;
BEGIN
  FOR v_name IN
    SELECT t.tgname FROM pg_trigger t
    WHERE t.tgrelid = p_table::regclass AND NOT t.tgisinternal AND NOT t.tgname = ANY (p_keep)
  LOOP
    EXECUTE format('DROP TRIGGER %I ON %s', v_name, p_table);
  END LOOP;
END
$fn$;

-- A table of this shape. p_ddl creates it under the name @table@: a CREATE
-- TABLE, then ALTER TABLE ... ADD CONSTRAINT and CREATE INDEX statements.
-- A missing table is created by it. An existing one is compared with a
-- specimen the DDL builds in a scratch schema, and altered: missing columns
-- added, differing types, defaults, nullability and generation fixed,
-- columns the shape lacks dropped; constraints and indexes added, replaced
-- when their definition differs, dropped when the shape lacks them.
CREATE OR REPLACE FUNCTION schemagate_shim._conform_table(p_table text, p_ddl text)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
DECLARE
  v_target regclass := to_regclass(p_table);
  v_schema text;
  v_spec regclass;
  c record;
BEGIN
  IF v_target IS NULL THEN
    EXECUTE replace(p_ddl, '@table@', p_table);
    RETURN;
  END IF;
  SELECT n.nspname INTO v_schema FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE k.oid = v_target;
  DROP SCHEMA IF EXISTS schemagate_spec CASCADE;
  CREATE SCHEMA schemagate_spec;
  EXECUTE replace(p_ddl, '@table@', 'schemagate_spec.specimen');
  v_spec := 'schemagate_spec.specimen'::regclass;

  -- Columns.
  FOR c IN
    SELECT s.attname, format_type(s.atttypid, s.atttypmod) AS type, s.attnotnull AS notnull,
           s.attgenerated::text AS generated, pg_get_expr(sd.adbin, sd.adrelid) AS expr,
           s.attidentity::text AS identity,
           t.attnum IS NOT NULL AS present, format_type(t.atttypid, t.atttypmod) AS t_type,
           t.attnotnull AS t_notnull, t.attgenerated::text AS t_generated,
           pg_get_expr(td.adbin, td.adrelid) AS t_expr, t.attidentity::text AS t_identity
    FROM pg_attribute s
    LEFT JOIN pg_attrdef sd ON sd.adrelid = s.attrelid AND sd.adnum = s.attnum
    LEFT JOIN pg_attribute t ON t.attrelid = v_target AND t.attname = s.attname AND t.attnum > 0 AND NOT t.attisdropped
    LEFT JOIN pg_attrdef td ON td.adrelid = t.attrelid AND td.adnum = t.attnum
    WHERE s.attrelid = v_spec AND s.attnum > 0 AND NOT s.attisdropped
    ORDER BY s.attnum
  LOOP
    -- A plain column where the shape has a generated one (2021's
    -- auth.users.confirmed_at), or the other way round, is made anew.
    IF c.present AND (c.generated <> c.t_generated OR c.identity <> c.t_identity
                      OR (c.generated = 's' AND c.expr IS DISTINCT FROM c.t_expr)) THEN
      EXECUTE format('ALTER TABLE %s DROP COLUMN %I CASCADE', v_target, c.attname);
      c.present := false;
    END IF;
    IF NOT c.present THEN
      EXECUTE format('ALTER TABLE %s ADD COLUMN %I %s%s%s', v_target, c.attname, c.type,
                     CASE WHEN c.generated = 's' THEN format(' GENERATED ALWAYS AS (%s) STORED', c.expr)
                          WHEN c.identity = 'a' THEN ' GENERATED ALWAYS AS IDENTITY'
                          WHEN c.identity = 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY'
                          WHEN c.expr IS NOT NULL THEN ' DEFAULT ' || c.expr
                          ELSE '' END,
                     CASE WHEN c.notnull THEN ' NOT NULL' ELSE '' END);
      CONTINUE;
    END IF;
    IF c.type <> c.t_type THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', v_target, c.attname);
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s USING %I::%s', v_target, c.attname, c.type, c.attname, c.type);
      c.t_expr := NULL;
    END IF;
    IF c.generated = '' AND c.identity = '' AND c.expr IS DISTINCT FROM c.t_expr THEN
      IF c.expr IS NULL THEN
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', v_target, c.attname);
      ELSE
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', v_target, c.attname, c.expr);
      END IF;
    END IF;
    IF c.notnull AND NOT c.t_notnull THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET NOT NULL', v_target, c.attname);
    ELSIF NOT c.notnull AND c.t_notnull THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I DROP NOT NULL', v_target, c.attname);
    END IF;
  END LOOP;

  -- Constraints and indexes the shape lacks or defines otherwise go first,
  -- so a new one can take a name an old index used.
  FOR c IN
    SELECT t.conname FROM pg_constraint t
    WHERE t.conrelid = v_target
      AND NOT EXISTS (SELECT FROM pg_constraint s WHERE s.conrelid = v_spec AND s.conname = t.conname
                        AND replace(pg_get_constraintdef(s.oid), 'schemagate_spec.specimen', v_target::text)
                            = pg_get_constraintdef(t.oid))
  LOOP
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I CASCADE', v_target, c.conname);
  END LOOP;
  FOR c IN
    SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = v_target
      AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = v_target)
      AND NOT EXISTS (SELECT FROM pg_index sx JOIN pg_class si ON si.oid = sx.indexrelid
                      WHERE sx.indrelid = v_spec AND si.relname = i.relname
                        AND replace(pg_get_indexdef(sx.indexrelid), 'schemagate_spec.specimen', v_target::text)
                            = replace(pg_get_indexdef(x.indexrelid), format('INDEX %I ON ', i.relname), format('INDEX %I ON ', i.relname)))
  LOOP
    EXECUTE format('DROP INDEX %I.%I CASCADE', v_schema, c.relname);
  END LOOP;
  -- Columns the shape lacks (2021's auth.users.email_change_token).
  FOR c IN
    SELECT t.attname FROM pg_attribute t
    WHERE t.attrelid = v_target AND t.attnum > 0 AND NOT t.attisdropped
      AND NOT EXISTS (SELECT FROM pg_attribute s WHERE s.attrelid = v_spec AND s.attname = t.attname
                        AND s.attnum > 0 AND NOT s.attisdropped)
  LOOP
    EXECUTE format('ALTER TABLE %s DROP COLUMN %I CASCADE', v_target, c.attname);
  END LOOP;
  FOR c IN
    SELECT s.conname, replace(pg_get_constraintdef(s.oid), 'schemagate_spec.specimen', v_target::text) AS def
    FROM pg_constraint s
    WHERE s.conrelid = v_spec AND NOT EXISTS (SELECT FROM pg_constraint t WHERE t.conrelid = v_target AND t.conname = s.conname)
    ORDER BY s.contype <> 'p', s.conname
  LOOP
    IF to_regclass(format('%I.%I', v_schema, c.conname)) IS NOT NULL THEN
      EXECUTE format('DROP INDEX %I.%I CASCADE', v_schema, c.conname);
    END IF;
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', v_target, c.conname, c.def);
  END LOOP;
  FOR c IN
    SELECT si.relname, replace(pg_get_indexdef(sx.indexrelid), 'schemagate_spec.specimen', v_target::text) AS def
    FROM pg_index sx JOIN pg_class si ON si.oid = sx.indexrelid
    WHERE sx.indrelid = v_spec
      AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = sx.indexrelid AND k.conrelid = v_spec)
      AND to_regclass(format('%I.%I', v_schema, si.relname)) IS NULL
  LOOP
    EXECUTE replace(c.def, format('INDEX %I ON ', c.relname), format('INDEX %I ON ', c.relname));
  END LOOP;
  DROP SCHEMA schemagate_spec CASCADE;
END
$fn$;

-- Owners and grants, for every object of p_objects (of kind p_kind: TABLE,
-- SEQUENCE, FUNCTION, PROCEDURE, TYPE): the owner set to p_owner (when not
-- NULL), then the grants reset to p_acl, the reference's ACL in PostgreSQL's
-- aclitem notation (rolename=privileges/grantor, an empty rolename for
-- PUBLIC; its grantors are not used). Every platform role's grants are
-- revoked, and p_acl's granted grantee by grantee, in p_acl's order, so the
-- object's ACL lists them in that order too. A NULL p_acl (the reference
-- object has the default privileges) leaves the grants alone.
CREATE OR REPLACE FUNCTION schemagate_shim._conform_privileges(p_kind text, p_owner name, p_acl aclitem[], p_objects text[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $fn$
DECLARE
  v_object text;
  g record;
BEGIN
  FOREACH v_object IN ARRAY p_objects LOOP
    IF p_owner IS NOT NULL THEN
      EXECUTE format('ALTER %s %s OWNER TO %I', p_kind, v_object, p_owner);
    END IF;
    CONTINUE WHEN p_acl IS NULL;
    -- The roles whose grants a platform object may carry.
    EXECUTE format('REVOKE ALL ON %s %s FROM PUBLIC, postgres, anon, authenticated, service_role, dashboard_user, '
                   'supabase_auth_admin, supabase_storage_admin, supabase_realtime_admin, supabase_admin, authenticator, '
                   'supabase_read_only_user, pgbouncer, supabase_functions_admin', p_kind, v_object);
    FOR g IN
      SELECT CASE WHEN e.grantee = 0 THEN 'PUBLIC' ELSE e.grantee::regrole::text END AS grantee,
             string_agg(e.privilege_type, ', ' ORDER BY e.n) FILTER (WHERE NOT e.is_grantable) AS plain,
             string_agg(e.privilege_type, ', ' ORDER BY e.n) FILTER (WHERE e.is_grantable) AS with_option
      FROM aclexplode(p_acl) WITH ORDINALITY AS e(grantor, grantee, privilege_type, is_grantable, n)
      GROUP BY e.grantee
      ORDER BY min(e.n)
    LOOP
      IF g.plain IS NOT NULL THEN
        EXECUTE format('GRANT %s ON %s %s TO %s', g.plain, p_kind, v_object, g.grantee);
      END IF;
      IF g.with_option IS NOT NULL THEN
        EXECUTE format('GRANT %s ON %s %s TO %s WITH GRANT OPTION', g.with_option, p_kind, v_object, g.grantee);
      END IF;
    END LOOP;
  END LOOP;
END
$fn$;

REVOKE ALL ON FUNCTION schemagate_shim._ensure(text, text), schemagate_shim._conform_enum(text, text[]),
  schemagate_shim._conform_function(text, text), schemagate_shim._drop_other_functions(text, text[]),
  schemagate_shim._drop_other_triggers(text, text[]), schemagate_shim._conform_table(text, text),
  schemagate_shim._conform_privileges(text, name, aclitem[], text[]) FROM PUBLIC;
