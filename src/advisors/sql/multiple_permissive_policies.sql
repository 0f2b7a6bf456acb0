-- multiple-permissive-policies (Supabase advisor 0006
-- multiple_permissive_policies): two or more permissive policies on one
-- table for the same role and action, which PostgreSQL evaluates all of
-- for every row. One finding per table, at the newest such policy.
WITH expanded AS (
  SELECT p.oid, p.polrelid, r.rolname, a.action
  FROM policies p
  CROSS JOIN LATERAL (
    SELECT rolname FROM pg_roles
    WHERE rolname IN ('anon', 'authenticated', 'authenticator', 'dashboard_user')
      AND (p.polroles = '{0}' OR oid = ANY (p.polroles))
  ) AS r
  CROSS JOIN LATERAL (
    SELECT unnest(CASE p.polcmd
      WHEN '*' THEN ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']
      WHEN 'r' THEN ARRAY['SELECT'] WHEN 'a' THEN ARRAY['INSERT']
      WHEN 'w' THEN ARRAY['UPDATE'] ELSE ARRAY['DELETE'] END) AS action
  ) AS a
  WHERE p.polpermissive
    AND p.relrowsecurity
    AND p.outside_platform
),
overlapping AS (
  SELECT polrelid, rolname, action, array_agg(oid ORDER BY oid) AS policies
  FROM expanded
  GROUP BY polrelid, rolname, action
  HAVING count(*) > 1
)
SELECT 'pg_policy'::regclass::oid::bigint AS classid,
       max(newest)::bigint AS objid,
       o.polrelid::bigint AS table_oid,
       (SELECT p.xmin::text FROM pg_policy p WHERE p.oid = max(newest)) AS xmin,
       o.polrelid::regclass::text AS object,
       format('table %s has several permissive policies for the same role and action (%s), and every one of them runs for every row',
              o.polrelid::regclass,
              string_agg(DISTINCT format('%s %s: %s', o.rolname, o.action,
                (SELECT string_agg(quote_ident(p.polname), ', ' ORDER BY p.polname)
                 FROM pg_policy p WHERE p.oid = ANY (o.policies))), '; ')) AS detail
FROM overlapping o
CROSS JOIN LATERAL (SELECT o.policies[array_length(o.policies, 1)] AS newest) AS last
GROUP BY o.polrelid
