#!/usr/bin/env bash
# denoise: removes Gaussian noise of a known sigma from a grey photo by sparse coding every
# overlapping patch (Elad & Aharon 2006, K-SVD denoising, with our own tools):
#   learn:   patchify --random N of the noisy photo | dict-learn (lasso, lambda = 2 sigma) —
#            the dictionary comes from the noisy photo itself; or --dict FILE gives one;
#   code:    patchify --stride 1 (every overlapping patch, its mean kept aside as dc) |
#            sparse-encode --algorithm omp --error n (C sigma)^2 (n = pixels per patch,
#            C = --gain, 1.05; K-SVD's paper uses 1.15, 1.05 and lambda = 2 sigma were
#            better on the camera crop at every sigma of tools/bench/denoise.sh): each patch
#            takes atoms until its residual is at the noise level;
#   rebuild: sparse-reconstruct | unpatchify (each pixel the mean of the patches covering it).
# Not done: K-SVD's blend with the noisy photo (unpatchify averages patches only) and colour.
# Usage: denoise.sh --sigma S [--dict FILE] [--patch-size P] [--atoms A] [--patches N]
#                   [--epochs E] [--gain C] NOISY.png OUT.png
# sigma is the noise's standard deviation on intensities in [0, 1]; OUT is a 16-bit PNG.
# Needs the latentpipe tools (tools.sh builds them). Exit 2 on bad arguments, 1 on failures;
# OUT is only written when every step succeeded.
set -euo pipefail
me=denoise.sh
usage() { echo "$me: $1 (usage: $me --sigma S [--dict FILE] [--patch-size P] [--atoms A] [--patches N] [--epochs E] [--gain C] NOISY.png OUT.png)" >&2; exit 2; }
number() { [[ $2 =~ ^[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?$ ]] || usage "$1 takes a number >= 0, not '$2'"; }
whole() { [[ $2 =~ ^[1-9][0-9]*$ ]] || usage "$1 takes a whole number >= 1, not '$2'"; }
sigma="" dict="" patch=8 atoms=256 patches=20000 epochs=2 gain=1.05
positional=()
while [ $# -gt 0 ]; do
    case $1 in
        --sigma) [ $# -ge 2 ] || usage "--sigma needs a value"; number --sigma "$2"; sigma=$2; shift 2 ;;
        --dict) [ $# -ge 2 ] || usage "--dict needs a file"; dict=$2; shift 2 ;;
        --patch-size) [ $# -ge 2 ] || usage "--patch-size needs a value"; whole --patch-size "$2"; patch=$2; shift 2 ;;
        --atoms) [ $# -ge 2 ] || usage "--atoms needs a value"; whole --atoms "$2"; atoms=$2; shift 2 ;;
        --patches) [ $# -ge 2 ] || usage "--patches needs a value"; whole --patches "$2"; patches=$2; shift 2 ;;
        --epochs) [ $# -ge 2 ] || usage "--epochs needs a value"; number --epochs "$2"; epochs=$2; shift 2 ;;
        --gain) [ $# -ge 2 ] || usage "--gain needs a value"; number --gain "$2"; gain=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) usage "unknown option $1" ;;
        *) positional+=("$1"); shift ;;
    esac
done
[ -n "$sigma" ] || usage "--sigma S is required (the noise's standard deviation, intensities in [0, 1])"
[ ${#positional[@]} -eq 2 ] || usage "give the noisy PNG and the output PNG"
noisy=${positional[0]} out=${positional[1]}
[ -r "$noisy" ] || { echo "$me: cannot read $noisy" >&2; exit 1; }
[ -z "$dict" ] || [ -r "$dict" ] || { echo "$me: cannot read the dictionary $dict" >&2; exit 1; }
source "$(dirname "$0")/tools.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
features=$((patch * patch))
error=$(awk -v n="$features" -v c="$gain" -v s="$sigma" 'BEGIN { printf "%.9g", n * (c * s) ^ 2 }')
# The tools' messages go to one file; on a failure its first line (the cause, from the first
# tool that failed; the others only saw their input end) is the one line on stderr.
errors=$work/errors
fail() { echo "$me: $(head -n 1 "$errors")" >&2; exit 1; }
if [ -z "$dict" ]; then
    lambda=$(awk -v s="$sigma" 'BEGIN { printf "%.9g", 2 * (s > 1e-3 ? s : 1e-3) }')
    patchify "$noisy" --patch-size "$patch" --random "$patches" --seed 1 2>>"$errors" \
        | dict-learn --atoms "$atoms" --lambda "$lambda" --epochs "$epochs" --seed 1 -q -o "$work/dict.lpt" 2>>"$errors" || fail
    dict=$work/dict.lpt
fi
patchify "$noisy" --patch-size "$patch" --stride 1 2>>"$errors" \
    | sparse-encode --dict "$dict" --algorithm omp --error "$error" 2>>"$errors" \
    | sparse-reconstruct --dict "$dict" 2>>"$errors" \
    | unpatchify --depth 16 -o "$work/out.png" 2>>"$errors" || fail
mv "$work/out.png" "$out"
