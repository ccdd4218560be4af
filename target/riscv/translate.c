/*
 * RISC-V front end, integer part: RV64I, M, A, Zba, Zbb, Zbc, Zbs, Zbkb,
 * Zbkx, Zicond and fence/pause, emitted as TCG IR.  Compressed instructions
 * arrive already expanded by rv_decode(), so C needs nothing here; prefetch.*
 * hints arrive as ori to x0.  System instructions (CSR, ecall, fence.i, cbo.*,
 * ...) are trans_priv()'s, FP is trans_fp()'s (see translate.h).
 *
 * Register-register and register-immediate operations are tables of small
 * generator functions; what does not fit the tables (control flow, memory,
 * atomics) has its own function.
 */
#include "target/riscv/translate.h"
#include "target/riscv/csr.h"

#include <setjmp.h>
#include <stddef.h>
#include <string.h>

/* ---- Operands ---------------------------------------------------------- */

/* A fresh temp for a result: results are computed into temps and written
 * with gen_set_gpr() so that rd may alias a source. */
static TCGv_i64 tmp(void)
{
    return tcg_temp_new_i64();
}

static void set_rd(DisasContext *ctx, const RVInsn *insn, TCGv_i64 val)
{
    gen_set_gpr(ctx, insn->rd, val);
}

/* Raise cause with a run-time tval on a conditional (cold) path.  The pc is
 * stored first so that the exception helper sees the faulting instruction
 * whatever way it recovers state; the TB continues after the caller's
 * label. */
static void gen_raise_dynamic(DisasContext *ctx, int cause, TCGv_i64 tval)
{
    tcg_gen_movi_i64(cpu_pc, (int64_t)ctx->pc);
    tcg_gen_call(&helper_info_raise_exception, TCGV_NONE_I64, tcg_env,
                 tcg_constant_i64(cause), tval);
}

/* ---- Register-register and register-immediate operations -------------- */

typedef void GenBinary(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
typedef void GenUnary(TCGv_i64 d, TCGv_i64 a);

static void gen_mulhsu(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    /* signed a * unsigned b, high half: muluh(a, b) - (a < 0 ? b : 0) */
    TCGv_i64 hi = tmp(), fix = tmp();
    tcg_gen_muluh_i64(hi, a, b);
    tcg_gen_sari_i64(fix, a, 63);
    tcg_gen_and_i64(fix, fix, b);
    tcg_gen_sub_i64(d, hi, fix);
}

static void gen_slt(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_setcond_i64(TCG_COND_LT, d, a, b);
}

static void gen_sltu(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_setcond_i64(TCG_COND_LTU, d, a, b);
}

/* ---- 32-bit (W) forms: compute in i32, sign-extend the result ---- */

typedef void GenBinary32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);

static void gen_w32(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, GenBinary32 *fn)
{
    TCGv_i32 a32 = tcg_temp_new_i32(), b32 = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(a32, a);
    tcg_gen_extrl_i64_i32(b32, b);
    fn(a32, a32, b32);
    tcg_gen_ext_i32_i64(d, a32);
}

#define GEN_W32(name, fn32)                                                    \
    static void gen_##name(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)                 \
    {                                                                          \
        gen_w32(d, a, b, fn32);                                                \
    }
GEN_W32(addw, tcg_gen_add_i32)
GEN_W32(subw, tcg_gen_sub_i32)
GEN_W32(sllw, tcg_gen_shl_i32)      /* i32 shifts use the count mod 32 */
GEN_W32(srlw, tcg_gen_shr_i32)
GEN_W32(sraw, tcg_gen_sar_i32)
GEN_W32(mulw, tcg_gen_mul_i32)
GEN_W32(rolw, tcg_gen_rotl_i32)
GEN_W32(rorw, tcg_gen_rotr_i32)

/* divw/remw: 64-bit division of the sign-extended operands gives the RISC-V
 * results, including x/0 = -1, x%0 = x and INT32_MIN / -1 = INT32_MIN after
 * the final sign extension; divuw/remuw likewise on zero-extended ones. */
static void gen_div_w(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, bool sign, GenBinary *fn)
{
    TCGv_i64 x = tmp(), y = tmp();
    if (sign) {
        tcg_gen_ext32s_i64(x, a);
        tcg_gen_ext32s_i64(y, b);
    } else {
        tcg_gen_ext32u_i64(x, a);
        tcg_gen_ext32u_i64(y, b);
    }
    fn(x, x, y);
    tcg_gen_ext32s_i64(d, x);
}

