/*
 * Tests for fpu/softfloat: hand-picked edge cases, randomized comparison with
 * the host FPU (x86-64 SSE detects tininess after rounding, like RISC-V), an
 * RMM cross-check through a wider host type, and binary16 against a table
 * driven reference rounding of exact or innocuously rounded values (double,
 * or x87 extended rounded to odd for fma).
 */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "fpu/softfloat.h"
#include "tests/unit/harness.h"

#define F64(x) ((uint64_t)(x##ULL))
#define P64_INF F64(0x7ff0000000000000)
#define N64_INF F64(0xfff0000000000000)
#define N64_ZERO F64(0x8000000000000000)
#define F64_SNAN F64(0x7ff0000000000001)
#define F64_QNAN F64(0x7ff8000000000000)
#define F64_ONE F64(0x3ff0000000000000)
#define F64_MAX F64(0x7fefffffffffffff)
#define F64_MIN_NORMAL F64(0x0010000000000000)
#define F64_MIN_SUB F64(0x0000000000000001)

static int failures_shown;

static uint64_t d2u(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static double u2d(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static uint32_t f2u(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static float u2f(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* ---------------- random numbers ---------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t rnd_below(uint64_t n)
{
    return rnd() % n;
}

/* A fraction field with patterns that make ties and carries likely. */
static uint64_t rnd_frac(int mbits)
{
    uint64_t mask = (1ULL << mbits) - 1;
    switch (rnd_below(6)) {
    case 0:
        return 0;
    case 1:
        return mask;
    case 2: {       /* a run of ones */
        int lo = (int)rnd_below(mbits), len = 1 + (int)rnd_below(mbits - lo);
        return ((len >= 64 ? ~0ULL : ((1ULL << len) - 1)) << lo) & mask;
    }
    case 3:         /* few low bits */
        return rnd() & mask & ((1ULL << rnd_below(mbits)) - 1);
    case 4:         /* few high bits */
        return rnd() & mask & ~(mask >> rnd_below(mbits + 1));
    default:
        return rnd() & mask;
    }
}

/* A random value of a format with ebits/mbits, biased toward edge cases. */
static uint64_t rnd_float(int ebits, int mbits)
{
    uint64_t emax = (1ULL << ebits) - 1;
    uint64_t bias = emax >> 1;
    uint64_t sign = rnd() & 1;
    uint64_t e;

    switch (rnd_below(10)) {
    case 0:         /* special exponent: zero/subnormal or inf/NaN */
        e = (rnd() & 1) ? 0 : emax;
        break;
    case 1:
        e = 1 + rnd_below(3);
        break;
    case 2:
        e = emax - 1 - rnd_below(3);
        break;
    case 3:
    case 4:
        e = rnd_below(emax + 1);
        break;
    default:        /* near 1.0 */
        e = bias - 8 + rnd_below(17);
        break;
    }
    return (sign << (ebits + mbits)) | (e << mbits) | rnd_frac(mbits);
}

/* Random value whose exponent field is near 'e' (clamped to finite range). */
static uint64_t rnd_float_near(int ebits, int mbits, int64_t e)
{
    int64_t emax = (1LL << ebits) - 1;
    e += (int64_t)rnd_below(7) - 3;
    if (e < 0) {
        e = 0;
    }
    if (e > emax - 1) {
        e = emax - 1;
    }
    return ((rnd() & 1) << (ebits + mbits)) | ((uint64_t)e << mbits) | rnd_frac(mbits);
}

static int fexp(uint64_t v, int ebits, int mbits)
{
    return (int)((v >> mbits) & ((1ULL << ebits) - 1));
}

/* ---------------- host reference ---------------- */

static const int host_modes[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static uint8_t host_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    return ((e & FE_INEXACT) ? FP_FLAG_NX : 0) | ((e & FE_UNDERFLOW) ? FP_FLAG_UF : 0) |
           ((e & FE_OVERFLOW) ? FP_FLAG_OF : 0) | ((e & FE_DIVBYZERO) ? FP_FLAG_DZ : 0) |
           ((e & FE_INVALID) ? FP_FLAG_NV : 0);
}

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMADD, OP_FMSUB, OP_FNMSUB, OP_FNMADD,
       OP_COUNT };
static const char *const op_names[OP_COUNT] = {
    "add", "sub", "mul", "div", "sqrt", "fmadd", "fmsub", "fnmsub", "fnmadd",
};
static const int op_neg[OP_COUNT] = {
    [OP_FMADD] = FP_FMADD, [OP_FMSUB] = FP_FMSUB, [OP_FNMSUB] = FP_FNMSUB,
    [OP_FNMADD] = FP_FNMADD,
};

/*
 * The host ops read their operands from volatiles and store the result to a
 * volatile, so they stay between fesetround/feclearexcept and fetestexcept.
 */
static double host_f64(int op, double a, double b, double c, int mode, uint8_t *fl)
{
    volatile double x = a, y = b, z = c, r;
    fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_DIV: r = x / y; break;
    case OP_SQRT: r = sqrt(x); break;
    case OP_FMADD: r = fma(x, y, z); break;
    case OP_FMSUB: r = fma(x, y, -z); break;
    case OP_FNMSUB: r = fma(-x, y, z); break;
    default: r = fma(-x, y, -z); break;
    }
    *fl = host_flags();
    fesetround(FE_TONEAREST);
    return r;
}

static float host_f32(int op, float a, float b, float c, int mode, uint8_t *fl)
{
    volatile float x = a, y = b, z = c, r;
    fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_DIV: r = x / y; break;
    case OP_SQRT: r = sqrtf(x); break;
    case OP_FMADD: r = fmaf(x, y, z); break;
    case OP_FMSUB: r = fmaf(x, y, -z); break;
    case OP_FNMSUB: r = fmaf(-x, y, z); break;
    default: r = fmaf(-x, y, -z); break;
    }
    *fl = host_flags();
    fesetround(FE_TONEAREST);
    return r;
}

static long double host_f80(int op, long double a, long double b, long double c, int mode,
                            uint8_t *fl)
{
    volatile long double x = a, y = b, z = c, r;
    fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_DIV: r = x / y; break;
    case OP_SQRT: r = sqrtl(x); break;
    case OP_FMADD: r = fmal(x, y, z); break;
    case OP_FMSUB: r = fmal(x, y, -z); break;
    case OP_FNMSUB: r = fmal(-x, y, z); break;
    default: r = fmal(-x, y, -z); break;
    }
    *fl = host_flags();
    fesetround(FE_TONEAREST);
    return r;
}

static uint64_t soft_f64(int op, uint64_t a, uint64_t b, uint64_t c, FpStatus *s)
{
    switch (op) {
    case OP_ADD: return f64_add(a, b, s);
    case OP_SUB: return f64_sub(a, b, s);
    case OP_MUL: return f64_mul(a, b, s);
    case OP_DIV: return f64_div(a, b, s);
    case OP_SQRT: return f64_sqrt(a, s);
    default: return f64_muladd(a, b, c, op_neg[op], s);
    }
}

static uint32_t soft_f32(int op, uint32_t a, uint32_t b, uint32_t c, FpStatus *s)
{
    switch (op) {
    case OP_ADD: return f32_add(a, b, s);
    case OP_SUB: return f32_sub(a, b, s);
    case OP_MUL: return f32_mul(a, b, s);
    case OP_DIV: return f32_div(a, b, s);
    case OP_SQRT: return f32_sqrt(a, s);
    default: return f32_muladd(a, b, c, op_neg[op], s);
    }
}

static uint16_t soft_f16(int op, uint16_t a, uint16_t b, uint16_t c, FpStatus *s)
{
    switch (op) {
    case OP_ADD: return f16_add(a, b, s);
    case OP_SUB: return f16_sub(a, b, s);
    case OP_MUL: return f16_mul(a, b, s);
    case OP_DIV: return f16_div(a, b, s);
    case OP_SQRT: return f16_sqrt(a, s);
    default: return f16_muladd(a, b, c, op_neg[op], s);
    }
}

