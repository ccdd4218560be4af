/*
 * Execution engine tests on a fake target: TB lookup, chaining and
 * unchaining, self-modifying code, cross-page TBs, precise exceptions,
 * interrupts and exit requests, code buffer overflow.  Each back end runs the
 * whole set in its own process (the code cache is per process).
 */
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/unit/harness.h"
#include "tests/unit/fake-cpu.h"

static const char *backend_name;

#define RUN(fn) do {                                                           \
        harness_failed_now = 0;                                                \
        fn();                                                                  \
        if (harness_failed_now) {                                              \
            printf("FAIL %s/%s: see checks above\n", #fn, backend_name);       \
            harness_failures++;                                                \
        } else {                                                               \
            printf("PASS %s/%s\n", #fn, backend_name);                         \
        }                                                                      \
        fflush(stdout);                                                        \
    } while (0)

static FakeCPU *cpu0;

static void reset_cpu(void)
{
    memset(cpu0->regs, 0, sizeof(cpu0->regs));
    cpu0->paging = false;
    cpu0->nmap = 0;
    cpu0->ntraps = 0;
    cpu0->cause = 0;
    cpu0->tvec = 0;
    cpu0->irq_enabled = false;
    tlb_flush(&cpu0->parent_obj);
}

static CPUStats *st(void)
{
    return &cpu0->parent_obj.stats;
}

static void test_basic(void)
{
    reset_cpu();
    put_insn(0x1000, INSN(OP_ADDI, 1, 1, 5));
    put_insn(0x1004, INSN(OP_ADDI, 1, 1, 5));
    put_insn(0x1008, INSN(OP_ADDI, 2, 1, -3));
    put_insn(0x100c, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, 0x1000), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 10);
    CHECK_EQ(cpu0->regs[2], 7);
    CHECK_EQ(cpu0->pc, 0x1010);
}

static void test_lookup_cache(void)
{
    uint64_t tbs, hits;

    reset_cpu();
    put_insn(0x1100, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x1104, INSN(OP_HALT, 0, 0, 0));
    fake_run(cpu0, 0x1100);
    tbs = st()->tbs_translated;
    hits = st()->jmp_cache_hits + st()->hash_hits;
    fake_run(cpu0, 0x1100);
    CHECK_EQ(cpu0->regs[1], 2);
    CHECK_EQ(st()->tbs_translated, tbs);
    CHECK(st()->jmp_cache_hits + st()->hash_hits > hits);
    /* After a TLB flush the jump cache is empty: the hash finds it. */
    tlb_flush(&cpu0->parent_obj);
    hits = st()->hash_hits;
    fake_run(cpu0, 0x1100);
    CHECK_EQ(st()->tbs_translated, tbs);
    CHECK_EQ(st()->hash_hits, hits + 1);
}

/* tlb_flush_page drops the jump cache entries of that page (and of TBs
   starting on the page before), not others. */
static void test_jmp_cache_flush_page(void)
{
    CPUState *cs = &cpu0->parent_obj;

    reset_cpu();
    put_insn(0x3000, INSN(OP_HALT, 0, 0, 0));
    put_insn(0x4000, INSN(OP_HALT, 0, 0, 0));
    put_insn(0x42000, INSN(OP_HALT, 0, 0, 0));        /* another page, same page bits mod 64 */
    fake_run(cpu0, 0x3000);
    fake_run(cpu0, 0x4000);
    fake_run(cpu0, 0x42000);
    CHECK(cs->tb_jmp_cache[tb_jmp_cache_hash(0x3000)] != NULL);
    CHECK(cs->tb_jmp_cache[tb_jmp_cache_hash(0x42000)] != NULL);
    tlb_flush_page(cs, 0x3000);
    CHECK(cs->tb_jmp_cache[tb_jmp_cache_hash(0x3000)] == NULL);
    CHECK(cs->tb_jmp_cache[tb_jmp_cache_hash(0x4000)] != NULL);
    CHECK(cs->tb_jmp_cache[tb_jmp_cache_hash(0x42000)] != NULL);
    tlb_flush_page(cs, 0x5000);                        /* 0x4000 may extend into it */
    CHECK(cs->tb_jmp_cache[tb_jmp_cache_hash(0x4000)] == NULL);
    tlb_flush(cs);
    CHECK(cs->tb_jmp_cache[tb_jmp_cache_hash(0x42000)] == NULL);
}

/* r1 = n; loop: r1 -= 1; r2 += 3; bne r1, r0, loop; halt */
static void put_loop(hwaddr a, int n)
{
    put_insn(a, INSN(OP_ADDI, 1, 0, n));
    put_insn(a + 4, INSN(OP_J, 0, 0, 4));                 /* new TB at loop */
    put_insn(a + 8, INSN(OP_ADDI, 1, 1, -1));
    put_insn(a + 12, INSN(OP_ADDI, 2, 2, 3));
    put_insn(a + 16, INSN(OP_BNE, 1, 0, -8));
    put_insn(a + 20, INSN(OP_HALT, 0, 0, 0));
}

