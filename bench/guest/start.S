/* Bare-metal start-up for the benchmark programs (M-mode at 0x80000000). */
    .section .text.init, "ax"
    .globl _start
_start:
    bnez a0, 2f
    la sp, stack_top
    li t0, (1 << 13)            /* mstatus.FS = initial: enable the FPU */
    csrs mstatus, t0
    csrw fcsr, x0
    la t0, __bss_start
    la t1, _end
1:  bgeu t0, t1, 3f
    sd x0, 0(t0)
    addi t0, t0, 8
    j 1b
3:  call main
    /* Exit through sifive_test: 0x5555 = pass, 0x3333 | status << 16 = fail
       (the emulator exits with main's return value). */
    li t0, 0x100000
    li t1, 0x5555
    beqz a0, 4f
    slli a0, a0, 16
    li t1, 0x3333
    or t1, t1, a0
4:  sw t1, 0(t0)
2:  wfi
    j 2b

    .bss
    .align 12
    .space 65536
stack_top:
