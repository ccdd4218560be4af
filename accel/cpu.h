/*
 * The target-independent part of a vCPU: the state the execution engine and
 * generated code need (exit flag, softmmu TLBs, jump cache), and the hooks a
 * target implements (CPUClass).
 *
 * A target's CPU struct embeds CPUState as its FIRST member; generated code
 * addresses everything relative to that pointer ("env"), so the hot fields
 * below and the target's registers are at small constant offsets.
 */
#ifndef ACCEL_CPU_H
#define ACCEL_CPU_H

#include <setjmp.h>
#include "hw/core/qdev.h"
#include "memory/memory.h"
#include "tcg/tcg.h"

#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_SIZE (1ull << TARGET_PAGE_BITS)
#define TARGET_PAGE_MASK (~(uint64_t)(TARGET_PAGE_SIZE - 1))

#define NB_MMU_MODES 8

typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* Page protection bits for tlb_set_page. */
enum { PAGE_READ = 1, PAGE_WRITE = 2, PAGE_EXEC = 4 };

/*
 * One softmmu TLB entry.  addr_read/addr_write/addr_code hold the
 * page-aligned guest virtual address for which that access is allowed, or -1.
 * Flag bits below the page bits force the slow path: the inline fast path
 * compares (vaddr & (TARGET_PAGE_MASK | (align - 1))) with the field, so any
 * flag, or a misaligned access, misses.
 */
typedef struct CPUTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;            /* RAM: host address = vaddr + addend */
} CPUTLBEntry;
#define CPU_TLB_ENTRY_BITS 5

#define TLB_INVALID_MASK (1ull << (TARGET_PAGE_BITS - 1))
#define TLB_NOTDIRTY     (1ull << (TARGET_PAGE_BITS - 2))   /* page holds code */
#define TLB_MMIO         (1ull << (TARGET_PAGE_BITS - 3))   /* not RAM */
#define TLB_FLAGS_MASK   (TLB_INVALID_MASK | TLB_NOTDIRTY | TLB_MMIO)

/* What the fast path reads: the table and its index mask, per MMU index. */
typedef struct CPUTLBDescFast {
    uintptr_t mask;              /* (n_entries - 1) << CPU_TLB_ENTRY_BITS */
    CPUTLBEntry *table;
} CPUTLBDescFast;

/* Slow-path companion of each entry: where the page really is. */
typedef struct CPUTLBEntryFull {
    hwaddr phys_addr;            /* guest physical page */
    MemoryRegion *mr;            /* terminal region (RAM, ROM or IO) */
    hwaddr mr_offset;            /* offset of the page inside mr */
    uint8_t prot;
    uint8_t lg_page_size;
} CPUTLBEntryFull;

#define CPU_VTLB_SIZE 8
#define TLB_LARGE_SLOTS 64

typedef struct CPUTLBDesc {
    CPUTLBEntryFull *full;       /* parallel to CPUTLBDescFast.table */
    size_t n_used;               /* entries filled since the last flush */
    size_t n_fills;              /* fills since the last flush or resize */
    size_t n_vhits;              /* victim hits since the table was cleared */
    int64_t window_begin_ns;     /* for dynamic resizing */
    size_t window_max_used;
    vaddr large_page_addr, large_page_mask;  /* for flush-page of huge pages */
    /* Table slots filled from huge pages since the table was last cleared
       (may repeat or be stale), so that flushing a page inside a huge page
       drops that huge page's entries only; on overflow, flush the table. */
    uint32_t large_slot[TLB_LARGE_SLOTS];
    unsigned n_large;
    bool large_overflow;
    CPUTLBEntry vtable[CPU_VTLB_SIZE];       /* victim TLB */
    CPUTLBEntryFull vfull[CPU_VTLB_SIZE];
    unsigned vindex;
} CPUTLBDesc;

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

/* interrupt_request bits. */
enum {
    CPU_INTERRUPT_HARD = 1u << 0,    /* target-specific pending interrupt */
    CPU_INTERRUPT_EXITTB = 1u << 1,  /* leave the TB (state changed) */
    CPU_INTERRUPT_HALT = 1u << 2,
};

/* cpu_exec() results and special exception_index values. */
enum {
    EXCP_NONE = -1,
    EXCP_INTERRUPT = 0x10000,        /* exit_request: return to the main loop */
    EXCP_HLT = 0x10001,              /* halted (WFI) */
    EXCP_DEBUG = 0x10002,            /* breakpoint / single-step for the gdbstub */
    EXCP_ATOMIC = 0x10003,
};

