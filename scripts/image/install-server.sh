#!/bin/sh
# Installs Debian's PostgreSQL server for one major, without a cluster, and
# the Debian packages of the Supabase extensions schemagate runs for real:
# each one this Debian release carries for the major (pgvector and http only
# exist for 17, on trixie; schemagate emulates vector on 15 and http
# everywhere else). scripts/ensure-postgres.sh keeps the same list.
#   install-server.sh MAJOR "EXTENSION-SUFFIX ..."
# Run inside an image build (the Dockerfile's `postgres` stages).
set -eu
major=$1
extensions=$2
mkdir -p /etc/postgresql-common
echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
apt-get update
packages="postgresql-$major"
for suffix in $extensions; do
  if apt-cache show "postgresql-$major-$suffix" >/dev/null 2>&1; then
    packages="$packages postgresql-$major-$suffix"
  else
    echo "no postgresql-$major-$suffix in this Debian release" >&2
  fi
done
# shellcheck disable=SC2086 # a list of package names
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages
rm -rf /var/lib/apt/lists/*
