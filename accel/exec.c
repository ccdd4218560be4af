/*
 * The vCPU execution loop: deliver exceptions and interrupts, find the TB
 * for the current state (jump cache, then hash), translate on a miss, chain
 * it to the previous TB, run it, and decode how it exited.  Also precise
 * state recovery from a host return address, and the engine's set-up.
 *
 * Protocol with generated code and targets:
 *  - A TB returns (uintptr_t)tb | n: n = 0/1 it left through goto_tb slot n
 *    unchained (the pc is stored; the loop may patch the slot to the next TB),
 *    n = TB_EXIT_REQUESTED it saw exit_request at its entry and ran nothing
 *    (the loop sets the pc to tb->pc with CPUClass.set_pc: a chained jump
 *    does not store it).  0: exit_tb(NULL, 0) or goto_ptr with no TB; the
 *    pc is stored, nothing is chained.
 *  - exit_request is only for the vCPU running now: cpu_exec clears it on
 *    entry, then returns EXCP_INTERRUPT at the first TB boundary after it is
 *    raised (cpu_exit, cpu_interrupt, a deferred tb_flush), after taking any
 *    pending interrupt.
 *  - helpers raise with exception_index + cpu_loop_exit_restore(GETPC());
 *    EXCP_HLT/EXCP_DEBUG/EXCP_INTERRUPT are returned, others go to
 *    CPUClass.do_interrupt.  cflags_next_tb is one-shot.
 *  - cpu->singlestep: 1-insn TBs, no chaining, EXCP_DEBUG after each TB (and
 *    after an exception is delivered): targets need nothing more.
 */
#include <stdatomic.h>
#include "accel/tb-internal.h"
#include "hw/core/timer.h"
#include "util/error.h"
#include "util/log.h"

/* Flush before translating with less free space than this (a big TB's code). */
#define MIN_CODE_SPACE MIN(64 * KiB, tb_ctx.cb.size / 8)

bool accel_init(const AccelConfig *cfg, Error **errp)
{
    size_t used = 0;

    if (tb_ctx.initialized) {
        return true;
    }
    if (!cfg || !cfg->backend) {
        error_setg(errp, "accel: no TCG back end selected");
        return false;
    }
    tb_ctx.cfg = *cfg;
    tb_ctx.backend = cfg->backend;
    if (!codebuf_init(&tb_ctx.cb, cfg->tb_size, errp)) {
        error_prepend(errp, "cannot allocate the code buffer: ");
        return false;
    }
    codebuf_begin_write(&tb_ctx.cb);
    tb_ctx.backend->init(tb_ctx.cb.rw, tb_ctx.cb.rx, tb_ctx.cb.size, &used);
    codebuf_end_write(&tb_ctx.cb, tb_ctx.cb.rx, used);
    codebuf_commit(&tb_ctx.cb, used);
    tb_ctx.prologue_size = tb_ctx.cb.used;
    tcg_context_init(&tb_ctx.tcg);
    tb_cache_init();
    tb_install_write_hook();
    tb_ctx.initialized = true;
    return true;
}

void cpu_engine_init(CPUState *cpu)
{
    tlb_init(cpu);
    tb_jmp_cache_clear(cpu);
}

/*
 * -icount: the virtual clock advances by the guest instructions of each TB
 * that ran, accounted when it is left (through the loop or goto_ptr), so an
 * exit at a TB entry (exit_request, asynchronous) counts nothing.  Chaining
 * is off so that every TB boundary passes here; the vCPU returns to the main
 * loop at the first TB boundary past the next timer deadline.  Deterministic
 * at TB granularity; a TB left by an exception counts whole.
 */
static TranslationBlock *icount_tb;      /* running TB not yet accounted */
static int icount_done;                  /* its insns accounted already */

/*
 * What curr_cflags() and icount_enabled() depend on (-icount, -d nochain,
 * the accelerator options) changes only between slices: the lookup path
 * uses a copy taken when a vCPU enters cpu_exec.
 */
static bool icount_on;
static uint32_t cflags_config;

static inline bool icount_enabled(void)
{
    return icount_on;
}

static void icount_begin(TranslationBlock *tb)
{
    icount_tb = tb;
    icount_done = 0;
}

static void icount_account(void)
{
    if (icount_tb) {
        clock_account_insns(icount_tb->icount - icount_done);
    }
    icount_begin(NULL);
}

