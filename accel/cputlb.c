/*
 * The softmmu: per-CPU, per-MMU-index TLBs that map guest virtual pages to
 * host RAM (or flag them for the slow path: MMIO, ROM writes, code pages),
 * the victim TLB, dynamic resizing, flushes, and the slow-path accessors used
 * by generated code and C helpers.
 */
#include "accel/tb-internal.h"
#include "util/log.h"

#define TLB_MIN_BITS 8
#define TLB_MAX_BITS 13
#define TLB_WINDOW_NS (100 * 1000 * 1000)

static inline size_t tlb_n_entries(const CPUTLBDescFast *f)
{
    return (f->mask >> CPU_TLB_ENTRY_BITS) + 1;
}

static inline uintptr_t tlb_index(CPUState *cpu, int mmu_idx, vaddr addr)
{
    return (addr >> TARGET_PAGE_BITS) & (cpu->tlb_fast[mmu_idx].mask >> CPU_TLB_ENTRY_BITS);
}

static inline CPUTLBEntry *tlb_entry(CPUState *cpu, int mmu_idx, vaddr addr)
{
    return &cpu->tlb_fast[mmu_idx].table[tlb_index(cpu, mmu_idx, addr)];
}

static inline uint64_t tlb_field(const CPUTLBEntry *e, MMUAccessType type)
{
    return type == MMU_DATA_LOAD ? e->addr_read
         : type == MMU_DATA_STORE ? e->addr_write : e->addr_code;
}

/* Whether field allows an access to page (flags other than INVALID allowed). */
static inline bool tlb_hit(uint64_t field, vaddr page)
{
    return (field & (TARGET_PAGE_MASK | TLB_INVALID_MASK)) == page;
}

static inline bool tlb_entry_is_empty(const CPUTLBEntry *e)
{
    return e->addr_read == (uint64_t)-1 && e->addr_write == (uint64_t)-1 &&
           e->addr_code == (uint64_t)-1;
}

static bool tlb_hit_page_anyprot(const CPUTLBEntry *e, vaddr page)
{
    return tlb_hit(e->addr_read, page) || tlb_hit(e->addr_write, page) ||
           tlb_hit(e->addr_code, page);
}

/* Table slot idx now holds an entry: list it if it came from a huge page
   (by a fill, or back from the victim TLB). */
static void tlb_note_large(CPUTLBDesc *d, uintptr_t idx)
{
    if (d->full[idx].lg_page_size <= TARGET_PAGE_BITS || d->large_overflow) {
        return;
    }
    if (d->n_large < TLB_LARGE_SLOTS) {
        d->large_slot[d->n_large++] = (uint32_t)idx;
    } else {
        d->large_overflow = true;
    }
}

/* What describes the table's entries: nothing once it has been emptied. */
static void tlb_table_emptied(CPUTLBDesc *d)
{
    d->n_vhits = 0;
    d->n_large = 0;
    d->large_overflow = false;
}

static void tlb_alloc_table(CPUState *cpu, int mmu_idx, size_t n)
{
    CPUTLBDescFast *f = &cpu->tlb_fast[mmu_idx];
    CPUTLBDesc *d = &cpu->tlb_desc[mmu_idx];

    free(f->table);
    free(d->full);
    f->table = xmalloc(n * sizeof(CPUTLBEntry));
    d->full = XNEWV(CPUTLBEntryFull, n);
    f->mask = (n - 1) << CPU_TLB_ENTRY_BITS;
    memset(f->table, 0xff, n * sizeof(CPUTLBEntry));
    tlb_table_emptied(d);
}

static void tlb_window_reset(CPUTLBDesc *d, int64_t now, size_t max_used)
{
    d->window_begin_ns = now;
    d->window_max_used = max_used;
}

void tlb_init(CPUState *cpu)
{
    int64_t now;

    /* Called on every slow path: the common case must stay cheap. */
    if (likely(cpu->tlb_fast[NB_MMU_MODES - 1].table != NULL)) {
        return;
    }
    now = host_clock_ns();
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &cpu->tlb_desc[i];
        if (cpu->tlb_fast[i].table) {
            continue;
        }
        tlb_alloc_table(cpu, i, 1u << TLB_MIN_BITS);
        memset(d->vtable, 0xff, sizeof(d->vtable));
        d->n_used = 0;
        d->vindex = 0;
        d->large_page_addr = (vaddr)-1;
        d->large_page_mask = (vaddr)-1;
        tlb_window_reset(d, now, 0);
    }
}

