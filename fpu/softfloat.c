/*
 * Software IEEE 754 arithmetic for binary16/32/64 with RISC-V semantics.
 *
 * Every operation unpacks its operands into (sign, class, exponent, integer
 * significand) with value = sig * 2^exp, computes the exact result or a
 * truncated one whose lowest bit is "sticky" (set if anything non-zero was
 * dropped), and hands it to round_pack(), the single rounding routine shared
 * by all formats.  The formats differ only in their (exponent bits, fraction
 * bits) pair, which is a compile-time constant in each public wrapper so the
 * compiler specialises the generic code per format.
 *
 * The sticky-bit convention needs at least fraction bits + 3 significant bits
 * whenever a sticky bit is present, so the rounding position, the round bit
 * and the sticky bit are distinct; every caller guarantees that.
 */
#include "fpu/softfloat.h"

#include <string.h>

typedef unsigned __int128 u128;

#define INLINE static inline __attribute__((always_inline))

typedef struct Fmt {
    int ebits;          /* exponent field width */
    int mbits;          /* fraction field width (without the implicit bit) */
} Fmt;

#define FMT_F16 ((Fmt){ 5, 10 })
#define FMT_F32 ((Fmt){ 8, 23 })
#define FMT_F64 ((Fmt){ 11, 52 })

enum { CLS_ZERO, CLS_FINITE, CLS_INF, CLS_QNAN, CLS_SNAN };

typedef struct Unpacked {
    bool sign;
    uint8_t cls;
    int32_t exp;        /* value = sig * 2^exp for CLS_FINITE */
    uint64_t sig;
} Unpacked;

INLINE int fmt_bias(Fmt f) { return (1 << (f.ebits - 1)) - 1; }
INLINE int fmt_signpos(Fmt f) { return f.ebits + f.mbits; }
INLINE uint64_t fmt_signbit(Fmt f) { return 1ULL << fmt_signpos(f); }
INLINE uint64_t fmt_expmax(Fmt f) { return (1ULL << f.ebits) - 1; }
INLINE uint64_t pack_inf(Fmt f, bool sign)
{
    return ((uint64_t)sign << fmt_signpos(f)) | (fmt_expmax(f) << f.mbits);
}
INLINE uint64_t pack_zero(Fmt f, bool sign) { return (uint64_t)sign << fmt_signpos(f); }
INLINE uint64_t default_nan(Fmt f)
{
    return (fmt_expmax(f) << f.mbits) | (1ULL << (f.mbits - 1));
}

INLINE int clz64(uint64_t x) { return __builtin_clzll(x); }
INLINE int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? clz64(hi) : 64 + clz64((uint64_t)x);
}

/* Shift right by n, OR-ing every dropped bit into bit 0. */
INLINE uint64_t shr_jam64(uint64_t x, int32_t n)
{
    if (n == 0) {
        return x;
    }
    if (n >= 64) {
        return x != 0;
    }
    return (x >> n) | ((x << (64 - n)) != 0);
}

INLINE u128 shr_jam128(u128 x, int32_t n)
{
    if (n == 0) {
        return x;
    }
    if (n >= 128) {
        return x != 0;
    }
    return (x >> n) | ((x << (128 - n)) != 0);
}

/* Reduce a 128-bit significand to 64 bits (sticky), adjusting *exp. */
INLINE uint64_t fold128(u128 x, int32_t *exp)
{
    uint64_t hi = (uint64_t)(x >> 64);
    if (hi == 0) {
        return (uint64_t)x;
    }
    int sh = 64 - clz64(hi);
    *exp += sh;
    return (uint64_t)(x >> sh) | (((uint64_t)x << (64 - sh)) != 0);
}

INLINE Unpacked unpack(Fmt f, uint64_t a)
{
    const int m = f.mbits;
    uint64_t e = (a >> m) & fmt_expmax(f);
    uint64_t frac = a & ((1ULL << m) - 1);
    Unpacked u = { .sign = (a >> fmt_signpos(f)) & 1, .exp = 0, .sig = 0 };

    if (e == fmt_expmax(f)) {
        u.cls = frac == 0 ? CLS_INF : ((frac >> (m - 1)) & 1) ? CLS_QNAN : CLS_SNAN;
    } else if (e == 0) {
        u.cls = frac == 0 ? CLS_ZERO : CLS_FINITE;
        u.sig = frac;
        u.exp = 1 - fmt_bias(f) - m;
    } else {
        u.cls = CLS_FINITE;
        u.sig = frac | (1ULL << m);
        u.exp = (int32_t)e - fmt_bias(f) - m;
    }
    return u;
}

