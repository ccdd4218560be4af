"""Exact reference model of RISC-V F/D/Zfh arithmetic (IEEE 754-2008 with the
RISC-V choices: canonical NaN results, tininess after rounding, saturating
conversions).  Used only to compute known-answer values for tests/isa/fp_*.S;
every value is also confirmed on QEMU by running the tests."""
from fractions import Fraction
import math

NX, UF, OF, DZ, NV = 1, 2, 4, 8, 16
RNE, RTZ, RDN, RUP, RMM = range(5)
RM_NAMES = ["rne", "rtz", "rdn", "rup", "rmm"]


class Fmt:
    def __init__(self, name, ebits, mbits):
        self.name, self.ebits, self.mbits = name, ebits, mbits
        self.width = 1 + ebits + mbits
        self.bias = (1 << (ebits - 1)) - 1
        self.emin = 1 - self.bias
        self.emax = self.bias
        self.qnan = ((1 << ebits) - 1) << mbits | 1 << (mbits - 1)
        self.inf = ((1 << ebits) - 1) << mbits
        self.sign = 1 << (self.width - 1)
        self.maxfin = self.inf - 1


H = Fmt("h", 5, 10)
S = Fmt("s", 8, 23)
D = Fmt("d", 11, 52)


def decode(f, bits):
    """-> (kind, sign, value): kind in 'zero', 'num', 'inf', 'qnan', 'snan'."""
    sign = bits >> (f.width - 1) & 1
    e = bits >> f.mbits & ((1 << f.ebits) - 1)
    m = bits & ((1 << f.mbits) - 1)
    if e == (1 << f.ebits) - 1:
        if m == 0:
            return "inf", sign, None
        return ("qnan" if m >> (f.mbits - 1) else "snan"), sign, None
    if e == 0:
        if m == 0:
            return "zero", sign, Fraction(0)
        v = Fraction(m, 1 << (f.mbits - f.emin))
    else:
        v = Fraction((1 << f.mbits) | m) * Fraction(2) ** (e - f.bias - f.mbits)
    return "num", sign, -v if sign else v


def floor_log2(v):
    """floor(log2(v)) for a positive Fraction."""
    n, d = v.numerator, v.denominator
    e = n.bit_length() - d.bit_length()
    if Fraction(2) ** e > v:
        e -= 1
    return e


def round_int(q, rm, neg):
    """Round a positive Fraction q to an integer; neg = sign of the real value."""
    fl = q.numerator // q.denominator
    rem = q - fl
    if rem == 0:
        return fl
    if rm == RNE:
        return fl + 1 if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and fl & 1) else fl
    if rm == RMM:
        return fl + 1 if rem >= Fraction(1, 2) else fl
    if rm == RTZ:
        return fl
    if rm == RDN:
        return fl + 1 if neg else fl
    return fl if neg else fl + 1          # RUP


def encode_pos(f, v):
    """Encode a positive representable Fraction."""
    if v < Fraction(2) ** f.emin:
        return int(v * Fraction(2) ** (f.mbits - f.emin))
    e = floor_log2(v)
    m = int(v / Fraction(2) ** (e - f.mbits)) - (1 << f.mbits)
    return (e + f.bias) << f.mbits | m


def round_value(f, v, rm, zero_sign=0):
    """Round the exact real v to format f: -> (bits, flags)."""
    if v == 0:
        return (f.sign if zero_sign else 0), 0
    neg = v < 0
    a = -v if neg else v
    sgn = f.sign if neg else 0
    e = floor_log2(a)
    # tininess after rounding: round with unbounded exponent range first
    qu = Fraction(2) ** (e - f.mbits)
    ru = round_int(a / qu, rm, neg) * qu
    tiny = ru < Fraction(2) ** f.emin
    q = Fraction(2) ** (max(e, f.emin) - f.mbits)
    r = round_int(a / q, rm, neg) * q
    flags = 0
    if r != a:
        flags |= NX
        if tiny:
            flags |= UF
    if r >= Fraction(2) ** (f.emax + 1):
        flags |= OF | NX
        to_inf = rm in (RNE, RMM) or (rm == RUP and not neg) or (rm == RDN and neg)
        return sgn | (f.inf if to_inf else f.maxfin), flags
    if r == 0:
        return sgn, flags
    return sgn | encode_pos(f, r), flags


