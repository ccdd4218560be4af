/*
 * Start-up and trap entry for the hostile guests (QEMU virt, -bios none,
 * entered at 0x80000000 in M-mode with a0 = hartid).  Hart 0 runs main();
 * its return value is the exit status through sifive_test.  Every trap saves
 * the integer registers on a private trap stack (mscratch) and calls
 * hostile_trap() in C, which returns the PC to resume at.
 */
    .section .text.init, "ax"
    .globl _start
_start:
    bnez a0, secondary
    /* Re-entry through the boot ROM (exec test): resume where asked. */
    la t0, hostile_reentry
    ld t1, 0(t0)
    beqz t1, 1f
    sd zero, 0(t0)
    la sp, stack_top
    jr t1
1:  la sp, stack_top
    la t0, trap_stack_top
    csrw mscratch, t0
    la t0, trap_entry
    csrw mtvec, t0
    li t0, (1 << 13)                /* FS = initial */
    csrs mstatus, t0
    csrw fcsr, x0
    li t0, -1                       /* PMP: all of memory, for S/U-mode parts */
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    call main
    /* fall through to the exit with a0 = status */
    .globl hostile_exit
hostile_exit:
    li t0, 0x100000
    beqz a0, 2f
    slli a0, a0, 16
    li t1, 0x3333
    or a0, a0, t1
    sw a0, 0(t0)
    j park
2:  li t1, 0x5555
    sw t1, 0(t0)
park:
    wfi
    j park

/*
 * Other harts: a stack and a trap stack of their own, then wait (WFI, woken
 * by a software interrupt) until hart 0 sets hostile_secondary_fn, and call
 * it with a0 = hartid.  Harts 1..7.
 */
secondary:
    mv s0, a0
    addi t2, a0, 1
    slli t1, t2, 14                 /* 16 KiB of stack each */
    la sp, secondary_stacks
    add sp, sp, t1
    slli t1, t2, 12                 /* 4 KiB of trap stack each */
    la t3, secondary_trap_stacks
    add t3, t3, t1
    csrw mscratch, t3
    la t0, trap_entry
    csrw mtvec, t0
    li t0, (1 << 13)
    csrs mstatus, t0
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    li t0, 8                        /* mie.MSIE: WFI wakes on an IPI */
    csrw mie, t0
1:  la t0, hostile_secondary_fn
    ld t1, 0(t0)
    bnez t1, 2f
    wfi
    slli t2, s0, 2                  /* clear our msip */
    li t3, 0x2000000
    add t3, t3, t2
    sw zero, 0(t3)
    j 1b
2:  csrw mie, zero
    mv a0, s0
    jalr t1
    j park

    .text
    .balign 64
    .globl trap_entry
trap_entry:
    csrrw sp, mscratch, sp
    addi sp, sp, -256
    sd x1, 8(sp)
    sd x3, 24(sp)
    sd x4, 32(sp)
    sd x5, 40(sp)
    sd x6, 48(sp)
    sd x7, 56(sp)
    sd x8, 64(sp)
    sd x9, 72(sp)
    sd x10, 80(sp)
    sd x11, 88(sp)
    sd x12, 96(sp)
    sd x13, 104(sp)
    sd x14, 112(sp)
    sd x15, 120(sp)
    sd x16, 128(sp)
    sd x17, 136(sp)
    sd x18, 144(sp)
    sd x19, 152(sp)
    sd x20, 160(sp)
    sd x21, 168(sp)
    sd x22, 176(sp)
    sd x23, 184(sp)
    sd x24, 192(sp)
    sd x25, 200(sp)
    sd x26, 208(sp)
    sd x27, 216(sp)
    sd x28, 224(sp)
    sd x29, 232(sp)
    sd x30, 240(sp)
    sd x31, 248(sp)
    csrr t0, mscratch               /* the interrupted sp */
    sd t0, 16(sp)
    mv a0, sp
    csrr a1, mcause
    csrr a2, mepc
    csrr a3, mtval
    call hostile_trap
    csrw mepc, a0
    ld x1, 8(sp)
    ld x3, 24(sp)
    ld x4, 32(sp)
    ld x5, 40(sp)
    ld x6, 48(sp)
    ld x7, 56(sp)
    ld x8, 64(sp)
    ld x9, 72(sp)
    ld x10, 80(sp)
    ld x11, 88(sp)
    ld x12, 96(sp)
    ld x13, 104(sp)
    ld x14, 112(sp)
    ld x15, 120(sp)
    ld x16, 128(sp)
    ld x17, 136(sp)
    ld x18, 144(sp)
    ld x19, 152(sp)
    ld x20, 160(sp)
    ld x21, 168(sp)
    ld x22, 176(sp)
    ld x23, 184(sp)
    ld x24, 192(sp)
    ld x25, 200(sp)
    ld x26, 208(sp)
    ld x27, 216(sp)
    ld x28, 224(sp)
    ld x29, 232(sp)
    ld x30, 240(sp)
    ld x31, 248(sp)
    addi sp, sp, 256
    csrrw sp, mscratch, sp
    mret

/*
 * run_lower(mode, entry): mret to entry in mode (0 = U, 1 = S); a trap that
 * recovers (see hostile_trap) comes back here, in M-mode, and returns.
 */
    .globl run_lower
run_lower:
    addi sp, sp, -112
    sd ra, 0(sp)
    sd s0, 8(sp)
    sd s1, 16(sp)
    sd s2, 24(sp)
    sd s3, 32(sp)
    sd s4, 40(sp)
    sd s5, 48(sp)
    sd s6, 56(sp)
    sd s7, 64(sp)
    sd s8, 72(sp)
    sd s9, 80(sp)
    sd s10, 88(sp)
    sd s11, 96(sp)
    la t1, lower_saved_sp
    sd sp, 0(t1)
    la t0, 1f
    la t1, recover_pc
    sd t0, 0(t1)
    csrw mepc, a1
    li t0, (3 << 11) | (1 << 17)
    csrc mstatus, t0
    slli a0, a0, 11
    csrs mstatus, a0
    mret
1:  la t1, lower_saved_sp
    ld sp, 0(t1)
    ld ra, 0(sp)
    ld s0, 8(sp)
    ld s1, 16(sp)
    ld s2, 24(sp)
    ld s3, 32(sp)
    ld s4, 40(sp)
    ld s5, 48(sp)
    ld s6, 56(sp)
    ld s7, 64(sp)
    ld s8, 72(sp)
    ld s9, 80(sp)
    ld s10, 88(sp)
    ld s11, 96(sp)
    addi sp, sp, 112
    ret

    .data
    .balign 8
lower_saved_sp: .dword 0
    .globl hostile_reentry
hostile_reentry: .dword 0

    .bss
    .balign 16
secondary_stacks:
    .space 16384 * 8
secondary_trap_stacks:
    .space 4096 * 8
    .balign 16
    .space 16384
stack_top:
    .space 8192
trap_stack_top:
