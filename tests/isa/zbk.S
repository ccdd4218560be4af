/* Zbkb, Zbkx (scalar crypto bit manipulation): pack, packh, packw, brev8,
 * xperm4, xperm8 (rev8/rol/ror/andn/orn/xnor are shared with Zbb, see
 * zba_zbb.S).  QEMU 7.2 needs -cpu rv64,zbkb=true,zbkx=true (see OPTS). */
#include "test.h"

#define RR(op, a, b, exp) li a0, a; li a1, b; op a2, a0, a1; CHECK(a2, exp)
#define R1(op, a, exp) li a0, a; op a2, a0; CHECK(a2, exp)

    .text
    .globl test_main
test_main:
    RR(pack, 0x8123456789abcdef, 0xfedcba9876543210, 0x7654321089abcdef)
    RR(pack, 0xffffffff80000001, 0x100000003, 0x380000001)
    RR(pack, 0x0, 0xffffffffffffffff, 0xffffffff00000000)
    RR(pack, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff)
    RR(pack, 0x80000000, 0x1f, 0x1f80000000)
    RR(packh, 0x8123456789abcdef, 0xfedcba9876543210, 0x10ef)
    RR(packh, 0xffffffff80000001, 0x100000003, 0x301)
    RR(packh, 0x0, 0xffffffffffffffff, 0xff00)
    RR(packh, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffff)
    RR(packh, 0x80000000, 0x1f, 0x1f00)
    RR(packw, 0x8123456789abcdef, 0xfedcba9876543210, 0x3210cdef)
    RR(packw, 0xffffffff80000001, 0x100000003, 0x30001)
    RR(packw, 0x0, 0xffffffffffffffff, 0xffffffffffff0000)
    RR(packw, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff)
    RR(packw, 0x80000000, 0x1f, 0x1f0000)
    R1(brev8, 0x8123456789abcdef, 0x81c4a2e691d5b3f7)
    R1(brev8, 0x0, 0x0)
    R1(brev8, 0xffffffffffffffff, 0xffffffffffffffff)
    R1(brev8, 0x80000000, 0x1000000)
    R1(brev8, 0x100000000, 0x8000000000)
    R1(brev8, 0xf0f00, 0xf0f000)
    R1(brev8, 0x80, 0x1)
    R1(brev8, 0x8000, 0x100)
    R1(brev8, 0x100ff0000fe0001, 0x8000ff00007f0080)
    RR(xperm4, 0x8123456789abcdef, 0xfedcba9876543210, 0x8123456789abcdef)
    RR(xperm4, 0xffffffff80000001, 0x100000003, 0x1111111011111110)
    RR(xperm4, 0x0, 0xffffffffffffffff, 0x0)
    RR(xperm4, 0xffffffffffffffff, 0x7fffffffffffffff, 0xffffffffffffffff)
    RR(xperm4, 0x80000000, 0x1f, 0x0)
    RR(xperm8, 0x8123456789abcdef, 0xfedcba9876543210, 0x0)
    RR(xperm8, 0xffffffff80000001, 0x100000003, 0x101010001010180)
    RR(xperm8, 0x0, 0xffffffffffffffff, 0x0)
    RR(xperm8, 0xffffffffffffffff, 0x7fffffffffffffff, 0x0)
    RR(xperm8, 0x80000000, 0x1f, 0x0)
    /* xperm8: out-of-range indexes give 0; identity permutation */
    RR(xperm8, 0x8877665544332211, 0x0001020304050607, 0x1122334455667788)
    RR(xperm8, 0x8877665544332211, 0xff08070600ff0807, 0x0000887711000088)
    RR(xperm4, 0xfedcba9876543210, 0x0123456789abcdef, 0x0123456789abcdef)
    RR(xperm4, 0x0123456789abcdef, 0x00000000000000f0, 0xffffffffffffff0f)
    j test_pass
