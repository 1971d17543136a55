#!/usr/bin/env bash
# Builds the container images the local cluster runs, offline, from Debian packages (no registry):
# docker-archive tarballs under $BERTH_CACHE/images that `ctr -n k8s.io images import` loads.
#
# Usage: build-images.sh [image...]   (default: all: pause busybox python redis mariadb coredns runner;
#        busybox writes both alpine.tar and busybox.tar)
#
# Each archive is rebuilt only when its recipe changes: <archive>.stamp holds a hash of this script,
# the image's files under e2e/cluster/images and the versions it uses. Debian images derive from one
# debootstrapped bookworm minbase tree, cached as $BERTH_CACHE/images/base-bookworm-minbase-<hash>.tar.
# $BERTH_CACHE/images/list names the archives of the images built or checked by this run.
#
# Environment: DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR (default deb.debian.org, as on the host);
# BERTH_SKIP_MISSING_COREDNS=1 skips the coredns image, instead of failing, when the coredns binary
# ($BERTH_CACHE/bin/coredns-$COREDNS_VERSION/coredns, from build-binaries.sh) is absent.
set -euo pipefail
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

SCRIPT="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
RECIPES=$(cd "$(dirname "$0")/../images" && pwd)
IMAGES="$BERTH_CACHE/images"
WORK="$IMAGES/work"
LOGS="$BERTH_CACHE/logs/images"
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
TOOLS=(debootstrap debian-archive-keyring umoci skopeo gcc libc6-dev)

LISTED=()   # archives for $IMAGES/list

# ---------------------------------------------------------------------------------------------
# Shared helpers

# Installs the build tools that are missing (as root, with apt-get).
ensure_tools() {
  local missing=() p
  for p in "${TOOLS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  run_logged "installing build tools: ${missing[*]}" "$LOGS/apt-host.log" \
    sh -c "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
}

# content_hash ITEM...: short hash of each ITEM: the contents of a file or of every file below a
# directory (with names and modes), or else the string itself.
content_hash() {
  local item f
  {
    for item in "$@"; do
      if [ -d "$item" ]; then
        (cd "$item" && find . -type f | LC_ALL=C sort | while read -r f; do
           printf '%s %s\n' "$f" "$(stat -c %a "$f")"; cat "$f"; done)
      elif [ -f "$item" ]; then
        cat "$item"
      else
        printf '%s\n' "$item"
      fi
    done
  } | sha256sum | cut -c1-16
}
# recipe_hash ITEM...: the same, with the calling image function and the shared packing helpers
# first, so editing one image's recipe rebuilds only that image.
recipe_hash() { content_hash "$(declare -f "${FUNCNAME[1]}" oci_build oci_export overlay)" "$@"; }

# up_to_date ARCHIVE HASH: the archive exists and was built from this recipe.
up_to_date() { [ -f "$1" ] && [ "$(cat "$1.stamp" 2>/dev/null)" = "$2" ]; }
mark_done() { echo "$2" >"$1.stamp"; LISTED+=("$1"); }
cached() { step "image $(basename "$1" .tar): cached (recipe $2)"; LISTED+=("$1"); }

# Unmounts everything mounted below DIR (deepest first).
unmount_under() {
  local m
  awk -v d="$1/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
}
# Removes a work directory, never crossing into a file system still mounted below it.
remove_tree() {
  [ -e "$1" ] || return 0
  unmount_under "$1"
  rm -rf --one-file-system "$1"
}
cleanup() { [ -d "$WORK" ] && unmount_under "$WORK"; return 0; }
trap cleanup EXIT

# in_chroot ROOTFS COMMAND...: runs COMMAND inside ROOTFS with /proc mounted (always unmounted after).
in_chroot() {
  local root=$1; shift
  mount -t proc proc "$root/proc"
  local rc=0
  chroot "$root" /usr/bin/env -i PATH="$IMAGE_PATH" HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@" || rc=$?
  umount "$root/proc"
  return "$rc"
}

# overlay SRC_DIR ROOTFS: copies the files below SRC_DIR into ROOTFS (root-owned, 0755 or 0644).
overlay() {
  local src=$1 root=$2 f
  [ -d "$src" ] || return 0
  (cd "$src" && find . -type f) | while read -r f; do
    if [ -x "$src/$f" ]; then install -D -m 0755 "$src/$f" "$root/$f"
    else install -D -m 0644 "$src/$f" "$root/$f"; fi
  done
}