/* Should a value truncated to q (round bit rb, sticky st) be incremented? */
INLINE bool round_up(int rm, bool sign, uint64_t q, bool rb, bool st)
{
    switch (rm) {
    case FP_RTZ:
        return false;
    case FP_RDN:
        return sign && (rb || st);
    case FP_RUP:
        return !sign && (rb || st);
    case FP_RMM:
        return rb;
    default:
        return rb && (st || (q & 1));
    }
}

/* sig >> shift (shift >= 1), rounded in magnitude per rm for the given sign. */
INLINE uint64_t round_shift(uint64_t sig, int32_t shift, int rm, bool sign, bool *inexact)
{
    uint64_t q;
    bool rb, st;

    if (shift < 64) {
        q = sig >> shift;
        rb = (sig >> (shift - 1)) & 1;
        st = (sig & ((1ULL << (shift - 1)) - 1)) != 0;
    } else if (shift == 64) {
        q = 0;
        rb = sig >> 63;
        st = (sig << 1) != 0;
    } else {
        q = 0;
        rb = false;
        st = sig != 0;
    }
    *inexact = rb || st;
    return q + round_up(rm, sign, q, rb, st);
}

INLINE bool overflow_to_inf(int rm, bool sign)
{
    switch (rm) {
    case FP_RTZ:
        return false;
    case FP_RDN:
        return sign;
    case FP_RUP:
        return !sign;
    default:
        return true;
    }
}

/*
 * Round sig * 2^exp (sig != 0, bit 0 possibly sticky) to format f and pack.
 * Tininess is detected after rounding, i.e. on the value rounded to the
 * format's precision with an unbounded exponent range (RISC-V, like x86 SSE).
 */
INLINE uint64_t round_pack(Fmt f, bool sign, int32_t exp, uint64_t sig, FpStatus *s)
{
    const int m = f.mbits;
    const int bias = fmt_bias(f);
    const int emin = 1 - bias;
    const uint64_t signbit = (uint64_t)sign << fmt_signpos(f);
    int lz = clz64(sig);
    int32_t e = exp + 63 - lz;          /* exponent of the leading bit */
    bool inexact;
    uint64_t q;

    sig <<= lz;
    if (e > bias) {
        goto overflow;
    }
    if (e >= emin) {
        q = round_shift(sig, 63 - m, s->rm, sign, &inexact);
        /* q in [2^m, 2^(m+1)]: adding it carries the implicit bit into the exponent */
        uint64_t bits = ((uint64_t)(e + bias - 1) << m) + q;
        if ((bits >> m) >= fmt_expmax(f)) {
            goto overflow;
        }
        if (inexact) {
            s->flags |= FP_FLAG_NX;
        }
        return signbit | bits;
    }

    bool tiny = true;
    if (e == emin - 1) {
        bool ignored;
        q = round_shift(sig, 63 - m, s->rm, sign, &ignored);
        tiny = (q >> (m + 1)) == 0;
    }
    /* Subnormal: q <= 2^m, and q == 2^m packs as the smallest normal. */
    q = round_shift(sig, 63 - m + (emin - e), s->rm, sign, &inexact);
    if (inexact) {
        s->flags |= FP_FLAG_NX | (tiny ? FP_FLAG_UF : 0);
    }
    return signbit | q;

overflow:
    s->flags |= FP_FLAG_OF | FP_FLAG_NX;
    if (overflow_to_inf(s->rm, sign)) {
        return pack_inf(f, sign);
    }
    return signbit | ((fmt_expmax(f) << m) - 1);
}

INLINE bool is_nan_cls(const Unpacked *u) { return u->cls >= CLS_QNAN; }

/* ---- add / sub ---- */