static void gen_divw(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_div_w(d, a, b, true, tcg_gen_div_i64);
}

static void gen_remw(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_div_w(d, a, b, true, tcg_gen_rem_i64);
}

static void gen_divuw(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_div_w(d, a, b, false, tcg_gen_divu_i64);
}

static void gen_remuw(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    gen_div_w(d, a, b, false, tcg_gen_remu_i64);
}

/* ---- Zba ---- */

static void gen_shadd(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, int sh, bool uw)
{
    TCGv_i64 t = tmp();
    if (uw) {
        tcg_gen_ext32u_i64(t, a);
        tcg_gen_shli_i64(t, t, sh);
    } else {
        tcg_gen_shli_i64(t, a, sh);
    }
    tcg_gen_add_i64(d, t, b);
}

#define GEN_SHADD(name, sh, uw)                                                \
    static void gen_##name(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)                 \
    {                                                                          \
        gen_shadd(d, a, b, sh, uw);                                            \
    }
GEN_SHADD(sh1add, 1, false)
GEN_SHADD(sh2add, 2, false)
GEN_SHADD(sh3add, 3, false)
GEN_SHADD(add_uw, 0, true)
GEN_SHADD(sh1add_uw, 1, true)
GEN_SHADD(sh2add_uw, 2, true)
GEN_SHADD(sh3add_uw, 3, true)

/* ---- Zbb ---- */

static void gen_minmax(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, TCGCond cond)
{
    tcg_gen_movcond_i64(cond, d, a, b, a, b);
}

static void gen_min(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b) { gen_minmax(d, a, b, TCG_COND_LT); }
static void gen_minu(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b) { gen_minmax(d, a, b, TCG_COND_LTU); }
static void gen_max(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b) { gen_minmax(d, a, b, TCG_COND_GT); }
static void gen_maxu(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b) { gen_minmax(d, a, b, TCG_COND_GTU); }

static void gen_clz(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_clz_i64(d, a, tcg_constant_i64(64));
}

static void gen_ctz(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_ctz_i64(d, a, tcg_constant_i64(64));
}

static void gen_clzw(TCGv_i64 d, TCGv_i64 a)
{
    /* the low word moved to the top: a zero word gives the fallback 32 */
    TCGv_i64 t = tmp();
    tcg_gen_shli_i64(t, a, 32);
    tcg_gen_clz_i64(d, t, tcg_constant_i64(32));
}

static void gen_ctzw(TCGv_i64 d, TCGv_i64 a)
{
    TCGv_i64 t = tmp();
    tcg_gen_ori_i64(t, a, (int64_t)1 << 32);
    tcg_gen_ctz_i64(d, t, tcg_constant_i64(32));
}

static void gen_cpopw(TCGv_i64 d, TCGv_i64 a)
{
    TCGv_i64 t = tmp();
    tcg_gen_ext32u_i64(t, a);
    tcg_gen_ctpop_i64(d, t);
}

static void gen_orc_b(TCGv_i64 d, TCGv_i64 a)
{
    /* Per byte: ((x & 0x7f) + 0x7f) | x has bit 7 set iff the byte is
     * nonzero; spread that bit to 0xff by multiplying the 0/1 bytes. */
    const int64_t low7 = 0x7f7f7f7f7f7f7f7fll;
    TCGv_i64 t = tmp();
    tcg_gen_andi_i64(t, a, low7);
    tcg_gen_addi_i64(t, t, low7);
    tcg_gen_or_i64(t, t, a);
    tcg_gen_shri_i64(t, t, 7);
    tcg_gen_andi_i64(t, t, 0x0101010101010101ll);
    tcg_gen_muli_i64(d, t, 0xff);
}

static void gen_rev8(TCGv_i64 d, TCGv_i64 a)
{
    tcg_gen_bswap64_i64(d, a);
}

/* ---- Zbs: single-bit operations with a register index ---- */

static void gen_bit(TCGv_i64 bit, TCGv_i64 b)
{
    tcg_gen_shl_i64(bit, tcg_constant_i64(1), b);      /* count mod 64 */
}

static void gen_bclr(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 t = tmp();
    gen_bit(t, b);
    tcg_gen_andc_i64(d, a, t);
}

static void gen_bset(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 t = tmp();
    gen_bit(t, b);
    tcg_gen_or_i64(d, a, t);
}

static void gen_binv(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 t = tmp();
    gen_bit(t, b);
    tcg_gen_xor_i64(d, a, t);
}

static void gen_bext(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 t = tmp();
    tcg_gen_shr_i64(t, a, b);
    tcg_gen_andi_i64(d, t, 1);
}

