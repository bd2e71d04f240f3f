#!/usr/bin/env bash
# probe: which code of the 8x8 digits is best for a downstream task? Splits the digits 80/20
# (split-rows), computes each representation of both parts with our tools, and fits
# linear-probe (standardised features, multinomial logistic regression, C chosen by 5-fold
# cross-validation on the training part) to measure held-out accuracy:
#   raw pixels; sparse codes against dictionaries of 64 and 256 atoms learned by dict-learn
#   on the training part (sparse-encode); the VAE's code means (vae-train, vae-encode) with
#   latent 2 and 20.
# Prints the table and writes out/probe/probe.csv (and with --publish docs/img/probe.csv).
# Arguments: [--publish]. About a minute on 2 cores.
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

echo
echo "held-out accuracy of a linear probe on the digits ($(tensor-info test.lpt | awk '$1 == "labels" { print $3 }') test digits):"
column -s, -t probe.csv
if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp probe.csv "$root/docs/img/probe.csv"
    echo "published docs/img/probe.csv"
fi
echo "wrote $out/probe.csv"
