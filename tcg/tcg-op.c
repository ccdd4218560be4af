/*
 * The tcg_gen_* emission helpers used by target front ends.
 *
 * They emit IR directly, with the cheap simplifications a front end would
 * otherwise write by hand (add 0 -> mov, and -1 -> mov, shift by 0 -> mov,
 * ...); tcg/optimize.c does the rest.
 */
#include "tcg/tcg.h"

#define I64 TCG_TYPE_I64
#define I32 TCG_TYPE_I32

static inline TCGArg a64(TCGv_i64 v) { return (TCGArg)v.idx; }
static inline TCGArg a32(TCGv_i32 v) { return (TCGArg)v.idx; }

static void emit1(TCGOpcode opc, TCGType type, TCGArg a0)
{
    TCGOp *op = tcg_emit_op(opc, type, 1);
    op->args[0] = a0;
}

static void emit2(TCGOpcode opc, TCGType type, TCGArg a0, TCGArg a1)
{
    TCGOp *op = tcg_emit_op(opc, type, 2);
    op->args[0] = a0;
    op->args[1] = a1;
}

static void emit3(TCGOpcode opc, TCGType type, TCGArg a0, TCGArg a1, TCGArg a2)
{
    TCGOp *op = tcg_emit_op(opc, type, 3);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
}

static void emit4(TCGOpcode opc, TCGType type, TCGArg a0, TCGArg a1, TCGArg a2, TCGArg a3)
{
    TCGOp *op = tcg_emit_op(opc, type, 4);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
    op->args[3] = a3;
}

static void emit_mov(TCGType type, TCGArg d, TCGArg a)
{
    if (d != a) {
        emit2(INDEX_op_mov, type, d, a);
    }
}

static TCGArg cst(TCGType type, int64_t v)
{
    return (TCGArg)tcg_constant_idx(type, v);
}

/* ---- Plain binary / unary ops ------------------------------------------ */

