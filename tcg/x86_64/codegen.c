/*
 * Code generation for each IR opcode (except guest memory, in ldst.c), and
 * the driver that walks a TB's optimized op list.
 *
 * i32 values live in the low half of 64-bit registers; the high half is
 * undefined and every consumer of an i32 uses 32-bit instructions.
 */
#include "tcg/x86_64/operands.h"

/* ---- Short forward jumps inside one op's code --------------------------- */

static uint32_t jcc8_fwd(JitCtx *j, int cc)
{
    emit8(&j->e, cc < 0 ? 0xeb : 0x70 + cc);
    emit8(&j->e, 0);
    return emit_off(&j->e) - 1;
}

static void jcc8_here(JitCtx *j, uint32_t field)
{
    int d = (int)emit_off(&j->e) - (int)(field + 1);
    assert(d >= 0 && d < 128);
    j->e.start[field] = (uint8_t)d;
}

/* ---- Comparisons --------------------------------------------------------- */

static const int8_t jcc_of[] = {
    [TCG_COND_EQ] = JCC_E, [TCG_COND_NE] = JCC_NE,
    [TCG_COND_LT] = JCC_L, [TCG_COND_GE] = JCC_GE,
    [TCG_COND_LE] = JCC_LE, [TCG_COND_GT] = JCC_G,
    [TCG_COND_LTU] = JCC_B, [TCG_COND_GEU] = JCC_AE,
    [TCG_COND_LEU] = JCC_BE, [TCG_COND_GTU] = JCC_A,
};

typedef struct Cmp {
    int ra, rb;
    bool imm;
    int64_t val;
    TCGCond cond;
} Cmp;

/* Load the operands of "args[ia] cond args[ib]" (constants as immediates). */
static void cmp_prepare(JitCtx *j, const TCGOp *op, int ia, int ib, TCGCond cond, Cmp *c)
{
    int64_t v;

    if (in_imm(j, op, ia, &v) && !in_const(j, op, ib, &v)) {
        int t = ia;
        ia = ib;
        ib = t;
        cond = tcg_swap_cond(cond);
    }
    c->cond = cond;
    c->ra = in_reg(j, op, ia);
    c->imm = in_imm(j, op, ib, &c->val);
    c->rb = c->imm ? -1 : in_reg(j, op, ib);
}

/* Emit the compare; returns the x86 condition code. */
static int cmp_emit(JitCtx *j, const TCGOp *op, const Cmp *c)
{
    if (c->imm && c->val == 0) {
        emit_modrm(&j->e, OPC_TESTL | rexw(w64(op)), c->ra, c->ra);
    } else if (c->imm) {
        emit_arith_ri(&j->e, ARITH_CMP, w64(op), c->ra, c->val);
    } else {
        emit_arith_rr(&j->e, ARITH_CMP, w64(op), c->ra, c->rb);
    }
    return jcc_of[c->cond];
}

/* ---- Labels -------------------------------------------------------------- */

static void branch_to_label(JitCtx *j, int cc, int label)
{
    if (j->label_off[label] >= 0) {
        emit_jcc_rel32(&j->e, cc, emit_rx(&j->e, (uint32_t)j->label_off[label]));
        return;
    }
    if (j->nb_relocs == j->max_relocs) {
        j->max_relocs = j->max_relocs ? 2 * j->max_relocs : 256;
        j->relocs = xrealloc(j->relocs, j->max_relocs * sizeof(*j->relocs));
    }
    j->relocs[j->nb_relocs].label = label;
    j->relocs[j->nb_relocs].field_off = emit_jcc_fwd(&j->e, cc);
    j->nb_relocs++;
}

/* Everything a label or another TB may rely on is in memory.  Called where
   the op uses no scratch register. */
static void sync_for_bb_end(JitCtx *j)
{
    j->scratch_free = true;
    ra_sync_globals(j);
    ra_sync_tb_temps(j);
    ra_canonicalize(j);
    j->scratch_free = false;
}

static void sync_globals_at_exit(JitCtx *j)
{
    j->scratch_free = true;
    ra_sync_globals(j);
    j->scratch_free = false;
}

/* ---- Ops ------------------------------------------------------------------ */

static void gen_mov(JitCtx *j, const TCGOp *op)
{
    int64_t v;
    int rs, rd;

    if (A(0) == A(1)) {
        return;
    }
    if (in_const(j, op, 1, &v)) {
        ra_set_const(j, A(0), v);
        return;
    }
    rs = in_reg(j, op, 1);
    rd = out_reg(j, op, 0, 1, rs, true);
    set_out(j, op, 0, rd);
}

