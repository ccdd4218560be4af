#!/usr/bin/env bash
# Run every test suite and print "N passed, N failed" as the last line.
# A suite is an executable tests/<suite>/run.sh (or a unit-test binary) that
# prints one line per test: "PASS name" or "FAIL name: reason" ("XPASS name", an
# expected failure that passed, counts as passed; "XFAIL"/"SKIP name: why"
# is reported but not counted).  A suite that exits non-zero without printing a
# FAIL line counts as one failure, so a crash is never silent.
set -u
BUILD=${BUILD:-build}
export BUILD
export VIREO=${VIREO:-$BUILD/vireo-riscv64}
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_suite() {
    local name=$1; shift
    local start=$SECONDS rc
    : >"$log"
    "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    local p f
    p=$(grep -cE '^X?PASS ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $name: suite exited with status $rc"
        f=1
    fi
    pass=$((pass + p))
    fail=$((fail + f))
    echo "== $name: $p passed, $f failed ($((SECONDS - start))s)"
}

for t in "$BUILD"/tests/unit/test-*; do
    [ -x "$t" ] || continue
    run_suite "unit/$(basename "$t")" "$t"
done
for s in tests/*/run.sh; do
    [ -x "$s" ] || continue
    run_suite "$(basename "$(dirname "$s")")" "$s"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