static void test_chaining(void)
{
    uint64_t lookups, chains;

    reset_cpu();
    put_loop(0x1200, 1000);
    lookups = st()->tb_lookups;
    chains = st()->chains;
    CHECK_EQ(fake_run(cpu0, 0x1200), EXCP_HLT);
    CHECK_EQ(cpu0->regs[2], 3000);
    CHECK(st()->chains > chains);
    /* Chained: the loop does not come back to the execution loop. */
    CHECK(st()->tb_lookups - lookups < 10);
}

/*
 * A loop that is one TB chained to itself (the JIT keeps its loop-carried
 * registers in host registers across the back edge): many live registers,
 * RAM loads and stores (fast path), an MMIO load and store (slow path, which
 * saves registers), a helper that may write globals (rdtime) and registers
 * that are only written.  The results must be those of the plain
 * computation, and a DMA write into the code of the loop (chained to itself,
 * between two runs) must take effect.
 */
static void test_loop_tb(void)
{
    const hwaddr a = 0x1800;
    uint64_t r[16] = { 0 };

    reset_cpu();
    dev_writes = 0;
    cpu0->regs[1] = 500;                /* counter */
    cpu0->regs[6] = 0x9000;             /* RAM buffer */
    cpu0->regs[7] = DEV_BASE;
    put_insn(a + 0x00, INSN(OP_ADDI, 2, 2, 3));
    put_insn(a + 0x04, INSN(OP_ADDI, 3, 2, 7));
    put_insn(a + 0x08, INSN(OP_SHLI, 4, 3, 1));
    put_insn(a + 0x0c, INSN(OP_ST64, 4, 6, 8));
    put_insn(a + 0x10, INSN(OP_LD64, 5, 6, 8));
    put_insn(a + 0x14, INSN(OP_ADDI, 8, 5, 1));
    put_insn(a + 0x18, INSN(OP_LD32, 9, 7, 0x10));
    put_insn(a + 0x1c, INSN(OP_ST32, 8, 7, 0x20));
    put_insn(a + 0x20, INSN(OP_RDTIME, 10, 0, 0));
    put_insn(a + 0x24, INSN(OP_ADDI, 11, 11, 2));
    put_insn(a + 0x28, INSN(OP_ORI, 12, 11, 0x100));
    put_insn(a + 0x2c, INSN(OP_ADDI, 1, 1, -1));
    put_insn(a + 0x30, INSN(OP_BNE, 1, 0, -0x30));
    put_insn(a + 0x34, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, a), EXCP_HLT);
    for (int i = 0; i < 500; i++) {
        r[2] += 3;
        r[3] = r[2] + 7;
        r[4] = r[3] << 1;
        r[5] = r[4];
        r[8] = r[5] + 1;
        r[11] += 2;
        r[12] = r[11] | 0x100;
    }
    for (int i = 2; i <= 12; i++) {
        if (i != 6 && i != 7 && i != 9 && i != 10) {
            CHECK_EQ(cpu0->regs[i], r[i]);
        }
    }
    CHECK_EQ(cpu0->regs[1], 0);
    CHECK_EQ(cpu0->regs[9], 0x12345678u + 0x10);
    CHECK_EQ(dev_writes, 500);
    CHECK_EQ(dev_last_write_val, r[8] & 0xffffffffu);
    CHECK_EQ(*(uint64_t *)ram_ptr(0x9008), r[4]);
    CHECK_EQ(cpu0->pc, a + 0x38);

    /* A DMA write replaces the first insn of the loop, chained to itself. */
    reset_cpu();
    cpu0->regs[1] = 10;
    cpu0->regs[6] = 0x9000;
    cpu0->regs[7] = DEV_BASE;
    CHECK_EQ(fake_run(cpu0, a), EXCP_HLT);
    CHECK_EQ(cpu0->regs[2], 30);
    {
        uint32_t insn = INSN(OP_ADDI, 2, 2, 5);
        address_space_write(&fake_as, a, &insn, 4);
    }
    cpu0->regs[1] = 10;
    CHECK_EQ(fake_run(cpu0, a), EXCP_HLT);
    CHECK_EQ(cpu0->regs[2], 80);
}

static void test_nochain(void)
{
    uint64_t lookups;

    reset_cpu();
    put_loop(0x1300, 100);
    log_mask |= LOG_NOCHAIN;
    lookups = st()->tb_lookups;
    CHECK_EQ(fake_run(cpu0, 0x1300), EXCP_HLT);
    log_mask &= ~LOG_NOCHAIN;
    CHECK_EQ(cpu0->regs[2], 300);
    CHECK(st()->tb_lookups - lookups >= 100);
}

