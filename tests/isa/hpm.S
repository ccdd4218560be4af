/* Zihpm / priv 1.12 CSRs that firmware probes: mhpmcounter3-18 and
 * mhpmevent3-18 exist in M-mode (read and write without trapping, even if the
 * counters are hardwired to zero), hpmcounter3-18 are readable in M-mode,
 * mconfigptr, menvcfg and senvcfg exist.  Counters 19-31: hpm_all.S. */
#include "test.h"

    .text
    .globl test_main
test_main:
    .irp n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18
    csrr a0, mhpmcounter\n
    csrw mhpmcounter\n, x0
    csrr a0, mhpmevent\n
    csrw mhpmevent\n, x0
    csrr a0, hpmcounter\n
    .endr
    csrr a0, mconfigptr
    csrr a0, menvcfg
    csrr a0, senvcfg
    /* a counter with no event selected does not count */
    csrw mhpmevent3, x0
    csrw mhpmcounter3, x0
    nop
    nop
    csrr a0, mhpmcounter3;      CHECK(a0, 0)
    j test_pass
