/*
 * C helpers for the F, D, Zfh and Zfhmin instructions (unprivileged spec
 * chapters 11-13 and the Zfh chapter), on top of fpu/softfloat.
 *
 * One helper per instruction.  Each resolves the rounding mode (static, or
 * frm when dynamic: a reserved frm value makes the instruction illegal),
 * unboxes single/half operands, computes, ORs the exception flags into
 * fflags and returns the (boxed) result.  The FpStatus starts from the
 * accrued fflags: softfloat's host fast path needs to know that NX is set.
 */
#include "target/riscv/fpu_helper.h"
#include "target/riscv/csr.h"

/* Unprivileged spec 12.2: a narrower value is valid only if NaN-boxed. */
static inline uint64_t unbox_d(uint64_t v) { return v; }
static inline uint32_t unbox_s(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : F32_DEFAULT_NAN;
}
static inline uint16_t unbox_h(uint64_t v)
{
    return (v >> 16) == 0xffffffffffffull ? (uint16_t)v : F16_DEFAULT_NAN;
}
static inline uint64_t box_d(uint64_t v) { return v; }
static inline uint64_t box_s(uint32_t v) { return 0xffffffff00000000ull | v; }
static inline uint64_t box_h(uint16_t v) { return 0xffffffffffff0000ull | v; }

/* Identity "boxing" of integer results/operands, and RV64 sign extension. */
static inline uint64_t x_w(int32_t v) { return (uint64_t)(int64_t)v; }
static inline uint64_t x_wu(uint32_t v) { return (uint64_t)(int64_t)(int32_t)v; }
static inline uint64_t x_l(int64_t v) { return (uint64_t)v; }
static inline uint64_t x_lu(uint64_t v) { return v; }

/* A dynamic rounding mode with a reserved frm value: illegal instruction. */
static void NORETURN fp_bad_rm(RISCVCPU *cpu, uint64_t desc, uintptr_t ra)
{
    riscv_raise_exception(cpu, RISCV_EXCP_ILLEGAL_INST, (uint32_t)(desc >> 8), ra);
}

/* The rounding mode for desc (a macro so that GETPC() is the helper's). */
#define FP_RM(cpu, desc)                                                       \
    ((desc & 7) != RV_RM_DYN ? (int)(desc & 7)                                 \
     : (cpu)->frm <= FP_RMM ? (int)(cpu)->frm : (fp_bad_rm(cpu, desc, GETPC()), 0))

#define ENV_CPU RISCVCPU *cpu = (RISCVCPU *)(uintptr_t)env

/* fd = op(fs1, fs2) with rounding */
#define DEF_BIN_RM(name, fn, unbox, box)                                       \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t b, uint64_t desc) \
    {                                                                          \
        ENV_CPU;                                                               \
        FpStatus s = { (uint8_t)FP_RM(cpu, desc), (uint8_t)cpu->fflags };      \
        uint64_t r = box(fn(unbox(a), unbox(b), &s));                          \
        cpu->fflags = s.flags;                                                 \
        return r;                                                              \
    }

/* result = op(src) with rounding: sqrt, format and integer conversions */
#define DEF_UN_RM(name, fn, unbox, box)                                        \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t desc)     \
    {                                                                          \
        ENV_CPU;                                                               \
        FpStatus s = { (uint8_t)FP_RM(cpu, desc), (uint8_t)cpu->fflags };      \
        uint64_t r = box(fn(unbox(a), &s));                                    \
        cpu->fflags = s.flags;                                                 \
        return r;                                                              \
    }

/* float -> integer: the rounding mode is an explicit argument */
#define DEF_TO_INT(name, fn, unbox, box)                                       \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t desc)     \
    {                                                                          \
        ENV_CPU;                                                               \
        FpStatus s = { FP_RNE, (uint8_t)cpu->fflags };                         \
        uint64_t r = box(fn(unbox(a), FP_RM(cpu, desc), &s));                  \
        cpu->fflags = s.flags;                                                 \
        return r;                                                              \
    }

