/*
 * The IR interpreter back end: internal contract between the translator
 * (gen.c: op list -> pre-decoded code) and the executor (dispatch.c).
 *
 * Code format.  A TB's interpreter code is an array of 64-bit words in the
 * code buffer (8-byte aligned).  Each instruction is one handler word (the
 * address of a computed-goto label in interp_run) followed by its operand
 * words; handlers know their own length.  After the instructions comes the
 * constant pool.
 *
 * An operand word addresses a 64-bit value slot: (offset << 2) | base, with
 *   base 0: env (globals: the CPU state at mem_offset),
 *   base 1: the frame (one 8-byte slot per temp index; slot 0 holds env),
 *   base 2: absolute (constants: rx address of their pool entry).
 * i32 values use the low 4 bytes of a slot and are read and written as 4
 * bytes (so an i32 global is exactly 4 bytes of env); i64 use all 8.
 *
 * Chaining: goto_tb is [H, target]; the target word is the patch site and
 * initially points at the next instruction (the unchained exit).
 *
 * Cheaper forms chosen by gen.c: binops, setcond and brcond whose second
 * operand is a constant carry it inline; the TB-entry exit_request test
 * ("ld_i32 t, env, off; brcond_i32 t, $0, ne") is one ld32_brnz, and an
 * address computation "add_i64 t, base, $off" followed by a guest access
 * through t (dead after it) is one qemu_ld_off / qemu_st_off.
 * State recovery: helpers and slow paths see tcg_interp_retaddr = address
 * of the executing instruction + 1; insn_end_off[] are word offsets * 8.
 * The code start must be 8-byte aligned (code buffer pieces are 16).
 */
#ifndef TCG_INTERP_INTERP_H
#define TCG_INTERP_INTERP_H

#include "tcg/tcg.h"

/* Handler ids.  _64/_32 suffixes select the width. */
#define INTERP_HANDLERS(X)                                                      \
    INTERP_BINOPS_W(X) INTERP_UNOPS_W(X) INTERP_LDST_W(X) INTERP_CONDOPS_W(X)   \
    INTERP_IMMOPS_W(X) INTERP_CONDIOPS_W(X)                                     \
    X(extract_64) X(extract_32) X(sextract_64) X(sextract_32)                   \
    X(deposit_64) X(deposit_32)                                                 \
    X(ext_i32_i64) X(extu_i32_i64) X(extrl_i64_i32) X(extrh_i64_i32)            \
    X(qemu_ld) X(qemu_st) X(qemu_ld_off) X(qemu_st_off) X(call) X(callv)        \
    X(br) X(goto_tb) X(exit_tb) X(goto_ptr) X(mb) X(ld32_brnz)

#define INTERP_W2(X, n) X(n##_64) X(n##_32)
#define INTERP_BINOPS_W(X) \
    INTERP_W2(X, add) INTERP_W2(X, sub) INTERP_W2(X, mul) INTERP_W2(X, div) \
    INTERP_W2(X, divu) INTERP_W2(X, rem) INTERP_W2(X, remu) INTERP_W2(X, mulsh) \
    INTERP_W2(X, muluh) INTERP_W2(X, and) INTERP_W2(X, or) INTERP_W2(X, xor) \
    INTERP_W2(X, andc) INTERP_W2(X, orc) INTERP_W2(X, eqv) INTERP_W2(X, shl) \
    INTERP_W2(X, shr) INTERP_W2(X, sar) INTERP_W2(X, rotl) INTERP_W2(X, rotr) \
    INTERP_W2(X, clz) INTERP_W2(X, ctz)
#define INTERP_UNOPS_W(X) \
    INTERP_W2(X, mov) INTERP_W2(X, neg) INTERP_W2(X, not) INTERP_W2(X, ctpop) \
    INTERP_W2(X, bswap16) INTERP_W2(X, bswap32) INTERP_W2(X, bswap64) \
    INTERP_W2(X, ext8s) INTERP_W2(X, ext8u) INTERP_W2(X, ext16s) INTERP_W2(X, ext16u) \
    INTERP_W2(X, ext32s) INTERP_W2(X, ext32u)
#define INTERP_LDST_W(X) \
    INTERP_W2(X, ld8u) INTERP_W2(X, ld8s) INTERP_W2(X, ld16u) INTERP_W2(X, ld16s) \
    INTERP_W2(X, ld32u) INTERP_W2(X, ld32s) INTERP_W2(X, ld) \
    INTERP_W2(X, st8) INTERP_W2(X, st16) INTERP_W2(X, st32) INTERP_W2(X, st)
#define INTERP_COND3(X, c) \
    INTERP_W2(X, setcond_##c) INTERP_W2(X, movcond_##c) INTERP_W2(X, brcond_##c)
#define INTERP_CONDOPS_W(X) \
    INTERP_COND3(X, eq) INTERP_COND3(X, ne) INTERP_COND3(X, lt) INTERP_COND3(X, ge) \
    INTERP_COND3(X, le) INTERP_COND3(X, gt) INTERP_COND3(X, ltu) INTERP_COND3(X, geu) \
    INTERP_COND3(X, leu) INTERP_COND3(X, gtu)

/* Immediate forms ([H, d, imm] / [H, d, a, imm] / [H, a, imm, target]): the
   constant operand is stored inline (the optimizer puts constants second). */
#define INTERP_IMMOPS_W(X) \
    INTERP_W2(X, movi) INTERP_W2(X, addi) INTERP_W2(X, muli) INTERP_W2(X, andi) INTERP_W2(X, ori) \
    INTERP_W2(X, xori) INTERP_W2(X, shli) INTERP_W2(X, shri) INTERP_W2(X, sari)
#define INTERP_COND2I(X, c) INTERP_W2(X, setcondi_##c) INTERP_W2(X, brcondi_##c)
#define INTERP_CONDIOPS_W(X) \
    INTERP_COND2I(X, eq) INTERP_COND2I(X, ne) INTERP_COND2I(X, lt) INTERP_COND2I(X, ge) \
    INTERP_COND2I(X, le) INTERP_COND2I(X, gt) INTERP_COND2I(X, ltu) INTERP_COND2I(X, geu) \
    INTERP_COND2I(X, leu) INTERP_COND2I(X, gtu)

typedef enum InterpHandler {
#define INTERP_ENUM(n) IH_##n,
    INTERP_HANDLERS(INTERP_ENUM)
#undef INTERP_ENUM
    IH_COUNT
} InterpHandler;

/* Disassemble interpreter code (TCGBackend.disas; tcg/interp/interp_disas.c). */
void interp_disas(FILE *out, const uint8_t *code, size_t size);

/* Operand bases. */
enum { IB_ENV = 0, IB_FRAME = 1, IB_ABS = 2 };

/* Run code at pc for cpu; with cpu == NULL, return the handler address table
   (const void *const[IH_COUNT]) instead. */
uintptr_t interp_run(CPUState *cpu, const uint64_t *pc, const void *const **table);

#endif
