#!/usr/bin/env bash
# cluster-learn: whitening + dictionary learning over the sample photos split into shards, on
# Apache Spark (tools/cluster/cluster_learn.py, local[2] by default), against the single-machine
# whiten + dict-learn with the same data, initial dictionary, seed, batch per shard and rounds.
# Shards: patchify --random ROWS --seed k of each photo, k = 1..SHARDS/2 (so ≥ 8 shards of
# patch streams); held-out: other random patches of both photos.
# The single machine runs `dict-learn --batch-per-file BATCH` over the shards (each step takes
# BATCH rows of every shard, from the sampler the tools seed from (seed, shard index), as the
# cluster's rounds do), so for every seed both sides take the same steps.
# Checks, for every seed of SEEDS: the merged whitening model equals the single fit within 1e-5
# relative (norm); the dictionaries agree within D_TOLERANCE (relative norm of the difference;
# they are expected to be identical); the held-out objectives (mean lasso energy, both
# measured by dict-learn --stats-only/--merge --objective-only) agree within 0.5%.
# Context, not checked: the single machine with pooled minibatches (`--batch-size SHARDS*BATCH`
# over the concatenation, other rows per step) against the cluster, mean over SEEDS.
# Prints them and writes out/cluster-learn/{summary.txt,rounds.tsv}.
# Needs: tools/cluster/install.sh (Java + PySpark venv). Environment: MASTER (default
# local[2]), SHARDS (8), ROUNDS (100), BATCH (32 rows per shard per round), ATOMS (128),
# SEEDS ("7 8 9"), OBJECTIVE_GAP (0.005), D_TOLERANCE (1e-5), TREE_DEPTH (0: flat merge).
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
k=0
for photo in "$root/samples/camera.png" "$root/samples/coffee.png"; do
    for s in $(seq 1 $((shards / 2))); do
        patchify "$photo" --random "$rows" --seed "$s" -o "$out/shards/shard-$(printf %05d $k).lpt"
        k=$((k + 1))
    done
done
# The driver numbers the shards in sorted order; the single machine takes them in that order.
ls "$out"/shards/shard-*.lpt | LC_ALL=C sort > "$out/shards.txt"
patchify "$root/samples/camera.png" "$root/samples/coffee.png" --random 1500 --seed 1000 -o "$out/heldout.lpt"
echo "$out/heldout.lpt" > "$out/heldout.txt"

# Single machine: the whitening fit of the concatenated shards, then each shard whitened alone.
xargs cat < "$out/shards.txt" > "$out/all.lpt"
whiten --save "$out/zca-single.lpt" "$out/all.lpt" -o "$out/white.lpt"
: > "$out/white-shards.txt"
while read -r shard; do
    whiten --model "$out/zca-single.lpt" "$shard" -o "$shard.white"
    echo "$shard.white" >> "$out/white-shards.txt"
done < "$out/shards.txt"
whiten --model "$out/zca-single.lpt" "$out/heldout.lpt" -o "$out/white-heldout.lpt"
dict-learn --atoms "$atoms" --steps 1 --batch-size "$atoms" --seed "$seed" "$out/white-heldout.lpt" -o "$out/D0.lpt"
objective() { tensor-info "$1" | grep -o 'objective=[^ ]*' | head -1 | cut -d= -f2; }
heldout_objective() {  # dictionary -> its held-out objective, measured as the cluster measures it
    dict-learn --stats-only --init "$1" "$out/white-heldout.lpt" -o "$out/heldout-part.lpt"
    dict-learn --merge --objective-only --init "$1" "$out/heldout-part.lpt" -o "$out/heldout-measured.lpt"
    objective "$out/heldout-measured.lpt"
}
relative() { tensor-diff --tensor "$3" "$1" "$2" | grep '^relative' | awk '{print $2}'; }
results=()
for s in $seeds; do
    start=$(date +%s.%N)
    dict-learn --atoms "$atoms" --init "$out/D0.lpt" --steps "$rounds" --batch-per-file "$batch" --seed "$s" \
        --files-from "$out/white-shards.txt" -o "$out/D-single-$s.lpt"
    single_seconds=$(echo "$(date +%s.%N) - $start" | bc)
    single=$(heldout_objective "$out/D-single-$s.lpt")
    dict-learn --atoms "$atoms" --init "$out/D0.lpt" --steps "$rounds" --batch-size $((shards * batch)) --seed "$s" \
        "$out/white.lpt" -o "$out/D-pooled-$s.lpt"
    pooled=$(heldout_objective "$out/D-pooled-$s.lpt")
    # Cluster: the same shards through Spark.
    start=$(date +%s.%N)
    "$python" "$root/tools/cluster/cluster_learn.py" --master "$master" --shards "$out/shards.txt" --heldout "$out/heldout.txt" \
        --init "$out/D0.lpt" --out "$out/cluster-$s" --rounds "$rounds" --batch-per-shard "$batch" --seed "$s" \
        --tree-depth "${TREE_DEPTH:-0}"
    cluster_seconds=$(echo "$(date +%s.%N) - $start" | bc)
    results+=("$s" "$single" "$(objective "$out/cluster-$s/heldout.lpt")" "$pooled" \
        "$(relative "$out/cluster-$s/D.lpt" "$out/D-single-$s.lpt" data)" "$(relative "$out/cluster-$s/zca.lpt" "$out/zca-single.lpt" matrix)" \
        "$single_seconds" "$cluster_seconds")
done
cp "$out/cluster-$seed/rounds.tsv" "$out/rounds.tsv"
python3 - "$shards" "$master" "${OBJECTIVE_GAP:-0.005}" "${D_TOLERANCE:-1e-5}" "${results[@]}" <<'PY' | tee "$out/summary.txt"
import math, sys
shards, master, allowed, d_allowed, *rows = sys.argv[1:]
allowed, d_allowed = float(allowed), float(d_allowed)
runs = [rows[i:i + 8] for i in range(0, len(rows), 8)]
ok = True
for seed, single, cluster, pooled, d_squared, w_squared, t1, t2 in runs:
    single, cluster, pooled = float(single), float(cluster), float(pooled)
    d, w = math.sqrt(float(d_squared)), math.sqrt(float(w_squared))
    gap = cluster / single - 1
    ok = ok and abs(gap) < allowed and d <= d_allowed and w < 1e-5
    print(f"seed {seed}: whitening matrix relative difference {w:.3g} (goal < 1e-5); dictionary relative difference {d:.3g}"
          f" (allowed {d_allowed:g}); held-out objective single machine (--batch-per-file) {single:.6g}, {shards} shards on {master}"
          f" {cluster:.6g} ({100 * gap:+.3f}%, allowed {100 * allowed:.2f}%); wall time {float(t1):.1f} s and {float(t2):.1f} s (with Spark's start)")
mean = lambda column: sum(float(r[column]) for r in runs) / len(runs)
print(f"context, not checked: pooled single machine (--batch-size, other rows per step) {mean(3):.6g} against the cluster's {mean(2):.6g}"
      f" ({100 * (mean(2) / mean(3) - 1):+.3f}%), mean over {len(runs)} seeds")
sys.exit(0 if ok else 1)
PY
