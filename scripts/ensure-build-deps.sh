#!/usr/bin/env bash
# Makes sure the build dependencies beyond Rust are installed: libclang,
# which the pg_query crate's build script (bindgen) needs to compile
# PostgreSQL's own parser. Installs Debian's libclang-dev when it is
# missing. Safe to run repeatedly.
set -euo pipefail

has_libclang() {
  if [[ -n "${LIBCLANG_PATH:-}" ]] && compgen -G "${LIBCLANG_PATH}/libclang*.so*" >/dev/null; then
    return 0
  fi
  compgen -G "/usr/lib/llvm-*/lib/libclang*.so*" >/dev/null \
    || compgen -G "/usr/lib/*/libclang*.so*" >/dev/null \
    || ldconfig -p 2>/dev/null | grep -q 'libclang'
}

if has_libclang; then
  echo "libclang: found" >&2
  exit 0
fi

echo "libclang not found (needed to build pg_query); installing Debian's libclang-dev" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "error: not root and no sudo; install libclang-dev (apt-get install -y libclang-dev) or set LIBCLANG_PATH" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends libclang-dev >/dev/null
has_libclang || { echo "error: libclang-dev installed but libclang still not found" >&2; exit 1; }
echo "libclang: installed" >&2
