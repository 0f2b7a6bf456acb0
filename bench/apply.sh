#!/usr/bin/env bash
# bench/apply.sh: how long does `schemagate check` take, compared with
# applying the same migrations by hand?
#
#   bench/apply.sh [N ...]        default: 100 300 1000
#
# For each N, bench/generate.py writes a synthetic Supabase project of N
# migrations (deterministic), and this script measures on those same files:
#
#   check       `schemagate check --format json` end to end, as a user runs it:
#               process start, template copy, server start, Supabase shim,
#               every file in its own transaction plus its history row, the
#               verification queries, server stop. Median of RUNS runs with a
#               warm template cache, plus one cold run (empty
#               SCHEMAGATE_CACHE_DIR, so initdb runs).
#   psql        `psql -X -q -v ON_ERROR_STOP=1 -f driver.sql` into a fresh
#               database of an already running server. driver.sql is
#               `begin; \i <file>; commit;` per migration, in order: ONE psql
#               process and connection for all files, one transaction per
#               file, as schemagate and the Supabase CLI do. One psql per
#               file would add a process and a connection per migration
#               (several seconds at N=1000) and flatter schemagate, so the
#               single session is the stricter baseline. No history rows.
#   pg start    `pg_ctl start -w` on an existing data directory (initdb not
#               counted), median of RUNS. pg_ctl polls for readiness every
#               100 ms, so this rounds up; the time until `pg_isready` first
#               succeeds (polled every 10 ms) is printed too.
#   sqlx        `sqlx migrate run` (sqlx-cli from crates.io) on the same
#               directory, into a fresh database: one transaction per file
#               plus its `_sqlx_migrations` row, like schemagate (but each
#               file goes as one multi-statement query).
#   check url   diagnostic only: `schemagate check --postgres url` against
#               the baseline server, i.e. the same work minus the embedded
#               server's template copy, start and stop.
#
# For each N the runs are interleaved (check, check url, psql, sqlx, then
# again), so drift in the machine hits every tool alike. Run it on a quiet
# machine: the load average is printed with the results.
#
# Why it is fair: the baseline server gets the settings schemagate gives its
# own (fsync, synchronous_commit and full_page_writes off, unix socket only),
# the same PostgreSQL binaries, and the same files. The Supabase
# prerequisites the migrations use (schema `auth`, `auth.users`,
# `auth.uid()`, roles `anon`, `authenticated`, `service_role`) are created in
# a template database before any timing, and every timed run gets a fresh
# copy of it; the baselines pay nothing for them, while schemagate's times
# include installing its (much larger) shim. schemagate's time includes
# starting and stopping its server; the baselines' do not, so "start + psql"
# and "start + sqlx" add the median server start. Baselines apply as the
# superuser; schemagate as the non-superuser `postgres` (no measurable
# difference for this DDL).
#
# Environment: PG_BINDIR (default /usr/lib/postgresql/15/bin), RUNS (3),
# CARGO_TARGET_DIR (where schemagate is built), SCHEMAGATE_BIN (skip the
# build, use this binary), SQLX_ROOT (/tmp/sqlx-cli: where sqlx-cli is or
# gets installed), KEEP_WORK=1 (keep the temporary directory).
# Runs as any user; as root, the baseline server runs as the OS user
# `postgres`, and schemagate picks its own unprivileged user.

set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly RUNS="${RUNS:-3}"
readonly SQLX_ROOT="${SQLX_ROOT:-/tmp/sqlx-cli}"
readonly SQLX="${SQLX_BIN:-$SQLX_ROOT/bin/sqlx}"
readonly TEMPLATE_DB=bench_template

WORK=""
SOCKET_DIR=""
DATA_DIR=""
SERVER_RUNNING=0
SQLX_INSTALL_PID=""
SQLX_AVAILABLE=1

# Results, keyed by N.
declare -A CHECK_WARM CHECK_COLD CHECK_URL CHECK_STARTUP CHECK_APPLY CHECK_TOTAL CHECK_LAST_WALL CHECK_STATUS
declare -A PSQL_MS SQLX_MS
PG_START_MS=""
PG_READY_MS=""
LOAD_BEFORE=""

