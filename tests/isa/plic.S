/* External interrupts through the PLIC (virt: context 0 = hart 0 M, context 1 =
 * hart 0 S) from a real device, the ns16550a UART (irq 10) with its transmitter-
 * empty interrupt: priority, enable, threshold, pending bits, claim/complete,
 * mcause 11 (MEI) in M and scause 9 (SEI) in S with mideleg. */
#include "test.h"

#define PLIC          0x0c000000
#define PLIC_PRIO(n)  (PLIC + 4 * (n))
#define PLIC_PENDING  (PLIC + 0x1000)
#define PLIC_ENABLE(c) (PLIC + 0x2000 + 0x80 * (c))
#define PLIC_THRESH(c) (PLIC + 0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c)  (PLIC + 0x200004 + 0x1000 * (c))
#define UART_IRQ      10
#define UART_IER      (UART_BASE + 1)

    .text
    .balign 4
m_handler:
    csrr t5, mcause
    bgez t5, trap_entry                 /* exceptions: the common handler */
    la t6, last_cause
    sd t5, 0(t6)
    li t6, PLIC_CLAIM(0)
    lw t5, 0(t6)                        /* claim */
    la t6, last_claim
    sd t5, 0(t6)
    li t6, UART_IER
    sb zero, 0(t6)                      /* device drops its line */
    li t6, PLIC_CLAIM(0)
    sw t5, 0(t6)                        /* complete */
    la t6, irq_count
    ld t5, 0(t6)
    addi t5, t5, 1
    sd t5, 0(t6)
    mret

    .balign 4
s_handler:
    csrr t5, scause
    la t6, last_cause
    sd t5, 0(t6)
    li t6, PLIC_CLAIM(1)
    lw t5, 0(t6)
    la t6, last_claim
    sd t5, 0(t6)
    li t6, UART_IER
    sb zero, 0(t6)
    li t6, PLIC_CLAIM(1)
    sw t5, 0(t6)
    la t6, irq_count
    ld t5, 0(t6)
    addi t5, t5, 1
    sd t5, 0(t6)
    sret

/* wait until irq_count == a0 (bounded) */
wait_count:
    la t0, irq_count
    li t1, 1000000
1:  ld t2, 0(t0)
    beq t2, a0, 2f
    addi t1, t1, -1
    bnez t1, 1b
2:  mv a0, t2
    ret

    .globl test_main
test_main:
    addi sp, sp, -16
    sd ra, 0(sp)
    li t0, UART_IER
    sb zero, 0(t0)
    li t0, PLIC_PRIO(UART_IRQ)
    li t1, 1
    sw t1, 0(t0)
    lw t2, 0(t0);               CHECK(t2, 1)
    li t0, PLIC_ENABLE(0)
    li t1, 1 << UART_IRQ
    sw t1, 0(t0)
    lw t2, 0(t0);               CHECK(t2, 1 << UART_IRQ)
    li t0, PLIC_THRESH(0)
    sw zero, 0(t0)
    la t0, m_handler
    csrw mtvec, t0
    li t0, 1 << 11
    csrs mie, t0

    /* 1. M-mode external interrupt */
    csrsi mstatus, MSTATUS_MIE
    li t0, UART_IER
    li t1, 2                            /* ETBEI: THR is empty, so irq now */
    sb t1, 0(t0)
    li a0, 1
    call wait_count;            CHECK(a0, 1)
    la t0, last_cause; ld t0, 0(t0);    CHECK(t0, INTR | 11)
    la t0, last_claim; ld t0, 0(t0);    CHECK(t0, UART_IRQ)
    /* nothing left to claim */
    li t0, PLIC_CLAIM(0)
    lw t1, 0(t0);               CHECK(t1, 0)

    /* 2. threshold >= priority masks it; the pending bit is still visible */
    li t0, PLIC_THRESH(0)
    li t1, 1
    sw t1, 0(t0)
    li t0, UART_IER
    li t1, 2
    sb t1, 0(t0)
    li t0, 10000
3:  addi t0, t0, -1
    bnez t0, 3b
    la t0, irq_count; ld t0, 0(t0);     CHECK(t0, 1)
    li t0, PLIC_PENDING
    lw t1, 0(t0)
    srli t1, t1, UART_IRQ
    andi t1, t1, 1;             CHECK(t1, 1)
    csrr t1, mip
    li t2, 1 << 11
    and t1, t1, t2;             CHECK(t1, 0)
    li t0, PLIC_THRESH(0)
    sw zero, 0(t0)                      /* now it is delivered */
    li a0, 2
    call wait_count;            CHECK(a0, 2)
    la t0, last_claim; ld t0, 0(t0);    CHECK(t0, UART_IRQ)
    csrci mstatus, MSTATUS_MIE

    /* 3. S-mode context, SEI delegated */
    li t0, PLIC_ENABLE(0)
    sw zero, 0(t0)
    li t0, PLIC_ENABLE(1)
    li t1, 1 << UART_IRQ
    sw t1, 0(t0)
    li t0, PLIC_THRESH(1)
    sw zero, 0(t0)
    la t0, s_handler
    csrw stvec, t0
    li t0, 1 << 9
    csrw mideleg, t0
    csrs mie, t0
    TRAP_ARM(5f)
    MRET_TO(1, 4f)
4:  csrsi sstatus, MSTATUS_SIE
    li t0, UART_IER
    li t1, 2
    sb t1, 0(t0)
    li a0, 3
    call wait_count
    csrci sstatus, MSTATUS_SIE
    ecall
5:  CHECK_CAUSE(CAUSE_ECALL_S)
    la t0, irq_count; ld t0, 0(t0);     CHECK(t0, 3)
    la t0, last_cause; ld t0, 0(t0);    CHECK(t0, INTR | 9)
    la t0, last_claim; ld t0, 0(t0);    CHECK(t0, UART_IRQ)
    csrw mideleg, x0
    csrw mie, x0
    ld ra, 0(sp)
    addi sp, sp, 16
    j test_pass

    .data
    .balign 8
irq_count:  .dword 0
last_cause: .dword 0
last_claim: .dword 0
