-- Roles reaching the server's files or programs that the current (migration)
-- role is a member of; NULL when none. A superuser is a member of every role,
-- so the check means nothing for one (the url backend warns about that instead).
SELECT string_agg(r.rolname, ', ' ORDER BY r.rolname)
FROM pg_roles AS r
WHERE r.rolname IN ('pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files')
  AND pg_has_role(current_user, r.oid, 'MEMBER')
  AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