void tlb_destroy(CPUState *cpu)
{
    for (int i = 0; i < NB_MMU_MODES; i++) {
        free(cpu->tlb_fast[i].table);
        free(cpu->tlb_desc[i].full);
        cpu->tlb_fast[i].table = NULL;
        cpu->tlb_desc[i].full = NULL;
    }
}

/*
 * Resize at flush time from the use seen over a window (100 ms): grow when more
 * than 70% of the entries were used, shrink when under 30% for a whole window
 * (to the smallest power of 2 that keeps the rate under 70%).
 */
static void tlb_mmu_resize(CPUState *cpu, int mmu_idx, int64_t now)
{
    CPUTLBDesc *d = &cpu->tlb_desc[mmu_idx];
    size_t size = tlb_n_entries(&cpu->tlb_fast[mmu_idx]);
    size_t new_size = size;
    bool expired = now - d->window_begin_ns > TLB_WINDOW_NS;
    size_t rate;

    d->window_max_used = MAX(d->window_max_used, d->n_used);
    rate = d->window_max_used * 100 / size;
    if (rate > 70 && size < (1u << TLB_MAX_BITS)) {
        new_size = size * 2;
    } else if (rate < 30 && expired) {
        size_t ceil = 1u << TLB_MIN_BITS;
        while (ceil < d->window_max_used) {
            ceil *= 2;
        }
        if (d->window_max_used * 100 / ceil > 70) {
            ceil *= 2;
        }
        new_size = MIN(MAX(ceil, (size_t)1 << TLB_MIN_BITS), size);
    }
    if (new_size == size) {
        if (expired) {
            tlb_window_reset(d, now, d->n_used);
        }
        return;
    }
    tlb_alloc_table(cpu, mmu_idx, new_size);
    tlb_window_reset(d, now, 0);
    cpu->stats.tlb_resizes++;
}

static void tlb_flush_one(CPUState *cpu, int mmu_idx, int64_t now)
{
    CPUTLBDesc *d = &cpu->tlb_desc[mmu_idx];

    tlb_mmu_resize(cpu, mmu_idx, now);
    memset(cpu->tlb_fast[mmu_idx].table, 0xff,
           tlb_n_entries(&cpu->tlb_fast[mmu_idx]) * sizeof(CPUTLBEntry));
    memset(d->vtable, 0xff, sizeof(d->vtable));
    d->n_used = 0;
    d->n_fills = 0;
    d->large_page_addr = (vaddr)-1;
    d->large_page_mask = (vaddr)-1;
    tlb_table_emptied(d);
}

/* Double the table now (not at a flush); it starts empty. */
static void tlb_grow(CPUState *cpu, int mmu_idx, size_t size)
{
    CPUTLBDesc *d = &cpu->tlb_desc[mmu_idx];

    tlb_alloc_table(cpu, mmu_idx, size * 2);
    d->n_used = 0;
    d->n_fills = 0;
    tlb_window_reset(d, host_clock_ns(), 0);
    cpu->stats.tlb_resizes++;
}

/*
 * Growing only at flush time (as QEMU does) never helps code that does not
 * flush, e.g. M-mode or a kernel with a large working set between context
 * switches.  When fills since the last flush exceed twice the table size and
 * most entries are in use, the table is thrashing: double it now.
 */
static void tlb_grow_if_thrashing(CPUState *cpu, int mmu_idx)
{
    CPUTLBDesc *d = &cpu->tlb_desc[mmu_idx];
    size_t size = tlb_n_entries(&cpu->tlb_fast[mmu_idx]);

    if (++d->n_fills > 2 * size && size < (1u << TLB_MAX_BITS) &&
        d->n_used * 100 / size > 70) {
        tlb_grow(cpu, mmu_idx, size);
    }
}

/*
 * Two hot pages whose index collides take turns through the victim TLB on
 * every access (a slow path each time): seen as 144M victim hits in one
 * Linux run, when flushes were too rare to resize the table.  Many victim
 * hits since the table was cleared: double it, so that pages differing in
 * one more address bit stop colliding.
 */
static void tlb_grow_if_conflicting(CPUState *cpu, int mmu_idx)
{
    size_t size = tlb_n_entries(&cpu->tlb_fast[mmu_idx]);

    if (cpu->tlb_desc[mmu_idx].n_vhits > 8 * size && size < (1u << TLB_MAX_BITS)) {
        tlb_grow(cpu, mmu_idx, size);
    }
}

