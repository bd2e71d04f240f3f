#!/usr/bin/env bash
# latentpipe contrastive benchmark: contrast-train against PyTorch on CPU, same model (64 -> H
# ReLU -> head H ReLU -> D, NT-Xent on normalised projections), same data (split-rows of
# samples/digits-8x8.lpt), same one-pixel shift views, init scheme, batch size, optimiser and
# epochs; seconds per epoch pinned alike, training losses, and one evaluator's held-out loss and
# linear probe of both. See tools/bench/README.md. Arguments go to contrast.py
# (`tools/bench/contrast.sh --help`).
# Python: $CONTRAST_PYTHON when set (an interpreter with torch, numpy and scikit-learn, e.g.
# /work/venv/bin/python), else the git-ignored bench venv tools/bench/.venv, with numpy and
# scikit-learn (bench_venv) and the CPU torch wheel (bench_torch) installed when missing.
# Uses the binaries in .build/release (or --bin DIR / LP_BIN), built when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"

if [ -n "${CONTRAST_PYTHON:-}" ]; then
    py=$CONTRAST_PYTHON
else
    bench_venv contrast
fi
bench_torch contrast "$py"

# The tools: built when missing (not when --bin names a directory, nor with CONTRAST_BUILD=0).
bin="${LP_BIN:-$repo/.build/release}"
bench_build contrast CONTRAST_BUILD "split-rows contrast-train kernel-bench" "$@"

exec "$py" "$here/contrast.py" "$@"
