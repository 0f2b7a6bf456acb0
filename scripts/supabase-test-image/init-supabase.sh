# Sourced by docker-entrypoint.sh on first start (PGUSER=supabase_admin,
# PGHOST=the socket). Supabase's image applies its init scripts and
# migrations here; reference.sh names, on stderr, each file that needs a
# library this image lacks.
REFERENCE_IMAGE_ONLY=1 bash /supabase-reference/reference.sh psql \
  "postgresql:///postgres?host=/var/run/postgresql" /supabase-reference >&2
psql -v ON_ERROR_STOP=1 --no-psqlrc -d postgres \
  -c "ALTER ROLE postgres WITH LOGIN PASSWORD '$POSTGRES_PASSWORD'"
# The migrations preload supautils and safeupdate in the roles' sessions
# (session_preload_libraries, local_preload_libraries); this image has neither library, and a session
# that cannot load them is refused, so those settings are dropped here. The
# shim stands in for supautils (docs/platform.md).
psql -v ON_ERROR_STOP=1 --no-psqlrc -d postgres -Atc "
  SELECT format('ALTER ROLE %I %s RESET %s;', r.rolname,
                CASE WHEN s.setdatabase = 0 THEN '' ELSE format('IN DATABASE %I', d.datname) END, p.name)
  FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
  LEFT JOIN pg_database d ON d.oid = s.setdatabase
  CROSS JOIN (VALUES ('session_preload_libraries'), ('local_preload_libraries')) AS p(name)
  WHERE EXISTS (SELECT FROM unnest(s.setconfig) c WHERE c LIKE p.name || '=%')" |
  psql -v ON_ERROR_STOP=1 --no-psqlrc -d postgres