typedef struct CPUStats {
    uint64_t tbs_translated, tb_code_bytes, tb_guest_insns;
    uint64_t tb_lookups, jmp_cache_hits, hash_hits;
    uint64_t chains, unchains, flushes;
    uint64_t tlb_misses, tlb_victim_hits, tlb_flushes, tlb_resizes;
    uint64_t smc_invalidations;
} CPUStats;

typedef struct CPUState CPUState;

typedef struct CPUState {
    DeviceState parent_obj;

    /* ---- Read by generated code: keep small offsets. ---- */
    volatile int32_t exit_request;   /* nonzero: leave at the next TB entry */
    int32_t pad0;
    CPUTLBDescFast tlb_fast[NB_MMU_MODES];

    /* ---- Engine state. ---- */
    int cpu_index;
    AddressSpace *as;                /* the CPU's view of the system bus */
    struct Machine *machine;
    sigjmp_buf jmp_env;              /* cpu_loop_exit() returns here */
    int exception_index;             /* pending exception, or EXCP_NONE */
    uint32_t interrupt_request;
    bool halted;                     /* WFI: nothing to run until has_work */
    bool stopped;                    /* held by the debugger / not started */
    bool singlestep;
    bool can_do_io;
    uint32_t cflags_next_tb;         /* one-shot cflags (e.g. single insn), or -1 */
    int64_t icount_budget;

    struct TranslationBlock *tb_jmp_cache[TB_JMP_CACHE_SIZE];
    /* Bit (page & (TB_JMP_CACHE_SIZE - 1)) is set for every virtual page of
       a TB put in tb_jmp_cache since its last clear: a page flush scans the
       cache only when the page (or the one before) may be there. */
    uint64_t tb_jmp_page_filter[TB_JMP_CACHE_SIZE / 64];
    CPUTLBDesc tlb_desc[NB_MMU_MODES];
    CPUStats stats;
} CPUState;

typedef struct TranslationBlock TranslationBlock;

typedef struct CPUClass {
    DeviceClass parent_class;

    /* Interrupts and exceptions. */
    bool (*has_work)(CPUState *cpu);
    /* Take the highest-priority pending enabled interrupt, if any (state
       changes to the trap handler); returns true if one was taken. */
    bool (*exec_interrupt)(CPUState *cpu, uint32_t interrupt_request);
    /* Deliver cpu->exception_index (set by a helper before cpu_loop_exit). */
    void (*do_interrupt)(CPUState *cpu);

    /* Memory.  tlb_fill: translate addr for access; on success call
       tlb_set_page() and return true; on failure return false if probe,
       else raise the guest fault (cpu_loop_exit_restore(cpu, retaddr)). */
    bool (*tlb_fill)(CPUState *cpu, vaddr addr, int size, MMUAccessType access,
                     int mmu_idx, bool probe, uintptr_t retaddr);
    void (*do_unaligned_access)(CPUState *cpu, vaddr addr, MMUAccessType access,
                                int mmu_idx, uintptr_t retaddr) NORETURN;
    /* A bus error (MemTxResult != OK) on a physical access. */
    void (*do_transaction_failed)(CPUState *cpu, hwaddr phys, vaddr addr, unsigned size,
                                  MMUAccessType access, int mmu_idx, MemTxResult res,
                                  uintptr_t retaddr) NORETURN;
    /* MMU index of the current mode; ifetch: for instruction fetch (ignores
       MPRV-like modifiers).  Used by the code fetch (cpu_ldl_code ...); NULL
       means index 0. */
    int (*mmu_index)(CPUState *cpu, bool ifetch);

    /* Translation. */
    void (*get_tb_cpu_state)(CPUState *cpu, vaddr *pc, uint64_t *flags);
    void (*translate)(CPUState *cpu, TranslationBlock *tb, int max_insns);
    /* Set the guest state (pc, ...) from insn_start data of the faulting insn. */
    void (*restore_state_to_opc)(CPUState *cpu, const TranslationBlock *tb,
                                 const uint64_t *data);
    /* Guest program counter (for logs and the debugger). */
    vaddr (*get_pc)(CPUState *cpu);
    void (*set_pc)(CPUState *cpu, vaddr pc);

    /* Debug. */
    void (*dump_state)(CPUState *cpu, FILE *out);
    /* Disassemble one guest instruction at pc from host bytes; returns its length. */
    int (*disas_insn)(CPUState *cpu, vaddr pc, const uint8_t *bytes, size_t avail,
                      char *buf, size_t size);
    const char *gdb_core_xml;
    int gdb_num_regs;
    int (*gdb_read_register)(CPUState *cpu, uint8_t *buf, int reg);
    int (*gdb_write_register)(CPUState *cpu, const uint8_t *buf, int reg);
} CPUClass;

