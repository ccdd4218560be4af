/*
 * Softmmu tests through the C entry points (cpu_ld_mmu / cpu_st_mmu, code
 * fetch, probes, flushes) on the fake target: hits, misses, the victim TLB,
 * flushes (all, page, by MMU index, huge pages), dynamic resizing, page-split
 * and misaligned accesses, MMIO, ROM, bus errors, sub-page entries.
 */
#include "tests/unit/harness.h"
#include "tests/unit/fake-cpu.h"

static FakeCPU *f;
static CPUState *cs;

static void reset(void)
{
    f->paging = false;
    f->nmap = 0;
    f->cause = 0;
    f->badaddr = 0;
    tlb_flush(cs);
    f->nfills = 0;
}

static void map(vaddr v, hwaddr p, int prot, uint64_t size)
{
    f->map[f->nmap++] = (FakeMap){ v, p, prot, size };
    f->paging = true;
}

#define RW (PAGE_READ | PAGE_WRITE)
#define RWX (PAGE_READ | PAGE_WRITE | PAGE_EXEC)

static uint64_t ld(vaddr a, MemOp op)
{
    return cpu_ld_mmu(cs, a, make_memop_idx(op, 0), 0);
}

static void st(vaddr a, uint64_t v, MemOp op)
{
    cpu_st_mmu(cs, a, v, make_memop_idx(op, 0), 0);
}

/* Run an access that may fault: returns the fake cause, or 0. */
static int try_ld(vaddr a, MemOp op, int mmu_idx, uint64_t *val)
{
    if (sigsetjmp(cs->jmp_env, 0) == 0) {
        uint64_t v = cpu_ld_mmu(cs, a, make_memop_idx(op, mmu_idx), 0);
        if (val) {
            *val = v;
        }
        return 0;
    }
    cs->exception_index = EXCP_NONE;
    return (int)f->cause;
}

static int try_st(vaddr a, uint64_t v, MemOp op)
{
    if (sigsetjmp(cs->jmp_env, 0) == 0) {
        st(a, v, op);
        return 0;
    }
    cs->exception_index = EXCP_NONE;
    return (int)f->cause;
}

static size_t tlb_size(int idx)
{
    return (cs->tlb_fast[idx].mask >> CPU_TLB_ENTRY_BITS) + 1;
}

static void test_hit_miss(void)
{
    uint64_t misses;

    reset();
    misses = cs->stats.tlb_misses;
    st(0x3000, 0xdeadbeef, MO_UL);
    CHECK_EQ(f->nfills, 1);
    CHECK_EQ(cs->stats.tlb_misses, misses + 1);
    CHECK_EQ(ld(0x3000, MO_UL), 0xdeadbeef);
    CHECK_EQ(ld(0x3ffc, MO_UL), 0);
    CHECK_EQ(f->nfills, 1);
    CHECK_EQ(*(uint32_t *)ram_ptr(0x3000), 0xdeadbeef);
    ld(0x4000, MO_UB);
    CHECK_EQ(f->nfills, 2);
}

static void test_victim(void)
{
    vaddr a = 0x1000000, b = a + tlb_size(0) * TARGET_PAGE_SIZE;
    uint64_t vh;

    reset();
    map(a, 0x10000, RW, 0);
    map(b, 0x11000, RW, 0);
    st(a, 1, MO_UQ);
    st(b, 2, MO_UQ);           /* same index: a goes to the victim TLB */
    CHECK_EQ(f->nfills, 2);
    vh = cs->stats.tlb_victim_hits;
    CHECK_EQ(ld(a, MO_UQ), 1);
    CHECK_EQ(f->nfills, 2);
    CHECK_EQ(cs->stats.tlb_victim_hits, vh + 1);
    CHECK_EQ(ld(b, MO_UQ), 2);  /* swapped back out */
    CHECK_EQ(f->nfills, 2);
    CHECK_EQ(cs->stats.tlb_victim_hits, vh + 2);
    CHECK_EQ(*(uint64_t *)ram_ptr(0x11000), 2);
}

