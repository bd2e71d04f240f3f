#!/usr/bin/env bash
# gabor: the lecture's first picture. Learns a dictionary from whitened natural-image patches;
# its atoms come out as localised, oriented, band-pass edges (Gabor-like):
#   patchify --random | whiten (fit) | dict-learn | montage
# Prints the held-out objective and how oriented and localised the atoms are (dict-info,
# against random atoms), and writes out/gabor/{dictionary.lpt, gabor.png}. With --publish it
# also copies them to samples/gabor-8x8-256.lpt (the quickstart's dictionary) and
# docs/img/gabor.png. Arguments: [--publish] [ATOMS] [EPOCHS]; defaults 256 and 10.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
atoms=${1:-256}
epochs=${2:-10}
out=$root/out/gabor
mkdir -p "$out"

# 50,000 random 8x8 patches from each sample photo; the whitening model is fitted on all
# of them, then 10,000 are held out of training to measure the objective on.
patchify "$root/samples/camera.png" "$root/samples/coffee.png" --patch-size 8 --random 50000 --seed 1 \
    | whiten --eps 0.1 --save "$out/zca.lpt" -o "$out/white.lpt"
dict-learn "$out/white.lpt" --atoms "$atoms" --lambda 1 --epochs "$epochs" \
    --holdout 10000 --seed 0 --report -o "$out/dictionary.lpt"
montage "$out/dictionary.lpt" --scale 4 -o "$out/gabor.png"
dict-info "$out/dictionary.lpt" | grep -E '^(attribute.objective|(random-)?median-(orientation-share|localisation)):'

if [ $publish = yes ]; then
    cp "$out/dictionary.lpt" "$root/samples/gabor-8x8-256.lpt"
    mkdir -p "$root/docs/img"
    cp "$out/gabor.png" "$root/docs/img/gabor.png"
    echo "published samples/gabor-8x8-256.lpt and docs/img/gabor.png"
fi
echo "wrote $out/dictionary.lpt and $out/gabor.png"
