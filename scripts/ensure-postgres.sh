#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb AND postgres, in one
# directory) are installed, installing Debian's `postgresql` package when
# they are not. Prints the directory it found. Safe to run repeatedly.
#
# It looks where the tool looks (src/postgres/binaries.rs), and accepts a
# directory only when both programs are there: a lone initdb or postgres
# (a client package, a half-removed install, a stray symlink) does not count.
#   1. $SCHEMAGATE_PG_BINDIR, when set: an explicit choice is final, so a
#      directory lacking either program is an error (exit 2), never a
#      fallback that would hide the typo;
#   2. `pg_config --bindir`;
#   3. <root>/<major>/bin, highest major first (root: /usr/lib/postgresql);
#   4. each directory on PATH holding initdb, following its symlink (Homebrew
#      and /usr/local/bin link into the real bin directory).
# For tests:
#   SCHEMAGATE_PG_ROOT     replaces /usr/lib/postgresql (a fake root);
#   SCHEMAGATE_PG_PATH     (colon-separated) replaces PATH for steps 2 and 4
#                          only, so the script's own tools still run;
#   SCHEMAGATE_DRY_RUN=1   prints the decision ("found <dir>" or "install")
#                          and installs nothing.
set -euo pipefail

pg_root=${SCHEMAGATE_PG_ROOT:-/usr/lib/postgresql}
search_path=${SCHEMAGATE_PG_PATH-$PATH}

# Whether a directory holds both server programs, executable.
has_server() {
  [[ -x "$1/initdb" && -f "$1/initdb" && -x "$1/postgres" && -f "$1/postgres" ]]
}

# The bin directories under the Debian-style root, highest major first.
root_bindirs() {
  local dir
  for dir in "$pg_root"/*/bin; do
    [[ -d "$dir" ]] || continue
    local major=${dir%/bin}
    major=${major##*/}
    [[ "$major" =~ ^[0-9]+$ ]] && echo "$major $dir"
  done | sort -n -r | cut -d' ' -f2-
}

# pg_config's --bindir, when a pg_config is on the search path.
pg_config_bindir() {
  local dir
  IFS=: read -r -a dirs <<<"$search_path"
  for dir in "${dirs[@]}"; do
    if [[ -x "$dir/pg_config" ]]; then
      "$dir/pg_config" --bindir 2>/dev/null || true
      return 0
    fi
  done
}

# Each PATH directory with an initdb, and where that initdb really lives.
path_bindirs() {
  local dir
  IFS=: read -r -a dirs <<<"$search_path"
  for dir in "${dirs[@]}"; do
    [[ -n "$dir" && -e "$dir/initdb" ]] || continue
    echo "$dir"
    dirname "$(readlink -f "$dir/initdb")"
  done
}

# Prints the first directory holding both programs, or fails.
find_bindir() {
  if [[ -n "${SCHEMAGATE_PG_BINDIR:-}" ]]; then
    if has_server "$SCHEMAGATE_PG_BINDIR"; then echo "$SCHEMAGATE_PG_BINDIR"; return 0; fi
    return 2
  fi
  local dir
  while read -r dir; do
    if [[ -n "$dir" ]] && has_server "$dir"; then echo "$dir"; return 0; fi
  done < <(pg_config_bindir; root_bindirs; path_bindirs)
  return 1
}

status=0
bindir=$(find_bindir) || status=$?
if [[ $status -eq 2 ]]; then
  missing=()
  for program in initdb postgres; do
    [[ -x "$SCHEMAGATE_PG_BINDIR/$program" && -f "$SCHEMAGATE_PG_BINDIR/$program" ]] || missing+=("$program")
  done
  echo "error: SCHEMAGATE_PG_BINDIR=$SCHEMAGATE_PG_BINDIR has no ${missing[*]}; point it at the directory holding both initdb and postgres, or unset it" >&2
  exit 2
fi
if [[ $status -eq 0 ]]; then
  if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then echo "found $bindir"; exit 0; fi
  echo "PostgreSQL server binaries: $bindir" >&2
  exit 0
fi

if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then echo "install"; exit 0; fi

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
bindir=$(find_bindir) || { echo "error: postgresql installed but no directory holds both initdb and postgres" >&2; exit 1; }
echo "PostgreSQL server binaries: $bindir" >&2
