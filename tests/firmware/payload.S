/*
 * A tiny S-mode payload for OpenSBI fw_dynamic: prints through the SBI debug
 * console (legacy putchar, then DBCN if present), reads a few CSRs an S-mode
 * kernel reads, takes a timer interrupt through SBI set_timer, and powers off
 * with SBI SRST.  Loaded raw at 0x80200000 (-kernel payload.bin).
 */
    .section .text
    .globl _start
_start:
    mv s0, a0                       /* hartid */
    mv s1, a1                       /* DTB */
    la sp, stack_top
    la a0, msg_hello
    call puts
    /* sstatus, sie, stvec must be accessible from S-mode. */
    csrr t0, sstatus
    la t0, trap
    csrw stvec, t0
    /* Ask for a timer interrupt 1 ms from now: SBI TIME extension. */
    rdtime t0
    li t1, 10000
    add a0, t0, t1
    li a7, 0x54494d45               /* "TIME" */
    li a6, 0
    ecall
    li t0, (1 << 5)                 /* STIE; SIE stays 0 while we wait */
    csrs sie, t0
    /* Wait for STIP without a lost-wakeup race: WFI wakes on a pending
       enabled interrupt even with sstatus.SIE clear. */
1:  csrr t0, sip
    andi t0, t0, (1 << 5)
    bnez t0, 6f
    wfi
    j 1b
6:  csrsi sstatus, 2                /* SIE: take it now */
    csrci sstatus, 2
    la t0, ticks
    ld t0, 0(t0)
    beqz t0, 1b
    la a0, msg_timer
    call puts
    /* System reset: shutdown, no reason. */
    li a7, 0x53525354               /* "SRST" */
    li a6, 0
    li a0, 0
    li a1, 0
    ecall
    la a0, msg_fail
    call puts
2:  j 2b

    .align 2
trap:
    csrr t0, scause
    bgez t0, 3f                     /* exceptions: give up */
    li a0, -1                       /* stop the timer: set_timer(-1) */
    li a7, 0x54494d45
    li a6, 0
    ecall
    la t0, ticks
    li t1, 1
    sd t1, 0(t0)
    sret
3:  la a0, msg_excp
    call puts
    j 2b

puts:                               /* a0 = string; legacy SBI putchar */
    mv t2, a0
4:  lbu a0, 0(t2)
    beqz a0, 5f
    li a7, 1
    ecall
    addi t2, t2, 1
    j 4b
5:  ret

    .section .rodata
msg_hello: .asciz "payload: hello from S-mode\n"
msg_timer: .asciz "payload: timer interrupt taken\n"
msg_fail:  .asciz "payload: SRST returned\n"
msg_excp:  .asciz "payload: unexpected exception\n"

    .bss
    .align 4
ticks: .space 8
    .space 4096
stack_top:
