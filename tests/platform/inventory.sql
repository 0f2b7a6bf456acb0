-- The platform inventory of the current database: one row per object
-- (kind, name, detail) of the platform schemas, for tests/platform.rs to
-- compare between the reference (Supabase's own migrations) and the shim.
-- Extension members are left out: extensions are compared by the census.
WITH platform(nspname) AS (
  VALUES ('auth'), ('storage'), ('realtime'), ('vault'), ('graphql'), ('graphql_public'),
         ('supabase_functions'), ('pgbouncer'), ('extensions'), ('supabase_migrations'), ('public')
),
ns AS (
  SELECT n.oid, n.nspname FROM pg_namespace n JOIN platform USING (nspname)
),
members AS (
  SELECT objid, classid FROM pg_depend WHERE deptype = 'e'
)
SELECT kind, name, detail FROM (
  -- schemas: owner and grants
  SELECT 'schema'::text AS kind, n.nspname::text AS name,
         format('owner=%s acl=%s', n.nspowner::regrole, (SELECT '{' || coalesce(string_agg(a::text, ',' ORDER BY a::text), '') || '}' FROM unnest(n.nspacl) AS a)) AS detail
  FROM pg_namespace n JOIN ns USING (oid)
  UNION ALL
  -- tables, views, sequences: kind, owner, grants, row security
  SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'table' WHEN 'v' THEN 'view'
                        WHEN 'm' THEN 'view' WHEN 'S' THEN 'sequence' END,
         format('%I.%I', ns.nspname, c.relname),
         format('owner=%s acl=%s rls=%s', c.relowner::regrole, (SELECT '{' || coalesce(string_agg(a::text, ',' ORDER BY a::text), '') || '}' FROM unnest(c.relacl) AS a),
                CASE WHEN c.relforcerowsecurity THEN 'forced' WHEN c.relrowsecurity THEN 'on' ELSE 'off' END)
  FROM pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND NOT EXISTS (SELECT FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
  UNION ALL
  -- columns: type, nullability, default, generation
  SELECT 'column', format('%I.%I.%I', ns.nspname, c.relname, a.attname),
         format('%s%s%s%s', format_type(a.atttypid, a.atttypmod),
                CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                CASE WHEN a.attgenerated = 's' THEN ' generated as ' || pg_get_expr(d.adbin, d.adrelid)
                     WHEN d.adbin IS NOT NULL THEN ' default ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END,
                CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END)
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN ns ON ns.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
    AND NOT EXISTS (SELECT FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
  UNION ALL
  -- constraints
  SELECT 'constraint', format('%I.%I.%I', ns.nspname, c.relname, k.conname), pg_get_constraintdef(k.oid)
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
  UNION ALL
  -- indexes (other than those of constraints)
  SELECT 'index', format('%I.%I', ns.nspname, i.relname),
         regexp_replace(pg_get_indexdef(x.indexrelid), '^CREATE (UNIQUE )?INDEX \S+ ON ', 'CREATE \1INDEX ON ')
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
  JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
    AND NOT EXISTS (SELECT FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
  UNION ALL
  -- functions: signature, result, language, security, settings, owner, grants
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
         format('%I.%I(%s)', ns.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
         format('returns %s language %s%s %s%s owner=%s acl=%s',
                pg_get_function_result(p.oid), l.lanname,
                CASE WHEN p.prosecdef THEN ' security definer' ELSE '' END,
                CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END,
                coalesce(' set ' || array_to_string(p.proconfig, ', '), ''),
                p.proowner::regrole, (SELECT '{' || coalesce(string_agg(a::text, ',' ORDER BY a::text), '') || '}' FROM unnest(p.proacl) AS a))
  FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
  WHERE NOT EXISTS (SELECT FROM members m WHERE m.classid = 'pg_proc'::regclass AND m.objid = p.oid)
  UNION ALL
  -- types: enums with their labels, composites and domains
  SELECT 'type', format('%I.%I', ns.nspname, t.typname),
         format('%s owner=%s%s',
                CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'c' THEN 'composite' WHEN 'd' THEN 'domain' ELSE t.typtype::text END,
                t.typowner::regrole,
                CASE WHEN t.typtype = 'e' THEN ' ' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                                                     FROM pg_enum e WHERE e.enumtypid = t.oid)
                     WHEN t.typtype = 'd' THEN ' ' || format_type(t.typbasetype, t.typtypmod)
                     WHEN t.typtype = 'c' THEN ' (' || (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                                                      FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'
                     ELSE '' END)
  FROM pg_type t JOIN ns ON ns.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
    AND NOT EXISTS (SELECT FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
  UNION ALL
  -- triggers
  SELECT 'trigger', format('%I.%I.%I', ns.nspname, c.relname, g.tgname),
         regexp_replace(pg_get_triggerdef(g.oid), '^CREATE (CONSTRAINT )?TRIGGER \S+ ', 'CREATE \1TRIGGER ')
  FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT g.tgisinternal
  UNION ALL
  -- row-level security policies
  SELECT 'policy', format('%I.%I.%I', p.schemaname, p.tablename, p.policyname),
         format('%s %s to %s using %s check %s', p.permissive, p.cmd, p.roles, p.qual, p.with_check)
  FROM pg_policies p JOIN platform ON platform.nspname = p.schemaname
  UNION ALL
  -- default privileges
  SELECT 'default privileges', format('for %s in %s on %s', d.defaclrole::regrole,
                                      coalesce(d.defaclnamespace::regnamespace::text, '*'),
                                      CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences'
                                           WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' END),
         (SELECT '{' || string_agg(a::text, ',' ORDER BY a::text) || '}' FROM unnest(d.defaclacl) AS a)
  FROM pg_default_acl d
  WHERE d.defaclnamespace = 0 OR d.defaclnamespace IN (SELECT oid FROM ns)
  UNION ALL
  -- platform roles: attributes and memberships (cluster-wide)
  SELECT 'role', r.rolname::text,
         concat_ws(' ', CASE WHEN r.rolsuper THEN 'superuser' END, CASE WHEN r.rolinherit THEN 'inherit' ELSE 'noinherit' END,
                   CASE WHEN r.rolcreaterole THEN 'createrole' END, CASE WHEN r.rolcreatedb THEN 'createdb' END,
                   CASE WHEN r.rolcanlogin THEN 'login' END, CASE WHEN r.rolreplication THEN 'replication' END,
                   CASE WHEN r.rolbypassrls THEN 'bypassrls' END,
                   'member of {' || (SELECT string_agg(g.rolname || CASE WHEN m.admin_option THEN ' with admin' ELSE '' END, ',' ORDER BY g.rolname)
                                     FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                                     -- pgsodium's roles come with the extension (census)
                                     WHERE m.member = r.oid AND g.rolname NOT LIKE 'pgsodium%') || '}')
  FROM pg_roles r
  WHERE r.rolname IN ('postgres', 'anon', 'authenticated', 'service_role', 'authenticator', 'supabase_admin',
                      'supabase_auth_admin', 'supabase_storage_admin', 'supabase_realtime_admin',
                      'supabase_functions_admin', 'supabase_replication_admin', 'supabase_read_only_user',
                      'dashboard_user', 'pgbouncer', 'supabase_etl_admin', 'supabase_superuser')
  UNION ALL
  -- publications
  SELECT 'publication', p.pubname,
         format('owner=%s all=%s tables=%s', p.pubowner::regrole, p.puballtables,
                coalesce((SELECT string_agg(format('%I.%I', t.schemaname, t.tablename), ',' ORDER BY 1)
                          FROM pg_publication_tables t WHERE t.pubname = p.pubname), ''))
  FROM pg_publication p
) AS inventory
ORDER BY kind, name;
