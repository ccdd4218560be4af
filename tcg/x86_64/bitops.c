/*
 * Bit-manipulation ops of the JIT: clz/ctz (lzcnt/tzcnt when the host has
 * them, else bsr/bsf + cmov), ctpop (popcnt, else an inline bit-slice count
 * rather than a helper call), bswap, sign/zero extensions, extract/sextract,
 * deposit.
 */
#include "tcg/x86_64/operands.h"

/* clz/ctz: d = a ? count(a) : b. */
void jit_gen_count_zeros(JitCtx *j, const TCGOp *op, bool is_clz)
{
    bool w = w64(op);
    int bits = w ? 64 : 32;
    bool native = is_clz ? jit_host.lzcnt : jit_host.bmi1;
    int64_t v;
    int ra, rd;
    bool bconst = in_const(j, op, 2, &v);

    ra = in_reg(j, op, 1);
    /* The fallback value goes to r11 first, so d may alias any input. */
    if (bconst) {
        if (!native && is_clz) {
            v ^= bits - 1;
        }
        emit_movi(&j->e, R_TMP1, w ? (uint64_t)v : (uint32_t)v);
    } else {
        int rb = in_reg(j, op, 2);
        emit_mov(&j->e, w, R_TMP1, rb);
        if (!native && is_clz) {
            emit_arith_ri(&j->e, ARITH_XOR, w, R_TMP1, bits - 1);
        }
    }
    rd = out_reg(j, op, 0, 1, ra, false);
    if (native) {
        /* lzcnt/tzcnt set CF when the source is zero. */
        emit_modrm(&j->e, (is_clz ? OPC_LZCNT : OPC_TZCNT) | rexw(w), rd, ra);
        if (!(bconst && v == bits)) {
            emit_modrm(&j->e, (OPC_CMOVCC + JCC_B) | rexw(w), rd, R_TMP1);
        }
    } else {
        /* bsr/bsf set ZF when the source is zero (destination undefined). */
        emit_modrm(&j->e, (is_clz ? OPC_BSR : OPC_BSF) | rexw(w), rd, ra);
        emit_modrm(&j->e, (OPC_CMOVCC + JCC_E) | rexw(w), rd, R_TMP1);
        if (is_clz) {
            emit_arith_ri(&j->e, ARITH_XOR, w, rd, bits - 1);
        }
    }
    set_out(j, op, 0, rd);
}

void jit_gen_ctpop(JitCtx *j, const TCGOp *op)
{
    bool w = w64(op);
    int ra = in_reg(j, op, 1);
    int rd;

    if (jit_host.popcnt) {
        rd = out_reg(j, op, 0, 1, ra, false);
        emit_modrm(&j->e, OPC_POPCNT | rexw(w), rd, ra);
    } else {
        /* Bit-slice population count (no helper call needed). */
        uint64_t m1 = 0x5555555555555555ull, m2 = 0x3333333333333333ull;
        uint64_t m4 = 0x0f0f0f0f0f0f0f0full, h01 = 0x0101010101010101ull;
        if (!w) {
            m1 = (uint32_t)m1, m2 = (uint32_t)m2, m4 = (uint32_t)m4, h01 = (uint32_t)h01;
        }
        rd = out_reg(j, op, 0, 1, ra, true);
        emit_mov(&j->e, w, R_TMP0, rd);
        emit_shift_ri(&j->e, SHIFT_SHR, w, R_TMP0, 1);
        emit_movi(&j->e, R_TMP1, m1);
        emit_arith_rr(&j->e, ARITH_AND, w, R_TMP0, R_TMP1);
        emit_arith_rr(&j->e, ARITH_SUB, w, rd, R_TMP0);
        emit_movi(&j->e, R_TMP1, m2);
        emit_mov(&j->e, w, R_TMP0, rd);
        emit_arith_rr(&j->e, ARITH_AND, w, R_TMP0, R_TMP1);
        emit_shift_ri(&j->e, SHIFT_SHR, w, rd, 2);
        emit_arith_rr(&j->e, ARITH_AND, w, rd, R_TMP1);
        emit_arith_rr(&j->e, ARITH_ADD, w, rd, R_TMP0);
        emit_mov(&j->e, w, R_TMP0, rd);
        emit_shift_ri(&j->e, SHIFT_SHR, w, R_TMP0, 4);
        emit_arith_rr(&j->e, ARITH_ADD, w, rd, R_TMP0);
        emit_movi(&j->e, R_TMP1, m4);
        emit_arith_rr(&j->e, ARITH_AND, w, rd, R_TMP1);
        emit_movi(&j->e, R_TMP1, h01);
        emit_modrm(&j->e, OPC_IMUL_GvEv | rexw(w), rd, R_TMP1);
        emit_shift_ri(&j->e, SHIFT_SHR, w, rd, w ? 56 : 24);
    }
    set_out(j, op, 0, rd);
}

