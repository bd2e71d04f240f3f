#!/usr/bin/env bash
# energy: energies you can see. Two moons of 2000 points (toy-data), an MLP energy learned by
# contrastive divergence with Langevin samples (ebm-train) three ways: CD-1, CD-10 (walks of 1
# and 10 steps from the data) and persistent CD (1024 chains kept across updates, 10 steps per
# update), each drawn over the data (energy-map, one colour scale: E from its lowest value to
# 6). Prints each model's margin: the mean energy of 1000 uniform points of the box minus that
# of 200 held-out points. Writes out/energy/ (with --publish also docs/img/energy-*.png and
# docs/img/energy-margins.csv). Arguments: [--publish]. About a minute on 2 cores.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
out=$root/out/energy
mkdir -p "$out"
cd "$out"

toy-data --kind moons --count 2000 --noise 0.05 --seed 1 -o moons.lpt
echo "method,langevin_steps,heldout_margin" > energy-margins.csv
for method in cd1 cd10 pcd; do
    case $method in
        cd1) arguments=(--cd 1) ;;
        cd10) arguments=(--cd 10) ;;
        pcd) arguments=(--pcd --particles 1024 --cd 10 --alpha 0.01) ;;
    esac
    ebm-train "${arguments[@]}" --epochs 60 --holdout 200 --seed 1 moons.lpt -o "energy-$method.lpt"
    margin=$(tensor-info "energy-$method.lpt" | sed -n 's/.*heldout_margin[ =:]*\([-0-9.e+]*\).*/\1/p' | head -1)
    steps=$(tensor-info "energy-$method.lpt" | sed -n 's/.*steps[ =:]*\([0-9]*\).*/\1/p' | head -1)
    echo "$method,$steps,$margin" >> energy-margins.csv
    energy-map --model "energy-$method.lpt" --labels labels --vmax 6 --size 560x460 --title "$method" -o "energy-$method.png" moons.lpt
done
column -s, -t energy-margins.csv
if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp energy-cd1.png energy-cd10.png energy-pcd.png energy-margins.csv "$root/docs/img/"
    echo "published docs/img/energy-{cd1,cd10,pcd}.png, energy-margins.csv"
fi
echo "wrote $out"
