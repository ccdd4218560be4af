/*
 * Random values into the debug trigger CSRs (tselect, tdata1-3, tinfo,
 * tcontrol, mcontext, ...: 0x7a0-0x7af), swapped in and back out as in
 * csr_garbage.c, with a trap in between now and then.  QEMU 7.2 aborts
 * (tdata_csr_write: code should not be reached), so its run is an expected
 * failure; Vireo must survive.
 */
#include "hostile.h"

static uint32_t stub[4] __attribute__((aligned(16)));

static void swap_csr(unsigned csr, uint64_t val)
{
    stub[0] = 0x000512f3u | (uint32_t)csr << 20;    /* csrrw t0, csr, a0 */
    stub[1] = 0x00029073u | (uint32_t)csr << 20;    /* csrrw x0, csr, t0 */
    stub[2] = 0x00008067u;                          /* ret */
    __asm__ volatile("fence.i" ::: "memory");
    register uint64_t a0 __asm__("a0") = val;
    __asm__ volatile("jalr ra, 0(%1)" : "+r"(a0) : "r"(stub) : "ra", "t0", "memory");
}

int main(void)
{
    rand_seed(0x7da7a);
    for (int round = 0; round < 2000; round++) {
        for (unsigned csr = 0x7a0; csr <= 0x7af; csr++) {
            uint64_t v = rand64();
            swap_csr(csr, (round & 1) ? v : v & 0xff);
        }
        __asm__ volatile("ecall" ::: "memory");
    }
    putstr("hostile: csr_tdata: ");
    puthex(trap_total);
    putstr(" traps\n");
    return 0;
}
