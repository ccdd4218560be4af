/* Zicsr: csrrw/csrrs/csrrc and immediate forms (old value returned, new value
 * written), rs1 = x0 / uimm = 0 reads without writing (no trap even on read-only
 * CSRs), fcsr = frm:fflags aliasing, writes to read-only CSRs and unknown CSRs
 * raise illegal instruction with mtval = instruction bits, M-mode CSRs from
 * U-mode raise illegal instruction, misa/mhartid values. */
#include "test.h"

    .text
    .globl test_main
test_main:
    li a0, 0x123456789abcdef0
    csrw mscratch, a0
    csrr a1, mscratch;          CHECK(a1, 0x123456789abcdef0)
    li a2, -1
    csrrw a1, mscratch, a2;     CHECK(a1, 0x123456789abcdef0)
    csrr a1, mscratch;          CHECK(a1, -1)
    li a2, 0xff
    csrrc a1, mscratch, a2;     CHECK(a1, -1)
    csrr a1, mscratch;          CHECK(a1, 0xffffffffffffff00)
    li a2, 0x0f
    csrrs a1, mscratch, a2;     CHECK(a1, 0xffffffffffffff00)
    csrr a1, mscratch;          CHECK(a1, 0xffffffffffffff0f)
    csrrwi a1, mscratch, 31;    CHECK(a1, 0xffffffffffffff0f)
    csrr a1, mscratch;          CHECK(a1, 31)
    csrrci a1, mscratch, 5;     CHECK(a1, 31)
    csrr a1, mscratch;          CHECK(a1, 26)
    csrrsi a1, mscratch, 1;     CHECK(a1, 26)
    csrr a1, mscratch;          CHECK(a1, 27)
    /* rs1 = x0 or uimm = 0: no write; rd = x0: write happens */
    csrrs a1, mscratch, x0;     CHECK(a1, 27)
    csrrc a1, mscratch, x0;     CHECK(a1, 27)
    csrrsi a1, mscratch, 0;     CHECK(a1, 27)
    csrrci a1, mscratch, 0;     CHECK(a1, 27)
    li a2, 99
    csrrw x0, mscratch, a2
    csrr a1, mscratch;          CHECK(a1, 99)
    /* rd == rs1: the old value is returned and the old rs1 is written */
    li a3, 7
    csrrw a3, mscratch, a3;     CHECK(a3, 99)
    csrr a1, mscratch;          CHECK(a1, 7)
    /* reading read-only CSRs with rs1 = x0 does not trap */
    csrr a1, mhartid;           CHECK(a1, 0)
    csrrs a1, mhartid, x0;      CHECK(a1, 0)
    csrrc a1, mvendorid, x0
    csrrsi a1, mimpid, 0
    csrrci a1, marchid, 0
    /* misa: MXL = 2 (64-bit) and at least I, M, A, F, D, C, S, U */
    csrr a1, misa
    srli a2, a1, 62;            CHECK(a2, 2)
    li a3, 0x14112d
    and a2, a1, a3;             CHECK(a2, 0x14112d)
    /* fcsr = frm[7:5] | fflags[4:0]; upper bits read as zero */
    li a0, 0xff
    csrw fcsr, a0
    csrr a1, frm;               CHECK(a1, 7)
    csrr a1, fflags;            CHECK(a1, 0x1f)
    li a0, -1
    csrw fcsr, a0
    csrr a1, fcsr;              CHECK(a1, 0xff)
    csrwi fflags, 0
    csrr a1, fcsr;              CHECK(a1, 0xe0)
    csrwi frm, 2
    csrr a1, fcsr;              CHECK(a1, 0x40)
    csrrsi a1, fflags, 0x11;    CHECK(a1, 0)
    csrrci a1, fcsr, 0x1;       CHECK(a1, 0x51)
    csrr a1, fflags;            CHECK(a1, 0x10)
    csrrw a1, frm, x0;          CHECK(a1, 2)
    li a0, 0x3f
    csrw fflags, a0
    csrr a1, fcsr;              CHECK(a1, 0x1f)
    csrw fcsr, x0

    /* writes to read-only CSRs: illegal instruction, mtval = instruction bits */
    TRAP_ARM(1f)
2:  csrw mvendorid, a0
    FAIL_HERE()
1:  la t0, 2b
    lwu t0, 0(t0)
    CHECK_CAUSE(CAUSE_ILLEGAL)
    la t5, trap_tval; ld t5, 0(t5); CHECKR(t5, t0)
    CHECK_EPC(2b)
    li a0, 1
    TRAP_ARM(3f)
    csrrs a1, mhartid, a0
    FAIL_HERE()
3:  CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(4f)
    csrrwi x0, cycle, 0                 /* csrrw always writes, even with uimm 0 */
    FAIL_HERE()
4:  CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(5f)
    csrrsi a1, marchid, 1
    FAIL_HERE()
5:  CHECK_CAUSE(CAUSE_ILLEGAL)
    /* unknown CSR numbers */
    TRAP_ARM(6f)
7:  csrr a1, 0x3ff
    FAIL_HERE()
6:  la t0, 7b
    lwu t0, 0(t0)
    CHECK_TRAP(CAUSE_ILLEGAL, 0x3ff025f3)
    TRAP_ARM(8f)
    csrw 0xfff, a0
    FAIL_HERE()
8:  CHECK_CAUSE(CAUSE_ILLEGAL)

    /* M-mode CSR accessed from U-mode: illegal instruction */
    li t0, MSTATUS_MPP
    csrc mstatus, t0                    /* MPP = U */
    la t0, 9f
    csrw mepc, t0
    TRAP_ARM(10f)
    mret
9:  csrr a1, mscratch                   /* U-mode */
    FAIL_HERE()
10: CHECK_CAUSE(CAUSE_ILLEGAL)
    la t5, trap_mstatus; ld t5, 0(t5)
    srli t5, t5, 11
    andi t5, t5, 3;             CHECK(t5, 0)      /* MPP = U */
    /* fflags is accessible from U-mode when mstatus.FS != Off */
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    la t0, 11f
    csrw mepc, t0
    TRAP_ARM(12f)
    mret
11: csrwi fflags, 3
    csrr a1, fflags
    ecall
12: CHECK_CAUSE(CAUSE_ECALL_U)
    CHECK(a1, 3)
    j test_pass
