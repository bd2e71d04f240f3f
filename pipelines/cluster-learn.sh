#!/usr/bin/env bash
# cluster-learn: whitening + dictionary learning over the sample photos split into shards, on
# Apache Spark (tools/cluster/cluster_learn.py, local[2] by default), against the single-machine
# whiten + dict-learn with the same data, initial dictionary, batch per round and rounds.
# Shards: patchify --random ROWS --seed k of each photo, k = 1..SHARDS/2 (so ≥ 8 shards of
# patch streams); held-out: other random patches of both photos.
# Checks: the merged whitening model equals the single fit within 1e-5 relative (norm), and the
# held-out objectives (mean lasso energy, both measured by dict-learn --stats-only/--merge)
# (their means over SEEDS) agree within 0.5%. Prints them and writes
# out/cluster-learn/{summary.txt,rounds.tsv}.
# Needs: tools/cluster/install.sh (Java + PySpark venv). Environment: MASTER (default
# local[2]), SHARDS (8), ROUNDS (100), BATCH (32 rows per shard per round), ATOMS (128),
# SEEDS ("7 8 9": both sides run with each, their mean held-out objectives are compared),
# OBJECTIVE_GAP (0.005: the allowed relative gap of those means).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
out=${OUT:-$root/out/cluster-learn}
master=${MASTER:-local[2]}
shards=${SHARDS:-8}
rounds=${ROUNDS:-100}
batch=${BATCH:-32}
atoms=${ATOMS:-128}
rows=${ROWS:-2000}
seeds=${SEEDS:-7 8 9}
seed=${seeds%% *}
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
objective() { tensor-info "$1" | grep -o 'objective=[^ ]*' | head -1 | cut -d= -f2; }
# One machine's held-out objective varies by about 0.8% from seed to seed at 100 steps (more
# than the 0.5% goal), so both sides run with every seed of SEEDS and their means are compared.
results=()
for s in $seeds; do
    start=$(date +%s.%N)
    dict-learn --atoms "$atoms" --init "$out/D0.lpt" --steps "$rounds" --batch-size $((shards * batch)) --seed "$s" \
        "$out/white.lpt" -o "$out/D-single-$s.lpt"
    single_seconds=$(echo "$(date +%s.%N) - $start" | bc)
    dict-learn --stats-only --init "$out/D-single-$s.lpt" "$out/white-heldout.lpt" -o "$out/heldout-single-part.lpt"
    dict-learn --merge --objective-only --init "$out/D-single-$s.lpt" "$out/heldout-single-part.lpt" -o "$out/heldout-single-$s.lpt"
    # Cluster: the same shards through Spark.
    start=$(date +%s.%N)
    "$python" "$root/tools/cluster/cluster_learn.py" --master "$master" --shards "$out/shards.txt" --heldout "$out/heldout.txt" \
        --init "$out/D0.lpt" --out "$out/cluster-$s" --rounds "$rounds" --batch-per-shard "$batch" --seed "$s"
    cluster_seconds=$(echo "$(date +%s.%N) - $start" | bc)
    results+=("$s" "$(objective "$out/heldout-single-$s.lpt")" "$(objective "$out/cluster-$s/heldout.lpt")" "$single_seconds" "$cluster_seconds")
done
first=${seeds%% *}
relative=$(tensor-diff --tensor matrix "$out/cluster-$first/zca.lpt" "$out/zca-single.lpt" | grep '^relative' | awk '{print $2}')
cp "$out/cluster-$first/rounds.tsv" "$out/rounds.tsv"
python3 - "$relative" "$shards" "$master" "${OBJECTIVE_GAP:-0.005}" "${results[@]}" <<'PY' | tee "$out/summary.txt"
import math, sys
squared, shards, master, allowed, *rows = sys.argv[1:]
allowed, norm = float(allowed), math.sqrt(float(squared))
runs = [rows[i:i + 5] for i in range(0, len(rows), 5)]
print(f"whitening matrix, merged vs single fit: relative difference {norm:.3g} (goal < 1e-5)")
for seed, single, cluster, t1, t2 in runs:
    print(f"seed {seed}: held-out objective single machine {float(single):.6g}, {shards} shards on {master} {float(cluster):.6g}"
          f" ({100 * (float(cluster) / float(single) - 1):+.3f}%); wall time {float(t1):.1f} s and {float(t2):.1f} s (with Spark's start)")
single = sum(float(r[1]) for r in runs) / len(runs)
cluster = sum(float(r[2]) for r in runs) / len(runs)
gap = abs(cluster - single) / single
print(f"mean over {len(runs)} seeds: single machine {single:.6g}, cluster {cluster:.6g}, gap {100 * gap:.3f}% (allowed {100 * allowed:.2f}%; the issue's goal 0.5%)")
sys.exit(0 if norm < 1e-5 and gap < allowed else 1)
PY
