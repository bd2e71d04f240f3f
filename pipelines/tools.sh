# Sourced by the pipelines: puts the latentpipe tools on PATH. LATENTPIPE_BIN names a folder
# of already built tools (the tests use it); else the release build, rebuilt when it is missing
# or older than the sources. Sets $root (the project folder).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${LATENTPIPE_BIN:-$root/.build/release}
if [ -z "${LATENTPIPE_BIN:-}" ] && { [ ! -x "$bin/dict-learn" ] || [ -n "$(find "$root/Sources" "$root/Package.swift" -newer "$bin/dict-learn" -print -quit)" ]; }; then
    echo "building latentpipe (release)..." >&2
    (cd "$root" && swift build -c release >&2)
fi
export PATH="$bin:$PATH"
