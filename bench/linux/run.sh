#!/usr/bin/env bash
# bench/linux/run.sh [VIREO]: boot the Debian riscv64 kernel + busybox
# initramfs of scripts/fetch-guest.sh on qemu-system-riscv64 and on Vireo
# (JIT) one after the other, time the boot and busybox workloads inside the
# guest from the host (every console line is stamped with $EPOCHREALTIME as it
# arrives), and print a markdown table.  Each workload prints a checksum; a
# difference between the two emulators is reported as a warning.
# Metrics: boot = launch -> BENCH-BOOT-DONE (first line of /init); a workload =
# its BENCH-BEGIN -> BENCH-END lines; total = launch -> emulator exit.
# Env: RUNS (1; the median is shown), SCALE (1, workload size multiplier),
# WORKLOADS ("gen sha256 md5 gzip gunzip sort sh-arith forkexec", or none),
# SMP (1), MEM (512M), TIMEOUT (600 s per boot), QEMU, VIREO_ACCEL
# (tcg,backend=jit), BUILD (build; logs go to $BUILD/bench/linux).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
VIREO=${1:-${VIREO:-$BUILD/vireo-riscv64}}
QEMU=${QEMU:-qemu-system-riscv64}
RUNS=${RUNS:-1}
SCALE=${SCALE:-1}
WORKLOADS=${WORKLOADS:-gen sha256 md5 gzip gunzip sort sh-arith forkexec}
SMP=${SMP:-1}
MEM=${MEM:-512M}
TIMEOUT=${TIMEOUT:-600}
OUT=$BUILD/bench/linux
mkdir -p "$OUT"

say() { printf '[bench/linux] %s\n' "$*" >&2; }
[ -x "$VIREO" ] || { say "$VIREO is not built (make)"; exit 1; }
command -v "$QEMU" >/dev/null || { say "$QEMU not found (scripts/install-deps.sh)"; exit 1; }
[ -n "${EPOCHREALTIME:-}" ] || { say "bash >= 5 required (EPOCHREALTIME)"; exit 1; }
guest=$(scripts/fetch-guest.sh) || { say "cannot fetch the guest (scripts/fetch-guest.sh failed)"; exit 1; }

# The bench /init and workloads, appended to the default initramfs as a
# second cpio archive (the later /init replaces the first).
rm -rf "$OUT/root"
mkdir -p "$OUT/root/bench"
install -m 755 bench/linux/init.sh "$OUT/root/init"
install -m 755 bench/linux/workload.sh "$OUT/root/bench/workload.sh"
(cd "$OUT/root" && printf '%s\n' init bench bench/workload.sh |
    cpio --quiet -o -H newc -R 0:0) | gzip -n >"$OUT/overlay.cpio.gz"
cat "$guest/initramfs.cpio.gz" "$OUT/overlay.cpio.gz" >"$OUT/initrd.gz"

run_csv=$(echo $WORKLOADS | tr ' ' ,)
common=(-M virt -m "$MEM" -smp "$SMP" -nographic -no-reboot -bios default
        -kernel "$guest/Image" -initrd "$OUT/initrd.gz"
        -append "console=ttyS0 quiet panic=-1 bench.run=${run_csv:-none} bench.scale=$SCALE")

# stamped_run LOG CMD...: every output line as "<epoch>\t<line>"; the first
# line is the launch, the last "BENCH-HOST-EXIT <status>".
stamped_run() {
    local log=$1; shift
    {
        printf '%s\tBENCH-HOST-START\n' "$EPOCHREALTIME"
        { timeout -k 5 "$TIMEOUT" "$@" </dev/null 2>&1 || echo "BENCH-HOST-STATUS $?"; } |
            while IFS= read -r line || [ -n "$line" ]; do
                printf '%s\t%s\n' "$EPOCHREALTIME" "${line//$'\r'/}"
            done
        printf '%s\tBENCH-HOST-EXIT\n' "$EPOCHREALTIME"
    } >"$log"
}

