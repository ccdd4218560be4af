/*
 * The translation block cache: descriptors, the global hash keyed on
 * (pc, physical pc, flags, cflags), the per-page lists used to invalidate code
 * on writes (self-modifying code, DMA, loaders), direct-jump chaining and
 * unchaining, the host-pc -> TB search, and the whole-cache flush.
 *
 * Self-modifying code: a physical page with TBs is marked in its RAM/ROM
 * region (memory_region_mark_code: DMA and loader writes call our hook) and
 * every vCPU's TLB write entries for it get TLB_NOTDIRTY, so guest stores
 * take the slow path, which invalidates the TBs overlapping the bytes
 * written before writing.  If that includes the running TB, the store is
 * not done: the state is restored to the storing insn, which re-runs alone
 * (cflags_next_tb = 1 insn), so no stale insn after it runs.  An invalidated
 * TB leaves the hash, the jump caches and its page lists; jumps into it are
 * reset to their exits.  Its code stays until the next flush.
 *
 * tb_flush from inside generated code (a helper) is deferred: it sets
 * exit_request, and the loop flushes at the next TB boundary.
 */
#include "accel/tb-internal.h"
#include "util/log.h"

TBContext tb_ctx;

/* A physical page holding code: the TBs on it (tagged with their page slot). */
struct PageDesc {
    hwaddr addr;
    uintptr_t first;             /* TB_TAG(tb, n): tb->page_addr[n] == addr */
    PageDesc *next;              /* hash chain */
    MemoryRegion *mr;            /* RAM/ROM region marked as code, or NULL */
    hwaddr mr_offset;
};

#define TB_CHUNK 4096
#define HTABLE_MIN (1u << 12)
#define PTABLE_MIN (1u << 10)

void tb_cache_init(void)
{
    tb_ctx.htable_size = HTABLE_MIN;
    tb_ctx.htable = XNEWV(TranslationBlock *, tb_ctx.htable_size);
    tb_ctx.ptable_size = PTABLE_MIN;
    tb_ctx.ptable = XNEWV(PageDesc *, tb_ctx.ptable_size);
}

/* ---- Descriptors ---------------------------------------------------------- */

TranslationBlock *tb_reserve(void)
{
    size_t chunk = tb_ctx.nb_tbs / TB_CHUNK;
    TranslationBlock *tb;

    if (chunk >= tb_ctx.nb_chunks) {
        tb_ctx.chunks = xrealloc(tb_ctx.chunks, (chunk + 1) * sizeof(*tb_ctx.chunks));
        tb_ctx.chunks[chunk] = XNEWV(TranslationBlock, TB_CHUNK);
        tb_ctx.nb_chunks = chunk + 1;
    }
    if (tb_ctx.nb_tbs == tb_ctx.tbs_cap) {
        tb_ctx.tbs_cap = tb_ctx.tbs_cap ? tb_ctx.tbs_cap * 2 : TB_CHUNK;
        tb_ctx.tbs = xrealloc(tb_ctx.tbs, tb_ctx.tbs_cap * sizeof(*tb_ctx.tbs));
    }
    tb = &tb_ctx.chunks[chunk][tb_ctx.nb_tbs % TB_CHUNK];
    memset(tb, 0, sizeof(*tb));
    return tb;
}

/* ---- Hash table ------------------------------------------------------------ */

static inline uint64_t tb_hash(vaddr pc, hwaddr phys_pc, uint64_t flags, uint32_t cflags)
{
    uint64_t h = pc * 0x9e3779b97f4a7c15ull;

    h ^= (phys_pc + (h >> 31)) * 0xc2b2ae3d27d4eb4full;
    h ^= (flags ^ ((uint64_t)cflags << 40)) * 0x165667b19e3779f9ull;
    return h ^ (h >> 32);
}

static inline hwaddr tb_phys_pc(const TranslationBlock *tb)
{
    return tb->page_addr[0] + (tb->pc & ~TARGET_PAGE_MASK);
}

