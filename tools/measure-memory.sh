#!/usr/bin/env bash
# Shows that the streaming tools hold memory bounded by one frame: peak RSS (from
# /usr/bin/time -v) of `whiten --model` and `sparse-encode` on 1x, 10x and 100x the same
# input (a stream of frames, repeated), which should stay flat.
# Needs: the release build (swift build -c release) and GNU time (Debian: apt-get install time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/.build/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin/patchify" "$root/samples/camera.png" --stride 4 --batch-size 4096 -o "$work/base.lpt"   # 16129 rows, 4 frames
"$bin/whiten" --save "$work/zca.lpt" "$work/base.lpt" -o "$work/white.lpt"
"$bin/patchify" "$root/samples/camera.png" --random 1000 --batch-size 1000 | "$bin/whiten" --model "$work/zca.lpt" -o "$work/small.lpt"

peak() {  # peak() TIMES FILE -- COMMAND...: peak RSS in MiB of COMMAND reading FILE repeated TIMES
    local times=$1 file=$2; shift 3
    { for _ in $(seq "$times"); do cat "$file"; done; } \
        | /usr/bin/time -f "%M" -o "$work/rss" "$@" > /dev/null
    echo $(( $(cat "$work/rss") / 1024 ))
}

printf "%-40s %10s %10s %10s\n" "tool (input repeated)" "1x" "10x" "100x"
row() {
    local label=$1 file=$2; shift 2
    printf "%-40s %7s MiB %6s MiB %6s MiB\n" "$label" \
        "$(peak 1 "$file" -- "$@")" "$(peak 10 "$file" -- "$@")" "$(peak 100 "$file" -- "$@")"
}
row "whiten --model (16129 rows x 1)" "$work/base.lpt" "$bin/whiten" --model "$work/zca.lpt"
row "whiten --inverse (16129 rows x 1)" "$work/white.lpt" "$bin/whiten" --model "$work/zca.lpt" --inverse
row "sparse-encode (1000 rows x 1)" "$work/small.lpt" "$bin/sparse-encode" --dict "$root/samples/dct-8x8-256.lpt"
echo "input sizes: $(du -h "$work/base.lpt" | cut -f1) and $(du -h "$work/small.lpt" | cut -f1) per copy"
