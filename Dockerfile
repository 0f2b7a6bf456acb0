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
FROM ${DEBIAN_IMAGE} AS postgres
ARG PG_MAJOR
RUN mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      "postgresql-${PG_MAJOR}" \
 && rm -rf /var/lib/apt/lists/*
RUN set -eu; \
    src="/usr/lib/postgresql/${PG_MAJOR}"; out="/out/usr/lib/postgresql/${PG_MAJOR}"; \
    mkdir -p "$out/bin" "$out/lib" /out/usr/share/postgresql; \
    cp -a "$src/bin/postgres" "$src/bin/initdb" "$out/bin/"; \
    cp -a "$src"/lib/*.so "$out/lib/"; \
    rm -f "$out"/lib/llvmjit*.so; \
    cp -a "/usr/share/postgresql/${PG_MAJOR}" /out/usr/share/postgresql/; \
    rm -rf "/out/usr/share/postgresql/${PG_MAJOR}/man"; \
    ldd "$out"/bin/* "$out"/lib/*.so | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u >/tmp/libs; \
    # ldd names /lib paths and dpkg may know them under /usr/lib, or the reverse.
    : >/tmp/owners; \
    while read -r lib; do \
      dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || dpkg -S "${lib#/usr}" 2>/dev/null \
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
ENTRYPOINT ["schemagate", "action"]

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