static void test_unchain_on_dma_write(void)
{
    uint32_t insn = INSN(OP_ADDI, 2, 2, 5);
    uint64_t unchains;

    reset_cpu();
    put_loop(0x1400, 10);
    fake_run(cpu0, 0x1400);
    CHECK_EQ(cpu0->regs[2], 30);
    /* The loop body TB is chained to itself; a DMA write replaces an insn. */
    unchains = st()->unchains;
    CHECK(tb_page_has_code(0x1000));
    address_space_write(&fake_as, 0x1400 + 12, &insn, 4);
    CHECK(st()->unchains > unchains);
    cpu0->regs[2] = 0;
    fake_run(cpu0, 0x1400);
    CHECK_EQ(cpu0->regs[2], 50);
}

/* A store into a TB that is already translated and chained, not running. */
static void test_smc_other_tb(void)
{
    hwaddr a = 0x1500;

    reset_cpu();
    cpu0->regs[6] = 2;
    cpu0->regs[2] = a + 8;
    cpu0->regs[3] = INSN(OP_ADDI, 1, 1, 100);
    put_insn(a + 0, INSN(OP_ADDI, 6, 6, -1));
    put_insn(a + 4, INSN(OP_J, 0, 0, 4));
    put_insn(a + 8, INSN(OP_ADDI, 1, 1, 1));          /* B: to be replaced */
    put_insn(a + 12, INSN(OP_BNE, 6, 0, 8));
    put_insn(a + 16, INSN(OP_HALT, 0, 0, 0));
    put_insn(a + 20, INSN(OP_ST32, 3, 2, 0));         /* S: patch B */
    put_insn(a + 24, INSN(OP_J, 0, 0, -24));
    CHECK_EQ(fake_run(cpu0, a), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 101);
}

/* A store into the rest of the running TB must not let stale code run on. */
static void test_smc_current_tb(void)
{
    hwaddr a = 0x1600;
    uint64_t inval = st()->smc_invalidations;

    reset_cpu();
    cpu0->regs[2] = a + 8;
    cpu0->regs[3] = INSN(OP_ADDI, 1, 1, 100);
    put_insn(a + 0, INSN(OP_ST32, 3, 2, 0));
    put_insn(a + 4, INSN(OP_ADDI, 7, 7, 1));
    put_insn(a + 8, INSN(OP_ADDI, 1, 1, 1));          /* overwritten before it runs */
    put_insn(a + 12, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, a), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 100);
    CHECK_EQ(cpu0->regs[7], 1);
    CHECK(st()->smc_invalidations > inval);
    /* Run again: the new code is what gets translated. */
    fake_run(cpu0, a);
    CHECK_EQ(cpu0->regs[1], 200);
    CHECK_EQ(cpu0->regs[7], 2);
}

/* A store overwriting its own instruction word. */
static void test_smc_self(void)
{
    hwaddr a = 0x1700;

    reset_cpu();
    cpu0->regs[2] = a;
    cpu0->regs[3] = INSN(OP_ADDI, 1, 1, 7);
    put_insn(a + 0, INSN(OP_ST32, 3, 2, 0));
    put_insn(a + 4, INSN(OP_ADDI, 1, 1, 1));
    put_insn(a + 8, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, a), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 1);
    fake_run(cpu0, a);
    CHECK_EQ(cpu0->regs[1], 9);
}

/* A guest store via the TLB (not DMA) into code on a page of another TB. */
static void test_notdirty_flag(void)
{
    CPUState *cs = &cpu0->parent_obj;
    CPUTLBEntry *e;

    reset_cpu();
    put_insn(0x5000, INSN(OP_HALT, 0, 0, 0));
    /* A write entry for the page exists before the page becomes code. */
    cpu_st_mmu(cs, 0x5100, 0x11, make_memop_idx(MO_UL, 0), 0);
    e = &cs->tlb_fast[0].table[(0x5000 >> 12) & (cs->tlb_fast[0].mask >> CPU_TLB_ENTRY_BITS)];
    CHECK_EQ(e->addr_write, 0x5000);
    fake_run(cpu0, 0x5000);
    CHECK(tb_page_has_code(0x5000));
    CHECK_EQ(e->addr_write, 0x5000 | TLB_NOTDIRTY);
    /* A data store next to the code leaves the code alone... */
    cpu_st_mmu(cs, 0x5100, 0x22, make_memop_idx(MO_UL, 0), 0);
    CHECK(tb_page_has_code(0x5000));
    /* ...one onto it removes it, and the page is dirty again. */
    cpu_st_mmu(cs, 0x5000, INSN(OP_HALT, 0, 0, 0), make_memop_idx(MO_UL, 0), 0);
    CHECK(!tb_page_has_code(0x5000));
    CHECK_EQ(e->addr_write, 0x5000);
}

