/* Forward branches inside hot loops, the shapes a translator may keep in one
 * block (superblocks): every branch kind taken and not taken, targets 2 to 68
 * bytes ahead, a branch into the middle of an instruction, nested if/then,
 * if/else (j over the else arm), two branches to one join; a target beyond an
 * instruction that ends a block (call, CSR write, ecall, fence.i, wfi);
 * targets at the end of a page (last instruction, page-straddling one); code
 * patched in a skipped arm; faults in an arm and on the join (load access
 * fault, misaligned LR, load page fault in S-mode); and floating point on one
 * side only, so that mstatus.FS must end Dirty whichever path ran. */
#include "test.h"

#define N 24                            /* loop iterations */
#define ADDI_A4_A4(imm) (((imm) << 20) | (14 << 15) | (14 << 7) | 0x13)
#define FS_CLEAN (2 << 13)

/* "br t0, t1" over k 4-byte addi a4, a4, 1 (target 4 + 4k bytes ahead) */
.macro ARM4 br, k
    .option push
    .option norvc
    \br t0, t1, 88f
    .rept \k
    addi a4, a4, 1
    .endr
88:
    .option pop
.endm

/* compressed "br a1" over k c.addi a4, 1 (target 2 + 2k bytes ahead) */
.macro ARM2 br, k
    .option push
    .option rvc
    \br a1, 88f
    .rept \k
    c.addi a4, 1
    .endr
88:
    .option pop
.endm

/* Reference: t2 = 1 if the branch was taken; a5 += k if it was not. */
.macro REF k
    xori t2, t2, 1
    li t3, \k
    mul t2, t2, t3
    add a5, a5, t2
.endm

/* mstatus.FS = Clean (a CSR write: ends the block) */
.macro FS_SET_CLEAN
    li t0, MSTATUS_FS
    csrc mstatus, t0
    li t0, FS_CLEAN
    csrs mstatus, t0
.endm

/* fail unless mstatus.FS == Dirty in reg */
.macro CHECK_FS_DIRTY reg
    srli \reg, \reg, 13
    andi \reg, \reg, 3
    CHECK(\reg, 3)
.endm

    .text
    .globl test_main
test_main:
    addi sp, sp, -16
    sd ra, 0(sp)
    csrw medeleg, zero
    FLI_D(f2, 0x3ff0000000000000)       /* 1.0 */

    /* ---- 1. every branch kind, targets 2..68 bytes ahead, both ways ---- */
    li s0, 0
    li a4, 0                            /* counted by the arms */
    li a5, 0                            /* the same, computed without branches */
    li s1, 0                            /* branch into the middle of an insn */
    li s2, 0                            /* its reference */
    li s3, 0
1:  slli t0, s0, 2                      /* t0 in -8..7, t1 in -4..3, a1 = bit 0 */
    add t0, t0, s0
    andi t0, t0, 15
    addi t0, t0, -8
    andi t1, s0, 7
    addi t1, t1, -4
    andi a1, s0, 1

    sub t2, t0, t1
    seqz t2, t2
    ARM4 beq, 1                         /* 8 bytes */
    REF 1
    sub t2, t0, t1
    snez t2, t2
    ARM4 bne, 3                         /* 16 */
    REF 3
    slt t2, t0, t1
    ARM4 blt, 7                         /* 32 */
    REF 7
    slt t2, t0, t1
    xori t2, t2, 1
    ARM4 bge, 15                        /* 64 */
    REF 15
    sltu t2, t0, t1
    ARM4 bltu, 16                       /* 68 */
    REF 16
    sltu t2, t0, t1
    xori t2, t2, 1
    ARM4 bgeu, 2                        /* 12 */
    REF 2
    .option push
    .option norvc
    beq zero, zero, 2f                  /* always taken */
    addi a4, a4, 100
    addi a4, a4, 100
2:  bne zero, zero, 2f                  /* never taken */
    addi a4, a4, 1
    addi a5, a5, 1