def is_nan(k):
    return k in ("qnan", "snan")


def arith(f, op, bits, rm):
    """op in add, sub, mul, div, sqrt, madd, msub, nmsub, nmadd."""
    ops = [decode(f, b) for b in bits]
    flags = NV if any(k == "snan" for k, _, _ in ops) else 0
    if op in ("madd", "msub", "nmsub", "nmadd"):
        (ka, sa, va), (kb, sb, vb), (kc, sc, vc) = ops
        if (ka == "inf" and kb == "zero") or (ka == "zero" and kb == "inf"):
            return f.qnan, flags | NV
        if any(is_nan(k) for k, _, _ in ops):
            return f.qnan, flags
        psign = sa ^ sb
        if op in ("nmsub", "nmadd"):
            psign ^= 1
        csign = sc ^ (1 if op in ("msub", "nmadd") else 0)
        if ka == "inf" or kb == "inf":
            if kc == "inf" and csign != psign:
                return f.qnan, flags | NV
            return (f.sign if psign else 0) | f.inf, flags
        if kc == "inf":
            return (f.sign if csign else 0) | f.inf, flags
        p = abs(va) * abs(vb) * (-1 if psign else 1)
        c = abs(vc) * (-1 if csign else 1)
        s = p + c
        if s == 0:
            pz = p == 0
            cz = c == 0
            if pz and cz:
                zs = psign & csign if rm != RDN else psign | csign
            else:
                zs = 1 if rm == RDN else 0
            return round_value(f, s, rm, zs)
        b, fl = round_value(f, s, rm)
        return b, flags | fl
    if op == "sqrt":
        (ka, sa, va), = ops
        if is_nan(ka):
            return f.qnan, flags
        if ka == "zero":
            return bits[0], flags
        if sa:
            return f.qnan, flags | NV
        if ka == "inf":
            return bits[0], flags
        k = 2 * (f.mbits + 8) + max(0, -floor_log2(va))
        scaled = va * Fraction(4) ** k
        n = scaled.numerator // scaled.denominator
        r = math.isqrt(n)
        if r * r == scaled:
            val = Fraction(r) / Fraction(2) ** k
        else:
            val = Fraction(2 * r + 1) / Fraction(2) ** (k + 1)
        b, fl = round_value(f, val, rm)
        return b, flags | fl
    (ka, sa, va), (kb, sb, vb) = ops
    if is_nan(ka) or is_nan(kb):
        return f.qnan, flags
    if op == "sub":
        sb ^= 1
        vb = -vb if vb is not None else None
        op = "add"
    if op == "add":
        if ka == "inf" and kb == "inf":
            return (f.qnan, flags | NV) if sa != sb else (bits[0], flags)
        if ka == "inf":
            return bits[0], flags
        if kb == "inf":
            return (f.sign if sb else 0) | f.inf, flags
        s = va + vb
        if s == 0:
            if ka == "zero" and kb == "zero":
                zs = sa & sb if rm != RDN else sa | sb
            else:
                zs = 1 if rm == RDN else 0
            return round_value(f, s, rm, zs)
        b, fl = round_value(f, s, rm)
        return b, flags | fl
    sgn = sa ^ sb
    if op == "mul":
        if (ka == "inf" and kb == "zero") or (ka == "zero" and kb == "inf"):
            return f.qnan, flags | NV
        if ka == "inf" or kb == "inf":
            return (f.sign if sgn else 0) | f.inf, flags
        if ka == "zero" or kb == "zero":
            return (f.sign if sgn else 0), flags
        b, fl = round_value(f, va * vb, rm)
        return b, flags | fl
    if op == "div":
        if (ka == "inf" and kb == "inf") or (ka == "zero" and kb == "zero"):
            return f.qnan, flags | NV
        if ka == "inf" or kb == "zero":
            return (f.sign if sgn else 0) | f.inf, flags | (DZ if kb == "zero" and ka != "inf" else 0)
        if ka == "zero" or kb == "inf":
            return (f.sign if sgn else 0), flags
        b, fl = round_value(f, va / vb, rm)
        return b, flags | fl
    raise ValueError(op)


