#!/usr/bin/env bash
# Boot test: OpenSBI + the Debian riscv64 kernel + the busybox initramfs of
# scripts/fetch-guest.sh, with tests/boot/init.sh appended as a second cpio
# archive (it replaces /init).  The guest runs a few checks, then the host
# types shell commands on the serial console (a pipe on stdin), the guest
# prints BOOT-OK and powers off (poweroff -f -> SBI SRST -> sifive_test).
# Every configuration runs on QEMU (the oracle) and on Vireo (JIT and
# interpreter back ends), with -smp 1 and -smp 2.  One line per run:
#   PASS|FAIL|XFAIL|XPASS boot/<config>[: reason]          the boot and checks
#   PASS|FAIL|XFAIL|XPASS boot/<config>/stdin[: reason]     console input
# A config passes when BOOT-OK appears, no check failed and the exit status
# is 0.  Kernel log lines that mention errors and appear on Vireo but not on
# QEMU are printed as "# <config>: dmesg: ..." for review.
# Environment: BUILD, VIREO, QEMU, CONFIGS="qemu-smp1 vireo-jit-smp2 ...",
# TIMEOUT (per QEMU/JIT run, default 90 s), ITIMEOUT (interpreter, 120 s),
# JOBS (parallel runs, default nproc), KEEP=1 keeps the logs.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
VIREO=${VIREO:-$BUILD/vireo-riscv64}
case $VIREO in /*) ;; *) VIREO=$top/$VIREO ;; esac
QEMU=${QEMU:-qemu-system-riscv64}
TIMEOUT=${TIMEOUT:-90}
ITIMEOUT=${ITIMEOUT:-120}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
CONFIGS=${CONFIGS:-qemu-smp1 qemu-smp2 vireo-jit-smp1 vireo-jit-smp2 vireo-interp-smp1
                   vireo-interp-smp2}

tmp=$(mktemp -d)
if [ "${KEEP:-0}" = 1 ]; then
    trap 'echo "# logs kept in $tmp"' EXIT
else
    trap 'rm -rf "$tmp"' EXIT
fi

XFAIL=()
if [ -f "$here/XFAIL" ]; then
    while read -r l _; do
        case $l in '' | '#'*) continue ;; esac
        XFAIL+=("$l")
    done <"$here/XFAIL"
fi
# report NAME OK REASON
report() {
    local x
    for x in "${XFAIL[@]+"${XFAIL[@]}"}"; do
        if [ "$x" = "$1" ]; then
            if [ "$2" = 1 ]; then echo "XPASS boot/$1"; else echo "XFAIL boot/$1: $3"; fi
            return
        fi
    done
    if [ "$2" = 1 ]; then echo "PASS boot/$1"; else echo "FAIL boot/$1: $3"; fi
}

if ! guest=$("$top/scripts/fetch-guest.sh" 2>"$tmp/fetch.err"); then
    why=$(grep -m1 'error:' "$tmp/fetch.err" ||
          grep -m1 -E '^(E:|W: Failed)|Could not|Temporary failure' "$tmp/fetch.err" ||
          grep -v '^$' "$tmp/fetch.err" | tail -n1)
    echo "FAIL boot/fetch: scripts/fetch-guest.sh failed: ${why:-no message}"
    exit 1
fi
for t in cpio gzip; do
    command -v $t >/dev/null || { echo "FAIL boot/fetch: missing host tool $t"; exit 1; }
done
mkdir -p "$tmp/root"
install -m 755 "$here/init.sh" "$tmp/root/init"
(cd "$tmp/root" && echo init | cpio --quiet -o -H newc -R 0:0) | gzip -n >"$tmp/overlay.cpio.gz"
cat "$guest/initramfs.cpio.gz" "$tmp/overlay.cpio.gz" >"$tmp/initrd.gz"

# The console input: sent once the guest asks for it, then stdin stays open
# until the emulator has exited (as a terminal would).
feed() {
    local log=$1 done=$2 sent=0
    while [ ! -e "$done" ]; do
        if [ $sent = 0 ] && grep -q '^STDIN-READY' "$log" 2>/dev/null; then
            sleep 0.5
            printf 'echo hi-from-$((6*7))\nexit\n'
            sent=1
        fi
        sleep 0.2
    done
}

# run_one CONFIG: boot, then write the report lines to $tmp/CONFIG.res
run_one() {
    local cfg=$1 log=$tmp/$1.log smp=${1##*-smp} limit=$TIMEOUT cmd rc
    case $cfg in
        qemu-*) cmd=("$QEMU") ;;
        vireo-interp-*) cmd=("$VIREO" -accel "tcg,backend=interp"); limit=$ITIMEOUT ;;
        vireo-jit-*) cmd=("$VIREO" -accel "tcg,backend=jit") ;;
        *) echo "FAIL boot/$cfg: unknown configuration" >"$tmp/$cfg.res"; return ;;
    esac
    : >"$log"
    local t0=$EPOCHREALTIME
    feed "$log" "$tmp/$cfg.done" |
        { timeout -k 5 "$limit" "${cmd[@]}" -M virt -m 512M -smp "$smp" -nographic -no-reboot \
              -bios default -kernel "$guest/Image" -initrd "$tmp/initrd.gz" \
              -append "console=ttyS0 quiet panic=-1 boot.smp=$smp" >"$log" 2>&1
          echo $? >"$tmp/$cfg.rc"; touch "$tmp/$cfg.done"; }
    rc=$(cat "$tmp/$cfg.rc")
    local secs
    secs=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    tr -d '\r' <"$log" >"$log.txt"
    {
        local why=() ok=1
        if ! grep -q '^BOOT-OK' "$log.txt"; then
            ok=0
            why+=("no BOOT-OK marker (last line: $(grep -v '^$' "$log.txt" | tail -n1 | cut -c1-80))")
        fi
        [ "$rc" = 0 ] || { ok=0; why+=("exit status $rc$([ "$rc" = 124 ] && echo " (timeout ${limit}s)")"); }
        if grep -q '^CHECK-FAIL' "$log.txt"; then
            ok=0
            why+=("$(grep '^CHECK-FAIL' "$log.txt" | sed 's/^CHECK-FAIL //' | paste -sd';' -)")
        fi
        if grep -q '^POWEROFF-FAILED' "$log.txt"; then ok=0; why+=("poweroff -f did not end the run"); fi
        report "$cfg" $ok "$(IFS=';'; echo "${why[*]}")"
        if grep -q '^STDIN-READY' "$log.txt"; then
            if grep -q '^hi-from-42' "$log.txt"; then
                report "$cfg/stdin" 1 ""
            else
                report "$cfg/stdin" 0 "no reply to 'echo hi-from-\$((6*7))' typed on stdin"
            fi
        else
            report "$cfg/stdin" 0 "the guest never asked for input"
        fi
        echo "# $cfg: ${secs}s, exit $rc; $(grep -m1 '^INFO timer' "$log.txt" | cut -c6-)"
    } >"$tmp/$cfg.res"
}

for cfg in $CONFIGS; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    run_one "$cfg" &
done
wait

for cfg in $CONFIGS; do
    cat "$tmp/$cfg.res"
done
# Kernel error lines seen on Vireo but not on QEMU, for review.
for cfg in $CONFIGS; do
    case $cfg in vireo-*) ;; *) continue ;; esac
    ref=$tmp/qemu-smp${cfg##*-smp}.log.txt
    [ -f "$ref" ] || continue
    grep '^DMESG ' "$tmp/$cfg.log.txt" | sed 's/^DMESG \[ *[0-9.]*\] //' | sort -u >"$tmp/a"
    grep '^DMESG ' "$ref" | sed 's/^DMESG \[ *[0-9.]*\] //' | sort -u >"$tmp/b"
    comm -23 "$tmp/a" "$tmp/b" | sed "s/^/# $cfg: dmesg: /"
done
