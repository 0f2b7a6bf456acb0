-- drift: tables listed explicitly in publications (supabase_realtime
-- membership), with a column list or row filter when one was given.
SELECT 'publication_table' AS type,
       format('%I %I.%I', p.pubname, n.nspname, c.relname) AS identity,
       p.pubname AS name,
       n.nspname AS schema,
       format('table %I.%I', n.nspname, c.relname) AS parent,
       json_strip_nulls(json_build_object(
         'columns', (SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_attribute AS a
                     WHERE a.attrelid = c.oid AND a.attnum = ANY (pr.prattrs)),
         'row_filter', pg_get_expr(pr.prqual, pr.prrelid)
       )) AS definition,
       format('ALTER PUBLICATION %I ADD TABLE %I.%I', p.pubname, n.nspname, c.relname)
       || coalesce((SELECT ' (' || string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) || ')'
                    FROM pg_attribute AS a WHERE a.attrelid = c.oid AND a.attnum = ANY (pr.prattrs)), '')
       || coalesce(' WHERE (' || pg_get_expr(pr.prqual, pr.prrelid) || ')', '') AS ddl
FROM pg_publication_rel AS pr
JOIN pg_publication AS p ON p.oid = pr.prpubid
JOIN pg_class AS c ON c.oid = pr.prrelid
JOIN pg_namespace AS n ON n.oid = c.relnamespace
