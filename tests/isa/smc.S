/* Self-modifying code: patch an already-executed (and hot) function then
 * fence.i; patch the very next instruction of the running block then fence.i;
 * patch a 16-bit instruction; patch the second half of a 32-bit instruction
 * that straddles a page boundary.  Each case runs several times so that both
 * freshly translated and cached code are exercised. */
#include "test.h"

#define ADDI_A0_ZERO(imm) (((imm) << 20) | 0x513)
#define ADDI_A0_A0(imm)   (((imm) << 20) | 0x50513)
#define C_LI_A0(imm)      (0x4000 | ((((imm) >> 5) & 1) << 12) | (10 << 7) | (((imm) & 31) << 2) | 1)

    .text
    .option norvc
patchme:
    addi a0, zero, 1
    ret

    .globl test_main
test_main:
    addi sp, sp, -16
    sd ra, 0(sp)
    /* 1. hot function, then patched */
    li s0, 200
1:  call patchme
    CHECK(a0, 1)
    addi s0, s0, -1
    bnez s0, 1b
    la t0, patchme
    li t1, ADDI_A0_ZERO(2)
    sw t1, 0(t0)
    fence.i
    call patchme
    CHECK(a0, 2)
    li t1, ADDI_A0_ZERO(3)
    sw t1, 0(t0)
    fence.i
    call patchme
    CHECK(a0, 3)

    /* 2. the next instruction of the current block, several rounds */
    li s0, 1
2:  la t0, 3f
    li t1, ADDI_A0_ZERO(0)
    slli t2, s0, 20
    or t1, t1, t2                       /* addi a0, zero, s0 */
    sw t1, 0(t0)
    fence.i
3:  addi a0, zero, 0
    CHECKR(a0, s0)
    addi s0, s0, 1
    li t0, 6
    bne s0, t0, 2b

    /* 3. a compressed instruction */
    .option rvc
    li s0, 1
4:  la t0, 5f
    slli t1, s0, 2
    li t2, C_LI_A0(0)
    or t1, t1, t2                       /* c.li a0, s0 */
    sh t1, 0(t0)
    fence.i
5:  c.li a0, 0
    CHECKR(a0, s0)
    addi s0, s0, 1
    li t0, 4
    bne s0, t0, 4b
    .option norvc

    /* 4. instruction straddling a page boundary, upper half patched */
    li a0, 10
    call straddle
    CHECK(a0, 15)
    li a0, 10
    call straddle
    CHECK(a0, 15)
    la t0, straddle_insn
    li t1, ADDI_A0_A0(100)
    srli t1, t1, 16
    sh t1, 2(t0)                        /* imm[11:4] live in the upper half */
    fence.i
    li a0, 10
    call straddle
    CHECK(a0, 110)
    ld ra, 0(sp)
    addi sp, sp, 16
    j test_pass

    .section .text.straddle, "ax"
    .balign 4096
straddle:
    .option rvc
    .rept (4096 - 2) / 2
    c.nop
    .endr
straddle_insn:                          /* page offset 4094: crosses into the next page */
    .option norvc
    addi a0, a0, 5
    ret
