#!/usr/bin/env bash
# energy: energies you can see. Two moons of 2000 points (toy-data); a denoising auto-encoder
# (dae-train, its energy the reconstruction error) and an MLP energy learned by contrastive
# divergence with Langevin samples (ebm-train) three ways: CD-1, CD-10 (walks of 1 and 10
# steps from the data) and persistent CD (1024 chains kept across updates, 10 steps per
# update); each drawn over the data (energy-map; the MLP energies on one colour scale, E up to
# 6). Prints each model's held-out margin (ebm-train: mean E of 1000 uniform points of the box
# minus that of 200 held-out points) and, for all four, the mean E over the map's grid against
# the mean E at the data. Writes out/energy/ (with --publish also docs/img/energy-*.png and
# docs/img/energy-margins.csv). Arguments: [--publish]. About a minute on 2 cores.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
out=$root/out/energy
mkdir -p "$out"
cd "$out"

toy-data --kind moons --count 2000 --noise 0.05 --seed 1 -o moons.lpt
echo "method,langevin_steps,heldout_margin,grid_mean_energy,data_mean_energy" > energy-margins.csv
# grid and data means from energy-map's --progress line.
means() { sed -n 's/.*mean E over the grid \([-0-9.e+]*\), at the [0-9]* points \([-0-9.e+]*\).*/\1,\2/p'; }

dae-train --hidden 128 --activation relu --noise gaussian:0.2 --epochs 300 --batch-size 32 --lr 0.01 --seed 1 moons.lpt -o energy-dae.lpt
grid=$(energy-map --model energy-dae.lpt --labels labels --vmax 0.1 --size 560x460 --title "denoising auto-encoder" --progress \
    -o energy-dae.png moons.lpt 2>&1 | means)
echo "dae,,,$grid" >> energy-margins.csv
for method in cd1 cd10 pcd; do
    case $method in
        cd1) arguments=(--cd 1) ;;
        cd10) arguments=(--cd 10) ;;
        pcd) arguments=(--pcd --particles 1024 --cd 10 --alpha 0.01) ;;
    esac
    ebm-train "${arguments[@]}" --epochs 60 --holdout 200 --seed 1 moons.lpt -o "energy-$method.lpt"
    margin=$(tensor-info "energy-$method.lpt" | sed -n 's/.*heldout_margin[ =:]*\([-0-9.e+]*\).*/\1/p' | head -1)
    steps=$(tensor-info "energy-$method.lpt" | sed -n 's/.*steps[ =:]*\([0-9]*\).*/\1/p' | head -1)
    grid=$(energy-map --model "energy-$method.lpt" --labels labels --vmax 6 --size 560x460 --title "$method" --progress \
        -o "energy-$method.png" moons.lpt 2>&1 | means)
    echo "$method,$steps,$margin,$grid" >> energy-margins.csv
done
column -s, -t energy-margins.csv
if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp energy-dae.png energy-cd1.png energy-cd10.png energy-pcd.png energy-margins.csv "$root/docs/img/"
    echo "published docs/img/energy-{dae,cd1,cd10,pcd}.png, energy-margins.csv"
fi
echo "wrote $out"