static void gen_arith(JitCtx *j, const TCGOp *op, int arith, bool commutative)
{
    int64_t v;
    int ra, rb, rd;

    if (arith == ARITH_SUB && in_const(j, op, 1, &v) && v == 0 && !in_const(j, op, 2, &v)) {
        /* 0 - b */
        rb = in_reg(j, op, 2);
        rd = out_reg(j, op, 0, 2, rb, true);
        emit_modrm(&j->e, OPC_GRP3_Ev | rexw(w64(op)), EXT3_NEG, rd);
    } else if (commutative && in_imm(j, op, 1, &v) && !in_const(j, op, 2, &v)) {
        /* op d, $imm, b: compute as op d, b, $imm. */
        rb = in_reg(j, op, 2);
        in_imm(j, op, 1, &v);
        rd = out_reg(j, op, 0, 2, rb, true);
        emit_arith_ri(&j->e, arith, w64(op), rd, v);
    } else if (in_imm(j, op, 2, &v)) {
        ra = in_reg(j, op, 1);
        if (arith == ARITH_ADD && v != 0 && !can_reuse(j, op, 0, 1, ra)) {
            rd = ra_alloc(j, JIT_ALLOCATABLE);
            emit_modrm_off(&j->e, OPC_LEA | rexw(w64(op)), rd, ra, (int32_t)v);
        } else {
            rd = out_reg(j, op, 0, 1, ra, true);
            emit_arith_ri(&j->e, arith, w64(op), rd, v);
        }
    } else {
        ra = in_reg(j, op, 1);
        rb = in_reg(j, op, 2);
        if (ra != rb && !can_reuse(j, op, 0, 1, ra) && commutative &&
            can_reuse(j, op, 0, 2, rb)) {
            /* b dies here, a lives on: d = b op a in b's register. */
            rd = out_reg(j, op, 0, 2, rb, true);
            emit_arith_rr(&j->e, arith, w64(op), rd, ra);
        } else if (arith == ARITH_ADD && !can_reuse(j, op, 0, 1, ra)) {
            /* Both inputs live on: a three-operand add. */
            rd = ra_alloc(j, JIT_ALLOCATABLE);
            emit_modrm_sib(&j->e, OPC_LEA | rexw(w64(op)), rd, ra, rb, 0, 0);
        } else {
            rd = out_reg(j, op, 0, 1, ra, true);
            emit_arith_rr(&j->e, arith, w64(op), rd, rb);
        }
    }
    set_out(j, op, 0, rd);
}

static void gen_mul(JitCtx *j, const TCGOp *op)
{
    int64_t v;
    int ra, rb, rd;
    int ia = 1, ib = 2;

    if (in_imm(j, op, 1, &v) && !in_const(j, op, 2, &v)) {
        ia = 2;
        ib = 1;
    }
    ra = in_reg(j, op, ia);
    if (in_imm(j, op, ib, &v)) {
        rd = out_reg(j, op, 0, ia, ra, false);
        if (fits_i8(v)) {
            emit_modrm(&j->e, OPC_IMUL_GvEvIb | rexw(w64(op)), rd, ra);
            emit8(&j->e, (uint8_t)v);
        } else {
            emit_modrm(&j->e, OPC_IMUL_GvEvIz | rexw(w64(op)), rd, ra);
            emit32(&j->e, (uint32_t)v);
        }
    } else {
        rb = in_reg(j, op, ib);
        rd = out_reg(j, op, 0, ia, ra, true);
        emit_modrm(&j->e, OPC_IMUL_GvEv | rexw(w64(op)), rd, rb);
    }
    set_out(j, op, 0, rd);
}

/* andc, orc, eqv: d = a op ~b. */
static void gen_arith_not(JitCtx *j, const TCGOp *op, int arith)
{
    int64_t v;
    int ra, rb, rd;
    bool w = w64(op);

    ra = in_reg(j, op, 1);
    if (in_const(j, op, 2, &v) && (!w || fits_i32(~v))) {
        rd = out_reg(j, op, 0, 1, ra, true);
        emit_arith_ri(&j->e, arith, w, rd, ~v);
    } else {
        rb = in_reg(j, op, 2);
        emit_mov(&j->e, w, R_TMP1, rb);
        emit_modrm(&j->e, OPC_GRP3_Ev | rexw(w), EXT3_NOT, R_TMP1);
        rd = out_reg(j, op, 0, 1, ra, true);
        emit_arith_rr(&j->e, arith, w, rd, R_TMP1);
    }
    set_out(j, op, 0, rd);
}

static void gen_unary_grp3(JitCtx *j, const TCGOp *op, int ext)
{
    int ra = in_reg(j, op, 1);
    int rd = out_reg(j, op, 0, 1, ra, true);

    emit_modrm(&j->e, OPC_GRP3_Ev | rexw(w64(op)), ext, rd);
    set_out(j, op, 0, rd);
}

