#!/usr/bin/env bash
# Our 2-D real FFT (Fourier.RealFFT2D, timed by the release `fft-bench`) against numpy.fft and
# scipy.fft (rfft2 + irfft2, float32, workers=1; and scipy with workers=2 on two cores):
# forward + inverse pairs per second for 256x256, 512x512, 480x720 and 1024x1024, pinned
# with taskset to one core (0) and to two (0,1). Prints a Markdown table with the ratios.
#
#   tools/bench/fft.sh [--sizes 256x256,512x512] [--arrays 16] [--rounds 10]
#
# The report also goes to $BENCH_OUT (default tools/bench/fft-last-run.txt; '' for nowhere).
# Python: $BENCH_PY when set (e.g. /work/venv/bin/python), else the bench venv
# (tools/bench/venv.sh) with scipy added. Builds fft-bench (release) when missing or when
# BENCH_BUILD=1; LP_BIN names another folder of built tools.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ -n "${BENCH_PY:-}" ]; then
    py=$BENCH_PY
else
    source "$here/venv.sh"
    bench_venv fft
    "$py" -c "import scipy" 2>/dev/null || { echo "fft: installing scipy" >&2; "$py" -m pip install -q scipy; }
fi
bin="${LP_BIN:-$repo/.build/release}"
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -x "$bin/fft-bench" ]; then
    echo "fft: swift build -c release --product fft-bench" >&2
    (cd "$repo" && swift build -c release --product fft-bench >&2)
fi
out=${BENCH_OUT-$here/fft-last-run.txt}
if [ -n "$out" ]; then
    "$py" "$here/fft.py" --bin "$bin" "$@" | tee "$out"
else
    exec "$py" "$here/fft.py" --bin "$bin" "$@"
fi
