#!/usr/bin/env bash
# Build and run the bare-metal ISA tests on QEMU and, if it is built, on Vireo
# (interpreter and JIT back ends, and the JIT with -icount).  One line per run:
#   PASS|FAIL|XFAIL|XPASS <backend>/<test>[: reason]
# Environment: BUILD (default build), VIREO (default $BUILD/vireo-riscv64),
# QEMU (default qemu-system-riscv64), TIMEOUT per QEMU run in seconds (default
# 20), VTIMEOUT per Vireo run (default 10: bounds the suite if Vireo hangs),
# JOBS parallel runs (default nproc), TESTS="name ..." to run a subset,
# KEEP=1 to keep the console logs (printed at the end).
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-build}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
VIREO=${VIREO:-$BUILD/vireo-riscv64}
QEMU=${QEMU:-qemu-system-riscv64}
TIMEOUT=${TIMEOUT:-20}
VTIMEOUT=${VTIMEOUT:-10}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# shellcheck source=tests/isa/common/runlib.sh
. "$here/common/runlib.sh"

if ! MAKEFLAGS='' MAKELEVEL='' make --no-print-directory -s -C "$here" BUILD="$BUILD" >"$BUILD/isa-build.log" 2>&1; then
    cat "$BUILD/isa-build.log"
    echo "FAIL isa/build: make -C tests/isa failed"
    exit 1
fi
xfail_load "$here/XFAIL"

# Extra options per run: lines "<backend-glob>/<test-glob> <options...>" in OPTS.
extra_opts() {
    local key=$1 pat opts
    [ -f "$here/OPTS" ] || return 0
    while read -r pat opts; do
        case $pat in ''|'#'*) continue ;; esac
        # shellcheck disable=SC2053
        [[ $key == $pat ]] && echo "${opts%%#*}"
    done <"$here/OPTS"
}

tests=${TESTS:-$(MAKEFLAGS='' MAKELEVEL='' make --no-print-directory -s -C "$here" list)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
backends="qemu"
for b in $(vireo_backends); do backends="$backends vireo-$b"; done
# Also the JIT under -icount (deterministic virtual time): counters and timer
# interrupts must behave the same when time follows executed instructions.
[ -x "$VIREO" ] && backends="$backends vireo-icount"

# run_one BACKEND TEST: write the report line to $tmp/<backend>.<test>.res
run_one() {
    local backend=$1 t=$2 elf="$BUILD/tests/isa/$2.elf" log="$tmp/$1.$2.log" rc
    local cmd limit=$VTIMEOUT
    case $backend in
        qemu) cmd=("$QEMU"); limit=$TIMEOUT ;;
        vireo-icount) cmd=("$VIREO" -accel tcg,backend=jit -icount shift=0) ;;
        vireo-*) cmd=("$VIREO" -accel "tcg,backend=${backend#vireo-}") ;;
    esac
    # shellcheck disable=SC2046
    timeout -k 2 "$limit" "${cmd[@]}" -M virt -bios none -kernel "$elf" -nographic \
        -m 256M $(extra_opts "$backend/$t") </dev/null >"$log" 2>&1
    rc=$?
    local reason="exit $rc"
    [ $rc -eq 124 ] && reason="timeout after ${limit}s"
    local msg
    msg=$(grep -a -m1 'FAIL' "$log" | tr -d '\r')
    [ -z "$msg" ] && msg=$(grep -a -v '^\s*$' "$log" | tail -n 1 | tr -d '\r')
    [ -n "$msg" ] && reason="$reason: $msg"
    if [ $rc -eq 0 ]; then
        report "$backend/$t" 1 "" >"$tmp/$backend.$t.res"
    else
        report "$backend/$t" 0 "$reason" >"$tmp/$backend.$t.res"
    fi
}

for t in $tests; do
    if [ ! -f "$BUILD/tests/isa/$t.elf" ]; then
        echo "FAIL isa/$t: no such test"
        continue
    fi
    for b in $backends; do
        job_wait_slot
        run_one "$b" "$t" &
    done
done
wait

status=0
for b in $backends; do
    for t in $tests; do
        f="$tmp/$b.$t.res"
        [ -f "$f" ] || continue
        cat "$f"
        grep -q '^FAIL' "$f" && status=1
        if [ "${KEEP:-}" = 1 ]; then
            mkdir -p "$BUILD/tests/isa/logs" && cp "$tmp/$b.$t.log" "$BUILD/tests/isa/logs/"
        fi
    done
done
[ -x "$VIREO" ] || echo "SKIP vireo: $VIREO not built"

# Translation shape (performance features that no result would reveal): a
# short forward branch inside a loop does not end the block (superblocks),
# and a loop block jumps to its own start with goto_tb's loop flag (which
# lets the JIT keep guest registers in host registers across iterations).
shape_check() {
    local elf="$BUILD/tests/isa/superblock.elf" log="$tmp/shape.log"
    [ -x "$VIREO" ] && [ -f "$elf" ] || return 0
    timeout "$VTIMEOUT" "$VIREO" -M virt -m 64M -bios none -nographic -kernel "$elf" \
        -d in_asm,op_opt -D "$log" </dev/null >/dev/null 2>&1
    # An IN: block with a conditional branch that is not its last insn.
    if awk '/^IN:/ { br = 0; next }
            /^0x[0-9a-f]+: / { if (br) found = 1; br = ($3 ~ /^(c\.)?b(eq|ne|lt|ge|ltu|geu|eqz|nez)$/) }
            /^$/ { br = 0 }
            END { exit !found }' "$log"; then
        echo "PASS shape/superblock"
    else
        echo "FAIL shape/superblock: no block goes on past a forward branch"
        status=1
    fi
    if grep -q 'goto_tb \$0x[01],\$0x1' "$log"; then
        echo "PASS shape/loop-goto_tb"
    else
        echo "FAIL shape/loop-goto_tb: no block jumps to its own start with the loop flag"
        status=1
    fi
}
[ -z "${TESTS:-}" ] && shape_check
exit $status
