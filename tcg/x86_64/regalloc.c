/*
 * Register allocation for the JIT, in the style of QEMU's tcg: every temp is
 * either dead, in a host register (with or without an up-to-date memory
 * copy), only in memory, or a known constant.  Registers are taken on demand
 * and the least useful one is spilled when none is free; liveness (op->life)
 * tells which registers to free after each op and which outputs to store.
 * The allocator itself never uses the scratch registers r10/r11.
 */
#include "tcg/x86_64/jit.h"

/* Callee-saved registers first (they survive helper calls), then the
   caller-saved ones, with those that div/shift/calls need last. */
static const int8_t alloc_order[] = {
    JIT_CALLEE_SAVED_REGS,
    R_RSI, R_RDI, R_R8, R_R9, R_RAX, R_RDX, R_RCX,
};

static inline TCGTemp *tt(const JitCtx *j, int ti) { return &j->s->temps[ti]; }

/* A global that may now be newer in a register (or as a constant) than in
   memory: the dirty set lets syncs skip the clean ones without a scan. */
static inline void mark_dirty(JitCtx *j, int ti)
{
    if (ti < j->s->nb_globals && ti < JIT_DIRTY_BITS) {
        j->dirty[ti >> 6] |= 1ull << (ti & 63);
    }
}
static void ra_reset_all(JitCtx *j);
static void set_resident_state(JitCtx *j);

void ra_init(JitCtx *j)
{
    for (int i = 0; i < 16; i++) {
        j->reg_temp[i] = -1;
    }
    j->locked = 0;
    memset(j->dirty, 0, sizeof(j->dirty));
    for (int i = 0; i < j->s->nb_temps; i++) {
        TCGTemp *ts = tt(j, i);
        JitTemp *t = &j->t[i];

        t->reg = -1;
        t->coherent = true;
        t->cval = 0;
        switch (ts->kind) {
        case TEMP_FIXED:
            t->val = VAL_REG;
            t->reg = R_ENV;
            break;
        case TEMP_GLOBAL:
            t->val = VAL_MEM;
            break;
        case TEMP_CONST:
            t->val = VAL_CONST;
            t->cval = ts->val;
            break;
        default:
            t->val = VAL_DEAD;
            break;
        }
    }
}

bool ra_is_const(const JitCtx *j, int ti, int64_t *val)
{
    if (j->t[ti].val == VAL_CONST) {
        *val = j->t[ti].cval;
        if (tt(j, ti)->type == TCG_TYPE_I32) {
            *val = (int32_t)*val;
        }
        return true;
    }
    return false;
}

/* Memory home of a temp: env + offset for globals, the frame slot else. */
static void temp_home(const JitCtx *j, int ti, int *base, int32_t *off)
{
    TCGTemp *ts = tt(j, ti);

    if (ts->kind == TEMP_GLOBAL) {
        *base = R_ENV;
        *off = ts->mem_offset;
    } else {
        *base = R_RSP;
        *off = JIT_SLOT_OFF(ti);
    }
}

void ra_sync(JitCtx *j, int ti)
{
    JitTemp *t = &j->t[ti];
    TCGTemp *ts = tt(j, ti);
    bool w64 = ts->type == TCG_TYPE_I64;
    int base;
    int32_t off;

    if (t->coherent || ts->kind == TEMP_CONST || ts->kind == TEMP_FIXED) {
        return;
    }
    temp_home(j, ti, &base, &off);
    if (t->val == VAL_REG) {
        emit_st(&j->e, w64, t->reg, base, off);
    } else if (t->val == VAL_CONST) {
        if (!w64 || fits_i32(t->cval)) {
            emit_modrm_off(&j->e, OPC_MOVL_EvIz | (w64 ? P_REXW : 0), 0, base, off);
            emit32(&j->e, (uint32_t)t->cval);
        } else if (j->scratch_free) {
            emit_movi(&j->e, R_TMP1, (uint64_t)t->cval);
            emit_st(&j->e, true, R_TMP1, base, off);
        } else {
            /* Mid-op, r11 may be busy: two 32-bit stores. */
            emit_modrm_off(&j->e, OPC_MOVL_EvIz, 0, base, off);
            emit32(&j->e, (uint32_t)t->cval);
            emit_modrm_off(&j->e, OPC_MOVL_EvIz, 0, base, off + 4);
            emit32(&j->e, (uint32_t)(t->cval >> 32));
        }
    } else {
        return;
    }
    t->coherent = true;
}