static void htable_resize(size_t new_size)
{
    TranslationBlock **nt = XNEWV(TranslationBlock *, new_size);

    for (size_t i = 0; i < tb_ctx.htable_size; i++) {
        TranslationBlock *tb = tb_ctx.htable[i], *next;
        for (; tb; tb = next) {
            size_t b = tb_hash(tb->pc, tb_phys_pc(tb), tb->flags, tb->cflags) & (new_size - 1);
            next = tb->hash_next;
            tb->hash_next = nt[b];
            nt[b] = tb;
        }
    }
    free(tb_ctx.htable);
    tb_ctx.htable = nt;
    tb_ctx.htable_size = new_size;
}

static void htable_insert(TranslationBlock *tb)
{
    size_t b;

    if (tb_ctx.htable_count >= tb_ctx.htable_size) {
        htable_resize(tb_ctx.htable_size * 2);
    }
    b = tb_hash(tb->pc, tb_phys_pc(tb), tb->flags, tb->cflags) & (tb_ctx.htable_size - 1);
    tb->hash_next = tb_ctx.htable[b];
    tb_ctx.htable[b] = tb;
    tb_ctx.htable_count++;
}

static void htable_remove(TranslationBlock *tb)
{
    size_t b = tb_hash(tb->pc, tb_phys_pc(tb), tb->flags, tb->cflags) &
               (tb_ctx.htable_size - 1);

    for (TranslationBlock **p = &tb_ctx.htable[b]; *p; p = &(*p)->hash_next) {
        if (*p == tb) {
            *p = tb->hash_next;
            tb->hash_next = NULL;
            tb_ctx.htable_count--;
            return;
        }
    }
}

TranslationBlock *tb_htable_lookup(vaddr pc, hwaddr phys_pc, uint64_t flags,
                                   uint32_t cflags, CPUState *cpu)
{
    size_t b = tb_hash(pc, phys_pc, flags, cflags) & (tb_ctx.htable_size - 1);

    for (TranslationBlock *tb = tb_ctx.htable[b]; tb; tb = tb->hash_next) {
        if (tb->pc != pc || tb->flags != flags || tb->cflags != cflags ||
            tb_phys_pc(tb) != phys_pc) {
            continue;
        }
        if (tb->page_addr[1] != (hwaddr)-1) {
            /* Cross-page: the second page must still map where it did. */
            vaddr page2 = (pc & TARGET_PAGE_MASK) + TARGET_PAGE_SIZE;
            hwaddr phys2 = cpu ? tlb_probe_code(cpu, page2) : (hwaddr)-1;
            if (phys2 == (hwaddr)-1 || (phys2 & TARGET_PAGE_MASK) != tb->page_addr[1]) {
                continue;
            }
        }
        return tb;
    }
    return NULL;
}

/* ---- Pages ------------------------------------------------------------------ */

static inline size_t page_hash(hwaddr page)
{
    uint64_t h = (page >> TARGET_PAGE_BITS) * 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> 20);
}

static PageDesc *page_find(hwaddr page)
{
    PageDesc *p = tb_ctx.ptable[page_hash(page) & (tb_ctx.ptable_size - 1)];

    for (; p; p = p->next) {
        if (p->addr == page) {
            return p;
        }
    }
    return NULL;
}

static PageDesc *page_find_alloc(hwaddr page)
{
    PageDesc *p = page_find(page);
    size_t b;

    if (p) {
        return p;
    }
    if (tb_ctx.ptable_count >= tb_ctx.ptable_size) {
        size_t ns = tb_ctx.ptable_size * 2;
        PageDesc **nt = XNEWV(PageDesc *, ns);
        for (size_t i = 0; i < tb_ctx.ptable_size; i++) {
            PageDesc *q = tb_ctx.ptable[i], *next;
            for (; q; q = next) {
                next = q->next;
                q->next = nt[page_hash(q->addr) & (ns - 1)];
                nt[page_hash(q->addr) & (ns - 1)] = q;
            }
        }
        free(tb_ctx.ptable);
        tb_ctx.ptable = nt;
        tb_ctx.ptable_size = ns;
    }
    p = XNEW(PageDesc);
    p->addr = page;
    b = page_hash(page) & (tb_ctx.ptable_size - 1);
    p->next = tb_ctx.ptable[b];
    tb_ctx.ptable[b] = p;
    tb_ctx.ptable_count++;
    return p;
}

