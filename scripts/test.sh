#!/usr/bin/env bash
# The test suite: installs the build dependencies (libclang) and PostgreSQL
# server binaries if missing, builds the local Docker test images when a
# Docker engine answers (the Docker tests skip loudly when none does), then
# runs every test against real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/ensure-build-deps.sh
./scripts/ensure-postgres.sh
./scripts/build-test-image.sh
# PostgreSQL 17 (Debian trixie) for the major-version and 17 census tests.
SCHEMAGATE_PG_MAJOR=17 ./scripts/build-test-image.sh
# A PostgreSQL 15 image that starts the way Supabase's does (supabase_admin
# bootstraps, postgres demoted), for the platform inventory tests.
./scripts/build-supabase-test-image.sh
# --no-fail-fast: one failing test binary must not hide the others.
cargo test --all-targets --no-fail-fast "$@"
