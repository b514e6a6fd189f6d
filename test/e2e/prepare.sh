#!/usr/bin/env bash
# Prepares a machine for the e2e suite: a Docker engine, and local stand-ins for the public base
# images the examples use and the images the rewrites move them to (no image registry is reachable
# here). Idempotent: an image whose recipe has not changed is kept (each carries the hash of its
# recipe in a label), so on a prepared machine this only checks and returns in seconds.
#
# Usage: bash test/e2e/prepare.sh           start the engine, build what is missing or out of date
#        bash test/e2e/prepare.sh --check   also check every stand-in against what the real image has
#                                           and lacks (done anyway right after an image is built)
#        bash test/e2e/prepare.sh --list    print the stand-in list and exit
# Env:   DOCKERSLIM_E2E_CACHE (debootstrap tarball and build logs; default /var/cache/dockerslim-e2e),
#        DOCKERSLIM_E2E_REBUILD=1 (rebuild every stand-in, to time a prepare from nothing)
#
# Stand-ins follow the real images' layering (buildpack-deps curl -> scm -> full under the full
# language images, debian:bookworm-slim under the -slim ones, distroless FROM scratch) and carry
# what the real ones carry and lack what they lack, so a rewrite that would break a user's build
# breaks here too. The language itself comes from Debian's packages (python3 3.11, nodejs 18,
# golang-1.22 from bookworm-backports, rustc-web, openjdk-17, maven 3.8), so versions and sizes
# differ from the public images. Build logs: $E2E_CACHE/logs/.
set -euo pipefail

# The images, parents before children. Keep this the only list: e2e.mjs reads it (--list) to name
# a base image a rewrite needs and that has no stand-in.
STANDINS=(
  debian:bookworm                 # debian-tools, c-make; parent of everything
  debian:bookworm-slim            # slim-base target of debian:bookworm; parent of the -slim images
  buildpack-deps:bookworm-curl    # the layers under the full language images, as on Docker Hub
  buildpack-deps:bookworm-scm
  buildpack-deps:bookworm
  python:3.11                     # python-web, python-cext, python-native
  python:3.11-slim                # slim-base and multi-stage target
  node:20                         # node-app, node-build, node-practice
  node:20-slim                    # slim-base and multi-stage target
  golang:1.22                     # go-service
  rust:1-bookworm                 # rust-cli
  rust:1-slim-bookworm            # slim-base target
  eclipse-temurin:17-jdk          # parent of the Maven image
  eclipse-temurin:17-jre          # multi-stage target of Java builds
  maven:3.9-eclipse-temurin-17    # java-maven
  gcr.io/distroless/static-debian12           # multi-stage targets of Go, C and Rust builds
  gcr.io/distroless/static-debian12:nonroot
  gcr.io/distroless/base-debian12
  gcr.io/distroless/base-debian12:nonroot
  gcr.io/distroless/cc-debian12
  gcr.io/distroless/cc-debian12:nonroot
)

if [ "${1:-}" = --list ]; then
  printf '%s\n' "${STANDINS[@]}"
  exit 0
fi
CHECK_ALL=0
[ "${1:-}" = --check ] && CHECK_ALL=1

E2E_CACHE=${DOCKERSLIM_E2E_CACHE:-/var/cache/dockerslim-e2e}
MIRROR=${DOCKERSLIM_E2E_MIRROR:-http://deb.debian.org/debian}
DOCKERD_LOG=${DOCKERSLIM_E2E_DOCKERD_LOG:-/var/log/dockerslim-e2e-dockerd.log}
# Debian's client: BuildKit works with DOCKER_BUILDKIT=1 (a newer client on PATH may lack buildx).
DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=1
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RECIPE_LABEL=org.dockerslim.e2e.recipe
# Bump to rebuild every stand-in (for a change no recipe text shows, such as the Debian release).
RECIPE_EPOCH=2

START=$SECONDS
say() { printf 'prepare: %s\n' "$*"; }
die() { printf 'prepare: error: %s\n' "$*" >&2; exit 1; }

# Runs a command with its output in a log file; on failure shows the log's tail and stops.
logged() {
  local name=$1; shift
  local log="$E2E_CACHE/logs/$name.log" t0=$SECONDS
  if ! "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "$name failed (full log: $log)"
  fi
  echo "done in $((SECONDS - t0))s" >>"$log"
}

[ "$(id -u)" -eq 0 ] || die "run as root (installs packages, starts dockerd, runs debootstrap)"
mkdir -p "$E2E_CACHE/logs"

# --- tools ---------------------------------------------------------------------------------------
missing=()
[ -x "$DOCKER" ] && command -v dockerd >/dev/null || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} with apt-get"
  logged apt-install bash -c "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
