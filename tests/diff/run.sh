#!/usr/bin/env bash
# Random differential tests: for each seed, tests/diff/gen.py writes a program,
# it runs on qemu-system-riscv64 (the reference) and on Vireo (interpreter and
# JIT back ends), and the UART dumps (registers, fcsr, trap log, memory) must be
# identical.  One line per run:
#   PASS diff/<seed>/qemu            the reference run completed (generator sanity)
#   PASS|FAIL diff/<seed>/vireo-<backend>[: first differing line]
# A seed "sN" runs seed N with the body in S-mode under Sv39 paging.
# Environment: SEED=n runs one seed; SEEDS="..." a list (default 1..40 and
# s1..s20);
# LENGTH body lines per program (default 600); ZICOND=1 also emits Zicond
# (QEMU 7.2 lacks it, so the reference traps); MISALIGNED=1 also emits
# misaligned loads/stores (QEMU performs them; the spec also allows traps);
# KEEP=1 keeps the files under $BUILD/tests/diff/<seed>/; BUILD, VIREO, QEMU,
# TIMEOUT, VTIMEOUT, JOBS as in tests/isa.
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
LENGTH=${LENGTH:-600}
CROSS=${CROSS:-riscv64-unknown-elf-}
# shellcheck source=tests/isa/common/runlib.sh
. "$here/../isa/common/runlib.sh"
xfail_load "$here/XFAIL"
# Resolve the interpreter once (version-manager shims are slow to start).
PYTHON=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || echo python3)}

if [ -n "${SEED:-}" ]; then
    seeds=$SEED
else
    seeds=${SEEDS:-$(seq 1 40) $(seq -f 's%g' 1 20)}
fi
genopts="--length $LENGTH"
[ "${ZICOND:-}" = 1 ] && genopts="$genopts --zicond"
[ "${MISALIGNED:-}" = 1 ] && genopts="$genopts --misaligned"
out="$BUILD/tests/diff"
mkdir -p "$out"
backends=""
for b in $(vireo_backends); do backends="$backends vireo-$b"; done

# run_emu LIMIT OUTFILE CMD...: run one emulator, console to OUTFILE; echo a
# reason if bad.
run_emu() {
    local limit=$1 f=$2 rc
    shift 2
    timeout -k 2 "$limit" "$@" -M virt -bios none -kernel "$elf" -nographic -m 256M \
        </dev/null 2>&1 | tr -d '\r' >"$f"
    rc=${PIPESTATUS[0]}
    if [ "$rc" -eq 124 ]; then
        echo "timeout after ${limit}s"
    elif [ "$rc" -ne 0 ]; then
        echo "exit $rc"
    elif [ "$(tail -n 1 "$f")" != "END" ]; then
        echo "dump incomplete"
    fi
}

# first_diff A B: describe the first line where the two dumps differ.
first_diff() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        n = 0
        while (1) {
            ra = (getline la < a); rb = (getline lb < b); n++
            if (ra <= 0 && rb <= 0) { exit }
            if (ra <= 0) { la = "<end>" }
            if (rb <= 0) { lb = "<end>" }
            if (la != lb) { printf "line %d: qemu \"%s\" vs \"%s\"\n", n, la, lb; exit }
        }
    }'
}

run_seed() {
    local seed=$1 dir="$out/$1" why b num=$1 opts=$genopts defs=""
    case $seed in
        s*) num=${seed#s}; opts="$opts --smode"; defs="-DSMODE" ;;
    esac
    rm -rf "$dir"
    mkdir -p "$dir"
    elf="$dir/prog.elf"
    # shellcheck disable=SC2086
    if ! "$PYTHON" "$here/gen.py" "$num" $opts >"$dir/prog.S" 2>"$dir/gen.err" ||
       ! "${CROSS}gcc" -march=rv64gc_zba_zbb_zbs_zicsr_zifencei_zihintpause -mabi=lp64d \
            -mcmodel=medany -nostdlib -nostartfiles -static -mno-relax \
            -T "$here/../isa/common/link.ld" -Wl,--no-warn-rwx-segments $defs \
            "$here/runtime.S" "$dir/prog.S" -o "$elf" 2>"$dir/build.err"; then
        echo "FAIL diff/$seed/build: $(cat "$dir/gen.err" "$dir/build.err" | grep -v "Assembler messages" | head -n 1)" \
            >"$dir/res"
        return
    fi
    why=$(run_emu "$TIMEOUT" "$dir/qemu.out" "$QEMU")
    if [ -n "$why" ]; then
        report "diff/$seed/qemu" 0 "reference run failed: $why" >"$dir/res"
        return
    fi
    report "diff/$seed/qemu" 1 "" >"$dir/res"
    for b in $backends; do
        why=$(run_emu "$VTIMEOUT" "$dir/$b.out" "$VIREO" -accel "tcg,backend=${b#vireo-}")
        if [ -z "$why" ] && ! cmp -s "$dir/qemu.out" "$dir/$b.out"; then
            why=$(first_diff "$dir/qemu.out" "$dir/$b.out")
        elif [ -n "$why" ] && [ -s "$dir/$b.out" ]; then
            why="$why; $(first_diff "$dir/qemu.out" "$dir/$b.out")"
        fi
        if [ -z "$why" ]; then
            report "diff/$seed/$b" 1 "" >>"$dir/res"
        else
            report "diff/$seed/$b" 0 "$why (SEED=$seed KEEP=1 tests/diff/run.sh)" >>"$dir/res"
        fi
    done
}

for s in $seeds; do
    job_wait_slot
    run_seed "$s" &
done
wait

status=0
for s in $seeds; do
    cat "$out/$s/res"
    grep -q '^FAIL' "$out/$s/res" && status=1
    if [ "${KEEP:-}" != 1 ]; then
        rm -rf "${out:?}/$s"
    fi
done
[ "${KEEP:-}" = 1 ] && echo "files kept in $out/<seed>/"
[ -x "$VIREO" ] || echo "SKIP diff/vireo: $VIREO not built"
exit $status