static void test_flush(void)
{
    reset();
    ld(0x5000, MO_UL);
    ld(0x6000, MO_UL);
    CHECK_EQ(f->nfills, 2);
    tlb_flush_page(cs, 0x5abc);
    ld(0x6000, MO_UL);
    CHECK_EQ(f->nfills, 2);
    ld(0x5000, MO_UL);
    CHECK_EQ(f->nfills, 3);
    tlb_flush(cs);
    ld(0x5000, MO_UL);
    ld(0x6000, MO_UL);
    CHECK_EQ(f->nfills, 5);
}

static void test_flush_by_mmuidx(void)
{
    uint64_t v;

    reset();
    CHECK_EQ(try_ld(0x7000, MO_UL, 0, &v), 0);
    CHECK_EQ(try_ld(0x7000, MO_UL, 1, &v), 0);
    CHECK_EQ(f->nfills, 2);
    tlb_flush_page_by_mmuidx(cs, 0x7000, 1u << 1);
    try_ld(0x7000, MO_UL, 0, &v);
    CHECK_EQ(f->nfills, 2);
    try_ld(0x7000, MO_UL, 1, &v);
    CHECK_EQ(f->nfills, 3);
    tlb_flush_by_mmuidx(cs, 1u << 0);
    try_ld(0x7000, MO_UL, 1, &v);
    CHECK_EQ(f->nfills, 3);
    try_ld(0x7000, MO_UL, 0, &v);
    CHECK_EQ(f->nfills, 4);
}

static void test_huge_page_flush(void)
{
    reset();
    map(0x40000000, 0x0, RW, 2 * MiB);
    *(uint32_t *)ram_ptr(0x10000) = 0x55aa;
    CHECK_EQ(ld(0x40010000, MO_UL), 0x55aa);
    ld(0x40020000, MO_UL);
    CHECK_EQ(try_ld(0x9000, MO_UL, 0, NULL), CAUSE_PAGE);   /* paging is on */
    CHECK_EQ(f->nfills, 3);
    CHECK_EQ(cs->tlb_desc[0].large_page_mask, ~(vaddr)(2 * MiB - 1));
    /* A page of the huge page that was never loaded: all must go. */
    tlb_flush_page(cs, 0x40180000);
    ld(0x40010000, MO_UL);
    ld(0x40020000, MO_UL);
    CHECK_EQ(f->nfills, 5);
    /* A small page flush elsewhere keeps the huge page's entries. */
    tlb_flush_page(cs, 0x7000);
    ld(0x40010000, MO_UL);
    CHECK_EQ(f->nfills, 5);
}

/* Flushing a page inside a huge page drops that huge page's entries and
   keeps everything else (small pages, other huge pages) in the same MMU
   index; with more huge-page fills than the slot list holds, it falls back
   to flushing the index. */
static void test_huge_page_flush_precise(void)
{
    int fills;

    reset();
    map(0x40000000, 0x0, RW, 2 * MiB);
    map(0x40200000, 0x0, RW, 2 * MiB);
    map(0x7000, 0x7000, RW, 4096);
    ld(0x40010000, MO_UL);
    ld(0x40020000, MO_UL);
    ld(0x40210000, MO_UL);
    ld(0x7000, MO_UL);
    fills = f->nfills;
    tlb_flush_page(cs, 0x40180000);        /* in the first huge page */
    ld(0x40210000, MO_UL);
    ld(0x7000, MO_UL);
    CHECK_EQ(f->nfills, fills);            /* kept */
    ld(0x40010000, MO_UL);
    ld(0x40020000, MO_UL);
    CHECK_EQ(f->nfills, fills + 2);        /* dropped */
    /* More huge-page fills than the slot list holds. */
    fills = f->nfills;
    for (int i = 0; i < 2 * TLB_LARGE_SLOTS; i++) {
        ld(0x40000000 + (vaddr)i * 4096, MO_UL);
    }
    CHECK(cs->tlb_desc[0].large_overflow);
    tlb_flush_page(cs, 0x40000000);
    fills = f->nfills;
    ld(0x40000000 + 4096, MO_UL);
    ld(0x40210000, MO_UL);
    ld(0x7000, MO_UL);
    CHECK_EQ(f->nfills, fills + 3);        /* overflow: the index was flushed */
    CHECK(!cs->tlb_desc[0].large_overflow);
}

