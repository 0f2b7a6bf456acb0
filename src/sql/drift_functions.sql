-- drift: functions and procedures (aggregates cannot be re-created from
-- pg_get_functiondef and are left out): signature, result, language,
-- volatility, security definer, settings such as search_path, and body.
-- `depends` names the tables whose row types the signature uses, so the
-- catch-up SQL creates those tables first.
SELECT 'function' AS type,
       format('%I.%I(%s)', p.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS identity,
       p.proname AS name,
       p.nspname AS schema,
       (
         SELECT coalesce(json_agg(DISTINCT format('table %I.%I', rn.nspname, r.relname)), '[]'::json)
         FROM pg_depend AS d
         JOIN pg_type AS t ON t.oid = d.refobjid
         JOIN pg_class AS r ON r.oid = t.typrelid AND r.relkind IN ('r', 'p')
         JOIN pg_namespace AS rn ON rn.oid = r.relnamespace
         WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.refclassid = 'pg_type'::regclass
       ) AS depends,
       json_strip_nulls(json_build_object(
         'kind', CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'w' THEN 'window function' ELSE 'function' END,
         'arguments', pg_get_function_arguments(p.oid),
         'returns', CASE WHEN p.prokind <> 'p' THEN pg_get_function_result(p.oid) END,
         'language', l.lanname,
         'volatility', CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END,
         'strict', p.proisstrict,
         'security_definer', p.prosecdef,
         'leakproof', p.proleakproof,
         'parallel', CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END,
         'settings', (SELECT json_agg(s ORDER BY s) FROM unnest(p.proconfig) AS s),
         'body', coalesce(pg_get_function_sqlbody(p.oid), p.prosrc)
       )) AS definition,
       pg_get_functiondef(p.oid) AS ddl
FROM compared_function AS p
JOIN pg_language AS l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p', 'w')
