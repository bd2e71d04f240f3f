#!/usr/bin/env bash
# latentpipe user-level benchmark: patchify | whiten | sparse-encode | sparse-reconstruct |
# whiten --inverse | unpatchify on a ~4000x3000 photo, megapixels/s and peak RSS, against the
# same job in SPAMS and scikit-learn. See tools/bench/README.md.
# Arguments go to pipeline.py (try `tools/bench/pipeline.sh --help`).
# Uses the binaries in .build/release (or LP_BIN), built when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
bench_venv pipeline --require-spams  # SPAMS is a peer and the exact reference

# The tools: built when missing.
bin="${LP_BIN:-$repo/.build/release}"
for tool in patchify whiten sparse-encode sparse-reconstruct unpatchify psnr dict-learn tensor-convert; do
    if [ ! -x "$bin/$tool" ]; then
        echo "pipeline: swift build -c release" >&2
        (cd "$repo" && swift build -c release >&2)
        break
    fi
done

# The benchmark.
exec "$py" "$here/pipeline.py" "$@"
