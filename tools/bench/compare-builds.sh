#!/usr/bin/env bash
# Two builds of the tools on the same work, in one run: the CPU seconds (user + system) of
# each step, best of --reps, the two builds alternating, every run pinned to the same core(s);
# prints a table with the ratio B/A. Used to price a build setting (e.g. -Ounchecked against
# -O). CPU time rather than wall time, so that a busy machine (another process on the same
# core) costs both builds alike; run it on an idle machine for wall-clock figures.
#
#   tools/bench/compare-builds.sh A_BIN B_BIN [--reps N] [--cpus LIST] [--rows N]
#
# A_BIN and B_BIN are folders of built tools (e.g. .build-unchecked/release .build/release).
# The work: --rows random 8x8 patches of the two sample photos, whitened (ZCA), coded against
# samples/gabor-8x8-256.lpt by sparse-encode's lars, cd and fista; one epoch of dict-learn
# (256 atoms); one epoch of lista-train (depth 5); whiten fitting; patchify.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
a_bin=$(cd "$1" && pwd); b_bin=$(cd "$2" && pwd); shift 2
reps=3 cpus=0 rows=40000
while [ $# -gt 0 ]; do
    case $1 in
        --reps) reps=$2; shift 2 ;;
        --cpus) cpus=$2; shift 2 ;;
        --rows) rows=$2; shift 2 ;;
        *) echo "compare-builds: unknown option $1" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/compare-builds.XXXXXX")
trap 'rm -rf "$work"' EXIT
samples=$repo/samples
half=$((rows / 2))
"$a_bin/patchify" "$samples/camera.png" "$samples/coffee.png" --random "$half" --seed 1 -o "$work/patches.lpt"
"$a_bin/whiten" --save "$work/zca.lpt" "$work/patches.lpt" -o "$work/white.lpt"

# name | command (run with the build's folder as $BIN)
steps=(
    "patchify|\$BIN/patchify $samples/camera.png $samples/coffee.png --random $half --seed 1"
    "whiten (fit + apply)|\$BIN/whiten $work/patches.lpt"
    "sparse-encode lars|\$BIN/sparse-encode --dict $samples/gabor-8x8-256.lpt $work/white.lpt"
    "sparse-encode cd|\$BIN/sparse-encode --dict $samples/gabor-8x8-256.lpt --algorithm cd $work/white.lpt"
    "sparse-encode fista|\$BIN/sparse-encode --dict $samples/gabor-8x8-256.lpt --algorithm fista $work/white.lpt"
    "dict-learn 1 epoch|\$BIN/dict-learn --atoms 256 --epochs 1 --seed 1 $work/white.lpt"
    "lista-train depth 5|\$BIN/lista-train --dict $samples/gabor-8x8-256.lpt --depth 5 --epochs 1 --seed 1 $work/white.lpt"
)

seconds() {  # CPU seconds (user + system) of one run of: $1 = folder, $2 = command
    local TIMEFORMAT='%3U %3S' times
    times=$( { time BIN=$1 taskset -c "$cpus" bash -c "$2 > /dev/null"; } 2>&1 )
    awk '{print $1 + $2}' <<< "${times##*$'\n'}"
}
smaller() { awk -v a="$1" -v b="$2" 'BEGIN{print (a<b)?a:b}'; }

echo "compare-builds: $(lscpu | sed -n 's/^Model name: *//p'), cpus $cpus, best of $reps, $rows rows"
echo "A = $a_bin"
echo "B = $b_bin"
printf '| %-22s | %8s | %8s | %6s |\n' step "A cpu s" "B cpu s" "B/A"
printf '|%s|%s|%s|%s|\n' "------------------------" "----------" "----------" "--------"
for step in "${steps[@]}"; do
    name=${step%%|*} command=${step#*|}
    ta=1e9 tb=1e9
    for _ in $(seq "$reps"); do  # A and B alternate, so a change in load hits both
        ta=$(smaller "$ta" "$(seconds "$a_bin" "$command")")
        tb=$(smaller "$tb" "$(seconds "$b_bin" "$command")")
    done
    printf '| %-22s | %8.3f | %8.3f | %6.3f |\n' "$name" "$ta" "$tb" "$(awk -v a="$ta" -v b="$tb" 'BEGIN{print b/a}')"
done