/* ---- Zbkb ---- */

static void gen_pack(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    tcg_gen_deposit_i64(d, a, b, 32, 32);
}

static void gen_packh(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 t = tmp();
    tcg_gen_ext8u_i64(t, a);
    tcg_gen_deposit_i64(d, t, b, 8, 8);
}

static void gen_packw(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 t = tmp();
    tcg_gen_ext16u_i64(t, a);
    tcg_gen_deposit_i64(t, t, b, 16, 16);
    tcg_gen_ext32s_i64(d, t);
}

static void gen_brev8(TCGv_i64 d, TCGv_i64 a)
{
    /* swap bits, bit pairs and nibbles inside each byte */
    static const int64_t masks[3] = {
        0x5555555555555555ll, 0x3333333333333333ll, 0x0f0f0f0f0f0f0f0fll,
    };
    TCGv_i64 x = tmp(), hi = tmp(), lo = tmp();
    tcg_gen_mov_i64(x, a);
    for (int i = 0; i < 3; i++) {
        int sh = 1 << i;
        tcg_gen_shri_i64(hi, x, sh);
        tcg_gen_andi_i64(hi, hi, masks[i]);
        tcg_gen_andi_i64(lo, x, masks[i]);
        tcg_gen_shli_i64(lo, lo, sh);
        tcg_gen_or_i64(x, hi, lo);
    }
    tcg_gen_mov_i64(d, x);
}

/* ---- Zbc, Zbkx: pure helpers ---- */

static uint64_t helper_clmul(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            r ^= a << i;
        }
    }
    return r;
}

static uint64_t helper_clmulh(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 1; i < 64; i++) {
        if ((b >> i) & 1) {
            r ^= a >> (64 - i);
        }
    }
    return r;
}

static uint64_t helper_clmulr(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            r ^= a >> (63 - i);
        }
    }
    return r;
}

/* xperm: each element of b (width bits) selects an element of a, or 0. */
static uint64_t xperm(uint64_t a, uint64_t b, int width)
{
    uint64_t r = 0, mask = (1ull << width) - 1;
    for (int i = 0; i < 64; i += width) {
        uint64_t pos = ((b >> i) & mask) * width;
        if (pos < 64) {
            r |= ((a >> pos) & mask) << i;
        }
    }
    return r;
}

static uint64_t helper_xperm4(uint64_t a, uint64_t b)
{
    return xperm(a, b, 4);
}

static uint64_t helper_xperm8(uint64_t a, uint64_t b)
{
    return xperm(a, b, 8);
}

