#!/usr/bin/env bash
# The costs docs/cluster.md's model of a round is fitted to, measured on this machine without
# Spark: the driver's `dict-learn --merge` of P partials (P = 8, 64, 512; flat), a tree
# reduce's inner node (`dict-learn --merge --stats-only` of FAN_IN partials), one shard's task
# (`whiten --model | dict-learn --stats-only`) at several rows per shard, and the sizes of a
# partial, the driver's state (D, A, B) and the broadcast D. Partials are distinct: shard k of
# round 0 (`--shard k`). Each time is the median of REPEATS runs, in milliseconds.
# Environment: LATENTPIPE_BIN (use a release build), ATOMS ("128 256"), REPEATS (5),
# PARTIALS ("8 64 512"), ROWS_PER_TASK ("32 256 1024"), FAN_IN (8).
# Output: tab-separated lines `atoms what value unit` on stdout.
set -euo pipefail
source "$(dirname "$0")/../../pipelines/tools.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/latentpipe-merge-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
repeats=${REPEATS:-5}
fan_in=${FAN_IN:-8}
median_ms() {  # command... -> the median wall time of $repeats runs, in ms
    local times=()
    for _ in $(seq "$repeats"); do
        local start end
        start=$(date +%s%N); "$@" > /dev/null; end=$(date +%s%N)
        times+=($(( (end - start) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1000 }'
}
patchify "$root/samples/camera.png" "$root/samples/coffee.png" --random 4000 --seed 4 -o "$work/shard.lpt"
whiten --save "$work/zca.lpt" "$work/shard.lpt" -o "$work/white.lpt"
for atoms in ${ATOMS:-128 256}; do
    dict-learn --atoms "$atoms" --steps 1 --batch-size "$atoms" --seed 1 "$work/white.lpt" -o "$work/D0.lpt"
    max=0
    for p in ${PARTIALS:-8 64 512}; do if [ "$p" -gt "$max" ]; then max=$p; fi; done
    for k in $(seq 0 $((max - 1))); do
        dict-learn --stats-only --init "$work/D0.lpt" --batch-size 32 --round 0 --shard "$k" --seed 1 "$work/white.lpt" -o "$work/part-$(printf %05d "$k").lpt"
    done
    dict-learn --merge --init "$work/D0.lpt" --seed 1 "$work/part-00000.lpt" -o "$work/state.lpt" --save-dict "$work/D.lpt"
    printf '%s\tpartial bytes\t%s\tB\n' "$atoms" "$(wc -c < "$work/part-00000.lpt")"
    printf '%s\tstate bytes (D, A, B)\t%s\tB\n' "$atoms" "$(wc -c < "$work/state.lpt")"
    printf '%s\tbroadcast D bytes\t%s\tB\n' "$atoms" "$(wc -c < "$work/D.lpt")"
    parts=("$work"/part-*.lpt)
    for p in ${PARTIALS:-8 64 512}; do
        printf '%s\tflat merge + step, P=%s\t%s\tms\n' "$atoms" "$p" "$(median_ms dict-learn --merge --init "$work/state.lpt" --seed 1 "${parts[@]:0:p}" -o "$work/next.lpt")"
    done
    printf '%s\ttree inner node, %s partials\t%s\tms\n' "$atoms" "$fan_in" "$(median_ms dict-learn --merge --stats-only "${parts[@]:0:fan_in}" -o "$work/inner.lpt")"
    for b in ${ROWS_PER_TASK:-32 256 1024}; do
        task() { whiten --model "$work/zca.lpt" "$work/shard.lpt" | dict-learn --stats-only --init "$work/D.lpt" --batch-size "$b" --round 3 --shard 1 --seed 1 -o "$work/task.lpt"; }
        printf '%s\ttask, %s rows\t%s\tms\n' "$atoms" "$b" "$(median_ms task)"
    done
    rm -f "$work"/part-*.lpt
done
