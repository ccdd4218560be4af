/* Zicntr/Zihpm basics: cycle, time, instret (and mcycle/minstret) readable in
 * M-mode and increasing, time tracks CLINT mtime, mcycle/minstret writable,
 * mcountinhibit stops the counters, mcounteren/scounteren gate U-mode access.
 * Only monotonicity is checked, never rates: QEMU 7.2 without -icount derives
 * mcycle/minstret from host ticks, not from retired instructions. */
#include "test.h"

#define NOPS10 nop; nop; nop; nop; nop; nop; nop; nop; nop; nop

    .text
    .globl test_main
test_main:
    rdcycle s0
    rdinstret s1
    rdtime s2
    NOPS10
    rdcycle a0
    rdinstret a1
    rdtime a2
    bleu a0, s0, fail_cy
    bleu a1, s1, fail_ir
    bltu a2, s2, fail_tm
    /* time follows mtime: t0 <= time <= t1 */
    li t1, CLINT_MTIME
    ld s0, 0(t1)
    csrr a0, time
    ld s1, 0(t1)
    bltu a0, s0, fail_tm
    bltu s1, a0, fail_tm
    /* time advances (10 MHz on virt): spin until it does, bounded */
    csrr s0, time
    li s1, 10000000
1:  csrr a0, time
    bne a0, s0, 2f
    addi s1, s1, -1
    bnez s1, 1b
    j fail_tm
2:  /* mcycle / minstret are writable; later reads count on from the new value */
    li a0, 0x100000000000
    csrw mcycle, a0
    csrr a1, mcycle
    bltu a1, a0, fail_cy
    li a2, 0x100100000000
    bgeu a1, a2, fail_cy
    csrw minstret, a0
    NOPS10
    csrr a1, minstret
    bleu a1, a0, fail_ir
    bgeu a1, a2, fail_ir
    /* mcountinhibit.CY/IR stop mcycle/minstret */
    li a0, 5
    csrw mcountinhibit, a0
    csrr a1, mcountinhibit;     CHECK(a1, 5)
    csrr s0, mcycle
    csrr s1, minstret
    NOPS10
    csrr a0, mcycle
    csrr a1, minstret
    CHECKR(a0, s0)
    CHECKR(a1, s1)
    csrw mcountinhibit, x0
    NOPS10
    csrr a0, mcycle
    csrr a1, minstret
    bleu a0, s0, fail_cy
    bleu a1, s1, fail_ir

    /* U-mode: counters need mcounteren and scounteren */
    csrw mcounteren, x0
    csrw scounteren, x0
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    la t0, 3f
    csrw mepc, t0
    TRAP_ARM(4f)
    mret
3:  rdcycle a0                          /* U-mode, not enabled */
    FAIL_HERE()
4:  CHECK_CAUSE(CAUSE_ILLEGAL)
    li t0, 7
    csrw mcounteren, t0
    csrw scounteren, t0
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    la t0, 5f
    csrw mepc, t0
    TRAP_ARM(6f)
    mret
5:  rdcycle a0
    rdtime a1
    rdinstret a2
    ecall
    FAIL_HERE()
6:  CHECK_CAUSE(CAUSE_ECALL_U)
    beqz a0, fail_cy
    beqz a2, fail_ir
    /* only the enabled counter: instret off -> illegal */
    li t0, 3
    csrw mcounteren, t0
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    la t0, 7f
    csrw mepc, t0
    TRAP_ARM(8f)
    mret
7:  rdtime a1
    rdinstret a2
    FAIL_HERE()
8:  CHECK_CAUSE(CAUSE_ILLEGAL)
    j test_pass

fail_cy:
    FAIL_HERE()
fail_ir:
    FAIL_HERE()
fail_tm:
    FAIL_HERE()