void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    int64_t now = host_clock_ns();

    tlb_init(cpu);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        if (idxmap & (1u << i)) {
            tlb_flush_one(cpu, i, now);
        }
    }
    tb_jmp_cache_clear(cpu);
    cpu->stats.tlb_flushes++;
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_by_mmuidx(cpu, (1u << NB_MMU_MODES) - 1);
}

static void tlb_flush_entry(CPUTLBEntry *e, vaddr page)
{
    if (tlb_hit_page_anyprot(e, page)) {
        memset(e, 0xff, sizeof(*e));
    }
}

/* The page an entry maps (any of its tags), or -1 if it is empty. */
static vaddr tlb_entry_page(const CPUTLBEntry *e)
{
    vaddr t = e->addr_read != (vaddr)-1 ? e->addr_read
            : e->addr_write != (vaddr)-1 ? e->addr_write : e->addr_code;
    return t == (vaddr)-1 ? t : t & TARGET_PAGE_MASK;
}

/* Drop e if it was filled from a huge page (full->lg_page_size) that
   contains addr: sfence.vma of any address of a superpage drops all of it. */
static bool tlb_flush_if_large_covers(CPUTLBEntry *e, const CPUTLBEntryFull *full, vaddr addr)
{
    vaddr page = tlb_entry_page(e);

    if (page == (vaddr)-1 || full->lg_page_size <= TARGET_PAGE_BITS ||
        full->lg_page_size >= 64 || ((page ^ addr) >> full->lg_page_size) != 0) {
        return false;
    }
    memset(e, 0xff, sizeof(*e));
    return true;
}

/*
 * A page flush inside a huge page: the listed slots, then the victims.
 * Returns log2 of the largest huge page dropped (0: none), or 64 when the
 * whole index had to be flushed (its huge pages unknown).
 */
static unsigned tlb_flush_large_covering(CPUState *cpu, int mmu_idx, vaddr addr)
{
    CPUTLBDesc *d = &cpu->tlb_desc[mmu_idx];
    CPUTLBEntry *table = cpu->tlb_fast[mmu_idx].table;
    unsigned kept = 0, lg = 0;

    if (d->large_overflow) {
        tlb_flush_one(cpu, mmu_idx, host_clock_ns());
        return 64;
    }
    for (unsigned k = 0; k < d->n_large; k++) {
        uint32_t slot = d->large_slot[k];
        unsigned slg = d->full[slot].lg_page_size;
        if (tlb_flush_if_large_covers(&table[slot], &d->full[slot], addr)) {
            lg = MAX(lg, slg);
        } else if (tlb_entry_page(&table[slot]) != (vaddr)-1 && slg > TARGET_PAGE_BITS) {
            d->large_slot[kept++] = slot;      /* still a huge-page entry */
        }
    }
    d->n_large = kept;
    for (int k = 0; k < CPU_VTLB_SIZE; k++) {
        unsigned slg = d->vfull[k].lg_page_size;
        if (tlb_flush_if_large_covers(&d->vtable[k], &d->vfull[k], addr)) {
            lg = MAX(lg, slg);
        }
    }
    return lg;
}

void tlb_flush_page_by_mmuidx(CPUState *cpu, vaddr addr, uint16_t idxmap)
{
    vaddr page = addr & TARGET_PAGE_MASK;
    unsigned lg = 0;

    tlb_init(cpu);
    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBDesc *d = &cpu->tlb_desc[i];
        if (!(idxmap & (1u << i))) {
            continue;
        }
        if (d->large_page_addr != (vaddr)-1 &&
            (addr & d->large_page_mask) == d->large_page_addr) {
            /* Inside the range of the huge pages seen: drop the entries
               that came from a huge page holding addr, then addr's own. */
            unsigned dropped = tlb_flush_large_covering(cpu, i, addr);
            lg = MAX(lg, dropped);              /* (MAX evaluates twice) */
        }
        tlb_flush_entry(tlb_entry(cpu, i, page), page);
        for (int k = 0; k < CPU_VTLB_SIZE; k++) {
            tlb_flush_entry(&d->vtable[k], page);
        }
    }
    /* The jump cache knows TBs by virtual pc: a dropped huge page takes the
       TBs of all its small pages with it. */
    if (lg >= 64) {
        tb_jmp_cache_clear(cpu);
    } else if (lg > TARGET_PAGE_BITS) {
        tb_jmp_cache_clear_range(cpu, addr & ~(((vaddr)1 << lg) - 1), (uint64_t)1 << lg);
    } else {
        tb_jmp_cache_clear_page(cpu, page);
    }
    cpu->stats.tlb_flushes++;
}

