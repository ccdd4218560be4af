/* Interrupts: machine timer via CLINT mtimecmp/mtime, machine software
 * interrupt via msip, vectored mtvec/stvec (exceptions still go to BASE),
 * mip pending bits, priority MSI over MTI, WFI wakes up on an enabled pending
 * interrupt even with mstatus.MIE = 0, M-level interrupts preempt U/S regardless
 * of mstatus.MIE, mideleg delegation of SSI to S, Sstc stimecmp (menvcfg.STCE). */
#include "test.h"

#define MIP_SSIP (1 << 1)
#define MIP_MSIP (1 << 3)
#define MIP_STIP (1 << 5)
#define MIP_MTIP (1 << 7)

    .text
    .option push
    .option norvc                       /* table entries must be 4 bytes */
    .balign 256
mvec:                                   /* vectored mtvec: BASE + 4 * cause */
    j trap_entry                        /* 0: exceptions */
    j bad_irq                           /* 1: SSI */
    j bad_irq
    j msi_handler                       /* 3: MSI */
    j bad_irq
    j bad_irq                           /* 5: STI */
    j bad_irq
    j mti_handler                       /* 7: MTI */
    j bad_irq
    j bad_irq
    j bad_irq
    j bad_irq                           /* 11: MEI */

    .balign 256
svec:                                   /* vectored stvec */
    j strap_entry
    j ssi_handler                       /* 1: SSI */
    j bad_irq
    j bad_irq
    j bad_irq
    j sti_handler                       /* 5: STI */
    j bad_irq
    j bad_irq
    j bad_irq
    j bad_irq
    .option pop

bad_irq:
    li a0, 252
    j test_exit_code

/* Handlers record the cause (M: mcause, S: scause) and the order of events. */
record:                                 /* t5 = cause; clobbers t6 */
    la t6, irq_count
    ld t6, 0(t6)
    slli t6, t6, 3
    addi t6, t6, 8
    add t6, t6, gp                      /* gp = &irq_count */
    sd t5, 0(t6)
    ld t6, 0(gp)
    addi t6, t6, 1
    sd t6, 0(gp)
    ret

mti_handler:
    li t5, -1
    li t6, CLINT_MTIMECMP
    sd t5, 0(t6)                        /* clears MTIP */
    csrr t5, mcause
    mv a7, ra
    jal ra, record
    mv ra, a7
    mret
msi_handler:
    li t6, CLINT_MSIP
    sw zero, 0(t6)                      /* clears MSIP */
    csrr t5, mcause
    mv a7, ra
    jal ra, record
    mv ra, a7
    mret
ssi_handler:
    csrci sip, MIP_SSIP
    csrr t5, scause
    mv a7, ra
    jal ra, record
    mv ra, a7
    sret
sti_handler:
    li t5, -1
    csrw stimecmp, t5                   /* clears STIP (Sstc) */
    csrr t5, scause
    mv a7, ra
    jal ra, record
    mv ra, a7
    sret

/* wait until irq_count >= n (n in a0), bounded; fails on timeout */
wait_irqs:
    li t0, 2000000
1:  ld t1, 0(gp)
    bgeu t1, a0, 2f
    addi t0, t0, -1
    bnez t0, 1b
    li a0, 250
    j test_exit_code
2:  ret

    .globl test_main
test_main:
    la gp, irq_count
    li t0, -1
    li t1, CLINT_MTIMECMP
    sd t0, 0(t1)
    la t0, mvec + 1
    csrw mtvec, t0
    csrr t1, mtvec
    CHECKR(t1, t0)
    /* exceptions go to BASE even in vectored mode */
    TRAP_ARM(1f)
    ecall
    FAIL_HERE()
1:  CHECK_CAUSE(CAUSE_ECALL_M)

    /* machine timer */
    li t0, MIP_MTIP
    csrs mie, t0
    li t0, CLINT_MTIME
    ld t1, 0(t0)
    addi t1, t1, 1000                   /* 100 us at 10 MHz */
    li t0, CLINT_MTIMECMP
    sd t1, 0(t0)
    /* race-free wait: test with MIE = 0, WFI (wakes on a pending enabled
     * interrupt even then), then open MIE so the interrupt is taken */
2:  csrci mstatus, MSTATUS_MIE
    ld t1, 0(gp)
    bnez t1, 10f
    wfi
    csrsi mstatus, MSTATUS_MIE
    j 2b
10:
    ld t1, 8(gp);   CHECK(t1, INTR | 7)
    csrr t1, mip
    andi t1, t1, MIP_MTIP;  CHECK(t1, 0)

    /* pending bit visible with MIE = 0; WFI still wakes up; no trap taken */
    li t0, CLINT_MTIME
    ld t1, 0(t0)
    addi t1, t1, 500
    li t0, CLINT_MTIMECMP
    sd t1, 0(t0)
    li t0, 1000000                      /* give up 100 ms of mtime later */
    add s0, t1, t0
