#!/usr/bin/env bash
# Build the hostile guests and run each on QEMU (the oracle: validates the
# program) and on Vireo with both back ends, under a timeout.  A run passes
# if it exits 0 (the guest's sifive_test PASS): not killed by a signal, not
# timed out, no AddressSanitizer/UBSan report (when VIREO is a SAN=1 build).
# Each guest also runs once more under `-d guest_errors -D FILE`: the log
# must be written and bounded (LOGMAX bytes).  One line per run:
#   PASS|FAIL|XFAIL|XPASS hostile/<backend>/<test>[: reason]
# smp_* guests run with -smp 4, the others with one hart.
# Environment: BUILD, VIREO (default $BUILD/vireo-riscv64), QEMU (default
# qemu-system-riscv64; "none" skips it), TIMEOUT per run (default 30), JOBS,
# TESTS="name ..." for a subset, LOGMAX (default 64 MiB).
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-build}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
VIREO=${VIREO:-$BUILD/vireo-riscv64}
case $VIREO in /*) ;; *) VIREO=$PWD/$VIREO ;; esac
QEMU=${QEMU:-qemu-system-riscv64}
TIMEOUT=${TIMEOUT:-30}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
LOGMAX=${LOGMAX:-$((64 * 1024 * 1024))}
# shellcheck source=tests/isa/common/runlib.sh disable=SC1091
. "$here/../isa/common/runlib.sh"

if ! MAKEFLAGS='' MAKELEVEL='' make --no-print-directory -s -C "$here" BUILD="$BUILD" \
        >"$BUILD/hostile-build.log" 2>&1; then
    cat "$BUILD/hostile-build.log"
    echo "FAIL hostile/build: make -C tests/hostile failed"
    exit 1
fi
if [ ! -x "$VIREO" ]; then
    echo "FAIL hostile/binary: $VIREO not built"
    exit 1
fi
xfail_load "$here/XFAIL"
tests=${TESTS:-$(MAKEFLAGS='' MAKELEVEL='' make --no-print-directory -s -C "$here" list)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
backends="vireo-jit vireo-interp vireo-log"
if [ "$QEMU" != none ]; then
    if command -v "$QEMU" >/dev/null 2>&1; then
        backends="qemu $backends"
    else
        echo "FAIL hostile/qemu: $QEMU not found (QEMU=none to skip the oracle runs)"
    fi
fi

# run_one BACKEND TEST: writes the report line to $tmp/<backend>.<test>.res
run_one() {
    local backend=$1 t=$2 elf="$BUILD/tests/hostile/$2.elf" out="$tmp/$1.$2.out"
    local log="$tmp/$1.$2.log" cmd rc reason="" ok=1 smp=1
    case $t in smp_*) smp=4 ;; esac
    case $backend in
        qemu) cmd=("$QEMU") ;;
        vireo-log) cmd=("$VIREO" -d guest_errors -D "$log") ;;
        vireo-*) cmd=("$VIREO" -accel "tcg,backend=${backend#vireo-}") ;;
    esac
    timeout -k 5 "$TIMEOUT" "${cmd[@]}" -M virt -bios none -nographic -m 256M \
        -smp "$smp" -kernel "$elf" </dev/null >"$out" 2>&1
    rc=$?
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        reason="hung: killed after ${TIMEOUT}s"
    elif [ $rc -gt 128 ]; then
        reason="crashed: killed by signal $((rc - 128))"
    elif [ $rc -ne 0 ]; then
        reason="exit status $rc"
    fi
    if grep -qE 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer' "$out"; then
        reason="${reason:+$reason; }sanitizer report: $(grep -m 1 -E 'ERROR|runtime error' "$out")"
    fi
    if [ "$backend" = vireo-log ] && [ -z "$reason" ]; then
        if [ ! -f "$log" ]; then
            reason="-D $log was not written"
        else
            local size
            size=$(wc -c <"$log")
            if [ "$size" -gt "$LOGMAX" ]; then
                reason="guest_errors log is $size bytes (more than $LOGMAX)"
            elif [ "$t" = wild_mmio ] && [ "$size" -eq 0 ]; then
                reason="guest_errors log is empty after wild MMIO"
            fi
        fi
    fi
    if [ -n "$reason" ]; then
        ok=0
        reason="$reason; console: $(tail -c 300 "$out" | tr -c '[:print:]' ' ')"
    fi
    report "hostile/$backend/$t" "$ok" "$reason" >"$tmp/$backend.$t.res"
    rm -f "$log"
}

for t in $tests; do
    for b in $backends; do
        job_wait_slot
        # (stderr: bash's "Aborted" notice for a crashed run; the report has it)
        run_one "$b" "$t" 2>/dev/null &
    done
done
wait
status=0
for t in $tests; do
    for b in $backends; do
        cat "$tmp/$b.$t.res"
        grep -q '^FAIL' "$tmp/$b.$t.res" && status=1
    done
done
exit $status
