#!/usr/bin/env bash
# The whole test suite on QGIS 3.40 LTR, the release planners install today: a Debian 13 (trixie) root
# built with debootstrap from Debian's registry and cached under build/, the checkout and ../shared
# bind-mounted at their own paths, a venv and ext-libs/ of the plugin's libraries for trixie's Python 3.13.
# Needs root (debootstrap, chroot, mounts), as the Debian QGIS packages `make setup` installs already do.
#   .ci/qgis340.sh            build or refresh the root, then run the suite inside it
#   .ci/qgis340.sh --unmount  release the root's mounts (make clean calls it before deleting build/)
set -euo pipefail
CHECKOUT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "$CHECKOUT/.." && pwd)/shared
ROOTFS=$CHECKOUT/build/qgis340-root
WHEELS=$CHECKOUT/build/wheels-cp313
VENV=build/venv-cp313
MIRROR=http://deb.debian.org/debian
PACKAGES="qgis python3-qgis qgis-providers python3-scipy python3-pyproj proj-data python3-venv python3-gdal git
  xvfb xauth fonts-wqy-microhei poppler-utils pyqt5-dev-tools qttools5-dev-tools chromium chromium-driver"
PACKAGES=$(echo $PACKAGES)
MOUNTS=("$ROOTFS/proc" "$ROOTFS/sys" "$ROOTFS/dev" "$ROOTFS$CHECKOUT" "$ROOTFS$SHARED")

fail() { echo "QGIS 3.40 root: $*" >&2; exit 1; }

unmount_all() {
  local point
  for point in "${MOUNTS[@]}"; do
    if mountpoint -q "$point" 2>/dev/null; then umount -R "$point" || umount -lR "$point"; fi
  done
}
if [ "${1:-}" = "--unmount" ]; then unmount_all; exit 0; fi

mkdir -p "$CHECKOUT/build"
[ "$(id -u)" = 0 ] || fail "building the Debian 13 root needs root (debootstrap, chroot); run make test as root."
trap unmount_all EXIT

# 1. The root: Debian 13 with QGIS 3.40 and the tools the suite calls (made once, refreshed when the list changes).
if [ ! -x "$ROOTFS/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; } \
    || fail "cannot install debootstrap from Debian's registry."
  echo "QGIS 3.40 root: debootstrap trixie into $ROOTFS (about a minute)"
  rm -rf --one-file-system "$ROOTFS"
  debootstrap --variant=minbase trixie "$ROOTFS" "$MIRROR" > "$CHECKOUT/build/qgis340-debootstrap.log" 2>&1 \
    || fail "debootstrap failed; see build/qgis340-debootstrap.log."
fi
mkdir -p "$ROOTFS$CHECKOUT" "$ROOTFS$SHARED"
mount --bind /proc "$ROOTFS/proc"
# sysfs as on the host: the tests of outputs that cannot be written use a folder where even root creates nothing.
mount --bind /sys "$ROOTFS/sys"
mount --rbind /dev "$ROOTFS/dev"
mount --bind "$CHECKOUT" "$ROOTFS$CHECKOUT"
if [ -d "$SHARED" ]; then mount --bind -o ro "$SHARED" "$ROOTFS$SHARED"; fi
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf" 2>/dev/null || true
in_root() { chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root \
  LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 "$@"; }

stamp="$ROOTFS/.lifecircle-packages"
if [ "$(cat "$stamp" 2>/dev/null)" != "$PACKAGES" ]; then
  echo "QGIS 3.40 root: installing $PACKAGES (a few minutes)"
  in_root bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES" \
    > "$CHECKOUT/build/qgis340-apt.log" 2>&1 || fail "apt-get install failed inside the root; see build/qgis340-apt.log."
  echo "$PACKAGES" > "$stamp"
fi
version=$(in_root python3 -c 'from qgis.core import Qgis; print(Qgis.version())' 2>/dev/null) \
  || fail "QGIS's Python does not import inside the root."
echo "QGIS 3.40 root: QGIS $version, $(in_root python3 --version)"

# 2. The pinned Python libraries for Python 3.13. pip inside the root cannot verify the registry's TLS chain
# with Python 3.13's strict checks, so the wheels are fetched by the host's pip and installed from files.
tag=$(in_root python3 "$CHECKOUT/lifecircle_plugin/dependencies.py")
requirements_stamp="$CHECKOUT/$VENV/.installed"
if [ ! -f "$requirements_stamp" ] || [ "$requirements_stamp" -ot "$CHECKOUT/requirements-dev.txt" ] \
   || [ "$requirements_stamp" -ot "$CHECKOUT/requirements.txt" ]; then
  "$CHECKOUT/.venv/bin/python" -m pip download -q --disable-pip-version-check --python-version 3.13 \
    --only-binary=:all: --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux_2_28_x86_64 -d "$WHEELS" -r "$CHECKOUT/requirements-dev.txt" \
    || fail "cannot download the Python 3.13 wheels of requirements-dev.txt."
  in_root bash -c "cd '$CHECKOUT' && rm -rf $VENV && python3 -m venv --system-site-packages $VENV && \
    $VENV/bin/pip install -q --disable-pip-version-check --no-index --find-links '$WHEELS' -r requirements-dev.txt && \
    rm -rf 'ext-libs/$tag' && $VENV/bin/pip install -q --disable-pip-version-check --no-index --find-links '$WHEELS' \
      --no-deps --target 'ext-libs/$tag' -r requirements.txt" || fail "installing the wheels inside the root failed."
  touch "$requirements_stamp"
fi

# 3. The suite, as on the host.
echo "QGIS 3.40 root: running the test suite on QGIS $version"
in_root bash -c "mkdir -p -m 700 /tmp/runtime-root && cd '$CHECKOUT' && \
  export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp/runtime-root && \
  $VENV/bin/python -m pytest -q -p no:pytest_qgis --confcutdir tests/core tests/core && \
  $VENV/bin/python -m pytest -q tests/qgis"