/* A huge-page entry that went to the victim TLB and came back into the table
   (after its slot left the list, or after the table grew) is still dropped
   by a flush of another page of that huge page. */
static void test_huge_page_victim_return(void)
{
    const vaddr other = 0x40000000 + 256 * 4096ull * 8;     /* same index */
    int fills;

    reset();
    tlb_flush(cs);
    map(0x40000000, 0x0, RW, 2 * MiB);
    map(0x40200000, 0x0, RW, 2 * MiB);
    map(other, 0x2000, RW, 4096);
    ld(0x40000000, MO_UL);                      /* huge-page entry, listed */
    ld(0x40200000 + 4096, MO_UL);               /* another huge page */
    ld(other, MO_UL);                           /* evicts the first to the victims */
    tlb_flush_page(cs, 0x40300000);             /* in the other huge page: the list
                                                   forgets the slot (now small) */
    ld(0x40000000, MO_UL);                      /* victim hit: back in the table */
    tlb_flush_page(cs, 0x40100000);             /* another page of the first */
    fills = f->nfills;
    ld(0x40000000, MO_UL);
    CHECK_EQ(f->nfills, fills + 1);             /* dropped: filled again */
}

/* Two pages that collide in the table and are used in turns: the table
   grows until they do not, instead of swapping through the victim TLB on
   every access. */
static void test_conflict_growth(void)
{
    uint64_t vh;

    reset();
    tlb_flush(cs);
    CHECK_EQ(tlb_size(0), 256);
    map(0x100000, 0x1000, RW, 4096);
    map(0x200000, 0x2000, RW, 4096);        /* 256 pages apart: same index */
    for (int i = 0; i < 20000; i++) {
        ld(0x100000, MO_UL);
        ld(0x200000, MO_UL);
    }
    CHECK(tlb_size(0) > 256);
    vh = cs->stats.tlb_victim_hits;
    for (int i = 0; i < 1000; i++) {
        ld(0x100000, MO_UL);
        ld(0x200000, MO_UL);
    }
    CHECK_EQ(cs->stats.tlb_victim_hits, vh);
}

static void test_resize(void)
{
    uint64_t resizes;

    reset();
    tlb_flush(cs);
    CHECK_EQ(tlb_size(0), 256);
    resizes = cs->stats.tlb_resizes;
    for (int i = 0; i < 250; i++) {
        ld(0x1000 * i, MO_UB);
    }
    tlb_flush(cs);
    CHECK_EQ(tlb_size(0), 512);
    CHECK_EQ(cs->stats.tlb_resizes, resizes + 1);
    /* Keeps working at the new size. */
    st(0x8000, 77, MO_UQ);
    CHECK_EQ(ld(0x8000, MO_UQ), 77);
    /* Little use over an expired window: back down. */
    for (int i = 0; i < 10; i++) {
        ld(0x1000 * i, MO_UB);
    }
    cs->tlb_desc[0].window_begin_ns = host_clock_ns() - 1000 * 1000 * 1000;
    tlb_flush(cs);
    CHECK_EQ(tlb_size(0), 256);
    CHECK_EQ(cs->stats.tlb_resizes, resizes + 2);
    CHECK_EQ(ld(0x8000, MO_UQ), 77);
}