/* Operands for op in a format: correlated so cancellation and boundaries occur. */
static void rnd_operands(int op, int ebits, int mbits, uint64_t *a, uint64_t *b, uint64_t *c)
{
    int bias = (1 << (ebits - 1)) - 1;
    *a = rnd_float(ebits, mbits);
    *b = rnd_float(ebits, mbits);
    *c = rnd_float(ebits, mbits);
    switch (op) {
    case OP_ADD:
    case OP_SUB:
        if (rnd() & 1) {
            *b = rnd_float_near(ebits, mbits, fexp(*a, ebits, mbits));
        }
        break;
    case OP_MUL:
    case OP_DIV:
        if (rnd_below(3) == 0) {
            /* exponent sum/difference near the underflow or overflow edge */
            int ea = fexp(*a, ebits, mbits);
            int target = (rnd() & 1) ? 2 * bias + 1 : 1 - (int)rnd_below(mbits + 2);
            int eb = op == OP_MUL ? target - ea + bias : ea - target + bias;
            *b = rnd_float_near(ebits, mbits, eb);
        }
        break;
    case OP_SQRT:
        break;
    default:
        if (rnd_below(3) != 0) {
            /* addend near the product, to get cancellation */
            int e = fexp(*a, ebits, mbits) + fexp(*b, ebits, mbits) - bias;
            *c = rnd_float_near(ebits, mbits, e);
        }
        break;
    }
}

#define REPORT(...) do {                                                       \
        if (failures_shown++ < 20) {                                           \
            printf(__VA_ARGS__);                                               \
        }                                                                      \
        harness_failed_now = 1;                                                \
    } while (0)

static bool nan_case_differs(int op, bool a_inf_or_zero_pair, bool c_qnan)
{
    /* RISC-V: inf*0 + qNaN raises NV; the host may not. */
    return op >= OP_FMADD && a_inf_or_zero_pair && c_qnan;
}

/* ---------------- hand-picked cases ---------------- */

typedef struct Case64 {
    int op, rm;
    uint64_t a, b, c, res;
    uint8_t flags;
} Case64;

static const Case64 cases64[] = {
    /* signed zeros */
    { OP_ADD, FP_RNE, F64(0), N64_ZERO, 0, F64(0), 0 },
    { OP_ADD, FP_RDN, F64(0), N64_ZERO, 0, N64_ZERO, 0 },
    { OP_ADD, FP_RNE, N64_ZERO, N64_ZERO, 0, N64_ZERO, 0 },
    { OP_SUB, FP_RNE, F64_ONE, F64_ONE, 0, F64(0), 0 },
    { OP_SUB, FP_RDN, F64_ONE, F64_ONE, 0, N64_ZERO, 0 },
    { OP_MUL, FP_RNE, N64_ZERO, F64_ONE, 0, N64_ZERO, 0 },
    { OP_SQRT, FP_RNE, N64_ZERO, 0, 0, N64_ZERO, 0 },
    { OP_SQRT, FP_RNE, F64(0xbff0000000000000), 0, 0, F64_QNAN, FP_FLAG_NV },
    { OP_DIV, FP_RNE, F64_ONE, N64_ZERO, 0, N64_INF, FP_FLAG_DZ },
    { OP_DIV, FP_RNE, F64(0), F64(0), 0, F64_QNAN, FP_FLAG_NV },
    /* NaNs are canonical; only sNaN raises NV for arithmetic */
    { OP_ADD, FP_RNE, F64(0xfff8000000001234), F64_ONE, 0, F64_QNAN, 0 },
    { OP_ADD, FP_RNE, F64_SNAN, F64_ONE, 0, F64_QNAN, FP_FLAG_NV },
    { OP_SUB, FP_RNE, P64_INF, P64_INF, 0, F64_QNAN, FP_FLAG_NV },
    { OP_MUL, FP_RNE, P64_INF, F64(0), 0, F64_QNAN, FP_FLAG_NV },
    /* overflow per rounding mode */
    { OP_MUL, FP_RNE, F64_MAX, F64(0x4000000000000000), 0, P64_INF, FP_FLAG_OF | FP_FLAG_NX },
    { OP_MUL, FP_RTZ, F64_MAX, F64(0x4000000000000000), 0, F64_MAX, FP_FLAG_OF | FP_FLAG_NX },
    { OP_MUL, FP_RDN, F64_MAX, F64(0x4000000000000000), 0, F64_MAX, FP_FLAG_OF | FP_FLAG_NX },
    { OP_MUL, FP_RUP, F64_MAX, F64(0x4000000000000000), 0, P64_INF, FP_FLAG_OF | FP_FLAG_NX },
    { OP_MUL, FP_RMM, F64_MAX, F64(0x4000000000000000), 0, P64_INF, FP_FLAG_OF | FP_FLAG_NX },
    { OP_MUL, FP_RDN, F64_MAX | N64_ZERO, F64(0x4000000000000000), 0, N64_INF,
      FP_FLAG_OF | FP_FLAG_NX },
    { OP_MUL, FP_RUP, F64_MAX | N64_ZERO, F64(0x4000000000000000), 0, F64_MAX | N64_ZERO,
      FP_FLAG_OF | FP_FLAG_NX },
    /* max + half ulp: RNE ties to even (inf), RTZ stays, RMM goes away (inf) */
    { OP_ADD, FP_RNE, F64_MAX, F64(0x7c90000000000000), 0, P64_INF, FP_FLAG_OF | FP_FLAG_NX },
    { OP_ADD, FP_RTZ, F64_MAX, F64(0x7c90000000000000), 0, F64_MAX, FP_FLAG_NX },
    { OP_ADD, FP_RMM, F64_MAX, F64(0x7c90000000000000), 0, P64_INF, FP_FLAG_OF | FP_FLAG_NX },
    /* subnormals and underflow: tininess after rounding */
    { OP_MUL, FP_RNE, F64_MIN_SUB, F64(0x3fe0000000000000), 0, F64(0),
      FP_FLAG_UF | FP_FLAG_NX },
    { OP_MUL, FP_RMM, F64_MIN_SUB, F64(0x3fe0000000000000), 0, F64_MIN_SUB,
      FP_FLAG_UF | FP_FLAG_NX },
    { OP_MUL, FP_RUP, F64_MIN_SUB, F64(0x3fe0000000000000), 0, F64_MIN_SUB,
      FP_FLAG_UF | FP_FLAG_NX },
    { OP_MUL, FP_RNE, F64(3), F64(0x3fe0000000000000), 0, F64(2), FP_FLAG_UF | FP_FLAG_NX },
    { OP_MUL, FP_RMM, F64(3), F64(0x3fe0000000000000), 0, F64(2), FP_FLAG_UF | FP_FLAG_NX },
    { OP_MUL, FP_RNE, F64(5), F64(0x3fe0000000000000), 0, F64(2), FP_FLAG_UF | FP_FLAG_NX },
    { OP_MUL, FP_RMM, F64(5), F64(0x3fe0000000000000), 0, F64(3), FP_FLAG_UF | FP_FLAG_NX },
    { OP_MUL, FP_RNE, F64(4), F64(0x3fe0000000000000), 0, F64(2), 0 },   /* exact: no UF */
    /* 2^-1022 * (1 - 2^-104) rounds to the min normal in RNE: not tiny after rounding */
    { OP_MUL, FP_RNE, F64(0x3feffffffffffffe), F64(0x0010000000000001), 0, F64_MIN_NORMAL,
      FP_FLAG_NX },
    { OP_MUL, FP_RTZ, F64(0x3feffffffffffffe), F64(0x0010000000000001), 0,
      F64(0x000fffffffffffff), FP_FLAG_UF | FP_FLAG_NX },
    /* (2^53 - 1) * 2^-1075 is exact with unbounded exponent: tiny */
    { OP_MUL, FP_RNE, F64(0x001fffffffffffff), F64(0x3fe0000000000000), 0, F64_MIN_NORMAL,
      FP_FLAG_UF | FP_FLAG_NX },
    /* halfway cases: RNE vs RMM */
    { OP_ADD, FP_RNE, F64_ONE, F64(0x3ca0000000000000), 0, F64_ONE, FP_FLAG_NX },
    { OP_ADD, FP_RMM, F64_ONE, F64(0x3ca0000000000000), 0, F64(0x3ff0000000000001),
      FP_FLAG_NX },
    { OP_ADD, FP_RNE, F64(0x3ff0000000000001), F64(0x3ca0000000000000), 0,
      F64(0x3ff0000000000002), FP_FLAG_NX },
    { OP_SUB, FP_RMM, F64(0xbff0000000000000), F64(0x3ca0000000000000), 0,
      F64(0xbff0000000000001), FP_FLAG_NX },
    /* fma */
    { OP_FMADD, FP_RNE, P64_INF, F64(0), F64_QNAN, F64_QNAN, FP_FLAG_NV },
    { OP_FMADD, FP_RNE, F64(0), P64_INF, F64(0xfff8000000000000), F64_QNAN, FP_FLAG_NV },
    { OP_FMADD, FP_RNE, P64_INF, F64_ONE, N64_INF, F64_QNAN, FP_FLAG_NV },
    { OP_FMSUB, FP_RNE, P64_INF, F64_ONE, P64_INF, F64_QNAN, FP_FLAG_NV },
    { OP_FMADD, FP_RNE, F64(0), F64_ONE, N64_ZERO, F64(0), 0 },
    { OP_FMADD, FP_RDN, F64(0), F64_ONE, N64_ZERO, N64_ZERO, 0 },
    { OP_FNMADD, FP_RNE, F64(0), F64_ONE, F64(0), N64_ZERO, 0 },
    { OP_FNMSUB, FP_RNE, F64(0), F64_ONE, F64(0), F64(0), 0 },
    { OP_FMSUB, FP_RNE, F64(0), F64_ONE, F64(0), F64(0), 0 },
    { OP_FMSUB, FP_RNE, N64_ZERO, F64_ONE, F64(0), N64_ZERO, 0 },
    { OP_FMSUB, FP_RNE, F64_ONE, F64_ONE, F64_ONE, F64(0), 0 },
    { OP_FMSUB, FP_RDN, F64_ONE, F64_ONE, F64_ONE, N64_ZERO, 0 },
    /* (1+2^-52)^2 - 1 = 2^-51 + 2^-104: a tie at 53 bits */
    { OP_FMSUB, FP_RNE, F64(0x3ff0000000000001), F64(0x3ff0000000000001), F64_ONE,
      F64(0x3cc0000000000000), FP_FLAG_NX },
    { OP_FMSUB, FP_RMM, F64(0x3ff0000000000001), F64(0x3ff0000000000001), F64_ONE,
      F64(0x3cc0000000000001), FP_FLAG_NX },
    /* (1+2^-52)^2 - (1+2^-51) = 2^-104 exactly */
    { OP_FMSUB, FP_RNE, F64(0x3ff0000000000001), F64(0x3ff0000000000001),
      F64(0x3ff0000000000002), F64(0x3970000000000000), 0 },
    { OP_FMADD, FP_RNE, F64_MIN_SUB, F64_MIN_SUB, F64(0), F64(0), FP_FLAG_UF | FP_FLAG_NX },
    { OP_FMADD, FP_RUP, F64_MIN_SUB, F64_MIN_SUB, F64(0), F64_MIN_SUB,
      FP_FLAG_UF | FP_FLAG_NX },
    { OP_FMADD, FP_RDN, F64_MIN_SUB, F64_MIN_SUB, N64_ZERO, F64(0), FP_FLAG_UF | FP_FLAG_NX },
    { OP_FMADD, FP_RNE, F64_ONE, F64_ONE, F64_MIN_SUB, F64_ONE, FP_FLAG_NX },
    { OP_FMADD, FP_RUP, F64_ONE, F64_ONE, F64_MIN_SUB, F64(0x3ff0000000000001), FP_FLAG_NX },
    { OP_FMADD, FP_RDN, F64_ONE, F64_ONE, F64_MIN_SUB | N64_ZERO, F64(0x3fefffffffffffff),
      FP_FLAG_NX },
    /* sqrt */
    { OP_SQRT, FP_RNE, F64(0x4010000000000000), 0, 0, F64(0x4000000000000000), 0 },
    { OP_SQRT, FP_RNE, F64(0x4000000000000000), 0, 0, F64(0x3ff6a09e667f3bcd), FP_FLAG_NX },
    { OP_SQRT, FP_RUP, F64(0x4000000000000000), 0, 0, F64(0x3ff6a09e667f3bcd), FP_FLAG_NX },
    { OP_SQRT, FP_RDN, F64(0x4000000000000000), 0, 0, F64(0x3ff6a09e667f3bcc), FP_FLAG_NX },
    { OP_SQRT, FP_RNE, F64_MIN_SUB, 0, 0, F64(0x1e60000000000000), 0 },
    { OP_SQRT, FP_RNE, P64_INF, 0, 0, P64_INF, 0 },
    { OP_SQRT, FP_RNE, N64_INF, 0, 0, F64_QNAN, FP_FLAG_NV },
};