#define GEN_BINOP(name)                                                         \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)               \
    {                                                                           \
        emit3(INDEX_op_##name, I64, a64(d), a64(a), a64(b));                    \
    }                                                                           \
    void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)               \
    {                                                                           \
        emit3(INDEX_op_##name, I32, a32(d), a32(a), a32(b));                    \
    }
GEN_BINOP(add) GEN_BINOP(sub) GEN_BINOP(mul)
GEN_BINOP(div) GEN_BINOP(divu) GEN_BINOP(rem) GEN_BINOP(remu)
GEN_BINOP(mulsh) GEN_BINOP(muluh)
GEN_BINOP(and) GEN_BINOP(or) GEN_BINOP(xor)
GEN_BINOP(andc) GEN_BINOP(orc) GEN_BINOP(eqv)
GEN_BINOP(shl) GEN_BINOP(shr) GEN_BINOP(sar)
GEN_BINOP(rotl) GEN_BINOP(rotr) GEN_BINOP(clz) GEN_BINOP(ctz)
#undef GEN_BINOP

#define GEN_UNOP(name)                                                          \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a)                           \
    {                                                                           \
        emit2(INDEX_op_##name, I64, a64(d), a64(a));                            \
    }                                                                           \
    void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a)                           \
    {                                                                           \
        emit2(INDEX_op_##name, I32, a32(d), a32(a));                            \
    }
GEN_UNOP(neg) GEN_UNOP(not) GEN_UNOP(ctpop)
GEN_UNOP(bswap16) GEN_UNOP(bswap32)
GEN_UNOP(ext8s) GEN_UNOP(ext8u) GEN_UNOP(ext16s) GEN_UNOP(ext16u)
#undef GEN_UNOP

void tcg_gen_mov_i64(TCGv_i64 d, TCGv_i64 a) { emit_mov(I64, a64(d), a64(a)); }
void tcg_gen_mov_i32(TCGv_i32 d, TCGv_i32 a) { emit_mov(I32, a32(d), a32(a)); }
void tcg_gen_bswap64_i64(TCGv_i64 d, TCGv_i64 a) { emit2(INDEX_op_bswap64, I64, a64(d), a64(a)); }
void tcg_gen_ext32s_i64(TCGv_i64 d, TCGv_i64 a) { emit2(INDEX_op_ext32s, I64, a64(d), a64(a)); }
void tcg_gen_ext32u_i64(TCGv_i64 d, TCGv_i64 a) { emit2(INDEX_op_ext32u, I64, a64(d), a64(a)); }
void tcg_gen_movi_i64(TCGv_i64 d, int64_t v) { emit_mov(I64, a64(d), cst(I64, v)); }
void tcg_gen_movi_i32(TCGv_i32 d, int32_t v) { emit_mov(I32, a32(d), cst(I32, v)); }

/* ---- Binary ops with an immediate --------------------------------------- */

/* One implementation for both widths: d, a are temp indexes. */
static void gen_opi(TCGOpcode opc, TCGType type, TCGArg d, TCGArg a, int64_t imm)
{
    unsigned bits = type == I64 ? 64 : 32;
    int64_t ones = -1;

    if (type == I32) {
        imm = (int32_t)imm;
    }
    switch (opc) {
    case INDEX_op_add:
    case INDEX_op_or:
    case INDEX_op_xor:
        if (imm == 0) {
            emit_mov(type, d, a);
            return;
        }
        if (opc == INDEX_op_or && imm == ones) {
            emit_mov(type, d, cst(type, -1));
            return;
        }
        if (opc == INDEX_op_xor && imm == ones) {
            emit2(INDEX_op_not, type, d, a);
            return;
        }
        break;
    case INDEX_op_sub:
        if (imm == 0) {
            emit_mov(type, d, a);
            return;
        }
        /* Canonical form: add of the negated constant. */
        opc = INDEX_op_add;
        imm = type == I32 ? (int32_t)(0u - (uint32_t)imm) : (int64_t)(0ull - (uint64_t)imm);
        break;
    case INDEX_op_and:
        if (imm == ones) {
            emit_mov(type, d, a);
            return;
        }
        if (imm == 0) {
            emit_mov(type, d, cst(type, 0));
            return;
        }
        if (type == I64 && imm == 0xff) {
            emit2(INDEX_op_ext8u, type, d, a);
            return;
        }
        if (type == I64 && imm == 0xffff) {
            emit2(INDEX_op_ext16u, type, d, a);
            return;
        }
        if (type == I64 && imm == 0xffffffffll) {
            emit2(INDEX_op_ext32u, type, d, a);
            return;
        }
        break;
    case INDEX_op_mul:
        if (imm == 0) {
            emit_mov(type, d, cst(type, 0));
            return;
        }
        if (imm == 1) {
            emit_mov(type, d, a);
            return;
        }
        if (imm > 0 && IS_POWER_OF_2((uint64_t)imm)) {
            opc = INDEX_op_shl;
            imm = __builtin_ctzll((uint64_t)imm);
        }
        break;
    case INDEX_op_shl:
    case INDEX_op_shr:
    case INDEX_op_sar:
    case INDEX_op_rotl:
    case INDEX_op_rotr:
        imm &= bits - 1;
        if (imm == 0) {
            emit_mov(type, d, a);
            return;
        }
        break;
    default:
        break;
    }
    emit3(opc, type, d, a, cst(type, imm));
}

#define GEN_BINOPI(name)                                                        \
    void tcg_gen_##name##i_i64(TCGv_i64 d, TCGv_i64 a, int64_t imm)             \
    {                                                                           \
        gen_opi(INDEX_op_##name, I64, a64(d), a64(a), imm);                     \
    }                                                                           \
    void tcg_gen_##name##i_i32(TCGv_i32 d, TCGv_i32 a, int32_t imm)             \
    {                                                                           \
        gen_opi(INDEX_op_##name, I32, a32(d), a32(a), imm);                     \
    }
GEN_BINOPI(add) GEN_BINOPI(sub) GEN_BINOPI(mul)
GEN_BINOPI(and) GEN_BINOPI(or) GEN_BINOPI(xor)
GEN_BINOPI(shl) GEN_BINOPI(shr) GEN_BINOPI(sar)
GEN_BINOPI(rotl) GEN_BINOPI(rotr)
#undef GEN_BINOPI

/* ---- Conditions ----------------------------------------------------------- */

static void gen_setcond(TCGType type, TCGCond c, TCGArg d, TCGArg a, TCGArg b)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        emit_mov(type, d, cst(type, c == TCG_COND_ALWAYS));
        return;
    }
    emit4(INDEX_op_setcond, type, d, a, b, c);
}

void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_setcond(I64, c, a64(d), a64(a), a64(b));
}

void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, int64_t imm)
{
    gen_setcond(I64, c, a64(d), a64(a), cst(I64, imm));
}

