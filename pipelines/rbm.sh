#!/usr/bin/env bash
# rbm: restricted Boltzmann machines on the 8x8 digits, trained three ways by rbm-train:
# CD-1, CD-10 (Gibbs chains started at the batch's rows, 1 or 10 steps) and persistent CD
# (100 chains kept across updates). 256 hidden units, lr 0.06, batches of 10, 40 epochs (or EPOCHS), on
# 80% of the digits (split-rows), the other 20% held out. Draws the held-out
# pseudo-log-likelihood per epoch of all three (plot), the PCD machine's filters (montage of
# its weights), the PCD particles after 1000 more Gibbs steps, and 64 fresh chains of 1000
# steps from random rows for each machine (rbm-sample | montage). Prints the last epoch of each.
# Writes out/rbm/ (with --publish also docs/img/rbm-*.png and docs/img/rbm-final.csv).
# Arguments: [--publish] [EPOCHS (40)]. About 10 s on 2 cores.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
epochs=${1:-40}
out=$root/out/rbm
mkdir -p "$out"
cd "$out"

split-rows --test-size 0.2 --seed 1 --train train.lpt --test test.lpt "$root/samples/digits-8x8.lpt"
echo "method,train_recon,train_pll,train_free_energy,heldout_recon,heldout_pll,heldout_free_energy" > rbm-final.csv
for method in cd1 cd10 pcd; do
    case $method in
        cd1) arguments=(--cd 1) ;;
        cd10) arguments=(--cd 10) ;;
        pcd) arguments=(--pcd --particles 100) ;;
    esac
    rbm-train "${arguments[@]}" --hidden 256 --lr 0.06 --epochs "$epochs" --held-out test.lpt --seed 1 --curve "$method.csv" \
        train.lpt -o "rbm-$method.lpt"
    tail -1 "$method.csv" | awk -F, -v m="$method" '{ print m "," $2 "," $3 "," $4 "," $5 "," $6 "," $7 }' >> rbm-final.csv
    rbm-sample --model "rbm-$method.lpt" --count 64 --steps 1000 --seed 1 | montage --stretch intensity --cols 8 --scale 4 -o "rbm-fresh-$method.png"
done
plot cd1.csv cd10.csv pcd.csv --y heldout_pll --title "held-out pseudo-log-likelihood, 8x8 digits" --xlabel epoch \
    --ylabel "pseudo-log-likelihood" -o rbm-pll.png
rbm-sample --model rbm-pcd.lpt --from-chains --steps 1000 --seed 1 | montage --stretch intensity --cols 10 --scale 4 -o rbm-particles.png
montage rbm-pcd.lpt --cols 16 --scale 4 -o rbm-filters.png
column -s, -t rbm-final.csv
if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp rbm-pll.png rbm-particles.png rbm-filters.png rbm-fresh-cd1.png rbm-fresh-pcd.png rbm-final.csv "$root/docs/img/"
    echo "published docs/img/rbm-{pll,particles,filters,fresh-cd1,fresh-pcd}.png, rbm-final.csv"
fi
echo "wrote $out"