def minmax(f, op, a, b):
    ka, sa, va = decode(f, a)
    kb, sb, vb = decode(f, b)
    flags = NV if "snan" in (ka, kb) else 0
    if is_nan(ka) and is_nan(kb):
        return f.qnan, flags
    if is_nan(ka):
        return b, flags
    if is_nan(kb):
        return a, flags
    def key(k, s, v):
        if k == "inf":
            return (Fraction(-1 if s else 1) * 10 ** 400, 0)
        return (v, 0 if s else 1) if k == "zero" else (v, 0)
    ka_, kb_ = key(ka, sa, va), key(kb, sb, vb)
    if op == "min":
        return (a if ka_ <= kb_ else b), flags
    return (a if ka_ >= kb_ else b), flags


def compare(f, op, a, b):
    ka, sa, va = decode(f, a)
    kb, sb, vb = decode(f, b)
    if is_nan(ka) or is_nan(kb):
        if op == "eq":
            return 0, NV if "snan" in (ka, kb) else 0
        return 0, NV
    def val(k, s, v):
        if k == "inf":
            return Fraction(-1 if s else 1) * 10 ** 400
        return v
    x, y = val(ka, sa, va), val(kb, sb, vb)
    return int({"eq": x == y, "lt": x < y, "le": x <= y}[op]), 0


def fclass(f, a):
    k, s, v = decode(f, a)
    if k == "inf":
        return 1 << (0 if s else 7)
    if k == "zero":
        return 1 << (3 if s else 4)
    if k == "snan":
        return 1 << 8
    if k == "qnan":
        return 1 << 9
    sub = abs(v) < Fraction(2) ** f.emin
    return 1 << ((2 if sub else 1) if s else (5 if sub else 6))


INT_RANGES = {"w": (-(1 << 31), (1 << 31) - 1, 32), "wu": (0, (1 << 32) - 1, 32),
              "l": (-(1 << 63), (1 << 63) - 1, 64), "lu": (0, (1 << 64) - 1, 64)}


def to_int(f, it, a, rm):
    """fcvt.<it>.<f>: -> (64-bit register value, flags)."""
    lo, hi, w = INT_RANGES[it]
    k, s, v = decode(f, a)
    if is_nan(k):
        r, fl = hi, NV
    elif k == "inf":
        r, fl = (lo if s else hi), NV
    else:
        neg = v < 0
        n = round_int(abs(v), rm, neg)
        n = -n if neg else n
        if n < lo or n > hi:
            r, fl = (lo if neg else hi), NV
        else:
            r, fl = n, (NX if n != v else 0)
    r &= (1 << w) - 1
    if w == 32 and r >> 31:
        r |= 0xffffffff00000000
    return r, fl


def from_int(f, it, x, rm):
    lo, hi, w = INT_RANGES[it]
    x &= (1 << w) - 1
    if it in ("w", "l") and x >> (w - 1):
        x -= 1 << w
    return round_value(f, Fraction(x), rm)


def convert(ft, fs, a, rm):
    """fcvt.<ft>.<fs> between FP formats."""
    k, s, v = decode(fs, a)
    if is_nan(k):
        return ft.qnan, NV if k == "snan" else 0
    if k == "inf":
        return (ft.sign if s else 0) | ft.inf, 0
    if k == "zero":
        return (ft.sign if s else 0), 0
    return round_value(ft, v, rm)


def box(f, bits):
    """Value of a 64-bit FP register holding a NaN-boxed f value."""
    return bits | (((1 << 64) - 1) ^ ((1 << f.width) - 1)) if f is not D else bits