static void gen_shift(JitCtx *j, const TCGOp *op, int shift)
{
    int64_t v;
    int ra, rb, rd;
    bool w = w64(op);

    if (in_const(j, op, 2, &v)) {
        int n = (int)(v & (w ? 63 : 31));
        ra = in_reg(j, op, 1);
        rd = out_reg(j, op, 0, 1, ra, true);
        if (n) {
            emit_shift_ri(&j->e, shift, w, rd, n);
        } else if (!w) {
            emit_mov(&j->e, false, rd, rd);
        }
    } else if (jit_host.bmi2 && shift != SHIFT_ROL && shift != SHIFT_ROR) {
        /* Three operands, any registers; the count is taken mod 32/64. */
        ra = in_reg(j, op, 1);
        rb = in_reg(j, op, 2);
        if (can_reuse(j, op, 0, 1, ra)) {
            rd = out_reg(j, op, 0, 1, ra, false);
        } else if (can_reuse(j, op, 0, 2, rb)) {
            rd = out_reg(j, op, 0, 2, rb, false);
        } else {
            rd = ra_alloc(j, JIT_ALLOCATABLE);
        }
        emit_shiftx(&j->e, shift, w, rd, ra, rb);
    } else {
        /* x86 masks the count mod 32/64 itself, as the IR wants. */
        ra_evict(j, R_RCX);
        ra = in_reg(j, op, 1);
        rb = in_reg(j, op, 2);
        emit_mov(&j->e, false, R_RCX, rb);
        rd = out_reg(j, op, 0, 1, ra, true);
        emit_modrm(&j->e, OPC_SHIFT_cl | rexw(w), shift, rd);
    }
    set_out(j, op, 0, rd);
}

/* div, divu, rem, remu with the RISC-V results for x/0 and MIN/-1. */
static void gen_div(JitCtx *j, const TCGOp *op, bool is_signed, bool is_rem)
{
    bool w = w64(op);
    int ra, rb;
    uint32_t j_zero, j_m1 = 0, j_done1, j_done2;

    ra_evict(j, R_RAX);
    ra_evict(j, R_RDX);
    ra = in_reg(j, op, 1);
    rb = in_reg(j, op, 2);
    emit_mov(&j->e, w, R_RAX, ra);
    emit_modrm(&j->e, OPC_TESTL | rexw(w), rb, rb);
    j_zero = jcc8_fwd(j, JCC_E);
    if (is_signed) {
        emit_arith_ri(&j->e, ARITH_CMP, w, rb, -1);
        j_m1 = jcc8_fwd(j, JCC_E);
        if (w) {
            emit8(&j->e, 0x48);
        }
        emit8(&j->e, 0x99);                         /* cqo / cdq */
    } else {
        emit_zero(&j->e, R_RDX);
    }
    emit_modrm(&j->e, OPC_GRP3_Ev | rexw(w), is_signed ? EXT3_IDIV : EXT3_DIV, rb);
    j_done1 = jcc8_fwd(j, -1);
    jcc8_here(j, j_zero);
    if (is_rem) {
        emit_mov(&j->e, w, R_RDX, R_RAX);           /* x % 0 = x */
    } else {
        emit_movi(&j->e, R_RAX, w ? ~0ull : 0xffffffffu);   /* x / 0 = -1 */
    }
    if (is_signed) {
        j_done2 = jcc8_fwd(j, -1);
        jcc8_here(j, j_m1);
        if (is_rem) {
            emit_zero(&j->e, R_RDX);                /* x % -1 = 0 */
        } else {
            emit_modrm(&j->e, OPC_GRP3_Ev | rexw(w), EXT3_NEG, R_RAX);  /* MIN/-1 = MIN */
        }
        jcc8_here(j, j_done2);
    }
    jcc8_here(j, j_done1);
    set_out(j, op, 0, is_rem ? R_RDX : R_RAX);
}

static void gen_mulh(JitCtx *j, const TCGOp *op, bool is_signed)
{
    bool w = w64(op);
    int ra, rb;

    ra_evict(j, R_RAX);
    ra_evict(j, R_RDX);
    ra = in_reg(j, op, 1);
    rb = in_reg(j, op, 2);
    emit_mov(&j->e, w, R_RAX, ra);
    emit_modrm(&j->e, OPC_GRP3_Ev | rexw(w), is_signed ? EXT3_IMUL : EXT3_MUL, rb);
    set_out(j, op, 0, R_RDX);
}