static void test_cross_page(void)
{
    hwaddr a = 0x6ffe;
    uint16_t imm5 = 5;
    TranslationBlock *tb;
    uint32_t w = INSN(OP_ADDI, 1, 1, 1);

    reset_cpu();
    put_insn(0x6000, INSN(OP_J, 0, 0, (int)(a - 0x6000)));
    memcpy(ram_ptr(a), &w, 4);                        /* straddles 0x7000 */
    put_insn(0x7002, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, 0x6000), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 1);
    tb = tb_htable_lookup(a, a, 0, curr_cflags(&cpu0->parent_obj), &cpu0->parent_obj);
    CHECK(tb != NULL);
    if (tb) {
        CHECK_EQ(tb->page_addr[0], 0x6000);
        CHECK_EQ(tb->page_addr[1], 0x7000);
        CHECK_EQ(tb->icount, 1);
        CHECK_EQ(tb->size, 4);
    }
    /* Run twice: the jump into the cross-page TB is never chained. */
    fake_run(cpu0, 0x6000);
    tb = tb_htable_lookup(0x6000, 0x6000, 0, curr_cflags(&cpu0->parent_obj),
                          &cpu0->parent_obj);
    CHECK(tb && tb->jmp_dest[0] == NULL);
    /* Writing the half on the second page invalidates it. */
    address_space_write(&fake_as, 0x7000, &imm5, 2);
    fake_run(cpu0, 0x6000);
    CHECK_EQ(cpu0->regs[1], 7);
}

/* A later insn that would cross the page end starts the next TB. */
static void test_cross_page_later_insn(void)
{
    uint32_t w = INSN(OP_ADDI, 1, 1, 100);
    TranslationBlock *tb;

    reset_cpu();
    put_insn(0x7ff6, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x7ffa, INSN(OP_ADDI, 1, 1, 10));
    memcpy(ram_ptr(0x7ffe), &w, 4);
    tb_invalidate_phys_range(0x7ffe, 0x8002);
    put_insn(0x8002, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, 0x7ff6), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 111);
    tb = tb_htable_lookup(0x7ff6, 0x7ff6, 0, curr_cflags(&cpu0->parent_obj),
                          &cpu0->parent_obj);
    CHECK(tb != NULL);
    if (tb) {
        CHECK_EQ(tb->icount, 2);
        CHECK_EQ(tb->size, 8);
        CHECK_EQ(tb->page_addr[1], (hwaddr)-1);
    }
    tb = tb_htable_lookup(0x7ffe, 0x7ffe, 0, curr_cflags(&cpu0->parent_obj),
                          &cpu0->parent_obj);
    CHECK(tb && tb->page_addr[1] == 0x8000);
}

/* A huge page is remapped and flushed through another of its pages (an
   sfence.vma of any address of a superpage drops all of it): a TB cached
   for the old mapping must not run. */
static void test_huge_page_remap(void)
{
    uint32_t w1 = INSN(OP_ADDI, 1, 1, 1), w2 = INSN(OP_ADDI, 1, 1, 40);

    reset_cpu();
    cpu0->paging = true;
    cpu0->map[0] = (FakeMap){ 0x40000000, 0x0, PAGE_READ | PAGE_EXEC, 2 * MiB };
    cpu0->nmap = 1;
    put_insn(0x80000, w1);
    put_insn(0x80004, INSN(OP_HALT, 0, 0, 0));
    put_insn(0x90000, w2);
    put_insn(0x90004, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, 0x40080000), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 1);
    cpu0->map[0].ppage = 0x10000;
    tlb_flush_page(&cpu0->parent_obj, 0x40100000);
    CHECK_EQ(fake_run(cpu0, 0x40080000), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 41);
}

/* With paging: the second page of a cross-page TB is remapped. */
static void test_cross_page_remap(void)
{
    uint32_t w1 = INSN(OP_ADDI, 1, 1, 1), w2 = INSN(OP_ADDI, 1, 1, 40);

    reset_cpu();
    cpu0->paging = true;
    cpu0->map[0] = (FakeMap){ 0x40000, 0x8000, PAGE_READ | PAGE_EXEC, 0 };
    cpu0->map[1] = (FakeMap){ 0x41000, 0x9000, PAGE_READ | PAGE_EXEC, 0 };
    cpu0->nmap = 2;
    memcpy(ram_ptr(0x8ffe), &w1, 2);
    memcpy(ram_ptr(0x9000), (uint8_t *)&w1 + 2, 2);
    put_insn(0x9002, INSN(OP_HALT, 0, 0, 0));
    memcpy(ram_ptr(0xa000), (uint8_t *)&w2 + 2, 2);
    put_insn(0xa002, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, 0x40ffe), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 1);
    cpu0->map[1].ppage = 0xa000;
    tlb_flush(&cpu0->parent_obj);
    CHECK_EQ(fake_run(cpu0, 0x40ffe), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 41);
}

