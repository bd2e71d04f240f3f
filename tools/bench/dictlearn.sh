#!/usr/bin/env bash
# latentpipe dictionary-learning benchmark: dict-learn vs SPAMS trainDL vs scikit-learn
# MiniBatchDictionaryLearning, held-out objective and wall time. See tools/bench/README.md.
# Arguments go to dictlearn.py (try `tools/bench/dictlearn.sh --help`).
# Uses the binaries in .build/release (or --bin DIR / LP_BIN). When patchify, whiten or
# tensor-convert are missing there and no --bin was given, it builds them with
# `swift build -c release --scratch-path .build-bench` (never in the default .build) and uses
# .build-bench/release.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
py="$venv/bin/python"

# 1. the venv (git-ignored, shared with run.sh): numpy, scikit-learn, spams-bin.
if [ ! -x "$py" ]; then
    echo "dictlearn: creating $venv" >&2
    python3 -m venv "$venv"
fi
if ! "$py" -c "import numpy, sklearn, threadpoolctl" 2>/dev/null; then
    echo "dictlearn: installing numpy scikit-learn" >&2
    "$py" -m pip install -q numpy scikit-learn
fi
if ! "$py" -c "import spams" 2>/dev/null; then
    echo "dictlearn: installing spams-bin (SPAMS binary wheels)" >&2
    "$py" -m pip install -q spams-bin || true
    if ! "$py" -c "import spams" 2>/dev/null; then
        echo "dictlearn: spams-bin does not install or import; it is needed (peer and scorer)" >&2
        exit 1
    fi
fi

# 2. the data-making tools.
args=("$@")
have_bin=0
for a in "$@"; do
    case "$a" in --bin|--bin=*) have_bin=1 ;; -h|--help) have_bin=1 ;; esac
done
bin="${LP_BIN:-$repo/.build/release}"
if [ "$have_bin" = 0 ] && { [ ! -x "$bin/patchify" ] || [ ! -x "$bin/whiten" ] || [ ! -x "$bin/tensor-convert" ]; }; then
    echo "dictlearn: $bin lacks the tools; swift build -c release --scratch-path .build-bench" >&2
    (cd "$repo" && swift build -c release --scratch-path .build-bench >&2)
    args=(--bin "$repo/.build-bench/release" "${args[@]}")
fi

# 3. the benchmark.
exec "$py" "$here/dictlearn.py" "${args[@]}"
