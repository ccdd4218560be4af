/* mhpmcounter19-31 / mhpmevent19-31 / hpmcounter19-31 must exist too (priv
 * spec, "Hardware Performance Monitor": all counters should be implemented,
 * "a legal implementation is to make both the counter and its corresponding
 * event selector be read-only 0").  QEMU 7.2 (16 PMU counters by default)
 * raises illegal instruction for them: see XFAIL. */
#include "test.h"

    .text
    .globl test_main
test_main:
    .irp n, 19,20,21,22,23,24,25,26,27,28,29,30,31
    csrr a0, mhpmcounter\n
    csrw mhpmcounter\n, x0
    csrr a0, mhpmevent\n
    csrw mhpmevent\n, x0
    csrr a0, hpmcounter\n
    .endr
    j test_pass
