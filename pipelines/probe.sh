#!/usr/bin/env bash
# probe: which code of the 8x8 digits is best for a downstream task? Splits the digits 80/20
# (split-rows), computes each representation of both parts with our tools, and fits
# linear-probe (standardised features, multinomial logistic regression, C chosen by 5-fold
# cross-validation on the training part) to measure held-out accuracy:
#   raw pixels; sparse codes against dictionaries of 64 and 256 atoms learned by dict-learn
#   on the training part (sparse-encode); the VAE's code means (vae-train, vae-encode) with
#   latent 2 and 20; an RBM's hidden probabilities (rbm-train, persistent CD, then embed) and
#   a denoising auto-encoder's hidden units (dae-train, masking noise, then embed);
#   contrastive representations (contrast-train, embed) with in-batch negatives, a memory bank
#   and a queue, each at temperatures 0.5 and 0.1.
# Then the harder test of scikit-learn's RBM example: every digit also shifted by one pixel
# in the four directions (augment --nudge, 5x the rows), split 80/20: raw pixels, the RBM of
# that example (100 hidden units, lr 0.06, batches of 10, 10 epochs), a DAE, and contrastive
# representations trained with one-pixel shifts as their views.
# Last, the held-out digits' 2-D projections (--dim 2, on the unit circle) before and after
# contrastive training, coloured by class.
# Prints the tables and writes out/probe/probe.csv, probe-nudged.csv and the pictures (with
# --publish also under docs/img/). Arguments: [--publish]. About 10 minutes on 2 cores.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
out=$root/out/probe
mkdir -p "$out"
cd "$out"

split-rows --test-size 0.2 --seed 1 --train train.lpt --test test.lpt "$root/samples/digits-8x8.lpt"

echo "representation,features,accuracy,C" > probe.csv
probe() {  # NAME TRAIN TEST
    local report accuracy c features
    report=$(linear-probe --seed 1 --test "$3" "$2")
    accuracy=$(printf '%s\n' "$report" | sed -n 's/^accuracy \([0-9.]*\).*/\1/p')
    c=$(printf '%s\n' "$report" | sed -n 's/^C \([0-9.e+-]*\) .*/\1/p')
    features=$(tensor-info "$2" | awk '$1 == "data" { split($3, s, "x"); print s[2] }')
    echo "$1,$features,$accuracy,$c" >> probe.csv
    echo "$1: accuracy $accuracy (C $c)"
}

probe "raw pixels" train.lpt test.lpt

for atoms in 64 256; do
    dict-learn train.lpt --atoms "$atoms" --lambda 0.02 --epochs 100 --batch-size 64 --positive --positive-dict \
        --seed 0 -o "dict-$atoms.lpt"
    sparse-encode --dict "dict-$atoms.lpt" --positive train.lpt -o "train-sparse-$atoms.lpt"
    sparse-encode --dict "dict-$atoms.lpt" --positive test.lpt -o "test-sparse-$atoms.lpt"
    probe "sparse codes $atoms atoms" "train-sparse-$atoms.lpt" "test-sparse-$atoms.lpt"
done

for latent in 2 20; do
    vae-train --latent "$latent" --epochs 300 --seed 1 train.lpt -o "vae-$latent.lpt"
    vae-encode --model "vae-$latent.lpt" train.lpt -o "train-vae-$latent.lpt"
    vae-encode --model "vae-$latent.lpt" test.lpt -o "test-vae-$latent.lpt"
    probe "VAE means latent $latent" "train-vae-$latent.lpt" "test-vae-$latent.lpt"
done

# Hidden units of the energy models of issue 14: all through embed.
rbm-train --hidden 256 --lr 0.06 --epochs 20 --seed 1 train.lpt -o rbm.lpt
dae-train --hidden 256 --noise mask:0.25 --epochs 100 --seed 1 train.lpt -o dae.lpt
for model in rbm dae; do
    embed --model "$model.lpt" train.lpt -o "train-$model.lpt"
    embed --model "$model.lpt" test.lpt -o "test-$model.lpt"
done
probe "RBM p(h|v) (PCD)" train-rbm.lpt test-rbm.lpt
probe "DAE hidden (masking 0.25)" train-dae.lpt test-dae.lpt