static void test_f64_cases(void)
{
    for (size_t i = 0; i < sizeof(cases64) / sizeof(cases64[0]); i++) {
        const Case64 *t = &cases64[i];
        FpStatus s = { .rm = t->rm };
        uint64_t r = soft_f64(t->op, t->a, t->b, t->c, &s);
        if (r != t->res || s.flags != t->flags) {
            REPORT("  case %zu %s rm=%d: got %016" PRIx64 "/%02x want %016" PRIx64 "/%02x\n",
                   i, op_names[t->op], t->rm, r, s.flags, t->res, t->flags);
        }
    }
}

static void test_f32_f16_cases(void)
{
    FpStatus s = { FP_RNE, 0 };

    /* f32: min subnormal * 0.5 in each mode */
    s.rm = FP_RUP;
    CHECK_EQ(f32_mul(1, 0x3f000000, &s), 1);
    CHECK_EQ(s.flags, FP_FLAG_UF | FP_FLAG_NX);
    s = (FpStatus){ FP_RMM, 0 };
    CHECK_EQ(f32_mul(0x80000001, 0x3f000000, &s), 0x80000001);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f32_add(0x7f800001, 0x3f800000, &s), F32_DEFAULT_NAN);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f32_div(0x3f800000, 0x40400000, &s), 0x3eaaaaab);
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s = (FpStatus){ FP_RTZ, 0 };
    CHECK_EQ(f32_div(0x3f800000, 0x40400000, &s), 0x3eaaaaaa);
    /* RMM tie: 1 + 2^-24 */
    s = (FpStatus){ FP_RMM, 0 };
    CHECK_EQ(f32_add(0x3f800000, 0x33800000, &s), 0x3f800001);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f32_add(0x3f800000, 0x33800000, &s), 0x3f800000);

    /* f16 */
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f16_add(0x3c00, 0x3c00, &s), 0x4000);            /* 1 + 1 = 2 */
    CHECK_EQ(f16_mul(0x7bff, 0x4000, &s), 0x7c00);            /* 65504 * 2 -> inf */
    CHECK_EQ(s.flags, FP_FLAG_OF | FP_FLAG_NX);
    s = (FpStatus){ FP_RTZ, 0 };
    CHECK_EQ(f16_mul(0x7bff, 0x4000, &s), 0x7bff);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f16_mul(0x0001, 0x3800, &s), 0x0000);            /* min sub * 0.5 */
    CHECK_EQ(s.flags, FP_FLAG_UF | FP_FLAG_NX);
    s = (FpStatus){ FP_RMM, 0 };
    CHECK_EQ(f16_mul(0x0001, 0x3800, &s), 0x0001);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f16_sqrt(0x4400, &s), 0x4000);                   /* sqrt(4) */
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f16_sqrt(0x4000, &s), 0x3da8);                   /* sqrt(2) */
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f16_div(0x3c00, 0x0000, &s), 0x7c00);
    CHECK_EQ(s.flags, FP_FLAG_DZ);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f16_sqrt(0xbc00, &s), F16_DEFAULT_NAN);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f16_muladd(0x7c00, 0x0000, 0x7e00, 0, &s), F16_DEFAULT_NAN);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    /* conversions */
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f32_to_f16(0x47800000, &s), 0x7c00);             /* 65536 -> inf */
    CHECK_EQ(s.flags, FP_FLAG_OF | FP_FLAG_NX);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f32_to_f16(0x477ff000, &s), 0x7c00);             /* 65520 ties to inf */
    s = (FpStatus){ FP_RTZ, 0 };
    CHECK_EQ(f32_to_f16(0x477ff000, &s), 0x7bff);
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f16_to_f32(0x0001, &s), 0x33800000);             /* 2^-24 */
    CHECK_EQ(f16_to_f64(0xfc00, &s), N64_INF);
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f16_to_f32(0x7c01, &s), F32_DEFAULT_NAN);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f64_to_f32(F64_SNAN, &s), F32_DEFAULT_NAN);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(f32_to_f64(0xffc00001, &s), F64_DEFAULT_NAN);
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f32_to_f64(0x00000001, &s), F64(0x36a0000000000000));
    CHECK_EQ(f64_to_f32(F64(0x36a0000000000000), &s), 1);
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f64_to_f32(F64(0x3690000000000000), &s), 0);     /* 2^-150 ties to 0 */
    CHECK_EQ(s.flags, FP_FLAG_UF | FP_FLAG_NX);
    s = (FpStatus){ FP_RMM, 0 };
    CHECK_EQ(f64_to_f32(F64(0x3690000000000000), &s), 1);
}