# oci_build ROOTFS NAME [umoci config option...]: packs ROOTFS (which is consumed) as the single
# layer of a new OCI image, applies the configuration options and prints the image's oci: name.
oci_build() {
  local rootfs=$1 name=$2; shift 2
  local oci="$WORK/oci-$name" bundle="$WORK/bundle-$name"
  remove_tree "$oci"; remove_tree "$bundle"
  {
    umoci init --layout "$oci"
    umoci new --image "$oci:build"
    umoci unpack --image "$oci:build" "$bundle"
    rm -rf "$bundle/rootfs"
    mv "$rootfs" "$bundle/rootfs"
    umoci repack --no-history --image "$oci:build" "$bundle"
    umoci config --no-history --image "$oci:build" --author "Berth e2e (build-images.sh)" \
      --config.env "PATH=$IMAGE_PATH" "$@"
  } >"$LOGS/$name-oci.log" 2>&1 || { tail -n 20 "$LOGS/$name-oci.log" >&2; die "packing image $name failed"; }
  remove_tree "$bundle"
  echo "oci:$oci:build"
}

# oci_export OCI_NAME ARCHIVE REFERENCE [EXTRA_REFERENCE...]: writes a docker-archive tarball.
oci_export() {
  local src=$1 out=$2 ref=$3; shift 3
  local extra=() r
  for r in "$@"; do extra+=(--additional-tag "$r"); done
  rm -f "$out.tmp" "$out.stamp"
  local log; log="$LOGS/skopeo-$(basename "$out" .tar).log"
  skopeo copy --quiet "${extra[@]}" "$src" "docker-archive:$out.tmp:$ref" >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; die "writing $out failed"; }
  mv "$out.tmp" "$out"
  step "  wrote $out ($(du -m "$out" | cut -f1) MB): $ref $*"
}