2:
    .option pop
    seqz t2, a1
    ARM2 c.beqz, 0                      /* 2: the next insn */
    REF 0
    snez t2, a1
    ARM2 c.bnez, 1                      /* 4 */
    REF 1
    seqz t2, a1
    ARM2 c.beqz, 31                     /* 64 */
    REF 31
    snez t2, a1
    ARM2 c.bnez, 32                     /* 66 */
    REF 32

    /* into the middle of a 4-byte insn: lui s1, 0x4850 is also, from its
     * second half on, c.addi s1, 1 */
    .option push
    .option rvc
    li s1, 0
    c.bnez a1, 3f
    .half 0x04b7
3:  .half 0x0485
    .option pop
    li t2, 0x4850000
    beqz a1, 2f
    li t2, 1
2:  add s2, s2, t2
    add s3, s3, s1
    addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    CHECKR(a4, a5)
    CHECKR(s3, s2)

    /* ---- 2. nested if/then, if/else, two branches to one join ---- */
    li s0, 0
    li a4, 0
    li a5, 0
1:  andi t0, s0, 1
    andi t1, s0, 2
    andi t2, s0, 4
    beqz t0, 3f                         /* if (b0) { */
    addi a4, a4, 1
    beqz t1, 2f                         /*   if (b1) */
    addi a4, a4, 2
2:  addi a4, a4, 4                      /* } */
3:  addi a4, a4, 8
    bnez t2, 4f                         /* if (!b2) */
    addi a4, a4, 16
    j 5f                                /* else */
4:  addi a4, a4, 32
5:  beqz t0, 6f                         /* if (b0) { */
    addi a4, a4, 64
    beqz t1, 7f                         /*   if (!b1) goto join */
    addi a4, a4, 128
    j 7f                                /* } else */
6:  addi a4, a4, 256
7:  bnez t0, 9f                         /* if (!b0) { if (b2) .. else .. } */
    beqz t2, 8f
    addi a4, a4, 512
    j 9f
8:  addi a4, a4, 1024
9:  /* reference, bits as 0/1: b0*(1 + 2*b1 + 4) + 8 + (b2 ? 32 : 16)
     * + (b0 ? 64 + 128*b1 : 256) + (!b0 ? (b2 ? 512 : 1024) : 0) */
    srli t1, t1, 1
    srli t2, t2, 2
    slli t3, t1, 1
    addi t3, t3, 5
    mul t3, t3, t0
    add a5, a5, t3
    addi a5, a5, 8
    slli t3, t2, 4
    addi t3, t3, 16
    add a5, a5, t3
    slli t3, t1, 7
    addi t3, t3, 64
    mul t3, t3, t0
    add a5, a5, t3
    xori t4, t0, 1
    slli t3, t4, 8
    add a5, a5, t3
    li t3, 1024
    slli t2, t2, 9
    sub t3, t3, t2                      /* b2 ? 512 : 1024 */
    mul t3, t3, t4
    add a5, a5, t3
    addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    CHECKR(a4, a5)

    /* ---- 3. targets beyond insns that end a block ---- */
    li t0, (1 << 3)                     /* MSIP pending and enabled, MIE = 0: */
    csrs mie, t0                        /* wfi does not wait */
    li t0, CLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    li s0, 0
    li a4, 0
    li s1, 0                            /* ecalls taken */
1:  andi t0, s0, 1
    andi t1, s0, 2
    beqz t0, 2f
    call add_one                        /* a call */
    addi a4, a4, 2
2:  beqz t1, 2f
    csrw medeleg, zero                  /* a CSR write that ends the block */
    addi a4, a4, 4
2:  TRAP_ARM(3f)
    bnez t0, 2f
    ecall
    FAIL_HERE()
3:  CHECK_CAUSE(CAUSE_ECALL_M)
    addi s1, s1, 1
2:  bnez t1, 2f
    fence.i
    addi a4, a4, 8
2:  beqz t0, 2f
    wfi
    addi a4, a4, 16
2:  beqz t0, sb_join
    addi a4, a4, 32
    bnez t1, sb_far                     /* far: a branch that ends the block */
    addi a4, a4, 64