#define PURE_HELPER(fn)                                                        \
    static const TCGHelperInfo helper_info_##fn = {                            \
        .name = #fn, .func = (void *)helper_##fn, .flags = TCG_CALL_PURE,      \
        .nargs = 2, .has_ret = true,                                           \
    };                                                                         \
    static void gen_##fn(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)                   \
    {                                                                          \
        tcg_gen_call(&helper_info_##fn, d, a, b);                              \
    }
PURE_HELPER(clmul)
PURE_HELPER(clmulh)
PURE_HELPER(clmulr)
PURE_HELPER(xperm4)
PURE_HELPER(xperm8)

/* ---- Zicond ---- */

static void gen_czero_eqz(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 zero = tcg_constant_i64(0);
    tcg_gen_movcond_i64(TCG_COND_EQ, d, b, zero, zero, a);
}

static void gen_czero_nez(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 zero = tcg_constant_i64(0);
    tcg_gen_movcond_i64(TCG_COND_NE, d, b, zero, zero, a);
}

/* rd = fn(rs1, rs2) */
static GenBinary *const gen_rr[RV_OP_COUNT] = {
    [RV_OP_ADD] = tcg_gen_add_i64,    [RV_OP_SUB] = tcg_gen_sub_i64,
    [RV_OP_SLL] = tcg_gen_shl_i64,    [RV_OP_SRL] = tcg_gen_shr_i64,
    [RV_OP_SRA] = tcg_gen_sar_i64,    [RV_OP_SLT] = gen_slt,
    [RV_OP_SLTU] = gen_sltu,          [RV_OP_XOR] = tcg_gen_xor_i64,
    [RV_OP_OR] = tcg_gen_or_i64,      [RV_OP_AND] = tcg_gen_and_i64,
    [RV_OP_ADDW] = gen_addw,          [RV_OP_SUBW] = gen_subw,
    [RV_OP_SLLW] = gen_sllw,          [RV_OP_SRLW] = gen_srlw,
    [RV_OP_SRAW] = gen_sraw,
    [RV_OP_MUL] = tcg_gen_mul_i64,    [RV_OP_MULH] = tcg_gen_mulsh_i64,
    [RV_OP_MULHSU] = gen_mulhsu,      [RV_OP_MULHU] = tcg_gen_muluh_i64,
    [RV_OP_DIV] = tcg_gen_div_i64,    [RV_OP_DIVU] = tcg_gen_divu_i64,
    [RV_OP_REM] = tcg_gen_rem_i64,    [RV_OP_REMU] = tcg_gen_remu_i64,
    [RV_OP_MULW] = gen_mulw,          [RV_OP_DIVW] = gen_divw,
    [RV_OP_DIVUW] = gen_divuw,        [RV_OP_REMW] = gen_remw,
    [RV_OP_REMUW] = gen_remuw,
    [RV_OP_SH1ADD] = gen_sh1add,      [RV_OP_SH2ADD] = gen_sh2add,
    [RV_OP_SH3ADD] = gen_sh3add,      [RV_OP_ADD_UW] = gen_add_uw,
    [RV_OP_SH1ADD_UW] = gen_sh1add_uw, [RV_OP_SH2ADD_UW] = gen_sh2add_uw,
    [RV_OP_SH3ADD_UW] = gen_sh3add_uw,
    [RV_OP_ANDN] = tcg_gen_andc_i64,  [RV_OP_ORN] = tcg_gen_orc_i64,
    [RV_OP_XNOR] = tcg_gen_eqv_i64,
    [RV_OP_MIN] = gen_min,            [RV_OP_MINU] = gen_minu,
    [RV_OP_MAX] = gen_max,            [RV_OP_MAXU] = gen_maxu,
    [RV_OP_ROL] = tcg_gen_rotl_i64,   [RV_OP_ROR] = tcg_gen_rotr_i64,
    [RV_OP_ROLW] = gen_rolw,          [RV_OP_RORW] = gen_rorw,
    [RV_OP_CLMUL] = gen_clmul,        [RV_OP_CLMULH] = gen_clmulh,
    [RV_OP_CLMULR] = gen_clmulr,
    [RV_OP_BCLR] = gen_bclr,          [RV_OP_BSET] = gen_bset,
    [RV_OP_BINV] = gen_binv,          [RV_OP_BEXT] = gen_bext,
    [RV_OP_PACK] = gen_pack,          [RV_OP_PACKH] = gen_packh,
    [RV_OP_PACKW] = gen_packw,
    [RV_OP_XPERM4] = gen_xperm4,      [RV_OP_XPERM8] = gen_xperm8,
    [RV_OP_CZERO_EQZ] = gen_czero_eqz, [RV_OP_CZERO_NEZ] = gen_czero_nez,
};

/* rd = fn(rs1) */
static GenUnary *const gen_r1[RV_OP_COUNT] = {
    [RV_OP_CLZ] = gen_clz,            [RV_OP_CTZ] = gen_ctz,
    [RV_OP_CPOP] = tcg_gen_ctpop_i64, [RV_OP_CLZW] = gen_clzw,
    [RV_OP_CTZW] = gen_ctzw,          [RV_OP_CPOPW] = gen_cpopw,
    [RV_OP_SEXT_B] = tcg_gen_ext8s_i64, [RV_OP_SEXT_H] = tcg_gen_ext16s_i64,
    [RV_OP_ZEXT_H] = tcg_gen_ext16u_i64,
    [RV_OP_ORC_B] = gen_orc_b,        [RV_OP_REV8] = gen_rev8,
    [RV_OP_BREV8] = gen_brev8,
};

/* Immediate forms: rd = op(rs1, imm); the immediate (or shift amount) is a
 * translation-time constant, so each case picks the cheapest IR for it. */
static bool trans_imm(DisasContext *ctx, const RVInsn *insn)
{
    TCGv_i64 a = get_gpr(ctx, insn->rs1), d = tmp();
    int64_t imm = insn->imm;

    switch (insn->op) {
    case RV_OP_ADDI:  tcg_gen_addi_i64(d, a, imm); break;
    case RV_OP_SLTI:  tcg_gen_setcondi_i64(TCG_COND_LT, d, a, imm); break;
    case RV_OP_SLTIU: tcg_gen_setcondi_i64(TCG_COND_LTU, d, a, imm); break;
    case RV_OP_XORI:  tcg_gen_xori_i64(d, a, imm); break;
    case RV_OP_ORI:   tcg_gen_ori_i64(d, a, imm); break;    /* also prefetch.* */
    case RV_OP_ANDI:  tcg_gen_andi_i64(d, a, imm); break;
    case RV_OP_SLLI:  tcg_gen_shli_i64(d, a, imm); break;
    case RV_OP_SRLI:  tcg_gen_shri_i64(d, a, imm); break;
    case RV_OP_SRAI:  tcg_gen_sari_i64(d, a, imm); break;
    case RV_OP_RORI:  tcg_gen_rotri_i64(d, a, imm); break;
    case RV_OP_ADDIW:
        tcg_gen_addi_i64(d, a, imm);
        tcg_gen_ext32s_i64(d, d);
        break;
    case RV_OP_SLLIW:
        tcg_gen_shli_i64(d, a, imm);
        tcg_gen_ext32s_i64(d, d);
        break;
    case RV_OP_SRLIW: {
        /* bits [31:imm] of rs1, then the 32-bit result sign-extended */
        TCGv_i64 t = tmp();
        tcg_gen_extract_i64(t, a, imm, 32 - imm);
        tcg_gen_ext32s_i64(d, t);
        break;
    }
    case RV_OP_SRAIW:
        tcg_gen_sextract_i64(d, a, imm, 32 - imm);
        break;
    case RV_OP_RORIW: {
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_extrl_i64_i32(t, a);
        tcg_gen_rotri_i32(t, t, imm);
        tcg_gen_ext_i32_i64(d, t);
        break;
    }
    case RV_OP_SLLI_UW:
        tcg_gen_ext32u_i64(d, a);
        tcg_gen_shli_i64(d, d, imm);
        break;
    case RV_OP_BCLRI: tcg_gen_andi_i64(d, a, (int64_t)~(1ull << imm)); break;
    case RV_OP_BSETI: tcg_gen_ori_i64(d, a, (int64_t)(1ull << imm)); break;
    case RV_OP_BINVI: tcg_gen_xori_i64(d, a, (int64_t)(1ull << imm)); break;
    case RV_OP_BEXTI: tcg_gen_extract_i64(d, a, imm, 1); break;
    default:
        return false;
    }
    set_rd(ctx, insn, d);
    return true;
}

/* ---- Control flow ------------------------------------------------------ */

static vaddr next_pc(DisasContext *ctx, const RVInsn *insn)
{
    return ctx->pc + insn->len;
}

static void trans_jal(DisasContext *ctx, const RVInsn *insn)
{
    vaddr dest = ctx->pc + insn->imm;

    if (insn->rd == 0 && sb_target_pending(ctx, next_pc(ctx, insn))) {
        /* The "j" over the else arm of a superblock's if/else: the next insn
           is reached only by a pending branch, translation goes on there. */
        TCGLabel *join = sb_forward_label(ctx, dest);
        if (join) {
            tcg_gen_br(join);
            ctx->sb_dead = true;
            return;
        }
    }
    if (!gen_check_jump_align(ctx, dest)) {
        return;                         /* raised; rd is not written */
    }
    set_rd(ctx, insn, tcg_constant_i64((int64_t)next_pc(ctx, insn)));
    gen_goto_tb(ctx, 0, dest);
}

static void trans_jalr(DisasContext *ctx, const RVInsn *insn)
{
    TCGv_i64 dest = tcg_temp_new_tb_i64();

    tcg_gen_addi_i64(dest, get_gpr(ctx, insn->rs1), insn->imm);
    tcg_gen_andi_i64(dest, dest, ~(int64_t)1);
    if (!(ctx->tb_flags & TB_FLAGS_RVC)) {
        /* Without C a target must be 4-byte aligned (spec 2.5). */
        TCGLabel *ok = gen_new_label();
        TCGv_i64 low = tmp();
        tcg_gen_andi_i64(low, dest, 2);
        tcg_gen_brcondi_i64(TCG_COND_EQ, low, 0, ok);
        gen_raise_dynamic(ctx, RISCV_EXCP_INST_ADDR_MIS, dest);
        gen_set_label(ok);
    }
    set_rd(ctx, insn, tcg_constant_i64((int64_t)next_pc(ctx, insn)));
    tcg_gen_mov_i64(cpu_pc, dest);
    gen_jump_indirect(ctx);
}

static void trans_branch(DisasContext *ctx, const RVInsn *insn, TCGCond cond)
{
    vaddr dest = ctx->pc + insn->imm;
    TCGLabel *taken = sb_forward_label(ctx, dest);

    if (taken) {
        /* Superblock: the TB goes on with the not-taken path. */
        tcg_gen_brcond_i64(cond, get_gpr(ctx, insn->rs1), get_gpr(ctx, insn->rs2), taken);
        return;
    }
    if (sb_end_before_branch(ctx, dest)) {
        return;
    }
    taken = gen_new_label();
    tcg_gen_brcond_i64(cond, get_gpr(ctx, insn->rs1), get_gpr(ctx, insn->rs2), taken);
    gen_goto_tb(ctx, 1, next_pc(ctx, insn));
    gen_set_label(taken);
    if (gen_check_jump_align(ctx, dest)) {
        gen_goto_tb(ctx, 0, dest);
    }
    ctx->base.is_jmp = DISAS_NORETURN;
}

/* ---- Loads and stores --------------------------------------------------- */

static TCGv_i64 gen_address(DisasContext *ctx, int rs1, int64_t imm)
{
    TCGv_i64 addr = tmp();
    tcg_gen_addi_i64(addr, get_gpr(ctx, rs1), imm);
    return addr;
}

static void trans_load(DisasContext *ctx, const RVInsn *insn, MemOp mop)
{
    TCGv_i64 addr = gen_address(ctx, insn->rs1, insn->imm), val = tmp();

    /* Misaligned accesses are done by the softmmu slow path, as on QEMU. */
    tcg_gen_qemu_ld_i64(val, addr, ctx->mem_idx, mop);
    set_rd(ctx, insn, val);
}

static void trans_store(DisasContext *ctx, const RVInsn *insn, MemOp mop)
{
    TCGv_i64 addr = gen_address(ctx, insn->rs1, insn->imm);
    tcg_gen_qemu_st_i64(get_gpr(ctx, insn->rs2), addr, ctx->mem_idx, mop);
}

/* ---- A: LR/SC and AMOs ---------------------------------------------------
 * vCPUs run one at a time (round robin), so a load-modify-store sequence is
 * atomic with respect to other harts (a multi-threaded engine would need
 * host atomics here and in helper_amo).  SC succeeds only if the reservation
 * address matches and memory still holds the value LR read, which catches
 * another hart's store between LR and SC.
 */

static MemOp amo_size(const RVInsn *insn)
{
    return ((insn->raw >> 12) & 7) == 3 ? MO_64 : MO_32;
}

/* The load of an LR/SC/AMO: words are sign-extended as in rd. */
static MemOp amo_load_op(MemOp size)
{
    return size == MO_32 ? MO_SL : MO_UQ;
}

static void trans_lr(DisasContext *ctx, const RVInsn *insn)
{
    TCGv_i64 addr = tmp(), val = tmp();

    tcg_gen_mov_i64(addr, get_gpr(ctx, insn->rs1));
    if (insn->rl) {
        tcg_gen_mb(0);
    }
    tcg_gen_qemu_ld_i64(val, addr, ctx->mem_idx, amo_load_op(amo_size(insn)) | MO_ALIGN);
    if (insn->aq) {
        tcg_gen_mb(0);
    }
    tcg_gen_mov_i64(cpu_load_res, addr);
    tcg_gen_mov_i64(cpu_load_val, val);
    set_rd(ctx, insn, val);
}

static void trans_sc(DisasContext *ctx, const RVInsn *insn)
{
    MemOp size = amo_size(insn);
    TCGLabel *fail = gen_new_label(), *done = gen_new_label();
    TCGv_i64 addr = tmp(), cur = tmp(), result = tcg_temp_new_tb_i64();

    tcg_gen_mov_i64(addr, get_gpr(ctx, insn->rs1));
    tcg_gen_brcond_i64(TCG_COND_NE, addr, cpu_load_res, fail);
    tcg_gen_qemu_ld_i64(cur, addr, ctx->mem_idx, amo_load_op(size));
    tcg_gen_brcond_i64(TCG_COND_NE, cur, cpu_load_val, fail);
    if (insn->rl) {
        tcg_gen_mb(0);
    }
    tcg_gen_qemu_st_i64(get_gpr(ctx, insn->rs2), addr, ctx->mem_idx, size | MO_ALIGN);
    if (insn->aq) {
        tcg_gen_mb(0);
    }
    tcg_gen_movi_i64(result, 0);
    tcg_gen_br(done);
    gen_set_label(fail);
    tcg_gen_movi_i64(result, 1);
    gen_set_label(done);
    /* Any SC, successful or not, drops the reservation (spec 8.2). */
    tcg_gen_movi_i64(cpu_load_res, -1);
    set_rd(ctx, insn, result);
}

/*
 * AMOs run in a helper because an AMO is a store for its exceptions (spec
 * 8.4, priv 3.7): its read must not report a load fault.  Any fault raised
 * while the helper loads or stores is caught here and re-raised with the
 * matching store/AMO cause (misaligned 4 -> 6, access 5 -> 7, page 13 -> 15);
 * the state was already restored to the AMO's pc by the fault path.
 * desc packs the operation, the size and the MMU index.
 */
enum { AMO_SWAP, AMO_ADD, AMO_XOR, AMO_AND, AMO_OR, AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU };

static uint64_t amo_access(CPUState *cs, vaddr addr, uint64_t src, unsigned op, MemOp size,
                           unsigned mmu_idx, uintptr_t ra)
{
    uint64_t old = cpu_ld_mmu(cs, addr, make_memop_idx(amo_load_op(size), mmu_idx), ra), val;

    if (size == MO_32) {
        src = (uint64_t)(int64_t)(int32_t)src;  /* compare words as words */
    }
    switch (op) {
    case AMO_SWAP: val = src; break;
    case AMO_ADD:  val = old + src; break;
    case AMO_XOR:  val = old ^ src; break;
    case AMO_AND:  val = old & src; break;
    case AMO_OR:   val = old | src; break;
    case AMO_MIN:  val = (int64_t)old < (int64_t)src ? old : src; break;
    case AMO_MAX:  val = (int64_t)old > (int64_t)src ? old : src; break;
    case AMO_MINU: val = old < src ? old : src; break;
    default:       val = old > src ? old : src; break;
    }
    cpu_st_mmu(cs, addr, val, make_memop_idx(size, mmu_idx), ra);
    return old;
}

static uint64_t helper_amo(uint64_t env, uint64_t addr, uint64_t src, uint64_t desc)
{
    RISCVCPU *cpu = (RISCVCPU *)(uintptr_t)env;
    CPUState *cs = (CPUState *)cpu;
    uintptr_t ra = GETPC();
    MemOp size = (MemOp)((desc >> 8) & 3);
    uint64_t old;
    sigjmp_buf outer;

    if (addr & (memop_size(size) - 1)) {
        riscv_raise_exception(cpu, RISCV_EXCP_STORE_AMO_ADDR_MIS, addr, ra);
    }
    memcpy(outer, cs->jmp_env, sizeof(outer));
    if (sigsetjmp(cs->jmp_env, 0) != 0) {
        memcpy(cs->jmp_env, outer, sizeof(outer));
        switch (cs->exception_index) {
        case RISCV_EXCP_LOAD_ADDR_MIS:
            cs->exception_index = RISCV_EXCP_STORE_AMO_ADDR_MIS;
            break;
        case RISCV_EXCP_LOAD_ACCESS_FAULT:
            cs->exception_index = RISCV_EXCP_STORE_AMO_ACCESS_FAULT;
            break;
        case RISCV_EXCP_LOAD_PAGE_FAULT:
            cs->exception_index = RISCV_EXCP_STORE_PAGE_FAULT;
            break;
        }
        cpu_loop_exit(cs);
    }
    old = amo_access(cs, addr, src, desc & 0xff, size, (desc >> 12) & 15, ra);
    memcpy(cs->jmp_env, outer, sizeof(outer));
    return old;
}

static const TCGHelperInfo helper_info_amo = {
    .name = "amo", .func = (void *)helper_amo, .flags = TCG_CALL_NO_WG,
    .nargs = 4, .has_ret = true,
};

static void trans_amo(DisasContext *ctx, const RVInsn *insn, unsigned amo)
{
    TCGv_i64 old = tmp();
    uint64_t desc = amo | (uint64_t)amo_size(insn) << 8 | (uint64_t)ctx->mem_idx << 12;

    if (insn->rl) {
        tcg_gen_mb(0);
    }
    tcg_gen_call(&helper_info_amo, old, tcg_env, get_gpr(ctx, insn->rs1),
                 get_gpr(ctx, insn->rs2), tcg_constant_i64((int64_t)desc));
    if (insn->aq) {
        tcg_gen_mb(0);
    }
    set_rd(ctx, insn, old);
}

/* ---- Fences ---------------------------------------------------------------- */

static void trans_fence(DisasContext *ctx, const RVInsn *insn)
{
    /* mb kind: the RISC-V predecessor/successor sets (pred << 4 | succ);
     * fence.tso is 0x33, pause (a fence w,0 hint) 0x10.  One host thread runs
     * all harts, so back ends may treat any kind as a compiler barrier. */
    tcg_gen_mb(insn->op == RV_OP_FENCE_TSO ? 0x33 : insn->rm);
}

/* ---- Dispatch ------------------------------------------------------------ */

bool trans_int(DisasContext *ctx, const RVInsn *insn)
{
    RVOp op = insn->op;

    if (gen_rr[op]) {
        TCGv_i64 d = tmp();
        gen_rr[op](d, get_gpr(ctx, insn->rs1), get_gpr(ctx, insn->rs2));
        set_rd(ctx, insn, d);
        return true;
    }
    if (gen_r1[op]) {
        TCGv_i64 d = tmp();
        gen_r1[op](d, get_gpr(ctx, insn->rs1));
        set_rd(ctx, insn, d);
        return true;
    }
    if (trans_imm(ctx, insn)) {
        return true;
    }

    switch (op) {
    case RV_OP_LUI:
        set_rd(ctx, insn, tcg_constant_i64(insn->imm));
        return true;
    case RV_OP_AUIPC:
        set_rd(ctx, insn, tcg_constant_i64((int64_t)(ctx->pc + insn->imm)));
        return true;
    case RV_OP_JAL:  trans_jal(ctx, insn); return true;
    case RV_OP_JALR: trans_jalr(ctx, insn); return true;
    case RV_OP_BEQ:  trans_branch(ctx, insn, TCG_COND_EQ); return true;
    case RV_OP_BNE:  trans_branch(ctx, insn, TCG_COND_NE); return true;
    case RV_OP_BLT:  trans_branch(ctx, insn, TCG_COND_LT); return true;
    case RV_OP_BGE:  trans_branch(ctx, insn, TCG_COND_GE); return true;
    case RV_OP_BLTU: trans_branch(ctx, insn, TCG_COND_LTU); return true;
    case RV_OP_BGEU: trans_branch(ctx, insn, TCG_COND_GEU); return true;
    case RV_OP_LB:  trans_load(ctx, insn, MO_SB); return true;
    case RV_OP_LH:  trans_load(ctx, insn, MO_SW); return true;
    case RV_OP_LW:  trans_load(ctx, insn, MO_SL); return true;
    case RV_OP_LD:  trans_load(ctx, insn, MO_UQ); return true;
    case RV_OP_LBU: trans_load(ctx, insn, MO_UB); return true;
    case RV_OP_LHU: trans_load(ctx, insn, MO_UW); return true;
    case RV_OP_LWU: trans_load(ctx, insn, MO_UL); return true;
    case RV_OP_SB:  trans_store(ctx, insn, MO_UB); return true;
    case RV_OP_SH:  trans_store(ctx, insn, MO_UW); return true;
    case RV_OP_SW:  trans_store(ctx, insn, MO_UL); return true;
    case RV_OP_SD:  trans_store(ctx, insn, MO_UQ); return true;
    case RV_OP_FENCE:
    case RV_OP_FENCE_TSO:
        trans_fence(ctx, insn);
        return true;
    case RV_OP_LR_W: case RV_OP_LR_D:
        trans_lr(ctx, insn);
        return true;
    case RV_OP_SC_W: case RV_OP_SC_D:
        trans_sc(ctx, insn);
        return true;
    case RV_OP_AMOSWAP_W: case RV_OP_AMOSWAP_D: trans_amo(ctx, insn, AMO_SWAP); return true;
    case RV_OP_AMOADD_W:  case RV_OP_AMOADD_D:  trans_amo(ctx, insn, AMO_ADD); return true;
    case RV_OP_AMOXOR_W:  case RV_OP_AMOXOR_D:  trans_amo(ctx, insn, AMO_XOR); return true;
    case RV_OP_AMOAND_W:  case RV_OP_AMOAND_D:  trans_amo(ctx, insn, AMO_AND); return true;
    case RV_OP_AMOOR_W:   case RV_OP_AMOOR_D:   trans_amo(ctx, insn, AMO_OR); return true;
    case RV_OP_AMOMIN_W:  case RV_OP_AMOMIN_D:  trans_amo(ctx, insn, AMO_MIN); return true;
    case RV_OP_AMOMAX_W:  case RV_OP_AMOMAX_D:  trans_amo(ctx, insn, AMO_MAX); return true;
    case RV_OP_AMOMINU_W: case RV_OP_AMOMINU_D: trans_amo(ctx, insn, AMO_MINU); return true;
    case RV_OP_AMOMAXU_W: case RV_OP_AMOMAXU_D: trans_amo(ctx, insn, AMO_MAXU); return true;
    default:
        return false;
    }
}