void tlb_flush_page(CPUState *cpu, vaddr addr)
{
    tlb_flush_page_by_mmuidx(cpu, addr, (1u << NB_MMU_MODES) - 1);
}

static void tlb_add_large_page(CPUTLBDesc *d, vaddr addr, uint64_t size)
{
    vaddr lp_addr = d->large_page_addr, lp_mask = ~(vaddr)(size - 1);

    if (lp_addr == (vaddr)-1) {
        lp_addr = addr;
    } else {
        /* Widen the one recorded region until it covers both. */
        lp_mask &= d->large_page_mask;
        while ((lp_addr ^ addr) & lp_mask) {
            lp_mask <<= 1;
        }
    }
    d->large_page_addr = lp_addr & lp_mask;
    d->large_page_mask = lp_mask;
}

void tlb_set_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot, int mmu_idx,
                  uint64_t page_size)
{
    CPUTLBDesc *d = &cpu->tlb_desc[mmu_idx];
    vaddr page = addr & TARGET_PAGE_MASK;
    hwaddr ppage = paddr & TARGET_PAGE_MASK;
    uint64_t once = 0;
    uintptr_t idx;
    CPUTLBEntry *e, ne;
    CPUTLBEntryFull nf = { 0 };
    FlatRange r;
    bool found, covers;

    assert(mmu_idx >= 0 && mmu_idx < NB_MMU_MODES);
    tlb_init(cpu);
    if (page_size < TARGET_PAGE_SIZE) {
        /* Finer than a page (PMP): usable for the access that filled it only. */
        once = TLB_INVALID_MASK;
        page_size = TARGET_PAGE_SIZE;
    } else if (page_size > TARGET_PAGE_SIZE) {
        tlb_add_large_page(d, addr, page_size);
    }

    found = cpu->as && address_space_lookup(cpu->as, ppage, &r);
    covers = found && r.start <= ppage && r.start + r.size - 1 >= ppage + TARGET_PAGE_SIZE - 1;
    nf.phys_addr = ppage;
    nf.mr = found ? r.mr : NULL;
    nf.mr_offset = found ? r.offset_in_mr + (ppage - r.start) : 0;
    nf.prot = prot;
    nf.lg_page_size = (uint8_t)__builtin_ctzll(page_size);

    memset(&ne, 0xff, sizeof(ne));
    ne.addend = 0;
    if (covers && (r.mr->kind == MR_RAM || r.mr->kind == MR_ROM) && r.mr->ram) {
        uint8_t *host = r.mr->ram + nf.mr_offset;
        ne.addend = (uintptr_t)host - page;
        if (prot & PAGE_READ) {
            ne.addr_read = page | once;
        }
        if (prot & PAGE_EXEC) {
            ne.addr_code = page | once;
        }
        if (prot & PAGE_WRITE) {
            ne.addr_write = page | once;
            if (r.mr->kind == MR_ROM) {
                ne.addr_write |= TLB_MMIO;            /* dropped in the slow path */
            } else if (tb_page_has_code(ppage)) {
                ne.addr_write |= TLB_NOTDIRTY;
            }
        }
    } else {
        /* I/O, unmapped, or a page shared by several regions. */
        if (prot & PAGE_READ) {
            ne.addr_read = page | once | TLB_MMIO;
        }
        if (prot & PAGE_EXEC) {
            ne.addr_code = page | once | TLB_MMIO;
        }
        if (prot & PAGE_WRITE) {
            ne.addr_write = page | once | TLB_MMIO;
        }
    }

    tlb_grow_if_thrashing(cpu, mmu_idx);
    idx = tlb_index(cpu, mmu_idx, page);
    e = &cpu->tlb_fast[mmu_idx].table[idx];
    /* Keep the entry being replaced in the victim TLB. */
    if (!tlb_entry_is_empty(e) && !tlb_hit_page_anyprot(e, page)) {
        unsigned v = d->vindex++ % CPU_VTLB_SIZE;
        d->vtable[v] = *e;
        d->vfull[v] = d->full[idx];
    }
    /* A victim copy of this page is now stale. */
    for (int k = 0; k < CPU_VTLB_SIZE; k++) {
        tlb_flush_entry(&d->vtable[k], page);
    }
    if (tlb_entry_is_empty(e)) {
        d->n_used++;
    }
    *e = ne;
    d->full[idx] = nf;
    tlb_note_large(d, idx);
}

