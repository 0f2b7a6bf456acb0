#!/bin/sh
# Makes the server extracted into /out (extract-server.sh) run on a newer
# Debian release than the one it was built for: the action image is Debian
# trixie (PostgreSQL 17's release) and carries bookworm's PostgreSQL 15 too.
# glibc runs programs built against an older glibc, so glibc's own libraries
# stay the system's; every other library the server and its extensions link
# is copied, from this (older) release, into lib/compat beside them, and
# each program and library gets a RUNPATH there ($ORIGIN-relative, so the
# copy works wherever the tree lands). Needs patchelf.
#   bundle-libraries.sh MAJOR
set -eu
major=$1
out="/out/usr/lib/postgresql/$major"
compat="$out/lib/compat"
mkdir -p "$compat"
# glibc's libraries must come from the running system: a second glibc in one
# process does not work, and the newer one runs the older programs.
is_glibc() {
  case "${1##*/}" in
    ld-linux*|libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libresolv.so.*|libutil.so.*|libanl.so.*|libnsl.so.*|libmvec.so.*) return 0 ;;
    *) return 1 ;;
  esac
}
ldd "$out"/bin/* "$out"/lib/*.so | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u |
  while read -r lib; do
    is_glibc "$lib" && continue
    cp -L "$lib" "$compat/${lib##*/}"
  done
# ldd lists the whole closure, so every library the copies need is there too.
for file in "$out"/bin/*; do patchelf --set-rpath '$ORIGIN/../lib/compat' "$file"; done
for file in "$out"/lib/*.so; do patchelf --set-rpath '$ORIGIN/compat' "$file"; done
for file in "$compat"/*; do patchelf --set-rpath '$ORIGIN' "$file"; done
du -sh "$compat"
