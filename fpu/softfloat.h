/*
 * Exact IEEE 754 binary16/32/64 arithmetic in software, with RISC-V semantics.
 *
 * Values are raw bit patterns (uint16_t, uint32_t, uint64_t).  Every operation
 * takes an FpStatus that holds the rounding mode (RISC-V frm encoding) and
 * accumulates exception flags (RISC-V fflags bits) by OR.
 *
 * RISC-V specifics (Unprivileged ISA, "F" chapter):
 *  - every NaN result is the canonical NaN (no payload propagation);
 *  - tininess is detected after rounding; UF is raised only if also inexact;
 *  - fmin/fmax follow IEEE 754-2019 minimumNumber/maximumNumber, -0 < +0;
 *  - float->int conversions saturate (NaN -> largest positive value);
 *  - fma raises NV for inf*0 even if the addend is a quiet NaN.
 * A rounding mode outside 0..4 is treated as RNE; callers reject reserved
 * encodings before calling (the instruction is illegal).
 *
 * binary32/64 arithmetic uses the host FPU when that is provably exact (RNE,
 * NX already accrued, normal result; see softfloat.c), so the host FPU must
 * stay in its default mode (round to nearest, no flush-to-zero) outside
 * short, self-restoring sections.
 */
#ifndef FPU_SOFTFLOAT_H
#define FPU_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    FP_RNE = 0,     /* round to nearest, ties to even */
    FP_RTZ = 1,     /* toward zero */
    FP_RDN = 2,     /* toward -inf */
    FP_RUP = 3,     /* toward +inf */
    FP_RMM = 4,     /* to nearest, ties away from zero */
} FpRounding;

enum {
    FP_FLAG_NX = 1,     /* inexact */
    FP_FLAG_UF = 2,     /* underflow */
    FP_FLAG_OF = 4,     /* overflow */
    FP_FLAG_DZ = 8,     /* divide by zero */
    FP_FLAG_NV = 16,    /* invalid */
};

typedef struct FpStatus {
    uint8_t rm;         /* FpRounding */
    uint8_t flags;      /* FP_FLAG_* accumulated */
} FpStatus;

/* neg_flags for *_muladd: result = (+-)(a*b) (+-) c with one rounding. */
enum {
    FP_NEG_PRODUCT = 1,
    FP_NEG_ADDEND = 2,
};
/* RISC-V fused ops in terms of neg_flags. */
#define FP_FMADD  0
#define FP_FMSUB  FP_NEG_ADDEND
#define FP_FNMSUB FP_NEG_PRODUCT
#define FP_FNMADD (FP_NEG_PRODUCT | FP_NEG_ADDEND)

/* fclass result bits */
enum {
    FP_CLASS_NEG_INF = 1 << 0,
    FP_CLASS_NEG_NORMAL = 1 << 1,
    FP_CLASS_NEG_SUBNORMAL = 1 << 2,
    FP_CLASS_NEG_ZERO = 1 << 3,
    FP_CLASS_POS_ZERO = 1 << 4,
    FP_CLASS_POS_SUBNORMAL = 1 << 5,
    FP_CLASS_POS_NORMAL = 1 << 6,
    FP_CLASS_POS_INF = 1 << 7,
    FP_CLASS_SNAN = 1 << 8,
    FP_CLASS_QNAN = 1 << 9,
};

#define F16_DEFAULT_NAN ((uint16_t)0x7e00)
#define F32_DEFAULT_NAN ((uint32_t)0x7fc00000)
#define F64_DEFAULT_NAN ((uint64_t)0x7ff8000000000000ULL)

/* The same set of operations for each format; X is f16, f32 or f64. */
#define FP_DECLARE_FORMAT(X, T)                                                  \
    T X##_add(T a, T b, FpStatus *s);                                            \
    T X##_sub(T a, T b, FpStatus *s);                                            \
    T X##_mul(T a, T b, FpStatus *s);                                            \
    T X##_div(T a, T b, FpStatus *s);                                            \
    T X##_sqrt(T a, FpStatus *s);                                                \
    T X##_muladd(T a, T b, T c, int neg_flags, FpStatus *s);                     \
    T X##_min(T a, T b, FpStatus *s);                                            \
    T X##_max(T a, T b, FpStatus *s);                                            \
    bool X##_eq(T a, T b, FpStatus *s);   /* quiet: NV only for sNaN */          \
    bool X##_lt(T a, T b, FpStatus *s);   /* signaling: NV for any NaN */        \
    bool X##_le(T a, T b, FpStatus *s);                                          \
    uint16_t X##_classify(T a);                                                  \
    bool X##_is_nan(T a);                                                        \
    bool X##_is_snan(T a);                                                       \
    int32_t X##_to_i32(T a, int rm, FpStatus *s);                                \
    uint32_t X##_to_u32(T a, int rm, FpStatus *s);                               \
    int64_t X##_to_i64(T a, int rm, FpStatus *s);                                \
    uint64_t X##_to_u64(T a, int rm, FpStatus *s);                               \
    T i32_to_##X(int32_t v, FpStatus *s);                                        \
    T u32_to_##X(uint32_t v, FpStatus *s);                                       \
    T i64_to_##X(int64_t v, FpStatus *s);                                        \
    T u64_to_##X(uint64_t v, FpStatus *s);

FP_DECLARE_FORMAT(f16, uint16_t)
FP_DECLARE_FORMAT(f32, uint32_t)
FP_DECLARE_FORMAT(f64, uint64_t)

/* Format conversions: widening is exact, narrowing rounds with s->rm. */
uint32_t f16_to_f32(uint16_t a, FpStatus *s);
uint64_t f16_to_f64(uint16_t a, FpStatus *s);
uint16_t f32_to_f16(uint32_t a, FpStatus *s);
uint64_t f32_to_f64(uint32_t a, FpStatus *s);
uint16_t f64_to_f16(uint64_t a, FpStatus *s);
uint32_t f64_to_f32(uint64_t a, FpStatus *s);

#endif
