#!/usr/bin/env bash
# cluster-learn: whitening + dictionary learning over the sample photos split into shards, on
# Apache Spark (tools/cluster/cluster_learn.py, local[2] by default), against the single-machine
# whiten + dict-learn with the same data, initial dictionary, batch per round and rounds.
# Shards: patchify --random ROWS --seed k of each photo, k = 1..SHARDS/2 (so ≥ 8 shards of
# patch streams); held-out: other random patches of both photos.
# Checks: the merged whitening model equals the single fit within 1e-5 relative (norm), and the
# held-out objectives (mean lasso energy, both measured by dict-learn --stats-only/--merge)
# agree within 0.5%. Prints both and writes out/cluster-learn/{summary.txt,rounds.tsv}.
# Needs: tools/cluster/install.sh (Java + PySpark venv). Environment: MASTER (default
# local[2]), SHARDS (8), ROUNDS (100), BATCH (32 rows per shard per round), ATOMS (128),
# OBJECTIVE_GAP (0.005, the held-out objective's allowed relative gap; measured 0.6-0.7%, see
# docs/cluster.md, so the default fails until that gap is closed).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
out=${OUT:-$root/out/cluster-learn}
master=${MASTER:-local[2]}
shards=${SHARDS:-8}
rounds=${ROUNDS:-100}
batch=${BATCH:-32}
atoms=${ATOMS:-128}
rows=${ROWS:-2000}
seed=7
python=$root/tools/cluster/.venv/bin/python
[ -x "$python" ] || { echo "cluster-learn: no PySpark venv; run tools/cluster/install.sh" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out/shards"
: > "$out/shards.txt"
k=0
for photo in "$root/samples/camera.png" "$root/samples/coffee.png"; do
    for s in $(seq 1 $((shards / 2))); do
        patchify "$photo" --random "$rows" --seed "$s" -o "$out/shards/shard-$k.lpt"
        echo "$out/shards/shard-$k.lpt" >> "$out/shards.txt"
        k=$((k + 1))
    done
done
patchify "$root/samples/camera.png" "$root/samples/coffee.png" --random 1500 --seed 1000 -o "$out/heldout.lpt"
echo "$out/heldout.lpt" > "$out/heldout.txt"

# Single machine: the concatenated shards, the same start, rounds of SHARDS x BATCH rows.
xargs cat < "$out/shards.txt" > "$out/all.lpt"
whiten --save "$out/zca-single.lpt" "$out/all.lpt" -o "$out/white.lpt"
whiten --model "$out/zca-single.lpt" "$out/heldout.lpt" -o "$out/white-heldout.lpt"
dict-learn --atoms "$atoms" --steps 1 --batch-size "$atoms" --seed "$seed" "$out/white-heldout.lpt" -o "$out/D0.lpt"
start=$(date +%s.%N)
dict-learn --atoms "$atoms" --init "$out/D0.lpt" --steps "$rounds" --batch-size $((shards * batch)) --seed "$seed" \
    "$out/white.lpt" -o "$out/D-single.lpt"
single_seconds=$(echo "$(date +%s.%N) - $start" | bc)
dict-learn --stats-only --init "$out/D-single.lpt" "$out/white-heldout.lpt" -o "$out/heldout-single-part.lpt"
dict-learn --merge --objective-only --init "$out/D-single.lpt" "$out/heldout-single-part.lpt" -o "$out/heldout-single.lpt"

# Cluster: the same shards through Spark.
start=$(date +%s.%N)
"$python" "$root/tools/cluster/cluster_learn.py" --master "$master" --shards "$out/shards.txt" --heldout "$out/heldout.txt" \
    --init "$out/D0.lpt" --out "$out/cluster" --rounds "$rounds" --batch-per-shard "$batch" --seed "$seed"
cluster_seconds=$(echo "$(date +%s.%N) - $start" | bc)

objective() { tensor-info "$1" | grep -o 'objective=[^ ]*' | head -1 | cut -d= -f2; }
single=$(objective "$out/heldout-single.lpt")
cluster=$(objective "$out/cluster/heldout.lpt")
relative=$(tensor-diff --tensor matrix "$out/cluster/zca.lpt" "$out/zca-single.lpt" | grep '^relative' | awk '{print $2}')
cp "$out/cluster/rounds.tsv" "$out/rounds.tsv"
python3 - "$single" "$cluster" "$relative" "$single_seconds" "$cluster_seconds" "$shards" "$master" "${OBJECTIVE_GAP:-0.005}" <<'PY' | tee "$out/summary.txt"
import math, sys
single, cluster, squared, t1, t2, shards, master, allowed = sys.argv[1:]
allowed = float(allowed)
single, cluster, norm = float(single), float(cluster), math.sqrt(float(squared))
gap = abs(cluster - single) / single
print(f"whitening matrix, merged vs single fit: relative difference {norm:.3g} (goal < 1e-5)")
print(f"held-out objective: single machine {single:.6g}, {shards} shards on {master} {cluster:.6g}, gap {100 * gap:.3f}% (allowed {100 * allowed:.2f}%; the issue's goal 0.5%)")
print(f"wall time: single dict-learn {float(t1):.1f} s, cluster job {float(t2):.1f} s (whitening + rounds + held-out, with Spark's start)")
sys.exit(0 if norm < 1e-5 and gap < allowed else 1)
PY