void cpu_icount_sync(CPUState *cpu, uintptr_t retaddr)
{
    uint64_t data[TCG_INSN_START_WORDS];
    int i;

    if (!icount_enabled() || !icount_tb || !retaddr ||
        tb_find_by_tc(retaddr) != icount_tb) {
        return;
    }
    i = tb_decode_search(icount_tb, retaddr, data);
    if (i > icount_done) {
        clock_account_insns(i - icount_done);
        icount_done = i;
    }
}

static bool icount_deadline_passed(void)
{
    int64_t dl = timers_next_deadline();
    return dl != INT64_MAX && clock_get_ns() >= dl;
}

static uint32_t cflags_of_config(void)
{
    uint32_t cflags = 0;

    if (tb_ctx.cfg.nochain || log_enabled(LOG_NOCHAIN) || clock_icount_shift() >= 0) {
        cflags |= CF_NOCHAIN;
    }
    if (tb_ctx.cfg.one_insn_per_tb) {
        cflags |= 1;
    }
    return cflags;
}

static void exec_config_refresh(void)
{
    icount_on = clock_icount_shift() >= 0;
    cflags_config = cflags_of_config();
}

static inline uint32_t cflags_with(CPUState *cpu, uint32_t config)
{
    if (unlikely(cpu->singlestep)) {
        return (config & ~CF_COUNT_MASK) | CF_SINGLE_STEP | CF_NOCHAIN | 1;
    }
    return config;
}

uint32_t curr_cflags(CPUState *cpu)
{
    return cflags_with(cpu, cflags_of_config());
}

/* ---- State recovery ------------------------------------------------------ */

static bool restore_from_tb(CPUState *cpu, TranslationBlock *tb, uintptr_t retaddr)
{
    uint64_t data[TCG_INSN_START_WORDS];
    CPUClass *cc = cpu_class(cpu);

    if (tb_decode_search(tb, retaddr, data) < 0) {
        return false;
    }
    cc->restore_state_to_opc(cpu, tb, data);
    return true;
}

bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr)
{
    TranslationBlock *tb;

    if (!retaddr) {
        return false;
    }
    tb = tb_find_by_tc(retaddr);
    return tb && restore_from_tb(cpu, tb, retaddr);
}

