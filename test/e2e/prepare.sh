#!/usr/bin/env bash
# Prepares a machine for the e2e suite: a Docker engine, and local stand-ins for the public
# base images the examples use (no image registry is reachable here). Idempotent: on a machine
# where everything exists it only checks and returns in seconds.
#
# Stand-ins are built from Debian packages and tagged with the public names; they are close to,
# but not the same size as, the public images. Build logs: $E2E_CACHE/logs/.
set -euo pipefail

# The base images the examples need, parents before children. Keep this the only list.
STANDINS=(
  debian:bookworm
  debian:bookworm-slim
  python:3.11-slim
  python:3.11
  node:20-slim
  node:20
  golang:1.22
  gcr.io/distroless/static-debian12
  gcr.io/distroless/base-debian12
)

E2E_CACHE=${DOCKERSLIM_E2E_CACHE:-/var/cache/dockerslim-e2e}
MIRROR=${DOCKERSLIM_E2E_MIRROR:-http://deb.debian.org/debian}
DOCKERD_LOG=${DOCKERSLIM_E2E_DOCKERD_LOG:-/var/log/dockerslim-e2e-dockerd.log}
# Debian's client: BuildKit works with DOCKER_BUILDKIT=1 (a newer client on PATH may lack buildx).
DOCKER=/usr/bin/docker
export DOCKER_BUILDKIT=1
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

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
  say "  done in $((SECONDS - t0))s"
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

have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

# Builds an image from a Dockerfile given on stdin, without a build context.
build_stdin() {
  local tag=$1 name=$2
  logged "$name" "$DOCKER" build --progress=plain -t "$tag" -
}

# --- Debian root filesystems ---------------------------------------------------------------------
ROOTFS_TAR="$E2E_CACHE/bookworm-minbase.tar"

# debootstrap once; the tarball is cached so later runs (and image rebuilds) skip the download.
minbase_tar() {
  [ -s "$ROOTFS_TAR" ] && return 0
  local dir="$E2E_CACHE/rootfs.tmp"
  rm -rf "$dir"
  say "debootstrap --variant=minbase bookworm (cached in $ROOTFS_TAR)"
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
  tar --numeric-owner -C "$dir" -cf "$ROOTFS_TAR.tmp" . && mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  rm -rf "$dir"
}

import_rootfs() {
  local tag=$1 dir=$2
  tar --numeric-owner -C "$dir" -c . |
    "$DOCKER" import --change "ENV PATH=$STD_PATH" --change 'CMD ["bash"]' - "$tag" >/dev/null
}

build_debian() {
  minbase_tar
  say "importing debian:bookworm"
  local t0=$SECONDS
  "$DOCKER" import --change "ENV PATH=$STD_PATH" --change 'CMD ["bash"]' "$ROOTFS_TAR" debian:bookworm >/dev/null
  say "  done in $((SECONDS - t0))s"
}

build_debian_slim() {
  minbase_tar
  say "importing debian:bookworm-slim (minbase without docs, man pages, locales)"
  local dir="$E2E_CACHE/slim.tmp" t0=$SECONDS
  rm -rf "$dir" && mkdir -p "$dir"
  tar --numeric-owner -C "$dir" -xf "$ROOTFS_TAR"
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
  import_rootfs debian:bookworm-slim "$dir"
  rm -rf "$dir"
  say "  done in $((SECONDS - t0))s"
}

# --- language stand-ins (Debian's packages; versions differ from the public tags) ----------------
build_python() { # $1: tag, $2: parent, $3: apt-get flags
  say "building $1 (python3 from Debian)"
  build_stdin "$1" "${1//[:\/]/_}" <<EOF
FROM $2
ENV LANG=C.UTF-8
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y $3 python3 python3-pip python3-venv python-is-python3 \\
 && rm -rf /var/lib/apt/lists/* \\
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \\
 && { [ -e /usr/bin/pip ] || ln -s pip3 /usr/bin/pip; }
CMD ["python3"]
EOF
}

build_node() { # $1: tag, $2: parent, $3: apt-get flags
  say "building $1 (nodejs and npm from Debian)"
  build_stdin "$1" "${1//[:\/]/_}" <<EOF
FROM $2
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y $3 nodejs npm \\
 && rm -rf /var/lib/apt/lists/*
CMD ["node"]
EOF
}

build_golang() {
  say "building golang:1.22 (golang-go from Debian)"
  build_stdin golang:1.22 golang_1.22 <<'EOF'
FROM debian:bookworm
ENV GOPATH=/go PATH=/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go gcc libc6-dev git ca-certificates pkg-config \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /go/src /go/bin && chmod -R 1777 /go
WORKDIR /go
EOF
}

# --- distroless stand-ins: FROM scratch with the files the real ones carry ----------------------
DISTROLESS_ROOTFS=dockerslim-e2e/distroless-rootfs

distroless_rootfs() {
  have_image "$DISTROLESS_ROOTFS" && return 0
  say "assembling distroless root filesystems"
  build_stdin "$DISTROLESS_ROOTFS" distroless-rootfs <<'EOF'
FROM debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates tzdata \
 && cd /tmp && apt-get download libc6 libssl3 netbase \
 && rm -rf /var/lib/apt/lists/* \
 && s=/out/static && mkdir -p $s/etc/ssl/certs $s/usr/share $s/tmp $s/home/nonroot $s/root $s/var/lib/dpkg/status.d \
 && chmod 1777 $s/tmp && chmod 700 $s/root && chown 65532:65532 $s/home/nonroot \
 && cp /etc/ssl/certs/ca-certificates.crt $s/etc/ssl/certs/ \
 && cp -a /usr/share/zoneinfo $s/usr/share/ \
 && dpkg-deb -x netbase_*.deb /tmp/netbase && cp /tmp/netbase/etc/protocols /tmp/netbase/etc/services $s/etc/ \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >$s/etc/passwd \
 && printf 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n' >$s/etc/group \
 && printf 'hosts: files dns\n' >$s/etc/nsswitch.conf \
 && cp /etc/os-release $s/etc/os-release \
 && cp -a $s /out/base \
 && for d in libc6 libssl3; do dpkg-deb -x ${d}_*.deb /out/base; done \
 && rm -rf /out/base/usr/share/doc /out/base/usr/share/lintian /tmp/*
EOF
}

build_distroless() { # $1: tag, $2: folder under /out
  distroless_rootfs
  say "importing $1 (FROM scratch stand-in)"
  local t0=$SECONDS
  "$DOCKER" run --rm "$DISTROLESS_ROOTFS" tar --numeric-owner -C "/out/$2" -cf - . |
    "$DOCKER" import --change "ENV PATH=$STD_PATH" \
      --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' - "$1" >/dev/null
  say "  done in $((SECONDS - t0))s"
}

build_standin() {
  case $1 in
    debian:bookworm) build_debian ;;
    debian:bookworm-slim) build_debian_slim ;;
    python:3.11-slim) build_python "$1" debian:bookworm-slim --no-install-recommends ;;
    python:3.11) build_python "$1" debian:bookworm "" ;;
    node:20-slim) build_node "$1" debian:bookworm-slim --no-install-recommends ;;
    node:20) build_node "$1" debian:bookworm "" ;;
    golang:1.22) build_golang ;;
    gcr.io/distroless/static-debian12) build_distroless "$1" static ;;
    gcr.io/distroless/base-debian12) build_distroless "$1" base ;;
    *) die "no recipe for stand-in $1" ;;
  esac
}

built=0
for image in "${STANDINS[@]}"; do
  have_image "$image" && continue
  build_standin "$image"
  built=$((built + 1))
done
if have_image "$DISTROLESS_ROOTFS"; then "$DOCKER" image rm "$DISTROLESS_ROOTFS" >/dev/null; fi

if [ "$built" -gt 0 ]; then
  say "built $built stand-in image(s) in $((SECONDS - START))s"
else
  say "engine up, ${#STANDINS[@]} stand-in images present ($((SECONDS - START))s)"
fi