INLINE uint64_t gen_add(Fmt f, uint64_t a, uint64_t b, bool negb, FpStatus *s)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);

    y.sign ^= negb;
    if (is_nan_cls(&x) || is_nan_cls(&y)) {
        if (x.cls == CLS_SNAN || y.cls == CLS_SNAN) {
            s->flags |= FP_FLAG_NV;
        }
        return default_nan(f);
    }
    if (x.cls == CLS_INF) {
        if (y.cls == CLS_INF && x.sign != y.sign) {
            s->flags |= FP_FLAG_NV;
            return default_nan(f);
        }
        return a;
    }
    if (y.cls == CLS_INF) {
        return pack_inf(f, y.sign);
    }
    if (x.cls == CLS_ZERO) {
        if (y.cls == CLS_ZERO) {
            return pack_zero(f, x.sign == y.sign ? x.sign : s->rm == FP_RDN);
        }
        return b ^ ((uint64_t)negb << fmt_signpos(f));
    }
    if (y.cls == CLS_ZERO) {
        return a;
    }

    /* Both finite non-zero: align at bit 62 (one bit of carry room). */
    int lx = clz64(x.sig) - 1, ly = clz64(y.sig) - 1;
    x.sig <<= lx;
    x.exp -= lx;
    y.sig <<= ly;
    y.exp -= ly;
    if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) {
        Unpacked t = x;
        x = y;
        y = t;
    }
    /* x keeps zero low bits, so jamming y's dropped bits is exact enough */
    y.sig = shr_jam64(y.sig, x.exp - y.exp);
    if (x.sign == y.sign) {
        return round_pack(f, x.sign, x.exp, x.sig + y.sig, s);
    }
    uint64_t d = x.sig - y.sig;
    if (d == 0) {
        return pack_zero(f, s->rm == FP_RDN);
    }
    return round_pack(f, x.sign, x.exp, d, s);
}

/* ---- mul ---- */

INLINE uint64_t gen_mul(Fmt f, uint64_t a, uint64_t b, FpStatus *s)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);
    bool sign = x.sign ^ y.sign;

    if (is_nan_cls(&x) || is_nan_cls(&y)) {
        if (x.cls == CLS_SNAN || y.cls == CLS_SNAN) {
            s->flags |= FP_FLAG_NV;
        }
        return default_nan(f);
    }
    if (x.cls == CLS_INF || y.cls == CLS_INF) {
        if (x.cls == CLS_ZERO || y.cls == CLS_ZERO) {
            s->flags |= FP_FLAG_NV;
            return default_nan(f);
        }
        return pack_inf(f, sign);
    }
    if (x.cls == CLS_ZERO || y.cls == CLS_ZERO) {
        return pack_zero(f, sign);
    }
    int32_t e = x.exp + y.exp;
    uint64_t sig = fold128((u128)x.sig * y.sig, &e);
    return round_pack(f, sign, e, sig, s);
}

/* ---- div ---- */

/* (hi:lo) / d with hi < d, so the quotient fits in 64 bits. */
INLINE uint64_t div128by64(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__)
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    *rem = r;
    return q;
#else
    u128 n = ((u128)hi << 64) | lo;
    uint64_t q = (uint64_t)(n / d);
    *rem = (uint64_t)(n - (u128)q * d);
    return q;
#endif
}

INLINE uint64_t gen_div(Fmt f, uint64_t a, uint64_t b, FpStatus *s)
{
    Unpacked x = unpack(f, a), y = unpack(f, b);
    bool sign = x.sign ^ y.sign;

    if (is_nan_cls(&x) || is_nan_cls(&y)) {
        if (x.cls == CLS_SNAN || y.cls == CLS_SNAN) {
            s->flags |= FP_FLAG_NV;
        }
        return default_nan(f);
    }
    if (x.cls == CLS_INF) {
        if (y.cls == CLS_INF) {
            s->flags |= FP_FLAG_NV;
            return default_nan(f);
        }
        return pack_inf(f, sign);
    }
    if (y.cls == CLS_INF) {
        return pack_zero(f, sign);
    }
    if (y.cls == CLS_ZERO) {
        if (x.cls == CLS_ZERO) {
            s->flags |= FP_FLAG_NV;
            return default_nan(f);
        }
        s->flags |= FP_FLAG_DZ;
        return pack_inf(f, sign);
    }
    if (x.cls == CLS_ZERO) {
        return pack_zero(f, sign);
    }
    int lx = clz64(x.sig), ly = clz64(y.sig);
    x.sig <<= lx;
    y.sig <<= ly;
    /* (x.sig << 63) / y.sig lies in (2^62, 2^64) */
    uint64_t rem;
    uint64_t q = div128by64(x.sig >> 1, x.sig << 63, y.sig, &rem);
    q |= rem != 0;
    return round_pack(f, sign, (x.exp - lx) - (y.exp - ly) - 63, q, s);
}

