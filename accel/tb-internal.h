/*
 * Internal interface of the execution engine, shared by accel/exec.c (the
 * vCPU loop and TB generation), accel/tb.c (the TB cache: hash, pages,
 * chaining, invalidation, flush) and accel/cputlb.c (softmmu).
 *
 * The code cache is one per process: vCPUs run round-robin on one thread, so
 * nothing here is locked.
 */
#ifndef ACCEL_TB_INTERNAL_H
#define ACCEL_TB_INTERNAL_H

#include "accel/cpu.h"
#include "tcg/codebuf.h"

/* The class of a vCPU without the checked cast (a string compare per
   ancestor): hot paths call this per TB lookup and TLB miss. */
static inline CPUClass *cpu_class(CPUState *cpu)
{
    return (CPUClass *)cpu->parent_obj.parent_obj.klass;
}

/* Tagged pointers: a TB pointer with a slot number (0 or 1) in bit 0. */
#define TB_TAG(tb, n)   ((uintptr_t)(tb) | (uintptr_t)(n))
#define TB_UNTAG(v)     ((TranslationBlock *)((v) & ~(uintptr_t)1))
#define TB_SLOT(v)      ((int)((v) & 1))

#define TB_JMP_NONE 0xffff

typedef struct PageDesc PageDesc;

typedef struct TBContext {
    bool initialized;
    AccelConfig cfg;
    const TCGBackend *backend;
    TCGContext tcg;

    /* Code buffer: the prologue, then TB code each followed by its search data. */
    CodeBuf cb;
    size_t prologue_size;

    /* TB descriptors, in chunks; tbs[] lists them in allocation order, which
       is also increasing tc_ptr order (the buffer is a bump allocator). */
    TranslationBlock **chunks;
    size_t nb_chunks;
    TranslationBlock **tbs;
    size_t nb_tbs, tbs_cap;

    /* Hash of valid TBs, chained through hash_next. */
    TranslationBlock **htable;
    size_t htable_size;          /* power of 2 */
    size_t htable_count;

    /* Physical pages holding code. */
    PageDesc **ptable;
    size_t ptable_size;          /* power of 2 */
    size_t ptable_count;

    uint64_t flush_count;        /* generation: bumped by every flush */
    bool flush_pending;          /* tb_flush asked from inside generated code */
    bool in_exec;                /* generated code is running */
} TBContext;

extern TBContext tb_ctx;

/* ---- tb.c ---- */
void tb_cache_init(void);
/* A zeroed descriptor, not yet part of the cache (NULL: pool needs a flush). */
TranslationBlock *tb_reserve(void);
/* Make tb (translated, code in place) visible: hash, pages, tc index.  cpu
   is the translating CPU (its address space locates the code's RAM). */
void tb_commit(TranslationBlock *tb, CPUState *cpu);
/* memory_set_code_write_hook: DMA and loader writes invalidate code. */
void tb_install_write_hook(void);
TranslationBlock *tb_htable_lookup(vaddr pc, hwaddr phys_pc, uint64_t flags,
                                   uint32_t cflags, CPUState *cpu);
/* The TB whose code contains host address retaddr, or NULL. */
TranslationBlock *tb_find_by_tc(uintptr_t retaddr);
/* Decode tb's search data for retaddr into data[TCG_INSN_START_WORDS]; returns
   the insn index, or -1. */
int tb_decode_search(const TranslationBlock *tb, uintptr_t retaddr, uint64_t *data);
/* Append the search data of tcg_ctx at rw; returns bytes, or -1 if > avail. */
long tb_encode_search(const TranslationBlock *tb, uint8_t *rw, size_t avail);
/* Chain tb's jump slot n to dest if allowed; true if it did. */
bool tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest);
void tb_phys_invalidate(TranslationBlock *tb);
/* Empty the cache now (caller is outside generated code). */
void tb_flush_now(CPUState *cpu);
/* Whether physical page holds translated code. */
bool tb_page_has_code(hwaddr page);
/* The CPU store slow path found TLB_NOTDIRTY: invalidate code in
   [start, start + len).  May cpu_loop_exit if the running TB was hit. */
void tb_invalidate_for_store(CPUState *cpu, hwaddr start, hwaddr len, uintptr_t retaddr);

static inline unsigned tb_jmp_cache_hash(vaddr pc)
{
    /* Offset and page bits mixed over the whole table (a Linux boot has
       pages with 100+ indirect-jump targets: 64 slots per page thrashed). */
    return (unsigned)((pc >> 1) ^ (pc >> (TARGET_PAGE_BITS + 1))) & (TB_JMP_CACHE_SIZE - 1);
}
static inline void tb_jmp_cache_set(CPUState *cpu, vaddr pc, TranslationBlock *tb)
{
    unsigned pf = (unsigned)(pc >> TARGET_PAGE_BITS) & (TB_JMP_CACHE_SIZE - 1);

    cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)] = tb;
    cpu->tb_jmp_page_filter[pf / 64] |= 1ull << (pf % 64);
}
void tb_jmp_cache_clear_page(CPUState *cpu, vaddr addr);
/* Drop the entries of TBs that start in [start, start + size) or in the page
   before (a TB may run into the range). */
void tb_jmp_cache_clear_range(CPUState *cpu, vaddr start, uint64_t size);
void tb_jmp_cache_clear(CPUState *cpu);

/* ---- cputlb.c ---- */
void tlb_init(CPUState *cpu);
void tlb_destroy(CPUState *cpu);
/* A page became a code page: every CPU's write entries for it get NOTDIRTY. */
void tlb_protect_code(hwaddr page);
/* Non-faulting: the physical address of code at pc if the TLB maps it (a
   probe fill is allowed), or -1. */
hwaddr tlb_probe_code(CPUState *cpu, vaddr pc);

/* ---- exec.c ---- */
uint32_t curr_cflags(CPUState *cpu);

#endif
