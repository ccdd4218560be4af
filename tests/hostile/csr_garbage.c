/*
 * Random values into every CSR number (0..4095), one at a time: a generated
 * stub swaps the value in and the old one back out ("csrrw t0, csr, a0;
 * csrw csr, t0"), so the machine stays usable; a CSR that does not exist or
 * is read-only traps and is skipped.  The PMP lock bits and mseccfg are
 * spared (a lock lasts until reset), and the trigger CSRs have their own
 * test (csr_tdata.c: QEMU 7.2 aborts on them).  Then a set of S-mode and delegation
 * CSRs keeps its garbage while M-mode code traps and runs on, and a sane
 * state is restored for a U-mode round trip.
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

static uint64_t garbage(unsigned csr)
{
    uint64_t v = rand64();

    switch (rand64() & 3) {
    case 0: v = 0; break;
    case 1: v = ~0ull; break;
    default: break;
    }
    if (csr >= 0x3a0 && csr <= 0x3af) {
        v &= ~0x8080808080808080ull;                /* pmpcfg: no L bits */
    }
    return v;
}

static volatile uint64_t lower_ran;

static void lower_work(void)
{
    lower_ran++;
}

int main(void)
{
    rand_seed(HOSTILE_SEED ^ 0xc5a0001);
    for (int round = 0; round < 4; round++) {
        for (unsigned csr = 0; csr < 4096; csr++) {
            if (csr == 0x747 || csr == 0x757) {     /* mseccfg: sticky bits */
                continue;
            }
            if (csr >= 0x7a0 && csr <= 0x7af) {     /* triggers: csr_tdata.c */
                continue;
            }
            swap_csr(csr, garbage(csr));
        }
    }
    /* M-mode stays sane: traps still work. */
    uint64_t t = trap_count[11];
    __asm__ volatile("ecall" ::: "memory");
    if (trap_count[11] != t + 1) {
        fail("ecall after CSR garbage", trap_count[11] - t);
    }

    /* Garbage that stays while M-mode runs: S-mode state, delegation,
       counter enables, satp. */
    static const unsigned keep[] = {
        0x100, 0x104, 0x105, 0x106, 0x140, 0x141, 0x142, 0x143, 0x144, 0x180,
        0x302, 0x303, 0x306, 0x10a, 0x30a, 0x320,
    };
    for (int round = 0; round < 200; round++) {
        for (unsigned i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
            stub[0] = 0x00051073u | (uint32_t)keep[i] << 20;    /* csrw csr, a0 */
            stub[1] = 0x00008067u;
            __asm__ volatile("fence.i" ::: "memory");
            register uint64_t a0 __asm__("a0") = rand64();
            __asm__ volatile("jalr ra, 0(%1)" : "+r"(a0) : "r"(stub) : "ra", "memory");
        }
        __asm__ volatile("sfence.vma" ::: "memory");
        t = trap_count[2];
        __asm__ volatile(".word 0xffffffff" ::: "memory");
        if (trap_count[2] != t + 1) {
            fail("illegal instruction with garbage S-mode state", round);
        }
    }

    /* Sane again, then a U-mode round trip. */
    csr_write(medeleg, 0);
    csr_write(mideleg, 0);
    csr_write(satp, 0);
    csr_write(mcounteren, 0);
    csr_write(menvcfg, 0);
    csr_write(mie, 0);
    csr_write(sstatus, 0);
    csr_clear(mstatus, MSTATUS_MPRV | (1ull << 20) | (1ull << 21) | (1ull << 22));
    csr_write(pmpcfg0, 0x1f);
    csr_write(pmpaddr0, ~0ull);
    __asm__ volatile("sfence.vma" ::: "memory");
    if (run_in_mode(0, lower_work) != ~0ull || lower_ran != 1) {
        fail("U-mode round trip after CSR garbage", last_cause);
    }
    putstr("hostile: csr_garbage: ");
    puthex(trap_total);
    putstr(" traps\n");
    return 0;
}