# metrics LOG: "metric seconds" lines, and "check name sum" lines.
metrics() {
    awk -F'\t' '
        { split($2, f, " ") }
        f[1] == "BENCH-HOST-START" { t0 = $1 }
        f[1] == "BENCH-BOOT-DONE" && !boot { boot = 1; printf "boot %.3f\n", $1 - t0 }
        f[1] == "BENCH-BEGIN" { tb[f[2]] = $1 }
        f[1] == "BENCH-END" { printf "%s %.3f\n", f[2], $1 - tb[f[2]] }
        f[1] == "BENCH-CHECK" { c = $2; sub(/^BENCH-CHECK [^ ]+ /, "", c); print "check", f[2], c }
        f[1] == "BENCH-DONE" { done = 1 }
        f[1] == "BENCH-HOST-STATUS" { status = f[2] }
        f[1] == "BENCH-HOST-EXIT" && done && !status { printf "total %.3f\n", $1 - t0 }
        END { if (!done || status) print "failed", (status ? "exit status " status : "no BENCH-DONE") }
    ' "$1"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
labels=(qemu vireo)
declare -A cmd_of=([qemu]="$QEMU" [vireo]="$VIREO")
for r in $(seq 1 "$RUNS"); do
    for l in "${labels[@]}"; do
        extra=()
        [ $l = vireo ] && extra=(-accel "${VIREO_ACCEL:-tcg,backend=jit}")
        say "run $r/$RUNS: $l (workloads: ${WORKLOADS:-none}, scale $SCALE, smp $SMP)"
        stamped_run "$OUT/$l-run$r.log" "${cmd_of[$l]}" "${common[@]}" "${extra[@]}"
        metrics "$OUT/$l-run$r.log" >"$OUT/$l-run$r.txt"
        if grep -q '^failed' "$OUT/$l-run$r.txt"; then
            say "$l: $(grep '^failed' "$OUT/$l-run$r.txt" | cut -d' ' -f2-); last lines of $OUT/$l-run$r.log:"
            tail -n 5 "$OUT/$l-run$r.log" | cut -f2- >&2
        fi
    done
done

# median LABEL METRIC: the median over the runs that have the metric, or "-".
median() {
    cat "$OUT/$1"-run*.txt | awk -v m="$2" '$1 == m { print $2 }' | sort -n |
        awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'
}

metrics_list="boot $WORKLOADS total"
echo
echo "Linux guest: $(head -n1 "$guest/VERSIONS"), smp $SMP, scale $SCALE, median of $RUNS run(s);" \
    "host: $(nproc) CPUs, load average $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo
echo "| metric | qemu (s) | vireo${VIREO_ACCEL:+ ($VIREO_ACCEL)} (s) | vireo speed vs qemu (x) |"
echo "|---|---:|---:|---:|"
for m in $metrics_list; do
    q=$(median qemu "$m")
    v=$(median vireo "$m")
    x=$(awk -v q="$q" -v v="$v" 'BEGIN { if (q == "-" || v == "-" || v <= 0) print "-";
                                         else printf "%.2f", q / v }')
    echo "| $m | $q | $v | $x |"
done
echo
status=0
for l in "${labels[@]}"; do
    if grep -q '^failed' "$OUT/$l"-run*.txt; then
        echo "WARNING: $l: $(grep -h '^failed' "$OUT/$l"-run*.txt | head -n1 | cut -d' ' -f2-) (logs in $OUT)"
        status=1
    fi
done
for w in $WORKLOADS; do
    q=$(awk -v w="$w" '$1 == "check" && $2 == w { $1 = $2 = ""; print substr($0, 3) }' \
        "$OUT"/qemu-run*.txt | sort -u)
    v=$(awk -v w="$w" '$1 == "check" && $2 == w { $1 = $2 = ""; print substr($0, 3) }' \
        "$OUT"/vireo-run*.txt | sort -u)
    if [ -z "$q" ] || [ -z "$v" ]; then
        echo "WARNING: $w: no checksum from $([ -z "$q" ] && echo qemu) $([ -z "$v" ] && echo vireo)"
        status=1
    elif [ "$q" != "$v" ]; then
        echo "WARNING: checksum mismatch for $w: qemu '$(echo $q)' vs vireo '$(echo $v)'"
        status=1
    fi
done
[ $status = 0 ] && echo "Checksums: all $(echo $WORKLOADS | wc -w) workloads agree between QEMU and Vireo."
exit $status
