/*
 * Liveness analysis: one backward pass over the op list that fills
 * TCGOp.life and removes dead pure ops.
 *
 * Each temp has a state between ops, read backwards as "what the code after
 * this point needs":
 *   DEAD: the value is not read again (from a register);
 *   MEM:  the value must be in its memory slot at this point (globals:
 *         env + mem_offset; TB temps: their stack slot).
 * A temp that is neither is live in a register.
 *
 * Rules (going backwards, applied where the op sits):
 *   - end of the op list, goto_tb, exit_tb, goto_ptr: globals DEAD|MEM,
 *     every other temp DEAD (nothing survives a TB exit but env);
 *   - br, set_label: globals and TB temps DEAD|MEM, EBB temps DEAD
 *     (at a label nothing is known to be in a register);
 *   - brcond: globals and TB temps gain MEM (the taken path needs them in
 *     memory), their DEAD bit and all EBB temps keep the fall-through state;
 *   - call without TCG_CALL_NO_WG: globals DEAD|MEM after the op's outputs
 *     are handled (registers are stale after it; memory must hold the
 *     values it did not write);  call with NO_WG but without NO_RG:
 *     globals gain MEM (the helper reads env, or may raise);
 *   - qemu_ld, qemu_st: globals gain MEM (they may fault: the exception
 *     path reads env);
 *   - an output: DEAD_ARG(i) if its state after the op is DEAD, SYNC_ARG(i)
 *     if MEM; then its state becomes DEAD (the op defines it);
 *   - an input: DEAD_ARG(i) if its state after the op is DEAD; then its DEAD
 *     bit is cleared (MEM is kept: a later sync point still needs memory).
 *     Constants and env are never marked;
 *   - discard: the temp becomes DEAD; the op itself needs no code;
 *   - "X t, ...; mov d, t" with t a TB/EBB temp dead after the mov: X writes
 *     d itself and the mov becomes a nop (output coalescing);
 *   - an op without side effects (tcg_op_flags_of) whose outputs are all
 *     exactly DEAD (not MEM) becomes INDEX_op_nop and marks nothing; a call
 *     is such an op when it has TCG_CALL_NO_SE.
 * The back end contract in tcg/tcg.h states the consequences for a register
 * allocator.
 */
#include "tcg/tcg.h"

enum { TS_DEAD = 1, TS_MEM = 2 };

/*
 * The per-kind state changes below, as byte templates built once per TB
 * (a pass over TCGTemp per block end was most of this pass's time):
 *   end:   state at a TB exit;          bb:    state at br / set_label;
 *   bbmem: OR-ed at a brcond;           gmem:  OR-ed at a global sync.
 */
typedef struct LaTemplates {
    uint8_t end[TCG_MAX_TEMPS], bb[TCG_MAX_TEMPS];
    uint8_t bbmem[TCG_MAX_TEMPS], gmem[TCG_MAX_TEMPS];
} LaTemplates;

static void la_templates(const TCGContext *s, LaTemplates *t)
{
    for (int i = 0; i < s->nb_temps; i++) {
        TCGTempKind k = s->temps[i].kind;
        bool global = k == TEMP_GLOBAL, kept = global || k == TEMP_TB;

        t->end[i] = global ? TS_DEAD | TS_MEM : TS_DEAD;
        t->bb[i] = kept ? TS_DEAD | TS_MEM : TS_DEAD;
        t->bbmem[i] = kept ? TS_MEM : 0;
        t->gmem[i] = global ? TS_MEM : 0;
    }
}

static void la_func_end(const TCGContext *s, const LaTemplates *t, uint8_t *state)
{
    memcpy(state, t->end, (size_t)s->nb_temps);
}

static void la_bb_end(const TCGContext *s, const LaTemplates *t, uint8_t *state)
{
    memcpy(state, t->bb, (size_t)s->nb_temps);
}

static void la_bb_sync(const TCGContext *s, const LaTemplates *t, uint8_t *state)
{
    for (int i = 0; i < s->nb_temps; i++) {
        state[i] |= t->bbmem[i];
    }
}

static void la_global_sync(const TCGContext *s, const LaTemplates *t, uint8_t *state)
{
    for (int i = 0; i < s->nb_globals; i++) {
        state[i] |= t->gmem[i];
    }
}

/* Globals DEAD|MEM, the others (env) unchanged. */
static void la_global_kill(const TCGContext *s, const LaTemplates *t, uint8_t *state)
{
    for (int i = 0; i < s->nb_globals; i++) {
        state[i] = t->gmem[i] ? TS_DEAD | TS_MEM : state[i];
    }
}

static bool trackable(const TCGContext *s, TCGArg idx)
{
    TCGTempKind k = s->temps[idx].kind;
    return k != TEMP_CONST && k != TEMP_FIXED;
}

