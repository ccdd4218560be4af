#!/usr/bin/env bash
# make bench: run the bare-metal benchmark programs on qemu-system-riscv64 and on
# Vireo (JIT and interpreter back ends) in the same run, and print the times
# and ratios (the interpreter, ~10x slower, runs once).  Usage: bench/run.sh [VIREO]   (env: RUNS=3, BUILD=build, ONLY=name)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
VIREO=${1:-$BUILD/vireo-riscv64}
RUNS=${RUNS:-3}
OUT=$BUILD/bench
mkdir -p "$OUT"

CC=riscv64-unknown-elf-gcc
CFLAGS="-O2 -march=rv64gc -mabi=lp64d -mcmodel=medany -ffreestanding -nostdlib -nostartfiles \
        -fno-builtin -Wall -T bench/guest/link.ld"
PROGS=(aluloop intloop fploop memloop)
[ -n "${ONLY:-}" ] && PROGS=("$ONLY")

for p in "${PROGS[@]}"; do
    if [ ! -f "$OUT/$p.elf" ] || [ "bench/guest/$p.c" -nt "$OUT/$p.elf" ]; then
        $CC $CFLAGS -o "$OUT/$p.elf" bench/guest/start.S bench/guest/lib.c "bench/guest/$p.c"
    fi
done

# time_run LABEL CMD...: prints seconds (median of RUNS) and saves the console.
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
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

ratio() {
    if [[ $1 == FAILED || $2 == FAILED ]]; then
        echo "-"
    else
        printf '%.2f' "$(echo "$1 / $2" | bc -l)"
    fi
}

printf '| program | qemu (s) | vireo jit (s) | vireo interp (s) | jit speed vs qemu | jit vs interp |\n'
printf '|---|---:|---:|---:|---:|---:|\n'
for p in "${PROGS[@]}"; do
    elf=$OUT/$p.elf
    common=(-M virt -m 256M -bios none -nographic -kernel "$elf")
    q=$(time_run "$RUNS" "$p.qemu" qemu-system-riscv64 "${common[@]}")
    j=$(time_run "$RUNS" "$p.jit" "$VIREO" "${common[@]}" -accel tcg,backend=jit)
    n=$(time_run 1 "$p.interp" "$VIREO" "${common[@]}" -accel tcg,backend=interp)
    check=""
    for b in jit interp; do
        if ! cmp -s <(grep checksum "$OUT/$p.qemu.out") <(grep checksum "$OUT/$p.$b.out"); then
            check="$check (checksum mismatch: $b)"
        fi
    done
    # "jit speed vs qemu" > 1 means Vireo is faster.
    printf '| %s | %s | %s | %s | %sx | %sx |%s\n' "$p" "$q" "$j" "$n" "$(ratio "$q" "$j")" \
        "$(ratio "$n" "$j")" "$check"
done
