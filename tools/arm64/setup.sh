#!/usr/bin/env bash
# Sets up an arm64 Debian trixie root filesystem with Swift (Debian's `swiftlang`), libpng, zlib,
# pkg-config and git, in which tools/arm64/check.sh builds and tests latentpipe. On an x86-64
# host the arm64 programs run under qemu user-mode emulation (binfmt_misc); on an arm64 host they
# run natively. Idempotent: a step already done is skipped. Needs root and Debian's package
# mirror (the one debootstrap and apt use by default).
#
#   sudo tools/arm64/setup.sh            # root filesystem in /work/arm64-root
#   ARM64_ROOT=/srv/a64 sudo tools/arm64/setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/common.sh"

[ "$(id -u)" = 0 ] || fail "run as root (debootstrap, mount and chroot need it)"

step "host packages: qemu-user-static binfmt-support debootstrap"
missing=()
for package in qemu-user-static binfmt-support debootstrap; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "$(uname -m)" = aarch64 ]; then
    missing=()
    dpkg-query -W -f='${Status}' debootstrap 2>/dev/null | grep -q 'install ok installed' || missing=(debootstrap)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

ensure_arm64_runs

step "arm64 trixie root filesystem in $ARM64_ROOT"
if [ -x "$ARM64_ROOT/usr/bin/apt-get" ] && [ -e "$ARM64_ROOT/var/lib/dpkg/status" ] \
    && chroot "$ARM64_ROOT" dpkg-query -W -f='${Status}' apt 2>/dev/null | grep -q 'install ok installed'; then
    echo "already there"
else
    mkdir -p "$ARM64_ROOT"
    # One stage: with binfmt_misc registered (flag F), debootstrap runs the second stage itself.
    debootstrap --arch=arm64 --variant=minbase \
        --keyring=/usr/share/keyrings/debian-archive-keyring.gpg trixie "$ARM64_ROOT"
fi

step "Swift and the libraries latentpipe links, inside the root filesystem"
cp /etc/resolv.conf "$ARM64_ROOT/etc/resolv.conf" 2>/dev/null || true
in_arm64_root env DEBIAN_FRONTEND=noninteractive sh -c '
    apt-get update -qq &&
    apt-get install -y -qq --no-install-recommends swiftlang libpng-dev zlib1g-dev pkg-config git ca-certificates python3 python3-numpy >/dev/null'

step "check"
in_arm64_root sh -c 'uname -m; swift --version 2>&1 | head -2; pkg-config --modversion libpng zlib'
echo "ready: tools/arm64/check.sh [COMMIT-ISH] builds and tests a commit there"
