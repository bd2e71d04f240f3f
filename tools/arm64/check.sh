#!/usr/bin/env bash
# Builds and tests one commit of latentpipe on arm64, in the root filesystem that
# tools/arm64/setup.sh made: a clean clone of the repository at that commit, then `swift build`
# and `swift test --disable-xctest` (the suites are Swift Testing). Emulated on an x86-64 host,
# so it is slow; it runs at low priority (nice 10). Exit status: 0 when both pass, 1 otherwise.
#
#   sudo tools/arm64/check.sh                 # HEAD of the repository this script is in
#   sudo tools/arm64/check.sh engine          # any commit-ish of that repository
#   REPO=/path/to/latentpipe sudo tools/arm64/check.sh v1.2
#
# Logs (build.log, test.log, times) go to $ARM64_ROOT/checks/<commit>/; the clone is there too.
# Options: --build-only (no tests); SWIFT_TEST_ARGS adds arguments to `swift test`
# (e.g. "--filter TensorStreamTests").
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/common.sh"

build_only=false
commitish=HEAD
for argument in "$@"; do
    case "$argument" in
        --build-only) build_only=true ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "${0##*/}: unknown option $argument (see --help)" >&2; exit 2 ;;
        *) commitish="$argument" ;;
    esac
done

[ "$(id -u)" = 0 ] || fail "run as root (mount and chroot need it)"
repo="${REPO:-$(git -C "$here" rev-parse --show-toplevel)}"
commit=$(git -C "$repo" rev-parse --verify -q "$commitish^{commit}") \
    || fail "'$commitish' is not a commit in $repo"
# /usr/bin/swift is an absolute symlink, valid inside the root only.
[ -L "$ARM64_ROOT/usr/bin/swift" ] || [ -x "$ARM64_ROOT/usr/bin/swift" ] || fail "no Swift in $ARM64_ROOT: run tools/arm64/setup.sh first"
ensure_arm64_runs

check_dir="/checks/$commit"
host_dir="$ARM64_ROOT$check_dir"
step "clean clone of $commitish ($commit) in $host_dir/latentpipe"
rm -rf "$host_dir"
mkdir -p "$host_dir"
# Cloned by the host's git (fast), checked out detached at the commit; fetched by id when no
# branch of the clone reaches it.
git clone --quiet --no-checkout "$repo" "$host_dir/latentpipe"
git -C "$host_dir/latentpipe" cat-file -e "$commit^{commit}" 2>/dev/null \
    || git -C "$host_dir/latentpipe" fetch --quiet "$repo" "$commit"
git -C "$host_dir/latentpipe" -c advice.detachedHead=false checkout --quiet "$commit"
git -C "$repo" log -1 --format='%h %s' "$commit" | tee "$host_dir/commit.txt"

{
    echo "host: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    in_arm64_root sh -c 'echo "guest: $(uname -m)"; swift --version 2>&1 | head -1'
} | tee "$host_dir/toolchain.txt"

# Runs one phase in the clone under nice, its output in $host_dir/$name.log; prints its wall
# time and the CPU time of its processes (which, unlike the wall time, does not grow when the
# machine is busy with other work), and records both in times.txt. Returns the phase's status.
run_phase() {
    local name="$1"; shift
    local status=0 TIMEFORMAT='%0R s wall, %0U+%0S s CPU (user+sys)'
    step "swift $name"
    { time in_arm64_root nice -n 10 sh -c 'cd "$0" && exec "$@"' "$check_dir/latentpipe" "$@" \
        > "$host_dir/$name.log" 2>&1; } 2> "$host_dir/$name.time" || status=$?
    echo "$name: exit $status in $(cat "$host_dir/$name.time")" | tee -a "$host_dir/times.txt"
    tail -n 25 "$host_dir/$name.log"
    return "$status"
}

status=0
run_phase build swift build || status=$?
if [ "$status" = 0 ] && [ "$build_only" = false ]; then
    # shellcheck disable=SC2086 # word splitting of SWIFT_TEST_ARGS is wanted
    run_phase test swift test --disable-xctest ${SWIFT_TEST_ARGS:-} || status=$?
fi
if [ "$status" != 0 ]; then
    step "first errors"
    log="$host_dir/build.log"
    [ -s "$host_dir/test.log" ] && log="$host_dir/test.log"
    # Each distinct line once (the same compiler error repeats for every file of a module).
    grep -nE 'error:|✘|failed|Fatal error|Illegal instruction|signal' "$log" \
        | awk -F: '!seen[substr($0, length($1) + 2)]++' | head -n 20 || true
fi
step "done: exit $status; logs in $host_dir"
exit "$status"