void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b)
{
    gen_setcond(I32, c, a32(d), a32(a), a32(b));
}

static void gen_movcond(TCGType type, TCGCond c, TCGArg d, TCGArg c1, TCGArg c2,
                        TCGArg v1, TCGArg v2)
{
    TCGOp *op;

    if (c == TCG_COND_ALWAYS || v1 == v2) {
        emit_mov(type, d, v1);
        return;
    }
    if (c == TCG_COND_NEVER) {
        emit_mov(type, d, v2);
        return;
    }
    op = tcg_emit_op(INDEX_op_movcond, type, 6);
    op->args[0] = d;
    op->args[1] = c1;
    op->args[2] = c2;
    op->args[3] = v1;
    op->args[4] = v2;
    op->args[5] = c;
}

void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    gen_movcond(I64, c, a64(d), a64(c1), a64(c2), a64(v1), a64(v2));
}

void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    gen_movcond(I32, c, a32(d), a32(c1), a32(c2), a32(v1), a32(v2));
}

static void gen_brcond(TCGType type, TCGCond c, TCGArg a, TCGArg b, TCGLabel *l)
{
    if (c == TCG_COND_NEVER) {
        return;
    }
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
        return;
    }
    l->has_branch = true;
    emit4(INDEX_op_brcond, type, a, b, c, (TCGArg)l->id);
}

void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l)
{
    gen_brcond(I64, c, a64(a), a64(b), l);
}

void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t imm, TCGLabel *l)
{
    gen_brcond(I64, c, a64(a), cst(I64, imm), l);
}

void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l)
{
    gen_brcond(I32, c, a32(a), a32(b), l);
}

void tcg_gen_br(TCGLabel *l)
{
    l->has_branch = true;
    emit1(INDEX_op_br, I64, (TCGArg)l->id);
}

/* ---- Bit fields ------------------------------------------------------------ */

static void gen_extract(TCGType type, bool sign, TCGArg d, TCGArg a,
                        unsigned ofs, unsigned len)
{
    unsigned bits = type == I64 ? 64 : 32;

    assert(len > 0 && ofs < bits && len <= bits - ofs);
    if (len == bits) {
        emit_mov(type, d, a);
        return;
    }
    if (ofs + len == bits) {
        emit3(sign ? INDEX_op_sar : INDEX_op_shr, type, d, a, cst(type, ofs));
        return;
    }
    if (ofs == 0 && (len == 8 || len == 16 || len == 32)) {
        static const TCGOpcode u[] = { INDEX_op_ext8u, INDEX_op_ext16u, INDEX_op_ext32u };
        static const TCGOpcode s[] = { INDEX_op_ext8s, INDEX_op_ext16s, INDEX_op_ext32s };
        int k = len == 8 ? 0 : len == 16 ? 1 : 2;
        emit2(sign ? s[k] : u[k], type, d, a);
        return;
    }
    emit4(sign ? INDEX_op_sextract : INDEX_op_extract, type, d, a, ofs, len);
}

