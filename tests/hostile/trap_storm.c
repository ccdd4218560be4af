/*
 * A storm of synchronous traps, each returning to the next instruction:
 * ecall, illegal instructions (32- and 16-bit), ebreak, loads from unmapped
 * memory, and CSR accesses that do not exist.  Every trap must be counted.
 */
#include "hostile.h"

#define N 300000

int main(void)
{
    uint64_t t0 = trap_total;

    for (int i = 0; i < N; i++) {
        __asm__ volatile("ecall" ::: "memory");
        __asm__ volatile(".word 0xffffffff" ::: "memory");
        __asm__ volatile(".2byte 0x0000" ::: "memory");
        __asm__ volatile("ebreak" ::: "memory");
        __asm__ volatile("ld t0, 0(%0)" :: "r"(0x40ull) : "t0", "memory");
        __asm__ volatile("csrr t0, 0x7ff" ::: "t0", "memory");
    }
    if (trap_total - t0 != 6ull * N) {
        fail("trap count", trap_total - t0);
    }
    if (trap_count[11] != N || trap_count[2] != 3ull * N || trap_count[3] != N ||
        trap_count[5] != N) {
        fail("trap causes", trap_count[2]);
    }
    putstr("hostile: trap_storm: ");
    puthex(trap_total);
    putstr(" traps\n");
    return 0;
}