void cpu_loop_exit(CPUState *cpu)
{
    siglongjmp(cpu->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    if (retaddr) {
        cpu_restore_state(cpu, retaddr);
    }
    cpu_loop_exit(cpu);
}

/* ---- Translation ----------------------------------------------------------- */

static void log_in_asm(CPUState *cpu, TranslationBlock *tb)
{
    CPUClass *cc = cpu_class(cpu);
    FILE *out = log_file();
    vaddr pc = tb->pc, end = tb->pc + tb->size;

    fprintf(out, "----------------\nIN: \n");
    while (pc < end) {
        uint8_t bytes[8];
        size_t avail = MIN((size_t)(end - pc), sizeof(bytes));
        char buf[128];
        int len;
        memset(bytes, 0, sizeof(bytes));
        for (size_t i = 0; i + 1 < avail; i += 2) {
            uint16_t h = cpu_lduw_code(cpu, pc + i);
            bytes[i] = h & 0xff;
            bytes[i + 1] = h >> 8;
        }
        len = cc->disas_insn ? cc->disas_insn(cpu, pc, bytes, avail, buf, sizeof(buf)) : 0;
        if (len <= 0) {
            len = (int)MIN(avail, 4);
            snprintf(buf, sizeof(buf), ".byte (%d)", len);
        }
        fprintf(out, "0x%016" PRIx64 ":  ", pc);
        for (int i = 0; i < 4; i++) {
            if (i < len) {
                fprintf(out, "%02x", bytes[len - 1 - i]);
            } else {
                fprintf(out, "  ");
            }
        }
        fprintf(out, "  %s\n", buf);
        pc += len;
    }
    fprintf(out, "\n");
    log_flush();
}

/* TB descriptors keep goto_tb offsets in 16 bits. */
static bool jmp_offsets_fit(const TCGContext *s)
{
    for (int n = 0; n < 2; n++) {
        if (s->goto_tb_insn_off[n] == UINT32_MAX) {
            continue;
        }
        if (s->goto_tb_insn_off[n] >= TB_JMP_NONE || s->goto_tb_reset_off[n] >= TB_JMP_NONE) {
            return false;
        }
    }
    return true;
}

static TranslationBlock *tb_gen_code(CPUState *cpu, vaddr pc, uint64_t flags,
                                     uint32_t cflags, hwaddr phys_pc)
{
    CPUClass *cc = cpu_class(cpu);
    TCGContext *s = &tb_ctx.tcg;
    int max_insns = cflags & CF_COUNT_MASK;
    bool flushed_for_this = false, logged_in_asm = false;
    TranslationBlock *tb;
    long code_size, search_size;

    if (max_insns == 0 || max_insns > TCG_MAX_INSNS) {
        max_insns = TCG_MAX_INSNS;
    }
    if (cflags & CF_SINGLE_STEP) {
        max_insns = 1;
    }
retry:
    if (codebuf_avail(&tb_ctx.cb) < MIN_CODE_SPACE && !flushed_for_this) {
        tb_flush_now(cpu);
        flushed_for_this = true;
    }
    tb = tb_reserve();
    tb->pc = pc;
    tb->flags = flags;
    tb->cflags = cflags;
    tb->page_addr[0] = phys_pc == (hwaddr)-1 ? (hwaddr)-1 : phys_pc & TARGET_PAGE_MASK;
    tb->page_addr[1] = (hwaddr)-1;
    tb->jmp_insn_off[0] = tb->jmp_insn_off[1] = TB_JMP_NONE;
    tb->jmp_reset_off[0] = tb->jmp_reset_off[1] = TB_JMP_NONE;
    tb->jmp_loop_off[0] = tb->jmp_loop_off[1] = TB_JMP_NONE;

    tcg_func_start(s);
    cc->translate(cpu, tb, max_insns);
    if (s->overflow) {
        if (tb->icount <= 1 && max_insns == 1) {
            fprintf(stderr, "vireo: one guest instruction overflows the IR buffers\n");
            abort();
        }
        max_insns = MAX(1, MIN(max_insns, tb->icount) / 2);
        goto retry;
    }
    if (log_enabled(LOG_IN_ASM) && !logged_in_asm) {
        log_in_asm(cpu, tb);             /* once, even if retried below */
        logged_in_asm = true;
    }
    if (log_enabled(LOG_OP)) {
        log_printf("OP:\n");
        tcg_dump_ops(s, log_file());
        log_printf("\n");
    }
    tcg_optimize(s);
    if (log_enabled(LOG_OP_OPT)) {
        log_printf("OP after optimization:\n");
        tcg_dump_ops(s, log_file());
        log_printf("\n");
    }
    tcg_liveness_analysis(s);

    codebuf_begin_write(&tb_ctx.cb);
    code_size = tb_ctx.backend->gen_code(s, tb, codebuf_cur_rw(&tb_ctx.cb),
                                         codebuf_cur_rx(&tb_ctx.cb),
                                         codebuf_avail(&tb_ctx.cb));
    search_size = -1;
    if (code_size >= 0) {
        search_size = tb_encode_search(tb, codebuf_cur_rw(&tb_ctx.cb) + code_size,
                                       codebuf_avail(&tb_ctx.cb) - code_size);
    }
    codebuf_end_write(&tb_ctx.cb, codebuf_cur_rx(&tb_ctx.cb),
                      code_size > 0 ? (size_t)code_size : 0);
    if (code_size == TCG_GEN_TOO_LARGE && max_insns > 1) {
        max_insns /= 2;          /* jump offsets must fit TranslationBlock's 16 bits */
        goto retry;
    }
    if (code_size >= 0 && search_size >= 0 && !jmp_offsets_fit(s)) {
        /* Jump offsets are 16 bits: a TB this big is cut in two. */
        assert(max_insns > 1);
        max_insns = MAX(1, MIN(max_insns, tb->icount) / 2);
        goto retry;
    }
    if (code_size < 0 || search_size < 0 || code_size > UINT32_MAX) {
        if (!flushed_for_this) {
            tb_flush_now(cpu);
            flushed_for_this = true;
        } else if (max_insns > 1) {
            max_insns /= 2;      /* one TB larger than the whole buffer */
        } else {
            fprintf(stderr, "vireo: code buffer too small for one instruction\n");
            abort();
        }
        goto retry;
    }

    tb->tc_ptr = codebuf_cur_rx(&tb_ctx.cb);
    tb->tc_size = (uint32_t)code_size;
    tb->search_data = tb->tc_ptr + code_size;
    for (int n = 0; n < 2; n++) {
        if (s->goto_tb_insn_off[n] != UINT32_MAX) {
            tb->jmp_insn_off[n] = (uint16_t)s->goto_tb_insn_off[n];
            tb->jmp_reset_off[n] = (uint16_t)s->goto_tb_reset_off[n];
        }
        if (s->goto_tb_loop_off[n] < TB_JMP_NONE) {
            tb->jmp_loop_off[n] = (uint16_t)s->goto_tb_loop_off[n];
        }
    }
    codebuf_commit(&tb_ctx.cb, code_size + search_size);

    /* The code may extend onto a second page (an insn crossing the end). */
    if (tb->size && phys_pc != (hwaddr)-1 &&
        ((pc + tb->size - 1) & TARGET_PAGE_MASK) != (pc & TARGET_PAGE_MASK)) {
        hwaddr p2 = get_page_addr_code(cpu, pc + tb->size - 1);
        tb->page_addr[1] = p2 == (hwaddr)-1 ? (hwaddr)-1 : (p2 & TARGET_PAGE_MASK);
    }
    tb_commit(tb, cpu);

    cpu->stats.tbs_translated++;
    cpu->stats.tb_code_bytes += code_size;
    cpu->stats.tb_guest_insns += tb->icount;
    if (log_enabled(LOG_OUT_ASM)) {
        log_printf("OUT: [size=%ld]\n", code_size);
        if (tb_ctx.backend->disas) {
            tb_ctx.backend->disas(log_file(), tb->tc_ptr, tb->tc_size);
        }
        log_printf("\n");
        log_flush();
    }
    return tb;
}

/* ---- Lookup ------------------------------------------------------------------ */

static inline TranslationBlock *jmp_cache_get(CPUState *cpu, vaddr pc, uint64_t flags,
                                              uint32_t cflags)
{
    TranslationBlock *tb = cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)];

    if (tb && tb->pc == pc && tb->flags == flags && tb->cflags == cflags && !tb->invalid) {
        return tb;
    }
    return NULL;
}

