/* Precise traps: an exception in the middle of a straight-line block leaves the
 * effects of the earlier instructions and none of the later ones (registers,
 * memory, fflags); timer interrupts hitting a hot loop see a consistent state
 * matching mepc, which lies inside the loop. */
#include "test.h"

    .text
    .balign 4
irq_handler:                            /* direct mode: only MTI expected */
    csrr t5, mcause
    li t6, INTR | 7
    bne t5, t6, bad
    li t5, -1
    li t6, CLINT_MTIMECMP
    sd t5, 0(t6)
    /* mepc inside the loop, and the loop state consistent with it:
     * s1 == 2 * s0, except right after "addi s0" where s1 == 2 * s0 - 2 */
    csrr t5, mepc
    la t6, arm                          /* a slow host may deliver it before */
    bltu t5, t6, bad                    /* the loop starts: mepc in [arm, loop) */
    la t6, loop_end
    bgeu t5, t6, bad
    la t6, loop_start
    bltu t5, t6, 2f                     /* not in the loop yet: nothing to check */
    la t6, loop_start + 4
    slli t5, s0, 1
    csrr a7, mepc
    bne a7, t6, 1f
    addi t5, t5, -2
1:  bne t5, s1, bad
2:  addi s2, s2, 1
    mret
bad:
    li a0, 249
    j test_exit_code

    .globl test_main
test_main:
    /* exception after some register/memory/fflags updates */
    la s0, scratch
    sd zero, 0(s0)
    sd zero, 8(s0)
    csrw fflags, x0
    FLI_D(f1, 0x3ff0000000000000)
    FLI_D(f2, 0x4008000000000000)
    li a0, 1
    li a1, 2
    TRAP_ARM(1f)
    addi a0, a0, 5
    sd a0, 0(s0)
    fdiv.d f3, f1, f2                   /* sets NX */
    ld a2, 0(zero)                      /* load access fault */
    addi a1, a1, 7
    sd a1, 8(s0)
    csrwi fflags, 0
    FAIL_HERE()
1:  CHECK_CAUSE(CAUSE_LOAD_ACCESS)
    CHECK(a0, 6)
    CHECK(a1, 2)
    ld t0, 0(s0);   CHECK(t0, 6)
    ld t0, 8(s0);   CHECK(t0, 0)
    CHECK_FLAGS(FF_NX)
    /* same with an illegal instruction inside a compressed run */
    li a0, 0
    TRAP_ARM(2f)
    c.addi a0, 1
    c.addi a0, 2
3:  .half 0
    c.addi a0, 4
    FAIL_HERE()
2:  CHECK(a0, 3)
    CHECK_EPC(3b)

    /* timer interrupts into a hot loop */
    la t0, irq_handler
    csrw mtvec, t0
    li t0, -1
    li t1, CLINT_MTIMECMP
    sd t0, 0(t1)
    li t0, (1 << 7)
    csrs mie, t0
    csrsi mstatus, MSTATUS_MIE
    li s0, 0
    li s1, 0
    li s2, 0                            /* interrupts seen */
    li s3, 0                            /* next deadline armed for count */
arm:
    li t1, CLINT_MTIME
    ld t0, 0(t1)
    addi t0, t0, 200                    /* 20 us */
    li t1, CLINT_MTIMECMP
    sd t0, 0(t1)
    addi s3, s3, 1
    /* Give up after 2 s of mtime (10 MHz), not after a number of iterations:
       how fast a host delivers a timer interrupt is not the guest's business. */
    li t1, 20000000
    add s4, t0, t1
    li s5, CLINT_MTIME
    .option push
    .option norvc
loop_start:
    addi s0, s0, 1
    slli s1, s0, 1
    ld t1, 0(s5)
    bgeu t1, s4, loop_end
    bltu s2, s3, loop_start             /* until this interrupt arrived */
loop_end:
    .option pop
    bltu s2, s3, timeout                /* no interrupt within 2 s */
    li t0, 5
    bltu s3, t0, arm
    csrci mstatus, MSTATUS_MIE
    csrw mie, x0
    la t0, trap_entry
    csrw mtvec, t0
    CHECK(s2, 5)
    j test_pass
timeout:
    FAIL_HERE()

    .bss
    .balign 8
scratch: .space 16
