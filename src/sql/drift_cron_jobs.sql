-- drift: pg_cron jobs, by name (by id for unnamed ones, which is only
-- stable on one server). Not the database, node or id: those differ
-- between a throwaway server and production for the same migration.
SELECT 'cron_job' AS type,
       coalesce(j.j->>'jobname', '#' || (j.j->>'jobid')) AS identity,
       j.j->>'jobname' AS name,
       json_strip_nulls(json_build_object(
         'schedule', j.j->'schedule',
         'command', j.j->'command',
         'username', j.j->'username',
         'active', j.j->'active'
       )) AS definition
FROM (SELECT to_jsonb(x) AS j FROM cron.job AS x) AS j
