#!/usr/bin/env bash
# Makes sure the build dependencies beyond Rust are installed: libclang,
# which the pg_query crate's build script (bindgen, through clang-sys) loads
# to compile PostgreSQL's own parser. Installs Debian's libclang-dev when it
# is missing. Safe to run repeatedly.
#
# The detection mirrors clang-sys: it accepts only the C interface library
# (`libclang.so`, `libclang-<N>.so`, `libclang.so.<N>`), never the C++ one
# (`libclang-cpp.so.<N>`), which bindgen cannot load. It looks in
# $LIBCLANG_PATH when set, then in the library directories:
#   SCHEMAGATE_LIB_DIRS  (colon-separated) replaces the default directories,
#                        so tests can point the script at a fake library root;
#   SCHEMAGATE_DRY_RUN=1 prints the decision ("found <path>" or "install")
#                        and installs nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

# PostgreSQL's server headers, for the server guard (its own script; its
# dry-run decisions go to stderr here, so this script's stdout stays its own).
"$(dirname "$0")/ensure-server-headers.sh" >&2

default_dirs() {
  local d
  for d in /usr/lib/llvm-*/lib /usr/lib/*-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
    [[ -d "$d" ]] && echo "$d"
  done
  return 0
}

# Prints the first library clang-sys would load, or fails.
find_libclang() {
  local dirs=()
  if [[ -n "${LIBCLANG_PATH:-}" ]]; then
    # LIBCLANG_PATH may name the library file itself or its directory.
    if [[ -f "$LIBCLANG_PATH" ]]; then echo "$LIBCLANG_PATH"; return 0; fi
    dirs+=("$LIBCLANG_PATH")
  fi
  if [[ -n "${SCHEMAGATE_LIB_DIRS:-}" ]]; then
    IFS=: read -r -a extra <<<"$SCHEMAGATE_LIB_DIRS"
    dirs+=("${extra[@]}")
  else
    mapfile -t -O "${#dirs[@]}" dirs < <(default_dirs)
  fi
  local dir file name
  for dir in "${dirs[@]}"; do
    for file in "$dir"/libclang*.so*; do
      [[ -e "$file" ]] || continue
      name=${file##*/}
      if [[ "$name" =~ ^libclang(-[0-9]+(\.[0-9]+)*)?\.so(\.[0-9]+(\.[0-9]+)*)?$ ]]; then
        echo "$file"; return 0
      fi
    done
  done
  return 1
}

if lib=$(find_libclang); then
  if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then echo "found $lib"; exit 0; fi
  echo "libclang: found $lib" >&2
  exit 0
fi

if [[ "${SCHEMAGATE_DRY_RUN:-}" == 1 ]]; then echo "install"; exit 0; fi

echo "libclang not found (needed to build pg_query); installing Debian's libclang-dev" >&2
apt_ready || {
  echo "error: not root and no sudo; install libclang-dev (apt-get install -y libclang-dev) or set LIBCLANG_PATH" >&2
  exit 1
}
apt_install libclang-dev
lib=$(find_libclang) || { echo "error: libclang-dev installed but libclang still not found" >&2; exit 1; }
echo "libclang: installed $lib" >&2