static void test_split_access(void)
{
    uint64_t v = 0;

    reset();
    map(0x20000, 0x20000, RW, 0);
    memset(ram_ptr(0x20ff8), 0x11, 8);
    /* Second page unmapped: fault, and not one byte written. */
    CHECK_EQ(try_st(0x20ffc, 0x8877665544332211ull, MO_UQ), CAUSE_PAGE);
    CHECK_EQ(f->badaddr, 0x21000);
    CHECK_EQ(*(uint64_t *)ram_ptr(0x20ff8), 0x1111111111111111ull);
    CHECK_EQ(try_ld(0x20ffe, MO_UL, 0, &v), CAUSE_PAGE);
    /* Mapped to a non-adjacent physical page. */
    map(0x21000, 0x30000, RW, 0);
    CHECK_EQ(try_st(0x20ffc, 0x8877665544332211ull, MO_UQ), 0);
    CHECK_EQ(*(uint32_t *)ram_ptr(0x20ffc), 0x44332211);
    CHECK_EQ(*(uint32_t *)ram_ptr(0x30000), 0x88776655);
    CHECK_EQ(ld(0x20ffc, MO_UQ), 0x8877665544332211ull);
    CHECK_EQ(ld(0x20fff, MO_UW), 0x5544);
    CHECK_EQ(ld(0x20ffe, MO_UL | MO_BE), 0x33445566);
    CHECK_EQ(ld(0x20ffe, MO_SL), (uint64_t)(int64_t)(int32_t)0x66554433);
}

static void test_alignment(void)
{
    uint64_t v = 0;

    reset();
    *(uint32_t *)ram_ptr(0x1000) = 0x01020304;
    *(uint32_t *)ram_ptr(0x1004) = 0x05060708;
    CHECK_EQ(try_ld(0x1002, MO_UL, 0, &v), 0);
    CHECK_EQ(v, 0x07080102);
    CHECK_EQ(try_ld(0x1002, MO_UL | MO_ALIGN, 0, &v), CAUSE_MISALIGNED);
    CHECK_EQ(f->badaddr, 0x1002);
    CHECK_EQ(try_ld(0x1004, MO_UL | MO_ALIGN, 0, &v), 0);
    CHECK_EQ(try_st(0x1001, 0, MO_UW | MO_ALIGN), CAUSE_MISALIGNED);
    CHECK_EQ(*(uint32_t *)ram_ptr(0x1000), 0x01020304);
}

static void test_endian_sign(void)
{
    reset();
    st(0x2000, 0x11223344, MO_UL);
    CHECK_EQ(ld(0x2000, MO_UL | MO_BE), 0x44332211);
    st(0x2000, 0x8001, MO_UW | MO_BE);
    CHECK_EQ(*(uint16_t *)ram_ptr(0x2000), 0x0180);
    CHECK_EQ(ld(0x2000, MO_SW | MO_BE), (uint64_t)(int64_t)(int16_t)0x8001);
    CHECK_EQ(ld(0x2000, MO_SB), (uint64_t)(int64_t)(int8_t)0x80);
    CHECK_EQ(ld(0x2001, MO_UB), 0x01);
}

static void test_mmio(void)
{
    unsigned reads = dev_reads;
    CPUTLBEntry *e;

    reset();
    CHECK_EQ(ld(DEV_BASE + 0x40, MO_UL), 0x12345678 + 0x40);
    CHECK_EQ(ld(DEV_BASE + 0x48, MO_UQ), 0x12345678 + 0x48);
    CHECK_EQ(dev_reads, reads + 2);
    st(DEV_BASE + 0x10, 0x99, MO_UW);
    CHECK_EQ(dev_last_write_off, 0x10);
    CHECK_EQ(dev_last_write_val, 0x99);
    CHECK_EQ(dev_last_write_size, 2);
    e = &cs->tlb_fast[0].table[(DEV_BASE >> 12) & (tlb_size(0) - 1)];
    CHECK(e->addr_read & TLB_MMIO);
    CHECK(e->addr_write & TLB_MMIO);
    CHECK(tlb_probe_host(cs, DEV_BASE, 4, MMU_DATA_LOAD, 0) == NULL);
}

