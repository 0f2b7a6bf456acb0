#!/bin/sh
# A small version of the official postgres image's entrypoint: on first
# start, initdb as POSTGRES_USER (default postgres) with POSTGRES_PASSWORD or
# POSTGRES_HOST_AUTH_METHOD, create POSTGRES_DB, run
# /docker-entrypoint-initdb.d/*.sql and *.sh against a server listening on
# the socket only; then exec the server on every interface.
set -eu

if [ "${1#-}" != "$1" ]; then
  set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  auth=${POSTGRES_HOST_AUTH_METHOD:-}
  password=${POSTGRES_PASSWORD:-}
  if [ -z "$password" ] && [ "$auth" != trust ]; then
    echo "Error: Database is uninitialized and superuser password is not specified." >&2
    echo "       Set POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust." >&2
    exit 1
  fi
  [ -n "$auth" ] || auth=scram-sha-256
  pwfile=$(mktemp)
  printf '%s\n' "$password" >"$pwfile"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words, as in the official image.
  initdb --username="$user" --pwfile="$pwfile" ${POSTGRES_INITDB_ARGS:-}
  rm -f "$pwfile"
  printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  export PGUSER="$user" PGPASSWORD="$password" PGHOST=/var/run/postgresql
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --no-psqlrc -d postgres -c "CREATE DATABASE \"$db\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 --no-psqlrc -d "$db" -f "$f" ;;
      *) ;;
    esac
  done
  unset PGPASSWORD
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "PostgreSQL init process complete; ready for start up."
fi

# Preload what Supabase's image preloads, when this image has it: pg_cron
# and pgaudit refuse CREATE EXTENSION otherwise.
if [ "$1" = postgres ]; then
  preload=""
  for library in pg_cron pgaudit; do
    if [ -f "/usr/lib/postgresql/$PG_MAJOR/lib/$library.so" ]; then
      preload="${preload:+$preload,}$library"
    fi
  done
  if [ -n "$preload" ]; then
    shift
    set -- postgres -c "shared_preload_libraries=$preload" -c cron.database_name=postgres "$@"
  fi
fi

exec "$@"