static void test_minmax_compare_classify(void)
{
    FpStatus s = { FP_RNE, 0 };
    const uint64_t m1 = F64(0xbff0000000000000);

    CHECK_EQ(f64_min(F64(0), N64_ZERO, &s), N64_ZERO);
    CHECK_EQ(f64_min(N64_ZERO, F64(0), &s), N64_ZERO);
    CHECK_EQ(f64_max(N64_ZERO, F64(0), &s), F64(0));
    CHECK_EQ(f64_max(F64(0), N64_ZERO, &s), F64(0));
    CHECK_EQ(f64_min(F64_ONE, m1, &s), m1);
    CHECK_EQ(f64_max(F64_ONE, m1, &s), F64_ONE);
    CHECK_EQ(f64_min(m1, F64(0xc000000000000000), &s), F64(0xc000000000000000));
    CHECK_EQ(f64_max(N64_INF, m1, &s), m1);
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f64_min(F64(0x7ff8000000000123), F64_ONE, &s), F64_ONE);
    CHECK_EQ(f64_max(m1, F64_QNAN, &s), m1);
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f64_min(F64_SNAN, F64_ONE, &s), F64_ONE);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK_EQ(f64_max(F64(0x7ff8000000000123), F64(0xfff8000000000000), &s), F64_QNAN);
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f64_max(F64_SNAN, F64_SNAN, &s), F64_QNAN);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    CHECK_EQ(f32_min(0x80000000, 0, &s), 0x80000000);
    CHECK_EQ(f32_max(0x7fc00000, 0xbf800000, &s), 0xbf800000);
    CHECK_EQ(f16_min(0x0000, 0x8000, &s), 0x8000);
    CHECK_EQ(f16_max(0x7e00, 0x7e00, &s), 0x7e00);

    s.flags = 0;
    CHECK(f64_eq(F64(0), N64_ZERO, &s));
    CHECK(!f64_lt(F64(0), N64_ZERO, &s));
    CHECK(!f64_lt(N64_ZERO, F64(0), &s));
    CHECK(f64_le(N64_ZERO, F64(0), &s));
    CHECK(f64_lt(m1, F64(0), &s));
    CHECK(f64_lt(N64_INF, m1, &s));
    CHECK(!f64_le(F64_ONE, m1, &s));
    CHECK(f64_le(F64_ONE, F64_ONE, &s));
    CHECK_EQ(s.flags, 0);
    CHECK(!f64_eq(F64_QNAN, F64_QNAN, &s));
    CHECK_EQ(s.flags, 0);
    CHECK(!f64_eq(F64_SNAN, F64_ONE, &s));
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK(!f64_lt(F64_QNAN, F64_ONE, &s));
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK(!f64_le(F64_ONE, F64_QNAN, &s));
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK(f32_lt(0xbf800000, 0x3f800000, &s));
    CHECK(f32_eq(0x80000000, 0, &s));
    CHECK(f16_le(0xfc00, 0x7c00, &s));
    CHECK(!f16_lt(0x8000, 0x0000, &s));
    CHECK_EQ(s.flags, 0);

    CHECK_EQ(f64_classify(N64_INF), FP_CLASS_NEG_INF);
    CHECK_EQ(f64_classify(m1), FP_CLASS_NEG_NORMAL);
    CHECK_EQ(f64_classify(F64(0x800fffffffffffff)), FP_CLASS_NEG_SUBNORMAL);
    CHECK_EQ(f64_classify(N64_ZERO), FP_CLASS_NEG_ZERO);
    CHECK_EQ(f64_classify(F64(0)), FP_CLASS_POS_ZERO);
    CHECK_EQ(f64_classify(F64_MIN_SUB), FP_CLASS_POS_SUBNORMAL);
    CHECK_EQ(f64_classify(F64_MIN_NORMAL), FP_CLASS_POS_NORMAL);
    CHECK_EQ(f64_classify(P64_INF), FP_CLASS_POS_INF);
    CHECK_EQ(f64_classify(F64_SNAN), FP_CLASS_SNAN);
    CHECK_EQ(f64_classify(F64(0xfff8000000000000)), FP_CLASS_QNAN);
    CHECK_EQ(f32_classify(0x7fc00000), FP_CLASS_QNAN);
    CHECK_EQ(f32_classify(0x7fa00000), FP_CLASS_SNAN);
    CHECK_EQ(f32_classify(0x807fffff), FP_CLASS_NEG_SUBNORMAL);
    CHECK_EQ(f16_classify(0x7d00), FP_CLASS_SNAN);
    CHECK_EQ(f16_classify(0x03ff), FP_CLASS_POS_SUBNORMAL);
    CHECK_EQ(f16_classify(0x0400), FP_CLASS_POS_NORMAL);
    CHECK_EQ(f16_classify(0xfc00), FP_CLASS_NEG_INF);
}

