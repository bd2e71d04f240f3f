# Sourced by the pipelines: puts the latentpipe tools on PATH. LATENTPIPE_BIN names a folder
# of already built tools (the tests use it); else the release build, rebuilt when it is missing
# or older than the sources (a stamp file records the last build). Sets $root (the project).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${LATENTPIPE_BIN:-$root/.build/release}
stamp=$root/.build/release/.latentpipe-built
if [ -z "${LATENTPIPE_BIN:-}" ] && { [ ! -e "$stamp" ] || [ -n "$(find "$root/Sources" "$root/Package.swift" -newer "$stamp" -print -quit)" ]; }; then
    echo "building latentpipe (release)..." >&2
    (cd "$root" && swift build -c release >&2)
    touch "$stamp"
fi
export PATH="$bin:$PATH"
