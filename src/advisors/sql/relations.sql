-- What the advisors share, put before each of them (the `advisor!` macro in
-- mod.rs): the relations and policies of the database with the facts most
-- advisors filter on, and the columns an advisor returns for such an
-- object. NOT MATERIALIZED: each advisor's filters are planned into them as
-- if it had written the joins out, and a fact it does not use is never
-- computed.
-- $1: the API-exposed schemas; $2: the platform's schemas.
WITH relations AS NOT MATERIALIZED (
  SELECT 'pg_class'::regclass::oid::bigint AS classid,
         c.oid::bigint AS objid,
         c.oid::bigint AS table_oid,
         c.xmin::text AS xmin,
         c.oid::regclass::text AS object,
         c.oid, c.relname, c.relkind, c.relrowsecurity, c.relispartition, c.reloptions,
         n.nspname,
         -- In a schema the API serves.
         n.nspname = ANY ($1) AS exposed,
         -- Not in a schema of PostgreSQL, Supabase's platform or schemagate.
         n.nspname <> ALL ($2) AS outside_platform,
         -- Created by an extension's script: the extension's, not the project's.
         EXISTS (
           SELECT 1 FROM pg_depend e
           WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e') AS extension_member,
         EXISTS (
           SELECT 1 FROM pg_roles api
           WHERE api.rolname IN ('anon', 'authenticated')
             AND has_table_privilege(api.oid, c.oid, 'SELECT')) AS api_readable
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
),
policies AS NOT MATERIALIZED (
  SELECT 'pg_policy'::regclass::oid::bigint AS classid,
         p.oid::bigint AS objid,
         p.polrelid::bigint AS table_oid,
         p.xmin::text AS xmin,
         format('%s on %s', quote_ident(p.polname), p.polrelid::regclass) AS object,
         p.oid, p.polname, p.polrelid, p.polpermissive, p.polroles, p.polcmd,
         coalesce(pg_get_expr(p.polqual, p.polrelid), '') AS using_expr,
         coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') AS check_expr,
         r.relrowsecurity, r.outside_platform
  FROM pg_policy p
  JOIN relations r ON r.oid = p.polrelid
)