static void test_bus_error(void)
{
    uint64_t v = 1;

    reset();
    CHECK_EQ(try_ld(0x50000008, MO_UL, 0, &v), CAUSE_ACCESS);
    CHECK_EQ(f->badaddr, 0x50000008);
    CHECK_EQ(try_st(0x50000010, 1, MO_UQ), CAUSE_ACCESS);
    CHECK_EQ(f->badaddr, 0x50000010);
}

static void test_rom(void)
{
    uint32_t w = 0xcafef00d;
    CPUTLBEntry *e;

    reset();
    address_space_write_rom(&fake_as, ROM_BASE + 0x10, &w, 4);
    CHECK_EQ(ld(ROM_BASE + 0x10, MO_UL), 0xcafef00d);
    CHECK_EQ(try_st(ROM_BASE + 0x10, 0x1234, MO_UL), 0);
    CHECK_EQ(ld(ROM_BASE + 0x10, MO_UL), 0xcafef00d);
    e = &cs->tlb_fast[0].table[(ROM_BASE >> 12) & (tlb_size(0) - 1)];
    CHECK_EQ(e->addr_read, ROM_BASE);           /* reads are direct */
    CHECK_EQ(e->addr_write, ROM_BASE | TLB_MMIO);
    CHECK_EQ(cpu_ldl_code(cs, ROM_BASE + 0x10), 0xcafef00d);
    CHECK_EQ(get_page_addr_code(cs, ROM_BASE + 0x10), ROM_BASE);
}

/* Code in ROM is dropped when a loader rewrites the ROM. */
static void test_rom_code_reload(void)
{
    uint32_t prog[2] = { INSN(OP_ADDI, 1, 1, 1), INSN(OP_HALT, 0, 0, 0) };

    reset();
    address_space_write_rom(&fake_as, ROM_BASE + 0x100, prog, sizeof(prog));
    f->regs[1] = 0;
    f->pc = ROM_BASE + 0x100;
    cs->halted = false;
    CHECK_EQ(cpu_exec(cs), EXCP_HLT);
    CHECK_EQ(f->regs[1], 1);
    CHECK(tb_page_has_code(ROM_BASE));
    prog[0] = INSN(OP_ADDI, 1, 1, 10);
    address_space_write_rom(&fake_as, ROM_BASE + 0x100, prog, sizeof(prog));
    f->pc = ROM_BASE + 0x100;
    cs->halted = false;
    CHECK_EQ(cpu_exec(cs), EXCP_HLT);
    CHECK_EQ(f->regs[1], 11);
}

static void test_probe_host(void)
{
    reset();
    CHECK(tlb_probe_host(cs, 0x3010, 8, MMU_DATA_STORE, 0) == ram_ptr(0x3010));
    CHECK(tlb_probe_host(cs, 0x3ffc, 8, MMU_DATA_LOAD, 0) == NULL);   /* crosses */
    map(0x3000, 0x3000, PAGE_READ, 0);
    tlb_flush(cs);
    CHECK(tlb_probe_host(cs, 0x3010, 8, MMU_DATA_LOAD, 0) == ram_ptr(0x3010));
    CHECK(tlb_probe_host(cs, 0x3010, 8, MMU_DATA_STORE, 0) == NULL);  /* no fault */
    CHECK(tlb_probe_host(cs, 0x90000, 1, MMU_DATA_LOAD, 0) == NULL);
    CHECK_EQ(f->cause, 0);
}

static int try_probe(vaddr a, MMUAccessType access, void **host)
{
    if (sigsetjmp(cs->jmp_env, 0) == 0) {
        *host = probe_access(cs, a, 8, access, 0, 0);
        return 0;
    }
    cs->exception_index = EXCP_NONE;
    return (int)f->cause;
}

