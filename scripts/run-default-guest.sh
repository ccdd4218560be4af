#!/usr/bin/env bash
# run-default-guest.sh BINARY: boot the default guest (OpenSBI, a Debian
# riscv64 kernel and a busybox initramfs, see fetch-guest.sh) to a shell on
# the serial console.  Ctrl-A X quits; extra arguments go to Vireo.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-build/vireo-riscv64}
shift || true
[ -x "$BIN" ] || { echo "run-default-guest: $BIN is not built (make)" >&2; exit 1; }

guest=$("$here/fetch-guest.sh")
echo "Booting $guest/Image with OpenSBI; Ctrl-A X quits." >&2
exec "$BIN" -M virt -m 512M -smp "${SMP:-1}" -nographic -bios default \
    -kernel "$guest/Image" -initrd "$guest/initramfs.cpio.gz" \
    -append "console=ttyS0 earlycon=sbi rdinit=/init ${APPEND:-}" "$@"
