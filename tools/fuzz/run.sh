#!/usr/bin/env bash
# Builds the libFuzzer targets over the project's library sources and runs them; prints a
# table: target, executions, edges (libFuzzer's `cov:`), crashes found. Not part of `swift test`.
#
#   tools/fuzz/run.sh [--runs N] [--time S] [--target T] [--jobs J] [--build-only] [--no-build]
#
#   --runs N     executions per target (default 100000)
#   --time S     stop each target after S seconds instead (whichever of --runs/--time comes first)
#   --target T   one of: frame_reader npy npz png options (default: all, one after the other)
#   --jobs J     fuzzing processes at once (libFuzzer -fork=J; default 1: the machine is shared)
#
# The library modules (TensorCore, TensorStream, ImageIO, ToolSupport and the C targets they
# import) are compiled with swiftc/clang and `-sanitize=fuzzer,address` into the work dir;
# Package.swift is not used or changed. Work dir: tools/fuzz/work (git-ignored; FUZZ_WORK
# overrides): build/, seeds/<target>/, corpus/<target>/, crashes/<target>/, logs/.
# Crashes are minimised and triaged by tools/fuzz/triage.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${FUZZ_WORK:-$here/work}
all_targets=(frame_reader npy npz png options)
runs=100000 seconds=0 jobs=1 build=1 fuzz=1 targets=("${all_targets[@]}")

while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --time) seconds=$2; shift 2 ;;
        --target) targets=("$2"); shift 2 ;;
        --jobs) jobs=$2; shift 2 ;;
        --build-only) fuzz=0; shift ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
for t in "${targets[@]}"; do
    [ -f "$here/targets/$t.swift" ] || { echo "run.sh: no target '$t' (one of: ${all_targets[*]})" >&2; exit 2; }
done

build_dir=$work/build
sanitize=(-sanitize=fuzzer,address)
swift_opt=(-O -g)

# The Swift library modules a module imports (directories of Sources/ holding .swift files).
swift_deps() {
    grep -rhoE '^(@preconcurrency )?import [A-Za-z_]+' "$root/Sources/$1" --include='*.swift' \
        | awk '{print $NF}' | sort -u | while read -r m; do
            if [ -d "$root/Sources/$m" ] && [ -n "$(find "$root/Sources/$m" -name '*.swift' -print -quit)" ]; then
                echo "$m"
            fi
        done
}

# Dependency order (depth first) of the modules the targets import.
ordered=()
visit() {
    local m=$1 d
    for d in "${ordered[@]:-}"; do [ "$d" = "$m" ] && return; done
    for d in $(swift_deps "$m"); do visit "$d"; done
    ordered+=("$m")
}

