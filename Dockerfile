# The schemagate GitHub Action's image: the binary, PostgreSQL's server (so
# the embedded backend works without Docker-in-Docker or a pull), git and CA
# certificates, on Debian slim. GitHub runs container actions as root and
# forbids USER and WORKDIR here, so the tool itself runs initdb and postgres
# as the unprivileged `schemagate` user.
#
# Targets:
#   runtime (the default, last)  the binary built from source in `build`
#   prebuilt                     a binary built beforehand, taken from the
#                                build context: --build-arg SCHEMAGATE_BINARY=path
# The classic builder builds every stage before the target, so the stages
# `prebuilt` needs come first and it never needs the Rust image.

ARG DEBIAN_IMAGE=debian:bookworm-slim
ARG RUST_IMAGE=rust:1.88-slim-bookworm
ARG PG_MAJOR=15

# Debian's server package drags in LLVM (for the JIT), Perl and more; only
# the server is copied out: postgres and initdb, the extension libraries
# without the JIT, share/. Then the packages of the libraries they link.
# With it, the Debian packages of the Supabase extensions schemagate runs for
# real (scripts/ensure-postgres.sh keeps the same list): each one the Debian
# release carries for the major (pgvector and http only exist for 17, on
# trixie; schemagate emulates vector on 15 and http everywhere else).
FROM ${DEBIAN_IMAGE} AS postgres
ARG PG_MAJOR
ARG PG_EXTENSIONS="cron pgtap plpgsql-check hypopg pgaudit pgrouting rum repack partman postgis-3 pgvector http"
# Extensions left out of the image: PostGIS's raster support links GDAL
# (with HDF5, Poppler, codecs: some 150 MB) and SFCGAL links CGAL; a
# migration creating them fails with extension-unavailable, whose fix is
# postgres: docker. Build with --build-arg PG_LEAVE_OUT= to keep them.
ARG PG_LEAVE_OUT="postgis_raster postgis_sfcgal"
RUN mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \
 && apt-get update \
 && packages="postgresql-${PG_MAJOR}" \
 && for suffix in ${PG_EXTENSIONS}; do \
      if apt-cache show "postgresql-${PG_MAJOR}-${suffix}" >/dev/null 2>&1; then \
        packages="$packages postgresql-${PG_MAJOR}-${suffix}"; \
      else echo "no postgresql-${PG_MAJOR}-${suffix} in this Debian release" >&2; fi; \
    done \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages \
 && rm -rf /var/lib/apt/lists/*
RUN set -eu; \
    src="/usr/lib/postgresql/${PG_MAJOR}"; out="/out/usr/lib/postgresql/${PG_MAJOR}"; \
    mkdir -p "$out/bin" "$out/lib" /out/usr/share/postgresql; \
    cp -a "$src/bin/postgres" "$src/bin/initdb" "$out/bin/"; \
    cp -a "$src"/lib/*.so "$out/lib/"; \
    rm -f "$out"/lib/llvmjit*.so; \
    cp -a "/usr/share/postgresql/${PG_MAJOR}" /out/usr/share/postgresql/; \
    # Debian's extension packages register some files as alternatives
    # (postgis.control -> /etc/alternatives/...): absolute links that would
    # dangle become copies; PostGIS's many relative upgrade-script links stay.
    find /out/usr -type l -lname '/*' -exec sh -c 'cp --remove-destination "$(readlink -f "$1")" "$1"' _ {} \; ; \
    rm -rf "/out/usr/share/postgresql/${PG_MAJOR}/man"; \
    for name in ${PG_LEAVE_OUT}; do \
      rm -f "$out/lib/$name.so" "$out/lib/$name-3.so" \
        "/out/usr/share/postgresql/${PG_MAJOR}/extension/$name.control" \
        "/out/usr/share/postgresql/${PG_MAJOR}/extension/$name-3.control" \
        "/out/usr/share/postgresql/${PG_MAJOR}/extension/$name--"*.sql \
        "/out/usr/share/postgresql/${PG_MAJOR}/extension/$name-3--"*.sql; \
    done; \
    ldd "$out"/bin/* "$out"/lib/*.so | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u >/tmp/libs; \
    # ldd names /lib paths and dpkg may know them under /usr/lib, or the
    # reverse, or only under the file an alternatives link leads to (BLAS).
    : >/tmp/owners; \
    while read -r lib; do \
      dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || dpkg -S "${lib#/usr}" 2>/dev/null \
        || dpkg -S "$(readlink -f "$lib")" 2>/dev/null \
        || { echo "no package holds $lib" >&2; exit 1; }; \
    done </tmp/libs >/tmp/owners; \
    # The server also reads time zones from the system (Debian builds it so).
    { cut -d: -f1 /tmp/owners | tr ',' '\n' | tr -d ' '; echo tzdata; } | sort -u >/out/packages; \
    cat /out/packages

FROM ${DEBIAN_IMAGE} AS runtime-base
COPY --from=postgres /out/packages /tmp/postgres-packages
# git's Perl (some 47 MB) serves only porcelain the tool never runs
# (send-email, svn, instaweb), and so do its server and mail helpers (2 MB
# each); dropping them keeps the image under 200 MB. dpkg then counts git's
# dependency on perl as broken: an image built FROM this one that runs
# apt-get must install perl first.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates git $(cat /tmp/postgres-packages) \
 && dpkg --remove --force-depends perl perl-modules-5.36 libperl5.36 liberror-perl \
 && cd /usr/lib/git-core \
 && rm -f git-daemon git-http-backend git-http-push git-imap-send git-shell scalar \
 && cd / \
 && rm -rf /var/lib/apt/lists/* /tmp/postgres-packages /var/log/* \
 && useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin schemagate
COPY --from=postgres /out/usr/ /usr/
# `docker run IMAGE check …` runs any command; with no arguments (a
# `docker://` step) the image runs the action, as action.yml's args say.
ENTRYPOINT ["schemagate"]
CMD ["action"]

FROM runtime-base AS prebuilt
ARG SCHEMAGATE_BINARY=target/release/schemagate
COPY ${SCHEMAGATE_BINARY} /usr/local/bin/schemagate

FROM ${RUST_IMAGE} AS build
ARG PG_MAJOR
# pg_query builds PostgreSQL's own parser and needs libclang for its bindings.
# The server headers let build.rs compile the server guard
# (src/guard/schemagate_guard.c) for the image's PostgreSQL major.
RUN mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libclang-dev clang \
      "postgresql-server-dev-${PG_MAJOR}" \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cd /src \
 && cargo build --release --locked --config 'profile.release.strip = "symbols"' \
 && cp target/release/schemagate /schemagate

FROM runtime-base AS runtime
COPY --from=build /schemagate /usr/local/bin/schemagate