/*
 * Output coalescing, for "X t, ...; mov d, t" where t is a TB or EBB temp
 * whose value is dead after the mov and X is the op right before (no op in
 * between, so nothing can observe d early): X writes d directly and the mov
 * becomes a nop.  Every op reads all its inputs before writing its output,
 * so X may also read d.
 */
static bool try_coalesce(TCGContext *s, const uint8_t *state, int oi)
{
    TCGOp *mov = &s->ops[oi], *def;
    TCGArg d = mov->args[0], t = mov->args[1];
    int pi;

    if (s->temps[t].kind != TEMP_EBB && s->temps[t].kind != TEMP_TB) {
        return false;
    }
    if (state[t] != TS_DEAD || s->temps[t].type != s->temps[d].type) {
        return false;
    }
    for (pi = oi - 1; pi >= 0 && s->ops[pi].opc == INDEX_op_nop; pi--) {
        continue;
    }
    if (pi < 0) {
        return false;
    }
    def = &s->ops[pi];
    if (tcg_op_nb_oargs(def) != 1 || def->args[0] != t || def->opc == INDEX_op_discard) {
        return false;
    }
    def->args[0] = d;
    mov->opc = INDEX_op_nop;
    return true;
}

void tcg_liveness_analysis(TCGContext *s)
{
    static __thread LaTemplates t;
    uint8_t state[TCG_MAX_TEMPS];
    int oi;

    if (s->overflow) {
        return;
    }
    la_templates(s, &t);
    la_func_end(s, &t, state);

    for (oi = s->nb_ops - 1; oi >= 0; oi--) {
        TCGOp *op = &s->ops[oi];
        unsigned flags = tcg_op_flags_of(op->opc);
        unsigned nb_o, nb_i, i;
        TCGLifeData life = 0;
        uint32_t call_flags = 0;

        op->life = 0;
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
        case INDEX_op_mb:
            continue;
        case INDEX_op_discard:
            if (trackable(s, op->args[0])) {
                state[op->args[0]] = TS_DEAD;
            }
            continue;
        case INDEX_op_call:
            call_flags = tcg_op_call_info(op)->flags;
            break;
        default:
            break;
        }

        /* "op t, ...; mov d, t" with t dead afterwards: make op write d. */
        if (op->opc == INDEX_op_mov && try_coalesce(s, state, oi)) {
            continue;
        }

        /* Block ends act on the state after the op. */
        if (flags & TCG_OPF_BB_EXIT) {
            la_func_end(s, &t, state);
        } else if (flags & TCG_OPF_COND_BRANCH) {
            la_bb_sync(s, &t, state);
        } else if (flags & TCG_OPF_BB_END) {
            la_bb_end(s, &t, state);
        }

        nb_o = tcg_op_nb_oargs(op);
        nb_i = tcg_op_nb_iargs(op);

        /* Dead pure op? */
        if (nb_o > 0) {
            bool removable = op->opc == INDEX_op_call ? (call_flags & TCG_CALL_NO_SE) != 0
                                                      : !(flags & TCG_OPF_SIDE_EFFECTS);
            if (removable) {
                for (i = 0; i < nb_o; i++) {
                    TCGArg t = op->args[i];
                    if (!trackable(s, t) || state[t] != TS_DEAD) {
                        removable = false;
                        break;
                    }
                }
                if (removable) {
                    op->opc = INDEX_op_nop;
                    continue;
                }
            }
        }

        /* Outputs. */
        for (i = 0; i < nb_o; i++) {
            TCGArg t = op->args[i];
            if (!trackable(s, t)) {
                continue;
            }
            if (state[t] & TS_DEAD) {
                life |= DEAD_ARG(i);
            }
            if (state[t] & TS_MEM) {
                life |= SYNC_ARG(i);
            }
            state[t] = TS_DEAD;
        }

        /* Effects on globals of calls and guest memory accesses. */
        if (op->opc == INDEX_op_call) {
            if (!(call_flags & TCG_CALL_NO_WG)) {
                la_global_kill(s, &t, state);
            } else if (!(call_flags & TCG_CALL_NO_RG)) {
                la_global_sync(s, &t, state);
            }
        } else if (op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st) {
            la_global_sync(s, &t, state);
        }

        /* Inputs: the first (in program order) reading of a temp that is
           dead afterwards gets DEAD_ARG; a temp read twice by one op is
           marked on one argument only. */
        for (i = 0; i < nb_i; i++) {
            TCGArg t = op->args[nb_o + i];
            if (trackable(s, t) && (state[t] & TS_DEAD)) {
                life |= DEAD_ARG(nb_o + i);
                state[t] &= ~TS_DEAD;
            }
        }
        op->life = life;
    }
}
