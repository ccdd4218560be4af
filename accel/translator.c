/*
 * The generic translator loop: an exit_request check at TB entry, then the
 * target's instructions until it ends the TB, the insn budget is spent, the
 * next insn would start on another page, or the IR buffers overflow.
 */
#include "accel/tb-internal.h"
#include "util/log.h"

static inline bool same_page(vaddr a, vaddr b)
{
    return ((a ^ b) & TARGET_PAGE_MASK) == 0;
}

void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns,
                     const TranslatorOps *ops, DisasContextBase *db)
{
    TCGLabel *exit_label;
    TCGv_i32 flag;

    db->tb = tb;
    db->pc_first = tb->pc;
    db->pc_next = tb->pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = MAX(1, MIN(max_insns, TCG_MAX_INSNS));
    db->singlestep = (tb->cflags & CF_SINGLE_STEP) != 0;
    if (db->singlestep) {
        db->max_insns = 1;
    }
    if (ops->init_disas_context) {
        ops->init_disas_context(db, cpu);
    }

    /* One flag test at TB entry: leave before running anything, with the
       state at the TB's start (TB_EXIT_REQUESTED). */
    exit_label = gen_new_label();
    flag = tcg_temp_new_i32();
    tcg_gen_ld_i32(flag, tcg_env, offsetof(CPUState, exit_request));
    tcg_gen_brcond_i32(TCG_COND_NE, flag, tcg_constant_i32(0), exit_label);

    if (ops->tb_start) {
        ops->tb_start(db, cpu);
    }
    for (;;) {
        vaddr pc = db->pc_next;
        ops->insn_start(db, cpu);
        db->num_insns++;
        ops->translate_insn(db, cpu);
        if (db->is_jmp == DISAS_TOO_MANY && db->pc_next == pc && db->num_insns > 1) {
            /* The target declined this insn (e.g. a later insn crossing the
               page end): it belongs to the next TB, not counted here. */
            db->num_insns--;
            break;
        }
        if (db->is_jmp != DISAS_NEXT) {
            break;
        }
        if (tcg_ctx->overflow || db->num_insns >= db->max_insns ||
            !same_page(db->pc_next, db->pc_first)) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);

    gen_set_label(exit_label);
    tcg_gen_exit_tb(tb, TB_EXIT_REQUESTED);

    tb->size = (uint16_t)(db->pc_next - db->pc_first);
    tb->icount = (uint16_t)db->num_insns;
}

bool translator_use_goto_tb(DisasContextBase *db, vaddr dest)
{
    if (db->tb->cflags & (CF_NOCHAIN | CF_SINGLE_STEP)) {
        return false;
    }
    return same_page(dest, db->pc_first);
}

/*
 * The jump cache probe of helper_lookup_tb_ptr, inlined in generated code:
 * a hit costs a few loads and compares instead of a helper call that
 * recomputes the CPU state.  Only for host code (the interpreter would run
 * more ops than the call costs), and not when every TB exit must reach the
 * helper or the loop (nochain, icount, single-step, -d exec/cpu logs).
 * The TB found must have been made for exactly this state: pc, flags (the
 * caller's) and cflags (this TB's: the same as curr_cflags, since one-shot
 * cflags all carry CF_NOCHAIN).  Invalidated TBs leave every jump cache, so
 * no validity check is needed.
 */
void translator_gen_lookup_and_goto_ptr(DisasContextBase *db, TCGv_i64 pc, uint64_t flags)
{
    uint32_t cflags = db->tb->cflags;
    TCGLabel *miss;
    TCGv_i64 tb, t;
    TCGOp *op;

    if (tb_ctx.backend != &tcg_backend_jit || (cflags & (CF_NOCHAIN | CF_SINGLE_STEP)) ||
        log_enabled(LOG_EXEC | LOG_CPU)) {
        tcg_gen_lookup_and_goto_ptr();
        return;
    }
    miss = gen_new_label();
    tb = tcg_temp_new_i64();
    t = tcg_temp_new_i64();
    if (tcgv_i64_temp(pc)->kind == TEMP_CONST) {
        vaddr dest = (vaddr)tcgv_i64_temp(pc)->val;
        tcg_gen_ld_i64(tb, tcg_env, (int32_t)(offsetof(CPUState, tb_jmp_cache) +
                                              tb_jmp_cache_hash(dest) * sizeof(void *)));
    } else {
        /* tb_jmp_cache_hash(pc) * sizeof(void *) */
        tcg_gen_shri_i64(t, pc, TARGET_PAGE_BITS + 1);
        tcg_gen_shri_i64(tb, pc, 1);
        tcg_gen_xor_i64(tb, tb, t);
        tcg_gen_andi_i64(tb, tb, TB_JMP_CACHE_SIZE - 1);
        tcg_gen_shli_i64(tb, tb, 3);
        tcg_gen_add_i64(tb, tb, tcg_env);
        tcg_gen_ld_i64(tb, tb, (int32_t)offsetof(CPUState, tb_jmp_cache));
    }
    tcg_gen_brcondi_i64(TCG_COND_EQ, tb, 0, miss);
    tcg_gen_ld_i64(t, tb, (int32_t)offsetof(TranslationBlock, pc));
    tcg_gen_brcond_i64(TCG_COND_NE, t, pc, miss);
    tcg_gen_ld_i64(t, tb, (int32_t)offsetof(TranslationBlock, flags));
    tcg_gen_brcondi_i64(TCG_COND_NE, t, (int64_t)flags, miss);
    tcg_gen_ld32u_i64(t, tb, (int32_t)offsetof(TranslationBlock, cflags));
    tcg_gen_brcondi_i64(TCG_COND_NE, t, cflags, miss);
    if (log_enabled(LOG_STATS)) {
        /* -d stats: count the lookup and the hit (costs 6 insns a jump). */
        tcg_gen_ld_i64(t, tcg_env, (int32_t)offsetof(CPUState, stats.tb_lookups));
        tcg_gen_addi_i64(t, t, 1);
        tcg_gen_st_i64(t, tcg_env, (int32_t)offsetof(CPUState, stats.tb_lookups));
        tcg_gen_ld_i64(t, tcg_env, (int32_t)offsetof(CPUState, stats.jmp_cache_hits));
        tcg_gen_addi_i64(t, t, 1);
        tcg_gen_st_i64(t, tcg_env, (int32_t)offsetof(CPUState, stats.jmp_cache_hits));
    }
    tcg_gen_ld_i64(t, tb, (int32_t)offsetof(TranslationBlock, tc_ptr));
    op = tcg_emit_op(INDEX_op_goto_ptr, TCG_TYPE_I64, 1);
    op->args[0] = (TCGArg)t.idx;
    gen_set_label(miss);
    tcg_gen_lookup_and_goto_ptr();
}