static void test_int_conversions_cases(void)
{
    FpStatus s = { FP_RNE, 0 };

    CHECK_EQ((uint32_t)f64_to_i32(F64_QNAN, FP_RNE, &s), 0x7fffffff);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK_EQ(f64_to_u32(F64_QNAN, FP_RNE, &s), 0xffffffff);
    CHECK_EQ(f64_to_i64(F64(0xfff8000000000000), FP_RNE, &s), INT64_MAX);
    CHECK_EQ(f64_to_u64(F64_QNAN, FP_RNE, &s), UINT64_MAX);
    CHECK_EQ((uint32_t)f64_to_i32(N64_INF, FP_RNE, &s), (uint32_t)INT32_MIN);
    CHECK_EQ(f64_to_u32(N64_INF, FP_RNE, &s), 0);
    CHECK_EQ(f64_to_i64(P64_INF, FP_RNE, &s), INT64_MAX);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    /* -0.5 to unsigned: RTZ and RNE give 0 (NX), RDN gives -1 (NV) */
    CHECK_EQ(f64_to_u32(F64(0xbfe0000000000000), FP_RTZ, &s), 0);
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s.flags = 0;
    CHECK_EQ(f64_to_u64(F64(0xbfe0000000000000), FP_RNE, &s), 0);
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s.flags = 0;
    CHECK_EQ(f64_to_u64(F64(0xbfe0000000000000), FP_RDN, &s), 0);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK_EQ(f64_to_u64(N64_ZERO, FP_RDN, &s), 0);
    CHECK_EQ(s.flags, 0);
    /* 2.5: RNE 2, RMM 3; -2.5 RMM -3 */
    CHECK_EQ((uint32_t)f64_to_i32(F64(0x4004000000000000), FP_RNE, &s), 2);
    CHECK_EQ((uint32_t)f64_to_i32(F64(0x4004000000000000), FP_RMM, &s), 3);
    CHECK_EQ((uint32_t)f64_to_i32(F64(0xc004000000000000), FP_RMM, &s), (uint32_t)-3);
    CHECK_EQ(f64_to_i64(F64(0xc004000000000000), FP_RUP, &s), (uint64_t)-2);
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s.flags = 0;
    /* bounds: 2^31 - 0.5 rounds to 2^31 in RNE -> out of range */
    CHECK_EQ((uint32_t)f64_to_i32(F64(0x41dfffffffe00000), FP_RNE, &s), 0x7fffffff);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK_EQ((uint32_t)f64_to_i32(F64(0x41dfffffffe00000), FP_RTZ, &s), 0x7fffffff);
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s.flags = 0;
    CHECK_EQ((uint32_t)f64_to_i32(F64(0xc1e0000000000000), FP_RNE, &s), (uint32_t)INT32_MIN);
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f64_to_i64(F64(0xc3e0000000000000), FP_RNE, &s), (uint64_t)INT64_MIN);
    CHECK_EQ(s.flags, 0);
    CHECK_EQ(f64_to_i64(F64(0x43e0000000000000), FP_RNE, &s), INT64_MAX);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK_EQ(f64_to_u64(F64(0x43efffffffffffff), FP_RNE, &s), 0xfffffffffffff800ULL);
    CHECK_EQ(f64_to_u64(F64(0x43f0000000000000), FP_RNE, &s), UINT64_MAX);
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK_EQ(f32_to_u32(0x4f800000, FP_RNE, &s), 0xffffffff);   /* 2^32 */
    CHECK_EQ(s.flags, FP_FLAG_NV);
    s.flags = 0;
    CHECK_EQ(f16_to_i32(0x7bff, FP_RNE, &s), 65504);
    CHECK_EQ(f16_to_u64(0x3e00, FP_RMM, &s), 2);                /* 1.5 */
    CHECK_EQ(f16_to_i64(0xbe00, FP_RNE, &s), (uint64_t)-2);
    CHECK_EQ(f16_to_u32(0x0001, FP_RUP, &s), 1);
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s.flags = 0;

    CHECK_EQ(i32_to_f64(INT32_MIN, &s), F64(0xc1e0000000000000));
    CHECK_EQ(i64_to_f64(INT64_MIN, &s), F64(0xc3e0000000000000));
    CHECK_EQ(u64_to_f64(UINT64_MAX, &s), F64(0x43f0000000000000));
    CHECK_EQ(s.flags, FP_FLAG_NX);
    s = (FpStatus){ FP_RTZ, 0 };
    CHECK_EQ(u64_to_f64(UINT64_MAX, &s), F64(0x43efffffffffffff));
    CHECK_EQ(i32_to_f64(0, &s), 0);
    CHECK_EQ(u32_to_f32(0xffffffff, &s), 0x4f7fffff);
    CHECK_EQ(i64_to_f16(65519, &s), 0x7bff);
    s = (FpStatus){ FP_RNE, 0 };
    CHECK_EQ(i64_to_f16(65520, &s), 0x7c00);
    CHECK_EQ(s.flags, FP_FLAG_OF | FP_FLAG_NX);
    s.flags = 0;
    CHECK_EQ(i32_to_f16(-2049, &s), 0xe800);                   /* ties to even: -2048 */
    s.rm = FP_RMM;
    CHECK_EQ(i32_to_f16(-2049, &s), 0xe801);
    CHECK_EQ(u32_to_f16(1, &s), 0x3c00);
}

/* ---------------- randomized vs host ---------------- */

#ifndef N_RANDOM
#define N_RANDOM 40000
#endif

static void test_f64_vs_host(void)
{
    for (int op = 0; op < OP_COUNT; op++) {
        for (int m = 0; m < 4; m++) {
            for (int i = 0; i < N_RANDOM; i++) {
                uint64_t a, b, c;
                uint8_t hf;
                rnd_operands(op, 11, 52, &a, &b, &c);
                double h = host_f64(op, u2d(a), u2d(b), u2d(c), host_modes[m], &hf);
                FpStatus s = { .rm = (uint8_t)m };
                uint64_t r = soft_f64(op, a, b, c, &s);
                bool inf_zero = (isinf(u2d(a)) && u2d(b) == 0) || (u2d(a) == 0 && isinf(u2d(b)));
                if (nan_case_differs(op, inf_zero, isnan(u2d(c)))) {
                    continue;
                }
                bool ok = isnan(h) ? r == F64_DEFAULT_NAN : r == d2u(h);
                if (!ok || s.flags != hf) {
                    REPORT("  f64 %s rm=%d %016" PRIx64 " %016" PRIx64 " %016" PRIx64
                           ": got %016" PRIx64 "/%02x host %016" PRIx64 "/%02x\n",
                           op_names[op], m, a, b, c, r, s.flags, d2u(h), hf);
                }
                /* NX already accrued: the host fast path may be taken */
                FpStatus s2 = { .rm = (uint8_t)m, .flags = FP_FLAG_NX };
                uint64_t r2 = soft_f64(op, a, b, c, &s2);
                if (r2 != r || s2.flags != (s.flags | FP_FLAG_NX)) {
                    REPORT("  f64 %s rm=%d fast path %016" PRIx64 " %016" PRIx64 " %016" PRIx64
                           ": got %016" PRIx64 "/%02x\n", op_names[op], m, a, b, c, r2,
                           s2.flags);
                }
            }
        }
    }
}

static void test_f32_vs_host(void)
{
    for (int op = 0; op < OP_COUNT; op++) {
        for (int m = 0; m < 4; m++) {
            for (int i = 0; i < N_RANDOM; i++) {
                uint64_t a, b, c;
                uint8_t hf;
                rnd_operands(op, 8, 23, &a, &b, &c);
                float fa = u2f((uint32_t)a), fb = u2f((uint32_t)b), fc = u2f((uint32_t)c);
                float h = host_f32(op, fa, fb, fc, host_modes[m], &hf);
                FpStatus s = { .rm = (uint8_t)m };
                uint32_t r = soft_f32(op, (uint32_t)a, (uint32_t)b, (uint32_t)c, &s);
                bool inf_zero = (isinf(fa) && fb == 0) || (fa == 0 && isinf(fb));
                if (nan_case_differs(op, inf_zero, isnan(fc))) {
                    continue;
                }
                bool ok = isnan(h) ? r == F32_DEFAULT_NAN : r == f2u(h);
                if (!ok || s.flags != hf) {
                    REPORT("  f32 %s rm=%d %08x %08x %08x: got %08x/%02x host %08x/%02x\n",
                           op_names[op], m, (uint32_t)a, (uint32_t)b, (uint32_t)c, r,
                           s.flags, f2u(h), hf);
                }
                FpStatus s2 = { .rm = (uint8_t)m, .flags = FP_FLAG_NX };
                uint32_t r2 = soft_f32(op, (uint32_t)a, (uint32_t)b, (uint32_t)c, &s2);
                if (r2 != r || s2.flags != (s.flags | FP_FLAG_NX)) {
                    REPORT("  f32 %s rm=%d fast path %08x %08x %08x: got %08x/%02x\n",
                           op_names[op], m, (uint32_t)a, (uint32_t)b, (uint32_t)c, r2,
                           s2.flags);
                }
            }
        }
    }
}

/*
 * RMM: a tie needs the exact result to fit in precision + 1 bits, so it is
 * exact in the wider host type.  If the wide op is exact and its value is
 * halfway between the two neighbours in the narrow format, RMM must equal the
 * host's rounding away from zero; otherwise it equals the host's RNE.
 */