/* A fault in the middle of a TB is reported at the faulting insn. */
static void test_precise_exception(void)
{
    hwaddr a = 0x2000;

    reset_cpu();
    cpu0->tvec = 0x2100;
    put_insn(0x2100, INSN(OP_HALT, 0, 0, 0));
    cpu0->regs[5] = 0x50000000;                     /* unmapped */
    put_insn(a + 0, INSN(OP_ADDI, 1, 1, 1));
    put_insn(a + 4, INSN(OP_ADDI, 1, 1, 1));
    put_insn(a + 8, INSN(OP_LD32, 2, 5, 0x10));
    put_insn(a + 12, INSN(OP_ADDI, 1, 1, 1));
    put_insn(a + 16, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, a), EXCP_HLT);
    CHECK_EQ(cpu0->ntraps, 1);
    CHECK_EQ(cpu0->cause, CAUSE_ACCESS);
    CHECK_EQ(cpu0->badaddr, 0x50000010);
    CHECK_EQ(cpu0->epc, a + 8);
    CHECK_EQ(cpu0->regs[1], 2);
    CHECK_EQ(cpu0->pc, 0x2104);

    /* Misaligned MO_ALIGN load, third insn of the TB. */
    reset_cpu();
    cpu0->tvec = 0x2100;
    cpu0->regs[5] = 0x3001;
    put_insn(a + 8, INSN(OP_LD32A, 2, 5, 0));
    tb_flush(&cpu0->parent_obj);
    fake_run(cpu0, a);
    CHECK_EQ(cpu0->cause, CAUSE_MISALIGNED);
    CHECK_EQ(cpu0->epc, a + 8);
    CHECK_EQ(cpu0->badaddr, 0x3001);

    /* Page fault on a store with paging on. */
    reset_cpu();
    cpu0->paging = true;
    cpu0->map[0] = (FakeMap){ 0x2000, 0x2000, PAGE_READ | PAGE_EXEC, 0 };
    cpu0->nmap = 1;
    cpu0->tvec = 0x2100;
    cpu0->regs[5] = 0x2000;
    put_insn(a + 8, INSN(OP_ST32, 1, 5, 0x40));
    fake_run(cpu0, a);
    CHECK_EQ(cpu0->cause, CAUSE_PAGE);
    CHECK_EQ(cpu0->epc, a + 8);
    CHECK_EQ(cpu0->badaddr, 0x2040);
}

/* Executing from I/O or from nowhere is an instruction access fault. */
static void test_fetch_fault(void)
{
    reset_cpu();
    cpu0->tvec = 0x2100;
    put_insn(0x2100, INSN(OP_HALT, 0, 0, 0));
    cpu0->regs[4] = DEV_BASE;
    put_insn(0x2204, INSN(OP_JR, 0, 4, 0));
    CHECK_EQ(fake_run(cpu0, 0x60000000), EXCP_HLT);
    CHECK_EQ(cpu0->cause, CAUSE_ACCESS);
    CHECK_EQ(cpu0->epc, 0x60000000);
    CHECK_EQ(fake_run(cpu0, 0x2204), EXCP_HLT);
    CHECK_EQ(cpu0->cause, CAUSE_ACCESS);
    CHECK_EQ(cpu0->epc, DEV_BASE);
    CHECK_EQ(cpu0->ntraps, 2);
}

static void test_indirect_jump(void)
{
    hwaddr a = 0x2400;

    reset_cpu();
    /* r1 counts; jr through r4 back to the loop head 50 times. */
    cpu0->regs[4] = a + 4;
    put_insn(a + 0, INSN(OP_ADDI, 1, 0, 50));
    put_insn(a + 4, INSN(OP_ADDI, 1, 1, -1));
    put_insn(a + 8, INSN(OP_ADDI, 2, 2, 2));
    put_insn(a + 12, INSN(OP_BNE, 1, 0, 8));
    put_insn(a + 16, INSN(OP_HALT, 0, 0, 0));
    put_insn(a + 20, INSN(OP_JR, 0, 4, 0));
    CHECK_EQ(fake_run(cpu0, a), EXCP_HLT);
    CHECK_EQ(cpu0->regs[2], 100);
    CHECK_EQ(cpu0->regs[1], 0);
}

static void test_exit_request(void)
{
    CPUState *cs = &cpu0->parent_obj;

    reset_cpu();
    put_insn(0x2500, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x2504, INSN(OP_HALT, 0, 0, 0));
    /* A request made while not running is stale: it does not stop the run. */
    cpu_exit(cs);
    CHECK_EQ(fake_run(cpu0, 0x2500), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 1);
    CHECK_EQ(cs->exit_request, 0);
    /* One made during the run (a device the CPU writes to) stops it at the
       next TB entry. */
    dev_exit_cpu = cs;
    cpu0->regs[5] = DEV_BASE;
    put_insn(0x2510, INSN(OP_ST32, 0, 5, 0x800));
    put_insn(0x2514, INSN(OP_J, 0, 0, 4));
    put_insn(0x2518, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x251c, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, 0x2510), EXCP_INTERRUPT);
    CHECK_EQ(cpu0->pc, 0x2518);
    CHECK_EQ(cpu0->regs[1], 1);
    CHECK_EQ(cpu_exec(cs), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 2);
    dev_exit_cpu = NULL;
}

/* The main loop's kick between two runs stops the next run at once; one
   during a run stops it; neither leaves anything behind. */
static void test_exit_current(void)
{
    CPUState *cs = &cpu0->parent_obj;

    reset_cpu();
    put_insn(0x2580, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x2584, INSN(OP_HALT, 0, 0, 0));
    cpu_exit_current();
    CHECK_EQ(fake_run(cpu0, 0x2580), EXCP_INTERRUPT);
    CHECK_EQ(cpu0->regs[1], 0);
    CHECK_EQ(cpu_exec(cs), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 1);
}

static FakeCPU *alarm_cpu;
static void on_alarm(int sig)
{
    if (alarm_cpu) {
        cpu_exit(&alarm_cpu->parent_obj);
    } else {
        cpu_exit_current();
    }
}

/* An endless chained loop still leaves on exit_request (the TB entry check). */
static void test_exit_from_chained_loop(void)
{
    struct itimerval it = { { 0, 0 }, { 0, 50000 } };

    reset_cpu();
    put_insn(0x2600, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x2604, INSN(OP_J, 0, 0, -4));
    alarm_cpu = NULL;                   /* the main loop's way */
    signal(SIGALRM, on_alarm);
    setitimer(ITIMER_REAL, &it, NULL);
    CHECK_EQ(fake_run(cpu0, 0x2600), EXCP_INTERRUPT);
    CHECK(cpu0->regs[1] > 1000);
    CHECK(cpu0->pc == 0x2600);
    signal(SIGALRM, SIG_DFL);
}

/* Leaving at the entry of a TB reached by a chained jump: the pc is that
   TB's (a chained goto_tb skips the pc store of the unchained exit). */
static void test_exit_pc_after_chain(void)
{
    struct itimerval it = { { 0, 0 }, { 0, 20000 } };

    reset_cpu();
    put_insn(0x2680, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x2684, INSN(OP_J, 0, 0, 0x40));
    put_insn(0x26c4, INSN(OP_ADDI, 2, 2, 1));
    put_insn(0x26c8, INSN(OP_J, 0, 0, -0x48));
    alarm_cpu = cpu0;
    signal(SIGALRM, on_alarm);
    cpu0->pc = 0x2680;
    for (int i = 0; i < 6; i++) {
        setitimer(ITIMER_REAL, &it, NULL);
        CHECK_EQ(cpu_exec(&cpu0->parent_obj), EXCP_INTERRUPT);
        if (cpu0->pc == 0x2680) {
            CHECK_EQ(cpu0->regs[1], cpu0->regs[2]);
        } else {
            CHECK_EQ(cpu0->pc, 0x26c4);
            CHECK_EQ(cpu0->regs[1], cpu0->regs[2] + 1);
        }
    }
    CHECK(cpu0->regs[2] > 1000);
    signal(SIGALRM, SIG_DFL);
}

static void test_interrupt(void)
{
    CPUState *cs = &cpu0->parent_obj;

    reset_cpu();
    cpu0->tvec = 0x2700;
    put_insn(0x2700, INSN(OP_HALT, 0, 0, 0));
    put_insn(0x2800, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x2804, INSN(OP_HALT, 0, 0, 0));
    /* Masked: the request stays, the CPU runs on. */
    cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    CHECK_EQ(fake_run(cpu0, 0x2800), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 1);
    CHECK_EQ(cpu0->ntraps, 0);
    /* Enabled: taken before the first TB. */
    cpu0->irq_enabled = true;
    cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    CHECK_EQ(fake_run(cpu0, 0x2800), EXCP_HLT);
    CHECK_EQ(cpu0->ntraps, 1);
    CHECK_EQ(cpu0->cause, CAUSE_IRQ);
    CHECK_EQ(cpu0->epc, 0x2800);
    CHECK_EQ(cpu0->pc, 0x2704);
    CHECK_EQ(cpu0->regs[1], 1);
    /* Raised while running (by a device): taken at the next TB boundary. */
    dev_irq_cpu = cs;
    cpu0->regs[5] = DEV_BASE;
    put_insn(0x2900 - 0x80, INSN(OP_ST32, 0, 5, 0x808));
    put_insn(0x2904 - 0x80, INSN(OP_J, 0, 0, 4));
    put_insn(0x2908 - 0x80, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x290c - 0x80, INSN(OP_HALT, 0, 0, 0));
    fake_run(cpu0, 0x2880);
    CHECK_EQ(cpu0->ntraps, 2);
    CHECK_EQ(cpu0->epc, 0x2888);
    CHECK_EQ(cpu0->regs[1], 1);
    dev_irq_cpu = NULL;
    /* Halted with no work stays halted; work wakes it. */
    cs->halted = true;
    CHECK_EQ(cpu_exec(cs), EXCP_HLT);
    cpu0->irq_enabled = false;
    cs->interrupt_request |= CPU_INTERRUPT_HARD;
    cpu0->pc = 0x2800;
    CHECK_EQ(cpu_exec(cs), EXCP_HLT);
    CHECK_EQ(cpu0->pc, 0x2808);
    cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
}

