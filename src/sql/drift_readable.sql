-- drift: whether the platform tables whose rows drift compares can be read
-- in full by this role. One JSON object, e.g. {"storage.buckets": "readable",
-- "cron.job": "absent"}: `absent` (no such table: nothing to compare),
-- `denied` (no SELECT), `hidden` (row level security applies to this role,
-- so rows could be missing that are not).
SELECT json_object_agg(t.name, CASE
  WHEN to_regclass(t.name) IS NULL THEN 'absent'
  WHEN NOT has_table_privilege(to_regclass(t.name), 'SELECT') THEN 'denied'
  WHEN row_security_active(to_regclass(t.name)) THEN 'hidden'
  ELSE 'readable' END)::text
FROM (VALUES ('storage.buckets'), ('cron.job')) AS t(name)
