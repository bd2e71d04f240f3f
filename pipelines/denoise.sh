#!/usr/bin/env bash
# denoise: removes Gaussian noise from a photo by sparse coding every overlapping patch
# (Elad & Aharon 2006, K-SVD denoising, with our own tools):
#   learn:   patchify --random N of the noisy photo | dict-learn (lasso, lambda = 2 sigma) —
#            the dictionary comes from the noisy photo itself; or --dict FILE gives one;
#   code:    patchify --stride 1 (every overlapping patch, its mean kept aside as dc) |
#            sparse-encode --algorithm omp --error n (C sigma)^2 (n = values per patch,
#            C = --gain, 1.05 (1.0 for colour from sigma 0.15 up); K-SVD's paper uses 1.15,
#            1.05 and lambda = 2 sigma were better on the camera crop at every sigma of
#            tools/bench/denoise.sh): each patch
#            takes atoms until its residual is at the noise level; --stride S codes every
#            S-th patch only (a cheaper setting: S^2 times fewer patches to code);
#   rebuild: sparse-reconstruct | unpatchify --blend NOISY --weight L: each pixel
#            (L noisy + sum of the patches covering it) / (L + their count), K-SVD's closing
#            step. L = --weight, 0 by default: Elad & Aharon's 30 / (255 sigma) cost 0.1-0.2 dB
#            at sigma 0.02 and gained nothing above it on the bench's crops (it helps with
#            their C = 1.15, which over-smooths);
#   again:   --passes P (default 2 from sigma 0.075 up, else 1; 1 with --dict): each later
#            pass learns the dictionary from the previous pass's output (lambda = sigma, its
#            atoms cleaner) and codes the noisy patches again (+0.3 dB at sigma 0.2).
# Inpainting (--mask MASK.png, pixels >= 0.5 known): the code and rebuild steps are
# `inpaint` (OMP on each patch's known pixels, the patch rebuilt whole); sigma is 0 unless
# given (the known pixels kept), the first pass's dictionary the 8x8 DCT
# (samples/dct-8x8-256.lpt) unless --dict, later passes learn from the filled image.
# Colour (--color): RGB patches of 3n values (6x6 unless --patch-size), coded to 3n (C sigma)^2 (K-SVD's colour
# version, Mairal, Elad & Sapiro 2008, without their channel-averaging term), sigma per channel.
# Usage: denoise.sh [--sigma S] [--color] [--mask MASK.png] [--dict FILE] [--patch-size P] [--atoms A] [--patches N]
#                   [--epochs E] [--gain C] [--weight L] [--passes P] [--stride S] NOISY.png OUT.png
# sigma is the noise's standard deviation on intensities in [0, 1]; without --sigma it is
# estimated from NOISY by noise-sigma (Donoho's median rule) and stated on stderr. OUT is a
# 16-bit PNG.
# Needs the latentpipe tools (tools.sh builds them). Exit 2 on bad arguments, 1 on failures;
# OUT is only written when every step succeeded.
set -euo pipefail
me=denoise.sh
usage() { echo "$me: $1 (usage: $me [--sigma S] [--color] [--mask MASK.png] [--dict FILE] [--patch-size P] [--atoms A] [--patches N] [--epochs E] [--gain C] [--weight L] [--passes P] [--stride S] NOISY.png OUT.png)" >&2; exit 2; }
number() { [[ $2 =~ ^[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$ ]] || usage "$1 takes a number >= 0, not '$2'"; }
whole() { [[ $2 =~ ^[1-9][0-9]*$ ]] || usage "$1 takes a whole number >= 1, not '$2'"; }
sigma="" dict="" patch="" atoms=256 patches=20000 epochs=2 gain="" weight=0 passes="" step=1 mask="" color=()
positional=()
while [ $# -gt 0 ]; do
    case $1 in
        --sigma) [ $# -ge 2 ] || usage "--sigma needs a value"; number --sigma "$2"; sigma=$2; shift 2 ;;
        --color) color=(--color); shift ;;
        --mask) [ $# -ge 2 ] || usage "--mask needs a PNG"; mask=$2; shift 2 ;;
        --dict) [ $# -ge 2 ] || usage "--dict needs a file"; dict=$2; shift 2 ;;
        --patch-size) [ $# -ge 2 ] || usage "--patch-size needs a value"; whole --patch-size "$2"; patch=$2; shift 2 ;;
        --atoms) [ $# -ge 2 ] || usage "--atoms needs a value"; whole --atoms "$2"; atoms=$2; shift 2 ;;
        --patches) [ $# -ge 2 ] || usage "--patches needs a value"; whole --patches "$2"; patches=$2; shift 2 ;;
        --epochs) [ $# -ge 2 ] || usage "--epochs needs a value"; number --epochs "$2"; epochs=$2; shift 2 ;;
        --gain) [ $# -ge 2 ] || usage "--gain needs a value"; number --gain "$2"; gain=$2; shift 2 ;;
        --passes) [ $# -ge 2 ] || usage "--passes needs a value"; whole --passes "$2"; passes=$2; shift 2 ;;
        --stride) [ $# -ge 2 ] || usage "--stride needs a value"; whole --stride "$2"; step=$2; shift 2 ;;
        --weight) [ $# -ge 2 ] || usage "--weight needs a value"; number --weight "$2"; weight=$2; shift 2 ;;
        -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) usage "unknown option $1" ;;
        *) positional+=("$1"); shift ;;
    esac