static TranslationBlock *tb_lookup(CPUState *cpu, vaddr pc, uint64_t flags, uint32_t cflags,
                                   hwaddr *phys_pc)
{
    TranslationBlock *tb;

    cpu->stats.tb_lookups++;
    tb = jmp_cache_get(cpu, pc, flags, cflags);
    if (tb) {
        cpu->stats.jmp_cache_hits++;
        return tb;
    }
    *phys_pc = get_page_addr_code(cpu, pc);      /* may raise a fetch fault */
    if (*phys_pc == (hwaddr)-1) {
        return NULL;
    }
    *phys_pc += pc & ~TARGET_PAGE_MASK;
    tb = tb_htable_lookup(pc, *phys_pc, flags, cflags, cpu);
    if (tb) {
        cpu->stats.hash_hits++;
        tb_jmp_cache_set(cpu, pc, tb);
    }
    return tb;
}

uintptr_t helper_lookup_tb_ptr(CPUState *cpu)
{
    CPUClass *cc = cpu_class(cpu);
    TranslationBlock *tb;
    vaddr pc;
    uint64_t flags;
    uint32_t cflags;
    hwaddr phys;

    if (cpu->exit_request || cpu->cflags_next_tb != (uint32_t)-1 || tb_ctx.flush_pending ||
        cpu->singlestep) {
        return 0;
    }
    cc->get_tb_cpu_state(cpu, &pc, &flags);
    cflags = cflags_with(cpu, cflags_config);
    cpu->stats.tb_lookups++;
    tb = jmp_cache_get(cpu, pc, flags, cflags);
    if (tb) {
        cpu->stats.jmp_cache_hits++;
    } else {
        phys = tlb_probe_code(cpu, pc);
        if (phys == (hwaddr)-1) {
            return 0;
        }
        tb = tb_htable_lookup(pc, phys + (pc & ~TARGET_PAGE_MASK), flags, cflags, cpu);
        if (!tb) {
            return 0;
        }
        cpu->stats.hash_hits++;
        tb_jmp_cache_set(cpu, pc, tb);
    }
    if (icount_enabled()) {
        if (icount_deadline_passed()) {
            return 0;
        }
        icount_account();
        icount_begin(tb);
    }
    if (log_enabled(LOG_EXEC)) {
        log_printf("Chain %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x]\n", cpu->cpu_index,
                   (const void *)tb->tc_ptr, tb->pc, tb->flags, tb->cflags);
    }
    if (log_enabled(LOG_CPU) && cc->dump_state) {
        cc->dump_state(cpu, log_file());
    }
    return (uintptr_t)tb->tc_ptr;
}