static void gen_deposit(TCGType type, TCGArg d, TCGArg a, TCGArg b,
                        unsigned ofs, unsigned len)
{
    unsigned bits = type == I64 ? 64 : 32;
    TCGOp *op;

    assert(len > 0 && ofs < bits && len <= bits - ofs);
    if (len == bits) {
        emit_mov(type, d, b);
        return;
    }
    op = tcg_emit_op(INDEX_op_deposit, type, 5);
    op->args[0] = d;
    op->args[1] = a;
    op->args[2] = b;
    op->args[3] = ofs;
    op->args[4] = len;
}

void tcg_gen_extract_i64(TCGv_i64 d, TCGv_i64 a, unsigned ofs, unsigned len)
{
    gen_extract(I64, false, a64(d), a64(a), ofs, len);
}

void tcg_gen_sextract_i64(TCGv_i64 d, TCGv_i64 a, unsigned ofs, unsigned len)
{
    gen_extract(I64, true, a64(d), a64(a), ofs, len);
}

void tcg_gen_deposit_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned ofs, unsigned len)
{
    gen_deposit(I64, a64(d), a64(a), a64(b), ofs, len);
}

void tcg_gen_extract_i32(TCGv_i32 d, TCGv_i32 a, unsigned ofs, unsigned len)
{
    gen_extract(I32, false, a32(d), a32(a), ofs, len);
}

void tcg_gen_sextract_i32(TCGv_i32 d, TCGv_i32 a, unsigned ofs, unsigned len)
{
    gen_extract(I32, true, a32(d), a32(a), ofs, len);
}

void tcg_gen_deposit_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b, unsigned ofs, unsigned len)
{
    gen_deposit(I32, a32(d), a32(a), a32(b), ofs, len);
}

/* ---- Width changes --------------------------------------------------------- */

void tcg_gen_ext_i32_i64(TCGv_i64 d, TCGv_i32 a)
{
    emit2(INDEX_op_ext_i32_i64, I64, a64(d), a32(a));
}

void tcg_gen_extu_i32_i64(TCGv_i64 d, TCGv_i32 a)
{
    emit2(INDEX_op_extu_i32_i64, I64, a64(d), a32(a));
}

void tcg_gen_extrl_i64_i32(TCGv_i32 d, TCGv_i64 a)
{
    emit2(INDEX_op_extrl_i64_i32, I32, a32(d), a64(a));
}

void tcg_gen_extrh_i64_i32(TCGv_i32 d, TCGv_i64 a)
{
    emit2(INDEX_op_extrh_i64_i32, I32, a32(d), a64(a));
}

/* ---- Host memory ------------------------------------------------------------ */

#define GEN_LD(name, opc)                                                        \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 base, int32_t off)            \
    {                                                                            \
        emit3(opc, I64, a64(d), a64(base), (TCGArg)(int64_t)off);                \
    }
GEN_LD(ld8u, INDEX_op_ld8u) GEN_LD(ld8s, INDEX_op_ld8s)
GEN_LD(ld16u, INDEX_op_ld16u) GEN_LD(ld16s, INDEX_op_ld16s)
GEN_LD(ld32u, INDEX_op_ld32u) GEN_LD(ld32s, INDEX_op_ld32s)
GEN_LD(ld, INDEX_op_ld)
#undef GEN_LD

#define GEN_ST(name, opc)                                                        \
    void tcg_gen_##name##_i64(TCGv_i64 v, TCGv_i64 base, int32_t off)            \
    {                                                                            \
        emit3(opc, I64, a64(v), a64(base), (TCGArg)(int64_t)off);                \
    }
GEN_ST(st8, INDEX_op_st8) GEN_ST(st16, INDEX_op_st16) GEN_ST(st32, INDEX_op_st32)
GEN_ST(st, INDEX_op_st)
#undef GEN_ST

