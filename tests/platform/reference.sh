#!/usr/bin/env bash
# Builds the reference platform in an empty database of a fresh server, the
# way a Supabase project gets it, from Supabase's own files in
# ../shared/supabase-platform (read in place):
#   1. the supabase/postgres image: init scripts (as postgres, still a
#      superuser), pgbouncer's auth schema, then every image migration in
#      version order (as supabase_admin, the bootstrap superuser);
#   2. the CLI's webhook.sql (supabase_functions) and history tables;
#   3. realtime's tenant dump; GoTrue's migrations as supabase_auth_admin;
#      storage-api's tenant migrations as supabase_storage_admin with the
#      settings the CLI starts it with.
# Usage: reference.sh PSQL URL REFERENCE_DIR (REFERENCE_IMAGE_ONLY=1: step 1 only). URL names the bootstrap
# superuser supabase_admin. Prints one "FAIL <file>: <error>" line per file
# that does not apply on this server (extension libraries it lacks); the
# caller decides which are expected. Exit status 2 on usage errors.
set -uo pipefail
PSQL=${1:?psql}; URL=${2:?url}; R=${3:?reference dir}
[[ -d $R/auth-migrations ]] || { echo "no reference at $R" >&2; exit 2; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
log=$WORK/log
sql() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "$URL" "$@" >>"$log" 2>&1; }
# run ROLE FILE [psql args]: runs FILE as ROLE (SET ROLE at connection).
run() {
    local role=$1 file=$2; shift 2
    if ! PGOPTIONS="${EXTRA_OPTIONS:-} -c role=$role" sql "$@" -f "$file"; then
        echo "FAIL $(basename "$file"): $(grep ERROR "$log" | tail -1)"
    fi
}

# The image's bootstrap: postgres starts as a superuser owning the database;
# pgsodium (created on PG15 images) brings its roles.
sql -c "CREATE ROLE postgres SUPERUSER LOGIN CREATEDB CREATEROLE REPLICATION BYPASSRLS" \
    -c "ALTER DATABASE postgres OWNER TO postgres" \
    -c "CREATE ROLE pgsodium_keyiduser; CREATE ROLE pgsodium_keyholder; CREATE ROLE pgsodium_keymaker" \
    -c "GRANT pgsodium_keyiduser TO pgsodium_keyholder; GRANT pgsodium_keyholder TO pgsodium_keymaker"
INIT=$R/postgres/index-newer/migrations/db/init-scripts
for f in 00000000000000-initial-schema 00000000000001-auth-schema 00000000000002-storage-schema \
         00000000000003-realtime-schema 00000000000003-post-setup; do
    run postgres "$INIT/$f.sql"
done
run supabase_admin "$R/postgres/snapshot-2024-10-23/ansible/files/pgbouncer_config/pgbouncer_auth_schema.sql" -1
# Image migrations: the newer copy of a file wins.
for name in $( (ls "$R/postgres/snapshot-2024-10-23/migrations/db/migrations"; ls "$R/postgres/index-newer/migrations/db/migrations") | grep '\.sql$' | sort -u); do
    f=$R/postgres/index-newer/migrations/db/migrations/$name
    [[ -f $f ]] || f=$R/postgres/snapshot-2024-10-23/migrations/db/migrations/$name
    run supabase_admin "$f" -1
done

# REFERENCE_IMAGE_ONLY=1: stop where Supabase's image stops (init scripts
# and image migrations); the CLI and the services add the rest after start.
[[ ${REFERENCE_IMAGE_ONLY:-} == 1 ]] && exit 0

# The CLI: database webhooks (without pg_net, which needs its library) and
# the migration history, created by postgres.
grep -v 'CREATE EXTENSION IF NOT EXISTS pg_net' "$R/cli/internal/db/start/templates/webhook.sql" > "$WORK/webhook.sql"
run supabase_admin "$WORK/webhook.sql"
cat > "$WORK/history.sql" <<'SQL'
CREATE SCHEMA IF NOT EXISTS supabase_migrations;
CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
CREATE TABLE IF NOT EXISTS supabase_migrations.seed_files (path text NOT NULL PRIMARY KEY, hash text NOT NULL);
SQL
run postgres "$WORK/history.sql" -1

# Realtime's finished schema.
run supabase_admin "$R/realtime-migrations/_dumps/tenant_db_dump_15.sql" -1

# GoTrue: each migration in its own transaction unless it builds indexes
# concurrently; the namespace placeholder resolves to auth.
for f in $(ls "$R"/auth-migrations/*.up.sql | sort); do
    sed 's/{{ *index .Options "Namespace" *}}/auth/g' "$f" > "$WORK/auth.sql"
    mode=-1; grep -qi concurrently "$WORK/auth.sql" && mode=
    EXTRA_OPTIONS="-c search_path=auth" run supabase_auth_admin "$WORK/auth.sql" $mode
done

# storage-api: its migrations table, then each migration with the settings
# the CLI gives it (DB_INSTALL_ROLES=false), outside a transaction when the
# file says so.
cat > "$WORK/storage-history.sql" <<'SQL'
CREATE TABLE IF NOT EXISTS storage.migrations (id integer PRIMARY KEY, name varchar(100) UNIQUE NOT NULL,
  hash varchar(40) NOT NULL, executed_at timestamp DEFAULT current_timestamp);
SQL
run supabase_storage_admin "$WORK/storage-history.sql" -1
for f in $(ls "$R"/storage-migrations/*.sql | sort -t- -k1,1n); do
    { echo "SET search_path TO storage, public;"
      echo "SELECT set_config('storage.install_roles', 'false', false), set_config('storage.multitenant', 'false', false),"
      echo "  set_config('storage.anon_role', 'anon', false), set_config('storage.authenticated_role', 'authenticated', false),"
      echo "  set_config('storage.service_role', 'service_role', false), set_config('storage.super_user', 'postgres', false),"
      echo "  set_config('storage.iceberg_default_shard', '', false), set_config('storage.iceberg_shards', '{}', false),"
      echo "  set_config('storage.vector_bucket_provider', '', false);"
      cat "$f"; } > "$WORK/storage.sql"
    mode=-1; grep -q 'disable-transaction' "$f" && mode=
    run supabase_storage_admin "$WORK/storage.sql" $mode
done
exit 0
