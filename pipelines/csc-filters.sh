#!/usr/bin/env bash
# csc-filters: the lecture's convolutional filter pictures. Convolutional sparse coding learns
# a few small kernels whose sparse feature maps, convolved and summed, rebuild whole high-passed
# photos. With 1 kernel it comes out centre-surround; with 4, edges of both polarities; with 8
# and 16, more orientations; colour photos give colour kernels.
#   highpass | csc-learn --kernels N | montage, dict-info     (N = 1, 2, 4, 8, 16; grey)
#   highpass --color | csc-learn --color --kernels 16 | montage; csc-encode | montage (maps)
# Prints, for each kernel count, how rotation-symmetric (centre-surround) and how oriented the
# kernels are next to random kernels (dict-info), and writes out/csc-filters/: the kernels
# (grey-N.lpt, colour.lpt) and their pictures (csc-grey-N.png, csc-colour.png, csc-maps.png).
# With --publish it copies the pictures to docs/img/.
# Arguments: [--publish] [--sizes "1 2 4 8 16"] [--epochs E] [--no-colour] [IMAGE...];
# the grey images default to samples/camera.png and samples/coffee.png (in grey).
set -euo pipefail
source "$(dirname "$0")/tools.sh"
publish=no colour=yes sizes="1 2 4 8 16" epochs=6
while [ $# -gt 0 ]; do
    case $1 in
        --publish) publish=yes; shift ;;
        --no-colour) colour=no; shift ;;
        --sizes) sizes=$2; shift 2 ;;
        --epochs) epochs=$2; shift 2 ;;
        *) break ;;
    esac
done
if [ $# -gt 0 ]; then images=("$@"); else images=("$root/samples/camera.png" "$root/samples/coffee.png"); fi
out=$root/out/csc-filters
mkdir -p "$out"

# SPORCO's preprocessing: the Tikhonov low-pass (lambda 5) is removed; the kernels code the rest.
highpass "${images[@]}" --lambda 5 -o "$out/grey.lpt"

# One line per measure: the kernels' median, then that of 1000 random unit kernels.
measures() {
    dict-info "$1" | grep -E '^(random-)?median-(radial-symmetry|rotation-90|rotation-45|orientation-share):|^attribute\.(lambda|held_out_objective|objective):' \
        | sed 's/^/  /'
}

for n in $sizes; do
    csc-learn "$out/grey.lpt" --kernels "$n" --kernel-size 8 --lambda 0.1 --epochs "$epochs" --crop 128 --init random --seed 0 -q -o "$out/grey-$n.lpt"
    montage "$out/grey-$n.lpt" --scale 8 --cols "$(( n < 8 ? n : 8 ))" -o "$out/csc-grey-$n.png"
    echo "$n grey 8x8 kernels:"
    measures "$out/grey-$n.lpt"
done

if [ $colour = yes ]; then
    highpass --color "$root/samples/coffee.png" --lambda 5 -o "$out/colour.lpt"
    csc-learn "$out/colour.lpt" --color --kernels 16 --kernel-size 9 --lambda 0.1 --epochs "$epochs" --crop 128 --init random --seed 0 -q -o "$out/colour-kernels.lpt"
    montage "$out/colour-kernels.lpt" --scale 8 --cols 8 -o "$out/csc-colour.png"
    echo "16 colour 9x9 kernels:"
    measures "$out/colour-kernels.lpt"
    # The lecture's figure: the feature maps of the photo, all on one scale (0 is mid-grey).
    csc-encode "$out/colour.lpt" --kernels "$out/colour-kernels.lpt" --lambda 0.1 --report -o "$out/maps.lpt"
    montage "$out/maps.lpt" --cols 4 -o "$out/csc-maps.png"
fi

if [ $publish = yes ]; then
    mkdir -p "$root/docs/img"
    for n in $sizes; do cp "$out/csc-grey-$n.png" "$root/docs/img/"; done
    if [ $colour = yes ]; then cp "$out/csc-colour.png" "$out/csc-maps.png" "$root/docs/img/"; fi
    echo "published the pictures to docs/img/"
fi
echo "wrote $out"
