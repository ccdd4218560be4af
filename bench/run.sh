#!/usr/bin/env bash
# make bench: run the bare-metal benchmark programs on qemu-system-riscv64, on
# Vireo (JIT and interpreter back ends) and natively on the host (the same C
# compiled with the host's gcc -O2) in the same run, and print the times and
# ratios (the interpreter, ~10x slower, runs once).  A back end whose checksum
# differs from QEMU's is flagged.
# Usage: bench/run.sh [VIREO]   (env: RUNS=3, BUILD=build, ONLY=name, HOST_CC=cc)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
VIREO=${1:-$BUILD/vireo-riscv64}
RUNS=${RUNS:-3}
OUT=$BUILD/bench
mkdir -p "$OUT"

CC=riscv64-unknown-elf-gcc
CFLAGS=(-O2 -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -nostdlib -nostartfiles
        -fno-builtin -Wall -T bench/guest/link.ld)
# The native build: bench/guest/lib.h switches to bench/guest/host/lib.h (printf,
# libc's memset/memcpy) when the target is not RISC-V.  GCC fuses a*b+c into
# fmadd.d for rv64gc (-ffp-contract=fast is its default); on x86-64 it fuses the
# same operations only with -mfma, and floating-point checksums are bit-identical
# only then.  A missing host compiler or a failed build shows "-".
HOST_CC=${HOST_CC:-cc}
HOST_CFLAGS=(-O2 -Wall)
[ "$(uname -m)" = x86_64 ] && HOST_CFLAGS+=(-mfma)
PROGS=(aluloop intloop fploop memloop shaloop)
[ -n "${ONLY:-}" ] && PROGS=("$ONLY")

# stale TARGET SOURCE...: TARGET is missing or older than a source.
stale() {
    local target=$1 src; shift
    [ -f "$target" ] || return 0
    for src in "$@"; do
        [ "$src" -nt "$target" ] && return 0
    done
    return 1
}

guest_lib=(bench/guest/start.S bench/guest/lib.c bench/guest/lib.h bench/guest/link.ld)
for p in "${PROGS[@]}"; do
    src=bench/guest/$p.c
    if stale "$OUT/$p.elf" "$src" "${guest_lib[@]}"; then
        $CC "${CFLAGS[@]}" -o "$OUT/$p.elf" bench/guest/start.S bench/guest/lib.c "$src"
    fi
    if ! command -v "$HOST_CC" >/dev/null; then
        rm -f "$OUT/$p.native"
    elif stale "$OUT/$p.native" "$src" bench/guest/lib.h bench/guest/host/lib.h; then
        log=$OUT/$p.native.log
        if ! "$HOST_CC" "${HOST_CFLAGS[@]}" -o "$OUT/$p.native" "$src" -lm 2>"$log"; then
            echo "bench: native build of $p failed (see $log)" >&2
            rm -f "$OUT/$p.native"
        fi
    fi
done

# time_run RUNS LABEL CMD...: prints seconds (median of RUNS) and saves the console.
time_run() {
    local runs=$1 label=$2; shift 2
    local times=() t0 t1
    for ((i = 0; i < runs; i++)); do
        t0=$EPOCHREALTIME
        if ! timeout 600 "$@" >"$OUT/$label.out" 2>&1 </dev/null; then
            echo "FAILED"
            return
        fi
        t1=$EPOCHREALTIME
        times+=("$(echo "$t1 - $t0" | bc -l)")
    done
    printf '%.3f\n' "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
}

# ratio A B: A / B, or "-" when either is not a time ("FAILED", "-").
ratio() {
    if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]]; then
        printf '%.2fx' "$(echo "$1 / $2" | bc -l)"
    else
        echo "-"
    fi
}

# "jit speed vs qemu" > 1 means Vireo is faster; "jit vs interp" is how many
# times faster the JIT is than the interpreter; "jit vs native" and "interp vs
# native" are how many times slower than the host running the same program.
printf '| program | qemu (s) | vireo jit (s) | vireo interp (s) | native (s) '
printf '| jit speed vs qemu | jit vs interp | jit vs native | interp vs native |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for p in "${PROGS[@]}"; do
    elf=$OUT/$p.elf
    common=(-M virt -m 256M -bios none -nographic -kernel "$elf")
    q=$(time_run "$RUNS" "$p.qemu" qemu-system-riscv64 "${common[@]}")
    j=$(time_run "$RUNS" "$p.jit" "$VIREO" "${common[@]}" -accel tcg,backend=jit)
    n=$(time_run 1 "$p.interp" "$VIREO" "${common[@]}" -accel tcg,backend=interp)
    backends=(jit interp)
    h="-"
    if [ -x "$OUT/$p.native" ]; then
        h=$(time_run "$RUNS" "$p.native" "$OUT/$p.native")
        backends+=(native)
    fi
    check=""
    for b in "${backends[@]}"; do
        if ! cmp -s <(grep checksum "$OUT/$p.qemu.out") <(grep checksum "$OUT/$p.$b.out"); then
            check="$check (checksum mismatch: $b)"
        fi
    done
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |%s\n' "$p" "$q" "$j" "$n" "$h" \
        "$(ratio "$q" "$j")" "$(ratio "$n" "$j")" "$(ratio "$j" "$h")" "$(ratio "$n" "$h")" \
        "$check"
done
