#!/bin/sh
# /init of the boot test (tests/boot/run.sh appends it to the default guest's
# initramfs as a second cpio archive, so it replaces that /init).
# Prints "CHECK-OK name" or "CHECK-FAIL name: detail" per check, reads shell
# commands from the console when the host sends them, then "BOOT-OK" and powers
# off.  Kernel command line knobs: boot.smp=N (expected CPU count),
# boot.stdin=0 (do not wait for console input).
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp
echo "BOOT-MARKER $(uname -sr) $(uname -m)"

ok() { echo "CHECK-OK $1"; }
bad() { echo "CHECK-FAIL $1: $2"; }
check() { # name cond-command... : ok when the command succeeds
    n=$1; shift
    if "$@"; then ok "$n"; else bad "$n" "'$*' failed"; fi
}

SMP=1
STDIN=1
for a in $(cat /proc/cmdline); do
    case $a in
        boot.smp=*) SMP=${a#boot.smp=} ;;
        boot.stdin=*) STDIN=${a#boot.stdin=} ;;
    esac
done

check mounts test -r /proc/self/status -a -d /sys/kernel -a -d /dev
isa=$(grep -m1 '^isa' /proc/cpuinfo | sed 's/.*: *//')
echo "INFO isa $isa"
case $isa in
    rv64imafdc*) ok isa ;;
    *) bad isa "unexpected ISA string '$isa'" ;;
esac
n=$(grep -c '^processor' /proc/cpuinfo)
if [ "$n" = "$SMP" ] && [ "$(nproc)" = "$SMP" ]; then ok smp; else bad smp "$n CPUs, expected $SMP"; fi
if [ "$SMP" -gt 1 ]; then
    # Work pinned to the last CPU runs there (field 39 of stat: the CPU it ran on).
    last=$((SMP - 1))
    on=$(taskset $((1 << last)) awk '{ print $39 }' /proc/self/stat 2>&1)
    if [ "$on" = "$last" ]; then ok smp-pinned; else bad smp-pinned "taskset to CPU $last ran on '$on'"; fi
fi

ticks() { awk '/riscv-timer/ { s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s }' /proc/interrupts; }
t0=$(ticks)
d0=$(date +%s)
read -r u0 _ </proc/uptime
sleep 2
t1=$(ticks)
d1=$(date +%s)
read -r u1 _ </proc/uptime
echo "INFO timer-ticks $t0 -> $t1, date $d0 -> $d1, uptime $u0 -> $u1"
if [ "${t1:-0}" -gt "${t0:-0}" ]; then ok timer; else bad timer "riscv-timer count $t0 -> $t1"; fi
# Every CPU took timer interrupts.
idle=$(awk '/riscv-timer/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) if ($i == 0) print "CPU" i - 2 }' /proc/interrupts)
if [ -z "$idle" ]; then ok timer-percpu; else bad timer-percpu "no timer interrupt on $idle"; fi
if [ "$d1" -gt "$d0" ]; then ok date; else bad date "date +%s $d0 -> $d1 across sleep 2"; fi

i=0; s=0
while [ $i -lt 2000 ]; do s=$(((s * 31 + i) % 1000003)); i=$((i + 1)); done
if [ "$s" = 689634 ]; then ok arith; else bad arith "got $s"; fi

# Real work through fork, exec, pipes and the page cache.
dd if=/dev/zero bs=1024 count=256 2>/dev/null | tr '\0' 'v' >/tmp/f
sum=$(gzip -c /tmp/f | gzip -dc | md5sum | cut -d' ' -f1)
if [ "$sum" = "$(md5sum </tmp/f | cut -d' ' -f1)" ] && [ "$(wc -c </tmp/f)" = 262144 ]; then
    ok pipes
else
    bad pipes "gzip round trip md5 $sum"
fi

# Kernel errors are printed for review; oopses and warnings fail.
dmesg | grep -v 'command line' | grep -i -E 'error|fail|warn|oops|bug:|panic|call trace' | sed 's/^/DMESG /'
if dmesg | grep -q -E 'Oops|BUG:|WARNING:|Call Trace|Kernel panic|hard LOCKUP|soft lockup'; then
    bad dmesg "kernel oops/warning/lockup in dmesg"
else
    ok dmesg
fi

if [ "$STDIN" = 1 ]; then
    # The host answers this marker with shell commands on the serial console.
    echo "STDIN-READY"
    timeout 60 sh || echo "STDIN-TIMEOUT"
fi
echo "BOOT-OK"
poweroff -f
sleep 5
echo "POWEROFF-FAILED"
