#!/usr/bin/env bash
# latentpipe benchmark: sparse-encode vs SPAMS / scikit-learn / numpy FISTA, kernel GFLOP/s,
# stream pass-through. See tools/bench/README.md. Arguments are passed to bench.py
# (try `tools/bench/run.sh --help`); settings can also come from the environment
# (LP_BIN, BENCH_ROWS, BENCH_REPS, BENCH_LAMBDA, OURS_ARGS, OURS_VARIANTS, BENCH_PEERS,
# BENCH_SECTIONS, KERNEL_BENCH_ARGS, BENCH_BIG_MIB, BENCH_BUILD=1 to rebuild first).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
py="$venv/bin/python"

# 1. the venv (git-ignored), with numpy + scikit-learn, and SPAMS if it installs.
if [ ! -x "$py" ]; then
    echo "bench: creating $venv" >&2
    python3 -m venv "$venv"
fi
if ! "$py" -c "import numpy, sklearn" 2>/dev/null; then
    echo "bench: installing numpy scikit-learn" >&2
    "$py" -m pip install -q numpy scikit-learn
fi
if ! "$py" -c "import spams" 2>/dev/null; then
    echo "bench: installing spams-bin (SPAMS binary wheels)" >&2
    if ! "$py" -m pip install -q spams-bin || ! "$py" -c "import spams" 2>/dev/null; then
        echo "bench: WARNING: spams-bin did not install or import; SPAMS rows will be skipped" >&2
    fi
fi

# 2. the tools: build when missing (or when BENCH_BUILD=1); otherwise use what is there.
bin="${LP_BIN:-$repo/.build/release}"
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -x "$bin/sparse-encode" ] || [ ! -x "$bin/tensor-convert" ]; then
    echo "bench: swift build -c release" >&2
    (cd "$repo" && swift build -c release >&2)
fi

# 3. the benchmark.
exec "$py" "$here/bench.py" "$@"
