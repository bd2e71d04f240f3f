#!/usr/bin/env bash
# latentpipe convolutional sparse coding benchmark: csc-encode and csc-learn against SPORCO
# (ConvBPDN, OnlineConvBPDNDictLearn, ConvBPDNDictLearn), same data, same objective, pinned
# threads. See tools/bench/README.md. Arguments go to csc.py (try `tools/bench/csc.sh --help`).
# Python: $CSC_PYTHON when set (an interpreter with sporco, pyfftw, imageio, scipy, numpy),
# else the git-ignored bench venv tools/bench/.venv, into which SPORCO is installed when missing.
# Uses the binaries in .build/release (or --bin DIR / LP_BIN), built when missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="${CSC_PYTHON:-$here/.venv/bin/python}"

if [ -z "${CSC_PYTHON:-}" ] && [ ! -x "$py" ]; then
    echo "csc: creating $here/.venv" >&2
    python3 -m venv "$here/.venv"
fi
if ! "$py" -c "import numpy, scipy, imageio, sporco, pyfftw" 2>/dev/null; then
    echo "csc: installing numpy scipy imageio sporco pyfftw into $("$py" -c 'import sys; print(sys.prefix)')" >&2
    "$py" -m pip install -q numpy scipy imageio sporco pyfftw
fi

# The tools: built when missing (not when --bin names a directory, nor with CSC_BUILD=0).
bin="${LP_BIN:-$repo/.build/release}"
given_bin=0
for a in "$@"; do case "$a" in --bin|--bin=*) given_bin=1 ;; esac; done
[ "$given_bin" = 1 ] || [ "${CSC_BUILD:-1}" = 0 ] || for t in csc-encode csc-reconstruct csc-learn highpass tensor-convert; do
    if [ ! -x "$bin/$t" ]; then
        echo "csc: swift build -c release" >&2
        (cd "$repo" && swift build -c release >&2)
        break
    fi
done

# The benchmark.
exec "$py" "$here/csc.py" "$@"