void ra_free_temp(JitCtx *j, int ti)
{
    JitTemp *t = &j->t[ti];
    TCGTemp *ts = tt(j, ti);

    if (ts->kind == TEMP_CONST || ts->kind == TEMP_FIXED) {
        return;
    }
    if (t->val == VAL_REG) {
        j->reg_temp[t->reg] = -1;
        t->reg = -1;
    }
    if (t->val == VAL_DEAD) {
        return;
    }
    /* Globals and TB temps are in memory when not in a register (liveness
       only lets a value die unsynced when memory does not need it). */
    if (ts->kind == TEMP_GLOBAL || ts->kind == TEMP_TB || t->coherent) {
        t->val = VAL_MEM;
    } else {
        t->val = VAL_DEAD;
    }
    t->coherent = true;
}

static void spill_reg(JitCtx *j, int r)
{
    int ti = j->reg_temp[r];

    if (ti >= 0) {
        ra_sync(j, ti);
        ra_free_temp(j, ti);
    }
}

int ra_alloc(JitCtx *j, uint16_t allowed)
{
    int victim = -1;

    allowed &= JIT_ALLOCATABLE & ~j->locked;
    assert(allowed);
    for (size_t k = 0; k < ARRAY_SIZE(alloc_order); k++) {
        int r = alloc_order[k];
        if ((allowed & RBIT(r)) && j->reg_temp[r] < 0) {
            j->locked |= RBIT(r);
            return r;
        }
    }
    /* Spill: prefer a register whose temp needs no store (a clean global or
       a spilled temp), scanning from the least preferred end. */
    for (int k = ARRAY_SIZE(alloc_order) - 1; k >= 0; k--) {
        int r = alloc_order[k];
        if (allowed & RBIT(r)) {
            if (victim < 0) {
                victim = r;
            }
            if (j->t[j->reg_temp[r]].coherent) {
                victim = r;
                break;
            }
        }
    }
    spill_reg(j, victim);
    j->locked |= RBIT(victim);
    return victim;
}

void ra_evict(JitCtx *j, int r)
{
    int ti = j->reg_temp[r];

    assert(!(j->locked & RBIT(r)));
    j->locked |= RBIT(r);
    if (ti < 0) {
        return;
    }
    /* Move it if a register is free, else spill it. */
    for (size_t k = 0; k < ARRAY_SIZE(alloc_order); k++) {
        int r2 = alloc_order[k];
        if (j->reg_temp[r2] < 0 && !(j->locked & RBIT(r2))) {
            emit_mov(&j->e, true, r2, r);
            j->reg_temp[r2] = ti;
            j->reg_temp[r] = -1;
            j->t[ti].reg = r2;
            return;
        }
    }
    spill_reg(j, r);
}

int ra_load(JitCtx *j, int ti, uint16_t allowed)
{
    JitTemp *t = &j->t[ti];
    TCGTemp *ts = tt(j, ti);
    int r, base;
    int32_t off;

    switch (t->val) {
    case VAL_REG:
        if (ts->kind == TEMP_FIXED || (allowed & RBIT(t->reg))) {
            j->locked |= RBIT(t->reg);
            return t->reg;
        }
        /* Wrong class for this use: give the op a private copy. */
        r = ra_alloc(j, allowed);
        emit_mov(&j->e, true, r, t->reg);
        return r;
    case VAL_CONST:
        r = ra_alloc(j, allowed);
        emit_movi(&j->e, r, ts->type == TCG_TYPE_I32 ? (uint32_t)t->cval : (uint64_t)t->cval);
        if (ts->kind == TEMP_CONST || t->coherent) {
            return r;   /* private copy; a later sync still stores the constant */
        }
        /* A dirty constant-valued temp: keep it in the register. */
        j->reg_temp[r] = ti;
        t->val = VAL_REG;
        t->reg = r;
        return r;
    case VAL_MEM:
        r = ra_alloc(j, allowed);
        temp_home(j, ti, &base, &off);
        emit_ld(&j->e, ts->type == TCG_TYPE_I64, r, base, off);
        j->reg_temp[r] = ti;
        t->val = VAL_REG;
        t->reg = r;
        t->coherent = true;
        return r;
    default:
        /* Read before any write (a front-end oddity): any value will do. */
        r = ra_alloc(j, allowed);
        j->reg_temp[r] = ti;
        t->val = VAL_REG;
        t->reg = r;
        t->coherent = ts->kind != TEMP_EBB;
        return r;
    }
}