bool tb_page_has_code(hwaddr page)
{
    PageDesc *p = tb_ctx.initialized ? page_find(page & TARGET_PAGE_MASK) : NULL;

    return p && p->first;
}

static void page_mark_code(PageDesc *p, CPUState *cpu)
{
    FlatRange r;

    p->mr = NULL;
    /* ROM too: loaders rewrite it (address_space_write_rom) on reset. */
    if (cpu && cpu->as && address_space_lookup(cpu->as, p->addr, &r) &&
        (r.mr->kind == MR_RAM || r.mr->kind == MR_ROM)) {
        p->mr = r.mr;
        p->mr_offset = r.offset_in_mr + (p->addr - r.start);
        memory_region_mark_code(p->mr, p->mr_offset);
    }
    tlb_protect_code(p->addr);
}

static void page_clear_code(PageDesc *p)
{
    if (p->mr) {
        memory_region_clear_code(p->mr, p->mr_offset);
        p->mr = NULL;
    }
}

static void page_add_tb(TranslationBlock *tb, int n, CPUState *cpu)
{
    PageDesc *p = page_find_alloc(tb->page_addr[n]);
    bool was_empty = !p->first;

    tb->page_next[n] = (TranslationBlock *)p->first;
    p->first = TB_TAG(tb, n);
    if (was_empty) {
        page_mark_code(p, cpu);
    }
}

static void page_remove_tb(TranslationBlock *tb, int n)
{
    PageDesc *p = page_find(tb->page_addr[n]);
    uintptr_t *link;

    if (!p) {
        return;
    }
    for (link = &p->first; *link; ) {
        TranslationBlock *t = TB_UNTAG(*link);
        int m = TB_SLOT(*link);
        if (t == tb && m == n) {
            *link = (uintptr_t)t->page_next[m];
            break;
        }
        link = (uintptr_t *)&t->page_next[m];
    }
    if (!p->first) {
        page_clear_code(p);
    }
}

/* ---- Commit, tc search, search data ----------------------------------------- */

void tb_commit(TranslationBlock *tb, CPUState *cpu)
{
    assert(tb == &tb_ctx.chunks[tb_ctx.nb_tbs / TB_CHUNK][tb_ctx.nb_tbs % TB_CHUNK]);
    tb_ctx.tbs[tb_ctx.nb_tbs++] = tb;
    htable_insert(tb);
    if (tb->page_addr[0] != (hwaddr)-1) {
        page_add_tb(tb, 0, cpu);
    }
    if (tb->page_addr[1] != (hwaddr)-1) {
        page_add_tb(tb, 1, cpu);
    }
}

TranslationBlock *tb_find_by_tc(uintptr_t retaddr)
{
    size_t lo = 0, hi = tb_ctx.nb_tbs;
    TranslationBlock *tb;

    if (!tb_ctx.initialized || !codebuf_contains_rx(&tb_ctx.cb, retaddr)) {
        return NULL;
    }
    /* Last TB with tc_ptr < retaddr (a return address is past its call). */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)tb_ctx.tbs[mid]->tc_ptr < retaddr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    tb = tb_ctx.tbs[lo - 1];
    if (retaddr > (uintptr_t)tb->tc_ptr + tb->tc_size) {
        return NULL;
    }
    return tb;
}

/*
 * Search data: per insn, the end offset of its host code and its insn_start
 * words, each as a signed LEB128 delta from the previous insn (starting from
 * 0 and {tb->pc, 0}).  Typically 3 bytes per guest insn.
 */
static uint8_t *put_sleb(uint8_t *p, uint8_t *end, int64_t v)
{
    bool more;

    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        more = !((v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40)));
        if (p >= end) {
            return NULL;
        }
        *p++ = byte | (more ? 0x80 : 0);
    } while (more);
    return p;
}

