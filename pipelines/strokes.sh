#!/usr/bin/env bash
# strokes: the lecture's second picture. Learns a dictionary from handwritten digits (the 1,797
# 8x8 UCI digits in samples/digits-8x8.lpt) with non-negative codes and atoms; the atoms come
# out as pen strokes and dots that add up to digits:
#   dict-learn --positive --positive-dict | montage
# Writes out/strokes/{dictionary.lpt, strokes.png}; --publish also copies the picture to
# docs/img/strokes.png. Arguments: [--publish] [ATOMS] [LAMBDA] [EPOCHS]; defaults 64, 0.02, 100.
# (With few atoms per digit and small lambda the atoms must be parts; with 256 atoms for
# 1,797 digits, or a larger lambda, they turn into whole-digit prototypes.)
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no
if [ "${1:-}" = --publish ]; then publish=yes; shift; fi
atoms=${1:-64}
lambda=${2:-0.02}
epochs=${3:-100}
out=$root/out/strokes
mkdir -p "$out"

dict-learn "$root/samples/digits-8x8.lpt" --atoms "$atoms" --lambda "$lambda" --epochs "$epochs" \
    --batch-size 64 --positive --positive-dict --holdout 200 --seed 0 --report -o "$out/dictionary.lpt"
montage "$out/dictionary.lpt" --scale 6 -o "$out/strokes.png"

if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    cp "$out/strokes.png" "$root/docs/img/strokes.png"
    echo "published docs/img/strokes.png"
fi
echo "wrote $out/dictionary.lpt and $out/strokes.png"