sb_join:
    addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    la t5, trap_recover
    sd zero, 0(t5)
    li t0, CLINT_MSIP
    sw zero, 0(t0)
    csrw mie, zero
    /* N/2 odd (call, wfi: 1 + 2 + 16), N/2 with bit 1 (4), N/2 without (8);
     * N/4 odd with bit 1 (32 + 128), N/4 odd without (32 + 64) */
    CHECK(a4, (N / 2) * (19 + 4 + 8) + (N / 4) * (160 + 96))
    CHECK(s1, N / 2)

    /* ---- 4. targets at the end of a page ---- */
    li s0, 0
    li a4, 0
1:  mv a0, s0
    call page_last
    mv a0, s0
    call page_last_c
    mv a0, s0
    call page_straddle
    addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    /* each: 64 always, 1 + 2 (+ 4) on odd iterations */
    CHECK(a4, 3 * N * 64 + (N / 2) * (3 + 3 + 7))

    /* ---- 5. code patched in an arm (then fence.i) ---- */
    .option push
    .option norvc                       /* the patched insns are 4 bytes */
    li s0, 0
    li a4, 0
    la s1, 3f
1:  andi t0, s0, 1
    bnez t0, 2f                         /* odd: skip the patched insn */
3:  addi a4, a4, 0                      /* patched: addi a4, a4, s0 */
2:  addi t1, s0, 1
    slli t1, t1, 20
    li t2, ADDI_A4_A4(0)
    or t1, t1, t2
    sw t1, 0(s1)                        /* into this block, behind us */
    fence.i
    addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    CHECK(a4, (N / 2) * (N / 2 - 1))    /* 0 + 2 + 4 + ... + N - 2 */
    la t0, 3b                           /* restore, for a second run */
    li t1, ADDI_A4_A4(0)
    sw t1, 0(t0)
    /* store and fence.i inside the arm, then the patched insn */
    li s0, 0
    li a4, 0
    la s1, 4f
1:  andi t0, s0, 1
    beqz t0, 2f                         /* even: skip the arm */
    addi t1, s0, 0
    slli t1, t1, 20
    li t2, ADDI_A4_A4(0)
    or t1, t1, t2
    sw t1, 0(s1)                        /* addi a4, a4, s0 */
    fence.i
4:  addi a4, a4, 0
2:  addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    CHECK(a4, (N / 2) * (N / 2))        /* 1 + 3 + ... + N - 1 */
    .option pop

    /* ---- 6. faults in an arm and on a join ---- */
    /* load access fault in the arm, at iteration 5 only */
    li s0, 0
    li a4, 0
    TRAP_ARM(9f)
1:  li t0, 5
    bne s0, t0, 2f
    addi a4, a4, 100                    /* kept */
8:  ld a6, 0(zero)
    addi a4, a4, 1000                   /* not run */
2:  addi a4, a4, 1
    addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    FAIL_HERE()
9:  CHECK_TRAP(CAUSE_LOAD_ACCESS, 0)
    CHECK_EPC(8b)
    CHECK(s0, 5)
    CHECK(a4, 105)

    /* load access fault on the join insn, the arm run (7) or skipped (8) */
    li s2, 7
5:  li s0, 0
    li a4, 0
    la a6, scratch
    TRAP_ARM(9f)
1:  andi t0, s0, 1
    beqz t0, 2f
    addi a4, a4, 10
2:  ld a7, 0(a6)
    addi a4, a4, 1
    addi s0, s0, 1
    bne s0, s2, 3f
    li a6, 0                            /* the next iteration faults */
3:  li t3, N
    blt s0, t3, 1b
    FAIL_HERE()
9:  CHECK_TRAP(CAUSE_LOAD_ACCESS, 0)
    CHECK_EPC(2b)
    CHECKR(s0, s2)
    li t0, 47                           /* 0..6: 3 * 11 + 4, then the arm */
    li t1, 7
    beq s2, t1, 4f
    li t0, 48                           /* 0..7: 4 * 11 + 4 */