/* Code pages: writes to them must take the slow path. */
void tlb_protect_code(hwaddr page)
{
    for (int c = 0; c < cpu_count; c++) {
        CPUState *cpu = cpu_list[c];
        if (!cpu || !cpu->tlb_fast[0].table) {
            continue;
        }
        for (int i = 0; i < NB_MMU_MODES; i++) {
            CPUTLBDesc *d = &cpu->tlb_desc[i];
            size_t n = tlb_n_entries(&cpu->tlb_fast[i]);
            for (size_t k = 0; k < n; k++) {
                CPUTLBEntry *e = &cpu->tlb_fast[i].table[k];
                if (!(e->addr_write & (TLB_INVALID_MASK | TLB_MMIO)) &&
                    d->full[k].phys_addr == page) {
                    e->addr_write |= TLB_NOTDIRTY;
                }
            }
            for (int k = 0; k < CPU_VTLB_SIZE; k++) {
                CPUTLBEntry *e = &d->vtable[k];
                if (!(e->addr_write & (TLB_INVALID_MASK | TLB_MMIO)) &&
                    d->vfull[k].phys_addr == page) {
                    e->addr_write |= TLB_NOTDIRTY;
                }
            }
        }
    }
}

/* The page no longer holds code: this CPU's entries for vaddr write directly. */
static void tlb_set_dirty(CPUState *cpu, vaddr addr)
{
    vaddr page = addr & TARGET_PAGE_MASK;

    for (int i = 0; i < NB_MMU_MODES; i++) {
        CPUTLBEntry *e = tlb_entry(cpu, i, page);
        if (e->addr_write == (page | TLB_NOTDIRTY)) {
            e->addr_write = page;
        }
        for (int k = 0; k < CPU_VTLB_SIZE; k++) {
            e = &cpu->tlb_desc[i].vtable[k];
            if (e->addr_write == (page | TLB_NOTDIRTY)) {
                e->addr_write = page;
            }
        }
    }
}

/* ---- Lookup ------------------------------------------------------------------ */

/* What the slow path needs of one page, copied out of the TLB. */
typedef struct PageLookup {
    vaddr addr;                  /* first byte accessed on this page */
    uint64_t flags;              /* TLB_* bits of the entry for the access */
    uintptr_t addend;
    CPUTLBEntryFull full;
} PageLookup;

static bool victim_tlb_hit(CPUState *cpu, int mmu_idx, uintptr_t idx, MMUAccessType type,
                           vaddr page)
{
    CPUTLBDesc *d = &cpu->tlb_desc[mmu_idx];

    for (int k = 0; k < CPU_VTLB_SIZE; k++) {
        CPUTLBEntry *ve = &d->vtable[k];
        if (tlb_hit(tlb_field(ve, type), page)) {
            CPUTLBEntry *e = &cpu->tlb_fast[mmu_idx].table[idx];
            CPUTLBEntry te = *e;
            CPUTLBEntryFull tf = d->full[idx];
            *e = *ve;
            d->full[idx] = d->vfull[k];
            *ve = te;
            d->vfull[k] = tf;
            tlb_note_large(d, idx);
            return true;
        }
    }
    return false;
}

/* Find (or fill) the entry for addr; false only if probe and the fill failed. */
static bool tlb_lookup(CPUState *cpu, vaddr addr, int size, MMUAccessType type, int mmu_idx,
                       bool probe, uintptr_t ra, PageLookup *out)
{
    vaddr page = addr & TARGET_PAGE_MASK;
    uintptr_t idx;
    CPUTLBEntry *e;
    uint64_t field;

    tlb_init(cpu);
    idx = tlb_index(cpu, mmu_idx, page);
    e = &cpu->tlb_fast[mmu_idx].table[idx];
    field = tlb_field(e, type);
    if (!tlb_hit(field, page)) {
        tlb_grow_if_conflicting(cpu, mmu_idx);
        idx = tlb_index(cpu, mmu_idx, page);
        if (victim_tlb_hit(cpu, mmu_idx, idx, type, page)) {
            cpu->stats.tlb_victim_hits++;
            cpu->tlb_desc[mmu_idx].n_vhits++;
        } else {
            CPUClass *cc = cpu_class(cpu);
            cpu->stats.tlb_misses++;
            if (!cc->tlb_fill(cpu, addr, size, type, mmu_idx, probe, ra)) {
                assert(probe);
                return false;
            }
            idx = tlb_index(cpu, mmu_idx, page);
        }
        e = &cpu->tlb_fast[mmu_idx].table[idx];
        field = tlb_field(e, type);
        /* A one-shot (sub-page) entry serves the access that filled it. */
        if ((field & TARGET_PAGE_MASK) != page) {
            assert(probe || !"tlb_fill did not fill the entry");
            return false;
        }
        field &= ~TLB_INVALID_MASK;
    }
    out->addr = addr;
    out->flags = field & TLB_FLAGS_MASK;
    out->addend = e->addend;
    out->full = cpu->tlb_desc[mmu_idx].full[idx];
    return true;
}

