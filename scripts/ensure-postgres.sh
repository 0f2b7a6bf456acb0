#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb AND postgres, in one
# directory) are installed, installing Debian's `postgresql` package when
# they are not, and then the Debian packages of the Supabase extensions
# schemagate runs for real (PostGIS, pg_cron, pgTAP, plpgsql_check, HypoPG,
# pgAudit, pgRouting, RUM, pg_repack, pg_partman; on releases that package
# them for the major, pgvector and http too: Debian trixie for 17). Prints the
# directory it found. Safe to run repeatedly.
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
# SCHEMAGATE_PG_MAJOR=17 asks for that major: only <root>/17/bin counts, and
# postgresql-17 is what gets installed (Debian trixie packages 17, bookworm
# 15). SCHEMAGATE_PG_EXTENSIONS=0 skips the extension packages.
# An extension counts as installed when <share>/<major>/extension/<name>.control
# exists (share: /usr/share/postgresql).
# For tests:
#   SCHEMAGATE_PG_ROOT     replaces /usr/lib/postgresql (a fake root); with
#                          it, extensions are looked at only when
#                          SCHEMAGATE_PG_SHARE is set too;
#   SCHEMAGATE_PG_SHARE    replaces /usr/share/postgresql;
#   SCHEMAGATE_PG_PATH     (colon-separated) replaces PATH for steps 2 and 4
#                          only, so the script's own tools still run;
#   SCHEMAGATE_DRY_RUN=1   prints the decision ("found <dir>" or "install",
#                          then "extensions: install <packages>" or
#                          "extensions: present" when extensions are looked
#                          at) and installs nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

pg_root=${SCHEMAGATE_PG_ROOT:-/usr/lib/postgresql}
search_path=${SCHEMAGATE_PG_PATH-$PATH}
wanted_major=${SCHEMAGATE_PG_MAJOR:-}
if [[ -n "${SCHEMAGATE_PG_SHARE:-}" ]]; then
  share_root=$SCHEMAGATE_PG_SHARE
elif [[ -z "${SCHEMAGATE_PG_ROOT:-}" ]]; then
  share_root=/usr/share/postgresql
else
  share_root=""
fi
if [[ -n "$wanted_major" && ! "$wanted_major" =~ ^[0-9]+$ ]]; then
  echo "error: SCHEMAGATE_PG_MAJOR=$wanted_major is not a major version number (15, 17)" >&2
  exit 2
fi

# Extensions schemagate runs for real when Debian packages them:
# "<control file name> <package suffix>" (package postgresql-<major>-<suffix>).
EXTENSION_PACKAGES='pg_cron cron
pgtap pgtap
plpgsql_check plpgsql-check
hypopg hypopg
pgaudit pgaudit
pgrouting pgrouting
rum rum
pg_repack repack
pg_partman partman
postgis postgis-3
vector pgvector
http http'

# Whether a directory holds both server programs, executable.
has_server() {
  [[ -x "$1/initdb" && -f "$1/initdb" && -x "$1/postgres" && -f "$1/postgres" ]]
}

# The bin directories under the Debian-style root, highest major first
# (only the wanted one when a major is asked for).
root_bindirs() {
  local dir
  for dir in "$pg_root"/*/bin; do
    [[ -d "$dir" ]] || continue
    local major=${dir%/bin}
    major=${major##*/}
    [[ -z "$wanted_major" || "$major" == "$wanted_major" ]] || continue
    [[ "$major" =~ ^[0-9]+$ ]] && echo "$major $dir"
  done | sort -n -r | cut -d' ' -f2-
}

# The major of a bin directory: from a Debian-style path, else from
# `postgres --version`.
major_of() {
  local dir=$1 major
  major=${dir%/bin}
  major=${major##*/}
  if [[ "$major" =~ ^[0-9]+$ ]]; then echo "$major"; return 0; fi
  "$dir/postgres" --version 2>/dev/null | sed -n 's/^[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -1
}

# The packages of the extensions the major lacks, one a line.
missing_extension_packages() {
  local major=$1 name suffix
  while read -r name suffix; do
    [[ -f "$share_root/$major/extension/$name.control" ]] || echo "postgresql-$major-$suffix"
  done <<<"$EXTENSION_PACKAGES"
}

# Installs (or, dry, names) the extension packages the major lacks. A
# package the Debian release does not carry (pgvector for 15 on bookworm)
# is named and left out: schemagate emulates that extension instead.
ensure_extensions() {
  local major=$1
  [[ "${SCHEMAGATE_PG_EXTENSIONS:-1}" != 0 && -n "$share_root" && -n "$major" ]] || return 0
  local missing
  missing=$(missing_extension_packages "$major" | tr '\n' ' ' | sed 's/ *$//')
  if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then
    if [[ -n "$missing" ]]; then echo "extensions: install $missing"; else echo "extensions: present"; fi
    return 0
  fi
  [[ -n "$missing" ]] || { echo "PostgreSQL $major extension packages: all present" >&2; return 0; }
  apt_ready || {
    echo "warning: not root and no sudo; not installing $missing (their extensions will be unavailable or emulated)" >&2
    return 0
  }
  local available=() package
  for package in $missing; do
    if apt_has "$package"; then available+=("$package"); else
      echo "note: this Debian release has no $package; schemagate emulates that extension or reports it unavailable" >&2
    fi
  done
  [[ ${#available[@]} -gt 0 ]] || return 0
  echo "installing ${available[*]}" >&2
  apt_install "${available[@]}"
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
    [[ -n "$dir" ]] && has_server "$dir" || continue
    [[ -z "$wanted_major" || "$(major_of "$dir")" == "$wanted_major" ]] || continue
    echo "$dir"; return 0
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
  if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then echo "found $bindir"; else
    echo "PostgreSQL server binaries: $bindir" >&2
  fi
  ensure_extensions "$(major_of "$bindir")"
  exit 0
fi

if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then
  echo "install"
  [[ -z "$wanted_major" ]] || ensure_extensions "$wanted_major"
  exit 0
fi

server_package=postgresql
[[ -z "$wanted_major" ]] || server_package="postgresql-$wanted_major"
echo "PostgreSQL server binaries not found; installing Debian's $server_package package" >&2
apt_ready || {
  echo "error: not root and no sudo; install PostgreSQL server binaries (apt-get install -y postgresql) or set SCHEMAGATE_PG_BINDIR" >&2
  exit 1
}
# The package would start a cluster of its own; we only want the binaries.
if [[ -n "$wanted_major" ]] && ! apt_has "$server_package"; then
  echo "error: this Debian release has no $server_package (bookworm packages PostgreSQL 15, trixie 17); install PostgreSQL $wanted_major another way and set SCHEMAGATE_PG_BINDIR, or check with --postgres docker" >&2
  exit 1
fi
if [[ -z "$wanted_major" ]]; then
  apt_install postgresql postgresql-contrib
else
  apt_install "$server_package"
fi
bindir=$(find_bindir) || { echo "error: postgresql installed but no directory holds both initdb and postgres" >&2; exit 1; }
echo "PostgreSQL server binaries: $bindir" >&2
ensure_extensions "$(major_of "$bindir")"