/* Unary ops that read a and write d in one instruction (movzx and kin). */
void jit_gen_ext(JitCtx *j, const TCGOp *op, int opc)
{
    int ra = in_reg(j, op, 1);
    int rd = out_reg(j, op, 0, 1, ra, false);

    emit_modrm(&j->e, opc, rd, ra);
    set_out(j, op, 0, rd);
}

void jit_gen_bswap(JitCtx *j, const TCGOp *op, int size)
{
    int ra = in_reg(j, op, 1);
    int rd = out_reg(j, op, 0, 1, ra, false);

    if (size == 16) {
        emit_modrm(&j->e, OPC_MOVZWL, rd, ra);
        emit_modrm(&j->e, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, rd);
        emit8(&j->e, 8);
    } else {
        emit_mov(&j->e, size == 64, rd, ra);
        emit_opc(&j->e, (OPC_BSWAP + (rd & 7)) | rexw(size == 64), 0, rd, 0);
    }
    set_out(j, op, 0, rd);
}

void jit_gen_extract(JitCtx *j, const TCGOp *op, bool is_signed)
{
    bool w = w64(op);
    int bits = w ? 64 : 32;
    unsigned ofs = (unsigned)op->args[2], len = (unsigned)op->args[3];
    int ra = in_reg(j, op, 1);
    int rd;

    if (ofs == 0 && (len == 8 || len == 16 || (len == 32 && w))) {
        int opc;
        rd = out_reg(j, op, 0, 1, ra, false);
        if (len == 32) {
            opc = is_signed ? OPC_MOVSLQ : OPC_MOVL_GvEv;
        } else if (len == 8) {
            opc = (is_signed ? OPC_MOVSBL | rexw(w) : OPC_MOVZBL);
        } else {
            opc = (is_signed ? OPC_MOVSWL | rexw(w) : OPC_MOVZWL);
        }
        emit_modrm(&j->e, opc, rd, ra);
    } else if (w && !is_signed && ofs + len == 32) {
        /* The low word shifted (RV64 srliw): a 32-bit move zero-extends. */
        rd = out_reg(j, op, 0, 1, ra, false);
        emit_mov(&j->e, false, rd, ra);
        emit_shift_ri(&j->e, SHIFT_SHR, false, rd, ofs);
    } else {
        rd = out_reg(j, op, 0, 1, ra, true);
        if ((int)(ofs + len) == bits) {
            if (ofs) {
                emit_shift_ri(&j->e, is_signed ? SHIFT_SAR : SHIFT_SHR, w, rd, ofs);
            }
        } else if (!is_signed && len < 32) {
            if (ofs) {
                emit_shift_ri(&j->e, SHIFT_SHR, w, rd, ofs);
            }
            emit_arith_ri(&j->e, ARITH_AND, w, rd, (int64_t)((1ull << len) - 1));
        } else {
            emit_shift_ri(&j->e, SHIFT_SHL, w, rd, bits - ofs - len);
            emit_shift_ri(&j->e, is_signed ? SHIFT_SAR : SHIFT_SHR, w, rd, bits - len);
        }
    }
    set_out(j, op, 0, rd);
}

void jit_gen_deposit(JitCtx *j, const TCGOp *op)
{
    bool w = w64(op);
    int bits = w ? 64 : 32;
    unsigned ofs = (unsigned)op->args[3], len = (unsigned)op->args[4];
    uint64_t wmask = w ? ~0ull : 0xffffffffull;
    uint64_t lmask = len >= 64 ? ~0ull : (1ull << len) - 1;
    uint64_t mask = (lmask << ofs) & wmask;
    uint64_t keep = ~mask & wmask;
    int64_t v;
    bool bconst = in_const(j, op, 2, &v);
    int ra, rd;

    ra = in_reg(j, op, 1);
    if (bconst) {
        v = (int64_t)((((uint64_t)v & lmask) << ofs) & wmask);
        if (v) {
            emit_movi(&j->e, R_TMP1, (uint64_t)v);
        }
    } else {
        int rb = in_reg(j, op, 2);
        emit_mov(&j->e, w, R_TMP1, rb);
        if ((int)len < bits) {
            emit_shift_ri(&j->e, SHIFT_SHL, w, R_TMP1, bits - len);
            emit_shift_ri(&j->e, SHIFT_SHR, w, R_TMP1, bits - len - ofs);
        }
    }
    rd = out_reg(j, op, 0, 1, ra, true);
    if (keep == 0) {
        emit_zero(&j->e, rd);
    } else if (!w || fits_i32((int64_t)keep)) {
        emit_arith_ri(&j->e, ARITH_AND, w, rd, (int64_t)keep);
    } else {
        emit_movi(&j->e, R_TMP0, keep);
        emit_arith_rr(&j->e, ARITH_AND, w, rd, R_TMP0);
    }
    if (!bconst || v) {
        emit_arith_rr(&j->e, ARITH_OR, w, rd, R_TMP1);
    }
    set_out(j, op, 0, rd);
}