4:  CHECKR(a4, t0)
    addi s2, s2, 1
    li t0, 9
    bne s2, t0, 5b

    /* misaligned LR in the arm (4, or 5: the spec allows an access fault) */
    li s0, 0
    li a4, 0
    la a6, scratch + 2
    TRAP_ARM(9f)
1:  li t0, 3
    bne s0, t0, 2f
    addi a4, a4, 100
8:  lr.w a7, (a6)
    addi a4, a4, 1000
2:  addi a4, a4, 1
    addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    FAIL_HERE()
9:  la t5, trap_cause
    ld t5, 0(t5)
    addi t5, t5, -CAUSE_MISALIGNED_LOAD
    sltiu t5, t5, 2
    CHECK(t5, 1)
    CHECK_EPC(8b)
    CHECK(s0, 3)
    CHECK(a4, 103)

    /* load page fault in the arm, in S-mode with Sv39 gigapages */
    la t0, sb_pt
    li t1, 0xcf                         /* 0 - 1 GiB: devices, RWXAD */
    sd t1, 0(t0)
    li t1, (0x80000 << 10) | 0xcf       /* 2 - 3 GiB: this program */
    sd t1, 16(t0)                       /* 1 - 2 GiB: unmapped */
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li s0, 0
    li a4, 0
    li a6, 0x40000000
    TRAP_ARM(9f)
    MRET_TO(1, 1f)
1:  li t0, 6
    bne s0, t0, 2f
    addi a4, a4, 100
8:  lw a7, 8(a6)
    addi a4, a4, 1000
2:  addi a4, a4, 1
    addi s0, s0, 1
    li t3, N
    blt s0, t3, 1b
    FAIL_HERE()
9:  csrw satp, zero
    sfence.vma
    CHECK_TRAP(CAUSE_LOAD_PAGE, 0x40000008)
    CHECK_EPC(8b)
    CHECK(s0, 6)
    CHECK(a4, 106)
    la t0, trap_mstatus                 /* taken from S */
    ld t0, 0(t0)
    srli t0, t0, 11
    andi t0, t0, 3
    CHECK(t0, 1)

    /* ---- 7. floating point on one side only: mstatus.FS ---- */
    /* an FP join insn must mark FS Dirty after a skipped FP arm */
    li a0, 1
    FS_SET_CLEAN
    call fs_join
    CHECK_FS_DIRTY a2
    li a0, 0
    FS_SET_CLEAN
    call fs_join
    CHECK_FS_DIRTY a2
    li a0, 1
    FS_SET_CLEAN
    call fs_join_csr
    CHECK_FS_DIRTY a2
    li a0, 0
    FS_SET_CLEAN
    call fs_join_csr
    CHECK_FS_DIRTY a2
    /* the block after the join must not be entered as made for FS = Dirty
     * when the FP arm was skipped (a jump, then a target past a CSR write) */
    li s0, 0
1:  li a0, 1
    FS_SET_CLEAN
    call fs_exit
    CHECK_FS_DIRTY a2
    li a0, 0
    li a1, 0
    FS_SET_CLEAN
    call fs_exit
    CHECK_FS_DIRTY a2
    li a0, 1
    li a1, 0
    FS_SET_CLEAN
    call fs_stub
    CHECK_FS_DIRTY a2
    li a0, 0
    li a1, 0
    FS_SET_CLEAN
    call fs_stub
    CHECK_FS_DIRTY a2
    li a0, 1
    li a1, 1
    FS_SET_CLEAN
    call fs_stub
    CHECK_FS_DIRTY a2
    li a0, 0
    li a1, 1
    FS_SET_CLEAN
    call fs_stub
    CHECK_FS_DIRTY a2
    li a0, 1                            /* the end state is not the stub's */
    li a1, 0
    FS_SET_CLEAN
    call fs_stub_end
    CHECK_FS_DIRTY a2
    li a0, 0
    li a1, 0
    FS_SET_CLEAN
    call fs_stub_end
    CHECK_FS_DIRTY a2
    addi s0, s0, 1
    li t3, 4
    blt s0, t3, 1b
    /* the arm alone dirties FS; skipped, FS stays Clean */
    li a0, 0
    FS_SET_CLEAN
    call fs_arm_only
    srli a2, a2, 13
    andi a2, a2, 3
    CHECK(a2, 2)
    li a0, 1
    FS_SET_CLEAN
    call fs_arm_only
    CHECK_FS_DIRTY a2
    li a0, 0
    FS_SET_CLEAN
    call fs_arm_only
    srli a2, a2, 13
    andi a2, a2, 3
    CHECK(a2, 2)

    ld ra, 0(sp)
    addi sp, sp, 16
    ret

