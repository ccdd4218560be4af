#!/usr/bin/env python3
"""Write a tiny RISC-V ELF64 that ends the run through the virt board's
sifive_test device (exit status given by --exit, 0 = pass), plus variants
damaged in one field for the bad-input tests.

usage: mkelf.py OUT [--exit N] [--print TEXT] [--damage KIND] [--smp-handshake]
--reset-once: asks for a reset, then exits with status 5 after it.
--smp-handshake: hart 0 counts down, then sets a flag; the other harts spin
on the flag and then pass.  A run loop that starves a lock holder while a
peer spins never finishes it.
KIND: magic, class, data, machine, phoff, phentsize, load-offset, memsz,
      paddr-unmapped, paddr-wrap, no-load
"""
import argparse
import struct

BASE = 0x80000000
CODE_OFF = 0x80


def code(exit_code, text=""):
    """[print text on the UART;] lui t0,0x100; li t1,value; sw t1,0(t0); j ."""
    value = 0x5555 if exit_code == 0 else 0x3333 | (exit_code << 16)
    hi = (value + 0x800) >> 12
    lo = value - (hi << 12)
    insns = []
    if text:
        insns.append(0x100003b7)                         # lui t2, 0x10000 (UART)
        for ch in text.encode():
            insns.append((ch << 20) | (28 << 7) | 0x13)  # li t3, ch
            insns.append(0x01c38023)                     # sb t3, 0(t2)
    insns += [
        0x001002b7,                                      # lui t0, 0x100
        (hi << 12) | (6 << 7) | 0x37,                    # lui t1, hi
        ((lo & 0xfff) << 20) | (6 << 15) | (6 << 7) | 0x1b,  # addiw t1, t1, lo
        0x0062a023,                                      # sw t1, 0(t0)
        0x0000006f,                                      # j .
    ]
    return b"".join(struct.pack("<I", i) for i in insns)


