/* RV64I: arithmetic, logic, shifts, compares, branches, jumps, lui/auipc, W forms, x0. */
#include "test.h"

#define RR(op, a, b, exp) li a0, a; li a1, b; op a2, a0, a1; CHECK(a2, exp)
#define RI(op, a, imm, exp) li a0, a; op a2, a0, imm; CHECK(a2, exp)
#define BR_TAKEN(op, a, b)  li a0, a; li a1, b; op a0, a1, 1f; FAIL_HERE(); 1:
#define BR_NOT(op, a, b)    li a0, a; li a1, b; op a0, a1, 2f; j 3f; 2: FAIL_HERE(); 3:

    .option norvc
    .text
    .globl test_main
test_main:
    /* add/sub and overflow wrap-around */
    RR(add, 1, 2, 3)
    RR(add, 0x7fffffffffffffff, 1, 0x8000000000000000)
    RR(add, -1, 1, 0)
    RR(sub, 0, 1, -1)
    RR(sub, 0x8000000000000000, 1, 0x7fffffffffffffff)
    RI(addi, 0, -2048, -2048)
    RI(addi, 0, 2047, 2047)
    RI(addi, 0x7fffffffffffffff, 1, 0x8000000000000000)
    /* W forms: 32-bit result, sign-extended; upper source bits ignored */
    RR(addw, 0x7fffffff, 1, 0xffffffff80000000)
    RR(addw, 0x100000001, 0x100000001, 2)
    RR(addw, 0xffffffff, 1, 0)
    RR(subw, 0, 1, -1)
    RR(subw, 0x80000000, 1, 0x7fffffff)
    RR(subw, 0x1234567800000000, 0, 0)
    RI(addiw, 0x7fffffff, 1, 0xffffffff80000000)
    RI(addiw, 0x80000000, 0, 0xffffffff80000000)
    RI(addiw, 0xffffffff00000005, -6, -1)
    /* logic with sign-extended immediates */
    RR(and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00)
    RR(or,  0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0)
    RR(xor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0)
    RI(andi, 0x123456789abcdef0, -16, 0x123456789abcdef0)
    RI(andi, 0x123456789abcdef0, 0x7ff, 0x6f0)
    RI(ori, 0, -2048, 0xfffffffffffff800)
    RI(xori, 0x123456789abcdef0, -1, 0xedcba9876543210f)
    /* shifts: only the low 6 (5 for W) bits of the amount count */
    RR(sll, 1, 63, 0x8000000000000000)
    RR(sll, 1, 64, 1)
    RR(sll, 3, 0x7ff, 0x8000000000000000)
    RR(srl, 0x8000000000000000, 63, 1)
    RR(srl, 0x8000000000000000, 64, 0x8000000000000000)
    RR(sra, 0x8000000000000000, 63, -1)
    RR(sra, 0x8000000000000000, 62, -2)
    RR(sra, 0x4000000000000000, 62, 1)
    RI(slli, 0xff, 60, 0xf000000000000000)
    RI(srli, -1, 63, 1)
    RI(srli, -1, 0, -1)
    RI(srai, 0x8000000000000000, 63, -1)
    RI(srai, 0x7000000000000000, 60, 7)
    RR(sllw, 1, 31, 0xffffffff80000000)
    RR(sllw, 1, 32, 1)
    RR(sllw, 0xffffffff00000003, 30, 0xffffffffc0000000)
    RR(srlw, 0xffffffff80000000, 31, 1)
    RR(srlw, 0x80000000, 32, 0xffffffff80000000)
    RR(srlw, 0xffffffff, 4, 0x0fffffff)
    RR(sraw, 0x80000000, 31, -1)
    RR(sraw, 0x0000000180000000, 4, 0xfffffffff8000000)
    RR(sraw, 0x7fffffff, 63, 0)
    RI(slliw, 1, 31, 0xffffffff80000000)
    RI(slliw, 0x123456789, 0, 0x23456789)
    RI(srliw, 0x80000000, 0, 0xffffffff80000000)
    RI(srliw, 0xfffffffff0000000, 28, 0xf)
    RI(sraiw, 0x80000000, 31, -1)
    RI(sraiw, 0xffffffff7fffffff, 30, 1)
    /* compares */
    RR(slt, -1, 0, 1)
    RR(slt, 0, -1, 0)
    RR(slt, 5, 5, 0)
    RR(sltu, -1, 0, 0)
    RR(sltu, 0, -1, 1)
    RR(sltu, 0x8000000000000000, 0x7fffffffffffffff, 0)
    RI(slti, -5, -4, 1)
    RI(slti, 0x8000000000000000, -2048, 1)
    RI(slti, 2047, 2047, 0)
    RI(sltiu, 0, 1, 1)                 /* seqz */
    RI(sltiu, 1, 1, 0)
    RI(sltiu, 0xfffffffffffffffe, -1, 1)  /* immediate sign-extended, compared unsigned */
    RI(sltiu, -1, -1, 0)
    /* lui sign-extends bit 31; auipc is PC-relative */
    lui a0, 0x80000
    CHECK(a0, 0xffffffff80000000)
    lui a0, 0x7ffff
    CHECK(a0, 0x7ffff000)
    lui a0, 0xfffff
    CHECK(a0, 0xfffffffffffff000)