/* ---- sqrt ---- */

/* floor(sqrt(n)) for n in [2^124, 2^126); *exact tells whether the root is exact. */
static uint64_t isqrt128(u128 n, bool *exact)
{
    /*
     * Estimate from the top 64 bits with the host's double sqrt (any mode:
     * it is only an estimate, within ~2^11 of the root), one 128-bit Newton
     * step (error < 1), then exact +-1 correction.
     */
    uint64_t top = (uint64_t)(n >> 62);
    uint64_t r = (uint64_t)(__builtin_sqrt((double)top) * 0x1p31);
    uint64_t rem;
    uint64_t q = div128by64((uint64_t)(n >> 64), (uint64_t)n, r, &rem);

    r = (uint64_t)(((u128)r + q) >> 1);
    while ((u128)r * r > n) {
        r--;
    }
    while ((u128)(r + 1) * (r + 1) <= n) {
        r++;
    }
    *exact = (u128)r * r == n;
    return r;
}

INLINE uint64_t gen_sqrt(Fmt f, uint64_t a, FpStatus *s)
{
    Unpacked x = unpack(f, a);

    if (is_nan_cls(&x)) {
        if (x.cls == CLS_SNAN) {
            s->flags |= FP_FLAG_NV;
        }
        return default_nan(f);
    }
    if (x.cls == CLS_ZERO) {
        return a;
    }
    if (x.sign) {
        s->flags |= FP_FLAG_NV;
        return default_nan(f);
    }
    if (x.cls == CLS_INF) {
        return a;
    }
    int lz = clz64(x.sig);
    int32_t e = x.exp - lz;
    int sh = (e & 1) ? 61 : 62;     /* make the exponent even; n in [2^124, 2^126) */
    u128 n = (u128)(x.sig << lz) << sh;
    bool exact;
    uint64_t r = isqrt128(n, &exact);
    return round_pack(f, false, (e - sh) / 2, r | !exact, s);
}

/* ---- fused multiply-add ---- */

INLINE uint64_t gen_muladd(Fmt f, uint64_t a, uint64_t b, uint64_t c, int neg, FpStatus *s)
{
    Unpacked x = unpack(f, a), y = unpack(f, b), z = unpack(f, c);
    bool ps = x.sign ^ y.sign ^ !!(neg & FP_NEG_PRODUCT);
    bool negc = !!(neg & FP_NEG_ADDEND);

    z.sign ^= negc;
    if (x.cls == CLS_SNAN || y.cls == CLS_SNAN || z.cls == CLS_SNAN) {
        s->flags |= FP_FLAG_NV;
    }
    /* RISC-V: inf * 0 is invalid even when the addend is a quiet NaN */
    if ((x.cls == CLS_INF && y.cls == CLS_ZERO) || (x.cls == CLS_ZERO && y.cls == CLS_INF)) {
        s->flags |= FP_FLAG_NV;
        return default_nan(f);
    }
    if (is_nan_cls(&x) || is_nan_cls(&y) || is_nan_cls(&z)) {
        return default_nan(f);
    }
    if (x.cls == CLS_INF || y.cls == CLS_INF) {
        if (z.cls == CLS_INF && z.sign != ps) {
            s->flags |= FP_FLAG_NV;
            return default_nan(f);
        }
        return pack_inf(f, ps);
    }
    if (z.cls == CLS_INF) {
        return pack_inf(f, z.sign);
    }
    if (x.cls == CLS_ZERO || y.cls == CLS_ZERO) {
        if (z.cls == CLS_ZERO) {
            return pack_zero(f, ps == z.sign ? ps : s->rm == FP_RDN);
        }
        return c ^ ((uint64_t)negc << fmt_signpos(f));
    }

    u128 p = (u128)x.sig * y.sig;
    int32_t pe = x.exp + y.exp;
    if (z.cls == CLS_ZERO) {
        uint64_t sig = fold128(p, &pe);
        return round_pack(f, ps, pe, sig, s);
    }
    /* Align both at bit 125; the larger keeps >= 19 zero low bits. */
    int lp = clz128(p) - 2;
    p <<= lp;
    pe -= lp;
    int lz = clz64(z.sig) + 64 - 2;
    u128 zs = (u128)z.sig << lz;
    int32_t ze = z.exp - lz;
    bool rs = ps;
    if (pe < ze || (pe == ze && p < zs)) {
        u128 t = p;
        p = zs;
        zs = t;
        int32_t te = pe;
        pe = ze;
        ze = te;
        rs = z.sign;
    }
    zs = shr_jam128(zs, pe - ze);
    u128 r;
    if (ps == z.sign) {
        r = p + zs;
    } else {
        r = p - zs;
        if (r == 0) {
            return pack_zero(f, s->rm == FP_RDN);
        }
    }
    uint64_t sig = fold128(r, &pe);
    return round_pack(f, rs, pe, sig, s);
}

