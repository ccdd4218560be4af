#!/usr/bin/env python3
"""Write a tiny RISC-V ELF64 that ends the run through the virt board's
sifive_test device (exit status given by --exit, 0 = pass), plus variants
damaged in one field for the bad-input tests.

usage: mkelf.py OUT [--exit N] [--print TEXT] [--damage KIND]
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


def build(exit_code, damage, message=""):
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
    a = ap.parse_args()
    with open(a.out, "wb") as f:
        f.write(build(a.exit, a.damage, a.message.replace("\\n", "\n")))


if __name__ == "__main__":
    main()
