/*
 * Random loads and stores of random sizes (1/2/4/8) at random addresses:
 * over the whole 64-bit physical space, the low 4 GiB, and inside every
 * device window (boot ROM, sifive_test except its exit register, RTC,
 * ACLINT, PLIC, UART, virtio-mmio), plus misaligned MMIO accesses.  With
 * interrupts off; every fault is skipped.  Nothing is checked but survival
 * and that RAM outside the target buffer is untouched.
 */
#include "hostile.h"

#define ROUNDS 4000

static const struct { uint64_t base, size; } windows[] = {
    { ROM_BASE, 0xf000 },
    { TEST_BASE + 4, 0x1000 - 4 },      /* never the exit register */
    { RTC_BASE, 0x1000 },
    { CLINT_BASE, 0x10000 },
    { PLIC_BASE, 0x600000 },
    { UART_BASE, 0x100 },
    { 0x10001000, 0x8000 },             /* virtio-mmio (reserved on Vireo) */
};

static volatile uint64_t sink;
static uint8_t guard[4096];

static bool forbidden(uint64_t a, unsigned size)
{
    /* Our own RAM (code, stack, data) and QEMU's fw_cfg DMA registers. */
    if (a + size > DRAM_BASE && a < DRAM_BASE + 0x10000000ull) {
        return true;
    }
    if (a + size > TEST_BASE && a < TEST_BASE + 4) {
        return true;
    }
    return a + size > 0x10100000 && a < 0x10100020;
}

static void access(uint64_t a, unsigned size, bool store, uint64_t v)
{
    if (store && forbidden(a, size)) {
        return;
    }
    if (!store && a + size > DRAM_BASE && a < DRAM_BASE + 0x10000000ull) {
        return;                         /* reads of RAM prove nothing */
    }
    switch (size) {
    case 1: if (store) { MMIO8(a) = v; } else { sink = MMIO8(a); } break;
    case 2: if (store) { MMIO16(a) = v; } else { sink = MMIO16(a); } break;
    case 4: if (store) { MMIO32(a) = v; } else { sink = MMIO32(a); } break;
    default: if (store) { MMIO64(a) = v; } else { sink = MMIO64(a); } break;
    }
}

static void random_access(uint64_t a)
{
    uint64_t r = rand64();
    unsigned size = 1u << (r & 3);
    access(a, size, (r >> 2) & 1, rand64());
}

int main(void)
{
    for (unsigned i = 0; i < sizeof(guard); i++) {
        guard[i] = (uint8_t)(i * 7);
    }
    rand_seed(HOSTILE_SEED ^ 0x5eed0001);
    for (int i = 0; i < ROUNDS; i++) {
        random_access(rand64());                        /* anywhere */
        random_access(rand64() & 0xffffffffull);        /* low 4 GiB */
        random_access(rand64() & ((1ull << 56) - 1));   /* 56-bit physical */
        for (unsigned w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
            random_access(windows[w].base + rand64() % windows[w].size);
        }
        if ((i & 31) == 0) {
            csr_clear(mstatus, MSTATUS_MIE);
            csr_write(mie, 0);
        }
    }
    /* Misaligned accesses to each device's registers, every size and offset. */
    for (unsigned w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
        for (unsigned off = 1; off < 16; off++) {
            for (unsigned size = 2; size <= 8; size *= 2) {
                if (off % size) {
                    access(windows[w].base + off, size, false, 0);
                    access(windows[w].base + off, size, true, rand64());
                }
            }
        }
    }
    /* Straddling the ends of the device windows and of RAM. */
    static const uint64_t edges[] = {
        0x10000, TEST_BASE + 0x1000, CLINT_BASE + 0x10000, PLIC_BASE + 0x600000,
        UART_BASE + 0x100, 0x1000, DRAM_BASE, ~0ull - 3,
    };
    for (unsigned e = 0; e < sizeof(edges) / sizeof(edges[0]); e++) {
        for (unsigned size = 2; size <= 8; size *= 2) {
            access(edges[e] - size / 2, size, false, 0);
            access(edges[e] - size / 2, size, true, 0);
        }
    }
    for (unsigned i = 0; i < sizeof(guard); i++) {
        if (guard[i] != (uint8_t)(i * 7)) {
            fail("RAM changed by a stray access at offset", i);
        }
    }
    /* Quiet the devices we may have armed, then report. */
    MMIO32(CLINT_MSIP) = 0;
    MMIO64(CLINT_MTIMECMP) = ~0ull;
    csr_write(mie, 0);
    uart_sane();
    putstr("hostile: wild_mmio: ");
    puthex(trap_total);
    putstr(" traps; misaligned load/store ");
    puthex(trap_count[4] + trap_count[6]);
    putstr(", load/store access faults ");
    puthex(trap_count[5] + trap_count[7]);
    putstr("\n");
    return 0;
}
