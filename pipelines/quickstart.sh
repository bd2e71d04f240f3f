#!/usr/bin/env bash
# quickstart: the main demo. Cuts a sample photo into overlapping 8x8 patches, whitens them
# (ZCA), sparse-codes them against the dictionary learned by pipelines/gabor.sh
# (samples/gabor-8x8-256.lpt), and rebuilds the photo from the
# codes: patchify | whiten | sparse-encode | sparse-reconstruct | whiten --inverse | unpatchify.
# Prints the energy and mean non-zeros per patch (sparse-encode --report) and the PSNR of the
# rebuilt photo, and writes out/quickstart/{reconstruction.png, atoms.png}.
# Needs: swift (builds the tools in release mode when they are missing or older than the
# sources). Arguments: [IMAGE] [LAMBDA]; defaults samples/camera.png and 1.
set -euo pipefail
source "$(dirname "$0")/tools.sh"
image=${1:-$root/samples/camera.png}
lambda=${2:-1}
dict=$root/samples/gabor-8x8-256.lpt
out=$root/out/quickstart
mkdir -p "$out"

# Fit the whitening model first (its own step: the inverse at the end of the pipe reads it).
patchify "$image" --patch-size 8 --stride 4 -o "$out/patches.lpt"
whiten --save "$out/zca.lpt" "$out/patches.lpt" -o "$out/white.lpt"
sparse-encode --dict "$dict" --lambda "$lambda" --report "$out/white.lpt" \
    | sparse-reconstruct --dict "$dict" \
    | whiten --model "$out/zca.lpt" --inverse \
    | unpatchify -o "$out/reconstruction.png"
montage "$dict" --scale 3 -o "$out/atoms.png"

echo "PSNR of the reconstruction: $(psnr "$image" "$out/reconstruction.png") dB (lambda $lambda)"
echo "wrote $out/reconstruction.png and $out/atoms.png"
