#!/usr/bin/env bash
# Makes sure PostgreSQL's server headers (Debian's postgresql-server-dev-<major>)
# are installed for every server major installed here, so the build can
# compile schemagate's server guard (src/guard/schemagate_guard.c) for it.
# Without them the guard is not built for that major and every run on it says
# so (finding `server-guard-absent`). Safe to run repeatedly.
#
# The header package is pinned to the installed server's version when apt has
# it, so installing it never upgrades a server other jobs are running.
#   SCHEMAGATE_PG_ROOT   a fake file-system root to look in (tests);
#   SCHEMAGATE_DRY_RUN=1 prints one decision per major ("found <major> <path>",
#                        "install <major>") or "none", and installs nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
root=${SCHEMAGATE_PG_ROOT:-}

majors() {
  local bin
  for bin in "$root"/usr/lib/postgresql/*/bin/postgres; do
    [[ -e "$bin" ]] || continue
    bin=${bin%/bin/postgres}
    echo "${bin##*/}"
  done | sort -n
}

missing=()
found_any=0
for major in $(majors); do
  found_any=1
  header="$root/usr/include/postgresql/$major/server/postgres.h"
  if [[ -f "$header" ]]; then
    if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then echo "found $major $header"; fi
    echo "server headers for PostgreSQL $major: found $header" >&2
  else
    if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then echo "install $major"; fi
    missing+=("$major")
  fi
done

if [[ $found_any == 0 ]]; then
  if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then echo "none"; fi
  echo "no PostgreSQL server installed: no server guard to build" >&2
  exit 0
fi
[[ ${#missing[@]} -gt 0 && "${SCHEMAGATE_DRY_RUN:-}" != 1 ]] || exit 0

apt_ready || {
  echo "error: not root and no sudo; install postgresql-server-dev-${missing[*]} for the server guard" >&2
  exit 1
}
for major in "${missing[@]}"; do
  package="postgresql-server-dev-$major"
  server_version=$(dpkg-query -W -f='${Version}' "postgresql-$major" 2>/dev/null || true)
  if [[ -n "$server_version" ]] && apt-cache madison "$package" | awk -F'|' '{gsub(/ /,"",$2); print $2}' | grep -qxF "$server_version"; then
    package="$package=$server_version"
  fi
  echo "server headers for PostgreSQL $major missing; installing $package" >&2
  apt_install "$package"
done
