/* A extension: lr/sc success and failure, sc without reservation, every AMO in
 * .w and .d form (old value returned, .w sign-extended; memory result; only 32
 * bits touched by .w), signed/unsigned min/max, aq/rl encodings.
 * Misaligned AMO/LR/SC traps are in atomic_misaligned.S. */
#include "test.h"

    .bss
    .balign 64
mem: .space 256

    .text
    .globl test_main
test_main:
    la s0, mem
    /* lr.w sign-extends, sc.w succeeds with 0 and writes */
    li a0, 0x80000000
    sw a0, 0(s0)
    lr.w a1, (s0)
    CHECK(a1, 0xffffffff80000000)
    li a2, 0x1234
    sc.w a3, a2, (s0)
    CHECK(a3, 0)
    lw a1, 0(s0)
    CHECK(a1, 0x1234)
    /* a second sc.w without a new lr.w fails and does not write */
    li a2, 0x5678
    sc.w a3, a2, (s0)
    beqz a3, fail_sc1
    lw a1, 0(s0)
    CHECK(a1, 0x1234)
    /* lr.d / sc.d */
    li a0, 0x8000000000000001
    sd a0, 8(s0)
    lr.d a1, (s0)                      /* reservation on another dword */
    addi s1, s0, 8
    lr.d.aq a1, (s1)
    CHECK(a1, 0x8000000000000001)
    li a2, -2
    sc.d.rl a3, a2, (s1)
    CHECK(a3, 0)
    ld a1, 8(s0)
    CHECK(a1, -2)
    sc.d a3, a2, (s1)
    beqz a3, fail_sc2
    /* sc to an address other than the reserved one fails */
    lr.d a1, (s0)
    addi s1, s0, 128
    sd zero, 0(s1)
    li a2, 77
    sc.d a3, a2, (s1)
    beqz a3, fail_sc3
    ld a1, 0(s1)
    CHECK(a1, 0)
    /* an ordinary store in between does not make a later lr/sc pair fail */
    lr.w a1, (s0)
    sc.w a3, x0, (s0)
    CHECK(a3, 0)
    lw a1, 0(s0)
    CHECK(a1, 0)
    j amo

fail_sc1:
fail_sc2:
fail_sc3:
    FAIL_HERE()

#define AMO_W(op, init, src, old, new)                                 \
    li a0, init; sw a0, 0(s0); li a0, 0xdeadbeef; sw a0, 4(s0);        \
    li a1, src; op a2, a1, (s0);                                       \
    CHECK(a2, old); lwu a3, 0(s0); CHECK(a3, new);                     \
    lwu a3, 4(s0); CHECK(a3, 0xdeadbeef)
#define AMO_D(op, init, src, new)                                      \
    li a0, init; sd a0, 0(s0);                                         \
    li a1, src; op a2, a1, (s0);                                       \
    CHECK(a2, init); ld a3, 0(s0); CHECK(a3, new)

amo:
    AMO_W(amoswap.w, 0x80000001, 0x12345678, 0xffffffff80000001, 0x12345678)
    AMO_W(amoadd.w, 0x80000001, 0x7fffffff, 0xffffffff80000001, 0)
    AMO_W(amoadd.w, 5, 0xffffffff00000001, 5, 6)
    AMO_W(amoxor.w, 0xf0f0f0f0, 0xff00ff00, 0xfffffffff0f0f0f0, 0x0ff00ff0)
    AMO_W(amoand.w, 0xf0f0f0f0, 0xff00ff00, 0xfffffffff0f0f0f0, 0xf000f000)
    AMO_W(amoor.w, 0x0f0f0f0f, 0xff00ff00, 0x0f0f0f0f, 0xff0fff0f)
    AMO_W(amomin.w, 0x80000001, 1, 0xffffffff80000001, 0x80000001)
    AMO_W(amomin.w, 5, 0xffffffff, 5, 0xffffffff)
    AMO_W(amomax.w, 0x80000001, 1, 0xffffffff80000001, 1)
    AMO_W(amomax.w, 0xfffffffe, 0x1ffffffff, 0xfffffffffffffffe, 0xffffffff)
    AMO_W(amominu.w, 0x80000001, 1, 0xffffffff80000001, 1)
    AMO_W(amominu.w, 0x80000001, 0xffffffff00000002, 0xffffffff80000001, 2)
    AMO_W(amomaxu.w, 0x80000001, 1, 0xffffffff80000001, 0x80000001)
    AMO_W(amomaxu.w, 0x7fffffff, 0x80000000, 0x7fffffff, 0x80000000)
    AMO_W(amoadd.w.aqrl, 1, 2, 1, 3)
    AMO_W(amoswap.w.aq, 1, 2, 1, 2)
    AMO_D(amoswap.d, 0x8000000000000001, 0x123456789, 0x123456789)
    AMO_D(amoadd.d, 0x7fffffffffffffff, 1, 0x8000000000000000)
    AMO_D(amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xf0f0f0f0f0f0f0f0)
    AMO_D(amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00)
    AMO_D(amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xfff0fff0fff0fff0)
    AMO_D(amomin.d, -1, 1, -1)
    AMO_D(amomin.d, 1, -1, -1)
    AMO_D(amomax.d, -1, 1, 1)
    AMO_D(amominu.d, -1, 1, 1)
    AMO_D(amomaxu.d, -1, 1, -1)
    AMO_D(amomaxu.d, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000)
    AMO_D(amoadd.d.rl, 40, 2, 42)
    /* rd = x0: memory still updated */
    li a0, 10
    sd a0, 0(s0)
    li a1, 5
    amoadd.d x0, a1, (s0)
    ld a2, 0(s0)
    CHECK(a2, 15)
    /* rd == rs2 */
    li a1, 3
    amoadd.d a1, a1, (s0)
    CHECK(a1, 15)
    ld a2, 0(s0)
    CHECK(a2, 18)

    j test_pass
