#!/usr/bin/env python3
"""Generate tests/unit/riscv-decode-vectors.h: instruction words with the
text GNU objdump (-M no-aliases) prints for them, for test-riscv-decode.c.

Run once by hand when the table changes (needs riscv64-unknown-elf-as and
-objdump, binutils 2.40); the output is committed so the unit test does not
need the cross toolchain.  Words come from
  1. an assembly listing of every instruction form (scripts/decode-vectors.s),
  2. every row of target/riscv/insn_table.def with random free bits,
  3. uniformly random 32-bit words (to compare what is illegal),
  4. all 65536 halfwords, as a bitmap of which are legal compressed insns.
Deliberate differences from objdump are listed in OVERRIDES below and applied
here, so the header states what Vireo must print.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, "target/riscv/insn_table.def")
ASM_LIST = os.path.join(ROOT, "scripts/decode-vectors.s")
OUT = os.path.join(ROOT, "tests/unit/riscv-decode-vectors.h")
MARCH = ("rv64gc_zba_zbb_zbc_zbs_zbkb_zbkx_zfh_zicbom_zicboz_zicbop"
         "_zihintpause_svinval")
AS = "riscv64-unknown-elf-as"
OBJDUMP = "riscv64-unknown-elf-objdump"

XREGS = ("zero ra sp gp tp t0 t1 t2 s0 s1 a0 a1 a2 a3 a4 a5 a6 a7 "
         "s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 t3 t4 t5 t6").split()


def read_table():
    rows = []
    pat = re.compile(r'^RV_(INSN|INSN_ANY|INSN_ALL|HINT|CINSN)\((\w+),\s*"([^"]+)",\s*'
                     r'(0x[0-9a-f]+),\s*(0x[0-9a-f]+),\s*(\w+)')
    for line in open(TABLE):
        m = pat.match(line)
        if m:
            rows.append(dict(kind=m.group(1), id=m.group(2), name=m.group(3),
                             match=int(m.group(4), 16), mask=int(m.group(5), 16),
                             fmt=m.group(6)))
    return rows


def objdump_words(words, asm_text=None):
    """[(len, value)] -> [(pc, len, value, text)] as objdump prints them."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "v.s")
        obj = os.path.join(d, "v.o")
        with open(src, "w") as f:
            if asm_text is not None:
                f.write(asm_text)
            else:
                for n, v in words:
                    f.write(".insn %d, 0x%x\n" % (n, v))
        subprocess.run([AS, "-march=" + MARCH, "-mpriv-spec=1.12", "-o", obj, src],
                       check=True)
        out = subprocess.run([OBJDUMP, "-d", "-M", "no-aliases", obj], check=True,
                             capture_output=True, text=True).stdout
    res = []
    line_re = re.compile(r'^\s*([0-9a-f]+):\s+([0-9a-f]{4}|[0-9a-f]{8})\s+(.*)$')
    for line in out.splitlines():
        m = line_re.match(line)
        if not m:
            continue
        pc = int(m.group(1), 16)
        hexw = m.group(2)
        text = m.group(3)
        text = re.sub(r'\s*#.*$', '', text)          # comments
        text = re.sub(r'\s*<[^>]*>', '', text)       # symbol names
        text = text.strip().replace('\t', ' ')
        res.append((pc, len(hexw) // 2, int(hexw, 16), text))
    return res


def r_fmt(name, v):
    return "%s %s,%s,%s" % (name, XREGS[(v >> 7) & 31], XREGS[(v >> 15) & 31],
                            XREGS[(v >> 20) & 31])


def override(rows, pc, n, v, text):
    """Where Vireo deliberately differs from objdump 2.40, return Vireo's text."""
    if n == 4:
        # Zicond is not known to binutils 2.40.
        for r in rows:
            if r["id"].startswith("CZERO") and (v & r["mask"]) == r["match"]:
                return r_fmt(r["name"], v)
        # fence: rd, rs1 and fm are reserved and must be ignored (spec 2.7);
        # binutils rejects nonzero ones and prints empty sets as "unknown".
        if (v & 0x707f) == 0x000f and v not in (0x8330000f, 0x0100000f):
            if (v & 0xfff0707f) == 0x8330000f:
                return "fence.tso"
            def fs(s):
                return "".join(c for c, b in zip("iorw", (8, 4, 2, 1)) if s & b) or "0"
            return "fence %s,%s" % (fs((v >> 24) & 15), fs((v >> 20) & 15))
        # fence.i: imm, rs1 and rd are reserved and ignored (Zifencei).
        if (v & 0x707f) == 0x100f:
            return "fence.i"
        # Exact conversions (fcvt.d.s, fcvt.d.w[u], fcvt.s.h, fcvt.d.h) have an
        # rm field that binutils 2.40 requires to be 0; Vireo accepts any
        # valid rm and prints it when it is not 0.
        rm = (v >> 12) & 7
        for r in rows:
            if r["fmt"].endswith("_XRM") and (v & r["mask"]) == r["match"] and rm != 0:
                if rm in (5, 6):
                    return ".4byte 0x%x" % v
                fr = "ft0 ft1 ft2 ft3 ft4 ft5 ft6 ft7 fs0 fs1 fa0 fa1 fa2 fa3 fa4 fa5 " \
                     "fa6 fa7 fs2 fs3 fs4 fs5 fs6 fs7 fs8 fs9 fs10 fs11 ft8 ft9 ft10 ft11"
                fr = fr.split()
                src = (XREGS if r["fmt"].startswith("FMT_X2F") else fr)[(v >> 15) & 31]
                return "%s %s,%s,%s" % (r["name"], fr[(v >> 7) & 31], src,
                                        ["rne", "rtz", "rdn", "rup", "rmm", "", "", "dyn"][rm])
        # Reserved rounding modes 5 and 6 are illegal encodings in Vireo.
        if text.endswith(",unknown"):
            return ".4byte 0x%x" % v
    return text


def c_legal_override(v, legal):
    """Reserved compressed encodings binutils 2.40 still disassembles."""
    if v == 0x0000:
        return False                    # the defined illegal instruction
    if (v & 0xef83) == 0x6101 and (v & 0x107c) == 0:
        return False                    # c.addi16sp with imm 0
    return legal


def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main():
    random.seed(20261125)
    rows = read_table()
    vectors = []

    # 1. the assembly listing
    for pc, n, v, text in objdump_words(None, open(ASM_LIST).read()):
        vectors.append((pc, n, v, text))

    # 2. every row with random free bits, 12 samples each
    words = []
    for r in rows:
        n = 2 if r["kind"] == "CINSN" else 4
        full = 0xffff if n == 2 else 0xffffffff
        for _ in range(12):
            words.append((n, r["match"] | (random.getrandbits(32) & ~r["mask"] & full)))
    # 3. random words with valid low bits
    # (bits 4:2 = 111 would be a longer-than-32-bit encoding)
    while len(words) < 12 * len(rows) + 3000:
        v = random.getrandbits(32) | 3
        if v & 0x1c != 0x1c:
            words.append((4, v))
    for pc, n, v, text in objdump_words(words):
        vectors.append((pc, n, v, text))

    fixed = [(pc, n, v, override(rows, pc, n, v, text)) for pc, n, v, text in vectors]

    # 4. legality bitmap of all halfwords
    half = objdump_words([(2, v) for v in range(0x10000) if v & 3 != 3])
    legal = [0] * 2048
    for pc, n, v, text in half:
        if c_legal_override(v, not text.startswith(".2byte")):
            legal[v >> 5] |= 1 << (v & 31)

    with open(OUT, "w") as f:
        f.write("/* Generated by scripts/gen-decode-vectors.py from GNU binutils 2.40\n"
                " * (objdump -M no-aliases); do not edit. */\n")
        f.write("static const struct { uint64_t pc; uint32_t raw; uint8_t len; "
                "const char *text; } rv_decode_vectors[] = {\n")
        for pc, n, v, text in fixed:
            f.write("    { 0x%x, 0x%08x, %d, %s },\n" % (pc, v, n, c_string(text)))
        f.write("};\n\n")
        f.write("/* bit v of the map: halfword v is a legal compressed instruction */\n")
        f.write("static const uint32_t rv_decode_c_legal[2048] = {\n")
        for i in range(0, 2048, 8):
            f.write("    " + ", ".join("0x%08x" % w for w in legal[i:i + 8]) + ",\n")
        f.write("};\n")
    print("wrote %s: %d vectors" % (OUT, len(fixed)), file=sys.stderr)


if __name__ == "__main__":
    main()
