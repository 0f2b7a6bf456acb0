#!/usr/bin/env bash
# The test suite: installs the build dependencies (libclang) and PostgreSQL
# server binaries if missing, then runs every test against real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-build-deps.sh
./scripts/ensure-postgres.sh
cargo test --all-targets "$@"