for negatives in batch bank:1024 queue:1024; do
    for temperature in 0.5 0.1; do
        name="contrastive-${negatives%%:*}-$temperature"
        contrast-train --negatives "$negatives" --temperature "$temperature" --shift 1 --epochs 100 --seed 1 train.lpt -o "$name.lpt"
        embed --model "$name.lpt" train.lpt -o "train-$name.lpt"
        embed --model "$name.lpt" test.lpt -o "test-$name.lpt"
        case $negatives in
            batch) label="in-batch negatives" ;;
            bank:*) label="memory bank ${negatives#bank:}" ;;
            queue:*) label="queue ${negatives#queue:}" ;;
        esac
        probe "contrastive h ($label; tau $temperature)" "train-$name.lpt" "test-$name.lpt"
    done
done

echo
echo "held-out accuracy of a linear probe on the digits ($(tensor-info test.lpt | awk '$1 == "labels" { print $3 }') test digits):"
column -s, -t probe.csv

# The nudged digits (scikit-learn's RBM example): 5x the rows, split 80/20.
augment --nudge "$root/samples/digits-8x8.lpt" | split-rows --test-size 0.2 --seed 0 --train nudged-train.lpt --test nudged-test.lpt
saved=probe.csv
cp probe.csv probe-plain.csv
echo "representation,features,accuracy,C" > probe.csv
probe "raw pixels" nudged-train.lpt nudged-test.lpt
rbm-train --hidden 100 --lr 0.06 --batch-size 10 --epochs 10 --in-order --seed 1 nudged-train.lpt -o nudged-rbm.lpt
dae-train --hidden 256 --noise mask:0.25 --epochs 30 --seed 1 nudged-train.lpt -o nudged-dae.lpt
for model in rbm dae; do
    embed --model "nudged-$model.lpt" nudged-train.lpt -o "nudged-train-$model.lpt"
    embed --model "nudged-$model.lpt" nudged-test.lpt -o "nudged-test-$model.lpt"
done
probe "RBM p(h|v) (scikit-learn's example settings)" nudged-train-rbm.lpt nudged-test-rbm.lpt
probe "DAE hidden (masking 0.25)" nudged-train-dae.lpt nudged-test-dae.lpt
for negatives in batch bank:4096; do
    contrast-train --negatives "$negatives" --temperature 0.1 --shift 1 --epochs 100 --seed 1 nudged-train.lpt -o "nudged-${negatives%%:*}.lpt"
    embed --model "nudged-${negatives%%:*}.lpt" nudged-train.lpt -o nudged-train-h.lpt
    embed --model "nudged-${negatives%%:*}.lpt" nudged-test.lpt -o nudged-test-h.lpt
    label=${negatives/bank:/memory bank }; probe "contrastive h (${label/batch/in-batch negatives}; tau 0.1)" nudged-train-h.lpt nudged-test-h.lpt
done
mv probe.csv probe-nudged.csv
mv probe-plain.csv "$saved"
echo
echo "held-out accuracy on the nudged digits ($(tensor-info nudged-test.lpt | awk '$1 == "labels" { print $3 }') test rows):"
column -s, -t probe-nudged.csv

# The held-out digits on the unit circle: the projection z of a network with --dim 2 before
# training (--epochs 0) and after it.
for epochs in 0 100; do
    contrast-train --dim 2 --temperature 0.2 --epochs "$epochs" --seed 1 train.lpt -o "contrastive-dim2-$epochs.lpt"
    embed --model "contrastive-dim2-$epochs.lpt" --projection test.lpt \
        | scatter --labels labels --xmin -1.2 --xmax 1.2 --ymin -1.2 --ymax 1.2 --size 640x600 --xlabel "z[0]" --ylabel "z[1]" \
            --title "held-out digits, z after $epochs epochs" -o "contrast-dim2-$epochs.png"
done

if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp probe.csv probe-nudged.csv contrast-dim2-0.png contrast-dim2-100.png "$root/docs/img/"
    echo "published docs/img/probe.csv, probe-nudged.csv, contrast-dim2-0.png, contrast-dim2-100.png"
fi
echo "wrote $out/probe.csv, probe-nudged.csv, contrast-dim2-0.png, contrast-dim2-100.png"