static inline hwaddr lookup_phys(const PageLookup *l, vaddr addr)
{
    return l->full.phys_addr + (addr & ~TARGET_PAGE_MASK);
}

/* ---- I/O --------------------------------------------------------------------- */

static MemTxResult io_access(CPUState *cpu, hwaddr phys, uint64_t *val, unsigned size,
                             bool is_write)
{
    FlatRange r;
    hwaddr off;

    if (!cpu->as || !address_space_lookup(cpu->as, phys, &r)) {
        log_guest_error("invalid %s at physical 0x%" PRIx64 ", size %u: nothing mapped\n",
                        is_write ? "write" : "read", phys, size);
        if (!is_write) {
            *val = 0;
        }
        return MEMTX_DECODE_ERROR;
    }
    off = r.offset_in_mr + (phys - r.start);
    if (r.mr->kind == MR_IO && phys + size - 1 <= r.start + r.size - 1) {
        return is_write ? memory_region_dispatch_write(r.mr, off, *val, size)
                        : memory_region_dispatch_read(r.mr, off, val, size);
    }
    /* RAM/ROM pieces of a shared page, or an access straddling regions. */
    if (!is_write) {
        *val = 0;
    }
    return address_space_rw(cpu->as, phys, val, size, is_write);
}

static void NORETURN raise_bus_error(CPUState *cpu, hwaddr phys, vaddr addr, unsigned size,
                                     MMUAccessType type, int mmu_idx, MemTxResult res,
                                     uintptr_t ra)
{
    CPUClass *cc = cpu_class(cpu);

    if (cc->do_transaction_failed) {
        cc->do_transaction_failed(cpu, phys, addr, size, type, mmu_idx, res, ra);
    }
    fprintf(stderr, "vireo: bus error at 0x%" PRIx64 " and no CPU hook\n", phys);
    abort();
}

static uint64_t page_load(CPUState *cpu, const PageLookup *l, vaddr addr, unsigned size,
                          MMUAccessType type, int mmu_idx, uintptr_t ra)
{
    uint64_t val = 0;

    if (!(l->flags & TLB_MMIO)) {
        memcpy(&val, (void *)(addr + l->addend), size);
        return val;
    }
    {
        hwaddr phys = lookup_phys(l, addr);
        MemTxResult res = io_access(cpu, phys, &val, size, false);
        if (res != MEMTX_OK) {
            raise_bus_error(cpu, phys, addr, size, type, mmu_idx, res, ra);
        }
    }
    return val;
}

static void page_store(CPUState *cpu, const PageLookup *l, vaddr addr, uint64_t val,
                       unsigned size, int mmu_idx, uintptr_t ra)
{
    hwaddr phys = lookup_phys(l, addr);
    MemTxResult res;

    if (!(l->flags & TLB_MMIO)) {
        memcpy((void *)(addr + l->addend), &val, size);
        return;
    }
    if (l->full.mr && l->full.mr->kind == MR_ROM) {
        log_guest_error("write to ROM at physical 0x%" PRIx64 " ignored\n", phys);
        return;
    }
    res = io_access(cpu, phys, &val, size, true);
    if (res != MEMTX_OK) {
        raise_bus_error(cpu, phys, addr, size, MMU_DATA_STORE, mmu_idx, res, ra);
    }
}

/* A store to a code page: drop the code it overlaps (may not return). */
static void notdirty_write(CPUState *cpu, const PageLookup *l, vaddr addr, unsigned size,
                           uintptr_t ra)
{
    hwaddr phys = lookup_phys(l, addr);

    tb_invalidate_for_store(cpu, phys, size, ra);
    if (!tb_page_has_code(l->full.phys_addr)) {
        tlb_set_dirty(cpu, addr);
    }
}

static void check_align(CPUState *cpu, vaddr addr, MemOp op, MMUAccessType type,
                        int mmu_idx, uintptr_t ra)
{
    unsigned size = memop_size(op);

    if ((op & MO_ALIGN) && (addr & (size - 1))) {
        CPUClass *cc = cpu_class(cpu);
        if (cc->do_unaligned_access) {
            cc->do_unaligned_access(cpu, addr, type, mmu_idx, ra);
        }
    }
}

