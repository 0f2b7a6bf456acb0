-- The recorder's log, in the order the commands ran.
SELECT id, xid, coalesce(query, ''), classid::bigint, objid::bigint
FROM schemagate_advisors.ddl_log
WHERE classid IS NOT NULL AND objid IS NOT NULL AND objid <> 0
ORDER BY id