/* ---- The loop ------------------------------------------------------------------ */

static int cpu_exec_loop(CPUState *cpu)
{
    CPUClass *cc = cpu_class(cpu);
    TranslationBlock *last_tb = NULL;
    int tb_exit = 0;

    for (;;) {
        TranslationBlock *tb;
        uint64_t flags, gen;
        uint32_t cflags;
        bool oneshot;
        vaddr pc;
        hwaddr phys_pc = (hwaddr)-1;
        uintptr_t ret;

        if (cpu->exception_index >= 0) {
            int excp = cpu->exception_index;
            if (excp >= EXCP_INTERRUPT) {
                cpu->exception_index = EXCP_NONE;
                if (excp == EXCP_HLT) {
                    cpu->halted = true;
                }
                return excp;
            }
            if (log_enabled(LOG_INT)) {
                log_printf("exception %d on cpu %d\n", excp, cpu->cpu_index);
            }
            cc->do_interrupt(cpu);
            cpu->exception_index = EXCP_NONE;
            last_tb = NULL;
            if (cpu->singlestep) {
                return EXCP_DEBUG;
            }
        }
        if (tb_ctx.flush_pending) {
            tb_flush_now(cpu);
            last_tb = NULL;
        }
        if (cpu->interrupt_request) {
            uint32_t ir = cpu->interrupt_request;
            if (ir & CPU_INTERRUPT_HALT) {
                cpu->interrupt_request &= ~CPU_INTERRUPT_HALT;
                cpu->halted = true;
                return EXCP_HLT;
            }
            if (ir & CPU_INTERRUPT_EXITTB) {
                cpu->interrupt_request &= ~CPU_INTERRUPT_EXITTB;
                last_tb = NULL;
            }
            if (cc->exec_interrupt && cc->exec_interrupt(cpu, cpu->interrupt_request)) {
                cpu->halted = false;
                last_tb = NULL;
            }
            if (cpu->exception_index >= 0) {
                continue;
            }
        }
        if (cpu->exit_request) {
            cpu->exit_request = 0;
            return EXCP_INTERRUPT;
        }
        if (cpu->halted) {
            return EXCP_HLT;
        }
        if (icount_enabled() && icount_deadline_passed()) {
            return EXCP_INTERRUPT;          /* let the main loop run timers */
        }

        cc->get_tb_cpu_state(cpu, &pc, &flags);
        oneshot = cpu->cflags_next_tb != (uint32_t)-1;
        if (oneshot) {
            cflags = cpu->cflags_next_tb;
            cpu->cflags_next_tb = (uint32_t)-1;
        } else {
            cflags = cflags_with(cpu, cflags_config);
        }
        tb = tb_lookup(cpu, pc, flags, cflags, &phys_pc);
        if (!tb) {
            gen = tb_ctx.flush_count;
            tb = tb_gen_code(cpu, pc, flags, cflags, phys_pc);
            if (gen != tb_ctx.flush_count) {
                last_tb = NULL;
            }
            tb_jmp_cache_set(cpu, pc, tb);
        }
        /* Never chain into a TB spanning two pages: the second page's
           mapping is not checked on a direct jump. */
        if (last_tb && tb->page_addr[1] == (hwaddr)-1 && tb_add_jump(last_tb, tb_exit, tb)) {
            cpu->stats.chains++;
        }

        if (log_enabled(LOG_EXEC)) {
            log_printf("Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x]\n", cpu->cpu_index,
                       (const void *)tb->tc_ptr, tb->pc, tb->flags, tb->cflags);
        }
        if (log_enabled(LOG_CPU) && cc->dump_state) {
            cc->dump_state(cpu, log_file());
        }
        tb_ctx.in_exec = true;
        icount_begin(tb);
        ret = tb_ctx.backend->exec(cpu, tb->tc_ptr);
        tb_ctx.in_exec = false;
        if ((ret & TB_EXIT_MASK) == TB_EXIT_REQUESTED) {
            icount_begin(NULL);             /* left before it ran */
        }
        if (icount_enabled()) {
            icount_account();
        }
        icount_begin(NULL);

        last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        tb_exit = (int)(ret & TB_EXIT_MASK);
        if (tb_exit == TB_EXIT_REQUESTED) {
            /* Left at the entry of last_tb (maybe reached by a chained jump,
               which does not store the pc): the state is its start. */
            if (last_tb && cc->set_pc) {
                cc->set_pc(cpu, last_tb->pc);
            }
            if (oneshot && last_tb == tb) {
                cpu->cflags_next_tb = cflags;
            }
            last_tb = NULL;
        } else if (cpu->singlestep) {
            return EXCP_DEBUG;
        }
    }
}