static uint64_t bswap_size(uint64_t v, unsigned size)
{
    switch (size) {
    case 2: return __builtin_bswap16((uint16_t)v);
    case 4: return __builtin_bswap32((uint32_t)v);
    case 8: return __builtin_bswap64(v);
    default: return v;
    }
}

static uint64_t do_ld(CPUState *cpu, vaddr addr, MemOpIdx oi, MMUAccessType type,
                      uintptr_t ra)
{
    MemOp op = get_memop(oi);
    int mmu_idx = get_mmuidx(oi);
    unsigned size = memop_size(op);
    unsigned in_page = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);
    PageLookup l1, l2;
    uint64_t val;

    check_align(cpu, addr, op, type, mmu_idx, ra);
    if (size <= in_page) {
        tlb_lookup(cpu, addr, size, type, mmu_idx, false, ra, &l1);
        val = page_load(cpu, &l1, addr, size, type, mmu_idx, ra);
    } else {
        vaddr addr2 = addr + in_page;
        tlb_lookup(cpu, addr, in_page, type, mmu_idx, false, ra, &l1);
        tlb_lookup(cpu, addr2, size - in_page, type, mmu_idx, false, ra, &l2);
        val = 0;
        for (unsigned i = 0; i < size; i++) {
            const PageLookup *l = i < in_page ? &l1 : &l2;
            val |= page_load(cpu, l, addr + i, 1, type, mmu_idx, ra) << (8 * i);
        }
    }
    if (op & MO_BE) {
        val = bswap_size(val, size);
    }
    if ((op & MO_SIGN) && size < 8) {
        val = (uint64_t)sextract64(val, 0, 8 * size);
    }
    return val;
}

static void do_st(CPUState *cpu, vaddr addr, uint64_t val, MemOpIdx oi, uintptr_t ra)
{
    MemOp op = get_memop(oi);
    int mmu_idx = get_mmuidx(oi);
    unsigned size = memop_size(op);
    unsigned in_page = TARGET_PAGE_SIZE - (addr & ~TARGET_PAGE_MASK);
    PageLookup l1, l2;

    check_align(cpu, addr, op, MMU_DATA_STORE, mmu_idx, ra);
    if (op & MO_BE) {
        val = bswap_size(val, size);
    }
    if (size <= in_page) {
        tlb_lookup(cpu, addr, size, MMU_DATA_STORE, mmu_idx, false, ra, &l1);
        if (l1.flags & TLB_NOTDIRTY) {
            notdirty_write(cpu, &l1, addr, size, ra);
        }
        page_store(cpu, &l1, addr, val, size, mmu_idx, ra);
        return;
    }
    /* Split: both pages are resolved (and may fault) before any byte lands. */
    {
        vaddr addr2 = addr + in_page;
        tlb_lookup(cpu, addr, in_page, MMU_DATA_STORE, mmu_idx, false, ra, &l1);
        tlb_lookup(cpu, addr2, size - in_page, MMU_DATA_STORE, mmu_idx, false, ra, &l2);
        if (l1.flags & TLB_NOTDIRTY) {
            notdirty_write(cpu, &l1, addr, in_page, ra);
        }
        if (l2.flags & TLB_NOTDIRTY) {
            notdirty_write(cpu, &l2, addr2, size - in_page, ra);
        }
        for (unsigned i = 0; i < size; i++) {
            const PageLookup *l = i < in_page ? &l1 : &l2;
            page_store(cpu, l, addr + i, (val >> (8 * i)) & 0xff, 1, mmu_idx, ra);
        }
    }
}

uint64_t helper_ld_slow(CPUState *cpu, vaddr addr, MemOpIdx oi, uintptr_t retaddr)
{
    return do_ld(cpu, addr, oi, MMU_DATA_LOAD, retaddr);
}

void helper_st_slow(CPUState *cpu, vaddr addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr)
{
    do_st(cpu, addr, val, oi, retaddr);
}

uint64_t cpu_ld_mmu(CPUState *cpu, vaddr addr, MemOpIdx oi, uintptr_t retaddr)
{
    return do_ld(cpu, addr, oi, MMU_DATA_LOAD, retaddr);
}

void cpu_st_mmu(CPUState *cpu, vaddr addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr)
{
    do_st(cpu, addr, val, oi, retaddr);
}