fi

# --- engine --------------------------------------------------------------------------------------
if ! "$DOCKER" info >/dev/null 2>&1; then
  say "starting dockerd (log: $DOCKERD_LOG)"
  # setsid: the daemon outlives this script and the shell that ran it.
  setsid dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    sleep 1
  done
  "$DOCKER" info >/dev/null 2>&1 || { tail -n 20 "$DOCKERD_LOG" >&2; die "dockerd did not answer within 60s"; }
fi

image_label() { "$DOCKER" image inspect -f "{{index .Config.Labels \"$RECIPE_LABEL\"}}" "$1" 2>/dev/null || true; }
image_id() { "$DOCKER" image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }
log_name() { local n=${1//[:\/]/_}; printf '%s' "${n//./_}"; }

# --- Debian root filesystems (imported, not built) -----------------------------------------------
# debootstrap once; the tarball is cached (named by the hash of this function) so later runs and
# image rebuilds skip the download.
minbase_tar() {
  local tar=$1 dir="$E2E_CACHE/rootfs.tmp"
  [ -s "$tar" ] && return 0
  rm -rf "$dir"
  say "debootstrap --variant=minbase bookworm (cached in $tar)"
  logged debootstrap debootstrap --variant=minbase bookworm "$dir" "$MIRROR"
  # What the official images carry: empty apt caches, deb822 sources, debuerreotype's apt settings.
  rm -f "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin
  rm -rf "$dir"/var/lib/apt/lists/*
  rm -f "$dir/etc/apt/sources.list"
  cat >"$dir/etc/apt/sources.list.d/debian.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'APT::AutoRemove::SuggestsImportant "false";' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d" && chmod 755 "$dir/usr/sbin/policy-rc.d"
  : >"$dir/etc/hostname"; : >"$dir/etc/resolv.conf"
  tar --numeric-owner -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
  rm -rf "$dir"
}

minbase_path() { printf '%s/bookworm-minbase-%s.tar' "$E2E_CACHE" "$(declare -f minbase_tar | sha256sum | cut -c1-12)"; }

import_debian() { # $1: tag, $2: recipe hash
  local tar; tar=$(minbase_path)
  minbase_tar "$tar"
  "$DOCKER" import --change "ENV PATH=$STD_PATH" --change 'CMD ["bash"]' --change "LABEL $RECIPE_LABEL=$2" \
    "$tar" "$1" >/dev/null
}

import_debian_slim() { # $1: tag, $2: recipe hash
  local tar dir="$E2E_CACHE/slim.tmp"; tar=$(minbase_path)
  minbase_tar "$tar"
  rm -rf "$dir" && mkdir -p "$dir"
  tar --numeric-owner -C "$dir" -xf "$tar"
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
# slim variant: keep copyright files, drop other documentation and translations
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
EOF
  find "$dir/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$dir/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$dir"/usr/share/{groff,info,linda,locale,man}/* "$dir"/usr/share/lintian/overrides/*
  tar --numeric-owner -C "$dir" -c . |
    "$DOCKER" import --change "ENV PATH=$STD_PATH" --change 'CMD ["bash"]' --change "LABEL $RECIPE_LABEL=$2" - "$1" >/dev/null
  rm -rf "$dir"
}

# --- distroless: FROM scratch with the files the real ones carry --------------------------------
# static: CA bundle, tzdata, netbase files, passwd/group (root, nobody, nonroot 65532), /tmp 1777;
# base: + glibc and libssl3; cc: + libgcc-s1, libgomp1 and libstdc++6. No shell, no package manager.
DISTROLESS_ROOTFS=dockerslim-e2e/distroless-rootfs
DISTROLESS_RECIPE=$(cat <<'EOF'
FROM debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates tzdata \
 && cd /tmp && apt-get download libc6 libssl3 libgcc-s1 libgomp1 libstdc++6 netbase \
 && rm -rf /var/lib/apt/lists/* \
 && s=/out/static && mkdir -p $s/etc/ssl/certs $s/usr/share $s/tmp $s/home/nonroot $s/root $s/var/lib/dpkg/status.d \
 && chmod 1777 $s/tmp && chmod 700 $s/root $s/home/nonroot && chown 65532:65532 $s/home/nonroot \
 && cp /etc/ssl/certs/ca-certificates.crt $s/etc/ssl/certs/ \
 && cp -a /usr/share/zoneinfo $s/usr/share/ \
 && dpkg-deb -x netbase_*.deb /tmp/netbase && cp /tmp/netbase/etc/protocols /tmp/netbase/etc/services /tmp/netbase/etc/ethertypes $s/etc/ \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >$s/etc/passwd \
 && printf 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n' >$s/etc/group \
 && printf 'hosts: files dns\n' >$s/etc/nsswitch.conf \
 && printf 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION="Debian GNU/Linux 12 (bookworm)"\n' >$s/etc/os-release \
 && cp -a $s /out/base \
 && for d in libc6 libssl3; do dpkg-deb -x ${d}_*.deb /out/base; done \
 && cp -a /out/base /out/cc \
 && for d in libgcc-s1 libgomp1 libstdc++6; do dpkg-deb -x ${d}_*.deb /out/cc; done \
 && for r in /out/base /out/cc; do rm -rf $r/usr/share/doc $r/usr/share/lintian $r/usr/share/gcc $r/usr/share/gdb; done \
 && rm -rf /tmp/*
EOF
)

import_distroless() { # $1: tag, $2: recipe hash, $3: the stand-in
  local flavour=${3#gcr.io/distroless/} user=()
  flavour=${flavour%%-*}
  case $3 in *:nonroot) user=(--change 'USER 65532:65532' --change 'WORKDIR /home/nonroot') ;; esac
  if [ "$(image_label "$DISTROLESS_ROOTFS")" != "$2" ]; then
    echo "assembling the distroless root filesystems"
    "$DOCKER" build --progress=plain -t "$DISTROLESS_ROOTFS" --label "$RECIPE_LABEL=$2" - <<<"$DISTROLESS_RECIPE"
  fi
  "$DOCKER" run --rm "$DISTROLESS_ROOTFS" tar --numeric-owner -C "/out/$flavour" -cf - . |
    "$DOCKER" import --change "ENV PATH=$STD_PATH" --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
      "${user[@]}" --change "LABEL $RECIPE_LABEL=$2" - "$1" >/dev/null
}

# --- built stand-ins: Dockerfiles, built without a context ---------------------------------------
# The official images' entrypoint for node: run node when the first argument is an option or not a command.
NODE_ENTRYPOINT='#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then\n  set -- node "$@"\nfi\nexec "$@"\n'

# The files of Debian's npm and of the JavaScript packages it depends on (not nodejs, CA certificates,
# python or -dev packages), as /npm.tar. Identical text in both node recipes, so it is built once.
NPM_STAGE=$(cat <<'EOF'
FROM debian:bookworm-slim AS npm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs \
 && dpkg-query -W -f '${Package}\n' | sort >/before \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm \
 && dpkg-query -W -f '${Package} ${Architecture}\n' | awk '$2 == "all" { print $1 }' | sort >/after-all \
 && comm -13 /before /after-all | grep -Ev '^(ca-certificates|media-types|python3.*|.*-common)$' >/npm-packages \
 && xargs dpkg -L </npm-packages | grep -Ev '^/usr/share/(doc|man|lintian)/' | sort -u \
    | while read -r f; do [ -d "$f" ] && [ ! -L "$f" ] || echo "$f"; done >/npm-files \
 && tar -cf /npm.tar -T /npm-files
EOF
)

dockerfile() {
  case $1 in
    buildpack-deps:bookworm-curl) cat <<'EOF'
FROM debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl gnupg netbase sq wget \
 && rm -rf /var/lib/apt/lists/*
EOF
    ;;
    buildpack-deps:bookworm-scm) cat <<'EOF'
FROM buildpack-deps:bookworm-curl
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git git-lfs mercurial openssh-client subversion procps \
 && rm -rf /var/lib/apt/lists/*
EOF
    ;;
    # Everything the real one installs, imagemagick and its -dev headers included.
    buildpack-deps:bookworm) cat <<'EOF'
FROM buildpack-deps:bookworm-scm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev \
      libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev libjpeg-dev \
      libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev libncurses5-dev libncursesw5-dev \
      libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev libxml2-dev libxslt-dev \
      libyaml-dev make patch unzip xz-utils zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
EOF
    ;;
    # Debian's python3 (3.11) with its headers; pip, setuptools and wheel as the 3.11 images have them.
    python:3.11) cat <<'EOF'
FROM buildpack-deps:bookworm
ENV LANG=C.UTF-8
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 python3-dev python3-pip python3-setuptools python3-wheel python3-venv python-is-python3 \
 && rm -rf /var/lib/apt/lists/* \
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED
CMD ["python3"]
EOF
    ;;
    # The real slim keeps Python's own headers (/usr/local/include) but has no compiler, no libc
    # headers and no -dev packages: copy only Python's headers, unregistered, from a throwaway stage.
    python:3.11-slim) cat <<'EOF'
FROM debian:bookworm-slim AS headers
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3.11-dev

FROM debian:bookworm-slim
ENV LANG=C.UTF-8
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates netbase tzdata python3 python3-pip python3-setuptools python3-wheel python3-venv python-is-python3 \
 && rm -rf /var/lib/apt/lists/* \
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED
COPY --from=headers /usr/include/python3.11 /usr/include/python3.11
COPY --from=headers /usr/include/x86_64-linux-gnu/python3.11 /usr/include/x86_64-linux-gnu/python3.11
CMD ["python3"]
EOF
    ;;
    # The real images carry npm as files of their own, not as Debian packages (Debian's npm depends on
    # ca-certificates, python3 and -dev packages, which the real slim lacks): both install nodejs with
    # apt and only npm's JavaScript files, unregistered, from one throwaway stage they share.
    node:20|node:20-slim)
      local parent=buildpack-deps:bookworm
      [ "$1" = node:20-slim ] && parent=debian:bookworm-slim
      cat <<EOF
$NPM_STAGE

FROM $parent
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
RUN --mount=type=bind,from=npm,source=/npm.tar,target=/tmp/npm.tar \\
    apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs \\
 && rm -rf /var/lib/apt/lists/* \\
 && tar -C / -xf /tmp/npm.tar \\
 && printf '$NODE_ENTRYPOINT' >/usr/local/bin/docker-entrypoint.sh && chmod 755 /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
EOF
    ;;
    # As the real one: the scm layer, a C toolchain for cgo, Go under /usr/local/go (here a link to
    # Debian's golang-1.22 from bookworm-backports; the backports source is removed again).
    golang:1.22) cat <<'EOF'
FROM buildpack-deps:bookworm-scm
RUN printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      >/etc/apt/sources.list.d/backports.sources \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends g++ gcc libc6-dev make pkg-config \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -t bookworm-backports golang-1.22-go \
 && rm -f /etc/apt/sources.list.d/backports.sources \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s /usr/lib/go-1.22 /usr/local/go
ENV GOLANG_VERSION=1.22 GOTOOLCHAIN=local GOPATH=/go
ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN mkdir -p /go/src /go/bin && chmod -R 1777 /go
WORKDIR /go
EOF
    ;;
    # As the real one: buildpack-deps under the toolchain, CARGO_HOME and RUSTUP_HOME under /usr/local.
    # The toolchain is Debian's rustc-web and cargo-web (bookworm's current Rust; no rustup).
    rust:1-bookworm) cat <<'EOF'
FROM buildpack-deps:bookworm
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo
ENV PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rustc-web cargo-web \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /usr/local/cargo/bin /usr/local/rustup && chmod -R a+w /usr/local/cargo /usr/local/rustup
EOF
    ;;
    # As the real one: debian:bookworm-slim with ca-certificates, gcc and libc6-dev, and the toolchain;
    # no make, pkg-config, -dev headers, git or curl.
    rust:1-slim-bookworm) cat <<'EOF'
FROM debian:bookworm-slim
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo
ENV PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev rustc-web cargo-web \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /usr/local/cargo/bin /usr/local/rustup && chmod -R a+w /usr/local/cargo /usr/local/rustup
EOF
    ;;
    # The real ones are Ubuntu (noble) based with Temurin builds; these are Debian's openjdk-17 under
    # the same JAVA_HOME, with the same extra packages (tzdata, curl, wget, fontconfig, locales) and
    # the user ubuntu (1000) that Ubuntu's base image has.
    eclipse-temurin:17-jdk|eclipse-temurin:17-jre)
      local java=openjdk-17-jre-headless extra='' cmd=''
      [ "$1" = eclipse-temurin:17-jdk ] && { java=openjdk-17-jdk-headless; extra=binutils; cmd='CMD ["jshell"]'; }
      cat <<EOF
FROM debian:bookworm
ENV JAVA_HOME=/opt/java/openjdk LANG=en_US.UTF-8 LANGUAGE=en_US:en LC_ALL=en_US.UTF-8
ENV PATH=/opt/java/openjdk/bin:$STD_PATH
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
      tzdata curl wget ca-certificates fontconfig locales $extra $java \\
 && echo 'en_US.UTF-8 UTF-8' >>/etc/locale.gen && locale-gen en_US.UTF-8 \\
 && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /opt/java && ln -s /usr/lib/jvm/java-17-openjdk-amd64 /opt/java/openjdk \\
 && groupadd --gid 1000 ubuntu && useradd --uid 1000 --gid ubuntu --shell /bin/bash --create-home ubuntu
$cmd
EOF
    ;;
    # Debian's Maven 3.8 in /usr/share/maven (MAVEN_HOME, as the real one), with git as the real one.
    # No registry is reachable: Maven resolves from Debian's packaged repository, mirrored from
    # /usr/share/maven-repo in the global settings, and fills ~/.m2 as it would from Maven Central.
    maven:3.9-eclipse-temurin-17) cat <<'EOF'
FROM eclipse-temurin:17-jdk
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git maven \
      libmaven-resources-plugin-java libmaven-compiler-plugin-java libsurefire-java libmaven-jar-plugin-java \
      libmaven-install-plugin-java \
 && rm -rf /var/lib/apt/lists/* \
 && printf '%s\n' '<settings>' '  <mirrors>' '    <mirror>' '      <id>debian</id>' '      <mirrorOf>*</mirrorOf>' \
      '      <url>file:///usr/share/maven-repo</url>' '    </mirror>' '  </mirrors>' '</settings>' >/etc/maven/settings.xml
ENV MAVEN_HOME=/usr/share/maven MAVEN_CONFIG=/root/.m2
CMD ["mvn"]
EOF
    ;;
    *) return 1 ;;
  esac
}

# What each stand-in must have and must lack, as the real image: "+cmd X", "-cmd X", "+path P",
# "-path P", "+run CMD" (a shell command that must succeed). Checked right after a build, and by --check.
expectations() {
  case $1 in
    debian:bookworm) printf '%s\n' '+cmd bash' '+cmd apt-get' '-cmd curl' '-cmd wget' '-cmd gcc' '-path /etc/ssl/certs/ca-certificates.crt' \
      '+run test -z "$(ls /var/lib/apt/lists | grep -v -e lock -e partial)"' ;;
    debian:bookworm-slim) printf '%s\n' '+cmd apt-get' '-cmd curl' '-path /usr/share/man/man1' '+path /usr/share/doc/bash/copyright' \
      '-path /etc/ssl/certs/ca-certificates.crt' ;;
    buildpack-deps:bookworm-curl) printf '%s\n' '+cmd curl' '+cmd wget' '+cmd gpg' '+path /etc/ssl/certs/ca-certificates.crt' '-cmd git' '-cmd gcc' ;;
    buildpack-deps:bookworm-scm) printf '%s\n' '+cmd git' '+cmd hg' '+cmd svn' '+cmd ssh' '+cmd ps' '-cmd gcc' '-cmd make' ;;
    buildpack-deps:bookworm) printf '%s\n' '+cmd gcc' '+cmd g++' '+cmd make' '+cmd autoconf' '+cmd libtoolize' '+cmd pkg-config' '+cmd convert' \
      '+cmd unzip' '+cmd xz' '+path /usr/include/postgresql/libpq-fe.h' '+path /usr/include/openssl/ssl.h' \
      '+path /usr/include/x86_64-linux-gnu/ffi.h' '+path /usr/include/zlib.h' '+path /usr/include/libxml2/libxml/parser.h' \
      '+path /usr/include/mariadb/mysql.h' '+path /usr/include/sqlite3.h' '+path /usr/include/yaml.h' ;;
    python:3.11) printf '%s\n' '+run python3 --version | grep -q "Python 3.11"' '+cmd pip' '+cmd python' '+cmd gcc' '+cmd git' \
      '+path /usr/include/python3.11/Python.h' '+run python3 -c "import setuptools, wheel, venv"' ;;
    python:3.11-slim) printf '%s\n' '+run python3 --version | grep -q "Python 3.11"' '+cmd pip' '+run python3 -c "import setuptools, wheel, venv"' \
      '+path /usr/include/python3.11/Python.h' '+path /etc/ssl/certs/ca-certificates.crt' '+path /usr/share/zoneinfo/UTC' \
      '-cmd gcc' '-cmd cc' '-cmd make' '-cmd git' '-cmd curl' '-cmd wget' '-path /usr/include/stdio.h' \
      '-path /usr/include/openssl' '-path /usr/include/postgresql' ;;
    node:20) printf '%s\n' '+cmd node' '+run npm --version' '+cmd gcc' '+cmd make' '+cmd git' '+cmd curl' '+cmd python3' \
      '+run test "$(id -u node)" = 1000' '+cmd docker-entrypoint.sh' ;;
    node:20-slim) printf '%s\n' '+cmd node' '+run npm --version' '+run test "$(id -u node)" = 1000' '+cmd docker-entrypoint.sh' \
      '-path /etc/ssl/certs/ca-certificates.crt' '-cmd curl' '-cmd wget' '-cmd git' '-cmd python3' '-cmd gcc' '-cmd make' ;;
    golang:1.22) printf '%s\n' '+run go version | grep -q "go1\.22"' '+cmd gcc' '+cmd git' '+cmd make' '+cmd pkg-config' '+cmd curl' \
      '+run test "$GOPATH" = /go' '-path /etc/apt/sources.list.d/backports.sources' ;;
    rust:1-bookworm) printf '%s\n' '+cmd rustc' '+cmd cargo' '+cmd gcc' '+cmd git' '+run test "$CARGO_HOME" = /usr/local/cargo' ;;
    rust:1-slim-bookworm) printf '%s\n' '+cmd rustc' '+cmd cargo' '+cmd gcc' '+path /usr/include/stdio.h' \
      '+path /etc/ssl/certs/ca-certificates.crt' '-cmd make' '-cmd pkg-config' '-cmd git' '-cmd curl' '-path /usr/include/openssl' ;;
    eclipse-temurin:17-jdk) printf '%s\n' '+run java -version 2>&1 | grep -q "version \"17"' '+cmd javac' '+cmd jar' \
      '+run test "$(readlink -f "$JAVA_HOME/bin/java")" = "$(readlink -f "$(command -v java)")"' '+cmd curl' '-cmd mvn' '-cmd git' ;;
    eclipse-temurin:17-jre) printf '%s\n' '+run java -version 2>&1 | grep -q "version \"17"' '-cmd javac' '+run test -x "$JAVA_HOME/bin/java"' \
      '+run test "$(id -u ubuntu)" = 1000' \
      '-cmd mvn' '-cmd gcc' ;;
    maven:3.9-eclipse-temurin-17) printf '%s\n' '+cmd mvn' '+cmd javac' '+cmd git' '+run test "$MAVEN_HOME" = /usr/share/maven' \
      '+path /usr/share/maven-repo/org/apache/maven/plugins/maven-jar-plugin' ;;
    gcr.io/distroless/static-debian12*) printf '%s\n' '+path etc/ssl/certs/ca-certificates.crt' '+path usr/share/zoneinfo/UTC' \
      '+path etc/passwd' '+path etc/services' '-path lib/x86_64-linux-gnu/libc.so.6' '-path bin/sh' '-path usr/bin/apt-get' ;;
    gcr.io/distroless/base-debian12*) printf '%s\n' '+path lib/x86_64-linux-gnu/libc.so.6' '+path usr/lib/x86_64-linux-gnu/libssl.so.3' \
      '+path etc/ssl/certs/ca-certificates.crt' '-path usr/lib/x86_64-linux-gnu/libstdc++.so.6' '-path bin/sh' '-path usr/bin/apt-get' ;;
    gcr.io/distroless/cc-debian12*) printf '%s\n' '+path lib/x86_64-linux-gnu/libc.so.6' '+path usr/lib/x86_64-linux-gnu/libstdc++.so.6' \
      '+path lib/x86_64-linux-gnu/libgcc_s.so.1' '-path bin/sh' '-path usr/bin/apt-get' ;;
  esac
}

# Prints what an image does not meet of its expectations (nothing when it meets them all).
unmet() { # $1: the stand-in, $2: the tag to check
  local image=$2 script='' e
  local -a want
  mapfile -t want < <(expectations "$1")
  case $1 in
    gcr.io/distroless/*)
      # No shell to ask: list the files, then check that a shell really cannot run.
      local cid files config
      cid=$("$DOCKER" create "$image" /nonexistent)
      files=$("$DOCKER" export "$cid" | tar -t | sed 's|^\./||; s|/$||')
      "$DOCKER" rm "$cid" >/dev/null
      for e in "${want[@]}"; do
        case $e in
          +path\ *) grep -qxF "${e#+path }" <<<"$files" || echo "lacks /${e#+path }" ;;
          -path\ *) ! grep -qxF "${e#-path }" <<<"$files" || echo "has /${e#-path }" ;;
        esac
      done
      if "$DOCKER" run --rm "$image" /bin/sh -c true >/dev/null 2>&1; then echo "runs /bin/sh"; fi
      config=$("$DOCKER" image inspect -f '{{.Config.User}}|{{.Config.WorkingDir}}' "$image")
      case $1 in
        *:nonroot) [ "$config" = '65532:65532|/home/nonroot' ] || echo "user|workdir is $config, not 65532:65532|/home/nonroot" ;;
        *) [ "$config" = '|' ] || echo "user|workdir is $config, not root in /" ;;
      esac
      ;;
    *)
      for e in "${want[@]}"; do
        case $e in
          +cmd\ *) script+="command -v ${e#+cmd } >/dev/null || echo 'lacks command ${e#+cmd }'"$'\n' ;;
          -cmd\ *) script+="! command -v ${e#-cmd } >/dev/null || echo \"has command \$(command -v ${e#-cmd })\""$'\n' ;;
          +path\ *) script+="[ -e '${e#+path }' ] || echo 'lacks ${e#+path }'"$'\n' ;;
          -path\ *) script+="[ ! -e '${e#-path }' ] || echo 'has ${e#-path }'"$'\n' ;;
          +run\ *) script+="( ${e#+run } ) >/dev/null 2>&1 || echo 'fails: ${e#+run }'"$'\n' ;;
        esac
      done
      "$DOCKER" run --rm --user 0 --entrypoint sh "$image" -c "$script" 2>&1
      ;;
  esac
}

# --- build what is missing or out of date --------------------------------------------------------
# An image's recipe hash covers its recipe and its parents' hashes, so a changed parent rebuilds it.
recipe_text() {
  case $1 in
    debian:bookworm) declare -f minbase_tar import_debian ;;
    debian:bookworm-slim) declare -f minbase_tar import_debian_slim ;;
    gcr.io/distroless/*) declare -f import_distroless; printf '%s\n' "$DISTROLESS_RECIPE" "$STD_PATH" ;;
    *) dockerfile "$1" || die "no recipe for stand-in $1" ;;
  esac
}

parents() { recipe_text "$1" | awk 'toupper($1) == "FROM" { print $2 }' | sort -u; }

recipe_hash() {
  local p
  {
    echo "epoch $RECIPE_EPOCH"
    recipe_text "$1"
    for p in $(parents "$1"); do echo "parent $p $(image_label "$p")"; done
  } | sha256sum | cut -c1-16
}

build_standin() { # $1: tag to build, $2: recipe hash, $3: the stand-in it is for
  case $3 in
    debian:bookworm) import_debian "$1" "$2" ;;
    debian:bookworm-slim) import_debian_slim "$1" "$2" ;;
    gcr.io/distroless/*) import_distroless "$1" "$2" "$3" ;;
    *) { dockerfile "$3"; echo "LABEL $RECIPE_LABEL=$2"; } | "$DOCKER" build --progress=plain -t "$1" - ;;
  esac
}

check_standin() { # $1: the stand-in, $2: the tag it is built under
  local problems
  problems=$(unmet "$1" "$2")
  [ -z "$problems" ] || die "stand-in $1 is not faithful to the real image:"$'\n'"$problems"
}

# DOCKERSLIM_E2E_REBUILD=1 rebuilds every stand-in, to time a prepare from nothing: debian:bookworm is
# imported again, which gives every image above it a new parent, so no earlier build cache applies.
REBUILD=${DOCKERSLIM_E2E_REBUILD:-0}
# Stand-ins whose parents are ready build side by side: most of a build waits on downloads and dpkg.
JOBS=${DOCKERSLIM_E2E_PREPARE_JOBS:-3}
STATE=$(mktemp -d)
trap 'rm -rf "$STATE"' EXIT

# What must exist before an image builds: its parents; for debian:bookworm-slim, debian:bookworm
# (both are made from one debootstrap tarball, which the first makes); for a distroless image the one
# listed before it (they share one helper image, assembled by the first).
prerequisites() {
  local image last=''
  case $1 in
    debian:bookworm-slim) echo debian:bookworm ;;
    gcr.io/distroless/*)
      for image in "${STANDINS[@]}"; do [ "$image" = "$1" ] && break; last=$image; done
      case $last in gcr.io/distroless/*) echo "$last" ;; esac ;;
  esac
  parents "$1"
}

# Builds one stand-in if its recipe changed (in the background: its result is in $STATE).
build_one() {
  local image=$1 hash old candidate t0=$SECONDS
  hash=$(recipe_hash "$image")
  if [ "$REBUILD" != 1 ] && [ "$(image_label "$image")" = "$hash" ]; then
    [ "$CHECK_ALL" = 1 ] && check_standin "$image" "$image"
    return 0
  fi
  old=$(image_id "$image")
  say "building $image${old:+ (recipe changed)}"
  # Built under a candidate tag, and given the public name only once it passes its checks.
  candidate="dockerslim-e2e/candidate:$(log_name "$image")"
  "$DOCKER" image rm "$candidate" >/dev/null 2>&1 || true # left by a run whose checks failed
  logged "$(log_name "$image")" build_standin "$candidate" "$hash" "$image"
  check_standin "$image" "$candidate"
  "$DOCKER" tag "$candidate" "$image"
  "$DOCKER" image rm "$candidate" >/dev/null
  # The superseded image, unless something still uses it (a container, a child image).
  if [ -n "$old" ] && [ "$old" != "$(image_id "$image")" ]; then "$DOCKER" image rm "$old" >/dev/null 2>&1 || true; fi
  say "$image ready ($((SECONDS - t0))s)"
  touch "$STATE/built-$(log_name "$image")"
}

declare -A started=() finished=() job_image=()
running=0
while [ ${#finished[@]} -lt ${#STANDINS[@]} ]; do
  for image in "${STANDINS[@]}"; do
    [ "$running" -lt "$JOBS" ] || break
    [ -z "${started[$image]:-}" ] || continue
    ready=1
    for p in $(prerequisites "$image"); do [ -n "${finished[$p]:-}" ] || ready=0; done
    [ "$ready" = 1 ] || continue
    build_one "$image" &
    job_image[$!]=$image
    started[$image]=1
    running=$((running + 1))
  done
  [ "$running" -gt 0 ] || die "no stand-in can start: a prerequisite of $(printf '%s ' "${STANDINS[@]}") is not in the list"
  status=0
  wait -n -p pid || status=$?
  image=${job_image[$pid]}
  running=$((running - 1))
  if [ "$status" -ne 0 ]; then
    wait || true
    die "stopped: $image could not be built or checked (the message above says why)"
  fi
  finished[$image]=1
done
if [ -n "$(image_id "$DISTROLESS_ROOTFS")" ]; then "$DOCKER" image rm "$DISTROLESS_ROOTFS" >/dev/null; fi

built=$(find "$STATE" -name 'built-*' | wc -l)
if [ "$built" -gt 0 ]; then
  say "built $built stand-in image(s) in $((SECONDS - START))s"
else
  say "engine up, ${#STANDINS[@]} stand-in images up to date ($((SECONDS - START))s)"
fi
