/* Exceptions and privilege changes: ecall from M/S/U (causes 11/9/8, mtval 0),
 * ebreak (cause 3, mtval 0 or pc), illegal instructions (cause 2, mtval = the
 * instruction bits, 16- and 32-bit), access faults on loads/stores/fetches from
 * unmapped 0x0 (causes 5/7/1, mtval = address), mepc/mcause/mtval, mstatus
 * MPP/MPIE/MIE updates on trap and mret, mret/sret to lower modes, medeleg
 * delegation to S (scause/sepc/stval/SPP), no delegation of M-mode traps. */
#include "test.h"

    .text
    .globl test_main
test_main:
    /* ecall from M */
    TRAP_ARM(1f)
2:  ecall
    FAIL_HERE()
1:  CHECK_TRAP(CAUSE_ECALL_M, 0)
    CHECK_EPC(2b)
    /* MPP = M, MPIE = old MIE (0) */
    la t5, trap_mstatus; ld t5, 0(t5)
    srli t0, t5, 11; andi t0, t0, 3;    CHECK(t0, 3)
    srli t0, t5, 7; andi t0, t0, 1;     CHECK(t0, 0)
    /* trap with MIE = 1: MPIE = 1, MIE = 0 in the handler (no interrupt enabled) */
    csrw mie, x0
    csrsi mstatus, MSTATUS_MIE
    TRAP_ARM(3f)
    ecall
    FAIL_HERE()
3:  la t5, trap_mstatus; ld t5, 0(t5)
    srli t0, t5, 7; andi t0, t0, 1;     CHECK(t0, 1)
    andi t0, t5, MSTATUS_MIE;           CHECK(t0, 0)
    csrr t0, mstatus
    andi t0, t0, MSTATUS_MIE;           CHECK(t0, 0)
    /* ebreak: mtval is 0 or the pc */
    TRAP_ARM(4f)
5:  ebreak
    FAIL_HERE()
4:  CHECK_CAUSE(CAUSE_BREAKPOINT)
    CHECK_EPC(5b)
    la t5, trap_tval; ld t5, 0(t5)
    beqz t5, 6f
    la t6, 5b
    CHECKR(t5, t6)
6:
    /* illegal instructions: mtval = instruction bits */
    TRAP_ARM(7f)
8:  .word 0xffffffff
    FAIL_HERE()
7:  CHECK_TRAP(CAUSE_ILLEGAL, 0xffffffff)
    CHECK_EPC(8b)
    TRAP_ARM(9f)
    .word 0x0000707f                    /* reserved LOAD-FP width */
    FAIL_HERE()
9:  CHECK_TRAP(CAUSE_ILLEGAL, 0x0000707f)
    TRAP_ARM(10f)
11: .half 0x0004                        /* c.addi4spn with nzuimm = 0: reserved */
    FAIL_HERE()
10: CHECK_TRAP(CAUSE_ILLEGAL, 0x0004)
    CHECK_EPC(11b)
    TRAP_ARM(12f)
    .half 0x0000                        /* the all-zero parcel is illegal */
    FAIL_HERE()
12: CHECK_TRAP(CAUSE_ILLEGAL, 0)
    /* access faults on unmapped physical addresses */
    TRAP_ARM(15f)
16: ld a0, 0(zero)
    FAIL_HERE()
15: CHECK_TRAP(CAUSE_LOAD_ACCESS, 0)
    CHECK_EPC(16b)
    li s0, 0x8
    TRAP_ARM(17f)
    sw a0, 0(s0)
    FAIL_HERE()
17: CHECK_TRAP(CAUSE_STORE_ACCESS, 8)
    li s0, 0x40
    TRAP_ARM(19f)
    jalr ra, 0(s0)
    FAIL_HERE()
19: CHECK_TRAP(CAUSE_FETCH_ACCESS, 0x40)
    la t5, trap_epc; ld t5, 0(t5);      CHECK(t5, 0x40)

    /* mret to M: MIE = MPIE, MPIE = 1, MPP = U (least privileged) */
    li t0, MSTATUS_MPP | MSTATUS_MPIE
    csrs mstatus, t0
    csrw mie, x0
    la t0, 20f
    csrw mepc, t0
    mret
