/* mcountinhibit keeps the counter value (priv spec, "Machine Counter-Inhibit
 * Register"): an inhibited mcycle/minstret stops incrementing but keeps the
 * value it had (QEMU 7.2 freezes it at the last value written), and a value written while inhibited is read back unchanged.
 * See XFAIL. */
#include "test.h"

    .text
    .globl test_main
test_main:
    /* inhibiting freezes the current count (not the last written value) */
    csrr s0, mcycle
    csrr s1, minstret
    li t0, 5
    csrw mcountinhibit, t0
    csrr a0, mcycle
    csrr a1, minstret
    bltu a0, s0, fail
    bltu a1, s1, fail
    csrw mcountinhibit, x0
    li a0, 0x123456789
    csrw mcycle, a0
    csrw minstret, a0
    li t0, 5
    csrw mcountinhibit, t0
    csrr s0, mcycle
    csrr s1, minstret
    bltu s0, a0, fail
    bltu s1, a0, fail
    li a0, 0x42
    csrw mcycle, a0
    csrw minstret, a0
    nop
    csrr a1, mcycle;   CHECK(a1, 0x42)
    csrr a1, minstret; CHECK(a1, 0x42)
    csrw mcountinhibit, x0
    nop
    csrr a1, mcycle
    li t0, 0x42
    bltu a1, t0, fail
    j test_pass
fail:
    FAIL_HERE()