3:  wfi                                 /* may also be a nop: loop on mip */
    csrr t1, mip
    andi t1, t1, MIP_MTIP
    bnez t1, 4f
    li t0, CLINT_MTIME
    ld t1, 0(t0)
    bltu t1, s0, 3b
    FAIL_HERE()
4:  ld t1, 0(gp);   CHECK(t1, 1)        /* no interrupt was taken */
    li t0, -1
    li t1, CLINT_MTIMECMP
    sd t0, 0(t1)

    /* software interrupt through msip */
    li t0, MIP_MTIP
    csrc mie, t0
    li t0, MIP_MSIP
    csrs mie, t0
    li t1, CLINT_MSIP
    li t0, 1
    sw t0, 0(t1)
    lw t2, 0(t1);   CHECK(t2, 1)
    csrr t1, mip
    andi t1, t1, MIP_MSIP;  CHECK(t1, MIP_MSIP)
    csrsi mstatus, MSTATUS_MIE
    nop
    li a0, 2
    call wait_irqs
    csrci mstatus, MSTATUS_MIE
    ld t1, 16(gp);  CHECK(t1, INTR | 3)

    /* MSI has priority over MTI when both are pending */
    li t0, MIP_MTIP
    csrs mie, t0
    li t0, CLINT_MTIMECMP
    sd zero, 0(t0)                      /* MTIP pending now */
    li t1, CLINT_MSIP
    li t0, 1
    sw t0, 0(t1)
    csrsi mstatus, MSTATUS_MIE
    li a0, 4
    call wait_irqs
    csrci mstatus, MSTATUS_MIE
    ld t1, 24(gp);  CHECK(t1, INTR | 3)
    ld t1, 32(gp);  CHECK(t1, INTR | 7)

    /* M-level interrupts are taken in U-mode even with mstatus.MIE = 0 */
    li t1, CLINT_MSIP
    li t0, 1
    sw t0, 0(t1)                        /* pending, but MIE = 0 in M */
    csrr t0, mstatus
    andi t0, t0, MSTATUS_MIE;   CHECK(t0, 0)
    li t0, MSTATUS_MPIE
    csrc mstatus, t0                    /* MPIE = 0: interrupts off after mret in M terms */
    TRAP_ARM(6f)
    MRET_TO(0, 5f)
5:  li a0, 5
    call wait_irqs                      /* the MSI handler runs, returns to U */
    ecall
    FAIL_HERE()
6:  CHECK_CAUSE(CAUSE_ECALL_U)
    ld t1, 40(gp);  CHECK(t1, INTR | 3)
    csrw mie, x0

    /* supervisor software interrupt delegated to S, vectored stvec */
    li t0, 1
    slli t0, t0, 63
    csrs menvcfg, t0                    /* STCE: enable stimecmp */
    csrsi mcounteren, 2                 /* TM: S may read time and stimecmp */
    li t0, -1
    csrw stimecmp, t0
    la t0, svec + 1
    csrw stvec, t0
    li t0, MIP_SSIP | MIP_STIP
    csrw mideleg, t0
    csrr t1, mideleg
    and t1, t1, t0;     CHECK(t1, MIP_SSIP | MIP_STIP)
    li t0, MIP_SSIP | MIP_STIP
    csrs mie, t0
    TRAP_ARM(8f)
    MRET_TO(1, 7f)
7:  csrr t0, sie
    andi t0, t0, MIP_SSIP;      CHECK(t0, MIP_SSIP)
    csrsi sstatus, MSTATUS_SIE
    csrsi sip, MIP_SSIP                 /* S may set its own SSIP: taken at once */
    li a0, 6
    call wait_irqs
    /* Sstc: stimecmp raises STIP in S-mode */
    rdtime t0
    addi t0, t0, 1000
    csrw stimecmp, t0
9:  csrci sstatus, MSTATUS_SIE            /* same race-free wait in S */
    ld t1, 0(gp)
    li t2, 7
    bgeu t1, t2, 11f
    wfi
    csrsi sstatus, MSTATUS_SIE
    j 9b
11:
    ecall                               /* back to M */
    FAIL_HERE()
8:  CHECK_CAUSE(CAUSE_ECALL_S)
    ld t1, 48(gp);  CHECK(t1, INTR | 1)
    ld t1, 56(gp);  CHECK(t1, INTR | 5)
    csrw mie, x0
    csrw mideleg, x0
    j test_pass

    .data
    .balign 8
irq_count:  .dword 0
irq_log:    .space 8 * 32