build_all() {
    rm -rf "$build_dir"
    mkdir -p "$build_dir"/{obj,modules,modulemaps,bin}
    local include_flags=() cflags=(-O1 -g -fsanitize=fuzzer-no-link,address)
    # System-library targets: a module map at the top of their directory.
    for map in "$root"/Sources/*/module.modulemap; do
        include_flags+=(-I "$(dirname "$map")")
    done
    # C targets: every .c file compiled; a module map over include/ when there is none.
    for dir in "$root"/Sources/*/; do
        local name; name=$(basename "$dir")
        [ -n "$(find "$dir" -name '*.c' -print -quit)" ] || continue
        if [ -d "$dir/include" ]; then
            include_flags+=(-Xcc -I -Xcc "$dir/include")
            if [ ! -f "$dir/include/module.modulemap" ]; then
                mkdir -p "$build_dir/modulemaps/$name"
                printf 'module %s {\n    umbrella "%s"\n    export *\n}\n' "$name" "$dir/include" \
                    > "$build_dir/modulemaps/$name/module.modulemap"
                include_flags+=(-I "$build_dir/modulemaps/$name")
            else
                include_flags+=(-I "$dir/include")
            fi
        fi
        find "$dir" -name '*.c' | while read -r c; do
            echo "  clang  $name/$(basename "$c")"
            clang "${cflags[@]}" -I "$dir/include" -c "$c" -o "$build_dir/obj/$name-$(basename "$c" .c).o"
        done
    done
    include_flags+=(-I "$build_dir/modules" -I "$here/harness/FuzzerHooks")
    printf '%s\n' "${include_flags[@]}" > "$build_dir/include_flags"

    for m in TensorCore TensorStream ImageIO ToolSupport; do visit "$m"; done
    for m in "${ordered[@]}"; do
        echo "  swiftc $m"
        find "$root/Sources/$m" -name '*.swift' | sort > "$build_dir/$m.files"
        swiftc -parse-as-library -module-name "$m" "${swift_opt[@]}" "${sanitize[@]}" \
            -wmo -num-threads 0 -c -emit-module -emit-module-path "$build_dir/modules/$m.swiftmodule" \
            "${include_flags[@]}" -o "$build_dir/obj/$m.o" @"$build_dir/$m.files" 2> >(grep -v 'warning: Cannot export' >&2)
    done
    local libs=(-lpng16 -lz -lm)
    for t in "${all_targets[@]}"; do
        echo "  target $t"
        swiftc -parse-as-library -module-name "FuzzTarget" "${swift_opt[@]}" "${sanitize[@]}" \
            "${include_flags[@]}" "$here"/harness/*.swift "$here/targets/$t.swift" \
            "$build_dir"/obj/*.o "${libs[@]}" -o "$build_dir/bin/$t" 2>&1 \
            | grep -v 'warning: Cannot export local symbol' || true
        [ -x "$build_dir/bin/$t" ] || { echo "run.sh: building $t failed" >&2; exit 1; }
    done
}

if [ "$build" = 1 ]; then
    echo "building fuzz targets in $build_dir"
    build_all
fi
[ "$fuzz" = 1 ] || exit 0

echo "making seeds in $work/seeds"
python3 "$here/make_seeds.py" "$root" "$work/seeds"

# libFuzzer options shared by every run: keep going after a crash (fork mode restarts the
# child), cap memory as the tools' 2 GiB budget would, 10 s per input is a hang.
# The Swift runtime's own backtracer is switched off: libFuzzer and ASan report the trap.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:symbolize=1}
export SWIFT_BACKTRACE=enable=no
mkdir -p "$work/logs"
summary=()
for t in "${targets[@]}"; do
    corpus=$work/corpus/$t crashes=$work/crashes/$t
    mkdir -p "$corpus" "$crashes"
    limits=(-runs="$runs")
    [ "$seconds" -gt 0 ] && limits+=(-max_total_time="$seconds")
    log=$work/logs/$t-$(date -u +%Y%m%dT%H%M%S).log
    echo "fuzzing $t (${limits[*]}, $jobs job(s)); log: $log"
    start=$(date +%s)
    "$build_dir/bin/$t" "$corpus" "$work/seeds/$t" -dict="$here/dict/$t.dict" \
        -fork="$jobs" -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
        -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 -max_len=65536 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "${limits[@]}" > "$log" 2>&1 || true
    elapsed=$(( $(date +%s) - start ))
    # Fork mode's status line: "#<execs>: cov: <edges> ft: .. corp: .. exec/s: .. oom/timeout/crash: a/b/c time: ..".
    last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
    execs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<< "$last")
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$last")
    failures=$(sed -nE 's#.*oom/timeout/crash: ([0-9]+/[0-9]+/[0-9]+).*#\1#p' <<< "$last")
    artifacts=$(find "$crashes" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)
    summary+=("$(printf '%-13s %12s %7s %7s %9s %18s %10s' "$t" "${execs:-?}" "${cov:-?}" "$elapsed" \
        "$(( ${execs:-0} / (elapsed > 0 ? elapsed : 1) ))" "${failures:-?}" "$artifacts")")
done

echo
printf '%-13s %12s %7s %7s %9s %18s %10s\n' target executions edges seconds exec/s oom/timeout/crash artifacts
printf '%s\n' "${summary[@]}"
echo
echo "oom/timeout/crash: failing inputs met (libFuzzer keeps going in fork mode);"
echo "artifacts: distinct failing inputs saved in $work/crashes/<target>/ (triage with tools/fuzz/triage.sh)"