1:  auipc a0, 0
    la a1, 1b
    CHECKR(a0, a1)
2:  auipc a0, 1
    la a1, 2b
    sub a0, a0, a1
    CHECK(a0, 4096)
3:  auipc a0, 0xfffff
    la a1, 3b
    sub a0, a0, a1
    CHECK(a0, -4096)
    /* branches, both directions of each condition */
    BR_TAKEN(beq, 7, 7)
    BR_NOT(beq, 7, 8)
    BR_TAKEN(bne, 0, -1)
    BR_NOT(bne, -1, -1)
    BR_TAKEN(blt, -1, 1)
    BR_NOT(blt, 1, -1)
    BR_NOT(blt, 3, 3)
    BR_TAKEN(bge, 1, -1)
    BR_TAKEN(bge, 3, 3)
    BR_NOT(bge, -1, 1)
    BR_TAKEN(bltu, 1, -1)
    BR_NOT(bltu, -1, 1)
    BR_NOT(bltu, 3, 3)
    BR_TAKEN(bgeu, -1, 1)
    BR_TAKEN(bgeu, 0, 0)
    BR_NOT(bgeu, 1, -1)
    /* backward branch loop */
    li a0, 10
    li a1, 0
4:  addi a1, a1, 3
    addi a0, a0, -1
    bnez a0, 4b
    CHECK(a1, 30)
    /* jal links pc+4 */
    jal a0, 5f
6:  FAIL_HERE()
5:  la a1, 6b
    CHECKR(a0, a1)
    /* jalr: target = (rs1 + imm) & ~1, link = pc + 4 */
    la a1, 7f
    addi a1, a1, -3
    jalr a2, 4(a1)                 /* (7f - 3 + 4) & ~1 = 7f */
8:  FAIL_HERE()
    .balign 4
7:  la a3, 8b
    CHECKR(a2, a3)
    /* jalr with rd == rs1 uses the old rs1 */
    la a0, 9f
    jalr a0, 0(a0)
10: FAIL_HERE()
9:  la a1, 10b
    CHECKR(a0, a1)
    /* jalr with negative offset */
    la a0, 11f
    addi a0, a0, 16
    jalr x0, -16(a0)
    FAIL_HERE()
11:
    /* writes to x0 are ignored */
    addi x0, x0, 5
    CHECK(x0, 0)
    lui x0, 0x12345
    CHECK(x0, 0)
    auipc x0, 1
    CHECK(x0, 0)
    li a0, -1
    add x0, a0, a0
    CHECK(x0, 0)
    jal x0, 12f
    FAIL_HERE()
12: la a0, 13f
    jalr x0, 0(a0)
    FAIL_HERE()
13: CHECK(x0, 0)
    /* 64-bit constants through lui/addi/slli chains */
    li a0, 0x123456789abcdef0
    srli a1, a0, 32
    CHECK(a1, 0x12345678)
    slli a1, a0, 32
    srli a1, a1, 32
    CHECK(a1, 0x9abcdef0)
    j test_pass