/* ---- min / max / compare / classify ---- */

INLINE bool gen_is_nan(Fmt f, uint64_t a)
{
    return ((a >> f.mbits) & fmt_expmax(f)) == fmt_expmax(f) && (a & ((1ULL << f.mbits) - 1));
}

INLINE bool gen_is_snan(Fmt f, uint64_t a)
{
    return gen_is_nan(f, a) && !((a >> (f.mbits - 1)) & 1);
}

/* Order-preserving signed key for non-NaN values (-0 sorts below +0). */
INLINE int64_t order_key(Fmt f, uint64_t a)
{
    uint64_t mag = a & (fmt_signbit(f) - 1);
    return (a & fmt_signbit(f)) ? -(int64_t)mag - 1 : (int64_t)mag;
}

INLINE uint64_t gen_minmax(Fmt f, uint64_t a, uint64_t b, bool is_max, FpStatus *s)
{
    bool an = gen_is_nan(f, a), bn = gen_is_nan(f, b);

    if (gen_is_snan(f, a) || gen_is_snan(f, b)) {
        s->flags |= FP_FLAG_NV;
    }
    if (an && bn) {
        return default_nan(f);
    }
    if (an) {
        return b;
    }
    if (bn) {
        return a;
    }
    bool a_less = order_key(f, a) < order_key(f, b);
    return (a_less ^ is_max) ? a : b;
}

INLINE bool both_zero(Fmt f, uint64_t a, uint64_t b)
{
    return ((a | b) & (fmt_signbit(f) - 1)) == 0;
}

INLINE bool gen_eq(Fmt f, uint64_t a, uint64_t b, FpStatus *s)
{
    if (gen_is_nan(f, a) || gen_is_nan(f, b)) {
        if (gen_is_snan(f, a) || gen_is_snan(f, b)) {
            s->flags |= FP_FLAG_NV;
        }
        return false;
    }
    return a == b || both_zero(f, a, b);
}

INLINE bool gen_lt(Fmt f, uint64_t a, uint64_t b, bool or_equal, FpStatus *s)
{
    if (gen_is_nan(f, a) || gen_is_nan(f, b)) {
        s->flags |= FP_FLAG_NV;
        return false;
    }
    if (both_zero(f, a, b)) {
        return or_equal;
    }
    int64_t ka = order_key(f, a), kb = order_key(f, b);
    return or_equal ? ka <= kb : ka < kb;
}