void ra_set_output(JitCtx *j, int ti, int r)
{
    JitTemp *t = &j->t[ti];

    assert(tt(j, ti)->kind != TEMP_CONST && tt(j, ti)->kind != TEMP_FIXED);
    if (t->val == VAL_REG && t->reg != r) {
        j->reg_temp[t->reg] = -1;
    }
    assert(j->reg_temp[r] < 0 || j->reg_temp[r] == ti);
    j->reg_temp[r] = ti;
    j->locked |= RBIT(r);
    t->val = VAL_REG;
    t->reg = r;
    t->coherent = false;
    mark_dirty(j, ti);
}

void ra_set_const(JitCtx *j, int ti, int64_t v)
{
    JitTemp *t = &j->t[ti];

    if (t->val == VAL_REG) {
        j->reg_temp[t->reg] = -1;
        t->reg = -1;
    }
    t->val = VAL_CONST;
    t->cval = v;
    t->coherent = false;
    mark_dirty(j, ti);
}

int ra_dirty_globals(const JitCtx *j, int16_t *out)
{
    int n = 0;

    if (j->s->nb_globals > JIT_DIRTY_BITS) {
        for (int i = 0; i < j->s->nb_globals; i++) {
            if (!j->t[i].coherent) {
                out[n++] = (int16_t)i;
            }
        }
        return n;
    }
    for (int w = 0; w < JIT_DIRTY_BITS / 64; w++) {
        for (uint64_t m = j->dirty[w]; m; m &= m - 1) {
            int i = w * 64 + __builtin_ctzll(m);
            if (!j->t[i].coherent) {
                out[n++] = (int16_t)i;
            }
        }
    }
    return n;
}

void ra_sync_globals(JitCtx *j)
{
    int16_t dirty[MAX(JIT_DIRTY_BITS, TCG_MAX_TEMPS)];
    int n = ra_dirty_globals(j, dirty);

    for (int k = 0; k < n; k++) {
        ra_sync(j, dirty[k]);
    }
    memset(j->dirty, 0, sizeof(j->dirty));   /* every global is coherent now */
}

void ra_save_globals(JitCtx *j)
{
    for (int i = 0; i < j->s->nb_globals; i++) {
        if (tt(j, i)->kind == TEMP_GLOBAL) {
            ra_sync(j, i);
            ra_free_temp(j, i);
        }
    }
}

void ra_sync_tb_temps(JitCtx *j)
{
    for (int i = j->s->nb_globals; i < j->s->nb_temps; i++) {
        if (tt(j, i)->kind == TEMP_TB) {
            ra_sync(j, i);
        }
    }
}

void ra_spill_call_clobbered(JitCtx *j)
{
    for (int r = 0; r < 16; r++) {
        if ((JIT_CALL_CLOBBER & RBIT(r)) && j->reg_temp[r] >= 0) {
            spill_reg(j, r);
        }
    }
}

void ra_reset_at_label(JitCtx *j)
{
    ra_reset_all(j);
    set_resident_state(j);
}

static void ra_reset_all(JitCtx *j)
{
    for (int i = 0; i < 16; i++) {
        j->reg_temp[i] = -1;
    }
    for (int i = 0; i < j->s->nb_temps; i++) {
        JitTemp *t = &j->t[i];
        switch (tt(j, i)->kind) {
        case TEMP_GLOBAL:
        case TEMP_TB:
            t->val = VAL_MEM;
            t->reg = -1;
            t->coherent = true;
            break;
        case TEMP_EBB:
            t->val = VAL_DEAD;
            t->reg = -1;
            t->coherent = true;
            break;
        default:
            break;
        }
    }
}

void ra_op_end(JitCtx *j, const TCGOp *op)
{
    unsigned nb_o = tcg_op_nb_oargs(op), nb_i = tcg_op_nb_iargs(op);

    for (unsigned i = nb_o; i < nb_o + nb_i; i++) {
        int ti = (int)op->args[i];
        bool is_out = false;

        if (!(op->life & DEAD_ARG(i))) {
            continue;
        }
        for (unsigned o = 0; o < nb_o; o++) {
            is_out |= (int)op->args[o] == ti;
        }
        if (!is_out) {
            ra_free_temp(j, ti);
        }
    }
    j->scratch_free = true;             /* the op's code is complete */
    for (unsigned o = 0; o < nb_o; o++) {
        int ti = (int)op->args[o];
        if (op->life & SYNC_ARG(o)) {
            ra_sync(j, ti);
        }
        if (op->life & DEAD_ARG(o)) {
            ra_free_temp(j, ti);
        }
    }
    j->scratch_free = false;
    j->locked = 0;
}

