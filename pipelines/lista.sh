#!/usr/bin/env bash
# lista: the lecture's claim that a trained encoder (LISTA) needs far fewer steps than FISTA.
# On held-out whitened patches and the dictionary learned by gabor.sh, compares the code error
# (mean squared difference from the exact lasso codes) and the energy of FISTA after
# T = 1, 2, 5, 10, 20, 50, 100 iterations (and ISTA up to 1000) with LISTA of depth
# K = 1, 2, 5, 10 (lista-train), prints the table, how many FISTA and ISTA iterations match
# each LISTA depth, and the throughput of
# sparse-encode --encoder against FISTA to tolerance 1e-4; writes out/lista/{lista.csv,
# lista.png} (and with --publish docs/img/lista.{csv,png}).
# Arguments: [--publish] [EPOCHS] [TRAINING PATCHES PER PHOTO]; defaults 5 and 100000 (4 minutes
# on 2 cores).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
epochs=${1:-5}
per_photo=${2:-100000}
dict=${LISTA_DICT:-$root/samples/gabor-8x8-256.lpt}
out=$root/out/lista
mkdir -p "$out"
cd "$out"

# Training and held-out patches from different random positions, whitened by one model
# (fitted as gabor.sh fits it); the exact codes of the held-out patches are the reference.
patchify "$root/samples/camera.png" "$root/samples/coffee.png" --random "$per_photo" --seed 1 \
    | whiten --eps 0.1 --save zca.lpt -o train.lpt
patchify "$root/samples/camera.png" "$root/samples/coffee.png" --random 2500 --seed 2 \
    | whiten --model zca.lpt -o test.lpt
sparse-encode --dict "$dict" test.lpt -o optimal.lpt

# The code error (mse against the optimal codes) and the energy of a code stream.
measure() {  # CODES.lpt REPORT-TEXT -> "mse energy"
    local mse energy
    mse=$(tensor-diff "$1" optimal.lpt | awk '$1 == "mse:" { print $2 }')
    energy=$(printf '%s\n' "$2" | sed -n 's/.*mean energy \([0-9.e+-]*\).*/\1/p')
    echo "$mse $energy"
}

echo "steps,FISTA,ISTA,LISTA,FISTA_energy,ISTA_energy,LISTA_energy" > lista.csv
declare -A lista_mse lista_energy
for k in 1 2 5 10; do
    lista-train --dict "$dict" --depth "$k" --epochs "$epochs" --holdout 5000 --seed 0 \
        --curve "curve-$k.csv" --report train.lpt -o "lista-$k.lpt"
    report=$(sparse-encode --encoder "lista-$k.lpt" --dict "$dict" --report test.lpt -o "lista-codes-$k.lpt" 2>&1)
    read -r lista_mse[$k] lista_energy[$k] <<< "$(measure "lista-codes-$k.lpt" "$report")"
done
# A fixed number of iterations: --tol 0 never stops a row early.
for t in 1 2 5 10 20 50 100 200 500 1000; do
    fista_mse='' fista_energy=''
    if [ "$t" -le 100 ]; then
        report=$(sparse-encode --dict "$dict" --algorithm fista --max-iter "$t" --tol 0 --report test.lpt -o "fista-codes-$t.lpt" 2>&1)
        read -r fista_mse fista_energy <<< "$(measure "fista-codes-$t.lpt" "$report")"
    fi
    report=$(sparse-encode --dict "$dict" --algorithm ista --max-iter "$t" --tol 0 --report test.lpt -o "ista-codes-$t.lpt" 2>&1)
    read -r ista_mse ista_energy <<< "$(measure "ista-codes-$t.lpt" "$report")"
    echo "$t,$fista_mse,$ista_mse,${lista_mse[$t]:-},$fista_energy,$ista_energy,${lista_energy[$t]:-}" >> lista.csv
done
optimal_energy=$(sparse-encode --dict "$dict" --report test.lpt 2>&1 >/dev/null | sed -n 's/.*mean energy \([0-9.e+-]*\).*/\1/p')

echo
echo "held-out code error (FISTA, ISTA, LISTA: mse against the exact lasso codes) and mean energy (exact: $optimal_energy):"
column -s, -t lista.csv
matching_steps() {  # SOLVER COLUMN: the iterations the solver needs for each LISTA depth's error
    echo
    echo "$1 iterations that reach each LISTA depth's code error (log-log interpolation):"
    for k in 1 2 5 10; do
        awk -F, -v k="$k" -v name="$1" -v col="$2" -v target="${lista_mse[$k]}" '
            NR > 1 && $col != "" { n++; t[n] = $1; e[n] = $col }
            END {
                for (i = 1; i <= n; i++) if (e[i] <= target) {
                    if (i == 1) { printf "  LISTA depth %d: %s needs <= %d iterations (ratio <= %.1f)\n", k, name, t[i], t[i] / k; exit }
                    f = (log(e[i-1]) - log(target)) / (log(e[i-1]) - log(e[i]))
                    it = exp(log(t[i-1]) + f * (log(t[i]) - log(t[i-1])))
                    printf "  LISTA depth %d: %s needs %.0f iterations (ratio %.1f)\n", k, name, it, it / k; exit
                }
                printf "  LISTA depth %d: %s needs more than %d iterations (ratio > %.0f)\n", k, name, t[n], t[n] / k
            }' lista.csv
    done
}
matching_steps FISTA 2
matching_steps ISTA 3

plot lista.csv --x steps --y FISTA,ISTA,LISTA --log-x --log-y --markers --title "code error on held-out patches" \
    --xlabel "iterations (FISTA, ISTA) / depth (LISTA)" --ylabel "MSE to the exact code" -o lista.png

# Throughput: LISTA depth 10 against FISTA to tolerance 1e-4, same input, same run.
for i in 1 2 3 4; do cat test.lpt; done > speed.lpt
start=$(date +%s.%N); sparse-encode --encoder lista-10.lpt speed.lpt > /dev/null; mid=$(date +%s.%N)
sparse-encode --dict "$dict" --algorithm fista --tol 1e-4 speed.lpt > /dev/null; end=$(date +%s.%N)
awk -v a="$start" -v b="$mid" -v c="$end" 'BEGIN { printf "\nthroughput on 20,000 rows: LISTA depth 10 %.0f rows/s, FISTA (tol 1e-4) %.0f rows/s, ratio %.1f\n", 20000 / (b - a), 20000 / (c - b), (c - b) / (b - a) }'

if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp lista.csv lista.png "$root/docs/img/"
    echo "published docs/img/lista.csv and docs/img/lista.png"
fi
echo "wrote $out/lista.csv and $out/lista.png"