INLINE uint16_t gen_classify(Fmt f, uint64_t a)
{
    Unpacked u = unpack(f, a);
    switch (u.cls) {
    case CLS_ZERO:
        return u.sign ? FP_CLASS_NEG_ZERO : FP_CLASS_POS_ZERO;
    case CLS_INF:
        return u.sign ? FP_CLASS_NEG_INF : FP_CLASS_POS_INF;
    case CLS_QNAN:
        return FP_CLASS_QNAN;
    case CLS_SNAN:
        return FP_CLASS_SNAN;
    default:
        if ((u.sig >> f.mbits) == 0) {
            return u.sign ? FP_CLASS_NEG_SUBNORMAL : FP_CLASS_POS_SUBNORMAL;
        }
        return u.sign ? FP_CLASS_NEG_NORMAL : FP_CLASS_POS_NORMAL;
    }
}

/* ---- integer conversions ---- */

/*
 * Float to a 'bits'-wide integer, RISC-V style: NaN -> largest positive,
 * out of range -> nearest bound with NV only, otherwise NX if inexact.
 */
INLINE uint64_t gen_to_int(Fmt f, uint64_t a, int rm, bool is_signed, int bits, FpStatus *s)
{
    Unpacked x = unpack(f, a);
    uint64_t maxv = is_signed ? (1ULL << (bits - 1)) - 1 : (~0ULL >> (64 - bits));
    uint64_t minv = is_signed ? -(1ULL << (bits - 1)) : 0;
    uint64_t mag;
    bool inexact = false;

    if (is_nan_cls(&x)) {
        s->flags |= FP_FLAG_NV;
        return maxv;
    }
    if (x.cls == CLS_INF) {
        s->flags |= FP_FLAG_NV;
        return x.sign ? minv : maxv;
    }
    if (x.cls == CLS_ZERO) {
        return 0;
    }
    if (x.exp >= 0) {
        if (x.exp >= 64 || (x.exp > 0 && (x.sig >> (64 - x.exp)) != 0)) {
            goto invalid;
        }
        mag = x.sig << x.exp;
    } else {
        mag = round_shift(x.sig, -x.exp, rm, x.sign, &inexact);
    }
    if (is_signed ? mag > (x.sign ? maxv + 1 : maxv) : (x.sign ? mag != 0 : mag > maxv)) {
        goto invalid;
    }
    if (inexact) {
        s->flags |= FP_FLAG_NX;
    }
    return x.sign ? -mag : mag;

invalid:
    s->flags |= FP_FLAG_NV;
    return x.sign ? minv : maxv;
}

INLINE uint64_t gen_from_int(Fmt f, bool sign, uint64_t mag, FpStatus *s)
{
    if (mag == 0) {
        return 0;
    }
    return round_pack(f, sign, 0, mag, s);
}

INLINE uint64_t gen_convert(Fmt from, Fmt to, uint64_t a, FpStatus *s)
{
    Unpacked x = unpack(from, a);

    switch (x.cls) {
    case CLS_SNAN:
        s->flags |= FP_FLAG_NV;
        /* fall through */
    case CLS_QNAN:
        return default_nan(to);
    case CLS_INF:
        return pack_inf(to, x.sign);
    case CLS_ZERO:
        return pack_zero(to, x.sign);
    default:
        return round_pack(to, x.sign, x.exp, x.sig, s);
    }
}

/*
 * ---- Host fast path (binary32/64 arithmetic) ----
 *
 * IEEE 754 hardware rounds +, -, *, /, sqrt and fma correctly.  When the
 * guest rounds to nearest-even (the host's mode) and has already accrued NX,
 * an operation on normal or zero operands whose host result r satisfies
 * min_normal < |r| <= max_finite cannot have raised anything but NX: no NV
 * (no inf or NaN operands; 0/0 and sqrt(-x) give NaN, which fails the test),
 * no DZ (x/0 gives inf), no OF (r is finite), no UF (r > min_normal implies
 * the exact result is not tiny).  Zero, subnormal and boundary results take
 * the soft path.  This needs the host FPU in its default state: RNE, no
 * flush-to-zero or denormals-are-zero, and single operations with no
 * excess precision (SSE2 on x86-64, any AArch64).
 */
#if defined(__SSE2_MATH__) || defined(__aarch64__)
#define HOST_FAST 1
#else
#define HOST_FAST 0
#endif

INLINE bool fast_ok(const FpStatus *s)
{
    return HOST_FAST && s->rm == FP_RNE && (s->flags & FP_FLAG_NX);
}

