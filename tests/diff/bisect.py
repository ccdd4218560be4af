#!/usr/bin/env python3
"""Find the first instruction of a differential-test program after which
QEMU and Vireo disagree.

    tests/diff/bisect.py SEED [--backend interp|jit] [gen.py options...]

e.g. tests/diff/bisect.py 1007 --length 1500 --misaligned (a seed "sN" runs
in S-mode).  Every body instruction after line N is replaced by a nop (labels stay,
so branches still resolve and simply run into the nops) and N is bisected on
"dumps differ".  Prints the culprit line with some context and both dumps'
first differing line.  Environment: BUILD, VIREO, QEMU as for run.sh.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seed")
    ap.add_argument("--backend", default="interp")
    args, genopts = ap.parse_known_args()
    build = os.path.abspath(os.environ.get("BUILD", "build"))
    vireo = os.environ.get("VIREO", os.path.join(build, "vireo-riscv64"))
    qemu = os.environ.get("QEMU", "qemu-system-riscv64")
    seed, defs = args.seed, []
    if seed.startswith("s"):
        seed, defs = seed[1:], ["-DSMODE"]
        genopts.append("--smode")
    src = run([sys.executable, os.path.join(HERE, "gen.py"), seed] + genopts).stdout.decode()
    lines = src.split("\n")
    start = lines.index("body:") + 1
    end = max(i for i, l in enumerate(lines) if l.strip() == "j dump")
    tmp = tempfile.mkdtemp(prefix="vireo-bisect-")

    def dumps(n):
        """Dumps after executing body lines [start, start + n)."""
        prog = lines[:start + n] + [
            l if l.endswith(":") or i >= end else "    nop"
            for i, l in enumerate(lines[start + n:], start + n)]
        path = os.path.join(tmp, "p.S")
        with open(path, "w") as fh:
            fh.write("\n".join(prog))
        elf = os.path.join(tmp, "p.elf")
        r = run(["riscv64-unknown-elf-gcc",
                 "-march=rv64gc_zba_zbb_zbs_zicsr_zifencei_zihintpause", "-mabi=lp64d",
                 "-mcmodel=medany", "-nostdlib", "-nostartfiles", "-static", "-mno-relax",
                 "-T", os.path.join(HERE, "..", "isa", "common", "link.ld"),
                 "-Wl,--no-warn-rwx-segments"] + defs +
                [os.path.join(HERE, "runtime.S"), path, "-o", elf])
        if r.returncode:
            sys.exit("build failed at n=%d:\n%s" % (n, r.stdout.decode()))
        common = ["-M", "virt", "-bios", "none", "-kernel", elf, "-nographic", "-m", "256M"]
        a = run(["timeout", "20", qemu] + common).stdout.decode().replace("\r", "")
        b = run(["timeout", "20", vireo, "-accel", "tcg,backend=" + args.backend]
                + common).stdout.decode().replace("\r", "")
        return a, b

    a, b = dumps(end - start)
    if a == b:
        print("no difference for this program")
        return
    lo, hi = 0, end - start          # dumps(lo) equal, dumps(hi) differ
    if dumps(0)[0] != dumps(0)[1]:
        hi = 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        x, y = dumps(mid)
        if x == y:
            lo = mid
        else:
            hi = mid
    culprit = start + hi - 1
    print("first difference after body line %d:" % (culprit + 1))
    for i in range(max(start, culprit - 6), culprit + 1):
        print("%s %5d %s" % ("=>" if i == culprit else "  ", i + 1, lines[i]))
    x, y = dumps(hi)
    for la, lb in zip(x.split("\n"), y.split("\n")):
        if la != lb:
            print("qemu:  %s\nvireo: %s" % (la, lb))
            break


if __name__ == "__main__":
    main()