static void gen_setcond(JitCtx *j, const TCGOp *op)
{
    TCGCond cond = (TCGCond)op->args[3];
    Cmp c;
    int cc, rd;

    if (cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS) {
        ra_set_const(j, A(0), cond == TCG_COND_ALWAYS);
        return;
    }
    cmp_prepare(j, op, 1, 2, cond, &c);
    cc = cmp_emit(j, op, &c);
    /* The compare is done: any dead input register will do. */
    if (can_reuse(j, op, 0, 1, c.ra)) {
        rd = out_reg(j, op, 0, 1, c.ra, false);
    } else if (c.rb >= 0 && can_reuse(j, op, 0, 2, c.rb)) {
        rd = out_reg(j, op, 0, 2, c.rb, false);
    } else {
        rd = ra_alloc(j, JIT_ALLOCATABLE);
    }
    emit_modrm(&j->e, OPC_SETCC + cc, 0, rd);
    emit_modrm(&j->e, OPC_MOVZBL, rd, rd);
    set_out(j, op, 0, rd);
}

static void gen_movcond(JitCtx *j, const TCGOp *op)
{
    TCGCond cond = (TCGCond)op->args[5];
    Cmp c;
    int cc, r1, r2 = -1, rd;
    int64_t v2 = 0;
    bool c2;

    if (cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS) {
        int src = cond == TCG_COND_ALWAYS ? 3 : 4;
        int rs;
        if (in_const(j, op, src, &v2)) {
            ra_set_const(j, A(0), v2);
            return;
        }
        rs = in_reg(j, op, src);
        rd = out_reg(j, op, 0, src, rs, true);
        set_out(j, op, 0, rd);
        return;
    }
    r1 = in_reg(j, op, 3);
    c2 = in_const(j, op, 4, &v2);
    if (!c2) {
        r2 = in_reg(j, op, 4);
    }
    cmp_prepare(j, op, 1, 2, cond, &c);
    cc = cmp_emit(j, op, &c);
    if (!c2 && can_reuse(j, op, 0, 4, r2) && (r2 != r1 || A(3) == A(4))) {
        rd = out_reg(j, op, 0, 4, r2, false);
    } else {
        rd = ra_alloc(j, JIT_ALLOCATABLE);
        if (c2) {
            emit_movi(&j->e, rd, w64(op) ? (uint64_t)v2 : (uint32_t)v2);
        } else {
            emit_mov(&j->e, w64(op), rd, r2);
        }
    }
    emit_modrm(&j->e, (OPC_CMOVCC + cc) | rexw(w64(op)), rd, r1);
    set_out(j, op, 0, rd);
}

static void gen_brcond(JitCtx *j, const TCGOp *op)
{
    TCGCond cond = (TCGCond)op->args[2];
    int label = (int)op->args[3];
    Cmp c;
    int cc;

    if (cond == TCG_COND_NEVER) {
        return;
    }
    if (cond == TCG_COND_ALWAYS) {
        sync_for_bb_end(j);
        branch_to_label(j, -1, label);
        return;
    }
    cmp_prepare(j, op, 0, 1, cond, &c);
    cc = cmp_emit(j, op, &c);
    sync_for_bb_end(j);             /* plain stores: the flags survive */
    branch_to_label(j, cc, label);
}

/*
 * "ld t, base, off; brcond t, $imm" with t dying at the brcond (the exit
 * request check at every TB entry): compare memory with the immediate and
 * skip the load.  Returns false when the pair does not match.
 */
static bool gen_ld_brcond(JitCtx *j, const TCGOp *ld, const TCGOp *op)
{
    TCGCond cond = (TCGCond)op->args[2];
    bool w = op->type == TCG_TYPE_I64;
    int64_t v;
    int rb;

    if ((ld->opc != INDEX_op_ld && !(ld->opc == INDEX_op_ld32u && !w)) ||
        ld->type != op->type || op->opc != INDEX_op_brcond ||
        op->args[0] != ld->args[0] || op->args[1] == ld->args[0] ||
        !(op->life & DEAD_ARG(0)) || (ld->life & SYNC_ARG(0)) ||
        j->s->temps[ld->args[0]].kind != TEMP_EBB ||
        cond == TCG_COND_NEVER || cond == TCG_COND_ALWAYS ||
        !ra_is_const(j, (int)op->args[1], &v) || (w && !fits_i32(v))) {
        return false;
    }
    rb = ra_load(j, (int)ld->args[1], JIT_ALLOCATABLE);
    if (fits_i8(v)) {
        emit_modrm_off(&j->e, OPC_ARITH_EvIb | rexw(w), ARITH_CMP, rb, (int32_t)ld->args[2]);
        emit8(&j->e, (uint8_t)v);
    } else {
        emit_modrm_off(&j->e, OPC_ARITH_EvIz | rexw(w), ARITH_CMP, rb, (int32_t)ld->args[2]);
        emit32(&j->e, (uint32_t)v);
    }
    if (ld->life & DEAD_ARG(1)) {
        ra_free_temp(j, (int)ld->args[1]);
    }
    sync_for_bb_end(j);
    branch_to_label(j, jcc_of[cond], (int)op->args[3]);
    j->locked = 0;
    return true;
}

