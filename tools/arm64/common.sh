# Shared by setup.sh and check.sh (sourced, not run): where the arm64 root filesystem is, how
# arm64 programs are made to run on this host, and how a command runs inside that root.

ARM64_ROOT="${ARM64_ROOT:-/work/arm64-root}"

started_at=$(date +%s)

# Prints a step's name with the seconds since the script started, so that the README's
# timings can be read off a run.
step() {
    printf '== [%4ss] %s\n' "$(( $(date +%s) - started_at ))" "$*"
}

fail() {
    echo "${0##*/}: $*" >&2
    exit 1
}

# On an arm64 host: nothing to do. On any other host: arm64 ELF files must be handed to
# qemu-aarch64 by binfmt_misc, with flag F (the interpreter opened at registration), so that it
# also works inside the chroot, where the host's qemu is not on the path.
ensure_arm64_runs() {
    [ "$(uname -m)" = aarch64 ] && return 0
    local binfmt=/proc/sys/fs/binfmt_misc
    if [ ! -e "$binfmt/register" ]; then
        mount -t binfmt_misc binfmt_misc "$binfmt" \
            || fail "cannot mount binfmt_misc on $binfmt (a container without that right cannot run arm64 programs; use an arm64 machine or qemu-system-aarch64)"
    fi
    if [ ! -e "$binfmt/qemu-aarch64" ]; then
        command -v update-binfmts >/dev/null || fail "update-binfmts missing: run tools/arm64/setup.sh first"
        update-binfmts --enable qemu-aarch64 \
            || fail "cannot register qemu-aarch64 with binfmt_misc (is qemu-user-static installed?)"
    fi
    grep -qx enabled "$binfmt/qemu-aarch64" || fail "binfmt_misc entry qemu-aarch64 is disabled: update-binfmts --enable qemu-aarch64"
    grep -q '^flags:.*F' "$binfmt/qemu-aarch64" \
        || fail "binfmt_misc entry qemu-aarch64 lacks flag F, so it cannot work inside a chroot: reinstall qemu-user-static (Debian's registers it with F)"
}

# Runs a command inside the arm64 root filesystem, as root, with /proc and /dev mounted in a
# private mount namespace: the mounts go away with the command, none is left behind on the host.
in_arm64_root() {
    unshare --mount --propagation private -- /bin/sh -c '
        root="$1"; shift
        mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" || exit 1
        exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
    ' in_arm64_root "$ARM64_ROOT" "$@"
}
