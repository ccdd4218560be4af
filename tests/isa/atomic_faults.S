/* A extension, faulting AMOs (priv spec, "Exception codes"; unpriv spec
 * "Atomic Memory Operations"): a misaligned AMO or SC raises store/AMO
 * address-misaligned (6) or store/AMO access fault (7); a misaligned LR raises
 * load address-misaligned (4) or load access fault (5); mtval = the address.
 * An AMO to an unmapped address raises store/AMO access fault (7).
 * QEMU 7.2 reports faulting AMOs as load faults (4 and 5): see XFAIL. */
#include "test.h"

    .bss
    .balign 64
mem: .space 256

    .text
    .globl test_main
test_main:
    la s0, mem
    li a1, 1
    /* misaligned AMO: store/AMO address-misaligned (6) or access fault (7) */
    addi s1, s0, 2
    TRAP_ARM(1f)
    amoadd.w a0, a1, (s1)
    FAIL_HERE()
1:  la t5, trap_cause; ld t5, 0(t5)
    addi t5, t5, -CAUSE_MISALIGNED_STORE
    li t6, 1
    bleu t5, t6, 2f
    FAIL_HERE()
2:  la t5, trap_tval; ld t5, 0(t5); CHECKR(t5, s1)
    addi s1, s0, 4
    TRAP_ARM(3f)
    amoswap.d a0, a1, (s1)
    FAIL_HERE()
3:  la t5, trap_cause; ld t5, 0(t5)
    addi t5, t5, -CAUSE_MISALIGNED_STORE
    li t6, 1
    bleu t5, t6, 4f
    FAIL_HERE()
4:  la t5, trap_tval; ld t5, 0(t5); CHECKR(t5, s1)
    /* misaligned LR: load address-misaligned (4) or load access fault (5) */
    TRAP_ARM(5f)
    lr.d a0, (s1)
    FAIL_HERE()
5:  la t5, trap_cause; ld t5, 0(t5)
    addi t5, t5, -CAUSE_MISALIGNED_LOAD
    li t6, 1
    bleu t5, t6, 6f
    FAIL_HERE()
6:  la t5, trap_tval; ld t5, 0(t5); CHECKR(t5, s1)
    /* AMO on an unmapped address: store/AMO access fault */
    TRAP_ARM(7f)
    amoadd.d a0, a0, (zero)
    FAIL_HERE()
7:  CHECK_TRAP(CAUSE_STORE_ACCESS, 0)
    li s1, 0x10
    TRAP_ARM(8f)
    amoswap.w a0, a0, (s1)
    FAIL_HERE()
8:  CHECK_TRAP(CAUSE_STORE_ACCESS, 0x10)
    j test_pass
