/*
 * Four harts (run.sh passes -smp 4 to smp_* tests) attacking each other:
 *  hart 1 rewrites a function that hart 0 keeps calling (cross-hart SMC:
 *         hart 0 must see one version or the other, never garbage);
 *  hart 2 fires software interrupts at hart 0 in a storm;
 *  hart 3 keeps changing its own satp, PMP and MPRV state and flushing
 *         its TLB while hammering a shared counter with AMOs and LR/SC;
 *  hart 0 does the same AMOs; the counter must be exact at the end.
 */
#include "hostile.h"

#define CALLS 20000
#define ADDS 20000

static uint32_t func[4] __attribute__((aligned(64)));
static volatile uint64_t counter;
static volatile unsigned done[4];
static volatile unsigned stop;
static volatile uint64_t ipis;

static uint64_t call_func(void)
{
    register uint64_t a0 __asm__("a0") = 0;

    __asm__ volatile("fence.i\n jalr ra, 0(%1)" : "+r"(a0) : "r"(func) : "ra", "memory");
    return a0;
}

static void add_amo(void)
{
    uint64_t one = 1;
    __asm__ volatile("amoadd.d zero, %1, %0" : "+A"(counter) : "r"(one) : "memory");
}

static void add_lrsc(void)
{
    uint64_t tmp, fail;
    __asm__ volatile(
        "1: lr.d.aq %0, %2\n"
        "addi %0, %0, 1\n"
        "sc.d.rl %1, %0, %2\n"
        "bnez %1, 1b\n"
        : "=&r"(tmp), "=&r"(fail), "+A"(counter) :: "memory");
}

static void secondary(unsigned hart)
{
    switch (hart) {
    case 1:
        for (uint32_t k = 0; !stop; k++) {
            func[0] = 0x00000513u | (1u + (k & 1)) << 20;   /* li a0, 1 or 2 */
            func[1] = 0x00008067u;                          /* ret */
            __asm__ volatile("fence w, w" ::: "memory");
        }
        break;
    case 2:
        while (!stop) {
            MMIO32(CLINT_MSIP) = 1;                         /* hart 0's msip */
            for (int i = 0; i < 50; i++) {
                __asm__ volatile("nop");
            }
        }
        break;
    case 3:
        for (int i = 0; i < ADDS; i++) {
            if ((i & 63) == 0) {
                csr_write(satp, rand64() & ~(0xfull << 60));   /* bare, garbage PPN */
                csr_write(pmpaddr1, rand64());
                csr_write(pmpcfg0, 0x1f | (rand64() & 0x1f00));
                __asm__ volatile("sfence.vma" ::: "memory");
            }
            if (i & 1) {
                add_amo();
            } else {
                add_lrsc();
            }
        }
        csr_write(satp, 0);
        csr_write(pmpcfg0, 0x1f);
        break;
    }
    done[hart] = 1;
}

static void hook(unsigned irq)
{
    if (irq == 3) {
        ipis++;
    }
}

int main(void)
{
    func[0] = 0x00100513u;                                  /* li a0, 1 */
    func[1] = 0x00008067u;
    __asm__ volatile("fence.i" ::: "memory");
    irq_hook = hook;
    start_secondaries(secondary, 4);
    csr_write(mie, MIP_MSIP);
    csr_set(mstatus, MSTATUS_MIE);

    int i;
    uint64_t versions[3] = { 0 };
    for (i = 0; i < 20 * CALLS && !(i >= CALLS && done[3] && ipis >= 1000); i++) {
        uint64_t r = call_func();
        versions[r < 3 ? r : 0]++;
        if (r != 1 && r != 2) {
            fail("cross-hart rewritten function returned", r);
        }
        if (i < ADDS) {
            if (i & 1) {
                add_lrsc();
            } else {
                add_amo();
            }
        }
    }
    for (; i < ADDS; i++) {
        add_amo();
    }
    stop = 1;
    csr_clear(mstatus, MSTATUS_MIE);
    for (int i = 0; i < 10000000 && !(done[1] && done[2] && done[3]); i++) {
        __asm__ volatile("nop");
    }
    if (!(done[1] && done[2] && done[3])) {
        fail("secondary harts did not finish", done[1] | done[2] << 1 | done[3] << 2);
    }
    if (counter != 2ull * ADDS) {
        fail("shared counter", counter);
    }
    MMIO32(CLINT_MSIP) = 0;
    csr_write(mie, 0);
    putstr("hostile: smp_race: ");
    puthex(ipis);
    putstr(" IPIs, versions ");
    puthex(versions[1]);
    putstr(" ");
    puthex(versions[2]);
    putstr("\n");
    return 0;
}