static void test_f32_rmm(void)
{
    for (int op = 0; op < OP_COUNT; op++) {
        for (int i = 0; i < N_RANDOM; i++) {
            uint64_t a, b, c;
            uint8_t hf, wf;
            rnd_operands(op, 8, 23, &a, &b, &c);
            /* prefer short significands so ties are common */
            if (rnd() & 1) {
                a &= ~0xfffULL;
                b &= ~0xfffULL;
            }
            float fa = u2f((uint32_t)a), fb = u2f((uint32_t)b), fc = u2f((uint32_t)c);
            bool inf_zero = (isinf(fa) && fb == 0) || (fa == 0 && isinf(fb));
            if (nan_case_differs(op, inf_zero, isnan(fc))) {
                continue;
            }
            double w = host_f64(op, fa, fb, fc, FE_TONEAREST, &wf);
            float h = host_f32(op, fa, fb, fc, FE_TONEAREST, &hf);
            if (!(wf & FP_FLAG_NX) && isfinite(w) && w != 0) {
                volatile double vw = w;
                fesetround(FE_DOWNWARD);
                float lo = (float)vw;
                fesetround(FE_UPWARD);
                float hi = (float)vw;
                fesetround(FE_TONEAREST);
                if (lo != hi && isfinite(lo) && isfinite(hi) && w - lo == hi - w) {
                    h = host_f32(op, fa, fb, fc, w > 0 ? FE_UPWARD : FE_DOWNWARD, &hf);
                }
            }
            FpStatus s = { .rm = FP_RMM };
            uint32_t r = soft_f32(op, (uint32_t)a, (uint32_t)b, (uint32_t)c, &s);
            bool ok = isnan(h) ? r == F32_DEFAULT_NAN : r == f2u(h);
            if (!ok || s.flags != hf) {
                REPORT("  f32 rmm %s %08x %08x %08x: got %08x/%02x want %08x/%02x\n",
                       op_names[op], (uint32_t)a, (uint32_t)b, (uint32_t)c, r, s.flags,
                       f2u(h), hf);
            }
        }
    }
}

static void test_f64_rmm(void)
{
    for (int op = 0; op < OP_COUNT; op++) {
        for (int i = 0; i < N_RANDOM; i++) {
            uint64_t a, b, c;
            uint8_t hf, wf;
            rnd_operands(op, 11, 52, &a, &b, &c);
            if (rnd() & 1) {
                a &= ~0xffffffULL;
                b &= ~0xffffffULL;
            }
            double fa = u2d(a), fb = u2d(b), fc = u2d(c);
            bool inf_zero = (isinf(fa) && fb == 0) || (fa == 0 && isinf(fb));
            if (nan_case_differs(op, inf_zero, isnan(fc))) {
                continue;
            }
            long double w = host_f80(op, fa, fb, fc, FE_TONEAREST, &wf);
            double h = host_f64(op, fa, fb, fc, FE_TONEAREST, &hf);
            if (!(wf & FP_FLAG_NX) && isfinite(w) && w != 0) {
                volatile long double vw = w;
                fesetround(FE_DOWNWARD);
                double lo = (double)vw;
                fesetround(FE_UPWARD);
                double hi = (double)vw;
                fesetround(FE_TONEAREST);
                if (lo != hi && isfinite(lo) && isfinite(hi) && w - lo == hi - w) {
                    h = host_f64(op, fa, fb, fc, w > 0 ? FE_UPWARD : FE_DOWNWARD, &hf);
                }
            }
            FpStatus s = { .rm = FP_RMM };
            uint64_t r = soft_f64(op, a, b, c, &s);
            bool ok = isnan(h) ? r == F64_DEFAULT_NAN : r == d2u(h);
            if (!ok || s.flags != hf) {
                REPORT("  f64 rmm %s %016" PRIx64 " %016" PRIx64 " %016" PRIx64
                       ": got %016" PRIx64 "/%02x want %016" PRIx64 "/%02x\n",
                       op_names[op], a, b, c, r, s.flags, d2u(h), hf);
            }
        }
    }
}

/*
 * Float -> integer reference: rint() in the host mode, then a range check.
 * Called through a volatile pointer: gcc's inline expansion of rint assumes
 * round-to-nearest unless -frounding-math.
 */
static double (*volatile host_rint)(double) = rint;

static uint64_t ref_to_int(double x, int mode, int kind, uint8_t *fl)
{
    static const double lo[4] = { -2147483648.0, 0, -9223372036854775808.0, 0 };
    static const double hi[4] = { 2147483648.0, 4294967296.0, 9223372036854775808.0,
                                  18446744073709551616.0 };
    static const uint64_t maxv[4] = { INT32_MAX, UINT32_MAX, INT64_MAX, UINT64_MAX };
    static const uint64_t minv[4] = { (uint64_t)INT32_MIN, 0, (uint64_t)INT64_MIN, 0 };
    volatile double vx = x, r;

    if (isnan(x)) {
        *fl = FP_FLAG_NV;
        return maxv[kind];
    }
    fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    r = host_rint(vx);
    *fl = host_flags() & FP_FLAG_NX;
    fesetround(FE_TONEAREST);
    if (r < lo[kind] || r >= hi[kind]) {
        *fl = FP_FLAG_NV;
        return r < 0 ? minv[kind] : maxv[kind];
    }
    if (kind & 1) {
        return r >= 9223372036854775808.0 ? (uint64_t)(r - 9223372036854775808.0) + (1ULL << 63)
                                          : (uint64_t)(int64_t)r;
    }
    return (uint64_t)(int64_t)r;
}

static uint64_t soft_to_int(uint64_t a, int fmt, int kind, int rm, FpStatus *s)
{
    if (fmt == 64) {
        switch (kind) {
        case 0: return (uint64_t)(int64_t)f64_to_i32(a, rm, s);
        case 1: return f64_to_u32(a, rm, s);
        case 2: return (uint64_t)f64_to_i64(a, rm, s);
        default: return f64_to_u64(a, rm, s);
        }
    }
    switch (kind) {
    case 0: return (uint64_t)(int64_t)f32_to_i32((uint32_t)a, rm, s);
    case 1: return f32_to_u32((uint32_t)a, rm, s);
    case 2: return (uint64_t)f32_to_i64((uint32_t)a, rm, s);
    default: return f32_to_u64((uint32_t)a, rm, s);
    }
}

static void test_to_int_vs_host(void)
{
    for (int fmt = 32; fmt <= 64; fmt += 32) {
        for (int kind = 0; kind < 4; kind++) {
            for (int m = 0; m < 4; m++) {
                for (int i = 0; i < N_RANDOM / 2; i++) {
                    uint64_t a;
                    double x;
                    if (fmt == 64) {
                        a = (rnd() & 3) ? rnd_float_near(11, 52, 1023 + rnd_below(130))
                                        : rnd_float(11, 52);
                        x = u2d(a);
                    } else {
                        a = (rnd() & 3) ? rnd_float_near(8, 23, 127 + rnd_below(130))
                                        : rnd_float(8, 23);
                        x = u2f((uint32_t)a);
                    }
                    uint8_t hf;
                    uint64_t want = ref_to_int(x, host_modes[m], kind, &hf);
                    FpStatus s = { FP_RNE, 0 };
                    uint64_t got = soft_to_int(a, fmt, kind, m, &s);
                    if (kind == 0) {
                        want = (uint64_t)(int64_t)(int32_t)want;
                    }
                    if (got != want || s.flags != hf) {
                        REPORT("  f%d to int kind %d rm=%d %016" PRIx64 ": got %" PRIx64
                               "/%02x want %" PRIx64 "/%02x\n", fmt, kind, m, a, got,
                               s.flags, want, hf);
                    }
                }
            }
        }
    }
}

/* u64 -> floating point done explicitly: clang's sequence yields -0 for 0 in RDN. */
static double host_u64_to_f64(uint64_t v)
{
    volatile int64_t half = (int64_t)((v >> 1) | (v & 1));
    volatile double d;
    if ((int64_t)v >= 0) {
        half = (int64_t)v;
        return (double)half;
    }
    d = (double)half;
    return d + d;
}

