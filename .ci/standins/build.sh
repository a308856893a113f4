#!/usr/bin/env bash
# Build the stand-in images (README.md) into the running Docker daemon, as root:
#   .ci/standins/build.sh
# The names are in names.sh. Each image is a root file system made by debootstrap, plus the
# files of its folder, imported with `docker import --change` and the instructions in its
# folder's `changes`: no `docker build`, whose every step copies the whole root on the vfs
# storage driver. debootstrap's output is cached in $STANDIN_CACHE (default
# /var/cache/authapi-ci) under a name that changes with its package list.
set -Eeuo pipefail
cd "$(dirname "$0")"
# shellcheck source=.ci/standins/names.sh
. ./names.sh

SUITE=$STANDIN_SUITE
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CACHE="${STANDIN_CACHE:-/var/cache/authapi-ci}"
PYTHON_PACKAGES=python3,python3-venv,python-is-python3,ca-certificates
SERVER_PACKAGES=postgresql-15,redis-server,redis-tools
EC2_HOST_PACKAGES=systemd,systemd-sysv,dbus,python3,git,curl,ca-certificates,iproute2,sudo
# Needed by no stand-in: package lists and archives, documentation, translations, LLVM (only
# for PostgreSQL's optional JIT), and the cluster that Debian's postgresql package makes.
PRUNE=(var/lib/apt/lists var/cache/apt usr/share/doc usr/share/man usr/share/locale
  var/lib/postgresql/15 etc/postgresql/15)
PRUNE_LIBRARIES=(usr/lib/x86_64-linux-gnu/libLLVM-* usr/lib/x86_64-linux-gnu/libz3.so*
  usr/lib/postgresql/15/lib/llvmjit*)

work="$(mktemp -d)"
cleanup() {
  # debootstrap mounts these inside the new root; a failure can leave them mounted.
  umount --recursive --lazy "$work/root/proc" "$work/root/sys" 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

rootfs_tarball() {  # NAME PACKAGES: prints the cached tarball of that root, made if missing
  local name=$1 packages=$2 key tarball root="$work/root"
  key="$(printf '%s %s %s v1' "$SUITE" "$MIRROR" "$packages" | sha256sum | cut -c1-16)"
  tarball="$CACHE/$name-$SUITE-$key.tar"
  if [ -s "$tarball" ]; then echo "$tarball"; return 0; fi
  echo "debootstrap $SUITE with $packages (not cached yet: a few minutes)" >&2
  mkdir -p "$CACHE/debs"
  if ! timeout 900 debootstrap --variant=minbase --cache-dir="$CACHE/debs" --include="$packages" \
    "$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
    echo "debootstrap failed; the end of its logs:" >&2
    tail -n 30 "$work/debootstrap.log" "$root/debootstrap/debootstrap.log" >&2 2>/dev/null || true
    return 1
  fi
  (cd "$root" && rm -rf "${PRUNE[@]}" && rm -rf "${PRUNE_LIBRARIES[@]}")
  rm -f "$CACHE/$name-$SUITE-"*.tar
  tar --numeric-owner -C "$root" -cf "$tarball.part" .
  mv "$tarball.part" "$tarball"
  rm -rf --one-file-system "$root"
  echo "$tarball"
}

pip_certificates() {  # the bundle pip trusts here: the system's, and pip's own `cert` setting
  local pip_cert
  pip_cert="${PIP_CERT:-$(python3 -m pip config get global.cert 2>/dev/null || true)}"
  cat /etc/ssl/certs/ca-certificates.crt
  if [ -n "$pip_cert" ] && [ -f "$pip_cert" ] &&
    ! cmp -s "$pip_cert" /etc/ssl/certs/ca-certificates.crt; then
    cat "$pip_cert"
  fi
}

import() {  # IMAGE TARBALL FOLDER OVERLAY: the root, the overlay's files added, as IMAGE
  local image=$1 tarball=$2 folder=$3 overlay=$4 changes=() line files replaced
  while IFS= read -r line; do
    case "$line" in '' | '#'*) ;; *) changes+=(--change "$line") ;; esac
  done <"$folder/changes"
  # The overlay's files replace the root's (Docker refuses an archive with a path twice).
  mapfile -t files < <(cd "$overlay" && find . -type f | sort)
  mapfile -t replaced < <(tar -tf "$tarball" | grep -Fx -f <(printf '%s\n' "${files[@]}") || true)
  cp "$tarball" "$work/image.tar"
  [ "${#replaced[@]}" -eq 0 ] || tar --delete -f "$work/image.tar" "${replaced[@]}"
  tar --numeric-owner --owner=0 --group=0 -C "$overlay" -rf "$work/image.tar" "${files[@]}"
  docker import "${changes[@]}" "$work/image.tar" "$image" >/dev/null
  rm -f "$work/image.tar"
}

mkdir -p "$CACHE"
python_root="$(rootfs_tarball python "$PYTHON_PACKAGES")"
servers_root="$(rootfs_tarball servers "$SERVER_PACKAGES")"
ec2_host_root="$(rootfs_tarball ec2-host "$EC2_HOST_PACKAGES")"

overlay="$work/python"
install -d "$overlay/etc/ssl/certs"
pip_certificates >"$overlay/etc/ssl/certs/ca-certificates.crt"
printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$overlay/etc/pip.conf"
import "$STANDIN_PYTHON" "$python_root" python "$overlay"

for name in postgres redis; do
  overlay="$work/$name"
  install -d "$overlay/usr/local/bin"
  install -m 755 "$name/docker-entrypoint.sh" "$overlay/usr/local/bin/"
done
import "$STANDIN_POSTGRES" "$servers_root" postgres "$work/postgres"
import "$STANDIN_REDIS" "$servers_root" redis "$work/redis"
install -D -m 644 ec2-host/imds.py "$work/ec2-host/usr/local/lib/imds.py"
cp -r "$work/python/etc" "$work/ec2-host/"  # its pip trusts the same authorities
import "$STANDIN_EC2_HOST" "$ec2_host_root" ec2-host "$work/ec2-host"
echo "stand-ins: $STANDIN_PYTHON $STANDIN_POSTGRES $STANDIN_REDIS $STANDIN_EC2_HOST" >&2