static void gen_host_ld(JitCtx *j, const TCGOp *op)
{
    bool w = w64(op);
    int32_t off = (int32_t)op->args[2];
    int rb = in_reg(j, op, 1);
    int rd = out_reg(j, op, 0, 1, rb, false);
    int opc;

    switch (op->opc) {
    case INDEX_op_ld8u:  opc = OPC_MOVZBL; break;
    case INDEX_op_ld8s:  opc = OPC_MOVSBL | rexw(w); break;
    case INDEX_op_ld16u: opc = OPC_MOVZWL; break;
    case INDEX_op_ld16s: opc = OPC_MOVSWL | rexw(w); break;
    case INDEX_op_ld32u: opc = OPC_MOVL_GvEv; break;
    case INDEX_op_ld32s: opc = w ? OPC_MOVSLQ : OPC_MOVL_GvEv; break;
    default:             opc = OPC_MOVL_GvEv | rexw(w); break;
    }
    emit_modrm_off(&j->e, opc & ~P_REXB_RM, rd, rb, off);
    set_out(j, op, 0, rd);
}

static void gen_host_st(JitCtx *j, const TCGOp *op)
{
    bool w = w64(op);
    int32_t off = (int32_t)op->args[2];
    int size = op->opc == INDEX_op_st8 ? 1 : op->opc == INDEX_op_st16 ? 2 :
               op->opc == INDEX_op_st32 ? 4 : (w ? 8 : 4);
    int64_t v;
    int rb, rv;

    if (in_const(j, op, 0, &v) && (size < 8 || fits_i32(v))) {
        rb = in_reg(j, op, 1);
        switch (size) {
        case 1:
            emit_modrm_off(&j->e, OPC_MOVB_EvIb, 0, rb, off);
            emit8(&j->e, (uint8_t)v);
            break;
        case 2:
            emit_modrm_off(&j->e, OPC_MOVL_EvIz | P_DATA16, 0, rb, off);
            emit8(&j->e, (uint8_t)v);
            emit8(&j->e, (uint8_t)(v >> 8));
            break;
        default:
            emit_modrm_off(&j->e, OPC_MOVL_EvIz | rexw(size == 8), 0, rb, off);
            emit32(&j->e, (uint32_t)v);
            break;
        }
        return;
    }
    rv = in_reg(j, op, 0);
    rb = in_reg(j, op, 1);
    switch (size) {
    case 1:  emit_modrm_off(&j->e, OPC_MOVB_EvGv, rv, rb, off); break;
    case 2:  emit_modrm_off(&j->e, OPC_MOVL_EvGv | P_DATA16, rv, rb, off); break;
    default: emit_modrm_off(&j->e, OPC_MOVL_EvGv | rexw(size == 8), rv, rb, off); break;
    }
}

static const int8_t call_arg_regs[TCG_MAX_CALL_ARGS] = {
    R_RDI, R_RSI, R_RDX, R_RCX, R_R8, R_R9,
};

/*
 * Where a call's result (in rax) should live: a value that is read later
 * is better off in a callee-saved register, which the next helper call does
 * not clobber (in rax it would be stored and reloaded around that call).
 * The output's own register if it has a callee-saved one, else a free one.
 */
static int call_result_reg(JitCtx *j, const TCGOp *op)
{
    static const int8_t callee_saved[] = { JIT_CALLEE_SAVED_REGS };
    const JitTemp *t = &j->t[A(0)];
    int rd = R_RAX;

    if (op->life & DEAD_ARG(0)) {
        return rd;
    }
    if (t->val == VAL_REG && !(JIT_CALL_CLOBBER & RBIT(t->reg))) {
        rd = t->reg;
    } else {
        /* Not a loop TB's resident register: the next join would move it. */
        for (size_t k = 0; k < ARRAY_SIZE(callee_saved); k++) {
            if (j->reg_temp[callee_saved[k]] < 0 &&
                !((j->locked | j->res_mask) & RBIT(callee_saved[k]))) {
                rd = callee_saved[k];
                break;
            }
        }
    }
    if (rd != R_RAX) {
        emit_mov(&j->e, true, rd, R_RAX);
    }
    return rd;
}