static void test_probe_access(void)
{
    void *h = NULL;

    reset();
    CHECK_EQ(try_probe(0x3010, MMU_DATA_STORE, &h), 0);
    CHECK(h == ram_ptr(0x3010));
    CHECK_EQ(try_probe(DEV_BASE, MMU_DATA_STORE, &h), 0);
    CHECK(h == NULL);
    f->cause = 0;
    CHECK_EQ(try_probe(0x50000000, MMU_DATA_STORE, &h), CAUSE_ACCESS);
    CHECK_EQ(f->badaddr, 0x50000000);
    map(0x3000, 0x3000, PAGE_READ, 0);
    tlb_flush(cs);
    CHECK_EQ(try_probe(0x3010, MMU_DATA_LOAD, &h), 0);
    CHECK_EQ(try_probe(0x3010, MMU_DATA_STORE, &h), CAUSE_PAGE);
}

static void test_code_fetch(void)
{
    uint32_t w = 0xa1b2c3d4;

    reset();
    map(0x70000, 0x70000, PAGE_READ | PAGE_EXEC, 0);
    map(0x71000, 0x90000, PAGE_READ | PAGE_EXEC, 0);
    memcpy(ram_ptr(0x70ffe), &w, 2);
    memcpy(ram_ptr(0x90000), (uint8_t *)&w + 2, 2);
    CHECK_EQ(cpu_ldl_code(cs, 0x70ffe), 0xa1b2c3d4);
    CHECK_EQ(cpu_lduw_code(cs, 0x71000), 0xa1b2);
    CHECK_EQ(get_page_addr_code(cs, 0x71234), 0x90000);
    /* Fetch from the device: access fault. */
    f->paging = false;
    f->nmap = 0;
    tlb_flush(cs);
    CHECK_EQ(get_page_addr_code(cs, DEV_BASE), (hwaddr)-1);
    if (sigsetjmp(cs->jmp_env, 0) == 0) {
        cpu_ldl_code(cs, DEV_BASE);
        CHECK(!"fetch from MMIO did not fault");
    } else {
        CHECK_EQ(f->cause, CAUSE_ACCESS);
        CHECK_EQ(f->badaddr, DEV_BASE);
    }
    cs->exception_index = EXCP_NONE;
}

/* An entry finer than a page serves one access: the next one refills. */
static void test_subpage_entry(void)
{
    reset();
    map(0x8000, 0x8000, RW, 256);
    st(0x8010, 5, MO_UL);
    CHECK_EQ(f->nfills, 1);
    CHECK_EQ(ld(0x8010, MO_UL), 5);
    CHECK_EQ(f->nfills, 2);
    CHECK_EQ(try_ld(0x8200, MO_UL, 0, NULL), CAUSE_PAGE);
}

int main(void)
{
    AccelConfig cfg = { .backend = &tcg_backend_interp, .tb_size = 1 * MiB };
    Error *err = NULL;

    if (!accel_init(&cfg, &err)) {
        printf("FAIL accel_init: %s\n", error_get_pretty(err));
        return 1;
    }
    fake_machine_init();
    f = fake_cpu_new();
    cs = &f->parent_obj;

    RUN_TEST(test_hit_miss);
    RUN_TEST(test_victim);
    RUN_TEST(test_flush);
    RUN_TEST(test_flush_by_mmuidx);
    RUN_TEST(test_huge_page_flush);
    RUN_TEST(test_huge_page_flush_precise);
    RUN_TEST(test_huge_page_victim_return);
    RUN_TEST(test_resize);
    RUN_TEST(test_split_access);
    RUN_TEST(test_alignment);
    RUN_TEST(test_endian_sign);
    RUN_TEST(test_mmio);
    RUN_TEST(test_bus_error);
    RUN_TEST(test_rom);
    RUN_TEST(test_rom_code_reload);
    RUN_TEST(test_probe_host);
    RUN_TEST(test_probe_access);
    RUN_TEST(test_code_fetch);
    RUN_TEST(test_subpage_entry);
    RUN_TEST(test_conflict_growth);      /* last: it leaves a grown table */
    HARNESS_EXIT();
}
