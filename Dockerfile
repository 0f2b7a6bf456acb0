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

ARG DEBIAN_IMAGE=debian:trixie-slim
ARG PG15_DEBIAN_IMAGE=debian:bookworm-slim
ARG RUST_IMAGE=rust:1.95-slim-trixie
ARG PG_MAJOR=17
ARG PG_EXTENSIONS="cron pgtap plpgsql-check hypopg pgaudit pgrouting rum repack partman postgis-3 pgvector http"
# Extensions left out of the image: PostGIS's raster support links GDAL
# (with HDF5, Poppler, codecs: some 150 MB) and SFCGAL links CGAL; a
# migration creating them fails with extension-unavailable, whose fix is
# postgres: docker. Build with --build-arg PG_LEAVE_OUT= to keep them.
ARG PG_LEAVE_OUT="postgis_raster postgis_sfcgal"

# The server the image runs natively: Debian's PostgreSQL (17 on trixie, the
# major current Supabase projects run) with the extension packages, copied
# out lean (scripts/image/). scripts/build-test-image.sh also builds this
# stage alone, for 15 on bookworm, as the local test servers' base.
FROM ${DEBIAN_IMAGE} AS postgres
ARG PG_MAJOR
ARG PG_EXTENSIONS
COPY scripts/image/ /usr/local/lib/schemagate-image/
RUN /usr/local/lib/schemagate-image/install-server.sh "${PG_MAJOR}" "${PG_EXTENSIONS}"
ARG PG_LEAVE_OUT
RUN /usr/local/lib/schemagate-image/extract-server.sh "${PG_MAJOR}" "${PG_LEAVE_OUT}"

# PostgreSQL 15, for projects whose supabase/config.toml says
# db.major_version = 15: Debian packages it only in bookworm, whose programs
# run on trixie's newer glibc once their other libraries travel with them
# (bundle-libraries.sh). Its server headers and pg_config go to the Rust
# stage, which compiles the server guard for every major the image carries.
FROM ${PG15_DEBIAN_IMAGE} AS postgres-15
ARG PG_EXTENSIONS
COPY scripts/image/ /usr/local/lib/schemagate-image/
RUN /usr/local/lib/schemagate-image/install-server.sh 15 "${PG_EXTENSIONS}"
ARG PG_LEAVE_OUT
# The header package is unpacked, not installed: its dependencies (clang,
# LLVM) serve extension builds, and only the headers are used; pg_config
# (postgresql-client-15's, linking only libc) tells build.rs where they are.
RUN /usr/local/lib/schemagate-image/extract-server.sh 15 "${PG_LEAVE_OUT}" \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends patchelf \
 && /usr/local/lib/schemagate-image/bundle-libraries.sh 15 \
 && cd /tmp && apt-get download postgresql-server-dev-15 \
 && dpkg-deb -x postgresql-server-dev-15_*.deb /headers \
 && mkdir -p /headers/usr/lib/postgresql/15/bin \
 && cp -a /usr/lib/postgresql/15/bin/pg_config /headers/usr/lib/postgresql/15/bin/ \
 && rm -rf /var/lib/apt/lists/* /tmp/*.deb

FROM ${DEBIAN_IMAGE} AS runtime-base
COPY --from=postgres /out/packages /tmp/postgres-packages
# git's Perl (some 47 MB) serves only porcelain the tool never runs
# (send-email, svn, instaweb), and so do its server and mail helpers (2 MB
# each). dpkg then counts git's dependency on perl as broken: an image built
# FROM this one that runs apt-get must install perl first.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates git $(cat /tmp/postgres-packages) \
 && dpkg --remove --force-depends perl liberror-perl \
      $(dpkg-query -W -f '${Package}\n' 'perl-modules-*' 'libperl5*') \
 && cd /usr/lib/git-core \
 && rm -f git-daemon git-http-backend git-http-push git-imap-send git-shell scalar \
 && cd / \
 && rm -rf /var/lib/apt/lists/* /tmp/postgres-packages /var/log/* \
 && useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin schemagate
COPY --from=postgres /out/usr/ /usr/
COPY --from=postgres-15 /out/usr/ /usr/
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
# (src/guard/schemagate_guard.c) for each PostgreSQL major the image carries.
RUN mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libclang-dev clang \
      "postgresql-server-dev-${PG_MAJOR}" \
 && rm -rf /var/lib/apt/lists/*
COPY --from=postgres-15 /headers/usr/ /usr/
COPY . /src
RUN cd /src \
 && cargo build --release --locked --config 'profile.release.strip = "symbols"' \
 && cp target/release/schemagate /schemagate

FROM runtime-base AS runtime
COPY --from=build /schemagate /usr/local/bin/schemagate