/* Argument moves src[k] -> dst[k] between registers, in an order that reads
   every source before it is overwritten (cycles go through r11). */
void ra_parallel_moves(JitCtx *j, int8_t *src, const int8_t *dst, int n)
{
    int left = 0;

    for (int k = 0; k < n; k++) {
        left += src[k] >= 0 && src[k] != dst[k];
    }
    while (left > 0) {
        bool progress = false;
        for (int k = 0; k < n; k++) {
            bool blocked = false;
            if (src[k] < 0 || src[k] == dst[k]) {
                continue;
            }
            for (int m = 0; m < n; m++) {
                blocked |= m != k && src[m] == dst[k] && src[m] != dst[m];
            }
            if (!blocked) {
                emit_mov(&j->e, true, dst[k], src[k]);
                src[k] = dst[k];
                left--;
                progress = true;
            }
        }
        if (!progress) {
            /* A cycle: park one destination's current value in r11. */
            for (int k = 0; k < n; k++) {
                if (src[k] >= 0 && src[k] != dst[k]) {
                    int d = dst[k];
                    emit_mov(&j->e, true, R_TMP1, d);
                    for (int m = 0; m < n; m++) {
                        if (src[m] == d) {
                            src[m] = R_TMP1;
                        }
                    }
                    break;
                }
            }
        }
    }
}

/*
 * Loop TBs.  A TB that can jump back to its own start (goto_tb with the loop
 * flag: a guest loop that fits in one TB) would otherwise store its
 * loop-carried globals at the back edge and load them again at the top, and
 * every iteration would wait for the store-to-load forwarding of each one.
 * Instead, the globals that the TB reads before writing ("resident" ones,
 * the most used first) get a fixed host register each.  At every control
 * flow join inside the TB (a label, the loop entry) the state is canonical:
 * each resident global is in its register AND in memory, nothing else is in
 * a register.  Memory is still written wherever the back end contract says,
 * so exceptions, helpers and exits see exactly what they see without this;
 * the registers only save the reloads.
 */
static_assert(sizeof((int8_t[]){ JIT_CALLEE_SAVED_REGS }) == JIT_NB_CALLEE_SAVED,
              "JIT_NB_CALLEE_SAVED counts JIT_CALLEE_SAVED_REGS");
static const int8_t resident_order[JIT_MAX_RESIDENT] = {
    JIT_CALLEE_SAVED_REGS, R_RSI, R_RDI, R_R8,
};

/* Also edits the ops' liveness (the IR is not used after code generation). */
void ra_choose_resident(JitCtx *j)
{
    TCGContext *s = j->s;
    bool loop = false, calls = false;
    int ng = s->nb_globals;
    int uses[ng];
    bool written[ng], livein[ng];
    int max;

    j->nb_res = 0;
    j->res_mask = 0;
    for (int i = 0; i < s->nb_ops && !loop; i++) {
        loop = s->ops[i].opc == INDEX_op_goto_tb && s->ops[i].args[1];
    }
    if (!loop) {
        return;
    }
    memset(uses, 0, sizeof(uses));
    memset(written, 0, sizeof(written));
    memset(livein, 0, sizeof(livein));
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        unsigned nb_o = tcg_op_nb_oargs(op), nb_i = tcg_op_nb_iargs(op);

        calls |= op->opc == INDEX_op_call;
        for (unsigned a = 0; a < nb_o + nb_i; a++) {
            int ti = (int)op->args[a];
            if (ti >= ng || tt(j, ti)->kind != TEMP_GLOBAL) {
                continue;
            }
            uses[ti]++;
            if (a >= nb_o && !written[ti]) {
                livein[ti] = true;
            }
        }
        for (unsigned a = 0; a < nb_o; a++) {
            if ((int)op->args[a] < ng) {
                written[op->args[a]] = true;
            }
        }
    }
    /* Helper calls clobber the caller-saved registers: only the callee-saved
       ones are worth fixing then.  Leave at least four registers for temps. */
    max = calls ? JIT_NB_CALLEE_SAVED : JIT_MAX_RESIDENT;
    while (j->nb_res < max) {
        int best = -1;
        for (int ti = 0; ti < ng; ti++) {
            if (livein[ti] && (best < 0 || uses[ti] > uses[best])) {
                best = ti;
            }
        }
        if (best < 0) {
            break;
        }
        livein[best] = false;
        j->res_temp[j->nb_res] = (int16_t)best;
        j->res_reg[j->nb_res] = resident_order[j->nb_res];
        j->res_mask |= RBIT(resident_order[j->nb_res]);
        j->nb_res++;
    }
    /* A resident's value is wanted in a register at the next join even where
       liveness lets it die (memory has it): keep it alive to the end. */
    for (int i = 0; i < s->nb_ops && j->nb_res; i++) {
        TCGOp *op = &s->ops[i];
        unsigned n = tcg_op_nb_oargs(op) + tcg_op_nb_iargs(op);

        for (unsigned a = 0; a < n; a++) {
            for (int k = 0; k < j->nb_res; k++) {
                if ((int)op->args[a] == j->res_temp[k]) {
                    op->life &= ~DEAD_ARG(a);
                }
            }
        }
    }
}

