#!/usr/bin/env bash
# Builds schemagate-test/supabase/postgres:<major> (SCHEMAGATE_PG_MAJOR, 15
# or 17) on schemagate-test/postgres:<major> (scripts/build-test-image.sh):
# a local image that starts the way supabase/postgres does, so the docker
# backend's Supabase flavour (its name ends in supabase/postgres) is
# exercised without pulling Supabase's image. See
# scripts/supabase-test-image/Dockerfile. Exits 0 without building, saying
# so loudly, when no Docker engine answers.
set -euo pipefail
cd "$(dirname "$0")/.."
major=${SCHEMAGATE_PG_MAJOR:-15}
base=schemagate-test/postgres:$major
image=${SCHEMAGATE_SUPABASE_TEST_IMAGE:-schemagate-test/supabase/postgres:$major}
reference=${SCHEMAGATE_REFERENCE:-../shared/supabase-platform}
if ! docker info >/dev/null 2>&1; then
  echo "build-supabase-test-image: NO DOCKER ENGINE ANSWERS; not building (the tests that need it skip)" >&2
  exit 0
fi
docker image inspect "$base" >/dev/null 2>&1 \
  || SCHEMAGATE_PG_MAJOR=$major scripts/build-test-image.sh
[[ -d $reference/postgres ]] || { echo "build-supabase-test-image: no reference at $reference" >&2; exit 2; }
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp scripts/supabase-test-image/Dockerfile scripts/supabase-test-image/init-supabase.sh tests/platform/reference.sh "$context/"
mkdir "$context/supabase-platform"
cp -r "$reference/postgres" "$reference/README.md" "$context/supabase-platform/"
docker build -q --build-arg "BASE=$base" -t "$image" "$context" >/dev/null
echo "build-supabase-test-image: built $image" >&2