add_one:
    addi a4, a4, 1
    ret

fs_join:                                /* a0: run the arm */
    beqz a0, 1f
    fadd.d f1, f1, f2
1:  fadd.d f3, f3, f2
    csrr a2, mstatus
    ret

fs_join_csr:
    beqz a0, 1f
    csrw fflags, zero                   /* makes FS Dirty too */
1:  fadd.d f3, f3, f2
    csrr a2, mstatus
    ret

fs_exit:
    beqz a0, 1f
    fadd.d f1, f1, f2
1:  addi a3, a3, 1
    j 2f                                /* leaves the block */
2:  fadd.d f3, f3, f2
    csrr a2, mstatus
    ret

fs_stub:                                /* a1: branch past the CSR write */
    beqz a0, 1f
    fadd.d f1, f1, f2
1:  bnez a1, 2f
    csrw medeleg, zero                  /* ends the block: 2f left pending */
2:  fadd.d f3, f3, f2
    csrr a2, mstatus
    ret

sb_far:
    addi a4, a4, 128
    j sb_join
fs_stub_end:                            /* a1 = 0 */
    beqz a0, 1f                         /* left pending: the exit below */
    fadd.d f1, f1, f2
    bnez a1, fs_stub_end                /* a back edge: takes both jump slots */
1:  fadd.d f3, f3, f2
    csrr a2, mstatus
    ret

fs_arm_only:
    beqz a0, 1f
    fadd.d f1, f1, f2
1:  addi a3, a3, 1
    csrr a2, mstatus
    ret

/* Forward branches to the end of a page: a0 odd runs the arms. */
    .section .text.sbpage1, "ax"
    .balign 4096
    .skip 4096 - 28
page_last:                              /* the target is the page's last insn */
    .option push
    .option norvc
    andi t0, a0, 1
    beqz t0, 1f
    addi a4, a4, 1
    beqz t0, 1f
    addi a4, a4, 2
    beqz zero, 1f
1:  addi a4, a4, 64                     /* at 4092 */
    ret
    .option pop

    .section .text.sbpage2, "ax"
    .balign 4096
    .skip 4096 - 26
page_last_c:                            /* the same, a 2-byte last insn */
    .option push
    .option norvc
    andi t0, a0, 1
    beqz t0, 1f
    addi a4, a4, 1
    beqz t0, 1f
    addi a4, a4, 2
    beqz zero, 1f
    .option rvc
1:  c.addi a4, 16                       /* at 4094 */
    c.addi a4, 16
    c.addi a4, 16
    c.addi a4, 16
    ret
    .option pop

    .section .text.sbpage3, "ax"
    .balign 4096
    .skip 4096 - 32
page_straddle:                          /* the target crosses into the next page */
    .option push
    .option norvc
    andi t0, a0, 1
    beqz t0, 1f
    addi a4, a4, 1
    beqz t0, 1f
    addi a4, a4, 2
    beqz t0, 1f
    addi a4, a4, 4
    .option rvc
    c.nop
    .option norvc
1:  addi a4, a4, 64                     /* at 4094 */
    ret
    .option pop

    .data
    .balign 4096
sb_pt:
    .fill 512, 8, 0
    .balign 8
scratch:
    .dword 0x1122334455667788, 0
