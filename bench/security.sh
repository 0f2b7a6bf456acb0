#!/usr/bin/env bash
# bench/security.sh: what the security review adds to `schemagate check`.
#
#   bench/security.sh
#
# For every project of ../shared/corpus (read in place: a temporary
# project whose supabase/migrations and supabase/seed.sql are symlinks to
# the corpus folder) and for examples/marketplace, runs
# `schemagate check --all --seed --format json` RUNS times and prints, per
# project, the median of
#
#   check       the whole run (report.duration_ms, server start included),
#   advisors    the DDL recorder's log read plus every advisor query
#               (report.advisors.duration_ms), and its share of check,
#   tests       the project's pgTAP files (report.tests.duration_ms; only
#               the example has any), and its share of check,
#
# all from the same runs, so the ratios compare like with like. The DDL
# recorder's cost while the migrations apply is not in `advisors`; the
# second table runs each project again with every advisor rule "off" in a
# configuration file (recorder still on) and with --no-tests, and prints
# check's median against the first table's.
#
# Environment: RUNS (default 3), SCHEMAGATE_BIN (default: build release).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
corpus=../shared/corpus
if [[ -z "${SCHEMAGATE_BIN:-}" ]]; then
  cargo build --release -q
  SCHEMAGATE_BIN=target/release/schemagate
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

projects=()
for dir in "$corpus"/*/; do
  name=$(basename "$dir")
  [[ -d "$dir/migrations" ]] || continue
  mkdir -p "$work/$name/supabase"
  ln -s "$(realpath "$dir/migrations")" "$work/$name/supabase/migrations"
  [[ -f "$dir/seed.sql" ]] && ln -s "$(realpath "$dir/seed.sql")" "$work/$name/supabase/seed.sql"
  projects+=("$work/$name")
done
projects+=("$(pwd)/examples/marketplace")

# Every advisor rule off: the baseline for what the advisors' queries add.
off="$work/advisors-off.toml"
echo "[rules]" > "$off"
for rule in auth-users-exposed security-definer-view function-search-path-mutable \
  policy-exists-rls-disabled rls-enabled-no-policy rls-disabled-in-public \
  rls-references-user-metadata multiple-permissive-policies auth-rls-initplan \
  extension-in-public unindexed-foreign-keys duplicate-index no-primary-key \
  materialized-view-in-api foreign-table-in-api insecure-queue-exposed-in-api; do
  echo "$rule = \"off\"" >> "$off"
done

run() { # project extra-args... -> one JSON report on stdout
  local project=$1; shift
  "$SCHEMAGATE_BIN" check --project-dir "$project" --all --seed --format json "$@" 2>/dev/null || true
}

printf '%-48s %9s %9s %7s %9s %7s\n' project check_ms advisors share tests_ms share
for project in "${projects[@]}"; do
  reports=()
  for _ in $(seq "$runs"); do reports+=("$(run "$project")"); done
  printf '%s\n' "${reports[@]}" | python3 -c '
import json, statistics, sys
name = sys.argv[1]
decoder, text, reports = json.JSONDecoder(), sys.stdin.read(), []
i = 0
while i < len(text):
    if text[i].isspace():
        i += 1; continue
    report, i = decoder.raw_decode(text, i); reports.append(report)
med = lambda xs: statistics.median(xs) if xs else None
check = med([r["duration_ms"] for r in reports])
adv = med([r["advisors"]["duration_ms"] for r in reports if r.get("advisors")])
tests = med([r["tests"]["duration_ms"] for r in reports if r.get("tests")])
share = lambda x: f"{x / check:6.1%}" if x is not None and check else "    n/a"
fmt = lambda x: f"{x:9.0f}" if x is not None else "      n/a"
print(f"{name:<48} {fmt(check)} {fmt(adv)} {share(adv)} {fmt(tests)} {share(tests)}")
' "$(basename "$project")"
done

echo
printf '%-48s %9s %14s %9s %14s %14s\n' project check_ms no_advisors ratio no_tests ratio
for project in "${projects[@]}"; do
  full=() quiet=() notests=()
  for _ in $(seq "$runs"); do
    full+=("$(run "$project" | python3 -c 'import json,sys; print(json.load(sys.stdin)["duration_ms"])')")
    quiet+=("$(run "$project" --config "$off" | python3 -c 'import json,sys; print(json.load(sys.stdin)["duration_ms"])')")
    notests+=("$(run "$project" --no-tests | python3 -c 'import json,sys; print(json.load(sys.stdin)["duration_ms"])')")
  done
  python3 -c '
import statistics, sys
name, full, quiet, notests = sys.argv[1], *[list(map(float, a.split())) for a in sys.argv[2:]]
f, q, n = (statistics.median(x) for x in (full, quiet, notests))
print(f"{name:<48} {f:9.0f} {q:14.0f} {f / q:9.2f} {n:14.0f} {f / n:14.2f}")
' "$(basename "$project")" "${full[*]}" "${quiet[*]}" "${notests[*]}"
done