INLINE bool f64_plain(uint64_t a)
{
    uint64_t e = (a >> 52) & 0x7ff;
    return e != 0x7ff && (e != 0 || (a << 1) == 0);
}

INLINE bool f32_plain(uint32_t a)
{
    uint32_t e = (a >> 23) & 0xff;
    return e != 0xff && (e != 0 || (a << 1) == 0);
}

/* sqrt of a negative number would also set errno through libm: keep it soft */
INLINE bool f64_is_neg(uint64_t a) { return a >> 63; }
INLINE bool f32_is_neg(uint32_t a) { return a >> 31; }
INLINE bool f16_is_neg(uint16_t a) { return a >> 15; }

INLINE double f64_host(uint64_t a)
{
    double d;
    memcpy(&d, &a, sizeof(d));
    return d;
}

INLINE float f32_host(uint32_t a)
{
    float f;
    memcpy(&f, &a, sizeof(f));
    return f;
}

INLINE double f64_host_sqrt(double a) { return __builtin_sqrt(a); }
INLINE float f32_host_sqrt(float a) { return __builtin_sqrtf(a); }

INLINE double f64_host_fma(double a, double b, double c, int neg)
{
    return __builtin_fma((neg & FP_NEG_PRODUCT) ? -a : a, b, (neg & FP_NEG_ADDEND) ? -c : c);
}

INLINE float f32_host_fma(float a, float b, float c, int neg)
{
    return __builtin_fmaf((neg & FP_NEG_PRODUCT) ? -a : a, b, (neg & FP_NEG_ADDEND) ? -c : c);
}

/* Use host result r if it is certainly exact in result and flags (see above). */
INLINE bool f64_accept(double r, uint64_t *out)
{
    if (__builtin_fabs(r) > 0x1p-1022 && __builtin_fabs(r) <= 0x1.fffffffffffffp1023) {
        memcpy(out, &r, sizeof(r));
        return true;
    }
    return false;
}

INLINE bool f32_accept(float r, uint32_t *out)
{
    if (__builtin_fabsf(r) > 0x1p-126f && __builtin_fabsf(r) <= 0x1.fffffep127f) {
        memcpy(out, &r, sizeof(r));
        return true;
    }
    return false;
}

/* binary16 has no host type: never fast (these are never evaluated). */
INLINE bool f16_plain(uint16_t a) { (void)a; return false; }
INLINE float f16_host(uint16_t a) { (void)a; return 0; }
INLINE float f16_host_sqrt(float a) { return a; }
INLINE float f16_host_fma(float a, float b, float c, int neg) { return a + b + c + neg; }
INLINE bool f16_accept(float r, uint16_t *out) { (void)r; *out = 0; return false; }

/* ---- public entry points ---- */

/* One arithmetic entry point: the host fast path if allowed, else soft. */
#define FP_ARITH(X, T, name, params, plain, host_expr, soft_expr)              \
    T X##_##name params                                                        \
    {                                                                          \
        T r_;                                                                  \
        if (fast_ok(s) && (plain) && X##_accept((host_expr), &r_)) {           \
            return r_;                                                         \
        }                                                                      \
        return (T)(soft_expr);                                                 \
    }

