/*
 * A 32-bit instruction whose first half is the last halfword of RAM: the
 * fetch of its second half is an instruction access fault (QEMU 7.2 aborts
 * on it in translator_access, so the QEMU run is an expected failure).
 */
#include "hostile.h"

#define RAM_END (DRAM_BASE + 256 * 1024 * 1024ull)   /* run.sh passes -m 256M */

int main(void)
{
    for (int i = 0; i < 100; i++) {
        uint64_t faults = trap_count[1];
        MMIO16(RAM_END - 2) = 0x0013;           /* low half of addi x0,x0,0 */
        __asm__ volatile("fence.i" ::: "memory");
        __asm__ volatile(
            "la t0, 1f\n"
            "la t1, recover_pc\n"
            "sd t0, 0(t1)\n"
            "jr %0\n"
            ".balign 4\n"
            "1:\n"
            :: "r"(RAM_END - 2) : "t0", "t1", "memory");
        if (trap_count[1] != faults + 1 || last_cause != 1) {
            fail("no fetch fault for an instruction straddling the end of RAM", last_cause);
        }
    }
    putstr("hostile: exec_straddle: ok\n");
    return 0;
}
