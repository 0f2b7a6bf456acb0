#!/usr/bin/env bash
# The test suite: installs PostgreSQL server binaries if missing, then runs
# every test against real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-postgres.sh
cargo test --all-targets "$@"
