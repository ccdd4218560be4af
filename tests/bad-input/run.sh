#!/usr/bin/env bash
# Malformed options and files: each must fail with exit status 1 and exactly
# one line on stderr naming the option or the file; informational options
# (help, -version) must succeed with output.  One line per test:
#   PASS name | FAIL name: reason | XFAIL name (listed in XFAIL, not counted)
# Environment: BUILD (default build), VIREO (default $BUILD/vireo-riscv64).
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-build}
VIREO=${VIREO:-$BUILD/vireo-riscv64}
case $VIREO in /*) ;; *) VIREO=$PWD/$VIREO ;; esac
if [ ! -x "$VIREO" ]; then
    echo "FAIL bad-input/binary: $VIREO not built"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

XFAIL=()
if [ -f "$here/XFAIL" ]; then
    while IFS= read -r l; do
        l=${l%%#*}; l=$(echo $l)
        [ -n "$l" ] && XFAIL+=("$l")
    done <"$here/XFAIL"
fi
report() { # name ok reason
    local x
    for x in "${XFAIL[@]+"${XFAIL[@]}"}"; do
        if [ "$x" = "$1" ]; then
            if [ "$2" = 1 ]; then echo "XPASS bad-input/$1"; else echo "XFAIL bad-input/$1"; fi
            return
        fi
    done
    if [ "$2" = 1 ]; then
        echo "PASS bad-input/$1"
    else
        echo "FAIL bad-input/$1: $3"
        status=1
    fi
}

run() { # args...: runs Vireo, sets rc, out, err
    timeout -k 2 10 "$VIREO" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# expect_error NAME NEEDLE ARGS...: status 1, one stderr line containing NEEDLE.
expect_error() {
    local name=$1 needle=$2 lines
    shift 2
    run "$@"
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -ne 1 ]; then
        report "$name" 0 "exit status $rc, expected 1 ($(head -c 200 "$tmp/err" | tr '\n' ' '))"
    elif [ "$lines" -ne 1 ]; then
        report "$name" 0 "$lines lines on stderr, expected 1: $(head -c 300 "$tmp/err" | tr '\n' '|')"
    elif ! grep -qF -- "$needle" "$tmp/err"; then
        report "$name" 0 "stderr does not mention '$needle': $(cat "$tmp/err")"
    elif ! grep -q '^vireo-riscv64: ' "$tmp/err"; then
        report "$name" 0 "stderr line lacks the program name: $(cat "$tmp/err")"
    else
        report "$name" 1 ""
    fi
}

# expect_info NAME NEEDLE ARGS...: status 0, stdout contains NEEDLE, stderr empty.
expect_info() {
    local name=$1 needle=$2
    shift 2
    run "$@"
    if [ "$rc" -ne 0 ]; then
        report "$name" 0 "exit status $rc, expected 0 ($(head -c 200 "$tmp/err" | tr '\n' ' '))"
    elif ! grep -qF -- "$needle" "$tmp/out"; then
        report "$name" 0 "stdout does not contain '$needle'"
    elif [ -s "$tmp/err" ]; then
        report "$name" 0 "unexpected stderr: $(head -c 200 "$tmp/err")"
    else
        report "$name" 1 ""
    fi
}

# expect_exit NAME CODE ARGS...: the guest's exit status.
expect_exit() {
    local name=$1 code=$2
    shift 2
    run "$@"
    if [ "$rc" -ne "$code" ]; then
        report "$name" 0 "exit status $rc, expected $code ($(head -c 200 "$tmp/err" | tr '\n' ' '))"
    else
        report "$name" 1 ""
    fi
}

mkelf() { python3 "$here/mkelf.py" "$@"; }
BM=(-M virt -bios none -nographic -m 64M)

# ---- Options -------------------------------------------------------------
expect_error bogus-option "-foo" -foo
expect_error bogus-long-option "--frobnicate" --frobnicate
expect_error stray-argument "disk.img" disk.img
expect_error missing-argument-m "-m" -m
expect_error missing-argument-kernel "-kernel" -kernel
expect_error bad-m-word "abc" -m abc
expect_error bad-m-zero "-m" -m 0
expect_error bad-m-suffix "12Q" -m 12Q
expect_error bad-m-negative "-m" -m -5
expect_error bad-m-huge "-m" -m 100T
expect_error bad-m-prop "slots" -m 1G,slots=2
expect_error bad-smp-zero "-smp" -smp 0
expect_error bad-smp-many "-smp" -smp 99
expect_error bad-smp-word "-smp" -smp many
expect_error bad-smp-topology "-smp" -smp 4,sockets=1,cores=3
expect_error bad-smp-maxcpus "-smp" -smp 2,maxcpus=4
expect_error bad-smp-key "-smp" -smp 2,dies=2
expect_error unknown-machine "nosuch" -M nosuch
expect_error unknown-machine-help "nosuch" -M nosuch,help
expect_error unknown-machine-prop "bogus" -M virt,bogus=1 -bios none
expect_error unknown-cpu "nosuch" -cpu nosuch
expect_error unknown-cpu-prop "-cpu" -cpu rv64,nosuch=on -bios none
expect_error unknown-d-item "nosuch" -d nosuch
expect_error bad-serial "bogus" -serial bogus
expect_error bad-display "gtk" -display gtk
expect_error bad-accel "kvm" -accel kvm
expect_error bad-accel-backend "foo" -accel tcg,backend=foo
expect_error bad-accel-tbsize "tb-size" -accel tcg,tb-size=0
expect_error bad-icount "-icount" -icount shift=99
expect_error bad-icount-auto "-icount" -icount auto
expect_error drive-not-yet "-drive: not supported yet" -drive file=x.img
expect_error netdev-not-yet "-netdev: not supported yet" -netdev user,id=n0
expect_error device-not-yet "-device: not supported yet" -device ns16550a
expect_error device-unknown "nosuch" -device nosuch
expect_error gdb-s-not-yet "-s: not supported yet" -s
expect_error gdb-S-not-yet "-S: not supported yet" -S
expect_error gdb-not-yet "-gdb: not supported yet" -gdb tcp::1234

expect_info help-machine "virt" -M help
expect_info help-machine-props "dumpdtb" -M virt,help
expect_info help-cpu "rv64" -cpu help
expect_info help-cpu-props "zbb" -cpu rv64,help
expect_info help-device "ns16550a" -device help
expect_info help-device-props "num-sources" -device sifive-plic,help
expect_info help-d "guest_errors" -d help
expect_info help-accel "tcg" -accel help
expect_info version "version" -version
expect_info help "-kernel" -h
expect_info help-long "-kernel" --help

# ---- Files ----------------------------------------------------------------
expect_error missing-kernel "$tmp/nonexistent" "${BM[@]}" -kernel "$tmp/nonexistent"
expect_error kernel-is-dir "$tmp" "${BM[@]}" -kernel "$tmp"
expect_error missing-bios "$tmp/nofw.bin" -bios "$tmp/nofw.bin" -nographic
mkelf "$tmp/ok.elf"
expect_error missing-initrd "$tmp/noinitrd" "${BM[@]}" -kernel "$tmp/ok.elf" \
    -initrd "$tmp/noinitrd"
expect_error initrd-without-kernel "-initrd" "${BM[@]}" -initrd "$tmp/ok.elf"
expect_error append-without-kernel "-append" "${BM[@]}" -append "console=ttyS0"
expect_error missing-dtb "$tmp/no.dtb" "${BM[@]}" -kernel "$tmp/ok.elf" -dtb "$tmp/no.dtb"

# The good ELF runs and its exit status comes back through sifive_test.
expect_exit elf-runs-pass 0 "${BM[@]}" -kernel "$tmp/ok.elf"
mkelf "$tmp/exit7.elf" --exit 7
expect_exit elf-runs-exit-code 7 "${BM[@]}" -kernel "$tmp/exit7.elf"

# Accepted forms of the options (the guest prints on the UART and passes).
mkelf "$tmp/hello.elf" --print 'hello\n'
expect_exit_out() { # NAME NEEDLE ARGS...: exit 0 and NEEDLE on stdout
    local name=$1 needle=$2
    shift 2
    run "$@"
    if [ "$rc" -ne 0 ]; then
        report "$name" 0 "exit status $rc ($(head -c 200 "$tmp/err" | tr '\n' ' '))"
    elif ! grep -qF -- "$needle" "$tmp/out"; then
        report "$name" 0 "stdout lacks '$needle': $(head -c 100 "$tmp/out")"
    else
        report "$name" 1 ""
    fi
}
expect_exit_out accept-nographic hello -M virt -bios none -nographic -kernel "$tmp/hello.elf"
expect_exit_out accept-serial-stdio hello -bios none -serial stdio -display none \
    -kernel "$tmp/hello.elf"
expect_exit_out accept-default-serial hello -bios none -kernel "$tmp/hello.elf"
expect_exit_out accept-options hello -machine type=virt -cpu rv64,zbb=off -m size=256M \
    -smp cpus=2 -icount shift=2 -no-reboot -snapshot -accel tcg,backend=interp,tb-size=16 \
    -bios none -nographic -kernel "$tmp/hello.elf"
expect_exit_out accept-smp-topology hello -smp 2,sockets=1,cores=2,threads=1 -bios none \
    -nographic -kernel "$tmp/hello.elf"
expect_exit_out accept-jit hello -accel tcg,backend=jit,one-insn-per-tb=on -m 1G -bios none \
    -nographic -kernel "$tmp/hello.elf"
# SMP run loop: harts spinning on a flag must not starve the hart that sets it.
mkelf "$tmp/handshake.elf" --smp-handshake
for be in jit interp; do
    for n in 2 4; do
        expect_exit "smp-handshake-$be-$n" 0 -accel "tcg,backend=$be" -smp "$n" "${BM[@]}" \
            -kernel "$tmp/handshake.elf"
    done
done
# Reset (sifive_test 0x7777): the images are loaded again and the harts restart
# at the ROM; -no-reboot turns the reset into exit status 0.
mkelf "$tmp/reset.elf" --reset-once
expect_exit reset-reboots 5 "${BM[@]}" -kernel "$tmp/reset.elf"
expect_exit reset-no-reboot 0 "${BM[@]}" -no-reboot -kernel "$tmp/reset.elf"
expect_exit reset-reboots-smp 5 "${BM[@]}" -smp 2 -kernel "$tmp/reset.elf"
run -bios none -serial "file:$tmp/serial.txt" -kernel "$tmp/hello.elf"
if [ "$rc" -eq 0 ] && grep -q hello "$tmp/serial.txt" 2>/dev/null && ! grep -q hello "$tmp/out"
then
    report accept-serial-file 1 ""
else
    report accept-serial-file 0 "exit $rc; file: $(head -c 50 "$tmp/serial.txt" 2>&1)"
fi
run -bios none -serial null -kernel "$tmp/hello.elf"
if [ "$rc" -eq 0 ] && ! grep -q hello "$tmp/out"; then
    report accept-serial-null 1 ""
else
    report accept-serial-null 0 "exit $rc"
fi
run -bios none -nographic -kernel "$tmp/hello.elf" -d fdt -D "$tmp/fdt.log"
if [ "$rc" -eq 0 ] && grep -q 'compatible = "ns16550a"' "$tmp/fdt.log" 2>/dev/null; then
    report accept-d-fdt 1 ""
else
    report accept-d-fdt 0 "exit $rc; log: $(head -c 100 "$tmp/fdt.log" 2>&1)"
fi
run -bios none -nographic -kernel "$tmp/hello.elf" -d mtree -D "$tmp/mtree.log"
if [ "$rc" -eq 0 ] && grep -q 'ram): riscv.virt.ram' "$tmp/mtree.log" 2>/dev/null &&
   grep -q 'FlatView' "$tmp/mtree.log"; then
    report accept-d-mtree 1 ""
else
    report accept-d-mtree 0 "exit $rc; log: $(head -c 100 "$tmp/mtree.log" 2>&1)"
fi

# Truncated ELF files: inside the header, inside the program header, inside
# the segment data.
size=$(wc -c <"$tmp/ok.elf")
for cut in 4 20 63 64 100 119 130 $((size - 1)); do
    head -c "$cut" "$tmp/ok.elf" >"$tmp/cut$cut.elf"
    expect_error "truncated-elf-$cut" "$tmp/cut$cut.elf" "${BM[@]}" -kernel "$tmp/cut$cut.elf"
done
expect_error truncated-elf-header-msg "truncated ELF header" "${BM[@]}" -kernel "$tmp/cut20.elf"
expect_error truncated-elf-phdr-msg "truncated ELF program header" "${BM[@]}" \
    -kernel "$tmp/cut100.elf"
expect_error truncated-elf-segment-msg "outside the file" "${BM[@]}" -kernel "$tmp/cut130.elf"

for d in magic class data machine phoff phentsize load-offset memsz paddr-unmapped \
         paddr-wrap no-load; do
    mkelf "$tmp/bad-$d.elf" --damage "$d"
    expect_error "elf-bad-$d" "$tmp/bad-$d.elf" "${BM[@]}" -kernel "$tmp/bad-$d.elf"
done
# A damaged firmware ELF is reported the same way.
expect_error firmware-elf-bad-machine "$tmp/bad-machine.elf" -bios "$tmp/bad-machine.elf" \
    -nographic

# Device trees.
head -c 100 /dev/zero >"$tmp/zero.dtb"
expect_error dtb-zeros "$tmp/zero.dtb" "${BM[@]}" -kernel "$tmp/ok.elf" -dtb "$tmp/zero.dtb"
: >"$tmp/empty.dtb"
expect_error dtb-empty "$tmp/empty.dtb" "${BM[@]}" -kernel "$tmp/ok.elf" -dtb "$tmp/empty.dtb"
run -M "virt,dumpdtb=$tmp/good.dtb" -bios none -kernel "$tmp/ok.elf" -nographic
if [ "$rc" -eq 0 ] && [ -s "$tmp/good.dtb" ]; then
    report dumpdtb 1 ""
    expect_exit dtb-good-runs 0 "${BM[@]}" -kernel "$tmp/ok.elf" -dtb "$tmp/good.dtb"
    dsize=$(wc -c <"$tmp/good.dtb")
    head -c $((dsize / 2)) "$tmp/good.dtb" >"$tmp/half.dtb"
    expect_error dtb-truncated "$tmp/half.dtb" "${BM[@]}" -kernel "$tmp/ok.elf" \
        -dtb "$tmp/half.dtb"
    { head -c 8 "$tmp/good.dtb"; printf '\x00\x00\x00\x10'; tail -c +13 "$tmp/good.dtb"; } \
        >"$tmp/badoff.dtb"
    expect_error dtb-bad-offset "$tmp/badoff.dtb" "${BM[@]}" -kernel "$tmp/ok.elf" \
        -dtb "$tmp/badoff.dtb"
else
    report dumpdtb 0 "exit status $rc: $(head -c 200 "$tmp/err")"
fi

# Found by tests/fuzz and by hand: each hung or crashed the host once.
fz=$here/../fuzz/corpus
expect_error elf-huge-bss "regress-huge-bss" "${BM[@]}" -kernel "$fz/elf/regress-huge-bss"
expect_error dtb-old-version "too old" "${BM[@]}" -kernel "$tmp/ok.elf" \
    -dtb "$fz/dtb/regress-v3-check-full"
expect_error dtb-check-full-loop "BADSTRUCTURE" "${BM[@]}" -kernel "$tmp/ok.elf" \
    -dtb "$fz/dtb/regress-check-full-loop"
expect_error dtb-directory "Is a directory" "${BM[@]}" -kernel "$tmp/ok.elf" -dtb "$tmp"
truncate -s 5G "$tmp/huge.bin"            # sparse: refused before reading
expect_error kernel-huge "too large" "${BM[@]}" -kernel "$tmp/huge.bin"
expect_error initrd-huge "too large" "${BM[@]}" -kernel "$tmp/ok.elf" -initrd "$tmp/huge.bin"
expect_error firmware-huge "too large" -M virt -nographic -bios "$tmp/huge.bin"
rm -f "$tmp/huge.bin"
mkfifo "$tmp/fifo"
expect_error kernel-fifo "$tmp/fifo" "${BM[@]}" -kernel "$tmp/fifo"
expect_error dtb-fifo "$tmp/fifo" "${BM[@]}" -kernel "$tmp/ok.elf" -dtb "$tmp/fifo"
expect_exit dtb-long-append 0 "${BM[@]}" -kernel "$tmp/ok.elf" -dtb "$fz/dtb/virt.dtb" \
    -append "$(head -c 120000 /dev/zero | tr '\0' a)"

# Images that do not fit.
head -c $((70 * 1024 * 1024)) /dev/zero >"$tmp/big.bin"
expect_error kernel-too-large "$tmp/big.bin" "${BM[@]}" -kernel "$tmp/big.bin"
expect_error firmware-too-large "$tmp/big.bin" -M virt -m 64M -bios "$tmp/big.bin" -nographic
expect_error initrd-too-large "$tmp/big.bin" "${BM[@]}" -kernel "$tmp/ok.elf" \
    -initrd "$tmp/big.bin"

exit $status
