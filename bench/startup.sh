#!/usr/bin/env bash
# bench/startup.sh: how long until the throwaway server is ready with the
# whole Supabase shim, compared with starting a bare PostgreSQL.
#
#   bench/startup.sh [RUNS]       default: 15
#
# Measures, interleaved, RUNS times each, and prints medians and ratios:
#
#   shim ready   `schemagate check --format json` on a one-migration project
#                with a warm cache: the report's server.startup_ms (template
#                copy, server start, first connection) plus the shim step,
#                which on a warm template only reads the shim's mark.
#                Reported as startup_ms and as the run's whole wall time.
#   bare start   a copy of a plain initdb data directory into the same kind
#                of run directory, `postgres` started with the same settings,
#                polled with pg_isready every 5 ms until it answers: what any
#                throwaway server costs, with no shim at all.
#   shim by hand the shim's SQL applied with psql into a fresh database of an
#                already running server: what each run paid before the shim
#                moved into the template (once, for scale).
#
# Ratios are against "bare start" of the same run, so a busy machine slows
# both sides alike. Run it on a quiet machine; the load average is printed.
set -euo pipefail

RUNS=${1:-15}
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${SCHEMAGATE_BIN:-$REPO/target/release/schemagate}
[[ -x $BIN ]] || BIN=$REPO/target/debug/schemagate
[[ -x $BIN ]] || { echo "build schemagate first (cargo build --release)" >&2; exit 2; }
PG_BINDIR=${SCHEMAGATE_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[[ -x $PG_BINDIR/postgres ]] || { echo "no PostgreSQL server binaries (set SCHEMAGATE_PG_BINDIR)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/sg-bench-startup.XXXXXX)
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
export SCHEMAGATE_CACHE_DIR=$WORK/cache
as_postgres() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $EUID -eq 0 ]] && chown postgres "$WORK"

mkdir -p "$WORK/project/supabase/migrations"
echo "create table public.t (id bigint primary key);" > "$WORK/project/supabase/migrations/20260101000000_t.sql"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
now_ms() { date +%s%3N; }

# A plain data directory for the bare start, as schemagate's initdb makes it.
as_postgres "$PG_BINDIR/initdb" -D "$WORK/plain" -U supabase_admin -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null

bare_start() {
    local dir
    dir=$(mktemp -d /dev/shm/sg-bench-XXXXXX 2>/dev/null || mktemp -d /tmp/sg-bench-XXXXXX)
    [[ $EUID -eq 0 ]] && chown postgres "$dir"
    local t0; t0=$(now_ms)
    as_postgres cp -a "$WORK/plain" "$dir/data"
    as_postgres "$PG_BINDIR/postgres" -D "$dir/data" -k "$dir" -c port=5432 -c listen_addresses= \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off >"$dir/log" 2>&1 &
    local pid=$!
    until "$PG_BINDIR/pg_isready" -q -h "$dir" -p 5432 -U supabase_admin 2>/dev/null; do sleep 0.005; done
    local t1; t1=$(now_ms)
    as_postgres "$PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -s stop >/dev/null 2>&1 || kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
    echo $((t1 - t0))
}

shim_run() {
    local t0 t1 out
    t0=$(now_ms)
    out=$("$BIN" check --project-dir "$WORK/project" --format json 2>/dev/null || true)
    t1=$(now_ms)
    local startup
    startup=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["server"]["startup_ms"])')
    echo "$startup $((t1 - t0))"
}

echo "warming the template cache (builds the shim template once)..."
t0=$(now_ms); shim_run >/dev/null; cold=$(( $(now_ms) - t0 ))

: >"$WORK/bare"; : >"$WORK/startup"; : >"$WORK/wall"
for _ in $(seq "$RUNS"); do
    read -r startup wall < <(shim_run)
    echo "$startup" >>"$WORK/startup"; echo "$wall" >>"$WORK/wall"
    bare_start >>"$WORK/bare"
done

# The shim applied by hand, for scale: what a run paid before.
dir=$(mktemp -d /tmp/sg-bench-XXXXXX); [[ $EUID -eq 0 ]] && chown postgres "$dir"
as_postgres cp -a "$WORK/plain" "$dir/data"
as_postgres "$PG_BINDIR/postgres" -D "$dir/data" -k "$dir" -c port=5432 -c listen_addresses= -c fsync=off >"$dir/log" 2>&1 &
pid=$!
until "$PG_BINDIR/pg_isready" -q -h "$dir" -p 5432 -U supabase_admin 2>/dev/null; do sleep 0.005; done
files=(-f "$REPO/src/shim/base.sql")
while read -r part; do files+=(-f "$REPO/src/shim/$part"); done \
    < <(sed -n 's/^ *("\([a-z_/]*\.sql\)",.*/\1/p; s/^ *"\([a-z_/]*\.sql\)",$/\1/p' "$REPO/src/shim/mod.rs")
t0=$(now_ms)
"$PG_BINDIR/psql" -X -q -h "$dir" -p 5432 -U supabase_admin -d postgres -v ON_ERROR_STOP=1 -1 "${files[@]}" >/dev/null 2>&1
by_hand=$(( $(now_ms) - t0 ))
as_postgres "$PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -s stop >/dev/null 2>&1 || kill -KILL "$pid"
wait "$pid" 2>/dev/null || true; rm -rf "$dir"

bare=$(median <"$WORK/bare"); startup=$(median <"$WORK/startup"); wall=$(median <"$WORK/wall")
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); runs: $RUNS; binary: $BIN"
printf '%-34s %8s %8s\n' "" "ms" "ratio"
printf '%-34s %8s %8s\n' "bare start (baseline)" "$bare" "1.00"
printf '%-34s %8s %8.2f\n' "server ready with the whole shim" "$startup" "$(echo "$startup / $bare" | bc -l)"
printf '%-34s %8s %8.2f\n' "whole check run (1 migration)" "$wall" "$(echo "$wall / $bare" | bc -l)"
printf '%-34s %8s %8.2f\n' "shim applied by hand (per run before)" "$by_hand" "$(echo "$by_hand / $bare" | bc -l)"
printf '%-34s %8s %8.2f\n' "cold run (builds the template)" "$cold" "$(echo "$cold / $bare" | bc -l)"
