/* Loads and stores of every size: sign/zero extension, offsets, partial overwrites,
 * misaligned accesses (either performed correctly or trapped with cause 4/6 and
 * mtval = address: both are allowed by the spec). */
#include "test.h"

    .option norvc
    .data
    .balign 16
src:
    .byte 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88
    .byte 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x78
    .bss
    .balign 16
dst: .space 64

    .text
    .globl test_main
test_main:
    la s0, src
    lb a0, 0(s0);   CHECK(a0, 0xffffffffffffff81)
    lbu a0, 0(s0);  CHECK(a0, 0x81)
    lb a0, 15(s0);  CHECK(a0, 0x78)
    lbu a0, 7(s0);  CHECK(a0, 0x88)
    lh a0, 0(s0);   CHECK(a0, 0xffffffffffff8281)
    lhu a0, 0(s0);  CHECK(a0, 0x8281)
    lh a0, 8(s0);   CHECK(a0, 0x0201)
    lhu a0, 14(s0); CHECK(a0, 0x7807)
    lw a0, 0(s0);   CHECK(a0, 0xffffffff84838281)
    lwu a0, 0(s0);  CHECK(a0, 0x84838281)
    lw a0, 12(s0);  CHECK(a0, 0x78070605)
    lwu a0, 4(s0);  CHECK(a0, 0x88878685)
    ld a0, 0(s0);   CHECK(a0, 0x8887868584838281)
    ld a0, 8(s0);   CHECK(a0, 0x7807060504030201)
    /* negative and large offsets */
    addi s1, s0, 16
    ld a0, -16(s1); CHECK(a0, 0x8887868584838281)
    lb a0, -1(s1);  CHECK(a0, 0x78)
    addi s1, s0, 2047
    lbu a0, -2047(s1); CHECK(a0, 0x81)
    addi s1, s0, -2000
    lhu a0, 2006(s1);  CHECK(a0, 0x8887)
    /* loads to x0 are performed but discard the result */
    lw x0, 0(s0);   CHECK(x0, 0)

    /* stores: only the low bytes of rs2 are written */
    la s1, dst
    li a0, -1
    sd a0, 0(s1)
    li a0, 0x1200
    sb a0, 1(s1)
    ld a1, 0(s1);   CHECK(a1, 0xffffffffffff00ff)
    li a0, 0xabcd1234
    sh a0, 2(s1)
    ld a1, 0(s1);   CHECK(a1, 0xffffffff123400ff)
    li a0, 0x7777777789abcdef
    sw a0, 4(s1)
    ld a1, 0(s1);   CHECK(a1, 0x89abcdef123400ff)
    lw a1, 4(s1);   CHECK(a1, 0xffffffff89abcdef)
    lhu a1, 6(s1);  CHECK(a1, 0x89ab)
    lb a1, 3(s1);   CHECK(a1, 0x12)
    li a0, 0x0123456789abcdef
    sd a0, 8(s1)
    ld a1, 8(s1);   CHECK(a1, 0x0123456789abcdef)
    lbu a1, 15(s1); CHECK(a1, 0x01)
    sd x0, 8(s1)
    ld a1, 8(s1);   CHECK(a1, 0)
    /* store then load at negative offset from a register that is also the data */
    addi a0, s1, 32
    sd a0, -8(a0)
    ld a1, 24(s1)
    CHECKR(a0, a1)

    /* misaligned loads: value or address-misaligned trap */
#define MISALIGNED_LOAD(insn, off, value)                    \
    TRAP_ARM(1f);                                            \
    insn a0, off(s0);                                        \
    la t5, trap_recover; sd zero, 0(t5);                     \
    CHECK(a0, value);                                        \
    j 2f;                                                    \
1:  CHECK_CAUSE(CAUSE_MISALIGNED_LOAD);                      \
    addi a1, s0, off;                                        \
    la t5, trap_tval; ld t5, 0(t5); CHECKR(t5, a1);          \
2:
    MISALIGNED_LOAD(lh, 1, 0xffffffffffff8382)
    MISALIGNED_LOAD(lhu, 7, 0x0188)
    MISALIGNED_LOAD(lw, 3, 0xffffffff87868584)
    MISALIGNED_LOAD(lwu, 6, 0x02018887)
    MISALIGNED_LOAD(ld, 1, 0x0188878685848382)
    MISALIGNED_LOAD(ld, 7, 0x0706050403020188)

    /* misaligned store: memory updated or store-misaligned trap, memory intact */
    sd zero, 16(s1)
    sd zero, 24(s1)
    li a0, 0x1122334455667788
    TRAP_ARM(1f)
    sd a0, 19(s1)
    la t5, trap_recover; sd zero, 0(t5)
    ld a1, 16(s1);  CHECK(a1, 0x4455667788000000)
    ld a1, 24(s1);  CHECK(a1, 0x0000000000112233)
    j 2f
1:  CHECK_CAUSE(CAUSE_MISALIGNED_STORE)
    addi a1, s1, 19
    la t5, trap_tval; ld t5, 0(t5); CHECKR(t5, a1)
2:
    j test_pass