/* Bind the resident globals to their registers (the canonical state). */
static void set_resident_state(JitCtx *j)
{
    for (int k = 0; k < j->nb_res; k++) {
        JitTemp *t = &j->t[j->res_temp[k]];
        int r = j->res_reg[k];

        assert(j->reg_temp[r] < 0 || j->reg_temp[r] == j->res_temp[k]);
        j->reg_temp[r] = j->res_temp[k];
        t->val = VAL_REG;
        t->reg = (int8_t)r;
        t->coherent = true;
    }
}

void ra_enter_resident(JitCtx *j)
{
    for (int k = 0; k < j->nb_res; k++) {
        TCGTemp *ts = tt(j, j->res_temp[k]);
        emit_ld(&j->e, ts->type == TCG_TYPE_I64, j->res_reg[k], R_ENV, ts->mem_offset);
    }
    set_resident_state(j);
}

/* Move temp ti (not resident) out of resident register r without touching
   the flags: into a free register, else to memory. */
static void vacate(JitCtx *j, int r)
{
    int ti = j->reg_temp[r];

    if (tt(j, ti)->kind == TEMP_EBB && !j->t[ti].coherent) {
        for (size_t k = 0; k < ARRAY_SIZE(alloc_order); k++) {
            int r2 = alloc_order[k];
            if (j->reg_temp[r2] < 0 && !((j->locked | j->res_mask) & RBIT(r2))) {
                emit_mov(&j->e, true, r2, r);
                j->reg_temp[r2] = (int16_t)ti;
                j->reg_temp[r] = -1;
                j->t[ti].reg = (int8_t)r2;
                return;
            }
        }
    }
    ra_sync(j, ti);
    ra_free_temp(j, ti);
}

void ra_canonicalize(JitCtx *j)
{
    int8_t src[JIT_MAX_RESIDENT], dst[JIT_MAX_RESIDENT];

    if (!j->nb_res) {
        return;
    }
    /* Globals and TB temps are in memory already: a resident register
       holding anything but its own global can be given up. */
    for (int k = 0; k < j->nb_res; k++) {
        int r = j->res_reg[k], ti = j->reg_temp[r];
        bool resident = false;

        for (int m = 0; m < j->nb_res; m++) {
            resident |= ti == j->res_temp[m];
        }
        if (ti >= 0 && !resident) {
            vacate(j, r);
        }
    }
    for (int k = 0; k < j->nb_res; k++) {
        JitTemp *t = &j->t[j->res_temp[k]];
        assert(t->coherent);
        src[k] = t->val == VAL_REG ? t->reg : -1;
        dst[k] = j->res_reg[k];
    }
    ra_parallel_moves(j, src, dst, j->nb_res);
    for (int k = 0; k < j->nb_res; k++) {
        int ti = j->res_temp[k];
        JitTemp *t = &j->t[ti];
        TCGTemp *ts = tt(j, ti);

        if (t->val == VAL_REG) {
            if (t->reg != dst[k] && j->reg_temp[t->reg] == ti) {
                j->reg_temp[t->reg] = -1;
            }
        } else if (t->val == VAL_CONST) {
            emit_movi(&j->e, dst[k], ts->type == TCG_TYPE_I32 ? (uint32_t)t->cval
                                                              : (uint64_t)t->cval);
        } else {
            emit_ld(&j->e, ts->type == TCG_TYPE_I64, dst[k], R_ENV, ts->mem_offset);
        }
        t->val = VAL_DEAD;   /* rebound below */
        t->reg = -1;
    }
    for (int k = 0; k < j->nb_res; k++) {
        if (j->reg_temp[j->res_reg[k]] >= 0) {
            j->reg_temp[j->res_reg[k]] = -1;
        }
    }
    set_resident_state(j);
}
