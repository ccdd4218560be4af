/*
 * Helpers for the F, D, Zfh and Zfhmin instructions (fpu_helper.c), as seen
 * by the FP translator (translate_fp.c).
 *
 * Every helper takes (env, operands..., desc) as uint64_t and returns the
 * result: f registers NaN-boxed, x registers sign-extended as RV64 requires.
 * Operands are raw register values; helpers check the NaN-boxing of single
 * and half inputs (an improperly boxed input reads as the canonical NaN) and
 * accumulate exception flags into env->fflags.
 */
#ifndef TARGET_RISCV_FPU_HELPER_H
#define TARGET_RISCV_FPU_HELPER_H

#include "target/riscv/cpu.h"

/*
 * desc argument of helpers whose instruction has a rounding-mode field: the
 * rm field (RV_RM_*, 7 = dynamic) and the instruction bits, the tval of the
 * illegal-instruction exception raised when rm is dynamic and frm holds a
 * reserved value.
 */
static inline uint64_t riscv_fp_desc(const RVInsn *insn)
{
    return insn->rm | ((uint64_t)insn->raw << 8);
}

/*
 * The helper computing op (a 32-bit RV_OP_F* row, not loads, stores, moves
 * or sign injection), or NULL.  rm is the instruction's rounding-mode field,
 * -1 if it has none.  rm = dynamic selects the variant that may raise an
 * exception (a reserved frm); the others are declared not to read globals
 * or raise.  On binary32/64, compares and arithmetic in round-to-nearest-
 * even (static, or dynamic while frm says so) get a variant that the JIT may
 * compute on the host FPU (TCGHostFP in tcg/tcg.h).
 * Argument order: env, the source registers in rs1, rs2, rs3 order (an x
 * register for fcvt from integers), then desc if the op has an rm field.
 */
const TCGHelperInfo *riscv_fp_helper(RVOp op, int rm);

#endif
