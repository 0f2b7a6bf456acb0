#!/usr/bin/env bash
# Builds, on a machine that cannot pull from Docker Hub, the images the
# Docker tests need:
#   debian:bookworm-slim            (only when absent) Debian's minbase made
#                                   with debootstrap and slimmed like the
#                                   official image; the Dockerfile's base.
#   schemagate-test/postgres-build:15
#                                   the Dockerfile's `postgres` stage.
#   schemagate-test/postgres:15     a stand-in for the official postgres:15
#                                   (scripts/test-image), on the `postgres`
#                                   stage, with the Debian extension packages.
# SCHEMAGATE_PG_MAJOR=17 builds the PostgreSQL 17 pair instead, on Debian
# trixie (debian:trixie-slim, schemagate-test/postgres-build:17 and
# schemagate-test/postgres:17): the server for checking a project whose
# supabase/config.toml says db.major_version = 17; and then
# schemagate-test/runtime-base, the Dockerfile's `runtime-base` stage (17
# with bookworm's 15 beside it), so the tests' build of the action image only
# adds the binary.
# Debian's package mirror must be reachable (from the host for debootstrap,
# from containers for apt-get). Exits 0 without building, saying so loudly,
# when no Docker engine answers. Safe to run repeatedly: existing images and
# Docker's layer cache make a second run take about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

major=${SCHEMAGATE_PG_MAJOR:-15}
case "$major" in
  15) suite=bookworm ;;
  17) suite=trixie ;;
  *) echo "build-test-image: SCHEMAGATE_PG_MAJOR=$major: only 15 (bookworm) and 17 (trixie) are packaged by Debian" >&2; exit 2 ;;
esac
base_image=${SCHEMAGATE_BASE_IMAGE:-debian:$suite-slim}
test_image=${SCHEMAGATE_TEST_IMAGE:-schemagate-test/postgres:$major}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if ! docker info >/dev/null 2>&1; then
  echo "build-test-image: NO DOCKER ENGINE ANSWERS; not building test images (the Docker tests will skip)" >&2
  exit 0
fi

build_base() {
  if docker image inspect "$base_image" >/dev/null 2>&1; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "build-test-image: $base_image is absent and building it with debootstrap needs root" >&2
    exit 1
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "build-test-image: installing debootstrap" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  local root
  root=$(mktemp -d /tmp/sg-rootfs.XXXXXX)
  # debootstrap leaves mounts and root-owned files behind on failure.
  trap 'rm -rf --one-file-system "$root"' RETURN
  echo "build-test-image: debootstrap $suite (minbase) for $base_image" >&2
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.log" 2>&1 \
    || { tail -20 "$root.log" >&2; exit 1; }
  rm -f "$root.log"
  # The official image's sources, and its rules for keeping derived images small.
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
DPKG
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  find "$root/usr/share/doc" -mindepth 2 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,info,groff,lintian,linda}/* "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  tar --numeric-owner -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$base_image" >/dev/null
  echo "build-test-image: built $base_image" >&2
}

quiet_build() {
  local out
  # The classic builder's deprecation notice is noise unless the build fails.
  if ! out=$(docker build --quiet "$@" 2>&1); then
    echo "$out" >&2
    exit 1
  fi
}

# A build context holding only what the server stages copy.
stage_context() {
  local context
  context=$(mktemp -d)
  mkdir -p "$context/scripts"
  cp -a scripts/image "$context/scripts/"
  echo "$context"
}

build_stages() {
  local context
  context=$(stage_context)
  # The test server keeps every extension (the action image leaves out
  # PostGIS raster and SFCGAL for size).
  quiet_build -f Dockerfile --build-arg "DEBIAN_IMAGE=$base_image" --build-arg "PG_MAJOR=$major" \
    --build-arg PG_LEAVE_OUT= --target postgres -t "schemagate-test/postgres-build:$major" "$context"
  rm -rf "$context"
  quiet_build --build-arg "BASE=schemagate-test/postgres-build:$major" --build-arg "PG_MAJOR=$major" \
    -t "$test_image" scripts/test-image
  echo "build-test-image: $test_image ready" >&2
}

# The action image's base (PostgreSQL 17 on trixie with bookworm's 15 beside
# it), so the tests' build of the action image only adds the binary. Built
# with the 17 pair: it needs both Debian bases.
build_runtime_base() {
  local context
  context=$(stage_context)
  suite=bookworm base_image=debian:bookworm-slim build_base
  quiet_build -f Dockerfile --target runtime-base -t schemagate-test/runtime-base "$context"
  rm -rf "$context"
  echo "build-test-image: schemagate-test/runtime-base ready" >&2
}

started=$(date +%s)
build_base
build_stages
if [[ "$major" == 17 ]]; then build_runtime_base; fi
echo "build-test-image: done in $(( $(date +%s) - started )) s" >&2
