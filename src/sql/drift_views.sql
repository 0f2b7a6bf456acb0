-- drift: views and materialized views: definition and options such as
-- security_invoker. `depends` lists the relations and functions a view
-- reads, so the catch-up SQL creates views in dependency order.
SELECT CASE c.relkind WHEN 'm' THEN 'materialized_view' ELSE 'view' END AS type,
       format('%I.%I', c.nspname, c.relname) AS identity,
       c.relname AS name,
       c.nspname AS schema,
       (
         SELECT coalesce(json_agg(DISTINCT dep), '[]'::json)
         FROM (
           SELECT format('%s %I.%I', CASE r.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view' ELSE 'table' END,
                         rn.nspname, r.relname) AS dep
           FROM pg_rewrite AS w
           JOIN pg_depend AS d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_class'::regclass
           JOIN pg_class AS r ON r.oid = d.refobjid AND r.oid <> c.oid
           JOIN pg_namespace AS rn ON rn.oid = r.relnamespace
           WHERE w.ev_class = c.oid
           UNION
           SELECT format('function %I.%I(%s)', pn.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
           FROM pg_rewrite AS w
           JOIN pg_depend AS d ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid AND d.refclassid = 'pg_proc'::regclass
           JOIN pg_proc AS p ON p.oid = d.refobjid
           JOIN pg_namespace AS pn ON pn.oid = p.pronamespace
           WHERE w.ev_class = c.oid
         ) AS deps
       ) AS depends,
       json_strip_nulls(json_build_object(
         'definition', pg_get_viewdef(c.oid),
         'options', (SELECT json_agg(o ORDER BY o) FROM unnest(c.reloptions) AS o)
       )) AS definition,
       CASE c.relkind
         WHEN 'm' THEN format('CREATE MATERIALIZED VIEW IF NOT EXISTS %I.%I%s AS%s', c.nspname, c.relname,
                              (SELECT ' WITH (' || string_agg(o, ', ' ORDER BY o) || ')' FROM unnest(c.reloptions) AS o),
                              E'\n' || rtrim(pg_get_viewdef(c.oid), ';'))
         ELSE format('CREATE OR REPLACE VIEW %I.%I%s AS%s', c.nspname, c.relname,
                     (SELECT ' WITH (' || string_agg(o, ', ' ORDER BY o) || ')' FROM unnest(c.reloptions) AS o),
                     E'\n' || rtrim(pg_get_viewdef(c.oid), ';'))
       END AS ddl
FROM compared_relation AS c
WHERE c.relkind IN ('v', 'm')