static int64_t get_sleb(const uint8_t **pp)
{
    const uint8_t *p = *pp;
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t byte;

    do {
        byte = *p++;
        v |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (shift < 64 && (byte & 0x40)) {
        v |= ~0ull << shift;
    }
    *pp = p;
    return (int64_t)v;
}

long tb_encode_search(const TranslationBlock *tb, uint8_t *rw, size_t avail)
{
    TCGContext *s = tcg_ctx;
    uint8_t *p = rw, *end = rw + avail;
    uint64_t prev[1 + TCG_INSN_START_WORDS] = { 0, tb->pc };

    for (int i = 0; i < s->nb_insns; i++) {
        uint64_t cur[1 + TCG_INSN_START_WORDS];
        cur[0] = s->insn_end_off[i];
        for (int j = 0; j < TCG_INSN_START_WORDS; j++) {
            cur[j + 1] = s->insn_data[i][j];
        }
        for (int j = 0; j <= TCG_INSN_START_WORDS; j++) {
            p = put_sleb(p, end, (int64_t)(cur[j] - prev[j]));
            if (!p) {
                return -1;
            }
            prev[j] = cur[j];
        }
    }
    return p - rw;
}

int tb_decode_search(const TranslationBlock *tb, uintptr_t retaddr, uint64_t *data)
{
    const uint8_t *p = tb->search_data;
    uint64_t cur[1 + TCG_INSN_START_WORDS] = { 0, tb->pc };
    uintptr_t off = retaddr - (uintptr_t)tb->tc_ptr;

    for (int i = 0; i < tb->icount; i++) {
        for (int j = 0; j <= TCG_INSN_START_WORDS; j++) {
            cur[j] += (uint64_t)get_sleb(&p);
        }
        if (off <= cur[0]) {
            memcpy(data, &cur[1], sizeof(uint64_t) * TCG_INSN_START_WORDS);
            return i;
        }
    }
    return -1;
}

/* ---- Chaining ----------------------------------------------------------------- */

static void tb_set_jmp(TranslationBlock *tb, int n, const uint8_t *target_rx)
{
    const uint8_t *jmp_rx = tb->tc_ptr + tb->jmp_insn_off[n];
    uint8_t *jmp_rw = codebuf_rx_to_rw(&tb_ctx.cb, jmp_rx);

    codebuf_begin_write(&tb_ctx.cb);
    tb_ctx.backend->set_jmp_target(jmp_rw, jmp_rx, target_rx);
    codebuf_end_write(&tb_ctx.cb, jmp_rx, 16);
}

static void tb_reset_jmp(TranslationBlock *tb, int n)
{
    tb_set_jmp(tb, n, tb->tc_ptr + tb->jmp_reset_off[n]);
}

bool tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    if (tb->invalid || dest->invalid || tb->jmp_insn_off[n] == TB_JMP_NONE ||
        tb->jmp_dest[n] || (tb->cflags & CF_NOCHAIN)) {
        return false;
    }
    /* A loop onto itself may enter past the TB's set-up (see goto_tb_loop_off). */
    tb_set_jmp(tb, n, dest == tb && tb->jmp_loop_off[n] != TB_JMP_NONE
                      ? tb->tc_ptr + tb->jmp_loop_off[n] : dest->tc_ptr);
    tb->jmp_dest[n] = dest;
    tb->jmp_list_next[n] = (uintptr_t)dest->jmp_list_head;
    dest->jmp_list_head = (TranslationBlock *)TB_TAG(tb, n);
    return true;
}

/* Remove (src, n) from dest's list of incoming jumps. */
static void jmp_list_remove(TranslationBlock *dest, TranslationBlock *src, int n)
{
    uintptr_t *link = (uintptr_t *)&dest->jmp_list_head;

    while (*link) {
        TranslationBlock *t = TB_UNTAG(*link);
        int m = TB_SLOT(*link);
        if (t == src && m == n) {
            *link = t->jmp_list_next[m];
            return;
        }
        link = &t->jmp_list_next[m];
    }
}

static void tb_unchain(TranslationBlock *tb, CPUState *stats_cpu)
{
    uintptr_t v = (uintptr_t)tb->jmp_list_head;

    /* Every jump into tb goes back to its exit path. */
    while (v) {
        TranslationBlock *src = TB_UNTAG(v);
        int n = TB_SLOT(v);
        v = src->jmp_list_next[n];
        tb_reset_jmp(src, n);
        src->jmp_dest[n] = NULL;
        src->jmp_list_next[n] = 0;
        if (stats_cpu) {
            stats_cpu->stats.unchains++;
        }
    }
    tb->jmp_list_head = NULL;
    /* And tb's own links leave the lists of their destinations. */
    for (int n = 0; n < 2; n++) {
        TranslationBlock *dest = tb->jmp_dest[n];
        if (dest) {
            jmp_list_remove(dest, tb, n);
            tb_reset_jmp(tb, n);
            tb->jmp_dest[n] = NULL;
        }
    }
}