def i_type(opc, f3, rd, rs1, imm):
    return ((imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc


def s_type(f3, rs1, rs2, imm):
    return (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | \
        ((imm & 0x1f) << 7) | 0x23


def b_type(f3, rs1, rs2, off):
    return (((off >> 12) & 1) << 31) | (((off >> 5) & 0x3f) << 25) | (rs2 << 20) | \
        (rs1 << 15) | (f3 << 12) | (((off >> 1) & 0xf) << 8) | (((off >> 11) & 1) << 7) | 0x63


def handshake():
    """Hart 0: count down 2^20, store 1 at 0x80001000, park.  Others: wait for
    the flag, then write PASS to sifive_test."""
    T0, T1, T2, A0 = 5, 6, 7, 10
    lui = lambda rd, imm20: (imm20 << 12) | (rd << 7) | 0x37
    prog = [
        (1 << 12) | (T1 << 7) | 0x17,     # 0:  auipc t1, 1 (flag = 0x80001000)
        0xf1402573,                       # 4:  csrr a0, mhartid
        b_type(1, A0, 0, 24),             # 8:  bnez a0, waiter (32)
        lui(T0, 0x100),                   # 12: li t0, 1 << 20
        i_type(0x13, 0, T0, T0, -1),      # 16: addi t0, t0, -1
        b_type(1, T0, 0, -4),             # 20: bnez t0, 16
        i_type(0x13, 0, T2, 0, 1),        # 24: li t2, 1
        s_type(2, T1, T2, 0),             # 28: sw t2, 0(t1); then wait like the others
        i_type(0x03, 2, T2, T1, 0),       # 32: waiter: lw t2, 0(t1)
        b_type(0, T2, 0, -4),             # 36: beqz t2, 32
        lui(T0, 0x100),                   # 40: t0 = sifive_test
        lui(T1, 0x5),                     # 44
        i_type(0x1b, 0, T1, T1, 0x555),   # 48: addiw t1, t1, 0x555
        s_type(2, T0, T1, 0),             # 52: sw t1, 0(t0)
        0x0000006f,                       # 56: j .
    ]
    return b"".join(struct.pack("<I", i) for i in prog)


def reset_once():
    """First boot: set a flag in RAM and ask sifive_test for a reset; after
    the reset (the flag survives in RAM): exit with status 5."""
    T0, T1, T2 = 5, 6, 7
    lui = lambda rd, imm20: (imm20 << 12) | (rd << 7) | 0x37
    prog = [
        (1 << 12) | (T1 << 7) | 0x17,     # 0:  auipc t1, 1 (flag = 0x80001000)
        i_type(0x03, 2, T2, T1, 0),       # 4:  lw t2, 0(t1)
        b_type(1, T2, 0, 32),             # 8:  bnez t2, second (40)
        i_type(0x13, 0, T2, 0, 1),        # 12: li t2, 1
        s_type(2, T1, T2, 0),             # 16: sw t2, 0(t1)
        lui(T0, 0x100),                   # 20: t0 = sifive_test
        lui(T2, 0x7),                     # 24
        i_type(0x1b, 0, T2, T2, 0x777),   # 28: t2 = 0x7777 (reset)
        s_type(2, T0, T2, 0),             # 32: sw t2, 0(t0)
        0x0000006f,                       # 36: j .
        lui(T0, 0x100),                   # 40: second: t0 = sifive_test
        lui(T2, 0x53),                    # 44
        i_type(0x1b, 0, T2, T2, 0x333),   # 48: t2 = 0x3333 | 5 << 16 (exit 5)
        s_type(2, T0, T2, 0),             # 52: sw t2, 0(t0)
        0x0000006f,                       # 56: j .
    ]
    return b"".join(struct.pack("<I", i) for i in prog)


def build(exit_code, damage, message="", smp_handshake=False, reset=False):
    if reset:
        text = reset_once()
    elif smp_handshake:
        text = handshake()
    else:
        text = code(exit_code, message)
    e_ident = bytearray(b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8))
    machine, phoff, phentsize = 243, 64, 56
    p_type, p_offset, p_paddr = 1, CODE_OFF, BASE
    p_filesz, p_memsz = len(text), len(text) + 64     # 64 bytes of BSS
    if damage == "magic":
        e_ident[0] = 0x7e
    elif damage == "class":
        e_ident[4] = 1
    elif damage == "data":
        e_ident[5] = 2
    elif damage == "machine":
        machine = 62                                     # x86-64
    elif damage == "phoff":
        phoff = 0x10000
    elif damage == "phentsize":
        phentsize = 32
    elif damage == "load-offset":
        p_offset = 0x100000
    elif damage == "memsz":
        p_memsz = 4
    elif damage == "paddr-unmapped":
        p_paddr = 0x50000000
    elif damage == "paddr-wrap":
        p_paddr = 0xfffffffffffffff0
    elif damage == "no-load":
        p_type = 4                                       # PT_NOTE
    ehdr = bytes(e_ident) + struct.pack(
        "<HHIQQQIHHHHHH", 2, machine, 1, BASE, phoff, 0, 0, 64, phentsize, 1, 0, 0, 0)
    phdr = struct.pack("<IIQQQQQQ", p_type, 7, p_offset, p_paddr, p_paddr,
                       p_filesz, p_memsz, 4)
    img = bytearray(ehdr + phdr)
    img += bytes(CODE_OFF - len(img))
    img += text
    return bytes(img)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--exit", type=int, default=0)
    ap.add_argument("--damage", default=None)
    ap.add_argument("--print", dest="message", default="")
    ap.add_argument("--smp-handshake", action="store_true")
    ap.add_argument("--reset-once", action="store_true")
    a = ap.parse_args()
    with open(a.out, "wb") as f:
        f.write(build(a.exit, a.damage, a.message.replace("\\n", "\n"), a.smp_handshake,
                      a.reset_once))


if __name__ == "__main__":
    main()