static void gen_call(JitCtx *j, const TCGOp *op)
{
    const TCGHelperInfo *info = tcg_op_call_info(op);
    int nouts = op->nouts, nargs = op->nargs;
    int8_t src[TCG_MAX_CALL_ARGS];
    uint32_t fast;

    assert(nargs <= TCG_MAX_CALL_ARGS);
    /* Where each argument is now.  Syncing and spilling below only store
       registers to memory, so these registers keep their values. */
    for (int k = 0; k < nargs; k++) {
        JitTemp *t = &j->t[A(nouts + k)];
        src[k] = t->val == VAL_REG ? t->reg : -1;
    }
    j->scratch_free = true;
    if (!(info->flags & TCG_CALL_NO_WG)) {
        ra_save_globals(j);             /* the helper may change them */
    } else if (!(info->flags & TCG_CALL_NO_RG)) {
        ra_sync_globals(j);             /* the helper may read them, or raise */
    }
    /* Arguments that die here need no store before their register is lost. */
    for (int k = 0; k < nargs; k++) {
        JitTemp *t = &j->t[A(nouts + k)];
        if ((op->life & DEAD_ARG(nouts + k)) && t->val == VAL_REG &&
            (JIT_CALL_CLOBBER & RBIT(t->reg))) {
            ra_free_temp(j, A(nouts + k));
        }
    }
    ra_spill_call_clobbered(j);
    j->scratch_free = false;
    ra_parallel_moves(j, src, call_arg_regs, nargs);
    /* Then the arguments from memory and constants (no register source is
       pending any more). */
    for (int k = 0; k < nargs; k++) {
        int ti = A(nouts + k), r = call_arg_regs[k];
        JitTemp *t = &j->t[ti];
        TCGTemp *ts = &j->s->temps[ti];
        bool tw = ts->type == TCG_TYPE_I64;

        if (src[k] >= 0) {
            continue;
        }
        switch (t->val) {
        case VAL_CONST:
            emit_movi(&j->e, r, tw ? (uint64_t)t->cval : (uint32_t)t->cval);
            break;
        case VAL_MEM:
            if (ts->kind == TEMP_GLOBAL) {
                emit_ld(&j->e, tw, r, R_ENV, ts->mem_offset);
            } else {
                emit_ld(&j->e, tw, r, R_RSP, JIT_SLOT_OFF(ti));
            }
            break;
        default:
            break;                      /* undefined input: anything goes */
        }
    }
    fast = info->hostfp ? jit_gen_hostfp(j, info->hostfp) : UINT32_MAX;
    emit_call(&j->e, info->func);
    if (fast != UINT32_MAX) {
        emit_patch_rel32(&j->e, fast, emit_off(&j->e));
    }
    j->locked = 0;
    if (nouts) {
        set_out(j, op, 0, call_result_reg(j, op));
    }
}

static void gen_goto_tb(JitCtx *j, const TCGOp *op)
{
    unsigned n = (unsigned)op->args[0];
    uintptr_t rx;
    int pad;

    assert(n < 2);
    sync_globals_at_exit(j);
    if (op->args[1] && j->nb_res) {
        /* A jump back to this TB: enter at the loop entry, state canonical. */
        ra_canonicalize(j);
        j->s->goto_tb_loop_off[n] = j->loop_off;
    }
    if (emit_off(&j->e) > JIT_MAX_JMP_OFF) {
        j->too_large = true;     /* TranslationBlock keeps 16-bit jump offsets */
    }
    /* The rel32 field must be 4-byte aligned so that patching it is atomic. */
    rx = emit_rx(&j->e, emit_off(&j->e));
    pad = (int)((-(rx + 1)) & 3);
    emit_nops(&j->e, pad);
    j->s->goto_tb_insn_off[n] = emit_off(&j->e);
    emit8(&j->e, OPC_JMP_long);
    emit32(&j->e, 0);
    j->s->goto_tb_reset_off[n] = emit_off(&j->e);
}

static void jump_to(JitCtx *j, const uint8_t *target)
{
    int64_t disp = (int64_t)((uintptr_t)target - (emit_rx(&j->e, emit_off(&j->e)) + 5));

    if (fits_i32(disp)) {
        emit_jcc_rel32(&j->e, -1, (uintptr_t)target);
    } else {
        emit_movi(&j->e, R_TMP1, (uintptr_t)target);
        emit_modrm(&j->e, OPC_GRP5, EXT5_JMP, R_TMP1);
    }
}

static void gen_exit_tb(JitCtx *j, const TCGOp *op)
{
    uint64_t v = op->args[0];

    sync_globals_at_exit(j);
    if (v == 0) {
        jump_to(j, jit_epilogue_ret0_rx);
    } else {
        emit_movi(&j->e, R_RAX, v);
        jump_to(j, jit_epilogue_rx);
    }
}

static void gen_goto_ptr(JitCtx *j, const TCGOp *op)
{
    int r = in_reg(j, op, 0);
    uint32_t f;

    sync_globals_at_exit(j);
    emit_modrm(&j->e, OPC_TESTL | P_REXW, r, r);
    f = jcc8_fwd(j, JCC_NE);
    jump_to(j, jit_epilogue_ret0_rx);
    jcc8_here(j, f);
    emit_modrm(&j->e, OPC_GRP5, EXT5_JMP, r);
}