static float host_u64_to_f32(uint64_t v)
{
    volatile int64_t half = (int64_t)((v >> 1) | (v & 1));
    volatile float d;
    if ((int64_t)v >= 0) {
        half = (int64_t)v;
        return (float)half;
    }
    d = (float)half;
    return d + d;
}

static void test_from_int_and_convert_vs_host(void)
{
    for (int m = 0; m < 4; m++) {
        for (int i = 0; i < N_RANDOM; i++) {
            uint64_t v = rnd() >> rnd_below(64);
            if (rnd() & 1) {
                v = (v >> rnd_below(64)) << rnd_below(64);
            }
            volatile int64_t vi = (int64_t)v;
            volatile uint64_t vu = v;
            volatile int32_t vi32 = (int32_t)v;
            volatile uint32_t vu32 = (uint32_t)v;
            volatile double r;
            volatile float rf;
            uint8_t hf;
            FpStatus s;
#define CONV_CHECK(expr_host, soft_call, tou, name)                            \
            do {                                                               \
                fesetround(host_modes[m]);                                     \
                feclearexcept(FE_ALL_EXCEPT);                                  \
                expr_host;                                                     \
                hf = host_flags();                                             \
                fesetround(FE_TONEAREST);                                      \
                s = (FpStatus){ (uint8_t)m, 0 };                               \
                uint64_t got_ = soft_call;                                     \
                if (got_ != (tou) || s.flags != hf) {                          \
                    REPORT("  %s rm=%d %016" PRIx64 ": got %" PRIx64 "/%02x want %" \
                           PRIx64 "/%02x\n", name, m, v, got_, s.flags,        \
                           (uint64_t)(tou), hf);                               \
                }                                                              \
            } while (0)
            CONV_CHECK(r = (double)vi, i64_to_f64(vi, &s), d2u(r), "i64_to_f64");
            CONV_CHECK(r = host_u64_to_f64(vu), u64_to_f64(vu, &s), d2u(r), "u64_to_f64");
            CONV_CHECK(r = (double)vi32, i32_to_f64(vi32, &s), d2u(r), "i32_to_f64");
            CONV_CHECK(r = (double)(int64_t)vu32, u32_to_f64(vu32, &s), d2u(r), "u32_to_f64");
            CONV_CHECK(rf = (float)vi, i64_to_f32(vi, &s), f2u(rf), "i64_to_f32");
            CONV_CHECK(rf = host_u64_to_f32(vu), u64_to_f32(vu, &s), f2u(rf), "u64_to_f32");
            CONV_CHECK(rf = (float)vi32, i32_to_f32(vi32, &s), f2u(rf), "i32_to_f32");
            CONV_CHECK(rf = (float)(int64_t)vu32, u32_to_f32(vu32, &s), f2u(rf), "u32_to_f32");

            uint64_t a = (rnd() & 1) ? rnd_float(11, 52) : rnd_float_near(11, 52, 1023 - 126 -
                                                                          rnd_below(30));
            volatile double x = u2d(a);
            fesetround(host_modes[m]);
            feclearexcept(FE_ALL_EXCEPT);
            rf = (float)x;
            hf = host_flags();
            fesetround(FE_TONEAREST);
            s = (FpStatus){ (uint8_t)m, 0 };
            uint32_t n = f64_to_f32(a, &s);
            if ((isnan(rf) ? n != F32_DEFAULT_NAN : n != f2u(rf)) || s.flags != hf) {
                REPORT("  f64_to_f32 rm=%d %016" PRIx64 ": got %08x/%02x want %08x/%02x\n",
                       m, a, n, s.flags, f2u(rf), hf);
            }
            uint32_t a32 = (uint32_t)rnd_float(8, 23);
            volatile float y = u2f(a32);
            feclearexcept(FE_ALL_EXCEPT);
            r = (double)y;
            hf = host_flags();
            s = (FpStatus){ (uint8_t)m, 0 };
            uint64_t wide = f32_to_f64(a32, &s);
            if ((isnan(r) ? wide != F64_DEFAULT_NAN : wide != d2u(r)) || s.flags != hf) {
                REPORT("  f32_to_f64 %08x: got %016" PRIx64 "/%02x want %016" PRIx64 "/%02x\n",
                       a32, wide, s.flags, d2u(r), hf);
            }
        }
    }
}

/* ---------------- binary16 ---------------- */

static double f16_value(uint16_t h)
{
    int e = (h >> 10) & 0x1f, f = h & 0x3ff;
    double v;
    if (e == 0x1f) {
        v = f ? NAN : INFINITY;
    } else if (e == 0) {
        v = ldexp(f, -24);
    } else {
        v = ldexp(f | 0x400, e - 25);
    }
    return (h & 0x8000) ? -v : v;
}

static bool rounds_away(int rm, bool neg, long double ax, long double lo, long double hi,
                        uint16_t lo_bits)
{
    long double mid = (lo + hi) / 2;
    switch (rm) {
    case FP_RTZ: return false;
    case FP_RDN: return neg;
    case FP_RUP: return !neg;
    case FP_RMM: return ax >= mid;
    default: return ax > mid || (ax == mid && (lo_bits & 1));
    }
}

/*
 * Independent binary16 rounding of x by search in the table of all binary16
 * magnitudes.  x must be exact, or rounded from the exact value in the same
 * direction (directed modes), or to nearest with >= 24 bits (nearest modes),
 * or to odd with >= 13 bits (any mode).
 */
static uint16_t ref_f16(long double x, int rm, uint8_t *fl)
{
    *fl = 0;
    if (isnan(x)) {
        return F16_DEFAULT_NAN;
    }
    bool neg = signbit(x);
    uint16_t sign = neg ? 0x8000 : 0;
    long double ax = fabsl(x);
    if (isinf(x)) {
        return sign | 0x7c00;
    }
    if (ax == 0) {
        return sign;
    }
    if (ax >= 65536.0) {
        *fl = FP_FLAG_OF | FP_FLAG_NX;
        return sign | (rounds_away(rm, neg, 3, 0, 4, 0) ? 0x7c00 : 0x7bff);
    }
    int lo = 0, hi = 0x7c00;    /* magnitude(lo) <= ax < magnitude(hi); 0x7c00 acts as 2^16 */
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (f16_value((uint16_t)mid) <= ax) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    long double vlo = f16_value((uint16_t)lo);
    long double vhi = lo + 1 == 0x7c00 ? 65536.0 : f16_value((uint16_t)(lo + 1));
    if (vlo == ax) {
        return sign | (uint16_t)lo;
    }
    *fl = FP_FLAG_NX;
    int r = rounds_away(rm, neg, ax, vlo, vhi, (uint16_t)lo) ? lo + 1 : lo;
    if (r == 0x7c00) {
        *fl |= FP_FLAG_OF;
    }
    /* tininess after rounding: round to 11 bits with unbounded exponent */
    bool tiny = ax < ldexpl(1, -14);
    if (tiny && ax >= ldexpl(1, -15)) {
        long double mant = ldexpl(ax, 25), fl_ = floorl(mant);
        bool up = mant != fl_ && rounds_away(rm, neg, mant, fl_, fl_ + 1, (uint16_t)fl_);
        tiny = fl_ + up < 2048;
    }
    if (tiny) {
        *fl |= FP_FLAG_UF;
    }
    return sign | (uint16_t)r;
}

static uint16_t rnd_f16(void)
{
    return (uint16_t)rnd_float(5, 10);
}