done
[ ${#positional[@]} -eq 2 ] || usage "give the noisy PNG and the output PNG"
# 8x8 patches for gray; 6x6 for colour (108 values): on the coffee crop +0.30 dB at sigma 0.1,
# +0.45 at 0.2 and +0.03 at 0.05 against 8x8.
[ -n "$patch" ] || patch=$(( ${#color[@]} ? 6 : 8 ))
noisy=${positional[0]} out=${positional[1]}
[ -r "$noisy" ] || { echo "$me: cannot read $noisy" >&2; exit 1; }
[ -z "$dict" ] || [ -r "$dict" ] || { echo "$me: cannot read the dictionary $dict" >&2; exit 1; }
[ -z "$mask" ] || [ -r "$mask" ] || { echo "$me: cannot read the mask $mask" >&2; exit 1; }
if [ -n "$mask" ]; then
    [ -n "$sigma" ] || sigma=0
    if [ -z "$dict" ]; then
        [ "$patch" = 8 ] && [ ${#color[@]} -eq 0 ] || usage "--mask without --dict starts from the 8x8 gray DCT; give --dict for other patch sizes or colour"
        dict=$(cd "$(dirname "$0")/.." && pwd)/samples/dct-8x8-256.lpt
        learnLater=yes
    fi
fi
source "$(dirname "$0")/tools.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
errors=$work/errors
# The tools' messages go to one file; on a failure its first line (the cause, from the first
# tool that failed; the others only saw their input end) is the one line on stderr.
fail() { echo "$me: $(head -n 1 "$errors")" >&2; exit 1; }
if [ -z "$sigma" ]; then
    sigma=$(noise-sigma "${color[@]}" "$noisy" 2>>"$errors") || fail
    echo "$me: sigma $sigma, estimated by noise-sigma (give --sigma to set it)" >&2
fi
# Colour at high noise: C = 1.0 from sigma 0.15 (the clipping to [0, 1] weakens the noise,
# noise-sigma reads 0.156 at 0.2; three coffee crops at 0.2: +0.22, +0.59, +0.09 dB over 1.05,
# where gray crops gained nothing: -0.06, -0.03).
[ -n "$gain" ] || gain=$(awk -v s="$sigma" -v c="${#color[@]}" 'BEGIN { print (c > 0 && s >= 0.15 ? 1.0 : 1.05) }')
features=$((patch * patch * (${#color[@]} ? 3 : 1)))
error=$(awk -v n="$features" -v c="$gain" -v s="$sigma" 'BEGIN { printf "%.9g", n * (c * s) ^ 2 }')
# learn SOURCE.png LAMBDA: a dictionary from SOURCE's random patches into $work/dict.lpt.
learn() {
    patchify "$1" "${color[@]}" --patch-size "$patch" --random "$patches" --seed 1 2>>"$errors" \
        | dict-learn --atoms "$atoms" --lambda "$2" --epochs "$epochs" --seed 1 -q -o "$work/dict.lpt" 2>>"$errors" || fail
    dict=$work/dict.lpt
}
# A second pass pays from sigma 0.075 up (camera crop: -0.08 dB at 0.02 and -0.06 at 0.05,
# +0.07 at 0.1, +0.33 at 0.2); below it, one pass at half the time.
[ -n "$passes" ] || passes=$(awk -v s="$sigma" 'BEGIN { print (s >= 0.075 ? 2 : 1) }')
floor=$(awk -v s="$sigma" 'BEGIN { printf "%.9g", (s > 1e-3 ? s : 1e-3) }')
if [ -z "$dict" ]; then
    learn "$noisy" "$(awk -v s="$floor" 'BEGIN { printf "%.9g", 2 * s }')"
elif [ -z "${learnLater:-}" ]; then
    passes=1
fi
for ((pass = 1; pass <= passes; pass++)); do
    # Later passes learn from the previous pass's output: cleaner atoms, a lighter penalty.
    [ "$pass" -eq 1 ] || learn "$work/out.png" "$floor"
    if [ -n "$mask" ]; then
        inpaint --dict "$dict" --mask "$mask" "${color[@]}" --sigma "$sigma" --gain "$gain" --stride "$step" --depth 16 \
            -o "$work/out.png" "$noisy" 2>>"$errors" || fail
        continue
    fi
    patchify "$noisy" "${color[@]}" --patch-size "$patch" --stride "$step" 2>>"$errors" \
        | sparse-encode --dict "$dict" --algorithm omp --error "$error" 2>>"$errors" \
        | sparse-reconstruct --dict "$dict" 2>>"$errors" \
        | unpatchify --blend "$noisy" --weight "$weight" --depth 16 -o "$work/next.png" 2>>"$errors" || fail
    mv "$work/next.png" "$work/out.png"
done
mv "$work/out.png" "$out"
