#!/usr/bin/env bash
# latentpipe dictionary-learning benchmark: dict-learn vs SPAMS trainDL vs scikit-learn
# MiniBatchDictionaryLearning, held-out objective and wall time. See tools/bench/README.md.
# Arguments go to dictlearn.py (try `tools/bench/dictlearn.sh --help`).
# Uses the binaries in .build/release (or --bin DIR / LP_BIN), built when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
bench_venv dictlearn --require-spams  # SPAMS is a peer and the scorer

# The tools: built when missing.
bin="${LP_BIN:-$repo/.build/release}"
if [ ! -x "$bin/dict-learn" ] || [ ! -x "$bin/patchify" ] || [ ! -x "$bin/whiten" ] || [ ! -x "$bin/tensor-convert" ]; then
    echo "dictlearn: swift build -c release" >&2
    (cd "$repo" && swift build -c release >&2)
fi

# The benchmark.
exec "$py" "$here/dictlearn.py" "$@"
