#!/usr/bin/env bash
# Groups the failing inputs a fuzzing run saved by their report's first project frames,
# minimises one input per group, and saves it as tools/fuzz/findings/<target>-<n>.bin.
#
#   tools/fuzz/triage.sh TARGET [--no-minimize] [FILE...]
#
# FILEs default to every crash-*/oom-*/timeout-* in the work dir's crashes/TARGET/. Prints,
# per group, the line to put in tools/fuzz/findings/README.md: the file, the kind of failure
# (Swift trap, ASan error, out-of-memory, timeout) and the first frames of the report. Runs
# one fuzzer process at a time. Needs the targets built by run.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${FUZZ_WORK:-$here/work}
[ $# -ge 1 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
target=$1; shift
minimize=1
if [ "${1:-}" = --no-minimize ]; then minimize=0; shift; fi
binary=$work/build/bin/$target
[ -x "$binary" ] || { echo "triage.sh: build the targets first (tools/fuzz/run.sh --build-only)" >&2; exit 1; }
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    mapfile -t files < <(find "$work/crashes/$target" -maxdepth 1 -type f \
        \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'slow-*' \) -printf '%s %p\n' 2>/dev/null \
        | sort -n | cut -d' ' -f2-)
fi
[ ${#files[@]} -gt 0 ] || { echo "triage.sh: no failing inputs for $target"; exit 0; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:symbolize=1}
export SWIFT_BACKTRACE=enable=no
options=(-rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10)
demangler=$(command -v swift-demangle || echo "$(dirname "$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)")/swift-demangle")
demangle() { if [ -x "$demangler" ]; then "$demangler" --simplified; else cat; fi; }

# "kind | frame; frame; frame" for one input: the failure and its first frames outside
# libFuzzer, the sanitizer runtime and libc.
signature() {
    local report kind
    report=$("$binary" "${options[@]}" "$1" 2>&1 | demangle || true)
    # A Swift trap shows as libFuzzer's "deadly signal"; name the runtime failure instead.
    kind=$(grep -m1 -oE 'Swift runtime failure: [^/]*' <<< "$report" | sed -E 's/ +$//' || true)
    [ -n "$kind" ] || kind=$(grep -m1 -oE 'ERROR: (AddressSanitizer: [a-z-]+|libFuzzer: [a-z -]+)' <<< "$report" \
        | sed -E 's/^ERROR: //; s/ +$//' || true)
    [ -n "$kind" ] || { echo "no failure"; return; }
    frames=$(grep -E '^ +#[0-9]+ ' <<< "$report" \
        | grep -vE 'compiler-rt|libc\.so|libFuzzer|fuzzer::|__sanitizer|libswiftCore|libpng16|<compiler-generated>|LLVMFuzzerTestOneInput|main /|_start' \
        | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in //; s/ \(BuildId.*//; s#/[^ ]*/(Sources|tools|targets)/#\1/#' \
        | head -3 | paste -sd ';' | sed 's/;/; /g')
    echo "$kind | ${frames:-no frames}"
}

declare -A seen
existing=$(find "$here/findings" -name "$target-*.bin" | wc -l)
n=$existing
for file in "${files[@]}"; do
    sig=$(signature "$file")
    [ "$sig" = "no failure" ] && { echo "# $(basename "$file"): does not fail any more"; continue; }
    [ -n "${seen[$sig]:-}" ] && continue
    seen[$sig]=$file
    n=$((n + 1))
    out=$here/findings/$target-$n.bin
    cp "$file" "$out"
    if [ "$minimize" = 1 ] && ! grep -q timeout <<< "$sig"; then
        "$binary" "${options[@]}" -minimize_crash=1 -runs=20000 -exact_artifact_path="$out.min" "$file" > /dev/null 2>&1 || true
        # Keep the minimised input only when it still fails the same way.
        if [ -s "$out.min" ] && [ "$(signature "$out.min")" = "$sig" ]; then mv "$out.min" "$out"; else rm -f "$out.min"; fi
    fi
    echo "- \`$target-$n.bin\` ($(stat -c %s "$out") bytes, from $(basename "$file")): $sig"
done