void tcg_gen_ld_i32(TCGv_i32 d, TCGv_i64 base, int32_t off)
{
    emit3(INDEX_op_ld, I32, a32(d), a64(base), (TCGArg)(int64_t)off);
}

void tcg_gen_st_i32(TCGv_i32 v, TCGv_i64 base, int32_t off)
{
    emit3(INDEX_op_st, I32, a32(v), a64(base), (TCGArg)(int64_t)off);
}

/* ---- Guest memory -------------------------------------------------------------- */

void tcg_gen_qemu_ld_i64(TCGv_i64 d, TCGv_i64 addr, unsigned mmu_idx, MemOp op)
{
    emit3(INDEX_op_qemu_ld, I64, a64(d), a64(addr), make_memop_idx(op, mmu_idx));
}

void tcg_gen_qemu_st_i64(TCGv_i64 v, TCGv_i64 addr, unsigned mmu_idx, MemOp op)
{
    emit3(INDEX_op_qemu_st, I64, a64(v), a64(addr), make_memop_idx(op, mmu_idx));
}

/* ---- Calls ------------------------------------------------------------------------ */

void tcg_gen_call(const TCGHelperInfo *info, TCGv_i64 ret, ...)
{
    unsigned nouts = ret.idx >= 0 ? 1 : 0, i;
    TCGOp *op;
    va_list ap;

    assert(info->nargs <= TCG_MAX_CALL_ARGS);
    assert(nouts == 0 || info->has_ret);
    op = tcg_emit_op(INDEX_op_call, I64, nouts + info->nargs + 1);
    op->nouts = nouts;
    op->nargs = info->nargs;
    if (nouts) {
        op->args[0] = a64(ret);
    }
    va_start(ap, ret);
    for (i = 0; i < info->nargs; i++) {
        op->args[nouts + i] = a64(va_arg(ap, TCGv_i64));
    }
    va_end(ap);
    op->args[nouts + info->nargs] = (TCGArg)(uintptr_t)info;
}

/* ---- Block structure ------------------------------------------------------------- */

void tcg_gen_insn_start(uint64_t data0, uint64_t data1)
{
    TCGContext *s = tcg_ctx;

    emit2(INDEX_op_insn_start, I64, data0, data1);
    if (s->nb_insns >= TCG_MAX_INSNS) {
        s->overflow = true;
        return;
    }
    s->insn_data[s->nb_insns][0] = data0;
    s->insn_data[s->nb_insns][1] = data1;
    s->nb_insns++;
}

void tcg_gen_goto_tb(unsigned slot)
{
    assert(slot < 2);
    emit2(INDEX_op_goto_tb, I64, slot, 0);
}

void tcg_gen_goto_tb_loop(unsigned slot)
{
    assert(slot < 2);
    emit2(INDEX_op_goto_tb, I64, slot, 1);
}

void tcg_gen_exit_tb(const TranslationBlock *tb, unsigned idx)
{
    emit1(INDEX_op_exit_tb, I64, (TCGArg)((uintptr_t)tb + idx));
}

extern uintptr_t helper_lookup_tb_ptr(CPUState *cpu) __attribute__((weak));

static const TCGHelperInfo lookup_tb_ptr_info = {
    .name = "lookup_tb_ptr",
    .func = (void *)helper_lookup_tb_ptr,
    .flags = TCG_CALL_NO_WG | TCG_CALL_NO_SE,
    .nargs = 1,
    .has_ret = true,
};

void tcg_gen_lookup_and_goto_ptr(void)
{
    TCGv_i64 ptr = tcg_temp_new_i64();

    tcg_gen_call(&lookup_tb_ptr_info, ptr, tcg_env);
    emit1(INDEX_op_goto_ptr, I64, a64(ptr));
}

void tcg_gen_mb(unsigned kind)
{
    emit1(INDEX_op_mb, I64, kind);
}