#define TYPE_CPU "cpu"
#define CPU(obj) ((CPUState *)(obj))
#define CPU_GET_CLASS(obj) OBJECT_GET_CLASS(CPUClass, (obj), TYPE_CPU)

/* ---- Execution engine (accel/exec.c) ---------------------------------- */

typedef struct AccelConfig {
    const TCGBackend *backend;       /* &tcg_backend_jit or &tcg_backend_interp */
    size_t tb_size;                  /* code buffer bytes */
    bool nochain;
    bool one_insn_per_tb;
} AccelConfig;

/* Once, before any vCPU runs. */
bool accel_init(const AccelConfig *cfg, Error **errp);
void cpu_engine_init(CPUState *cpu);     /* TLBs, jump cache of one vCPU */
/* Run guest code until exit_request, halt or debug: returns EXCP_*. */
int cpu_exec(CPUState *cpu);
/* Ask cpu to leave generated code at the next TB entry.  Only while it runs:
   cpu_exec starts by dropping requests made before (they are stale). */
void cpu_exit(CPUState *cpu);
/* The main loop's kick (thread and async-signal safe): the vCPU running now
   leaves at its next TB entry; if none runs, the next cpu_exec returns
   EXCP_INTERRUPT before running anything.  Other vCPUs are untouched, so a
   round-robin kick cannot starve them. */
void cpu_exit_current(void);
/* Raise/lower interrupt_request bits (kicks the CPU out). */
void cpu_interrupt(CPUState *cpu, uint32_t mask);
void cpu_reset_interrupt(CPUState *cpu, uint32_t mask);

/* From helpers: unwind to cpu_exec (exception_index set). */
void cpu_loop_exit(CPUState *cpu) NORETURN;
/* Same, after restoring the guest state of the insn at host retaddr. */
void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr) NORETURN;
/* Restore guest state from host retaddr; false if retaddr is not in a TB. */
bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr);
/* -icount: before a helper reads the virtual clock (cycle/time/instret
   CSRs), account the insns of the running TB before the one at retaddr
   (GETPC()), so the value is exact mid-TB.  No-op without -icount. */
void cpu_icount_sync(CPUState *cpu, uintptr_t retaddr);
/* Dump translation statistics (-d stats). */
void accel_dump_stats(CPUState *cpu, FILE *out);
/*
 * Helper of tcg_gen_lookup_and_goto_ptr (goto_ptr): the host code (tc_ptr) of
 * the TB for the CPU's current state if it is already translated, else 0 (the
 * goto_ptr then exits to the loop).  Also 0 when an exit, an interrupt or a
 * one-shot cflags_next_tb is pending.  Never translates, never raises.
 * Flags: TCG_CALL_NO_WG (reads the pc and the state bits).
 */
uintptr_t helper_lookup_tb_ptr(CPUState *cpu);

/* ---- Translation blocks (accel/tb.c) ---------------------------------- */

/* cflags */
enum {
    CF_COUNT_MASK = 0x1ff,           /* max insns (0 = default) */
    CF_NOCHAIN = 1u << 10,
    CF_SINGLE_STEP = 1u << 11,
};

struct TranslationBlock {
    vaddr pc;
    uint64_t flags;                  /* target's TB flags (privilege, ...) */
    uint32_t cflags;
    uint16_t size;                   /* guest bytes */
    uint16_t icount;                 /* guest instructions */
    hwaddr page_addr[2];             /* physical pages of the code; -1 if none */
    const uint8_t *tc_ptr;           /* code (rx) */
    uint32_t tc_size;
    /* insn_start data for state recovery, encoded after the code. */
    const uint8_t *search_data;
    uint16_t jmp_insn_off[2];        /* patchable jump of goto_tb slot n, or 0xffff */
    uint16_t jmp_reset_off[2];
    uint16_t jmp_loop_off[2];        /* slot n chained to this TB enters here, or 0xffff */
    struct TranslationBlock *jmp_dest[2];     /* chained to */
    struct TranslationBlock *jmp_list_head;   /* TBs chained into us (n in low bits) */
    uintptr_t jmp_list_next[2];
    struct TranslationBlock *hash_next;
    struct TranslationBlock *page_next[2];
    bool invalid;
};

