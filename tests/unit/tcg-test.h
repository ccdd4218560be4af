/*
 * Shared fixture of the TCG unit tests (test-tcg-*.c): a fake CPU with
 * i64/i32 globals, a host scratch area for ld/st, two pages of guest RAM
 * behind a one-entry-per-page softmmu TLB, test versions of the softmmu slow
 * paths, and a runner that optimizes, analyses, generates and executes the
 * IR built in tcg_ctx on a back end.
 */
#ifndef TESTS_UNIT_TCG_TEST_H
#define TESTS_UNIT_TCG_TEST_H

#include "accel/cpu.h"
#include "tcg/tcg.h"
#include "harness.h"

#define T_NREGS 16
#define T_NR32 4
#define T_RAM_BASE 0x80000000ull
#define T_RAM_SIZE (2 * TARGET_PAGE_SIZE)
#define T_TLB_ENTRIES 16

typedef struct FakeCPU {
    CPUState cs;
    uint64_t regs[T_NREGS];
    uint32_t r32[T_NR32];
    uint32_t pad;
    uint8_t scratch[256];       /* target of host ld/st ops */
    uint64_t slow_loads, slow_stores;
    uint64_t last_retaddr;
} FakeCPU;

static TCGContext t_ctx;
static TCGv_i64 t_x[T_NREGS];
static TCGv_i32 t_w[T_NR32];
static uint8_t t_ram[T_RAM_SIZE] __attribute__((aligned(16)));
static CPUTLBEntry t_tlb[T_TLB_ENTRIES];
static uint64_t t_code[1 << 16];   /* interpreter code (8-byte aligned) */
static const char *const t_names[T_NREGS] = {
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
    "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
};
static const char *const t_wnames[T_NR32] = { "w0", "w1", "w2", "w3" };

/* The slow paths: RAM for [T_RAM_BASE, +T_RAM_SIZE), else 0 / ignored. */
uint64_t helper_ld_slow(CPUState *cpu, vaddr addr, MemOpIdx oi, uintptr_t retaddr)
{
    FakeCPU *f = (FakeCPU *)cpu;
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop), i;
    uint64_t v = 0;

    f->slow_loads++;
    f->last_retaddr = retaddr;
    for (i = 0; i < size; i++) {
        uint64_t a = addr + i - T_RAM_BASE;
        uint64_t b = a < T_RAM_SIZE ? t_ram[a] : 0;
        if (mop & MO_BE) {
            v = (v << 8) | b;
        } else {
            v |= b << (8 * i);
        }
    }
    if ((mop & MO_SIGN) && size < 8) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    return v;
}

void helper_st_slow(CPUState *cpu, vaddr addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr)
{
    FakeCPU *f = (FakeCPU *)cpu;
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop), i;

    f->slow_stores++;
    f->last_retaddr = retaddr;
    for (i = 0; i < size; i++) {
        uint64_t a = addr + i - T_RAM_BASE;
        unsigned sh = (mop & MO_BE) ? 8 * (size - 1 - i) : 8 * i;
        if (a < T_RAM_SIZE) {
            t_ram[a] = (uint8_t)(val >> sh);
        }
    }
}

/* Create the context and globals once. */
static void t_init(void)
{
    int i;

    tcg_context_init(&t_ctx);
    for (i = 0; i < T_NREGS; i++) {
        t_x[i] = tcg_global_mem_new_i64(offsetof(FakeCPU, regs) + 8 * i, t_names[i]);
    }
    for (i = 0; i < T_NR32; i++) {
        t_w[i] = tcg_global_mem_new_i32(offsetof(FakeCPU, r32) + 4 * i, t_wnames[i]);
    }
}

/* A CPU whose mmu_idx 0 maps the two RAM pages (the second one only for
   reads, so stores there take the slow path). */
static UNUSED void t_cpu_reset(FakeCPU *f)
{
    unsigned i;

    memset(f, 0, sizeof(*f));
    for (i = 0; i < T_TLB_ENTRIES; i++) {
        t_tlb[i].addr_read = t_tlb[i].addr_write = t_tlb[i].addr_code = ~0ull;
    }
    for (i = 0; i < 2; i++) {
        uint64_t va = T_RAM_BASE + i * TARGET_PAGE_SIZE;
        CPUTLBEntry *e = &t_tlb[(va >> TARGET_PAGE_BITS) & (T_TLB_ENTRIES - 1)];
        e->addr_read = va;
        e->addr_write = i == 0 ? va : va | TLB_MMIO;
        e->addend = (uintptr_t)t_ram - T_RAM_BASE;
    }
    f->cs.tlb_fast[0].mask = (T_TLB_ENTRIES - 1) << CPU_TLB_ENTRY_BITS;
    f->cs.tlb_fast[0].table = t_tlb;
}

/* Optimize (if asked), analyse, generate with be and run on f. */
static UNUSED uintptr_t t_run_be(const TCGBackend *be, FakeCPU *f, bool opt, uint8_t *rw,
                          const uint8_t *rx, size_t size)
{
    long n;

    if (opt) {
        tcg_optimize(&t_ctx);
    }
    tcg_liveness_analysis(&t_ctx);
    n = be->gen_code(&t_ctx, NULL, rw, rx, size);
    if (n < 0) {
        printf("  gen_code failed\n");
        return ~(uintptr_t)0;
    }
    return be->exec(&f->cs, rx);
}

static UNUSED uintptr_t t_run(FakeCPU *f, bool opt)
{
    return t_run_be(&tcg_backend_interp, f, opt, (uint8_t *)t_code, (const uint8_t *)t_code,
                    sizeof(t_code));
}

#endif
