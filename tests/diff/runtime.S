/*
 * Fixed part of every differential-test program (tests/diff/gen.py writes the
 * rest: init_x, init_f, init_fcsr, scratch data and `body`).
 *
 * Register roles while the body runs: gp = scratch (256 bytes), sp = scratch2
 * (512 bytes), tp = trap log cursor; the body never writes gp or tp and only
 * moves sp by balanced c.addi16sp pairs.  The M-mode trap handler logs
 * mcause/mtval/mepc, skips the trapping instruction and returns; it uses only
 * HSCRATCH, which the body never touches.  At the end, `dump` prints every
 * register, fcsr, the body's scratch CSR, the trap log and the scratch memory
 * in hex on the UART, then exits through sifive_test.
 *
 * With -DSMODE the body and the dump run in S-mode under Sv39 (identity
 * gigapages for the devices and for RAM), so loads/stores go through the MMU.
 */
#ifdef SMODE
#define SCRATCH  sscratch               /* the body's CSR */
#define HSCRATCH mscratch               /* the M-mode handler's */
#else
#define SCRATCH  mscratch
#define HSCRATCH sscratch
#endif
#define UART_BASE   0x10000000
#define SIFIVE_TEST 0x100000

    .section .text.init, "ax"
    .globl _start
_start:
    bnez a0, park
    la t0, trap_handler
    csrw mtvec, t0
    li t0, (1 << 13)
    csrs mstatus, t0
    la t0, init_fcsr
    ld t0, 0(t0)
    csrw fcsr, t0
    la t0, init_f
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld f\n, \n*8(t0)
    .endr
    la gp, scratch
    la sp, scratch2
    la tp, trap_log
#ifdef SMODE
    li t0, -1
    csrw pmpaddr0, t0                   /* PMP: S may access everything */
    li t0, 0x1f
    csrw pmpcfg0, t0
    la t0, pt_root
    srli t0, t0, 12
    li t1, 8 << 60                      /* Sv39 */
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 1 << 11                      /* MPP = S */
    csrs mstatus, t0
    la t0, body
    csrw mepc, t0
#endif
    la t0, init_x
    ld x1, 8(t0)
    .irp n, 6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ld x\n, \n*8(t0)
    .endr
    ld x5, 40(t0)
#ifdef SMODE
    mret
#else
    j body
#endif
park:
    wfi
    j park

    .text
    .balign 4
trap_handler:
    csrw HSCRATCH, t0
    csrr t0, mcause
    sd t0, 0(tp)
    /* ebreak may set mtval to 0 or to the pc (priv spec): log 0 for both */
    addi t0, t0, -3
    beqz t0, 3f
    csrr t0, mtval
3:  sd t0, 8(tp)
    csrr t0, mepc
    sd t0, 16(tp)
    addi tp, tp, 24
    lhu t0, 0(t0)                    /* instruction length from its low bits */
    andi t0, t0, 3
    addi t0, t0, -3
    beqz t0, 1f
    csrr t0, mepc
    addi t0, t0, 2
    j 2f
1:  csrr t0, mepc
    addi t0, t0, 4
2:  csrw mepc, t0
    csrr t0, HSCRATCH
    mret

    .globl dump
dump:
    sd x1, 0(tp)                        /* free slot just past the trap log */
    la x1, save_x
    .irp n, 2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    sd x\n, \n*8(x1)
    .endr
    ld x2, 0(tp)
    sd x2, 8(x1)
    la x1, save_f
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd f\n, \n*8(x1)
    .endr
    csrr s2, fcsr                    /* read before any further FP activity */
    csrr s3, SCRATCH
    la sp, stack_top
    /* integer registers */
    la s0, save_x + 8
    li s1, 1
1:  li a0, 'x'
    mv a1, s1
    call put_tag
    ld a0, 0(s0)
    call put_hex_nl
    addi s0, s0, 8
    addi s1, s1, 1
    li t0, 32
    bltu s1, t0, 1b
    /* FP registers */
    la s0, save_f
    li s1, 0
2:  li a0, 'f'
    mv a1, s1
    call put_tag
    ld a0, 0(s0)
    call put_hex_nl
    addi s0, s0, 8
    addi s1, s1, 1
    li t0, 32
    bltu s1, t0, 2b
    la a0, s_fcsr
    call puts
    mv a0, s2
    call put_hex_nl
    la a0, s_scratch
    call puts
    mv a0, s3
    call put_hex_nl
    /* trap log: cause, tval, epc per entry */
    la s0, trap_log
    la s4, save_x
    ld s4, 4*8(s4)                   /* saved tp = end of the log */
    li s1, 0
3:  bgeu s0, s4, 4f
    li a0, 't'
    mv a1, s1
    call put_tag
    ld a0, 0(s0)
    call puthex
    li a0, ' '
    call putc
    ld a0, 8(s0)
    call puthex
    li a0, ' '
    call putc
    ld a0, 16(s0)
    la t0, _start
    sub a0, a0, t0                   /* epc relative to the image start */
    call put_hex_nl
    addi s0, s0, 24
    addi s1, s1, 1
    j 3b
4:  /* scratch memory, both areas, as 64-bit words */
    la s0, scratch
    li s1, 0
5:  li a0, 'm'
    mv a1, s1
    call put_tag
    ld a0, 0(s0)
    call put_hex_nl
    addi s0, s0, 8
    addi s1, s1, 1
    li t0, (256 + 512) / 8
    bltu s1, t0, 5b
    la a0, s_end
    call puts
    li t0, SIFIVE_TEST
    li t1, 0x5555
    sw t1, 0(t0)
6:  j 6b

/* put_tag(a0 = letter, a1 = index): "<letter><index, 2 digits> " */
put_tag:
    addi sp, sp, -16
    sd ra, 0(sp)
    sd a1, 8(sp)
    call putc
    ld a1, 8(sp)
    li t0, 10
    divu a0, a1, t0
    addi a0, a0, '0'
    call putc
    ld a1, 8(sp)
    li t0, 10
    remu a0, a1, t0
    addi a0, a0, '0'
    call putc
    li a0, ' '
    call putc
    ld ra, 0(sp)
    addi sp, sp, 16
    ret

put_hex_nl:
    addi sp, sp, -16
    sd ra, 0(sp)
    call puthex
    li a0, '\n'
    call putc
    ld ra, 0(sp)
    addi sp, sp, 16
    ret

#include "../isa/common/uart.inc"

    .section .rodata
s_fcsr:     .asciz "fcsr "
s_scratch:  .asciz "scratch "
s_end:      .asciz "END\n"

#ifdef SMODE
    .data
    .balign 4096
pt_root:
    .dword 0xc7                         /* VA 0: PA 0, 1 GiB, V R W A D */
    .dword 0
    .dword 0x200000cf                   /* VA 2 GiB: PA 0x80000000, V R W X A D */
    .fill 509, 8, 0
#endif

    .bss
    .balign 16
save_x:   .space 256
save_f:   .space 256
trap_log: .space 24 * 256
    .space 1024
stack_top:
