/*
 * Start-up, exit and report code shared by all ISA tests.
 * Entered at 0x80000000 in M-mode (QEMU virt, -bios none): a0 = hartid.
 */
#include "test.h"

    .section .text.init, "ax"
    .globl _start
_start:
    bnez a0, park                   /* only hart 0 runs the test */
    la sp, stack_top
    la t0, trap_entry
    csrw mtvec, t0
    /* Enable the FPU, start with clean fcsr. */
    li t0, (1 << 13)
    csrs mstatus, t0
    csrw fcsr, x0
    /* One PMP entry covering everything so that S/U-mode tests can run. */
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f                     /* NAPOT | X | W | R */
    csrw pmpcfg0, t0
    call test_main
    j test_pass
park:
    wfi
    j park

    .text
    .globl test_pass
test_pass:
    li t0, SIFIVE_TEST
    li t1, 0x5555
    sw t1, 0(t0)
1:  j 1b

/* a0 = check number, a1 = value found, a2 = value expected, a3 = source line. */
    .globl test_fail_here
test_fail_here:                     /* a0 = check number, a3 = source line */
    mv s0, a0
    mv s3, a3
    la a0, msg_fail
    call puts
    mv a0, s0
    call putdec
    la a0, msg_line
    call puts
    mv a0, s3
    call putdec
    la a0, msg_reached
    call puts
    j fail_exit

    .globl test_fail
test_fail:
    mv s0, a0
    mv s1, a1
    mv s2, a2
    mv s3, a3
    la a0, msg_fail
    call puts
    mv a0, s0
    call putdec
    la a0, msg_line
    call puts
    mv a0, s3
    call putdec
    la a0, msg_got
    call puts
    mv a0, s1
    call puthex
    la a0, msg_exp
    call puts
    mv a0, s2
    call puthex
    li a0, '\n'
    call putc
fail_exit:
    li t0, 251
    bleu s0, t0, 1f
    mv s0, t0
1:  mv a0, s0
    /* fall through */
    .globl test_exit_code
test_exit_code:                     /* a0 = nonzero exit status */
    slli a0, a0, 16
    li t0, 0x3333
    or a0, a0, t0
    li t0, SIFIVE_TEST
    sw a0, 0(t0)
1:  j 1b

/*
 * Common M-mode trap handler.  If a test armed trap_recover, record the trap
 * and continue there (still in M-mode); otherwise report and fail with 254.
 * Clobbers t5, t6 only.
 */
    .balign 64
    .globl trap_entry
trap_entry:
    la t6, trap_data
    ld t5, 0(t6)
    beqz t5, trap_unexpected
    csrr t5, mcause
    sd t5, 8(t6)
    csrr t5, mepc
    sd t5, 16(t6)
    csrr t5, mtval
    sd t5, 24(t6)
    csrr t5, mstatus
    sd t5, 32(t6)
    ld t5, 40(t6)
    addi t5, t5, 1
    sd t5, 40(t6)
    ld t5, 0(t6)
    sd zero, 0(t6)
    jr t5

trap_unexpected:
    la sp, stack_top
    la a0, msg_trap
    call puts
    csrr a0, mcause
    call puthex
    la a0, msg_mepc
    call puts
    csrr a0, mepc
    call puthex
    la a0, msg_mtval
    call puts
    csrr a0, mtval
    call puthex
    li a0, '\n'
    call putc
    li a0, 254
    j test_exit_code

/*
 * Common S-mode trap handler (for tests that delegate traps): same protocol as
 * trap_entry with strap_data, continuing at strap_recover in S-mode.
 */
    .balign 64
    .globl strap_entry
strap_entry:
    la t6, strap_data
    ld t5, 0(t6)
    beqz t5, strap_unexpected
    csrr t5, scause
    sd t5, 8(t6)
    csrr t5, sepc
    sd t5, 16(t6)
    csrr t5, stval
    sd t5, 24(t6)
    csrr t5, sstatus
    sd t5, 32(t6)
    ld t5, 40(t6)
    addi t5, t5, 1
    sd t5, 40(t6)
    ld t5, 0(t6)
    sd zero, 0(t6)
    jr t5
strap_unexpected:
    /* report directly (UART and sifive_test are reachable from S-mode) */
    la sp, stack_top
    la a0, msg_strap
    call puts
    csrr a0, scause
    call puthex
    la a0, msg_mepc
    call puts
    csrr a0, sepc
    call puthex
    la a0, msg_mtval
    call puts
    csrr a0, stval
    call puthex
    li a0, '\n'
    call putc
    li a0, 253
    j test_exit_code

/* UART output: putc(a0), puts(a0 = string), puthex(a0), putdec(a0). */
#include "uart.inc"

    .globl putdec
putdec:                             /* unsigned, up to 20 digits */
    addi sp, sp, -64
    sd ra, 0(sp)
    addi t2, sp, 63
    sb zero, 0(t2)
    li t1, 10
1:  remu t0, a0, t1
    divu a0, a0, t1
    addi t0, t0, '0'
    addi t2, t2, -1
    sb t0, 0(t2)
    bnez a0, 1b
    mv a0, t2
    call puts
    ld ra, 0(sp)
    addi sp, sp, 64
    ret

    .section .rodata
msg_fail:  .asciz "FAIL check #"
msg_line:  .asciz " (line "
msg_got:   .asciz "): got 0x"
msg_exp:   .asciz " expected 0x"
msg_reached: .asciz "): reached a point that must be skipped (missing trap or wrong branch)\n"
msg_trap:  .asciz "FAIL unexpected trap: mcause=0x"
msg_strap: .asciz "FAIL unexpected S-mode trap: scause=0x"
msg_mepc:  .asciz " mepc=0x"
msg_mtval: .asciz " mtval=0x"

    .data
    .balign 8
    .globl trap_data, trap_recover, trap_cause, trap_epc, trap_tval, trap_mstatus, trap_count
trap_data:
trap_recover: .dword 0
trap_cause:   .dword 0
trap_epc:     .dword 0
trap_tval:    .dword 0
trap_mstatus: .dword 0
trap_count:   .dword 0
    .globl strap_data, strap_recover, strap_cause, strap_epc, strap_tval, strap_status, strap_count
strap_data:
strap_recover: .dword 0
strap_cause:   .dword 0
strap_epc:     .dword 0
strap_tval:    .dword 0
strap_status:  .dword 0
strap_count:   .dword 0

    .bss
    .balign 16
stack_bottom:
    .space 8192
    .globl stack_top
stack_top:
