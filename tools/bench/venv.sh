# Sourced by the benchmark scripts: the git-ignored venv tools/bench/.venv with numpy,
# scikit-learn and (if it installs) spams-bin; sets $here, $repo and $py.
# Call `bench_venv NAME [--require-spams]`: NAME prefixes its messages.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="$here/.venv/bin/python"

bench_venv() {
    local name=$1 require_spams=${2:-}
    if [ ! -x "$py" ]; then
        echo "$name: creating $here/.venv" >&2
        python3 -m venv "$here/.venv"
    fi
    if ! "$py" -c "import numpy, sklearn, threadpoolctl" 2>/dev/null; then
        echo "$name: installing numpy scikit-learn" >&2
        "$py" -m pip install -q numpy scikit-learn
    fi
    if ! "$py" -c "import spams" 2>/dev/null; then
        echo "$name: installing spams-bin (SPAMS binary wheels)" >&2
        "$py" -m pip install -q spams-bin || true
        if ! "$py" -c "import spams" 2>/dev/null; then
            if [ "$require_spams" = --require-spams ]; then
                echo "$name: spams-bin does not install or import; it is needed" >&2
                exit 1
            fi
            echo "$name: WARNING: spams-bin did not install or import; SPAMS rows will be skipped" >&2
        fi
    fi
}

# Adds PyTorch (the CPU-only wheel, ~200 MB rather than the CUDA build's gigabytes) to the
# interpreter $1 when it lacks it, for vae.sh. `bench_torch NAME PYTHON`.
bench_torch() {
    local name=$1 python=$2
    if ! "$python" -c "import torch, numpy" 2>/dev/null; then
        echo "$name: installing torch (CPU wheel) and numpy into $("$python" -c 'import sys; print(sys.prefix)')" >&2
        "$python" -m pip install -q numpy
        "$python" -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu
    fi
}

# Runs `swift build -c release` when one of the named tools is missing from $bin, unless the
# arguments $@ name --bin or $BUILD_VAR is 0. `bench_build NAME BUILD_VAR "TOOL..." "$@"`.
bench_build() {
    local name=$1 build_var=$2 tools=$3 a t
    shift 3
    for a in "$@"; do case "$a" in --bin|--bin=*) return 0 ;; esac; done
    [ "${!build_var:-1}" = 0 ] && return 0
    for t in $tools; do
        if [ ! -x "$bin/$t" ]; then
            echo "$name: swift build -c release" >&2
            (cd "$repo" && swift build -c release >&2)
            return 0
        fi
    done
}
