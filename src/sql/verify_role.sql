-- Whether a verification's role may not be used: a superuser, or a member
-- of the roles that reach the server's files or programs. No row when the
-- role does not exist.
SELECT r.rolsuper
    OR pg_has_role(r.oid, 'pg_read_server_files', 'MEMBER')
    OR pg_has_role(r.oid, 'pg_write_server_files', 'MEMBER')
    OR pg_has_role(r.oid, 'pg_execute_server_program', 'MEMBER')
FROM pg_roles r
WHERE r.rolname = $1
