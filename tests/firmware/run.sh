#!/usr/bin/env bash
# Firmware tests: Debian's OpenSBI fw_dynamic boots to its banner, then runs a
# small S-mode payload (SBI console, timer interrupt, system reset), on QEMU
# (the oracle) and on Vireo with both back ends.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VIREO=${VIREO:-$BUILD/vireo-riscv64}
OUT=$BUILD/tests/firmware
mkdir -p "$OUT"
FW=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
if [ ! -f "$FW" ]; then
    echo "FAIL firmware/opensbi: $FW missing (scripts/install-deps.sh installs opensbi)"
    exit 1
fi

riscv64-unknown-elf-gcc -nostdlib -nostartfiles -march=rv64gc -mabi=lp64d -mcmodel=medany \
    -Wl,-Ttext=0x80200000 -o "$OUT/payload.elf" tests/firmware/payload.S || exit 1
riscv64-unknown-elf-objcopy -O binary "$OUT/payload.elf" "$OUT/payload.bin" || exit 1

# check NAME OUTPUT_FILE PATTERN...
check() {
    local name=$1 file=$2; shift 2
    for pat in "$@"; do
        if ! grep -q -- "$pat" "$file"; then
            echo "FAIL $name: no '$pat' in the console (see $file)"
            return
        fi
    done
    echo "PASS $name"
}

run_one() {
    local label=$1; shift
    # Without a kernel OpenSBI jumps to an empty next stage: stop after 5 s.
    timeout 10 "$@" -M virt -m 256M -nographic -bios "$FW" </dev/null \
        >"$OUT/$label-banner.out" 2>&1
    check "$label/opensbi-banner" "$OUT/$label-banner.out" "OpenSBI v" "Platform Name" \
        "Boot HART ISA"
    timeout 30 "$@" -M virt -m 256M -nographic -bios "$FW" -kernel "$OUT/payload.bin" \
        </dev/null >"$OUT/$label-payload.out" 2>&1
    local rc=$?
    check "$label/opensbi-payload" "$OUT/$label-payload.out" "hello from S-mode" \
        "timer interrupt taken"
    if [ $rc -ne 0 ]; then
        echo "FAIL $label/opensbi-poweroff: exit status $rc"
    else
        echo "PASS $label/opensbi-poweroff"
    fi
}

run_one qemu qemu-system-riscv64
if [ -x "$VIREO" ]; then
    run_one vireo-jit "$VIREO" -accel tcg,backend=jit
    run_one vireo-interp "$VIREO" -accel tcg,backend=interp
fi
