#!/usr/bin/env bash
# Rewrites Tests/ImageIOTests/Fixtures/expected.tsv (and the PIL-made fixtures) from two
# independent decoders, pypng and PIL; see tools/png_expectations.py. Needs python3 and PyPI;
# keeps its packages in the git-ignored venv tools/.venv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
py="$here/.venv/bin/python"
[ -x "$py" ] || python3 -m venv "$here/.venv"
"$py" -c "import PIL, numpy, png" 2>/dev/null || "$py" -m pip install -q pillow numpy pypng
exec "$py" "$here/png_expectations.py" "$@"