#define DEF_FMA(name, fn, neg, unbox, box)                                     \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t b, uint64_t c, \
                                  uint64_t desc)                               \
    {                                                                          \
        ENV_CPU;                                                               \
        FpStatus s = { (uint8_t)FP_RM(cpu, desc), (uint8_t)cpu->fflags };      \
        uint64_t r = box(fn(unbox(a), unbox(b), unbox(c), neg, &s));           \
        cpu->fflags = s.flags;                                                 \
        return r;                                                              \
    }

/* no rounding mode: min/max (boxed result), compares (0/1) */
#define DEF_BIN(name, fn, unbox, box)                                          \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t b)        \
    {                                                                          \
        ENV_CPU;                                                               \
        FpStatus s = { FP_RNE, (uint8_t)cpu->fflags };                         \
        uint64_t r = box(fn(unbox(a), unbox(b), &s));                          \
        cpu->fflags = s.flags;                                                 \
        return r;                                                              \
    }

#define DEF_CLASS(name, fn, unbox)                                             \
    static uint64_t helper_##name(uint64_t env, uint64_t a)                    \
    {                                                                          \
        (void)env;                                                             \
        return fn(unbox(a));                                                   \
    }

static inline uint64_t x_bool(bool b) { return b; }

#define DEF_FORMAT(x, X, unbox, box)                                           \
    DEF_BIN_RM(fadd_##x, X##_add, unbox, box)                                  \
    DEF_BIN_RM(fsub_##x, X##_sub, unbox, box)                                  \
    DEF_BIN_RM(fmul_##x, X##_mul, unbox, box)                                  \
    DEF_BIN_RM(fdiv_##x, X##_div, unbox, box)                                  \
    DEF_UN_RM(fsqrt_##x, X##_sqrt, unbox, box)                                 \
    DEF_FMA(fmadd_##x, X##_muladd, FP_FMADD, unbox, box)                       \
    DEF_FMA(fmsub_##x, X##_muladd, FP_FMSUB, unbox, box)                       \
    DEF_FMA(fnmsub_##x, X##_muladd, FP_FNMSUB, unbox, box)                     \
    DEF_FMA(fnmadd_##x, X##_muladd, FP_FNMADD, unbox, box)                     \
    DEF_BIN(fmin_##x, X##_min, unbox, box)                                     \
    DEF_BIN(fmax_##x, X##_max, unbox, box)                                     \
    DEF_BIN(feq_##x, X##_eq, unbox, x_bool)                                    \
    DEF_BIN(flt_##x, X##_lt, unbox, x_bool)                                    \
    DEF_BIN(fle_##x, X##_le, unbox, x_bool)                                    \
    DEF_CLASS(fclass_##x, X##_classify, unbox)                                 \
    DEF_TO_INT(fcvt_w_##x, X##_to_i32, unbox, x_w)                             \
    DEF_TO_INT(fcvt_wu_##x, X##_to_u32, unbox, x_wu)                           \
    DEF_TO_INT(fcvt_l_##x, X##_to_i64, unbox, x_l)                             \
    DEF_TO_INT(fcvt_lu_##x, X##_to_u64, unbox, x_lu)                           \
    DEF_UN_RM(fcvt_##x##_w, i32_to_##X, (int32_t), box)                        \
    DEF_UN_RM(fcvt_##x##_wu, u32_to_##X, (uint32_t), box)                      \
    DEF_UN_RM(fcvt_##x##_l, i64_to_##X, (int64_t), box)                        \
    DEF_UN_RM(fcvt_##x##_lu, u64_to_##X, (uint64_t), box)

DEF_FORMAT(s, f32, unbox_s, box_s)
DEF_FORMAT(d, f64, unbox_d, box_d)
DEF_FORMAT(h, f16, unbox_h, box_h)

DEF_UN_RM(fcvt_s_d, f64_to_f32, unbox_d, box_s)
DEF_UN_RM(fcvt_d_s, f32_to_f64, unbox_s, box_d)
DEF_UN_RM(fcvt_s_h, f16_to_f32, unbox_h, box_s)
DEF_UN_RM(fcvt_h_s, f32_to_f16, unbox_s, box_h)
DEF_UN_RM(fcvt_d_h, f16_to_f64, unbox_h, box_d)
DEF_UN_RM(fcvt_h_d, f64_to_f16, unbox_d, box_h)

/* ---- The op -> helper table ---- */

typedef struct FpHelper {
    TCGHelperInfo fixed;    /* static rounding mode (or none): cannot raise */
    TCGHelperInfo dyn;      /* dynamic rounding mode: may raise illegal */
    /* Arithmetic and compares only: the same two with a host fast path
       (TCGHostFP) for rm = RNE (static) or none, and for rm = dynamic while
       frm is RNE. */
    TCGHelperInfo fast_fixed, fast_dyn;
} FpHelper;

#define INFO(fn, n, fl)                                                        \
    { .name = #fn, .func = (void *)helper_##fn, .flags = (fl), .nargs = (n),   \
      .has_ret = true }
#define NO_GLOBALS (TCG_CALL_NO_RG | TCG_CALL_NO_WG)
/* nargs counts env and desc */
#define RM(OP, fn, n) [RV_OP_##OP] = { INFO(fn, n, NO_GLOBALS), INFO(fn, n, TCG_CALL_NO_WG) }
#define NORM(OP, fn, n) [RV_OP_##OP] = { INFO(fn, n, NO_GLOBALS), INFO(fn, n, NO_GLOBALS) }
#define PURE(OP, fn, n) [RV_OP_##OP] = { INFO(fn, n, TCG_CALL_PURE), INFO(fn, n, TCG_CALL_PURE) }

/* The host computes these exactly when NX is accrued and the mode is RNE:
   fflags and frm are little-endian words whose low byte is the whole value. */
#define HOSTFP(hop, is32, nx, rm)                                              \
    &(const TCGHostFP){ .op = (hop), .f32 = (is32), .flags_mask = (nx),         \
                        .flags_off = offsetof(RISCVCPU, fflags), .rm_off = (rm) }
#define FAST_INFO(fn, n, fl, hop, is32, nx, rm)                                \
    { .name = #fn, .func = (void *)helper_##fn, .flags = (fl), .nargs = (n),   \
      .has_ret = true, .hostfp = HOSTFP(hop, is32, nx, rm) }
#define ARITH(OP, fn, n, hop, is32)                                            \
    [RV_OP_##OP] = { INFO(fn, n, NO_GLOBALS), INFO(fn, n, TCG_CALL_NO_WG),     \
                     FAST_INFO(fn, n, NO_GLOBALS, hop, is32, FP_FLAG_NX, -1),  \
                     FAST_INFO(fn, n, TCG_CALL_NO_WG, hop, is32, FP_FLAG_NX,   \
                               (int32_t)offsetof(RISCVCPU, frm)) }
/* Compares: inline whenever no operand is a NaN (no rounding, no flags). */
#define CMP(OP, fn, hop, is32)                                                 \
    [RV_OP_##OP] = { INFO(fn, 3, NO_GLOBALS), INFO(fn, 3, NO_GLOBALS),         \
                     FAST_INFO(fn, 3, NO_GLOBALS, hop, is32, 0, -1) }

/* binary16 has no host arithmetic: its rows have no fast variants. */
#define ARITH_ROWS(X, x, is32)                                                 \
    ARITH(FADD_##X, fadd_##x, 4, HOSTFP_ADD, is32),                            \
    ARITH(FSUB_##X, fsub_##x, 4, HOSTFP_SUB, is32),                            \
    ARITH(FMUL_##X, fmul_##x, 4, HOSTFP_MUL, is32),                            \
    ARITH(FDIV_##X, fdiv_##x, 4, HOSTFP_DIV, is32),                            \
    ARITH(FSQRT_##X, fsqrt_##x, 3, HOSTFP_SQRT, is32),                         \
    ARITH(FMADD_##X, fmadd_##x, 5, HOSTFP_MADD, is32),                         \
    ARITH(FMSUB_##X, fmsub_##x, 5, HOSTFP_MSUB, is32),                         \
    ARITH(FNMSUB_##X, fnmsub_##x, 5, HOSTFP_NMSUB, is32),                      \
    ARITH(FNMADD_##X, fnmadd_##x, 5, HOSTFP_NMADD, is32),                      \
    CMP(FEQ_##X, feq_##x, HOSTFP_EQ, is32), CMP(FLT_##X, flt_##x, HOSTFP_LT, is32), \
    CMP(FLE_##X, fle_##x, HOSTFP_LE, is32)
#define SOFT_ARITH_ROWS(X, x)                                                  \
    RM(FADD_##X, fadd_##x, 4), RM(FSUB_##X, fsub_##x, 4),                      \
    RM(FMUL_##X, fmul_##x, 4), RM(FDIV_##X, fdiv_##x, 4),                      \
    RM(FSQRT_##X, fsqrt_##x, 3),                                               \
    RM(FMADD_##X, fmadd_##x, 5), RM(FMSUB_##X, fmsub_##x, 5),                  \
    RM(FNMSUB_##X, fnmsub_##x, 5), RM(FNMADD_##X, fnmadd_##x, 5),              \
    NORM(FEQ_##X, feq_##x, 3), NORM(FLT_##X, flt_##x, 3), NORM(FLE_##X, fle_##x, 3)

#define FORMAT_ROWS(X, x)                                                      \
    NORM(FMIN_##X, fmin_##x, 3), NORM(FMAX_##X, fmax_##x, 3),                  \
    PURE(FCLASS_##X, fclass_##x, 2),                                           \
    RM(FCVT_W_##X, fcvt_w_##x, 3), RM(FCVT_WU_##X, fcvt_wu_##x, 3),            \
    RM(FCVT_L_##X, fcvt_l_##x, 3), RM(FCVT_LU_##X, fcvt_lu_##x, 3),            \
    RM(FCVT_##X##_W, fcvt_##x##_w, 3), RM(FCVT_##X##_WU, fcvt_##x##_wu, 3),    \
    RM(FCVT_##X##_L, fcvt_##x##_l, 3), RM(FCVT_##X##_LU, fcvt_##x##_lu, 3)

static const FpHelper fp_helpers[RV_OP_COUNT] = {
    ARITH_ROWS(S, s, true), FORMAT_ROWS(S, s),
    ARITH_ROWS(D, d, false), FORMAT_ROWS(D, d),
    SOFT_ARITH_ROWS(H, h), FORMAT_ROWS(H, h),
    RM(FCVT_S_D, fcvt_s_d, 3), RM(FCVT_D_S, fcvt_d_s, 3),
    RM(FCVT_S_H, fcvt_s_h, 3), RM(FCVT_H_S, fcvt_h_s, 3),
    RM(FCVT_D_H, fcvt_d_h, 3), RM(FCVT_H_D, fcvt_h_d, 3),
};

const TCGHelperInfo *riscv_fp_helper(RVOp op, int rm)
{
    const FpHelper *h;

    if ((unsigned)op >= RV_OP_COUNT || fp_helpers[op].fixed.func == NULL) {
        return NULL;
    }
    h = &fp_helpers[op];
    if (rm == RV_RM_DYN) {
        return h->fast_dyn.func ? &h->fast_dyn : &h->dyn;
    }
    return (rm == RV_RM_RNE || rm < 0) && h->fast_fixed.func ? &h->fast_fixed : &h->fixed;
}