#define FP_DEFINE_ARITH(X, T, F)                                               \
    FP_ARITH(X, T, add, (T a, T b, FpStatus *s), X##_plain(a) && X##_plain(b), \
             X##_host(a) + X##_host(b), gen_add(F, a, b, false, s))            \
    FP_ARITH(X, T, sub, (T a, T b, FpStatus *s), X##_plain(a) && X##_plain(b), \
             X##_host(a) - X##_host(b), gen_add(F, a, b, true, s))             \
    FP_ARITH(X, T, mul, (T a, T b, FpStatus *s), X##_plain(a) && X##_plain(b), \
             X##_host(a) * X##_host(b), gen_mul(F, a, b, s))                   \
    FP_ARITH(X, T, div, (T a, T b, FpStatus *s), X##_plain(a) && X##_plain(b), \
             X##_host(a) / X##_host(b), gen_div(F, a, b, s))                   \
    FP_ARITH(X, T, sqrt, (T a, FpStatus *s), X##_plain(a) && !X##_is_neg(a),   \
             X##_host_sqrt(X##_host(a)), gen_sqrt(F, a, s))                    \
    FP_ARITH(X, T, muladd, (T a, T b, T c, int neg_flags, FpStatus *s),        \
             X##_plain(a) && X##_plain(b) && X##_plain(c),                     \
             X##_host_fma(X##_host(a), X##_host(b), X##_host(c), neg_flags),   \
             gen_muladd(F, a, b, c, neg_flags, s))

#define FP_DEFINE_FORMAT(X, T, F)                                              \
    T X##_min(T a, T b, FpStatus *s) { return (T)gen_minmax(F, a, b, false, s); } \
    T X##_max(T a, T b, FpStatus *s) { return (T)gen_minmax(F, a, b, true, s); } \
    bool X##_eq(T a, T b, FpStatus *s) { return gen_eq(F, a, b, s); }          \
    bool X##_lt(T a, T b, FpStatus *s) { return gen_lt(F, a, b, false, s); }   \
    bool X##_le(T a, T b, FpStatus *s) { return gen_lt(F, a, b, true, s); }    \
    uint16_t X##_classify(T a) { return gen_classify(F, a); }                  \
    bool X##_is_nan(T a) { return gen_is_nan(F, a); }                          \
    bool X##_is_snan(T a) { return gen_is_snan(F, a); }                        \
    int32_t X##_to_i32(T a, int rm, FpStatus *s)                               \
    {                                                                          \
        return (int32_t)gen_to_int(F, a, rm, true, 32, s);                     \
    }                                                                          \
    uint32_t X##_to_u32(T a, int rm, FpStatus *s)                              \
    {                                                                          \
        return (uint32_t)gen_to_int(F, a, rm, false, 32, s);                   \
    }                                                                          \
    int64_t X##_to_i64(T a, int rm, FpStatus *s)                               \
    {                                                                          \
        return (int64_t)gen_to_int(F, a, rm, true, 64, s);                     \
    }                                                                          \
    uint64_t X##_to_u64(T a, int rm, FpStatus *s)                              \
    {                                                                          \
        return gen_to_int(F, a, rm, false, 64, s);                             \
    }                                                                          \
    T i32_to_##X(int32_t v, FpStatus *s)                                       \
    {                                                                          \
        return (T)gen_from_int(F, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, s); \
    }                                                                          \
    T u32_to_##X(uint32_t v, FpStatus *s) { return (T)gen_from_int(F, false, v, s); } \
    T i64_to_##X(int64_t v, FpStatus *s)                                       \
    {                                                                          \
        return (T)gen_from_int(F, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, s); \
    }                                                                          \
    T u64_to_##X(uint64_t v, FpStatus *s) { return (T)gen_from_int(F, false, v, s); }

FP_DEFINE_FORMAT(f16, uint16_t, FMT_F16)
FP_DEFINE_FORMAT(f32, uint32_t, FMT_F32)
FP_DEFINE_FORMAT(f64, uint64_t, FMT_F64)
FP_DEFINE_ARITH(f16, uint16_t, FMT_F16)
FP_DEFINE_ARITH(f32, uint32_t, FMT_F32)
FP_DEFINE_ARITH(f64, uint64_t, FMT_F64)

uint32_t f16_to_f32(uint16_t a, FpStatus *s)
{
    return (uint32_t)gen_convert(FMT_F16, FMT_F32, a, s);
}

uint64_t f16_to_f64(uint16_t a, FpStatus *s)
{
    return gen_convert(FMT_F16, FMT_F64, a, s);
}

uint16_t f32_to_f16(uint32_t a, FpStatus *s)
{
    return (uint16_t)gen_convert(FMT_F32, FMT_F16, a, s);
}

uint64_t f32_to_f64(uint32_t a, FpStatus *s)
{
    return gen_convert(FMT_F32, FMT_F64, a, s);
}

uint16_t f64_to_f16(uint64_t a, FpStatus *s)
{
    return (uint16_t)gen_convert(FMT_F64, FMT_F16, a, s);
}

uint32_t f64_to_f32(uint64_t a, FpStatus *s)
{
    return (uint32_t)gen_convert(FMT_F64, FMT_F32, a, s);
}
