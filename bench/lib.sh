# Shared by the bench/*.sh scripts (sourced, not run, right after their
# `set -euo pipefail`): the repository, the server binaries and the binary
# under test, and small helpers.

export LC_ALL=C
readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PG_BINDIR="${PG_BINDIR:-/usr/lib/postgresql/15/bin}"
readonly SCHEMAGATE="${SCHEMAGATE_BIN:-${CARGO_TARGET_DIR:-$REPO/target}/release/schemagate}"
readonly PG_PORT=5432          # only names the socket file in our own directory

log() { printf '[bench] %s\n' "$*" >&2; }

# Median of integers (the lower middle for an even count, rounded down).
median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# Runs a command as the OS user `postgres` when we are root (PostgreSQL
# refuses to run as root), else as ourselves.
as_postgres() {
    if [[ $EUID -ne 0 ]]; then
        "$@"
    elif command -v runuser >/dev/null; then
        runuser -u postgres -- "$@"
    else
        su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
    fi
}

# The end of a run (from its EXIT trap): stops the server it started
# (SERVER_RUNNING, DATA_DIR) and removes its directory WORK, unless KEEP_WORK=1.
finish_work() {
    if (( SERVER_RUNNING )); then
        as_postgres "$PG_BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -s stop >/dev/null 2>&1
    fi
    cd /
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}
