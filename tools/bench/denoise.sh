#!/usr/bin/env bash
# denoise.sh: pipelines/denoise.sh against scikit-learn's example recipe and BM3D (see denoise.py);
# writes tools/bench/denoise-last-run.txt. Needs numpy, imageio, scikit-learn and bm3d in
# $PYTHON (default /work/venv/bin/python) and the release tools (swift build -c release).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"${PYTHON:-/work/venv/bin/python}" "$here/denoise.py" --color-photo coffee.png --montage "$here/../../docs/img/denoise-camera-0.1.png" "$@" | tee "$here/denoise-last-run.txt"
