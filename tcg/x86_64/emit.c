/*
 * x86-64 instruction encoder: prefixes, REX, ModRM/SIB, immediates.
 * Intel SDM vol. 2, chapter 2 (instruction format).
 */
#include "tcg/x86_64/jit.h"

void emit_opc(JitEmit *e, int opc, int r, int rm, int x)
{
    int rex = 0;

    if (opc & P_DATA16) {
        emit8(e, 0x66);
    }
    if (opc & P_F3) {
        emit8(e, 0xf3);
    }
    if (opc & P_F2) {
        emit8(e, 0xf2);
    }
    rex |= (opc & P_REXW) ? 8 : 0;
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    /* spl/bpl/sil/dil need a REX prefix (else they mean ah/ch/dh/bh). */
    if (((opc & P_REXB_R) && r >= 4) || ((opc & P_REXB_RM) && rm >= 4)) {
        rex |= 0x40;
    }
    if (rex) {
        emit8(e, 0x40 | rex);
    }
    if (opc & P_EXT) {
        emit8(e, 0x0f);
    }
    emit8(e, opc & 0xff);
}

void emit_modrm(JitEmit *e, int opc, int r, int rm)
{
    emit_opc(e, opc, r, rm, 0);
    emit8(e, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

void emit_modrm_sib(JitEmit *e, int opc, int r, int base, int index, int shift, int32_t disp)
{
    int mod;

    if (base < 0) {
        /* rip-relative: disp is relative to the end of the instruction, which
           the caller accounts for. */
        emit_opc(e, opc, r, 0, 0);
        emit8(e, ((r & 7) << 3) | 5);
        emit32(e, (uint32_t)disp);
        return;
    }
    if (disp == 0 && (base & 7) != R_RBP) {
        mod = 0x00;
    } else if (fits_i8(disp)) {
        mod = 0x40;
    } else {
        mod = 0x80;
    }
    if (index < 0 && (base & 7) != R_RSP) {
        emit_opc(e, opc, r, base, 0);
        emit8(e, mod | ((r & 7) << 3) | (base & 7));
    } else {
        if (index < 0) {
            index = R_RSP;      /* "no index" */
            shift = 0;
        }
        assert(index != R_RSP || shift == 0);
        emit_opc(e, opc, r, base, index == R_RSP ? 0 : index);
        emit8(e, mod | ((r & 7) << 3) | 4);
        emit8(e, (shift << 6) | ((index & 7) << 3) | (base & 7));
    }
    if (mod == 0x40) {
        emit8(e, (uint8_t)disp);
    } else if (mod == 0x80) {
        emit32(e, (uint32_t)disp);
    }
}

void emit_mov(JitEmit *e, bool w64, int dst, int src)
{
    if (dst != src || !w64) {
        emit_modrm(e, OPC_MOVL_GvEv | (w64 ? P_REXW : 0), dst, src);
    }
}

void emit_movi(JitEmit *e, int dst, uint64_t val)
{
    if (val == (uint32_t)val) {
        emit_opc(e, OPC_MOVL_Iv + (dst & 7), 0, dst, 0);
        emit32(e, (uint32_t)val);
    } else if (fits_i32((int64_t)val)) {
        emit_modrm(e, OPC_MOVL_EvIz | P_REXW, 0, dst);
        emit32(e, (uint32_t)val);
    } else {
        emit_opc(e, (OPC_MOVL_Iv + (dst & 7)) | P_REXW, 0, dst, 0);
        emit64(e, val);
    }
}

void emit_zero(JitEmit *e, int dst)
{
    emit_arith_rr(e, ARITH_XOR, false, dst, dst);
}

void emit_arith_rr(JitEmit *e, int arith, bool w64, int dst, int src)
{
    emit_modrm(e, (OPC_ARITH_GvEv + (arith << 3)) | (w64 ? P_REXW : 0), dst, src);
}

void emit_arith_ri(JitEmit *e, int arith, bool w64, int dst, int64_t imm)
{
    int w = w64 ? P_REXW : 0;

    if (!w64) {
        imm = (int32_t)imm;
    }
    assert(fits_i32(imm));
    if (fits_i8(imm)) {
        emit_modrm(e, OPC_ARITH_EvIb | w, arith, dst);
        emit8(e, (uint8_t)imm);
    } else {
        emit_modrm(e, OPC_ARITH_EvIz | w, arith, dst);
        emit32(e, (uint32_t)imm);
    }
}

void emit_shift_ri(JitEmit *e, int shift, bool w64, int dst, int count)
{
    int w = w64 ? P_REXW : 0;

    if (count == 1) {
        emit_modrm(e, OPC_SHIFT_1 | w, shift, dst);
    } else {
        emit_modrm(e, OPC_SHIFT_Ib | w, shift, dst);
        emit8(e, (uint8_t)count);
    }
}

void emit_ld(JitEmit *e, bool w64, int dst, int base, int32_t off)
{
    emit_modrm_off(e, OPC_MOVL_GvEv | (w64 ? P_REXW : 0), dst, base, off);
}

void emit_st(JitEmit *e, bool w64, int src, int base, int32_t off)
{
    emit_modrm_off(e, OPC_MOVL_EvGv | (w64 ? P_REXW : 0), src, base, off);
}

void emit_jcc_rel32(JitEmit *e, int cc, uintptr_t target_rx)
{
    int64_t disp;

    if (cc < 0) {
        emit8(e, OPC_JMP_long);
    } else {
        emit8(e, 0x0f);
        emit8(e, 0x80 + cc);
    }
    disp = (int64_t)(target_rx - (emit_rx(e, emit_off(e)) + 4));
    assert(fits_i32(disp));
    emit32(e, (uint32_t)disp);
}

uint32_t emit_jcc_fwd(JitEmit *e, int cc)
{
    if (cc < 0) {
        emit8(e, OPC_JMP_long);
    } else {
        emit8(e, 0x0f);
        emit8(e, 0x80 + cc);
    }
    emit32(e, 0);
    return emit_off(e) - 4;
}

void emit_patch_rel32(JitEmit *e, uint32_t field_off, uint32_t target_off)
{
    patch32(e, field_off, target_off - (field_off + 4));
}

void emit_call(JitEmit *e, const void *fn)
{
    int64_t disp = (int64_t)((uintptr_t)fn - (emit_rx(e, emit_off(e)) + 5));

    if (fits_i32(disp)) {
        emit8(e, OPC_CALL_Jz);
        emit32(e, (uint32_t)disp);
    } else {
        emit_movi(e, R_TMP1, (uintptr_t)fn);
        emit_modrm(e, OPC_GRP5, EXT5_CALL, R_TMP1);
    }
}

void emit_shiftx(JitEmit *e, int shift, bool w64, int dst, int src, int count)
{
    /* VEX.LZ.{66,F2,F3}.0F38.W F7 /r (SDM vol. 2, SHLX/SARX/SHRX) */
    int pp = shift == SHIFT_SHL ? 1 : shift == SHIFT_SAR ? 2 : 3;

    emit8(e, 0xc4);
    emit8(e, (uint8_t)((((~dst >> 3) & 1) << 7) | (1 << 6) | (((~src >> 3) & 1) << 5) | 2));
    emit8(e, (uint8_t)((w64 ? 0x80 : 0) | ((~count & 15) << 3) | pp));
    emit8(e, 0xf7);
    emit8(e, (uint8_t)(0xc0 | ((dst & 7) << 3) | (src & 7)));
}

void emit_nops(JitEmit *e, int n)
{
    /* Recommended multi-byte nops (SDM vol. 2B, NOP). */
    static const uint8_t nops[8][8] = {
        { 0 },
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
    };
    while (n > 0) {
        int k = n > 7 ? 7 : n;
        memcpy(e->p, nops[k], k);
        e->p += k;
        n -= k;
    }
}