static void test_f16_vs_reference(void)
{
    for (int op = 0; op < OP_COUNT; op++) {
        for (int m = 0; m < 5; m++) {
            for (int i = 0; i < N_RANDOM / 2; i++) {
                uint64_t a, b, c;
                rnd_operands(op, 5, 10, &a, &b, &c);
                double x = f16_value((uint16_t)a), y = f16_value((uint16_t)b);
                double z = f16_value((uint16_t)c);
                bool snan = f16_is_snan((uint16_t)a) ||
                            (op != OP_SQRT && f16_is_snan((uint16_t)b)) ||
                            (op >= OP_FMADD && f16_is_snan((uint16_t)c));
                uint8_t wf, rf;
                /* RMM/RNE: nearest in double is innocuous; directed: same direction */
                long double w = host_f64(op, x, y, z, host_modes[m == FP_RMM ? 0 : m], &wf);
                if (op >= OP_FMADD) {
                    if (isnan(x) || isnan(y) || isnan(z) || !(LDBL_MANT_DIG == 64)) {
                        continue;   /* checked by hand cases instead */
                    }
                    /* x87 extended; if inexact, truncated and made odd: round to odd */
                    w = host_f80(op, x, y, z, host_modes[m == FP_RMM ? 0 : m], &wf);
                    if ((wf & FP_FLAG_NX) && isfinite(w)) {
                        w = host_f80(op, x, y, z, FE_TOWARDZERO, &wf);
                        uint64_t mant;
                        memcpy(&mant, &w, 8);
                        mant |= 1;
                        memcpy(&w, &mant, 8);
                    }
                }
                uint16_t want = ref_f16(w, m, &rf);
                uint8_t want_fl = rf | (wf & (FP_FLAG_NX | FP_FLAG_NV | FP_FLAG_DZ)) |
                                  (snan ? FP_FLAG_NV : 0);
                FpStatus s = { (uint8_t)m, 0 };
                uint16_t r = soft_f16(op, (uint16_t)a, (uint16_t)b, (uint16_t)c, &s);
                if (r != want || s.flags != want_fl) {
                    REPORT("  f16 %s rm=%d %04x %04x %04x: got %04x/%02x want %04x/%02x\n",
                           op_names[op], m, (unsigned)a, (unsigned)b, (unsigned)c, r,
                           s.flags, want, want_fl);
                }
            }
        }
    }
}

static void test_f16_conversions(void)
{
    FpStatus s;
    uint8_t rf;

    /* every binary16 value widens exactly */
    for (uint32_t h = 0; h < 0x10000; h++) {
        s = (FpStatus){ FP_RNE, 0 };
        uint64_t d = f16_to_f64((uint16_t)h, &s);
        uint32_t f = f16_to_f32((uint16_t)h, &s);
        double v = f16_value((uint16_t)h);
        if (isnan(v)) {
            CHECK_EQ(d, F64_DEFAULT_NAN);
            CHECK_EQ(f, F32_DEFAULT_NAN);
            CHECK_EQ(s.flags, f16_is_snan((uint16_t)h) ? FP_FLAG_NV : 0);
        } else {
            CHECK_EQ(d, d2u(v));
            CHECK_EQ(f, f2u((float)v));
            CHECK_EQ(s.flags, 0);
        }
        if (harness_failed_now) {
            printf("  at %04x\n", h);
            return;
        }
    }
    for (int m = 0; m < 5; m++) {
        for (int i = 0; i < N_RANDOM; i++) {
            /* doubles and floats around the binary16 range */
            uint64_t a = (rnd() & 3) ? rnd_float_near(11, 52, 1023 - 26 + rnd_below(44))
                                     : rnd_float(11, 52);
            uint16_t want = ref_f16(u2d(a), m, &rf);
            if (f64_is_snan(a)) {
                rf |= FP_FLAG_NV;
            }
            s = (FpStatus){ (uint8_t)m, 0 };
            uint16_t got = f64_to_f16(a, &s);
            if (got != want || s.flags != rf) {
                REPORT("  f64_to_f16 rm=%d %016" PRIx64 ": got %04x/%02x want %04x/%02x\n", m,
                       a, got, s.flags, want, rf);
            }
            uint32_t a32 = (uint32_t)((rnd() & 3) ? rnd_float_near(8, 23, 127 - 26 +
                                                                   rnd_below(44))
                                                  : rnd_float(8, 23));
            want = ref_f16(u2f(a32), m, &rf);
            if (f32_is_snan(a32)) {
                rf |= FP_FLAG_NV;
            }
            s = (FpStatus){ (uint8_t)m, 0 };
            got = f32_to_f16(a32, &s);
            if (got != want || s.flags != rf) {
                REPORT("  f32_to_f16 rm=%d %08x: got %04x/%02x want %04x/%02x\n", m, a32, got,
                       s.flags, want, rf);
            }
            /* integers: exact in double below 2^53, overflow above 2^16 anyway */
            int64_t v = (int64_t)(rnd() >> rnd_below(64)) * ((rnd() & 1) ? -1 : 1);
            want = ref_f16((double)v, m, &rf);
            s = (FpStatus){ (uint8_t)m, 0 };
            got = i64_to_f16(v, &s);
            if (got != want || s.flags != rf) {
                REPORT("  i64_to_f16 rm=%d %" PRId64 ": got %04x/%02x want %04x/%02x\n", m, v,
                       got, s.flags, want, rf);
            }
        }
    }
}

/* f16 compare/min/max/to-int agree with the same op on the exactly widened f32. */
static void test_f16_vs_f32(void)
{
    for (int i = 0; i < 4 * N_RANDOM; i++) {
        uint16_t a = rnd_f16(), b = (rnd() & 3) ? rnd_f16() : a ^ (uint16_t)(rnd() & 0x8001);
        FpStatus s16 = { FP_RNE, 0 }, s32 = { FP_RNE, 0 }, w = { FP_RNE, 0 };
        uint32_t fa = f16_to_f32(a, &w), fb = f16_to_f32(b, &w);
        /* widening quiets sNaNs: keep signalling-ness for the f32 side */
        if (f16_is_snan(a)) {
            fa = 0x7f800001;
        }
        if (f16_is_snan(b)) {
            fb = 0x7f800001;
        }
        bool ok = f16_eq(a, b, &s16) == f32_eq(fa, fb, &s32) &&
                  f16_lt(a, b, &s16) == f32_lt(fa, fb, &s32) &&
                  f16_le(a, b, &s16) == f32_le(fa, fb, &s32);
        uint16_t mn = f16_min(a, b, &s16), mx = f16_max(a, b, &s16);
        ok = ok && f16_to_f32(mn, &w) == f32_min(fa, fb, &s32);
        ok = ok && f16_to_f32(mx, &w) == f32_max(fa, fb, &s32);
        int rm = (int)rnd_below(5);
        ok = ok && f16_to_i32(a, rm, &s16) == f32_to_i32(fa, rm, &s32);
        ok = ok && f16_to_u64(a, rm, &s16) == f32_to_u64(fa, rm, &s32);
        ok = ok && s16.flags == s32.flags;
        if (!ok) {
            REPORT("  f16 vs f32 %04x %04x\n", a, b);
        }
    }
}

/*
 * The host comparisons assume x86-64: SSE rounding with tininess after
 * rounding (as RISC-V), x87 extended precision for the wider references.
 */
#if defined(__x86_64__)
#define RUN_HOST_TEST(fn) RUN_TEST(fn)
#else
#define RUN_HOST_TEST(fn) \
    do { (void)fn; printf("SKIP %s: needs an x86-64 host FPU as reference\n", #fn); } while (0)
#endif

int main(void)
{
    RUN_TEST(test_f64_cases);
    RUN_TEST(test_f32_f16_cases);
    RUN_TEST(test_minmax_compare_classify);
    RUN_TEST(test_int_conversions_cases);
    RUN_HOST_TEST(test_f64_vs_host);
    RUN_HOST_TEST(test_f32_vs_host);
    RUN_HOST_TEST(test_f64_rmm);
    RUN_HOST_TEST(test_f32_rmm);
    RUN_HOST_TEST(test_to_int_vs_host);
    RUN_HOST_TEST(test_from_int_and_convert_vs_host);
    RUN_HOST_TEST(test_f16_vs_reference);
    RUN_TEST(test_f16_conversions);
    RUN_TEST(test_f16_vs_f32);
    HARNESS_EXIT();
}
