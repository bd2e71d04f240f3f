#!/usr/bin/env bash
# latentpipe VAE benchmark: vae-train against PyTorch on CPU, same network (64 -> 400 -> latent
# -> 400 -> 64, Bernoulli), same data (split-rows of samples/digits-8x8.lpt), same init scheme,
# batch size, optimiser and epochs; held-out negative ELBO of both by one evaluator, seconds per
# epoch pinned alike. See tools/bench/README.md. Arguments go to vae.py (`tools/bench/vae.sh --help`).
# Python: $VAE_PYTHON when set (an interpreter with torch and numpy, e.g. /work/venv/bin/python),
# else the git-ignored bench venv tools/bench/.venv, into which torch (CPU wheel) is installed
# when missing. Uses the binaries in .build/release (or --bin DIR / LP_BIN), built when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
py="${VAE_PYTHON:-$py}"

if [ -z "${VAE_PYTHON:-}" ] && [ ! -x "$py" ]; then
    echo "vae: creating $here/.venv" >&2
    python3 -m venv "$here/.venv"
fi
bench_torch vae "$py"

# The tools: built when missing (not when --bin names a directory, nor with VAE_BUILD=0).
bin="${LP_BIN:-$repo/.build/release}"
bench_build vae VAE_BUILD "split-rows vae-train kernel-bench" "$@"

exec "$py" "$here/vae.py" "$@"