# ---------------------------------------------------------------- helpers

die() { printf 'bench/apply.sh: %s\n' "$*" >&2; exit 1; }

# Microseconds since the epoch, without forking (bash 5).
now_us() { local t="${EPOCHREALTIME/./}"; printf '%s' "$t"; }

# a / b with two decimals, or "n/a".
ratio() {
    if [[ "$1" =~ ^[0-9]+$ && "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]]; then
        awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
    else
        printf 'n/a'
    fi
}

# psql against the baseline server as its superuser.
pg_sql() {
    local db="$1"; shift
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$PG_PORT" -U postgres -d "$db" "$@"
}

# ----------------------------------------------------------- preparation

check_prerequisites() {
    (( BASH_VERSINFO[0] >= 5 )) || die "needs bash 5 or later (for EPOCHREALTIME)"
    local missing=()
    for program in initdb pg_ctl postgres pg_isready; do
        [[ -x "$PG_BINDIR/$program" ]] || missing+=("$program")
    done
    if (( ${#missing[@]} )); then
        cat >&2 <<EOF
bench/apply.sh: PostgreSQL 15 server binaries (${missing[*]}) not found in $PG_BINDIR.
Install them, e.g. on Debian/Ubuntu:
    sudo apt-get install -y postgresql-15      # or: postgresql (if its major is 15)
(with the PGDG repository if your release lacks PostgreSQL 15), or set
PG_BINDIR to the directory holding initdb and pg_ctl.
EOF
        exit 1
    fi
    PSQL="$PG_BINDIR/psql"
    [[ -x "$PSQL" ]] || PSQL="$(command -v psql)" || die "psql not found (apt-get install -y postgresql-client-15)"
    command -v python3 >/dev/null || die "python3 not found"
    if [[ -z "${SCHEMAGATE_BIN:-}" ]]; then
        command -v cargo >/dev/null || die "cargo not found (install Rust from https://rustup.rs)"
    fi
    if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        die "running as root, but there is no OS user 'postgres' to run the baseline server as"
    fi
}

make_work_dir() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/schemagate-bench.XXXXXX")"
    chmod 0711 "$WORK"                  # the postgres user must reach its data dir below
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    cd "$WORK"
}

cleanup() {
    local status=$?
    set +e
    if [[ -n "$SQLX_INSTALL_PID" ]] && kill -0 "$SQLX_INSTALL_PID" 2>/dev/null; then
        kill "$SQLX_INSTALL_PID" 2>/dev/null
    fi
    finish_work
    exit "$status"
}

# sqlx-cli takes minutes to build: start it first, and wait for it before
# timing anything (a compile in the background would skew every number).
start_sqlx_install() {
    if [[ -x "$SQLX" ]]; then
        return
    fi
    log "installing sqlx-cli into $SQLX_ROOT in the background (several minutes)"
    cargo install sqlx-cli --no-default-features --features postgres --root "$SQLX_ROOT" \
        >"$WORK/sqlx-install.log" 2>&1 &
    SQLX_INSTALL_PID=$!
}

wait_for_sqlx() {
    if [[ -n "$SQLX_INSTALL_PID" ]]; then
        log "waiting for the sqlx-cli install to finish"
        if ! wait "$SQLX_INSTALL_PID"; then
            log "sqlx-cli install failed; sqlx columns will read n/a. Last lines of its log:"
            tail -n 15 "$WORK/sqlx-install.log" >&2
        fi
        SQLX_INSTALL_PID=""
    fi
    if [[ ! -x "$SQLX" ]]; then
        SQLX_AVAILABLE=0
    fi
}

build_schemagate() {
    if [[ -n "${SCHEMAGATE_BIN:-}" ]]; then
        [[ -x "$SCHEMAGATE" ]] || die "SCHEMAGATE_BIN=$SCHEMAGATE is not executable"
        return
    fi
    log "building schemagate (release)"
    cargo build --release --quiet --manifest-path "$REPO/Cargo.toml" || die "cargo build failed"
    [[ -x "$SCHEMAGATE" ]] || die "built, but $SCHEMAGATE is missing (is CARGO_TARGET_DIR set differently?)"
}

generate_project() {
    local n="$1" dir="$WORK/project-$1"
    python3 "$REPO/bench/generate.py" "$n" "$dir"
    # psql driver: one transaction per file, in order.
    local file
    {
        for file in "$dir"/supabase/migrations/*.sql; do
            printf 'begin;\n\\i %s\ncommit;\n' "'${file//\'/\'\'}'"
        done
    } >"$dir/psql-driver.sql"
}

expected_tables() {
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["public_tables"])' "$WORK/project-$1/bench-manifest.json"
}

# -------------------------------------------------------- baseline server

init_baseline_server() {
    SOCKET_DIR="$WORK/pg"
    DATA_DIR="$WORK/pg/data"
    mkdir -p "$SOCKET_DIR"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$SOCKET_DIR"; fi
    log "initdb for the baseline server (not timed)"
    as_postgres "$PG_BINDIR/initdb" -D "$DATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    # The settings schemagate gives its own throwaway server.
    cat >>"$DATA_DIR/postgresql.conf" <<EOF

# bench/apply.sh
listen_addresses = ''
port = $PG_PORT
unix_socket_directories = '$SOCKET_DIR'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
timezone = 'UTC'
log_timezone = 'UTC'
max_connections = 100
EOF
}

start_server() {
    as_postgres "$PG_BINDIR/pg_ctl" -D "$DATA_DIR" -l "$SOCKET_DIR/server.log" -w -s start >/dev/null
    SERVER_RUNNING=1
}

stop_server() {
    as_postgres "$PG_BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -w -s stop >/dev/null
    SERVER_RUNNING=0
}

# Median time of `pg_ctl start -w`, and of start until pg_isready answers
# (polled every 10 ms). Leaves the server running.
measure_server_start() {
    local starts=() readies=() i t0 t1
    start_server                         # first start after initdb: not counted
    for (( i = 0; i < RUNS; i++ )); do
        stop_server
        t0=$(now_us)
        start_server
        t1=$(now_us)
        starts+=( $(( (t1 - t0) / 1000 )) )
    done
    for (( i = 0; i < RUNS; i++ )); do
        stop_server
        t0=$(now_us)
        as_postgres "$PG_BINDIR/pg_ctl" -D "$DATA_DIR" -l "$SOCKET_DIR/server.log" -W -s start >/dev/null
        SERVER_RUNNING=1
        until "$PG_BINDIR/pg_isready" -q -h "$SOCKET_DIR" -p "$PG_PORT"; do sleep 0.01; done
        t1=$(now_us)
        readies+=( $(( (t1 - t0) / 1000 )) )
    done
    PG_START_MS=$(median "${starts[@]}")
    PG_READY_MS=$(median "${readies[@]}")
    log "pg_ctl start -w: ${starts[*]} ms (median $PG_START_MS); until pg_isready: ${readies[*]} ms (median $PG_READY_MS)"
}

# What a Supabase database provides and the migrations use, minimally.
create_baseline_template() {
    pg_sql postgres <<'EOF'
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
-- Only for the diagnostic `check --postgres url` runs: schemagate's shim
-- assumes Supabase's bootstrap superuser exists and fails without it.
create role supabase_admin superuser login;
EOF
    pg_sql postgres -c "create database $TEMPLATE_DB"
    pg_sql "$TEMPLATE_DB" <<'EOF'
create schema auth;
grant usage on schema auth to anon, authenticated, service_role;
create table auth.users (
  id uuid primary key default gen_random_uuid(),
  email text
);
create function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;
EOF
}

fresh_database() { pg_sql postgres -c "create database \"$1\" template $TEMPLATE_DB"; }
drop_database() { pg_sql postgres -c "drop database if exists \"$1\""; }

# Fails loudly if a baseline did not create every table.
assert_tables() {
    local db="$1" want="$2" got
    got=$(pg_sql "$db" -A -t -c "select count(*) from pg_tables where schemaname = 'public' and tablename <> '_sqlx_migrations'")
    [[ "$got" == "$want" ]] || die "database $db has $got public tables after applying, expected $want"
}

# ------------------------------------------------------------ measurements
#
# Each *_once function times ONE run and prints its wall time in ms. For each
# N, measure_size runs them round-robin (check, check via url, psql, sqlx,
# then again), so drift in the machine (page cache, writeback) hits every
# tool alike instead of whichever happens to run last.

# One `schemagate check` (extra arguments after the third); the JSON report
# goes to $2. On failure, says what failed and returns 1.
check_once() {
    local project="$1" report="$2" cache="$3" t0 t1 status=0
    shift 3
    t0=$(now_us)
    SCHEMAGATE_CACHE_DIR="$cache" "$SCHEMAGATE" check --project-dir "$project" --format json \
        --output "$report" "$@" >/dev/null 2>"$report.stderr" || status=$?
    t1=$(now_us)
    if (( status != 0 )); then
        log "schemagate check $* exited $status on $project"
        describe_failure "$report" >&2
        return 1
    fi
    printf '%s' $(( (t1 - t0) / 1000 ))
}

# What failed, from a JSON report: run error, failed file and statement,
# failed verifications, error findings.
describe_failure() {
    python3 - "$1" <<'EOF' || sed -n '1,20p' "$1.stderr"
import json, sys
report = json.load(open(sys.argv[1]))
print(f"  status: {report['status']}")
if report.get("error"):
    print(f"  run error ({report['error']['kind']}): {report['error']['message']}")
for m in report["migrations"]:
    if m["status"] == "failed":
        e = m["error"] or {}
        print(f"  failed: {m['file']} line {e.get('line')} [{e.get('sqlstate')}]: {e.get('message')}")
        if e.get("detail"): print(f"    detail: {e['detail']}")
        if e.get("statement"): print("    statement: " + " ".join(e["statement"].split())[:300])
for v in report["verifications"]:
    if v["status"] not in ("pass", "not_run"):
        print(f"  verification {v['name']!r}: {v['status']} expected {v['expected']}, got {v['actual']} {v.get('error') or ''}")
for f in report["findings"]:
    if f["severity"] == "error":
        print(f"  finding {f['rule']}: {f.get('file')}:{f.get('line')}: {f['message']}")
EOF
}

# Phase split of a report: server start-up, sum of the per-file durations,
# whole run (duration_ms).
report_phases() {
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["server"]["startup_ms"], sum(m["duration_ms"] for m in r["migrations"]), r["duration_ms"])
' "$1"
}

# Applies the N=$1 project into database $2 with psql, as one session.
apply_with_psql() {
    pg_sql "$2" -f "$WORK/project-$1/psql-driver.sql"
}

# Applies the N=$1 project into database $2 with `sqlx migrate run`. The
# migrations directory already has sqlx's <version>_<name>.sql names, so it
# is used as it is.
apply_with_sqlx() {
    "$SQLX" migrate run --no-dotenv --source "$WORK/project-$1/supabase/migrations" \
        --database-url "postgres://postgres@localhost:$PG_PORT/$2?host=$SOCKET_DIR"
}

# One baseline apply (tool $1: psql or sqlx; N=$2; run $3) into a fresh
# database, created, checked and dropped untimed; prints its milliseconds.
# $4 says what failed, before "the N=... project".
baseline_once() {
    local tool="$1" n="$2" db="$1_$2_$3" failed="$4" t0 t1
    fresh_database "$db"
    t0=$(now_us)
    "apply_with_$tool" "$n" "$db" >/dev/null 2>"$WORK/$tool-$n.stderr" \
        || { tail -n 5 "$WORK/$tool-$n.stderr" >&2; die "$failed the N=$n project"; }
    t1=$(now_us)
    assert_tables "$db" "$(expected_tables "$n")"
    drop_database "$db"
    printf '%s' $(( (t1 - t0) / 1000 ))
}

measure_size() {
    local n="$1" project="$WORK/project-$1" cache="$WORK/cache-$1" report="$WORK/report-$1.json"
    local url="postgres://supabase_admin@localhost:$PG_PORT/postgres?host=$SOCKET_DIR"
    local i ms warm=() via_url=() psql=() sqlx=()
    CHECK_STATUS[$n]=ok
    # Cold: an empty cache directory, so this run does initdb and saves the template.
    if ms=$(check_once "$project" "$report" "$cache"); then
        CHECK_COLD[$n]=$ms
    else
        CHECK_STATUS[$n]=FAILED
    fi
    for (( i = 0; i < RUNS; i++ )); do
        if [[ "${CHECK_STATUS[$n]}" == ok ]]; then
            if ms=$(check_once "$project" "$report" "$cache"); then
                warm+=("$ms")
                CHECK_LAST_WALL[$n]=$ms
                read -r "CHECK_STARTUP[$n]" "CHECK_APPLY[$n]" "CHECK_TOTAL[$n]" < <(report_phases "$report")
            else
                CHECK_STATUS[$n]=FAILED
            fi
            # Diagnostic: the same check against the already running baseline server.
            if ms=$(check_once "$project" "$report.url" "$cache" --postgres url --database-url "$url"); then
                via_url+=("$ms")
            fi
        fi
        psql+=("$(baseline_once psql "$n" "$i" "psql failed applying")")
        if (( SQLX_AVAILABLE )); then sqlx+=("$(baseline_once sqlx "$n" "$i" "sqlx migrate run failed on")"); fi
    done
    if [[ "${CHECK_STATUS[$n]}" == ok ]]; then
        CHECK_WARM[$n]=$(median "${warm[@]}")
        log "N=$n check: cold ${CHECK_COLD[$n]} ms, warm ${warm[*]} ms (median ${CHECK_WARM[$n]})"
    fi
    if (( ${#via_url[@]} )); then
        CHECK_URL[$n]=$(median "${via_url[@]}")
        log "N=$n check --postgres url: ${via_url[*]} ms (median ${CHECK_URL[$n]})"
    fi
    PSQL_MS[$n]=$(median "${psql[@]}")
    log "N=$n psql: ${psql[*]} ms (median ${PSQL_MS[$n]})"
    if (( SQLX_AVAILABLE )); then
        SQLX_MS[$n]=$(median "${sqlx[@]}")
        log "N=$n sqlx: ${sqlx[*]} ms (median ${SQLX_MS[$n]})"
    else
        SQLX_MS[$n]="n/a"
    fi
}

# ------------------------------------------------------------------ report

sum_or_na() { [[ "$1" =~ ^[0-9]+$ && "$2" =~ ^[0-9]+$ ]] && printf '%s' $(( $1 + $2 )) || printf 'n/a'; }

verdict() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then printf 'MET'; else printf 'MISSED'; fi; }

print_table() {
    local n warm start_psql start_sqlx ready_psql
    printf '\nschemagate bench: %s; PostgreSQL %s; median of %s runs; all times in ms\n' \
        "$("$SCHEMAGATE" --version)" "$("$PG_BINDIR/postgres" --version | awk '{ print $3 }')" "$RUNS"
    printf 'machine: %s CPUs; load average before the measurements %s, after %s\n' \
        "$(nproc)" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'baseline server start (pg start): pg_ctl start -w %s ms (until pg_isready: %s ms)\n\n' "$PG_START_MS" "$PG_READY_MS"
    printf '%6s | %10s %10s | %8s %6s %10s | %6s %10s | %15s %15s\n' \
        N "check warm" "check cold" "pg start" psql "start+psql" sqlx "start+sqlx" "check/(st+psql)" "check/(st+sqlx)"
    printf '%s\n' "-------+-----------------------+----------------------------+-------------------+--------------------------------"
    for n in "${SIZES[@]}"; do
        warm="${CHECK_WARM[$n]:-${CHECK_STATUS[$n]:-n/a}}"
        start_psql=$(sum_or_na "$PG_START_MS" "${PSQL_MS[$n]}")
        start_sqlx=$(sum_or_na "$PG_START_MS" "${SQLX_MS[$n]}")
        printf '%6s | %10s %10s | %8s %6s %10s | %6s %10s | %15s %15s\n' \
            "$n" "$warm" "${CHECK_COLD[$n]:-n/a}" "$PG_START_MS" "${PSQL_MS[$n]}" "$start_psql" \
            "${SQLX_MS[$n]}" "$start_sqlx" "$(ratio "$warm" "$start_psql")" "$(ratio "$warm" "$start_sqlx")"
    done

    printf '\nwhere check spends it (phases from the last warm run'"'"'s JSON report; "apply" sums the\n'
    printf 'per-file duration_ms, each rounded down to whole ms; "outside" = wall - duration_ms;\n'
    printf '"check url" = check --postgres url on the baseline server: no server start, same server as psql):\n'
    printf '%6s | %12s %8s %18s %8s | %9s %13s\n' N "server start" apply "shim+verify+stop" outside "check url" "url/psql"
    printf '%s\n' "-------+-------------------------------------------------------+-------------------------"
    for n in "${SIZES[@]}"; do
        if [[ "${CHECK_STATUS[$n]}" != ok ]]; then
            printf '%6s | check %s (see above)\n' "$n" "${CHECK_STATUS[$n]}"
            continue
        fi
        printf '%6s | %12s %8s %18s %8s | %9s %13s\n' "$n" "${CHECK_STARTUP[$n]}" "${CHECK_APPLY[$n]}" \
            $(( CHECK_TOTAL[$n] - CHECK_STARTUP[$n] - CHECK_APPLY[$n] )) $(( CHECK_LAST_WALL[$n] - CHECK_TOTAL[$n] )) \
            "${CHECK_URL[$n]:-n/a}" "$(ratio "${CHECK_URL[$n]:-}" "${PSQL_MS[$n]}")"
    done

    printf '\ntargets:\n'
    if [[ -n "${CHECK_WARM[100]:-}" ]]; then
        printf '  N=100  check <= 2000 ms end to end:     %5s ms                 -> %s\n' \
            "${CHECK_WARM[100]}" "$(verdict "${CHECK_WARM[100]}" 2000)"
    else
        printf '  N=100  check <= 2000 ms end to end:     not measured\n'
    fi
    if [[ -n "${CHECK_WARM[300]:-}" ]]; then
        start_psql=$(sum_or_na "$PG_START_MS" "${PSQL_MS[300]}")
        ready_psql=$(sum_or_na "$PG_READY_MS" "${PSQL_MS[300]}")
        start_sqlx=$(sum_or_na "$PG_START_MS" "${SQLX_MS[300]}")
        printf '  N=300  check <= 1.3 x (start + psql):  %5s vs %5s ms (x%s) -> %s   (x%s with the pg_isready start)\n' \
            "${CHECK_WARM[300]}" "$start_psql" "$(ratio "${CHECK_WARM[300]}" "$start_psql")" \
            "$(verdict "$(ratio "${CHECK_WARM[300]}" "$start_psql")" 1.3)" "$(ratio "${CHECK_WARM[300]}" "$ready_psql")"
        if [[ "$start_sqlx" =~ ^[0-9]+$ ]]; then
            printf '  N=300  check <  start + sqlx:           %5s vs %5s ms (x%s) -> %s\n' "${CHECK_WARM[300]}" \
                "$start_sqlx" "$(ratio "${CHECK_WARM[300]}" "$start_sqlx")" "$(verdict "${CHECK_WARM[300]}" "$(( start_sqlx - 1 ))")"
        else
            printf '  N=300  check <  start + sqlx:           sqlx not measured\n'
        fi
    else
        printf '  N=300  targets:                         not measured\n'
    fi
}

# -------------------------------------------------------------------- main

main() {
    SIZES=("$@")
    (( ${#SIZES[@]} )) || SIZES=(100 300 1000)
    for n in "${SIZES[@]}"; do
        [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"
    done
    check_prerequisites
    make_work_dir
    start_sqlx_install
    build_schemagate
    for n in "${SIZES[@]}"; do generate_project "$n"; done

    init_baseline_server
    wait_for_sqlx                        # nothing is timed while it compiles

    LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
    measure_server_start
    create_baseline_template
    for n in "${SIZES[@]}"; do measure_size "$n"; done

    stop_server
    print_table
}

main "$@"