static void test_cflags_next_tb(void)
{
    CPUState *cs = &cpu0->parent_obj;
    uint64_t insns;
    TranslationBlock *tb;

    reset_cpu();
    put_insn(0x2900, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x2904, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x2908, INSN(OP_HALT, 0, 0, 0));
    cs->cflags_next_tb = 1 | curr_cflags(cs);
    insns = st()->tb_guest_insns;
    CHECK_EQ(fake_run(cpu0, 0x2900), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 2);
    CHECK_EQ(cs->cflags_next_tb, (uint32_t)-1);
    tb = tb_htable_lookup(0x2900, 0x2900, 0, 1 | curr_cflags(cs), cs);
    CHECK(tb && tb->icount == 1);
    CHECK(st()->tb_guest_insns - insns >= 3);
}

/* MMIO loads/stores from generated code go to the device. */
static void test_mmio_exec(void)
{
    reset_cpu();
    cpu0->regs[5] = DEV_BASE;
    cpu0->regs[6] = 0xabcd;
    put_insn(0x2a00, INSN(OP_LD32, 1, 5, 0x10));
    put_insn(0x2a04, INSN(OP_ST32, 6, 5, 0x20));
    put_insn(0x2a08, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, 0x2a00), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 0x12345678 + 0x10);
    CHECK_EQ(dev_last_write_off, 0x20);
    CHECK_EQ(dev_last_write_val, 0xabcd);
    CHECK_EQ(dev_last_write_size, 4);
}

/* Loads and stores through the inline fast path and across pages. */
static void test_ldst_exec(void)
{
    reset_cpu();
    cpu0->regs[5] = 0x30ffc;                         /* 8 bytes across a page */
    cpu0->regs[6] = 0x1122334455667788ull;
    cpu0->regs[7] = 0x31000;
    put_insn(0x2b00, INSN(OP_ST64, 6, 5, 0));
    put_insn(0x2b04, INSN(OP_LD64, 1, 5, 0));
    put_insn(0x2b08, INSN(OP_LD32, 2, 7, 0));
    put_insn(0x2b0c, INSN(OP_ST8, 6, 7, 8));
    put_insn(0x2b10, INSN(OP_LD64, 3, 7, 8));
    put_insn(0x2b14, INSN(OP_HALT, 0, 0, 0));
    memset(ram_ptr(0x31008), 0xee, 8);
    CHECK_EQ(fake_run(cpu0, 0x2b00), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 0x1122334455667788ull);
    CHECK_EQ(cpu0->regs[2], 0x11223344);
    CHECK_EQ(cpu0->regs[3], 0xeeeeeeeeeeeeee88ull);
}

/* Many distinct TBs in a small buffer: flushes happen, results stay right. */
static void test_codebuf_overflow(void)
{
    hwaddr base = 0x40000;
    int n = 20000;              /* > 1 MiB of code on both back ends */
    uint64_t flushes = st()->flushes;

    reset_cpu();
    /* n blocks of "addi r1, 1; j next", then halt. */
    for (int i = 0; i < n; i++) {
        put_insn(base + 8 * i, INSN(OP_ADDI, 1, 1, 1));
        put_insn(base + 8 * i + 4, INSN(OP_J, 0, 0, 4));
    }
    put_insn(base + 8 * n, INSN(OP_HALT, 0, 0, 0));
    log_mask |= LOG_NOCHAIN;     /* one TB per block: more code */
    CHECK_EQ(fake_run(cpu0, base), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], n);
    CHECK_EQ(fake_run(cpu0, base), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 2 * n);
    log_mask &= ~LOG_NOCHAIN;
    CHECK(st()->flushes > flushes);
    /* And chained, across flushes. */
    CHECK_EQ(fake_run(cpu0, base), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1], 3 * n);
}

/* tb_flush from a helper defers until the TB returns. */
static void test_flush_deferred(void)
{
    uint64_t flushes = st()->flushes;

    reset_cpu();
    tb_ctx.in_exec = true;      /* as if called from generated code */
    tb_flush(&cpu0->parent_obj);
    tb_ctx.in_exec = false;
    CHECK(tb_ctx.flush_pending);
    CHECK_EQ(st()->flushes, flushes);
    put_insn(0x2c00, INSN(OP_HALT, 0, 0, 0));
    CHECK_EQ(fake_run(cpu0, 0x2c00), EXCP_HLT);
    CHECK(!tb_ctx.flush_pending);
    CHECK_EQ(st()->flushes, flushes + 1);
}

static void test_illegal(void)
{
    reset_cpu();
    cpu0->tvec = 0x2d00;
    put_insn(0x2d00, INSN(OP_HALT, 0, 0, 0));
    put_insn(0x2e00, INSN(OP_ADDI, 1, 1, 1));
    put_insn(0x2e04, 0xff);
    CHECK_EQ(fake_run(cpu0, 0x2e00), EXCP_HLT);
    CHECK_EQ(cpu0->cause, CAUSE_ILLEGAL);
    CHECK_EQ(cpu0->epc, 0x2e04);
    CHECK_EQ(cpu0->regs[1], 1);
}

