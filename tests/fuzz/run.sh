#!/usr/bin/env bash
# Build the libFuzzer harnesses (tests/fuzz/Makefile, clang + ASan/UBSan) and
# run each over its committed seed corpus (tests/fuzz/corpus/<name>/, which
# also holds the inputs of past bugs) for a fixed number of runs with a fixed
# seed, so that a CI run is reproducible.  One line per harness:
#   PASS fuzz/<name> | FAIL fuzz/<name>: reason
# Environment: BUILD (default build), FUZZ_TIME=SECONDS to fuzz each harness
# for that long instead (local fuzzing; new inputs stay in $BUILD/fuzz/new),
# FUZZ="name ..." to run a subset.  A crash input is kept in
# $BUILD/fuzz/artifacts/ and printed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-build}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
out=$BUILD/fuzz
status=0

# Runs per harness (about 5-15 s each on a slow CI host) and the input size
# limit where the default (the largest seed) would make runs too slow.
declare -A RUNS=([decode]=6000 [elf]=30000 [dtb]=60000 [cli]=500000)
declare -A MAXLEN=([decode]=512)

rt=$(clang --print-runtime-dir 2>/dev/null)
if ! command -v clang >/dev/null 2>&1; then
    echo "FAIL fuzz/toolchain: clang not found (scripts/install-deps.sh installs it)"
    exit 1
fi
if ! ls "$rt"/libclang_rt.fuzzer*.a >/dev/null 2>&1 &&
   ! ls "$rt"/../*/libclang_rt.fuzzer*.a >/dev/null 2>&1; then
    echo "FAIL fuzz/toolchain: clang's libFuzzer runtime (libclang_rt.fuzzer) is missing" \
         "in $rt: install libclang-rt-dev (scripts/install-deps.sh)"
    exit 1
fi
if ! MAKEFLAGS='' MAKELEVEL='' make --no-print-directory -s -C "$here" -j"$(nproc)" \
        FUZZ_BUILD="$out" >"$out.build.log" 2>&1; then
    tail -n 30 "$out.build.log"
    echo "FAIL fuzz/build: make -C tests/fuzz failed (log: $out.build.log)"
    exit 1
fi

names=${FUZZ:-$(MAKEFLAGS='' MAKELEVEL='' make --no-print-directory -s -C "$here" list)}
mkdir -p "$out/artifacts"
for n in $names; do
    bin=$out/fuzz-$n
    new=$out/new/$n
    log=$out/$n.log
    mkdir -p "$new"
    args=(-seed=1 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
          -artifact_prefix="$out/artifacts/$n-")
    [ -n "${MAXLEN[$n]:-}" ] && args+=(-max_len="${MAXLEN[$n]}")
    if [ -n "${FUZZ_TIME:-}" ]; then
        args+=(-max_total_time="$FUZZ_TIME")
    else
        # A fixed run count; the time cap only bounds a very slow host.
        args+=(-runs="${RUNS[$n]:-20000}" -max_total_time=120)
        rm -rf "$new" && mkdir -p "$new"
    fi
    start=$SECONDS
    "$bin" "${args[@]}" "$new" "$here/corpus/$n" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "PASS fuzz/$n (${runs:-?} runs, $((SECONDS - start))s)"
    else
        grep -E -A 12 '^==[0-9]+==ERROR|^SUMMARY|check failed|error message spans' "$log" |
            head -n 40
        art=$(sed -n "s/.*Test unit written to //p" "$log" | tail -n 1)
        why=$(grep -m 1 -E '^SUMMARY|check failed|error message spans' "$log")
        echo "FAIL fuzz/$n: ${why:-exit status $rc} (input: ${art:-none}, log: $log)"
        status=1
    fi
done
exit $status
