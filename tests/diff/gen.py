#!/usr/bin/env python3
"""Random differential-test program generator for RISC-V (tests/diff/).

    gen.py SEED [--length N] [--smode] [--misaligned] [--zicond] > prog.S

Writes the variable part of a bare-metal program (see runtime.S; with --smode
the body runs in S-mode with Sv39 paging): initial
register values, scratch memory contents and a random `body` mixing RV64IMAC,
Zba/Zbb/Zbs (optionally Zicond), F/D with random rounding modes, CSR accesses
(fflags, frm, fcsr, mscratch) and trapping instructions (ecall, ebreak,
illegal).  The same seed always gives the same program.  Nothing in the
program depends on timing.
"""
import argparse
import random

M64 = (1 << 64) - 1

# Registers the body may write: everything but x0's special role is fine, but
# gp (scratch), tp (trap log) and sp (scratch2) are reserved.
INT_REGS = ["x%d" % i for i in range(32) if i not in (2, 3, 4)]
SRC_REGS = ["x%d" % i for i in range(32)]
CREGS = ["x%d" % i for i in range(8, 16)]        # registers usable by c.* forms

INT_VALUES = [0, 1, 2, 3, 5, 7, 31, 32, 33, 63, 64, 0xff, 0x7ff, 0x800, 0xfff,
              0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 0x7fffffffffffffff,
              0x8000000000000000, M64, M64 - 1, 0xffffffff80000000,
              0xffffffff7fffffff, 0x8000000000000001, 0x0123456789abcdef,
              0xfedcba9876543210, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa]

F64_VALUES = [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
              0xbff0000000000000, 0x7ff0000000000000, 0xfff0000000000000,
              0x7ff8000000000000, 0x7ff4000000000000, 0xfff8000000000001,
              0x0000000000000001, 0x000fffffffffffff, 0x0010000000000000,
              0x7fefffffffffffff, 0x3fd5555555555555, 0x400921fb54442d18,
              0x43e0000000000000, 0xc3e0000000000000, 0x41dfffffffc00000,
              0x41e0000000000000, 0xc1e0000000000000, 0x4330000000000001,
              0x3fe0000000000000, 0x4004000000000000, 0xc00c000000000000,
              0x3ff8000000000000, 0xc3f0000000000000, 0x43f0000000000000,
              0x3e7ad7f29abcaf48, 0x47efffffe0000000, 0x36a0000000000000]

F32_VALUES = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000,
              0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00001, 0x00000001,
              0x007fffff, 0x00800000, 0x7f7fffff, 0x3eaaaaab, 0x40490fdb,
              0x5f000000, 0xdf000000, 0x4f000000, 0xcf000000, 0x4effffff,
              0x3f000000, 0x40200000, 0xc0600000, 0x3fc00000, 0x4b000001,
              0x5f800000, 0x33d6bf95]

RMS = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]