/*
 * The main loop's kick (from its alarm thread or a signal handler) is for
 * whichever vCPU runs now, or runs next if it comes between two cpu_exec.
 */
static CPUState *_Atomic running_cpu;
static atomic_int kick_pending;

void cpu_exit_current(void)
{
    CPUState *cpu;

    atomic_store(&kick_pending, 1);
    cpu = atomic_load(&running_cpu);
    if (cpu) {
        cpu->exit_request = 1;
    }
}

int cpu_exec(CPUState *cpu)
{
    CPUClass *cc = cpu_class(cpu);
    int ret;

    assert(tb_ctx.initialized);
    exec_config_refresh();
    if (!cpu->tlb_fast[0].table) {
        cpu_engine_init(cpu);
    }
    /* A request made while this vCPU was not running (an interrupt: checked
       below anyway) has nothing to interrupt any more. */
    cpu->exit_request = 0;
    if (cpu->halted) {
        if (!(cc->has_work && cc->has_work(cpu))) {
            return EXCP_HLT;
        }
        cpu->halted = false;
    }
    atomic_store(&running_cpu, cpu);
    if (atomic_exchange(&kick_pending, 0)) {
        cpu->exit_request = 1;
    }
    for (;;) {
        if (sigsetjmp(cpu->jmp_env, 0) == 0) {
            ret = cpu_exec_loop(cpu);
            break;
        }
        /* Back from cpu_loop_exit: generated code and helpers are gone. */
        if (tb_ctx.in_exec && icount_enabled()) {
            icount_account();
        }
        icount_begin(NULL);
        tb_ctx.in_exec = false;
        tcg_interp_retaddr = 0;
    }
    /* Returning to the main loop serves any kick made meanwhile. */
    atomic_store(&running_cpu, NULL);
    atomic_store(&kick_pending, 0);
    return ret;
}

void accel_dump_stats(CPUState *cpu, FILE *out)
{
    const CPUStats *s = &cpu->stats;

    fprintf(out, "cpu %d translation statistics:\n", cpu->cpu_index);
    fprintf(out, "  TBs translated      %" PRIu64 " (%" PRIu64 " guest insns, %" PRIu64
            " host bytes, %.1f bytes/insn)\n", s->tbs_translated, s->tb_guest_insns,
            s->tb_code_bytes,
            s->tb_guest_insns ? (double)s->tb_code_bytes / s->tb_guest_insns : 0.0);
    fprintf(out, "  TB lookups          %" PRIu64 " (jump cache %" PRIu64 ", hash %" PRIu64
            ")\n", s->tb_lookups, s->jmp_cache_hits, s->hash_hits);
    fprintf(out, "  chains / unchains   %" PRIu64 " / %" PRIu64 "\n", s->chains, s->unchains);
    fprintf(out, "  code flushes        %" PRIu64 "\n", s->flushes);
    fprintf(out, "  SMC invalidations   %" PRIu64 "\n", s->smc_invalidations);
    fprintf(out, "  TLB misses          %" PRIu64 " (victim hits %" PRIu64 ")\n",
            s->tlb_misses, s->tlb_victim_hits);
    fprintf(out, "  TLB flushes         %" PRIu64 " (resizes %" PRIu64 ")\n",
            s->tlb_flushes, s->tlb_resizes);
    if (tb_ctx.initialized) {
        fprintf(out, "  code buffer         %zu / %zu bytes used, %zu TBs live, "
                "backend %s\n", tb_ctx.cb.used, tb_ctx.cb.size, tb_ctx.htable_count,
                tb_ctx.backend->name);
    }
}
