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