static void icount_timer_cb(void *opaque)
{
    (*(int *)opaque)++;
}

/* -icount: virtual time is the count of executed insns, exactly. */
static void test_icount(void)
{
    int64_t t0;
    int fired = 0;
    Timer *t = timer_new(icount_timer_cb, &fired);

    reset_cpu();
    clock_set_icount(0);
    put_loop(0x2f00, 100);
    t0 = clock_get_ns();
    CHECK_EQ(fake_run(cpu0, 0x2f00), EXCP_HLT);
    CHECK_EQ(cpu0->regs[2], 300);
    /* addi+j, 100 x (addi, addi, bne), halt */
    CHECK_EQ(clock_get_ns() - t0, 2 + 300 + 1);
    /* A deadline stops the vCPU at the first TB boundary past it. */
    t0 = clock_get_ns();
    timer_mod(t, t0 + 50);
    CHECK_EQ(fake_run(cpu0, 0x2f00), EXCP_INTERRUPT);
    CHECK_EQ(clock_get_ns() - t0, 53);         /* 2 + 3 * 16 = 50, one TB more */
    CHECK(timers_run_expired());
    CHECK_EQ(fired, 1);
    /* Resumes where it stopped, and the total is the same. */
    CHECK_EQ(cpu_exec(&cpu0->parent_obj), EXCP_HLT);
    CHECK_EQ(clock_get_ns() - t0, 303);
    /* A clock read mid-TB sees the insns before it. */
    put_insn(0x2f80, INSN(OP_RDTIME, 1, 0, 0));
    for (int i = 1; i <= 5; i++) {
        put_insn(0x2f80 + 4 * i, INSN(OP_ADDI, 3, 3, 1));
    }
    put_insn(0x2f98, INSN(OP_RDTIME, 2, 0, 0));
    put_insn(0x2f9c, INSN(OP_HALT, 0, 0, 0));
    t0 = clock_get_ns();
    CHECK_EQ(fake_run(cpu0, 0x2f80), EXCP_HLT);
    CHECK_EQ(cpu0->regs[1] - (uint64_t)t0, 0);
    CHECK_EQ(cpu0->regs[2] - cpu0->regs[1], 6);
    CHECK_EQ(clock_get_ns() - t0, 8);
    clock_set_icount(-1);
    timer_free(t);
}

static int run_backend(const TCGBackend *be, size_t tb_size)
{
    AccelConfig cfg = { .backend = be, .tb_size = tb_size };
    Error *err = NULL;

    backend_name = be->name;
    if (!accel_init(&cfg, &err)) {
        printf("FAIL accel_init/%s: %s\n", be->name, error_get_pretty(err));
        return 1;
    }
    fake_machine_init();
    cpu0 = fake_cpu_new();

    RUN(test_basic);
    RUN(test_lookup_cache);
    RUN(test_jmp_cache_flush_page);
    RUN(test_chaining);
    RUN(test_nochain);
    RUN(test_unchain_on_dma_write);
    RUN(test_smc_other_tb);
    RUN(test_smc_current_tb);
    RUN(test_smc_self);
    RUN(test_notdirty_flag);
    RUN(test_cross_page);
    RUN(test_cross_page_later_insn);
    RUN(test_cross_page_remap);
    RUN(test_precise_exception);
    RUN(test_fetch_fault);
    RUN(test_indirect_jump);
    RUN(test_exit_request);
    RUN(test_exit_current);
    RUN(test_exit_from_chained_loop);
    RUN(test_exit_pc_after_chain);
    RUN(test_interrupt);
    RUN(test_cflags_next_tb);
    RUN(test_mmio_exec);
    RUN(test_ldst_exec);
    RUN(test_codebuf_overflow);
    RUN(test_flush_deferred);
    RUN(test_illegal);
    RUN(test_icount);
    RUN(test_loop_tb);
    RUN(test_huge_page_remap);
    if (getenv("VIREO_TEST_STATS")) {
        accel_dump_stats(&cpu0->parent_obj, stdout);
        fflush(stdout);
    }
    return harness_failures ? 1 : 0;
}

static int run_in_child(const TCGBackend *be)
{
    pid_t pid;
    int status;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        _exit(run_backend(be, 1 * MiB));
    }
    if (pid < 0 || waitpid(pid, &status, 0) < 0) {
        printf("FAIL fork/%s\n", be->name);
        return 1;
    }
    if (!WIFEXITED(status)) {
        printf("FAIL %s: test process died (signal %d)\n", be->name,
               WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        return 1;
    }
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    int fails = 0;
    const char *only = argc > 1 ? argv[1] : NULL;

    if (!only || !strcmp(only, "interp")) {
        fails += run_in_child(&tcg_backend_interp);
    }
    if (!only || !strcmp(only, "jit")) {
        fails += run_in_child(&tcg_backend_jit);
    }
    return fails ? 1 : 0;
}