void *tlb_probe_host(CPUState *cpu, vaddr addr, int size, MMUAccessType access, int mmu_idx)
{
    PageLookup l;

    if (size <= 0 || (addr & ~TARGET_PAGE_MASK) + (uint64_t)size > TARGET_PAGE_SIZE) {
        return NULL;
    }
    if (!tlb_lookup(cpu, addr, size, access, mmu_idx, true, 0, &l)) {
        return NULL;
    }
    if (l.flags & (TLB_MMIO | TLB_NOTDIRTY)) {
        return NULL;
    }
    return (void *)(addr + l.addend);
}

void *probe_access(CPUState *cpu, vaddr addr, int size, MMUAccessType access, int mmu_idx,
                   uintptr_t retaddr)
{
    PageLookup l;

    if (size <= 0) {
        size = 1;
    }
    tlb_lookup(cpu, addr, size, access, mmu_idx, false, retaddr, &l);
    if (l.flags & TLB_MMIO) {
        hwaddr phys = lookup_phys(&l, addr);
        if (!cpu->as || !address_space_lookup(cpu->as, phys, NULL)) {
            log_guest_error("invalid %s at physical 0x%" PRIx64 ", size %d: nothing mapped\n",
                            access == MMU_DATA_STORE ? "write" : "read", phys, size);
            raise_bus_error(cpu, phys, addr, (unsigned)size, access, mmu_idx,
                            MEMTX_DECODE_ERROR, retaddr);
        }
        return NULL;
    }
    if ((l.flags & TLB_NOTDIRTY) && access == MMU_DATA_STORE) {
        return NULL;
    }
    if ((addr & ~TARGET_PAGE_MASK) + (uint64_t)size > TARGET_PAGE_SIZE) {
        return NULL;
    }
    return (void *)(addr + l.addend);
}

/* ---- Code fetch --------------------------------------------------------------- */

static int code_mmu_idx(CPUState *cpu)
{
    CPUClass *cc = cpu_class(cpu);
    return cc->mmu_index ? cc->mmu_index(cpu, true) : 0;
}

hwaddr get_page_addr_code(CPUState *cpu, vaddr pc)
{
    PageLookup l;

    tlb_lookup(cpu, pc, 1, MMU_INST_FETCH, code_mmu_idx(cpu), false, 0, &l);
    if (l.flags & TLB_MMIO) {
        return (hwaddr)-1;
    }
    return l.full.phys_addr;
}

hwaddr tlb_probe_code(CPUState *cpu, vaddr pc)
{
    PageLookup l;

    if (!tlb_lookup(cpu, pc, 1, MMU_INST_FETCH, code_mmu_idx(cpu), true, 0, &l) ||
        (l.flags & TLB_MMIO)) {
        return (hwaddr)-1;
    }
    return l.full.phys_addr;
}

static uint8_t code_ldub(CPUState *cpu, vaddr pc, unsigned size_for_fault)
{
    int mmu_idx = code_mmu_idx(cpu);
    PageLookup l;

    tlb_lookup(cpu, pc, 1, MMU_INST_FETCH, mmu_idx, false, 0, &l);
    if (l.flags & TLB_MMIO) {
        /* No execution from I/O: an instruction access fault. */
        hwaddr phys = lookup_phys(&l, pc);
        FlatRange r;
        MemTxResult res = cpu->as && address_space_lookup(cpu->as, phys, &r)
                          ? MEMTX_ERROR : MEMTX_DECODE_ERROR;
        log_guest_error("instruction fetch from non-RAM physical 0x%" PRIx64 "\n", phys);
        raise_bus_error(cpu, phys, pc, size_for_fault, MMU_INST_FETCH, mmu_idx, res, 0);
    }
    return *(uint8_t *)(pc + l.addend);
}

static uint64_t code_load(CPUState *cpu, vaddr pc, unsigned size)
{
    unsigned in_page = TARGET_PAGE_SIZE - (pc & ~TARGET_PAGE_MASK);
    int mmu_idx = code_mmu_idx(cpu);
    uint64_t val = 0;
    PageLookup l;

    if (size <= in_page) {
        tlb_lookup(cpu, pc, size, MMU_INST_FETCH, mmu_idx, false, 0, &l);
        if (!(l.flags & TLB_MMIO)) {
            memcpy(&val, (void *)(pc + l.addend), size);
            return val;
        }
    }
    for (unsigned i = 0; i < size; i++) {
        val |= (uint64_t)code_ldub(cpu, pc + i, size) << (8 * i);
    }
    return val;
}

uint32_t cpu_ldl_code(CPUState *cpu, vaddr pc)
{
    return (uint32_t)code_load(cpu, pc, 4);
}

uint16_t cpu_lduw_code(CPUState *cpu, vaddr pc)
{
    return (uint16_t)code_load(cpu, pc, 2);
}
