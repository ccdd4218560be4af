/* Zicond: czero.eqz rd = (rs2 == 0) ? 0 : rs1; czero.nez rd = (rs2 != 0) ? 0 : rs1.
 * gcc 12 does not know the mnemonics, so they are emitted with .insn.
 * QEMU 7.2 does not implement Zicond (illegal instruction): see XFAIL. */
#include "test.h"

#define CZERO_EQZ(rd, rs1, rs2) .insn r 0x33, 5, 7, rd, rs1, rs2
#define CZERO_NEZ(rd, rs1, rs2) .insn r 0x33, 7, 7, rd, rs1, rs2

    .text
    .globl test_main
test_main:
    li a0, 0x123456789abcdef0
    li a1, 0
    li a2, 0x8000000000000000
    CZERO_EQZ(a3, a0, a1);  CHECK(a3, 0)
    CZERO_EQZ(a3, a0, a2);  CHECK(a3, 0x123456789abcdef0)
    CZERO_NEZ(a3, a0, a1);  CHECK(a3, 0x123456789abcdef0)
    CZERO_NEZ(a3, a0, a2);  CHECK(a3, 0)
    /* the whole 64-bit rs2 is tested, not just the low word */
    li a4, 0x100000000
    CZERO_EQZ(a3, a0, a4);  CHECK(a3, 0x123456789abcdef0)
    CZERO_NEZ(a3, a0, a4);  CHECK(a3, 0)
    /* x0 as condition and as value, rd aliasing */
    CZERO_EQZ(a3, a0, x0);  CHECK(a3, 0)
    CZERO_NEZ(a3, a0, x0);  CHECK(a3, 0x123456789abcdef0)
    CZERO_NEZ(a3, x0, x0);  CHECK(a3, 0)
    li a5, -1
    CZERO_EQZ(a5, a5, a5);  CHECK(a5, -1)
    CZERO_NEZ(a5, a5, a5);  CHECK(a5, 0)
    CZERO_EQZ(x0, a0, a2);  CHECK(x0, 0)
    /* conditional select idiom: rd = cond ? a : b */
    li s0, 111
    li s1, 222
    li s2, 1
    CZERO_EQZ(t0, s0, s2)
    CZERO_NEZ(t1, s1, s2)
    or t2, t0, t1;          CHECK(t2, 111)
    li s2, 0
    CZERO_EQZ(t0, s0, s2)
    CZERO_NEZ(t1, s1, s2)
    or t2, t0, t1;          CHECK(t2, 222)
    j test_pass
