#!/bin/sh
# Copies the lean server of one installed major into /out: postgres and
# initdb, the extension libraries without the LLVM JIT, share/. Debian's
# server package drags in LLVM, Perl and more that a throwaway server never
# uses. Writes /out/packages: the Debian packages of the libraries the copied
# files link (and tzdata: the server reads time zones from the system), for
# an image of the same Debian release to install.
#   extract-server.sh MAJOR "EXTENSION ..."   (extensions to leave out)
set -eu
major=$1
leave_out=$2
src="/usr/lib/postgresql/$major"
out="/out/usr/lib/postgresql/$major"
share="/out/usr/share/postgresql/$major"
mkdir -p "$out/bin" "$out/lib" /out/usr/share/postgresql
cp -a "$src/bin/postgres" "$src/bin/initdb" "$out/bin/"
cp -a "$src"/lib/*.so "$out/lib/"
rm -f "$out"/lib/llvmjit*.so
cp -a "/usr/share/postgresql/$major" /out/usr/share/postgresql/
# Debian's extension packages register some files as alternatives
# (postgis.control -> /etc/alternatives/...): absolute links that would
# dangle become copies; PostGIS's many relative upgrade-script links stay.
find /out/usr -type l -lname '/*' -exec sh -c 'cp --remove-destination "$(readlink -f "$1")" "$1"' _ {} \;
rm -rf "$share/man"
for name in $leave_out; do
  rm -f "$out/lib/$name.so" "$out/lib/$name-3.so" \
    "$share/extension/$name.control" "$share/extension/$name-3.control" \
    "$share/extension/$name--"*.sql "$share/extension/$name-3--"*.sql
done
ldd "$out"/bin/* "$out"/lib/*.so | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u >/tmp/libs
# ldd names /lib paths and dpkg may know them under /usr/lib, or the
# reverse, or only under the file an alternatives link leads to (BLAS).
while read -r lib; do
  dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || dpkg -S "${lib#/usr}" 2>/dev/null \
    || dpkg -S "$(readlink -f "$lib")" 2>/dev/null \
    || { echo "no package holds $lib" >&2; exit 1; }
done </tmp/libs >/tmp/owners
{ cut -d: -f1 /tmp/owners | tr ',' '\n' | tr -d ' '; echo tzdata; } | sort -u >/out/packages
cat /out/packages
