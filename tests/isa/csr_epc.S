/* mepc[0] and sepc[0] always read as zero (priv spec, "Machine Exception
 * Program Counter": "The low bit of mepc (mepc[0]) is always zero"), and an
 * xRET to such a value goes to the even address.  QEMU 7.2 keeps bit 0 on
 * reads: see XFAIL. */
#include "test.h"

    .text
    .globl test_main
test_main:
    li a0, 0x80001235
    csrw mepc, a0
    csrr a1, mepc;              CHECK(a1, 0x80001234)
    csrw sepc, a0
    csrr a1, sepc;              CHECK(a1, 0x80001234)
    /* mret to an odd mepc lands on the even address */
    li t0, MSTATUS_MPP
    csrs mstatus, t0                    /* stay in M */
    la t0, 1f
    addi t0, t0, 1
    csrw mepc, t0
    mret
    .balign 4
1:  j test_pass