class Gen:
    def __init__(self, seed, length, zicond, misaligned=False, smode=False):
        self.r = random.Random(seed)
        self.smode = smode
        self.scratch_csr = "sscratch" if smode else "mscratch"
        self.length = length
        self.zicond = zicond
        self.misaligned = misaligned
        self.lines = []
        self.label = 0
        self.traps = 0

    # --- helpers -----------------------------------------------------------
    def new_label(self):
        self.label += 1
        return "L%d" % self.label

    def emit(self, s):
        self.lines.append("    " + s)

    def rd(self, avoid=()):
        return self.r.choice([x for x in INT_REGS if x not in avoid])

    def rs(self):
        return self.r.choice(SRC_REGS)

    def imm(self, bits):
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        return self.r.choice([lo, hi, 0, 1, -1, self.r.randint(lo, hi)])

    def int_value(self):
        if self.r.random() < 0.6:
            return self.r.choice(INT_VALUES)
        return self.r.getrandbits(64)

    def fd(self, single):
        # f0-f15 mostly hold doubles, f16-f31 mostly NaN-boxed singles.
        bank = range(16, 32) if single else range(0, 16)
        if self.r.random() < 0.1:
            bank = range(32)
        return "f%d" % self.r.choice(list(bank))

    # --- instruction groups ------------------------------------------------
    def alu(self, avoid):
        r = self.r
        d = self.rd(avoid)
        kind = r.random()
        if kind < 0.45:
            op = r.choice(["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or",
                           "and", "addw", "subw", "sllw", "srlw", "sraw",
                           "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
                           "mulw", "divw", "divuw", "remw", "remuw",
                           "sh1add", "sh2add", "sh3add", "add.uw", "sh1add.uw",
                           "sh2add.uw", "sh3add.uw", "andn", "orn", "xnor", "min", "minu",
                           "max", "maxu", "rol", "ror", "rolw", "rorw",
                           "bclr", "bext", "binv", "bset"])
            self.emit("%s %s, %s, %s" % (op, d, self.rs(), self.rs()))
        elif kind < 0.7:
            op = r.choice(["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"])
            self.emit("%s %s, %s, %d" % (op, d, self.rs(), self.imm(12)))
        elif kind < 0.82:
            op, width = r.choice([("slli", 64), ("srli", 64), ("srai", 64), ("slliw", 32),
                                  ("srliw", 32), ("sraiw", 32), ("slli.uw", 64),
                                  ("rori", 64), ("roriw", 32), ("bclri", 64),
                                  ("bexti", 64), ("binvi", 64), ("bseti", 64)])
            sh = r.choice([0, 1, width - 1, r.randrange(width)])
            self.emit("%s %s, %s, %d" % (op, d, self.rs(), sh))
        elif kind < 0.9:
            # no ctzw: QEMU 7.2 counts into the upper word when the lower one is
            # zero (tests/isa/zbb_ctzw.S checks it instead)
            op = r.choice(["clz", "ctz", "cpop", "clzw", "cpopw", "sext.b",
                           "sext.h", "zext.h", "rev8", "orc.b", "sext.w", "zext.w"])
            self.emit("%s %s, %s" % (op, d, self.rs()))
        elif kind < 0.95:
            op = r.choice(["lui", "auipc", "li"])
            if op == "li":
                self.emit("li %s, 0x%x" % (d, self.int_value()))
            else:
                self.emit("%s %s, 0x%x" % (op, d, r.randrange(1 << 20)))
        elif self.zicond:
            f3 = r.choice([5, 7])   # czero.eqz, czero.nez
            self.emit(".insn r 0x33, %d, 7, %s, %s, %s" % (f3, d, self.rs(), self.rs()))
        else:
            self.compressed(avoid)

    def compressed(self, avoid):
        r = self.r
        d = self.r.choice([x for x in CREGS if x not in avoid])
        s = self.r.choice(CREGS)
        op = r.choice(["c.addi", "c.addiw", "c.li", "c.lui", "c.slli", "c.srli", "c.srai",
                       "c.andi", "c.mv", "c.add", "c.and", "c.or", "c.xor", "c.sub",
                       "c.addw", "c.subw"])
        if op in ("c.addi", "c.addiw", "c.andi", "c.li"):
            imm = r.randint(-32, 31)
            if op == "c.addi" and imm == 0:
                imm = 1
            self.emit("%s %s, %d" % (op, d, imm) if op != "c.li" else "c.li %s, %d" % (d, imm))
        elif op == "c.lui":
            self.emit("c.lui %s, 0x%x" % (d, r.choice([1, 0x1f, 0xfffe0, 0xfffff])))
        elif op in ("c.slli", "c.srli", "c.srai"):
            self.emit("%s %s, %d" % (op, d, r.randint(1, 63)))
        else:
            self.emit("%s %s, %s" % (op, d, s))

    def mem(self, avoid):
        r = self.r
        size = r.choice([1, 2, 4, 8])
        off = r.randrange(0, 256 // size) * size
        kind = r.random()
        if kind < 0.15:
            # c.ldsp/c.sdsp/c.lwsp/c.swsp around a balanced sp adjustment
            adj = r.choice([0, 16, 32, 128])
            if adj:
                self.emit("c.addi16sp sp, %d" % adj)
            op = r.choice(["c.ldsp", "c.sdsp", "c.lwsp", "c.swsp"])
            o = r.randrange(0, 256 // 8) * 8 if op.endswith("dsp") else r.randrange(0, 64) * 4
            reg = self.rd(avoid + ("x0",)) if op in ("c.ldsp", "c.lwsp") else self.rs()
            self.emit("%s %s, %d(sp)" % (op, reg, o))
            if adj:
                self.emit("c.addi16sp sp, %d" % -adj)
            return
        if kind < 0.35:
            # base register in x8-x15 so that the assembler may compress
            base = self.r.choice([x for x in CREGS if x not in avoid])
            boff = r.randrange(0, 256 - 128, 8)
            self.emit("addi %s, gp, %d" % (base, boff))
            off = r.randrange(0, 128 // size) * size
        else:
            base = "gp"
        if self.misaligned and size > 1 and r.random() < 0.3:
            off += r.randrange(1, size)
            if off + size > (128 if base != "gp" else 256):
                off -= size
        if r.random() < 0.5:
            op = {1: r.choice(["lb", "lbu"]), 2: r.choice(["lh", "lhu"]),
                  4: r.choice(["lw", "lwu"]), 8: "ld"}[size]
            self.emit("%s %s, %d(%s)" % (op, self.rd(avoid + (base,)), off, base))
        else:
            op = {1: "sb", 2: "sh", 4: "sw", 8: "sd"}[size]
            self.emit("%s %s, %d(%s)" % (op, self.rs(), off, base))

    def atomic(self, avoid):
        r = self.r
        w = r.choice(["w", "d"])
        size = 4 if w == "w" else 8
        a = self.rd(avoid + ("x0",))
        off = r.randrange(0, 256 // size) * size
        self.emit("addi %s, gp, %d" % (a, off))
        if r.random() < 0.25:
            d1 = self.rd(avoid + (a,))
            d2 = self.rd(avoid + (a,))
            self.emit("lr.%s %s, (%s)" % (w, d1, a))
            self.emit("sc.%s %s, %s, (%s)" % (w, d2, self.rs(), a))
            return
        op = r.choice(["amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin",
                       "amomax", "amominu", "amomaxu"])
        self.emit("%s.%s%s %s, %s, (%s)" % (op, w, r.choice(["", ".aq", ".rl", ".aqrl"]),
                                            self.rd(avoid + (a,)), self.rs(), a))

    def fp(self, avoid):
        r = self.r
        single = r.random() < 0.5
        t = "s" if single else "d"
        kind = r.random()
        rm = r.choice(RMS)
        fd, fa, fb, fc = self.fd(single), self.fd(single), self.fd(single), self.fd(single)
        if kind < 0.3:
            op = r.choice(["fadd", "fsub", "fmul", "fdiv"])
            self.emit("%s.%s %s, %s, %s, %s" % (op, t, fd, fa, fb, rm))
        elif kind < 0.4:
            op = r.choice(["fmadd", "fmsub", "fnmadd", "fnmsub"])
            self.emit("%s.%s %s, %s, %s, %s, %s" % (op, t, fd, fa, fb, fc, rm))
        elif kind < 0.45:
            self.emit("fsqrt.%s %s, %s, %s" % (t, fd, fa, rm))
        elif kind < 0.55:
            op = r.choice(["fmin", "fmax", "fsgnj", "fsgnjn", "fsgnjx"])
            self.emit("%s.%s %s, %s, %s" % (op, t, fd, fa, fb))
        elif kind < 0.63:
            op = r.choice(["feq", "flt", "fle"])
            self.emit("%s.%s %s, %s, %s" % (op, t, self.rd(avoid), fa, fb))
        elif kind < 0.67:
            self.emit("fclass.%s %s, %s" % (t, self.rd(avoid), fa))
        elif kind < 0.77:
            it = r.choice(["w", "wu", "l", "lu"])
            self.emit("fcvt.%s.%s %s, %s, %s" % (it, t, self.rd(avoid), fa, rm))
        elif kind < 0.85:
            it = r.choice(["w", "wu", "l", "lu"])
            if t == "d" and it in ("w", "wu"):      # exact: no rounding-mode operand
                self.emit("fcvt.d.%s %s, %s" % (it, fd, self.rs()))
            else:
                self.emit("fcvt.%s.%s %s, %s, %s" % (t, it, fd, self.rs(), rm))
        elif kind < 0.89:
            if single:
                self.emit("fcvt.s.d %s, %s, %s" % (self.fd(True), self.fd(False), rm))
            else:
                self.emit("fcvt.d.s %s, %s" % (self.fd(False), self.fd(True)))
        elif kind < 0.94:
            op = r.choice(["x", "f"])
            if op == "x":
                self.emit("fmv.x.%s %s, %s" % ("w" if single else "d", self.rd(avoid), fa))
            else:
                self.emit("fmv.%s.x %s, %s" % ("w" if single else "d", fd, self.rs()))
        else:
            size = 4 if single else 8
            off = r.randrange(0, 256 // size) * size
            if r.random() < 0.5:
                self.emit("fl%s %s, %d(gp)" % ("w" if single else "d", fd, off))
            else:
                self.emit("fs%s %s, %d(gp)" % ("w" if single else "d", fa, off))

    def csr(self, avoid):
        r = self.r
        d = self.rd(avoid)
        kind = r.random()
        if kind < 0.3:
            self.emit("csrrwi %s, frm, %d" % (d, r.randint(0, 4)))
        elif kind < 0.55:
            op = r.choice(["csrrw", "csrrs", "csrrc"])
            self.emit("%s %s, fflags, %s" % (op, d, self.rs()))
        elif kind < 0.65:
            op = r.choice(["csrrwi", "csrrsi", "csrrci"])
            self.emit("%s %s, fflags, %d" % (op, d, r.randint(0, 31)))
        elif kind < 0.75:
            v = r.randint(0, 4) << 5 | r.randint(0, 31)
            self.emit("li %s, %d" % (d if d != "x0" else "x5", v))
            self.emit("csrrw %s, fcsr, %s" % (self.rd(avoid), d if d != "x0" else "x5"))
        elif kind < 0.95:
            op = r.choice(["csrrw", "csrrs", "csrrc", "csrrwi", "csrrsi", "csrrci"])
            src = str(r.randint(0, 31)) if op.endswith("i") else self.rs()
            self.emit("%s %s, %s, %s" % (op, d, self.scratch_csr, src))
        else:
            self.emit("csrr %s, %s" % (d, r.choice(["fcsr", "frm", "fflags",
                                                    "satp" if self.smode else "mhartid"])))

    def trap(self):
        self.traps += 1
        self.emit(self.r.choice([
            "ecall", "ebreak", "c.ebreak",
            ".half 0x0000",                     # all-zero 16-bit: illegal
            "csrrw x0, mvendorid, x0",          # write to a read-only CSR
            "csrrsi a0, cycle, 1",              # write (uimm != 0) to a read-only CSR
            ".word 0x0000707f",                 # reserved FP-load funct3 (illegal)
            ".insn r 0x53, 5, 1, f1, f2, f3",   # fadd.d with reserved rm 5
            ".insn r 0x53, 6, 0, f1, f2, f3",   # fadd.s with reserved rm 6
        ]))

    # --- structure ---------------------------------------------------------
    def straight(self, n, avoid=(), traps=True):
        for _ in range(n):
            k = self.r.random()
            if k < 0.40:
                self.alu(avoid)
            elif k < 0.55:
                self.mem(avoid)
            elif k < 0.62:
                self.atomic(avoid)
            elif k < 0.85:
                self.fp(avoid)
            elif k < 0.93:
                self.csr(avoid)
            elif traps and self.traps < 150 and k < 0.96:
                self.trap()
            elif k < 0.99:
                self.compressed(avoid)
            else:
                self.emit(self.r.choice(["fence", "fence.i", "fence rw, rw", "nop", "pause",
                                         "addi x0, x1, 5",       # HINT
                                         "fence r, r"] + (["sfence.vma"] if self.smode else [])))

    def branch_block(self, depth=0):
        r = self.r
        op = r.choice(["beq", "bne", "blt", "bge", "bltu", "bgeu", "c.beqz", "c.bnez"])
        skip = self.new_label()
        if op.startswith("c."):
            self.emit("%s %s, %s" % (op, r.choice(CREGS), skip))
        else:
            self.emit("%s %s, %s, %s" % (op, self.rs(), self.rs(), skip))
        self.straight(r.randint(1, 6))
        if depth < 2 and r.random() < 0.25:
            self.branch_block(depth + 1)
            self.straight(r.randint(0, 3))
        self.lines.append(skip + ":")

    def loop_block(self):
        r = self.r
        counter = r.choice(["x26", "x27", "x31"])
        top = self.new_label()
        # mostly short loops; sometimes hot ones that a JIT may treat differently
        n = r.randint(1, 5) if r.random() < 0.8 else r.randint(50, 300)
        self.emit("li %s, %d" % (counter, n))
        self.lines.append(top + ":")
        self.straight(r.randint(2, 8), avoid=(counter,), traps=False)
        self.emit("addi %s, %s, -1" % (counter, counter))
        self.emit("bnez %s, %s" % (counter, top))

    def jump_block(self):
        r = self.r
        target = self.new_label()
        if r.random() < 0.5:
            self.emit("jal %s, %s" % (self.rd(), target))
        else:
            link = self.rd(("x0",))
            self.emit("la %s, %s" % (link, target))
            self.emit("jalr %s, 0(%s)" % (self.rd(), link))
        self.straight(r.randint(0, 3))
        self.lines.append(target + ":")

    def body(self):
        self.lines.append("body:")
        while len(self.lines) < self.length:
            k = self.r.random()
            if k < 0.7:
                self.straight(self.r.randint(1, 10))
            elif k < 0.85:
                self.branch_block()
            elif k < 0.93:
                self.loop_block()
            else:
                self.jump_block()
        self.emit("j dump")

    def program(self):
        r = self.r
        out = ["/* generated by tests/diff/gen.py: do not edit */",
               "    .option rvc", "    .text", "    .globl body"]
        self.body()
        out += self.lines
        out += ["", "    .data", "    .balign 16", "    .globl init_x, init_f, init_fcsr"]
        out.append("init_x:")
        out += ["    .dword 0x%x" % self.int_value() for _ in range(32)]
        out.append("init_f:")
        for i in range(32):
            if i >= 16 and r.random() < 0.9:
                v = 0xffffffff00000000 | r.choice(F32_VALUES + [r.getrandbits(32)])
            else:
                v = r.choice(F64_VALUES + [r.getrandbits(64)])
            out.append("    .dword 0x%x" % v)
        out.append("init_fcsr: .dword 0x%x" % (r.randint(0, 4) << 5))
        out += ["    .balign 16", "    .globl scratch, scratch2", "scratch:"]
        out += ["    .dword 0x%x" % self.int_value() for _ in range(32)]
        out.append("scratch2:")
        out += ["    .dword 0x%x" % r.getrandbits(64) for _ in range(64)]
        return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seed", type=int)
    ap.add_argument("--length", type=int, default=600, help="approximate body lines")
    ap.add_argument("--zicond", action="store_true",
                    help="also emit czero.eqz/czero.nez (QEMU 7.2 lacks Zicond)")
    ap.add_argument("--smode", action="store_true",
                    help="body runs in S-mode under Sv39 (assemble runtime.S with -DSMODE)")
    ap.add_argument("--misaligned", action="store_true",
                    help="also emit misaligned integer loads/stores (the spec allows "
                    "performing or trapping them; QEMU performs them)")
    args = ap.parse_args()
    print(Gen(args.seed, args.length, args.zicond, args.misaligned, args.smode).program(),
          end="")


if __name__ == "__main__":
    main()
