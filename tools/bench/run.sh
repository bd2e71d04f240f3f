#!/usr/bin/env bash
# latentpipe benchmark: sparse-encode vs SPAMS / scikit-learn / numpy FISTA, kernel GFLOP/s,
# stream pass-through. See tools/bench/README.md. Arguments are passed to bench.py
# (try `tools/bench/run.sh --help`); settings can also come from the environment
# (LP_BIN, BENCH_ROWS, BENCH_REPS, BENCH_LAMBDA, OURS_ARGS, OURS_VARIANTS, BENCH_PEERS,
# BENCH_SECTIONS, KERNEL_BENCH_ARGS, BENCH_BIG_MIB, BENCH_BUILD=1 to rebuild first).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
bench_venv bench

# The tools: built when missing (or when BENCH_BUILD=1); otherwise used as they are.
bin="${LP_BIN:-$repo/.build/release}"
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -x "$bin/sparse-encode" ] || [ ! -x "$bin/tensor-convert" ]; then
    echo "bench: swift build -c release" >&2
    (cd "$repo" && swift build -c release >&2)
fi

# The benchmark.
exec "$py" "$here/bench.py" "$@"
