/*
 * Translation of the F, D, Zfh and Zfhmin instructions (unprivileged spec
 * chapters 11-13, Zfh chapter).
 *
 * Loads, stores, moves and sign injection are emitted inline; everything
 * that rounds, compares or classifies calls a helper from fpu_helper.c.
 * Single and half values live NaN-boxed in the 64-bit f registers.
 * Priv spec 3.1.6.6: with mstatus.FS = Off every FP instruction is illegal;
 * an instruction that changes FP state (an f register or fflags) sets FS to
 * Dirty.
 */
#include "target/riscv/translate.h"
#include "target/riscv/fpu_helper.h"

/* Set mstatus.FS = Dirty (and SD) once per TB: FS is part of the TB flags. */
static void mark_fs_dirty(DisasContext *ctx)
{
    TCGv_i64 t;

    if (ctx->fs == FS_DIRTY) {
        return;
    }
    t = tcg_temp_new_i64();
    tcg_gen_ld_i64(t, tcg_env, offsetof(RISCVCPU, mstatus));
    tcg_gen_ori_i64(t, t, (int64_t)(MSTATUS_FS | MSTATUS_SD));
    tcg_gen_st_i64(t, tcg_env, offsetof(RISCVCPU, mstatus));
    ctx->fs = FS_DIRTY;
}

static void gen_set_fpr(DisasContext *ctx, int rd, TCGv_i64 v)
{
    tcg_gen_mov_i64(cpu_fpr[rd], v);
    mark_fs_dirty(ctx);
}

/* The width of a load, store, move or sign-injection op. */
static MemOp fp_width(RVOp op)
{
    switch (op) {
    case RV_OP_FLH: case RV_OP_FSH: case RV_OP_FMV_X_H: case RV_OP_FMV_H_X:
    case RV_OP_FSGNJ_H: case RV_OP_FSGNJN_H: case RV_OP_FSGNJX_H:
        return MO_16;
    case RV_OP_FLW: case RV_OP_FSW: case RV_OP_FMV_X_W: case RV_OP_FMV_W_X:
    case RV_OP_FSGNJ_S: case RV_OP_FSGNJN_S: case RV_OP_FSGNJX_S:
        return MO_32;
    default:
        return MO_64;
    }
}

/* The bits above a NaN-boxed value of width w (0 for doubles). */
static int64_t box_bits(MemOp w)
{
    return w == MO_64 ? 0 : (int64_t)(~0ull << (8u << w));
}

/* An improperly boxed single/half input reads as the canonical NaN. */
static TCGv_i64 gen_unbox(TCGv_i64 src, MemOp w)
{
    TCGv_i64 t;
    int64_t nan;

    if (w == MO_64) {
        return src;
    }
    nan = box_bits(w) | (w == MO_32 ? F32_DEFAULT_NAN : F16_DEFAULT_NAN);
    t = tcg_temp_new_i64();
    tcg_gen_movcond_i64(TCG_COND_GEU, t, src, tcg_constant_i64(box_bits(w)), src,
                        tcg_constant_i64(nan));
    return t;
}

static TCGv_i64 gen_address(DisasContext *ctx, const RVInsn *insn)
{
    TCGv_i64 addr = tcg_temp_new_i64();

    tcg_gen_addi_i64(addr, get_gpr(ctx, insn->rs1), insn->imm);
    return addr;
}

static void gen_fload(DisasContext *ctx, const RVInsn *insn)
{
    MemOp w = fp_width(insn->op);
    TCGv_i64 v = tcg_temp_new_i64();

    tcg_gen_qemu_ld_i64(v, gen_address(ctx, insn), (unsigned)ctx->mem_idx, w);
    if (w != MO_64) {
        tcg_gen_ori_i64(v, v, box_bits(w));
    }
    gen_set_fpr(ctx, insn->rd, v);
}

static void gen_fstore(DisasContext *ctx, const RVInsn *insn)
{
    /* Stores write the low bits as they are: no NaN-boxing check. */
    tcg_gen_qemu_st_i64(cpu_fpr[insn->rs2], gen_address(ctx, insn), (unsigned)ctx->mem_idx,
                        fp_width(insn->op));
}

/* fsgnj/fsgnjn/fsgnjx: sign of rs2 (or its inverse, or xor) onto rs1. */
static void gen_fsgnj(DisasContext *ctx, const RVInsn *insn)
{
    MemOp w = fp_width(insn->op);
    int64_t sign = (int64_t)(1ull << ((8u << w) - 1));
    TCGv_i64 a = gen_unbox(cpu_fpr[insn->rs1], w);
    TCGv_i64 b, d = tcg_temp_new_i64(), t = tcg_temp_new_i64();

    if (insn->rs1 == insn->rs2) {
        /* the fmv, fneg and fabs pseudo-instructions */
        switch (insn->op) {
        case RV_OP_FSGNJX_S: case RV_OP_FSGNJX_D: case RV_OP_FSGNJX_H:
            tcg_gen_andi_i64(d, a, ~sign);
            break;
        case RV_OP_FSGNJN_S: case RV_OP_FSGNJN_D: case RV_OP_FSGNJN_H:
            tcg_gen_xori_i64(d, a, sign);
            break;
        default:
            tcg_gen_mov_i64(d, a);
            break;
        }
        gen_set_fpr(ctx, insn->rd, d);
        return;
    }
    b = gen_unbox(cpu_fpr[insn->rs2], w);
    tcg_gen_andi_i64(t, b, sign);
    switch (insn->op) {
    case RV_OP_FSGNJX_S: case RV_OP_FSGNJX_D: case RV_OP_FSGNJX_H:
        tcg_gen_xor_i64(d, a, t);
        break;
    case RV_OP_FSGNJN_S: case RV_OP_FSGNJN_D: case RV_OP_FSGNJN_H:
        tcg_gen_xori_i64(t, t, sign);
        /* fall through */
    default:
        tcg_gen_andi_i64(d, a, ~sign);
        tcg_gen_or_i64(d, d, t);
        break;
    }
    gen_set_fpr(ctx, insn->rd, d);
}

