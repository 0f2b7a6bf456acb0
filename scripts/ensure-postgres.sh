#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb, postgres) are installed,
# installing Debian's `postgresql` package when they are not. Prints the
# directory it found. Safe to run repeatedly.
set -euo pipefail

find_bindir() {
  if [[ -n "${SCHEMAGATE_PG_BINDIR:-}" && -x "${SCHEMAGATE_PG_BINDIR}/initdb" ]]; then
    echo "$SCHEMAGATE_PG_BINDIR"; return 0
  fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/postgres" ]]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
  return 1
}

if bindir=$(find_bindir); then
  echo "PostgreSQL server binaries: $bindir" >&2
  exit 0
fi

echo "PostgreSQL server binaries not found; installing Debian's postgresql package" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: not root and no sudo; install PostgreSQL server binaries (apt-get install -y postgresql) or set SCHEMAGATE_PG_BINDIR" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The package would start a cluster of its own; we only want the binaries.
$sudo apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null
bindir=$(find_bindir) || { echo "error: postgresql installed but initdb still not found" >&2; exit 1; }
echo "PostgreSQL server binaries: $bindir" >&2