static void gen_op(JitCtx *j, const TCGOp *op)
{
    bool w = w64(op);

    switch ((TCGOpcode)op->opc) {
    case INDEX_op_discard:
        ra_free_temp(j, A(0));
        break;
    case INDEX_op_set_label: {
        int label = (int)op->args[0];
        sync_for_bb_end(j);
        j->label_off[label] = emit_off(&j->e);
        ra_reset_at_label(j);
        break;
    }
    case INDEX_op_br:
        sync_for_bb_end(j);
        branch_to_label(j, -1, (int)op->args[0]);
        break;
    case INDEX_op_brcond:  gen_brcond(j, op); break;
    case INDEX_op_mov:     gen_mov(j, op); break;
    case INDEX_op_setcond: gen_setcond(j, op); break;
    case INDEX_op_movcond: gen_movcond(j, op); break;
    case INDEX_op_add:     gen_arith(j, op, ARITH_ADD, true); break;
    case INDEX_op_sub:     gen_arith(j, op, ARITH_SUB, false); break;
    case INDEX_op_and:     gen_arith(j, op, ARITH_AND, true); break;
    case INDEX_op_or:      gen_arith(j, op, ARITH_OR, true); break;
    case INDEX_op_xor:     gen_arith(j, op, ARITH_XOR, true); break;
    case INDEX_op_mul:     gen_mul(j, op); break;
    case INDEX_op_neg:     gen_unary_grp3(j, op, EXT3_NEG); break;
    case INDEX_op_not:     gen_unary_grp3(j, op, EXT3_NOT); break;
    case INDEX_op_div:     gen_div(j, op, true, false); break;
    case INDEX_op_divu:    gen_div(j, op, false, false); break;
    case INDEX_op_rem:     gen_div(j, op, true, true); break;
    case INDEX_op_remu:    gen_div(j, op, false, true); break;
    case INDEX_op_mulsh:   gen_mulh(j, op, true); break;
    case INDEX_op_muluh:   gen_mulh(j, op, false); break;
    case INDEX_op_andc:    gen_arith_not(j, op, ARITH_AND); break;
    case INDEX_op_orc:     gen_arith_not(j, op, ARITH_OR); break;
    case INDEX_op_eqv:     gen_arith_not(j, op, ARITH_XOR); break;
    case INDEX_op_shl:     gen_shift(j, op, SHIFT_SHL); break;
    case INDEX_op_shr:     gen_shift(j, op, SHIFT_SHR); break;
    case INDEX_op_sar:     gen_shift(j, op, SHIFT_SAR); break;
    case INDEX_op_rotl:    gen_shift(j, op, SHIFT_ROL); break;
    case INDEX_op_rotr:    gen_shift(j, op, SHIFT_ROR); break;
    case INDEX_op_clz:     jit_gen_count_zeros(j, op, true); break;
    case INDEX_op_ctz:     jit_gen_count_zeros(j, op, false); break;
    case INDEX_op_ctpop:   jit_gen_ctpop(j, op); break;
    case INDEX_op_bswap16: jit_gen_bswap(j, op, 16); break;
    case INDEX_op_bswap32: jit_gen_bswap(j, op, 32); break;
    case INDEX_op_bswap64: jit_gen_bswap(j, op, 64); break;
    case INDEX_op_ext8s:   jit_gen_ext(j, op, OPC_MOVSBL | rexw(w)); break;
    case INDEX_op_ext8u:   jit_gen_ext(j, op, OPC_MOVZBL); break;
    case INDEX_op_ext16s:  jit_gen_ext(j, op, OPC_MOVSWL | rexw(w)); break;
    case INDEX_op_ext16u:  jit_gen_ext(j, op, OPC_MOVZWL); break;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        jit_gen_ext(j, op, OPC_MOVSLQ);
        break;
    case INDEX_op_extrl_i64_i32: {
        /* An i32 ignores the high half: reusing the register needs no code. */
        int ra = in_reg(j, op, 1);
        int rd = out_reg(j, op, 0, 1, ra, false);
        if (rd != ra) {
            emit_mov(&j->e, false, rd, ra);
        }
        set_out(j, op, 0, rd);
        break;
    }
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
        jit_gen_ext(j, op, OPC_MOVL_GvEv);
        break;
    case INDEX_op_extrh_i64_i32: {
        int ra = in_reg(j, op, 1);
        int rd = out_reg(j, op, 0, 1, ra, false);
        emit_mov(&j->e, true, rd, ra);
        emit_shift_ri(&j->e, SHIFT_SHR, true, rd, 32);
        set_out(j, op, 0, rd);
        break;
    }
    case INDEX_op_extract:  jit_gen_extract(j, op, false); break;
    case INDEX_op_sextract: jit_gen_extract(j, op, true); break;
    case INDEX_op_deposit:  jit_gen_deposit(j, op); break;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld:
        gen_host_ld(j, op);
        break;
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st:
        gen_host_st(j, op);
        break;
    case INDEX_op_qemu_ld: jit_gen_qemu_ld(j, op); break;
    case INDEX_op_qemu_st: jit_gen_qemu_st(j, op); break;
    case INDEX_op_call:    gen_call(j, op); break;
    case INDEX_op_goto_tb: gen_goto_tb(j, op); break;
    case INDEX_op_exit_tb: gen_exit_tb(j, op); break;
    case INDEX_op_goto_ptr: gen_goto_ptr(j, op); break;
    case INDEX_op_mb:
        /* kind = RISC-V pred << 4 | succ (I=8 O=4 R=2 W=1), 0 for aq/rl.
           x86 is TSO: only store -> load ordering needs a fence. */
        if ((op->args[0] & 0x10) && (op->args[0] & 0x02)) {
            emit8(&j->e, 0x0f);         /* mfence */
            emit8(&j->e, 0xae);
            emit8(&j->e, 0xf0);
        }
        break;
    case INDEX_op_insn_start:
    case INDEX_op_nop:
    case NB_TCG_OPS:
        break;
    }
}