/* ---- Invalidation -------------------------------------------------------------- */

void tb_jmp_cache_clear(CPUState *cpu)
{
    memset(cpu->tb_jmp_cache, 0, sizeof(cpu->tb_jmp_cache));
    memset(cpu->tb_jmp_page_filter, 0, sizeof(cpu->tb_jmp_page_filter));
}

static bool jmp_page_filter_test(const CPUState *cpu, vaddr page)
{
    unsigned pf = (unsigned)(page >> TARGET_PAGE_BITS) & (TB_JMP_CACHE_SIZE - 1);

    return (cpu->tb_jmp_page_filter[pf / 64] >> (pf % 64)) & 1;
}

/* Drop the entries of TBs starting in [first, first + len); the page filter
   is rebuilt from the entries that stay, so that it does not fill up. */
static void jmp_cache_drop(CPUState *cpu, vaddr first, uint64_t len)
{
    uint64_t filter[ARRAY_SIZE(cpu->tb_jmp_page_filter)] = { 0 };

    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        TranslationBlock *tb = cpu->tb_jmp_cache[i];
        if (!tb) {
            continue;
        }
        if (tb->pc - first < len) {
            cpu->tb_jmp_cache[i] = NULL;
        } else {
            unsigned pf = (unsigned)(tb->pc >> TARGET_PAGE_BITS) & (TB_JMP_CACHE_SIZE - 1);
            filter[pf / 64] |= 1ull << (pf % 64);
        }
    }
    memcpy(cpu->tb_jmp_page_filter, filter, sizeof(filter));
}

void tb_jmp_cache_clear_range(CPUState *cpu, vaddr start, uint64_t size)
{
    jmp_cache_drop(cpu, start - TARGET_PAGE_SIZE, size + TARGET_PAGE_SIZE);
}

void tb_jmp_cache_clear_page(CPUState *cpu, vaddr addr)
{
    vaddr page = addr & TARGET_PAGE_MASK;

    /* TBs starting on the page before may extend into this one.  Most page
       flushes are of data pages: the filter skips them without a scan. */
    if (!jmp_page_filter_test(cpu, page) && !jmp_page_filter_test(cpu, page - TARGET_PAGE_SIZE)) {
        return;
    }
    jmp_cache_drop(cpu, page - TARGET_PAGE_SIZE, 2 * TARGET_PAGE_SIZE);
}

void tb_phys_invalidate(TranslationBlock *tb)
{
    unsigned h;

    if (tb->invalid) {
        return;
    }
    tb->invalid = true;
    htable_remove(tb);
    h = tb_jmp_cache_hash(tb->pc);
    for (int i = 0; i < cpu_count; i++) {
        if (cpu_list[i] && cpu_list[i]->tb_jmp_cache[h] == tb) {
            cpu_list[i]->tb_jmp_cache[h] = NULL;
        }
    }
    for (int n = 0; n < 2; n++) {
        if (tb->page_addr[n] != (hwaddr)-1) {
            page_remove_tb(tb, n);
        }
    }
    tb_unchain(tb, cpu_count ? cpu_list[0] : NULL);
}

/* Guest physical bytes of tb that lie on its page slot n. */
static void tb_page_range(const TranslationBlock *tb, int n, hwaddr *start, hwaddr *end)
{
    uint64_t first_len = TARGET_PAGE_SIZE - (tb->pc & ~TARGET_PAGE_MASK);

    if (n == 0) {
        *start = tb_phys_pc(tb);
        *end = *start + MIN((uint64_t)tb->size, first_len);
    } else {
        *start = tb->page_addr[1];
        *end = *start + (tb->size - first_len);
    }
    if (tb->size == 0) {
        *end = *start + 1;     /* never empty: a 0-size TB still covers its pc */
    }
}

/*
 * Invalidate the TBs overlapping [start, end) on one page.  Returns true if
 * cur (the running TB, or NULL) was among them.
 */
