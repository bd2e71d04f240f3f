#!/usr/bin/env bash
# The local-cluster test (CI runs it; it installs the engine rather than skipping): installs
# Java + PySpark (tools/cluster/install.sh), runs pipelines/cluster-learn.sh (8 shards on
# local[2] against single-machine whiten + dict-learn: whitening within 1e-5, held-out objective
# within 0.5%), then tools/cluster/fault_test.py (a killed worker is retried with an identical
# result; a corrupt shard fails the job with its name). Uses LATENTPIPE_BIN as the pipelines do.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/install.sh"
source "$here/../../pipelines/tools.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/latentpipe-cluster-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
OUT="$work/learn" "$root/pipelines/cluster-learn.sh"
# Fault test: smaller shards and dictionary, so that each run takes seconds.
: > "$work/shards.txt"
for k in 0 1 2 3 4 5 6 7; do
    photo=$root/samples/camera.png
    [ $((k % 2)) = 1 ] && photo=$root/samples/coffee.png
    patchify "$photo" --random 1000 --seed "$k" -o "$work/shard-$k.lpt"
    echo "$work/shard-$k.lpt" >> "$work/shards.txt"
done
patchify "$root/samples/camera.png" --random 500 --seed 99 | whiten | dict-learn --atoms 32 --steps 1 --seed 1 -o "$work/D0.lpt"
"$here/.venv/bin/python" "$here/fault_test.py" "$work"
