/* ctzw counts trailing zeros of the low 32 bits only: 32 when they are all
 * zero, whatever the upper word holds.  QEMU 7.2 counts on into the upper word
 * (ctzw 0x0001000000000000 = 48): see XFAIL. */
#include "test.h"

    .text
    .globl test_main
test_main:
    li a0, 0x0001000000000000
    ctzw a1, a0;        CHECK(a1, 32)
    li a0, 0xffff000000000000
    ctzw a1, a0;        CHECK(a1, 32)
    li a0, 0x8000000000000000
    ctzw a1, a0;        CHECK(a1, 32)
    li a0, 0xffffffff00000000
    ctzw a1, a0;        CHECK(a1, 32)
    li a0, 0xffffffff80000000
    ctzw a1, a0;        CHECK(a1, 31)
    j test_pass