static bool invalidate_page_range(hwaddr page, hwaddr start, hwaddr end,
                                  TranslationBlock *cur)
{
    PageDesc *p = page_find(page);
    bool hit_cur = false;
    uintptr_t v;

    if (!p) {
        return false;
    }
    v = p->first;
    while (v) {
        TranslationBlock *tb = TB_UNTAG(v);
        int n = TB_SLOT(v);
        hwaddr s, e;
        v = (uintptr_t)tb->page_next[n];
        tb_page_range(tb, n, &s, &e);
        if (s < end && start < e) {
            if (tb == cur) {
                hit_cur = true;
            }
            tb_phys_invalidate(tb);
            if (cpu_count && cpu_list[0]) {
                cpu_list[0]->stats.smc_invalidations++;
            }
        }
    }
    return hit_cur;
}

static bool invalidate_range(hwaddr start, hwaddr end, TranslationBlock *cur)
{
    bool hit = false;

    if (!tb_ctx.initialized || end <= start) {
        return false;
    }
    for (hwaddr page = start & TARGET_PAGE_MASK; page < end; page += TARGET_PAGE_SIZE) {
        hit |= invalidate_page_range(page, start, end, cur);
        if (page + TARGET_PAGE_SIZE < page) {
            break;
        }
    }
    return hit;
}

void tb_invalidate_phys_range(hwaddr start, hwaddr end)
{
    invalidate_range(start, end, NULL);
}

void tb_invalidate_for_store(CPUState *cpu, hwaddr start, hwaddr len, uintptr_t retaddr)
{
    TranslationBlock *cur = retaddr ? tb_find_by_tc(retaddr) : NULL;

    if (cur && !cur->invalid && (cur->cflags & CF_COUNT_MASK) != 1) {
        /* Is the running TB about to be overwritten?  Then it must not run on:
           re-execute the store alone (one-insn TB), then retranslate. */
        if (invalidate_range(start, start + len, cur)) {
            cpu_restore_state(cpu, retaddr);
            cpu->cflags_next_tb = 1 | CF_NOCHAIN | curr_cflags(cpu);
            cpu->exception_index = EXCP_NONE;
            cpu_loop_exit(cpu);
        }
        return;
    }
    invalidate_range(start, start + len, NULL);
}

static void code_write_hook(void *opaque, hwaddr addr, hwaddr len)
{
    tb_invalidate_phys_range(addr, addr + len);
}

void tb_install_write_hook(void)
{
    memory_set_code_write_hook(code_write_hook, NULL);
}

/* ---- Flush ---------------------------------------------------------------------- */

void tb_flush_now(CPUState *cpu)
{
    for (int i = 0; i < cpu_count; i++) {
        if (cpu_list[i]) {
            tb_jmp_cache_clear(cpu_list[i]);
        }
    }
    memset(tb_ctx.htable, 0, tb_ctx.htable_size * sizeof(*tb_ctx.htable));
    tb_ctx.htable_count = 0;
    for (size_t i = 0; i < tb_ctx.ptable_size; i++) {
        PageDesc *p = tb_ctx.ptable[i], *next;
        for (; p; p = next) {
            next = p->next;
            page_clear_code(p);
            free(p);
        }
        tb_ctx.ptable[i] = NULL;
    }
    tb_ctx.ptable_count = 0;
    tb_ctx.nb_tbs = 0;
    codebuf_reset(&tb_ctx.cb, tb_ctx.prologue_size);
    tb_ctx.flush_count++;
    tb_ctx.flush_pending = false;
    if (cpu) {
        cpu->stats.flushes++;
    } else if (cpu_count && cpu_list[0]) {
        cpu_list[0]->stats.flushes++;
    }
}

void tb_flush(CPUState *cpu)
{
    if (!tb_ctx.initialized) {
        return;
    }
    if (tb_ctx.in_exec) {
        /* The running code must not vanish under it: flush at the next
           return to the loop, which every TB entry is made to take. */
        tb_ctx.flush_pending = true;
        for (int i = 0; i < cpu_count; i++) {
            if (cpu_list[i]) {
                cpu_list[i]->exit_request = 1;
            }
        }
        return;
    }
    tb_flush_now(cpu);
}