/* Per-thread scratch of the generator (grown on demand, reused). */
static __thread JitTemp jit_temps[TCG_MAX_TEMPS];
static __thread int64_t jit_label_off[TCG_MAX_LABELS + 1];
static __thread JitReloc *jit_relocs;
static __thread int jit_max_relocs;
static __thread JitSlowPath *jit_slow;
static __thread int jit_max_slow;

long jit_gen_code(TCGContext *s, TranslationBlock *tb, uint8_t *buf_rw,
                  const uint8_t *buf_rx, size_t size)
{
    JitCtx j;
    size_t margin = 2048 + 32 * (size_t)s->nb_temps;
    int insn = 0;

    (void)tb;
    if (size < margin) {
        return -1;
    }
    memset(&j, 0, sizeof(j));
    j.s = s;
    j.e.start = buf_rw;
    j.e.start_rx = buf_rx;
    j.e.p = buf_rw;
    j.e.limit = buf_rw + size - margin;
    j.t = jit_temps;
    j.label_off = jit_label_off;
    j.relocs = jit_relocs;
    j.max_relocs = jit_max_relocs;
    j.slow = jit_slow;
    j.max_slow = jit_max_slow;
    for (int i = 0; i <= TCG_MAX_LABELS; i++) {
        j.label_off[i] = -1;
    }
    for (int n = 0; n < 2; n++) {
        s->goto_tb_insn_off[n] = UINT32_MAX;
        s->goto_tb_reset_off[n] = UINT32_MAX;
        s->goto_tb_loop_off[n] = UINT32_MAX;
    }
    ra_init(&j);
    ra_choose_resident(&j);
    ra_enter_resident(&j);
    j.loop_off = emit_off(&j.e);

    for (int i = 0; i < s->nb_ops && !j.overflow; i++) {
        const TCGOp *op = &s->ops[i];

        if (!ra_room(&j)) {
            j.overflow = true;
            break;
        }
        if (op->opc == INDEX_op_insn_start) {
            if (insn > 0 && insn <= TCG_MAX_INSNS) {
                s->insn_end_off[insn - 1] = emit_off(&j.e);
            }
            insn++;
            continue;
        }
        if (i + 1 < s->nb_ops && gen_ld_brcond(&j, op, &s->ops[i + 1])) {
            i++;
            continue;
        }
        gen_op(&j, op);
        ra_op_end(&j, op);
    }
    if (insn > 0 && insn <= TCG_MAX_INSNS) {
        s->insn_end_off[insn - 1] = emit_off(&j.e);
    }
    if (!j.overflow && !jit_gen_slow_paths(&j)) {
        j.overflow = true;
    }
    for (int i = 0; i < j.nb_relocs && !j.overflow; i++) {
        int64_t target = j.label_off[j.relocs[i].label];
        assert(target >= 0);
        emit_patch_rel32(&j.e, j.relocs[i].field_off, (uint32_t)target);
    }
    /* Keep the grown scratch arrays for the next TB. */
    jit_relocs = j.relocs;
    jit_max_relocs = j.max_relocs;
    jit_slow = j.slow;
    jit_max_slow = j.max_slow;
    if (j.overflow || !ra_room(&j)) {
        return -1;
    }
    if (j.too_large) {
        return TCG_GEN_TOO_LARGE;
    }
    return (long)emit_off(&j.e);
}
