/*
 * Inline host floating point for helper calls that carry a TCGHostFP (see
 * tcg/tcg.h): the guest's IEEE operation done with one SSE/FMA instruction
 * when the helper's conditions hold, the helper call otherwise.
 *
 * Emitted inside gen_call once the arguments are in their call registers
 * (operands in rsi, rdx, rcx), just before the call:
 *
 *     test byte [env + flags_off], mask ; jz slow       accrued inexact?
 *     cmp  byte [env + rm_off], 0       ; jne slow      dynamic RNE?
 *     (binary32: each operand NaN-boxed, else slow)
 *     movq xmm0..2, operands ; op xmm0, ... ; movq rax, xmm0
 *     exponent of rax in [2, max - 1]   ; else slow
 *     (binary32: box rax)
 *     jmp done
 * slow:
 *     call helper
 * done:                                                 result in rax
 *
 * Compares: ucomis[sd], unordered (a NaN) -> slow, else setcc + zero-extend.
 *
 * The host rounds to nearest-even (MXCSR default, never changed here) and
 * its operations are correctly rounded, so a normal result with a
 * non-extreme exponent is the guest's, with no flag but inexact, which the
 * guest has already accrued.  Zero, subnormal, infinite and NaN results, and
 * results next to the normal range's ends, go to the helper.
 */
#include "tcg/x86_64/jit.h"

enum {
    OPC_MOVQ_XG = 0x6e | P_EXT | P_DATA16,      /* movd/movq xmm, r/m */
    OPC_MOVQ_GX = 0x7e | P_EXT | P_DATA16,      /* movd/movq r/m, xmm */
    OPC_TESTB_EbIb = 0xf6,
    OPC_CMPB_EbIb = 0x80,
    OPC_UCOMIS = 0x2e | P_EXT,                  /* + 66: ucomisd */
};

/* setcc after ucomis[sd] a, b (CF: a < b, ZF: a == b; unordered excluded). */
static const uint8_t cmp_cc[] = {
    [HOSTFP_LT - HOSTFP_LT] = JCC_B, [HOSTFP_LE - HOSTFP_LT] = JCC_BE,
    [HOSTFP_EQ - HOSTFP_LT] = JCC_E,
};

/* SSE scalar opcodes (with F2: double, F3: single). */
static const uint8_t sse_opc[] = {
    [HOSTFP_ADD] = 0x58, [HOSTFP_SUB] = 0x5c, [HOSTFP_MUL] = 0x59,
    [HOSTFP_DIV] = 0x5e, [HOSTFP_SQRT] = 0x51,
};

/* VEX.LIG.66.0F38 vfm*213s[sd]: xmm0 = +-(xmm1 * xmm0) +- xmm2. */
static const uint8_t fma_opc[] = {
    [HOSTFP_MADD] = 0xa9,      /* vfmadd213:   a * b + c  */
    [HOSTFP_MSUB] = 0xab,      /* vfmsub213:   a * b - c  */
    [HOSTFP_NMSUB] = 0xad,     /* vfnmadd213: -(a * b) + c */
    [HOSTFP_NMADD] = 0xaf,     /* vfnmsub213: -(a * b) - c */
};

static const int8_t operand_reg[3] = { R_RSI, R_RDX, R_RCX };

uint32_t jit_gen_hostfp(JitCtx *j, const TCGHostFP *h)
{
    JitEmit *e = &j->e;
    bool cmp = h->op >= HOSTFP_LT, fma = !cmp && h->op >= HOSTFP_MADD, f32 = h->f32;
    int nops = fma ? 3 : h->op == HOSTFP_SQRT ? 1 : 2;
    uint32_t slow[8], done;
    int nslow = 0;

    if (h->op > HOSTFP_EQ || (fma && !jit_host.fma)) {
        return UINT32_MAX;
    }
    if (h->flags_mask) {
        emit_modrm_off(e, OPC_TESTB_EbIb, 0, R_ENV, h->flags_off);
        emit8(e, h->flags_mask);
        slow[nslow++] = emit_jcc_fwd(e, JCC_E);
    }
    if (h->rm_off >= 0) {
        emit_modrm_off(e, OPC_CMPB_EbIb, ARITH_CMP, R_ENV, h->rm_off);
        emit8(e, 0);
        slow[nslow++] = emit_jcc_fwd(e, JCC_NE);
    }
    for (int k = 0; k < nops; k++) {
        if (f32) {
            /* NaN-boxed: the high 32 bits are all ones. */
            emit_mov(e, true, R_TMP1, operand_reg[k]);
            emit_shift_ri(e, SHIFT_SHR, true, R_TMP1, 32);
            emit_arith_ri(e, ARITH_CMP, false, R_TMP1, -1);
            slow[nslow++] = emit_jcc_fwd(e, JCC_NE);
        }
        emit_modrm(e, OPC_MOVQ_XG | (f32 ? 0 : P_REXW), k, operand_reg[k]);
    }
    if (cmp) {
        emit_modrm(e, OPC_UCOMIS | (f32 ? 0 : P_DATA16), 0, 1);
        slow[nslow++] = emit_jcc_fwd(e, JCC_P);
        emit_modrm(e, OPC_SETCC | cmp_cc[h->op - HOSTFP_LT], 0, R_RAX);
        emit_modrm(e, OPC_MOVZBL, R_RAX, R_RAX);
        done = emit_jcc_fwd(e, -1);
        for (int k = 0; k < nslow; k++) {
            emit_patch_rel32(e, slow[k], emit_off(e));
        }
        return done;
    }
    if (fma) {
        /* C4 [R X B m=0F38] [W vvvv=~xmm1 L=0 pp=66] opc modrm(xmm0, xmm2) */
        emit8(e, 0xc4);
        emit8(e, 0xe2);
        emit8(e, (f32 ? 0x00 : 0x80) | (uint8_t)((~1 & 15) << 3) | 1);
        emit8(e, fma_opc[h->op]);
        emit8(e, 0xc0 | (0 << 3) | 2);
    } else {
        emit_modrm(e, sse_opc[h->op] | P_EXT | (f32 ? P_F3 : P_F2), 0, nops == 1 ? 0 : 1);
    }
    emit_modrm(e, OPC_MOVQ_GX | (f32 ? 0 : P_REXW), 0, R_RAX);
    /* Biased exponent in [2, max - 1]: t = exponent - 2 <= max - 3 unsigned. */
    emit_modrm_sib(e, OPC_LEA | (f32 ? 0 : P_REXW), R_TMP1, R_RAX, R_RAX, 0, 0);
    emit_shift_ri(e, SHIFT_SHR, !f32, R_TMP1, f32 ? 24 : 53);
    emit_arith_ri(e, ARITH_SUB, false, R_TMP1, 2);
    emit_arith_ri(e, ARITH_CMP, false, R_TMP1, f32 ? 0xff - 3 : 0x7ff - 3);
    slow[nslow++] = emit_jcc_fwd(e, JCC_A);
    if (f32) {
        emit_movi(e, R_TMP1, 0xffffffff00000000ull);
        emit_arith_rr(e, ARITH_OR, true, R_RAX, R_TMP1);
    }
    done = emit_jcc_fwd(e, -1);
    for (int k = 0; k < nslow; k++) {
        emit_patch_rel32(e, slow[k], emit_off(e));
    }
    return done;
}
