-- function-search-path-mutable (Supabase advisor 0011
-- function_search_path_mutable): a function of the project without a
-- fixed search_path, so what its unqualified names resolve to depends on
-- the caller's search_path.
-- $2: the platform's schemas.
SELECT 'pg_proc'::regclass::oid::bigint AS classid,
       p.oid::bigint AS objid,
       NULL::bigint AS table_oid,
       p.xmin::text AS xmin,
       p.oid::regprocedure::text AS object,
       format('%s%s %s has no fixed search_path: its unqualified names resolve through the caller''s search_path',
              CASE WHEN p.prosecdef THEN 'SECURITY DEFINER ' ELSE '' END,
              CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
              p.oid::regprocedure) AS detail
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p')
  AND n.nspname <> ALL ($2)
  AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (
    SELECT 1 FROM unnest(coalesce(p.proconfig, '{}')) AS s WHERE s LIKE 'search\_path=%')
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend e
    WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype = 'e')