/* fmv.x.{h,w,d}: bits to an x register, sign-extended (no unboxing). */
static void gen_fmv_to_x(DisasContext *ctx, const RVInsn *insn)
{
    TCGv_i64 v = tcg_temp_new_i64();

    switch (fp_width(insn->op)) {
    case MO_16:
        tcg_gen_ext16s_i64(v, cpu_fpr[insn->rs1]);
        break;
    case MO_32:
        tcg_gen_ext32s_i64(v, cpu_fpr[insn->rs1]);
        break;
    default:
        tcg_gen_mov_i64(v, cpu_fpr[insn->rs1]);
        break;
    }
    gen_set_gpr(ctx, insn->rd, v);
}

/* fmv.{h,w,d}.x: bits from an x register, NaN-boxed. */
static void gen_fmv_from_x(DisasContext *ctx, const RVInsn *insn)
{
    MemOp w = fp_width(insn->op);
    TCGv_i64 v = tcg_temp_new_i64();

    if (w == MO_64) {
        tcg_gen_mov_i64(v, get_gpr(ctx, insn->rs1));
    } else {
        tcg_gen_ori_i64(v, get_gpr(ctx, insn->rs1), box_bits(w));
    }
    gen_set_fpr(ctx, insn->rd, v);
}

/* Everything else calls its helper; the format says where operands are. */
static bool gen_fp_helper(DisasContext *ctx, const RVInsn *insn, RVFmt fmt)
{
    bool has_rm = fmt == FMT_FR_RM || fmt == FMT_FR4 || fmt == FMT_FR1_RM ||
                  fmt == FMT_FR1_XRM || fmt == FMT_F2X_RM || fmt == FMT_X2F_RM ||
                  fmt == FMT_X2F_XRM;
    const TCGHelperInfo *info = riscv_fp_helper(insn->op, has_rm ? (int)insn->rm : -1);
    TCGv_i64 desc = tcg_constant_i64((int64_t)riscv_fp_desc(insn));
    TCGv_i64 r = tcg_temp_new_i64();
    TCGv_i64 *f = cpu_fpr;

    if (info == NULL) {
        return false;
    }
    switch (fmt) {
    case FMT_FR_RM:
        tcg_gen_call(info, r, tcg_env, f[insn->rs1], f[insn->rs2], desc);
        break;
    case FMT_FR4:
        tcg_gen_call(info, r, tcg_env, f[insn->rs1], f[insn->rs2], f[insn->rs3], desc);
        break;
    case FMT_FR1_RM:
    case FMT_FR1_XRM:
    case FMT_F2X_RM:
        tcg_gen_call(info, r, tcg_env, f[insn->rs1], desc);
        break;
    case FMT_X2F_RM:
    case FMT_X2F_XRM:
        tcg_gen_call(info, r, tcg_env, get_gpr(ctx, insn->rs1), desc);
        break;
    case FMT_FR:        /* fmin, fmax */
    case FMT_FCMP:
        tcg_gen_call(info, r, tcg_env, f[insn->rs1], f[insn->rs2]);
        break;
    case FMT_F2X:       /* fclass */
        tcg_gen_call(info, r, tcg_env, f[insn->rs1]);
        break;
    default:
        return false;
    }
    switch (fmt) {
    case FMT_FCMP:
    case FMT_F2X_RM:
        mark_fs_dirty(ctx);             /* fflags may change */
        /* fall through */
    case FMT_F2X:
        gen_set_gpr(ctx, insn->rd, r);
        break;
    default:
        gen_set_fpr(ctx, insn->rd, r);
        break;
    }
    return true;
}

bool trans_fp(DisasContext *ctx, const RVInsn *insn)
{
    RVFmt fmt = rv_insn_fmt(insn->op);

    if (fmt < FMT_FR || fmt > FMT_FSTORE) {
        return false;
    }
    if (ctx->fs == 0) {
        gen_exception_illegal(ctx);
        return true;
    }
    switch (fmt) {
    case FMT_FLOAD:
        gen_fload(ctx, insn);
        return true;
    case FMT_FSTORE:
        gen_fstore(ctx, insn);
        return true;
    case FMT_X2F:
        gen_fmv_from_x(ctx, insn);
        return true;
    case FMT_F2X:
        if (insn->op == RV_OP_FMV_X_H || insn->op == RV_OP_FMV_X_W ||
            insn->op == RV_OP_FMV_X_D) {
            gen_fmv_to_x(ctx, insn);
            return true;
        }
        return gen_fp_helper(ctx, insn, fmt);
    case FMT_FR:
        if (riscv_fp_helper(insn->op, -1) == NULL) {
            gen_fsgnj(ctx, insn);
            return true;
        }
        return gen_fp_helper(ctx, insn, fmt);
    default:
        return gen_fp_helper(ctx, insn, fmt);
    }
}
