/*
 * Operand helpers shared by the op generators of the JIT (codegen.c,
 * bitops.c): load inputs, pick output registers, read constants.
 */
#ifndef TCG_X86_64_OPERANDS_H
#define TCG_X86_64_OPERANDS_H

#include "tcg/x86_64/jit.h"

#define A(i) ((int)op->args[i])

static inline bool w64(const TCGOp *op) { return op->type == TCG_TYPE_I64; }
#define rexw rexw_of

/* ---- Operand helpers ------------------------------------------------------ */

static inline int in_reg(JitCtx *j, const TCGOp *op, int i)
{
    return ra_load(j, A(i), JIT_ALLOCATABLE);
}

/* Whether input i's register r may be overwritten by output o. */
static inline bool can_reuse(JitCtx *j, const TCGOp *op, int o, int i, int r)
{
    if (r == R_ENV) {
        return false;
    }
    if (j->reg_temp[r] < 0) {
        return true;                        /* private copy for this op */
    }
    return j->reg_temp[r] == A(i) && (A(i) == A(o) || (op->life & DEAD_ARG(i)));
}

/* A register for output o: input i's register r if it may be clobbered, else
   a new one holding a copy of r (copy) or anything (!copy). */
static inline int out_reg(JitCtx *j, const TCGOp *op, int o, int i, int r, bool copy)
{
    int rd;

    if (i >= 0 && can_reuse(j, op, o, i, r)) {
        if (j->reg_temp[r] >= 0 && A(i) != A(o)) {
            ra_free_temp(j, A(i));
        }
        return r;
    }
    rd = ra_alloc(j, JIT_ALLOCATABLE);
    if (copy) {
        emit_mov(&j->e, w64(op), rd, r);
    }
    return rd;
}

static inline void set_out(JitCtx *j, const TCGOp *op, int o, int r)
{
    ra_set_output(j, A(o), r);
}

static inline bool in_const(JitCtx *j, const TCGOp *op, int i, int64_t *v)
{
    return ra_is_const(j, A(i), v);
}

/* Constant usable as an instruction immediate at this width. */
static inline bool in_imm(JitCtx *j, const TCGOp *op, int i, int64_t *v)
{
    return in_const(j, op, i, v) && (!w64(op) || fits_i32(*v));
}

#endif
