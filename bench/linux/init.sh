#!/bin/sh
# /init of the Linux bench guest (bench/linux/run.sh appends it, with
# workload.sh, to the initramfs of scripts/fetch-guest.sh).  Kernel command
# line: bench.run=name,name,...|none  bench.scale=N
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
echo "BENCH-BOOT-DONE"
RUN=none
SCALE=1
for a in $(cat /proc/cmdline); do
    case $a in
        bench.run=*) RUN=${a#bench.run=} ;;
        bench.scale=*) SCALE=${a#bench.scale=} ;;
    esac
done
# shellcheck disable=SC2046  # the list is split on purpose
[ "$RUN" = none ] || sh /bench/workload.sh "$SCALE" $(echo "$RUN" | tr , ' ')
echo "BENCH-DONE"
poweroff -f