/* Invalidate all TBs overlapping guest physical [start, end). */
void tb_invalidate_phys_range(hwaddr start, hwaddr end);
/* Flush the whole code cache (fence.i with no finer tracking, cache full). */
void tb_flush(CPUState *cpu);

/* ---- Softmmu (accel/cputlb.c) ------------------------------------------ */

void tlb_set_page(CPUState *cpu, vaddr addr, hwaddr paddr, int prot, int mmu_idx,
                  uint64_t page_size);
void tlb_flush(CPUState *cpu);
void tlb_flush_page(CPUState *cpu, vaddr addr);
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap);
void tlb_flush_page_by_mmuidx(CPUState *cpu, vaddr addr, uint16_t idxmap);

/* Slow paths, called by generated code (JIT stubs, interpreter). */
uint64_t helper_ld_slow(CPUState *cpu, vaddr addr, MemOpIdx oi, uintptr_t retaddr);
void helper_st_slow(CPUState *cpu, vaddr addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr);

/* From C helpers (AMOs, page walks of other CPUs, ...): a guest access that
   may fault, as if done by the instruction at retaddr. */
uint64_t cpu_ld_mmu(CPUState *cpu, vaddr addr, MemOpIdx oi, uintptr_t retaddr);
void cpu_st_mmu(CPUState *cpu, vaddr addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr);

/* Instruction fetch for the translator: the bytes at guest virtual pc, or a
   guest fault (raised as for the first instruction of the TB). */
uint32_t cpu_ldl_code(CPUState *cpu, vaddr pc);
uint16_t cpu_lduw_code(CPUState *cpu, vaddr pc);
/* Physical address of the code page at pc (-1 when not RAM/ROM). */
hwaddr get_page_addr_code(CPUState *cpu, vaddr pc);
/* Host pointer for [addr, addr+size) if it is RAM writable/readable without
   fault, else NULL (used by cbo.zero and fast string paths). */
void *tlb_probe_host(CPUState *cpu, vaddr addr, int size, MMUAccessType access, int mmu_idx);
/* Faulting check that [addr, addr+size) (one page) allows access, as if done
   by the insn at retaddr: fills the TLB (the target's page/PMP faults) and
   raises do_transaction_failed(access) when nothing is mapped there (so an
   AMO to a hole reports a store/AMO access fault, not a load fault).  Returns
   the host pointer for plain RAM (not a code page when storing), else NULL. */
void *probe_access(CPUState *cpu, vaddr addr, int size, MMUAccessType access, int mmu_idx,
                   uintptr_t retaddr);

/* ---- Translator loop (accel/translator.c) ------------------------------ */

typedef enum DisasJumpType {
    DISAS_NEXT,          /* keep translating */
    DISAS_TOO_MANY,      /* stop: hit max insns or page end; PC is next insn */
    DISAS_NORETURN,      /* the insn ended the TB itself (exception, jump) */
    DISAS_TARGET_0,      /* targets define more from here */
} DisasJumpType;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    vaddr pc_first;
    vaddr pc_next;
    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
    bool singlestep;
} DisasContextBase;

typedef struct TranslatorOps {
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);   /* emit insn_start */
    /* Advance pc_next; or, to end the TB before this insn (not the first),
       leave pc_next alone and set is_jmp = DISAS_TOO_MANY. */
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
} TranslatorOps;

/* Generic loop: the exit_request check at entry, then insns until is_jmp,
   max_insns or the end of the page. */
void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns,
                     const TranslatorOps *ops, DisasContextBase *db);
/* Whether goto_tb may be used for a direct jump to dest from this TB. */
bool translator_use_goto_tb(DisasContextBase *db, vaddr dest);
/* Ends the TB like tcg_gen_lookup_and_goto_ptr(), with an inline jump cache
   probe when generating host code.  pc: the value just stored to the guest
   pc (a constant for a direct jump); flags: exactly what get_tb_cpu_state
   would return here. */
void translator_gen_lookup_and_goto_ptr(DisasContextBase *db, TCGv_i64 pc, uint64_t flags);

/* The CPU list (SMP). */
extern CPUState *cpu_list[];
extern int cpu_count;

#endif