# copy_with_libs SRC_ROOT DEST_ROOT BINARY: copies BINARY and the shared libraries it loads (ldd).
copy_with_libs() {
  local src=$1 root=$2 bin=$3 lib
  mkdir -p "$root$(dirname "$bin")"
  cp "$src$bin" "$root$bin"
  for lib in $(chroot "$src" ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    mkdir -p "$root$(dirname "$lib")"
    [ -e "$root$lib" ] || cp -L "$src$lib" "$root$lib"
  done
}

# ---------------------------------------------------------------------------------------------
# The Debian base tree: bookworm minbase, debootstrapped once per recipe.

base_hash() {
  content_hash "$(declare -f build_base)" "$(declare -f overlay)" "$DEBIAN_SUITE $DEBIAN_MIRROR $DEBIAN_SECURITY_MIRROR" \
    "$RECIPES/base"
}
BASE_TAR=   # set by ensure_base

build_base() {
  local root=$1
  run_logged "debootstrapping Debian $DEBIAN_SUITE (minbase)" "$LOGS/debootstrap.log" \
    debootstrap --variant=minbase --components=main "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR"
  unmount_under "$root"
  rm -f "$root/etc/apt/sources.list"
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: %s\n\n' \
    "$DEBIAN_MIRROR" "$DEBIAN_SUITE" "$DEBIAN_SUITE" /usr/share/keyrings/debian-archive-keyring.gpg \
    >"$root/etc/apt/sources.list.d/debian.sources"
  printf 'Types: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: %s\n' \
    "$DEBIAN_SECURITY_MIRROR" "$DEBIAN_SUITE" /usr/share/keyrings/debian-archive-keyring.gpg \
    >>"$root/etc/apt/sources.list.d/debian.sources"
  overlay "$RECIPES/base/rootfs" "$root"
  # debootstrap copies the host's name service settings; a container runtime provides its own.
  : >"$root/etc/resolv.conf"
  echo localhost >"$root/etc/hostname"
  # Bring the tree up to date with the security and point releases, then trim it.
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  run_logged "upgrading the base tree" "$LOGS/base-upgrade.log" \
    in_chroot "$root" sh -c 'apt-get update && apt-get -y dist-upgrade && apt-get clean'
  : >"$root/etc/resolv.conf"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$root"/usr/share/{man,info,lintian}/* "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin \
    "$root"/var/log/{apt,dpkg.log,bootstrap.log,alternatives.log} "$root"/tmp/* "$root"/var/tmp/*
}

ensure_base() {
  [ -n "$BASE_TAR" ] && return 0
  local hash; hash=$(base_hash)
  BASE_TAR="$IMAGES/base-$DEBIAN_SUITE-minbase-$hash.tar"
  if [ -f "$BASE_TAR" ]; then step "Debian base tree: cached ($(basename "$BASE_TAR"))"; return 0; fi
  local root="$WORK/base"
  remove_tree "$root"; mkdir -p "$root"
  build_base "$root"
  tar --numeric-owner -cpf "$BASE_TAR.tmp" -C "$root" .
  mv "$BASE_TAR.tmp" "$BASE_TAR"
  find "$IMAGES" -maxdepth 1 -name "base-$DEBIAN_SUITE-minbase-*.tar" ! -path "$BASE_TAR" -delete
  remove_tree "$root"
  step "Debian base tree ready: $BASE_TAR ($(du -m "$BASE_TAR" | cut -f1) MB)"
}

# debian_rootfs NAME PACKAGE...: a copy of the base tree with PACKAGEs installed and apt's
# lists and caches removed; prints its path.
debian_rootfs() {
  local name=$1; shift
  local root="$WORK/rootfs-$name"
  ensure_base >&2
  remove_tree "$root"; mkdir -p "$root"
  tar --numeric-owner -xpf "$BASE_TAR" -C "$root"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # Java's post-install script links its man page even though the base keeps no man pages.
  mkdir -p "$root/usr/share/man/man1"
  # No service may start inside the build.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"; chmod 0755 "$root/usr/sbin/policy-rc.d"
  run_logged "installing $* into the $name image" "$LOGS/$name.log" \
    in_chroot "$root" sh -c "apt-get update && apt-get install -y --no-install-recommends $* && apt-get clean" >&2
  rm -f "$root/usr/sbin/policy-rc.d"
  : >"$root/etc/resolv.conf"
  # Device nodes belong to the runtime, which mounts its own /dev.
  find "$root/dev" -mindepth 1 -delete
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/debconf/*-old \
    "$root"/var/log/{apt,dpkg.log,alternatives.log} "$root"/tmp/* "$root"/var/tmp/*
  echo "$root"
}

# ---------------------------------------------------------------------------------------------
# The images, one function each.

image_python() {
  local out="$IMAGES/python.tar" hash; hash=$(recipe_hash "$(base_hash)")
  if up_to_date "$out" "$hash"; then cached "$out" "$hash"; return 0; fi
  step "image python: building"
  local root; root=$(debian_rootfs python python3 python-is-python3)
  local oci; oci=$(oci_build "$root" python --config.env LANG=C.UTF-8 --config.cmd python3)
  oci_export "$oci" "$out" docker.io/library/python:latest docker.io/library/python:3
  mark_done "$out" "$hash"
}

# alpine and busybox: Debian's dynamically linked busybox (so names resolve through glibc's
# /etc/hosts and DNS code, which glibc >= 2.34 keeps in libc.so.6) with exactly the libraries
# it needs, and one symlink per applet.
image_busybox() {
  local alpine="$IMAGES/alpine.tar" busybox="$IMAGES/busybox.tar" hash
  hash=$(recipe_hash "$(base_hash)" "$RECIPES/busybox" "$(declare -f copy_with_libs)")
  if up_to_date "$alpine" "$hash" && up_to_date "$busybox" "$hash"; then
    cached "$alpine" "$hash"; cached "$busybox" "$hash"; return 0
  fi
  step "image alpine/busybox: building"
  # Debian's busybox 1.35 wget segfaults whenever -T (timeout) is given, so GNU wget stands in for
  # that one applet, as a real Alpine's wget would work.
  local src; src=$(debian_rootfs busybox-src busybox wget)
  local root="$WORK/rootfs-busybox" applet
  remove_tree "$root"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,home,proc,sys,dev,run,var/tmp,tmp}
  chmod 1777 "$root/tmp" "$root/var/tmp"; chmod 0700 "$root/root"
  copy_with_libs "$src" "$root" /bin/busybox
  copy_with_libs "$src" "$root" /usr/bin/wget
  chroot "$root" /bin/busybox --list-full | while read -r applet; do
    [ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
  done
  overlay "$RECIPES/busybox/rootfs" "$root"
  remove_tree "$src"
  local oci; oci=$(oci_build "$root" busybox --config.cmd /bin/sh)
  oci_export "$oci" "$alpine" docker.io/library/alpine:latest
  oci_export "$oci" "$busybox" docker.io/library/busybox:latest
  mark_done "$alpine" "$hash"; mark_done "$busybox" "$hash"
}

image_redis() {
  local out="$IMAGES/redis.tar" hash; hash=$(recipe_hash "$(base_hash)" "$RECIPES/redis")
  if up_to_date "$out" "$hash"; then cached "$out" "$hash"; return 0; fi
  step "image redis: building"
  local root; root=$(debian_rootfs redis redis-server redis-tools)
  overlay "$RECIPES/redis/rootfs" "$root"
  mkdir -p "$root/data"; chown --reference="$root/var/lib/redis" "$root/data"
  local oci; oci=$(oci_build "$root" redis --config.workingdir /data --config.volume /data \
    --config.exposedports 6379/tcp --config.entrypoint docker-entrypoint.sh --config.cmd redis-server)
  oci_export "$oci" "$out" docker.io/library/redis:latest
  mark_done "$out" "$hash"
}

image_mariadb() {
  local out="$IMAGES/mariadb.tar" hash; hash=$(recipe_hash "$(base_hash)" "$RECIPES/mariadb")
  if up_to_date "$out" "$hash"; then cached "$out" "$hash"; return 0; fi
  step "image mariadb: building"
  local root; root=$(debian_rootfs mariadb mariadb-server mariadb-client)
  overlay "$RECIPES/mariadb/rootfs" "$root"
  # The package initialised a datadir during installation; the entrypoint makes a fresh one.
  find "$root/var/lib/mysql" -mindepth 1 -delete
  mkdir -p "$root/run/mysqld" "$root/docker-entrypoint-initdb.d"
  chown --reference="$root/var/lib/mysql" "$root/run/mysqld"
  local oci; oci=$(oci_build "$root" mariadb --config.env LANG=C.UTF-8 --config.volume /var/lib/mysql \
    --config.exposedports 3306/tcp --config.entrypoint docker-entrypoint.sh --config.cmd mariadbd)
  oci_export "$oci" "$out" docker.io/library/mariadb:10.11.2
  mark_done "$out" "$hash"
}

image_pause() {
  local out="$IMAGES/pause.tar" hash; hash=$(recipe_hash "$RECIPES/pause.c" "$(gcc --version | head -1)")
  if up_to_date "$out" "$hash"; then cached "$out" "$hash"; return 0; fi
  step "image pause: building"
  local root="$WORK/rootfs-pause"
  remove_tree "$root"; mkdir -p "$root"
  gcc -Os -Wall -Werror -static -s -o "$root/pause" "$RECIPES/pause.c"
  local oci; oci=$(oci_build "$root" pause --config.user 65535:65535 --config.entrypoint /pause)
  oci_export "$oci" "$out" "registry.k8s.io/pause:3.10.1"
  mark_done "$out" "$hash"
}

image_coredns() {
  local bin; bin="$(bin_dir coredns "$COREDNS_VERSION")/coredns"
  if [ ! -x "$bin" ]; then
    [ "${BERTH_SKIP_MISSING_COREDNS:-}" = 1 ] || die "coredns binary missing: $bin (run build-binaries.sh coredns)"
    step "image coredns: SKIPPED, $bin is missing (BERTH_SKIP_MISSING_COREDNS=1)"
    return 0
  fi
  local out="$IMAGES/coredns.tar" hash
  hash=$(recipe_hash "$COREDNS_VERSION" "$(stat -c '%s %Y' "$bin")")   # size and mtime: hashing 100 MB is slow
  if up_to_date "$out" "$hash"; then cached "$out" "$hash"; return 0; fi
  step "image coredns: building"
  local root="$WORK/rootfs-coredns"
  remove_tree "$root"; mkdir -p "$root"
  cp "$bin" "$root/coredns"; chmod 0755 "$root/coredns"
  local oci; oci=$(oci_build "$root" coredns --config.exposedports 53/tcp --config.exposedports 53/udp \
    --config.entrypoint /coredns)
  oci_export "$oci" "$out" "registry.k8s.io/coredns/coredns:$COREDNS_VERSION"
  mark_done "$out" "$hash"
}

# Berth's own exec/service runner (runner/, Go, static): copied into pods by an init container.
image_runner() {
  local src; src=$(cd "$RECIPES/../../../runner" && pwd)
  local out="$IMAGES/runner.tar" hash; hash=$(recipe_hash "$src" "$(go version)")
  if up_to_date "$out" "$hash"; then cached "$out" "$hash"; return 0; fi
  step "image runner: building"
  local root="$WORK/rootfs-runner"
  remove_tree "$root"; mkdir -p "$root"
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false go build -trimpath -ldflags "-s -w" -o "$root/berth-runner" .)
  local oci; oci=$(oci_build "$root" runner --config.entrypoint /berth-runner)
  oci_export "$oci" "$out" "$BERTH_RUNNER_IMAGE"
  mark_done "$out" "$hash"
}

# The Berth operator: Debian's Java 17 runtime + the Quarkus fast-jar from operator/target.
# Not in the default set: it needs `mvn package` first (e2e/operator-image.sh does both).
image_operator() {
  local app; app="$(cd "$RECIPES/../../.." && pwd)/operator/target/quarkus-app"
  [ -f "$app/quarkus-run.jar" ] || die "no operator build at $app (run: mvn -pl operator -am package)"
  local out="$IMAGES/operator.tar" hash; hash=$(recipe_hash "$(base_hash)" "$app" "$BERTH_OPERATOR_IMAGE")
  if up_to_date "$out" "$hash"; then cached "$out" "$hash"; return 0; fi
  step "image operator: building"
  local root; root=$(debian_rootfs operator openjdk-17-jre-headless)
  mkdir -p "$root/opt/berth"
  cp -r "$app/." "$root/opt/berth/"
  # The serial GC (what the JVM picks anyway under the chart's 768Mi limit, chosen explicitly so a
  # larger limit does not switch it) with a bounded young generation: a burst of sessions then
  # leaves the operator's RSS near where it was, instead of keeping a grown eden.
  # MALLOC_ARENA_MAX: fewer glibc arenas, less native memory kept after a burst of threads.
  # Once idle after a burst, the operator asks for one full collection (IdleMemoryRelease):
  # -ShrinkHeapInSteps lets that one collection uncommit all the free heap (by default the serial
  # collector shrinks in steps over four of them), and TrimNativeHeapInterval returns freed native
  # memory (glibc keeps it otherwise).
  local oci; oci=$(oci_build "$root" operator --config.env LANG=C.UTF-8 --config.env MALLOC_ARENA_MAX=2 \
    --config.user 10001:10001 --config.workingdir /opt/berth --config.exposedports 8080/tcp \
    --config.entrypoint java --config.cmd -XX:MaxRAMPercentage=75 --config.cmd -XX:+UseSerialGC \
    --config.cmd -XX:MaxNewSize=48m --config.cmd -XX:MaxHeapFreeRatio=30 --config.cmd -XX:MinHeapFreeRatio=10 \
    --config.cmd -XX:-ShrinkHeapInSteps --config.cmd -XX:TrimNativeHeapInterval=10000 \
    --config.cmd -jar --config.cmd /opt/berth/quarkus-run.jar)
  oci_export "$oci" "$out" "$BERTH_OPERATOR_IMAGE"
  mark_done "$out" "$hash"
}

# ---------------------------------------------------------------------------------------------

ALL=(pause busybox python redis mariadb coredns runner)
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=("${ALL[@]}")
for t in "${targets[@]}"; do
  declare -F "image_$t" >/dev/null || die "unknown image '$t' (images: ${ALL[*]} operator)"
done
[ "$(id -u)" = 0 ] || die "build-images.sh needs root (debootstrap, chroot, mount)"
mkdir -p "$IMAGES" "$LOGS"
exec 9>"$IMAGES/.lock"
flock 9   # one build at a time
ensure_tools
for t in "${targets[@]}"; do "image_$t"; done
remove_tree "$WORK"
if [ ${#LISTED[@]} -gt 0 ]; then printf '%s\n' "${LISTED[@]}"; fi >"$IMAGES/list.tmp"
mv "$IMAGES/list.tmp" "$IMAGES/list"
step "images ready: ${#LISTED[@]} archives listed in $IMAGES/list"
