/* Zicsr: CSRRS/CSRRC with rs1 != x0 always attempt a write, even when the
 * register holds zero, so on a read-only CSR they raise illegal instruction
 * (unpriv spec, Zicsr chapter: "if rs1 specifies a register holding a zero value
 * other than x0, the instruction will still attempt to write the unmodified
 * value back to the CSR").  QEMU 7.2 does not trap here: see XFAIL. */
#include "test.h"

    .text
    .globl test_main
test_main:
    li a0, 0
    TRAP_ARM(1f)
    csrrs a1, mhartid, a0
    FAIL_HERE()
1:  CHECK_CAUSE(CAUSE_ILLEGAL)
    TRAP_ARM(2f)
    csrrc a1, mvendorid, a0
    FAIL_HERE()
2:  CHECK_CAUSE(CAUSE_ILLEGAL)
    j test_pass