20: csrr t0, mstatus
    andi t1, t0, MSTATUS_MIE;           CHECK(t1, MSTATUS_MIE)
    andi t1, t0, MSTATUS_MPIE;          CHECK(t1, MSTATUS_MPIE)
    li t1, MSTATUS_MPP
    and t1, t0, t1;                     CHECK(t1, 0)
    csrci mstatus, MSTATUS_MIE

    /* ecall from U and S, no delegation */
    TRAP_ARM(21f)
    MRET_TO(0, 22f)
22: ecall
    FAIL_HERE()
21: CHECK_TRAP(CAUSE_ECALL_U, 0)
    CHECK_EPC(22b)
    la t5, trap_mstatus; ld t5, 0(t5)
    srli t0, t5, 11; andi t0, t0, 3;    CHECK(t0, 0)
    TRAP_ARM(23f)
    MRET_TO(1, 24f)
24: ecall
    FAIL_HERE()
23: CHECK_TRAP(CAUSE_ECALL_S, 0)
    la t5, trap_mstatus; ld t5, 0(t5)
    srli t0, t5, 11; andi t0, t0, 3;    CHECK(t0, 1)
    /* mret/sret/wfi... privileged instructions from U are illegal */
    TRAP_ARM(25f)
    MRET_TO(0, 26f)
26: mret
    FAIL_HERE()
25: CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(27f)
    MRET_TO(0, 28f)
28: sret
    FAIL_HERE()
27: CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(29f)
    MRET_TO(1, 30f)
30: mret                                /* mret from S is illegal too */
    FAIL_HERE()
29: CHECK_TRAP(CAUSE_ILLEGAL, 0x30200073)

    /* delegation: ecall from U, illegal and breakpoint go to S */
    la t0, strap_entry
    csrw stvec, t0
    li t0, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL) | (1 << CAUSE_BREAKPOINT)
    csrw medeleg, t0
    csrr t1, medeleg
    and t1, t1, t0;                     CHECK(t1, (1 << 8) | (1 << 2) | (1 << 3))
    MRET_TO(1, s_mode)
s_mode:
    /* S-mode: go to U with sret, take ecall back into S */
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    la t0, 31f
    csrw sepc, t0
    STRAP_ARM(32f)
    sret
31: ecall                               /* U */
    FAIL_HERE()
32: CHECK_SCAUSE(CAUSE_ECALL_U)
    CHECK_STVAL(0)
    CHECK_SEPC(31b)
    la t5, strap_status; ld t5, 0(t5)
    andi t0, t5, MSTATUS_SPP;           CHECK(t0, 0)
    /* illegal instruction in S itself, delegated: SPP = S, stval = bits */
    STRAP_ARM(33f)
34: .word 0xffffffff
    FAIL_HERE()
33: CHECK_SCAUSE(CAUSE_ILLEGAL)
    CHECK_STVAL(0xffffffff)
    CHECK_SEPC(34b)
    la t5, strap_status; ld t5, 0(t5)
    andi t0, t5, MSTATUS_SPP;           CHECK(t0, MSTATUS_SPP)
    STRAP_ARM(35f)
    c.ebreak
    FAIL_HERE()
35: CHECK_SCAUSE(CAUSE_BREAKPOINT)
    /* S-mode ecall is not delegated: goes to M */
    TRAP_ARM(36f)
    ecall
    FAIL_HERE()
36: CHECK_CAUSE(CAUSE_ECALL_S)
    /* traps taken in M are never delegated, whatever medeleg says */
    li t0, -1
    csrw medeleg, t0
    TRAP_ARM(37f)
    .word 0xffffffff
    FAIL_HERE()
37: CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(38f)
    ecall
    FAIL_HERE()
38: CHECK_CAUSE(CAUSE_ECALL_M)
    csrw medeleg, x0
    /* sret in S-mode with TSR = 1 is illegal */
    li t0, (1 << 22)
    csrs mstatus, t0
    TRAP_ARM(39f)
    MRET_TO(1, 40f)
40: sret
    FAIL_HERE()
39: CHECK_CAUSE(CAUSE_ILLEGAL)
    li t0, (1 << 22)
    csrc mstatus, t0
    j test_pass
