/*
 * The IR optimizer: a widening pre-pass for 32-bit operations on 64-bit
 * values (widen_w_ops), then one forward pass over the op list:
 *
 *   - constant folding of every arithmetic opcode (exact tcg.h semantics;
 *     i32 results are kept sign-extended, like i32 constants);
 *   - constant and copy propagation inside extended basic blocks: what is
 *     known about temps is forgotten at every label that is still the
 *     target of a branch, and about globals at calls without TCG_CALL_NO_WG;
 *     an op forgets what it overwrites.  Inputs are rewritten to the
 *     interned constant, or to the best copy (global or TB temp, never an
 *     EBB temp other than the input itself, so no EBB temp gains uses
 *     across a branch);
 *   - known-zero bits of i64 values (z_mask), which turn extensions and
 *     masks that cannot change a value into moves;
 *   - canonical operand order: a constant operand of a commutative op or a
 *     comparison goes second;
 *   - algebraic simplification: x+0, x-0, x-x, x*0, x*1, x&0, x&-1, x&x,
 *     x|0, x|-1, x|x, x^0, x^x, shifts and rotates by 0 (constant counts
 *     are reduced modulo the width), x/1, setcond of
 *     equal operands, movcond with a known condition or equal values;
 *   - branches: brcond with a known outcome becomes br or disappears, a br
 *     to the label right after it disappears, code after br, exit_tb and
 *     goto_ptr is dropped up to the next label still branched to, and labels
 *     no branch uses any more are removed (which keeps the extended basic
 *     block, and what is known, going).
 * Removed ops become INDEX_op_nop; insn_start ops are always kept.
 * Host stores to env are assumed not to alias globals (front ends use the
 * globals themselves).
 */
#include "tcg/tcg.h"

typedef struct OptState {
    TCGContext *s;
    bool is_const[TCG_MAX_TEMPS];
    uint64_t val[TCG_MAX_TEMPS];
    uint64_t z_mask[TCG_MAX_TEMPS]; /* bits that may be nonzero (i64 temps) */
    int16_t next[TCG_MAX_TEMPS];    /* ring of temps holding the same value */
    int16_t prev[TCG_MAX_TEMPS];
    int16_t label_refs[TCG_MAX_LABELS];
    int nb_init;                    /* temps [0, nb_init) have state */
    /* Temps whose state may differ from "unknown, alone" (so that a reset
       at a label visits only these, not every temp). */
    int16_t touched[TCG_MAX_TEMPS];
    bool is_touched[TCG_MAX_TEMPS];
    int nb_touched;
} OptState;

static __thread OptState *opt_state;

static bool is_const_kind(const TCGContext *s, int t)
{
    return s->temps[t].kind == TEMP_CONST;
}

static void reset_temp(OptState *o, int t)
{
    if (is_const_kind(o->s, t)) {
        return;
    }
    o->next[o->prev[t]] = o->next[t];
    o->prev[o->next[t]] = o->prev[t];
    o->next[t] = o->prev[t] = (int16_t)t;
    o->is_const[t] = false;
    o->z_mask[t] = ~0ull;
}

static void touch(OptState *o, int t)
{
    if (!o->is_touched[t]) {
        o->is_touched[t] = true;
        o->touched[o->nb_touched++] = (int16_t)t;
    }
}

/* Forget everything known about every temp (or every global). */
static void reset_all(OptState *o, bool globals_only)
{
    int kept = 0;

    for (int k = 0; k < o->nb_touched; k++) {
        int t = o->touched[k];
        if (globals_only && t >= o->s->nb_globals) {
            o->touched[kept++] = (int16_t)t;
            continue;
        }
        if (o->s->temps[t].kind != TEMP_FIXED) {
            reset_temp(o, t);
        }
        o->is_touched[t] = false;
    }
    o->nb_touched = kept;
}

static uint64_t norm(TCGType type, uint64_t v)
{
    return type == TCG_TYPE_I32 ? (uint64_t)(int64_t)(int32_t)v : v;
}

/* The interned constant temp for (type, v), or -1 if there is no room. */
static int const_temp(OptState *o, TCGType type, uint64_t v)
{
    TCGContext *s = o->s;
    bool was = s->overflow;
    int idx = tcg_constant_idx(type, (int64_t)v);

    if (s->overflow && !was) {
        s->overflow = false;
        return -1;
    }
    while (o->nb_init < s->nb_temps) {   /* a new constant temp */
        int t = o->nb_init++;
        o->next[t] = o->prev[t] = (int16_t)t;
        o->is_const[t] = true;
        o->val[t] = (uint64_t)s->temps[t].val;
        o->z_mask[t] = o->val[t];
    }
    return idx;
}

static bool same_value(const OptState *o, int a, int b)
{
    int t;

    if (a == b) {
        return true;
    }
    if (o->is_const[a] && o->is_const[b]) {
        return o->val[a] == o->val[b] && o->s->temps[a].type == o->s->temps[b].type;
    }
    for (t = o->next[a]; t != a; t = o->next[t]) {
        if (t == b) {
            return true;
        }
    }
    return false;
}

/* Rewrite an input to the constant or the best copy. */
static TCGArg better_input(OptState *o, TCGArg arg)
{
    TCGContext *s = o->s;
    int t = (int)arg, c, best = t;

    if (o->is_const[t]) {
        if (is_const_kind(s, t)) {
            return arg;
        }
        c = const_temp(o, s->temps[t].type, o->val[t]);
        return c >= 0 ? (TCGArg)c : arg;
    }
    if (s->temps[t].kind == TEMP_GLOBAL || s->temps[t].kind == TEMP_FIXED) {
        return arg;
    }
    for (c = o->next[t]; c != t; c = o->next[c]) {
        TCGTempKind k = s->temps[c].kind;
        if (k == TEMP_GLOBAL || k == TEMP_FIXED) {
            return (TCGArg)c;
        }
        if (k == TEMP_TB && s->temps[best].kind == TEMP_EBB) {
            best = c;
        }
    }
    return (TCGArg)best;
}

/* ---- Folding ------------------------------------------------------------- */

static bool foldable(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_mov: case INDEX_op_setcond: case INDEX_op_movcond:
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul: case INDEX_op_neg:
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem: case INDEX_op_remu:
    case INDEX_op_mulsh: case INDEX_op_muluh:
    case INDEX_op_and: case INDEX_op_or: case INDEX_op_xor:
    case INDEX_op_andc: case INDEX_op_orc: case INDEX_op_eqv: case INDEX_op_not:
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
    case INDEX_op_clz: case INDEX_op_ctz: case INDEX_op_ctpop:
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_bswap64:
    case INDEX_op_ext8s: case INDEX_op_ext8u: case INDEX_op_ext16s: case INDEX_op_ext16u:
    case INDEX_op_ext32s: case INDEX_op_ext32u:
    case INDEX_op_extract: case INDEX_op_sextract: case INDEX_op_deposit:
    case INDEX_op_ext_i32_i64: case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
        return true;
    default:
        return false;
    }
}

static uint64_t fold64(TCGOpcode opc, uint64_t a, uint64_t b, const TCGArg *c)
{
    switch (opc) {
    case INDEX_op_add: return a + b;
    case INDEX_op_sub: return a - b;
    case INDEX_op_mul: return a * b;
    case INDEX_op_neg: return -a;
    case INDEX_op_div:
        if (b == 0) {
            return ~0ull;
        }
        if ((int64_t)a == INT64_MIN && (int64_t)b == -1) {
            return a;
        }
        return (uint64_t)((int64_t)a / (int64_t)b);
    case INDEX_op_divu: return b ? a / b : ~0ull;
    case INDEX_op_rem:
        if (b == 0) {
            return a;
        }
        if ((int64_t)a == INT64_MIN && (int64_t)b == -1) {
            return 0;
        }
        return (uint64_t)((int64_t)a % (int64_t)b);
    case INDEX_op_remu: return b ? a % b : a;
    case INDEX_op_mulsh: return (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
    case INDEX_op_muluh: return (uint64_t)(((unsigned __int128)a * b) >> 64);
    case INDEX_op_and: return a & b;
    case INDEX_op_or: return a | b;
    case INDEX_op_xor: return a ^ b;
    case INDEX_op_andc: return a & ~b;
    case INDEX_op_orc: return a | ~b;
    case INDEX_op_eqv: return ~(a ^ b);
    case INDEX_op_not: return ~a;
    case INDEX_op_shl: return a << (b & 63);
    case INDEX_op_shr: return a >> (b & 63);
    case INDEX_op_sar: return (uint64_t)((int64_t)a >> (b & 63));
    case INDEX_op_rotl: return (a << (b & 63)) | (a >> ((64 - b) & 63));
    case INDEX_op_rotr: return (a >> (b & 63)) | (a << ((64 - b) & 63));
    case INDEX_op_clz: return a ? (uint64_t)__builtin_clzll(a) : b;
    case INDEX_op_ctz: return a ? (uint64_t)__builtin_ctzll(a) : b;
    case INDEX_op_ctpop: return (uint64_t)__builtin_popcountll(a);
    case INDEX_op_bswap16: return ((a & 0xff) << 8) | ((a >> 8) & 0xff);
    case INDEX_op_bswap32: return __builtin_bswap32((uint32_t)a);
    case INDEX_op_bswap64: return __builtin_bswap64(a);
    case INDEX_op_ext8s: return (uint64_t)(int64_t)(int8_t)a;
    case INDEX_op_ext8u: return (uint8_t)a;
    case INDEX_op_ext16s: return (uint64_t)(int64_t)(int16_t)a;
    case INDEX_op_ext16u: return (uint16_t)a;
    case INDEX_op_ext32s: return (uint64_t)(int64_t)(int32_t)a;
    case INDEX_op_ext32u: return (uint32_t)a;
    case INDEX_op_extract: return extract64(a, (unsigned)c[0], (unsigned)c[1]);
    case INDEX_op_sextract: return (uint64_t)sextract64(a, (unsigned)c[0], (unsigned)c[1]);
    case INDEX_op_deposit: return deposit64(a, (unsigned)c[0], (unsigned)c[1], b);
    default:
        abort();
    }
}

static uint64_t fold32(TCGOpcode opc, uint32_t a, uint32_t b, const TCGArg *c)
{
    switch (opc) {
    case INDEX_op_div:
        if (b == 0) {
            return ~0u;
        }
        if ((int32_t)a == INT32_MIN && (int32_t)b == -1) {
            return a;
        }
        return (uint32_t)((int32_t)a / (int32_t)b);
    case INDEX_op_divu: return b ? a / b : ~0u;
    case INDEX_op_rem:
        if (b == 0) {
            return a;
        }
        if ((int32_t)a == INT32_MIN && (int32_t)b == -1) {
            return 0;
        }
        return (uint32_t)((int32_t)a % (int32_t)b);
    case INDEX_op_remu: return b ? a % b : a;
    case INDEX_op_mulsh: return (uint32_t)(((int64_t)(int32_t)a * (int32_t)b) >> 32);
    case INDEX_op_muluh: return (uint32_t)(((uint64_t)a * b) >> 32);
    case INDEX_op_shl: return a << (b & 31);
    case INDEX_op_shr: return a >> (b & 31);
    case INDEX_op_sar: return (uint32_t)((int32_t)a >> (b & 31));
    case INDEX_op_rotl: return (a << (b & 31)) | (a >> ((32 - b) & 31));
    case INDEX_op_rotr: return (a >> (b & 31)) | (a << ((32 - b) & 31));
    case INDEX_op_clz: return a ? (uint32_t)__builtin_clz(a) : b;
    case INDEX_op_ctz: return a ? (uint32_t)__builtin_ctz(a) : b;
    case INDEX_op_ctpop: return (uint32_t)__builtin_popcount(a);
    case INDEX_op_extract:
    case INDEX_op_sextract:
    case INDEX_op_deposit:
        /* Fields lie within the low 32 bits: the 64-bit forms give the
           right low half. */
        return fold64(opc, a, b, c);
    default:
        /* add, sub, mul, neg, logic, bswaps, ext*: the low 32 bits of the
           64-bit result. */
        return fold64(opc, a, b, c);
    }
}

/* ---- The pass -------------------------------------------------------------- */

static void make_nop(TCGOp *op)
{
    op->opc = INDEX_op_nop;
}

static void drop_branch(OptState *o, TCGOp *op)
{
    if (op->opc == INDEX_op_br) {
        o->label_refs[op->args[0]]--;
    } else if (op->opc == INDEX_op_brcond) {
        o->label_refs[op->args[3]]--;
    }
    make_nop(op);
}

/* Turn op into "mov d, src" (src a temp index) and record the copy. */
static void finish_mov(OptState *o, TCGOp *op, int d, int src)
{
    TCGContext *s = o->s;

    if (same_value(o, d, src)) {
        make_nop(op);
        return;
    }
    op->opc = INDEX_op_mov;
    op->args[0] = (TCGArg)d;
    op->args[1] = (TCGArg)src;
    reset_temp(o, d);
    touch(o, d);
    touch(o, src);
    o->z_mask[d] = o->z_mask[src];
    if (o->is_const[src]) {
        o->is_const[d] = true;
        o->val[d] = o->val[src];
    } else if (s->temps[d].type == s->temps[src].type) {
        /* d joins src's ring */
        o->next[d] = o->next[src];
        o->prev[d] = (int16_t)src;
        o->prev[o->next[src]] = (int16_t)d;
        o->next[src] = (int16_t)d;
    }
}

/* Replace op by "mov d, $v" (of the op's output type). */
static void finish_movi(OptState *o, TCGOp *op, TCGType type, int d, uint64_t v)
{
    int c = const_temp(o, type, norm(type, v));

    if (c < 0) {
        reset_temp(o, d);   /* keep the op as it is */
        return;
    }
    op->type = type;
    finish_mov(o, op, d, c);
}

static bool arg_const(const OptState *o, TCGArg a, uint64_t v)
{
    return o->is_const[a] && o->val[a] == v;
}

/* Algebraic identities of binary ops; returns true if op was rewritten. */
static bool simplify_binop(OptState *o, TCGOp *op)
{
    TCGType type = (TCGType)op->type;
    int d = (int)op->args[0], a = (int)op->args[1], b = (int)op->args[2];
    uint64_t ones = norm(type, ~0ull);
    unsigned bits = type == TCG_TYPE_I32 ? 32 : 64;

    switch (op->opc) {
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
    case INDEX_op_rotl: case INDEX_op_rotr:
        /* Counts are taken modulo the width: make constant ones in range. */
        if (o->is_const[b] && o->val[b] >= bits) {
            int c = const_temp(o, type, o->val[b] & (bits - 1));
            if (c >= 0) {
                op->args[2] = (TCGArg)c;
                b = c;
            }
        }
        break;
    default:
        break;
    }

    switch (op->opc) {
    case INDEX_op_add:
    case INDEX_op_or:
    case INDEX_op_xor:
        if (arg_const(o, a, 0)) {
            finish_mov(o, op, d, b);
            return true;
        }
        /* fall through */
    case INDEX_op_sub:
    case INDEX_op_shl:
    case INDEX_op_shr:
    case INDEX_op_sar:
    case INDEX_op_rotl:
    case INDEX_op_rotr:
    case INDEX_op_andc:
        if (arg_const(o, b, 0)) {
            finish_mov(o, op, d, a);
            return true;
        }
        break;
    default:
        break;
    }

    switch (op->opc) {
    case INDEX_op_sub:
    case INDEX_op_xor:
    case INDEX_op_andc:
        if (same_value(o, a, b)) {
            finish_movi(o, op, type, d, 0);
            return true;
        }
        break;
    case INDEX_op_and:
        if (arg_const(o, a, 0) || arg_const(o, b, 0)) {
            finish_movi(o, op, type, d, 0);
            return true;
        }
        if (arg_const(o, b, ones) || same_value(o, a, b)) {
            finish_mov(o, op, d, a);
            return true;
        }
        if (arg_const(o, a, ones)) {
            finish_mov(o, op, d, b);
            return true;
        }
        break;
    case INDEX_op_or:
        if (arg_const(o, a, ones) || arg_const(o, b, ones)) {
            finish_movi(o, op, type, d, ones);
            return true;
        }
        if (same_value(o, a, b)) {
            finish_mov(o, op, d, a);
            return true;
        }
        break;
    case INDEX_op_orc:
    case INDEX_op_eqv:
        if (same_value(o, a, b)) {
            finish_movi(o, op, type, d, ones);
            return true;
        }
        if (op->opc == INDEX_op_orc && arg_const(o, b, ones)) {
            finish_mov(o, op, d, a);
            return true;
        }
        break;
    case INDEX_op_mul:
        if (arg_const(o, a, 0) || arg_const(o, b, 0)) {
            finish_movi(o, op, type, d, 0);
            return true;
        }
        if (arg_const(o, b, 1)) {
            finish_mov(o, op, d, a);
            return true;
        }
        if (arg_const(o, a, 1)) {
            finish_mov(o, op, d, b);
            return true;
        }
        break;
    case INDEX_op_div:
    case INDEX_op_divu:
        if (arg_const(o, b, 1)) {
            finish_mov(o, op, d, a);
            return true;
        }
        break;
    default:
        break;
    }
    return false;
}

static bool commutative(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add: case INDEX_op_mul: case INDEX_op_and: case INDEX_op_or:
    case INDEX_op_xor: case INDEX_op_eqv: case INDEX_op_mulsh: case INDEX_op_muluh:
        return true;
    default:
        return false;
    }
}

/* Constants go second: "add d, $c, x" -> "add d, x, $c", and the same for
   comparisons (with the condition swapped), so back ends see immediates in
   one place. */
static void canonicalize(OptState *o, TCGOp *op)
{
    TCGArg *a = op->args, t;
    TCGOpcode opc = (TCGOpcode)op->opc;
    int i = opc == INDEX_op_brcond ? 0 : 1;

    if (!(commutative(opc) || opc == INDEX_op_brcond || opc == INDEX_op_setcond ||
          opc == INDEX_op_movcond)) {
        return;
    }
    if (!o->is_const[a[i]] || o->is_const[a[i + 1]]) {
        return;
    }
    t = a[i];
    a[i] = a[i + 1];
    a[i + 1] = t;
    switch (opc) {
    case INDEX_op_brcond: a[2] = tcg_swap_cond((TCGCond)a[2]); break;
    case INDEX_op_setcond: a[3] = tcg_swap_cond((TCGCond)a[3]); break;
    case INDEX_op_movcond: a[5] = tcg_swap_cond((TCGCond)a[5]); break;
    default: break;
    }
}

/*
 * Known-zero bits of i64 values: z_mask has a 1 for every bit that may be
 * nonzero.  They turn zero/sign extensions and masks that cannot change the
 * value into moves (ext32s after a 31-bit extract, ext32u of a 32-bit load,
 * and with a mask covering every possible bit).
 */
static uint64_t low_mask(unsigned bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

static uint64_t output_z_mask(const OptState *o, const TCGOp *op)
{
    const TCGArg *a = op->args;
    uint64_t za = o->z_mask[a[1]], zb;
    unsigned nb_i = tcg_op_nb_iargs(op);

    zb = nb_i > 1 ? o->z_mask[a[2]] : 0;
    switch (op->opc) {
    case INDEX_op_and: return za & zb;
    case INDEX_op_or: case INDEX_op_xor: return za | zb;
    case INDEX_op_andc: return za;
    case INDEX_op_shr:
        return o->is_const[a[2]] ? za >> (o->val[a[2]] & 63) : ~0ull;
    case INDEX_op_sar:
        return o->is_const[a[2]] && !(za >> 63) ? za >> (o->val[a[2]] & 63) : ~0ull;
    case INDEX_op_shl:
        return o->is_const[a[2]] ? za << (o->val[a[2]] & 63) : ~0ull;
    case INDEX_op_setcond: return 1;
    case INDEX_op_ext8u: return za & 0xff;
    case INDEX_op_ext16u: return za & 0xffff;
    case INDEX_op_ext32u: return za & 0xffffffffull;
    case INDEX_op_ld8u: return 0xff;        /* (za is the base pointer's) */
    case INDEX_op_ld16u: return 0xffff;
    case INDEX_op_ld32u: return 0xffffffffull;
    case INDEX_op_bswap16: return 0xffff;
    case INDEX_op_bswap32: case INDEX_op_extu_i32_i64: return 0xffffffffull;
    case INDEX_op_ctpop: return 0x7f;
    case INDEX_op_extract: return (za >> a[2]) & low_mask((unsigned)a[3]);
    case INDEX_op_movcond: return o->z_mask[a[3]] | o->z_mask[a[4]];
    case INDEX_op_qemu_ld: {
        MemOp mop = get_memop((MemOpIdx)a[2]);
        return (mop & MO_SIGN) ? ~0ull : low_mask(8u << (mop & MO_SIZE));
    }
    default:
        return ~0ull;
    }
}

/* Extensions and masks that keep the value as it is; returns true if op
   became a mov. */
static bool simplify_z(OptState *o, TCGOp *op)
{
    int d = (int)op->args[0], a = (int)op->args[1];
    uint64_t za = o->z_mask[a], keep;

    switch (op->opc) {
    case INDEX_op_ext8u: keep = 0xff; break;
    case INDEX_op_ext16u: keep = 0xffff; break;
    case INDEX_op_ext32u: keep = 0xffffffffull; break;
    case INDEX_op_ext8s: keep = 0x7f; break;
    case INDEX_op_ext16s: keep = 0x7fff; break;
    case INDEX_op_ext32s: keep = 0x7fffffffull; break;
    case INDEX_op_and:
        if (!o->is_const[op->args[2]]) {
            return false;
        }
        keep = o->val[op->args[2]];
        break;
    default:
        return false;
    }
    if (za & ~keep) {
        return false;
    }
    finish_mov(o, op, d, a);
    return true;
}

/* The outcome of "a cond b" if known: 1 true, 0 false, -1 unknown. */
static int known_cond(const OptState *o, TCGType type, TCGCond c, int a, int b)
{
    if (c == TCG_COND_ALWAYS) {
        return 1;
    }
    if (c == TCG_COND_NEVER) {
        return 0;
    }
    if (o->is_const[a] && o->is_const[b]) {
        return tcg_eval_cond(c, type, o->val[a], o->val[b]);
    }
    if (same_value(o, a, b)) {
        switch (c) {
        case TCG_COND_EQ: case TCG_COND_LE: case TCG_COND_GE:
        case TCG_COND_LEU: case TCG_COND_GEU:
            return 1;
        default:
            return 0;
        }
    }
    /* Unsigned comparisons against 0 with a trivial answer. */
    if (o->is_const[b] && o->val[b] == 0) {
        if (c == TCG_COND_GEU) {
            return 1;
        }
        if (c == TCG_COND_LTU) {
            return 0;
        }
    }
    return -1;
}

/*
 * Widening of 32-bit operations on 64-bit values, the shape front ends use
 * for RV64 "W" instructions:
 *     extrl_i64_i32 a, x;  [extrl_i64_i32 b, y;]  OP_i32 r, a, b;  ext_i32_i64 d, r
 * (inputs may also be i32 constants, directly or through "mov_i32 b, $c")
 * becomes
 *     OP_i64 t, x, y;  ext32s_i64 d, t
 * (the extrl ops are left for liveness to remove once unused) when OP keeps
 * the low 32 bits of its result independent of the high input bits (add,
 * sub, mul, and, or, xor, shl by a constant below 32, neg, not) and r has no
 * other reader.  The ops must be adjacent, so x and y cannot change between.
 */
static bool widenable(const TCGContext *s, const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_mul: case INDEX_op_and:
    case INDEX_op_or: case INDEX_op_xor: case INDEX_op_neg: case INDEX_op_not:
        return true;
    case INDEX_op_shl:
        return s->temps[op->args[2]].kind == TEMP_CONST &&
               (uint64_t)s->temps[op->args[2]].val < 32;
    default:
        return false;
    }
}

static int prev_op(const TCGContext *s, int i)
{
    for (i--; i >= 0 && s->ops[i].opc == INDEX_op_nop; i--) {
        continue;
    }
    return i;
}

static void widen_w_ops(TCGContext *s)
{
    static __thread uint16_t uses[TCG_MAX_TEMPS];
    int i, k;

    memset(uses, 0, sizeof(uses[0]) * s->nb_temps);
    for (i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        unsigned nb_o = tcg_op_nb_oargs(op), nb_i = tcg_op_nb_iargs(op);
        for (k = 0; k < (int)nb_i; k++) {
            uses[op->args[nb_o + k]]++;
        }
    }

    for (i = 0; i < s->nb_ops; i++) {
        TCGOp *ext = &s->ops[i], *op;
        TCGArg r, src[2] = { 0, 0 };
        unsigned nb_i, own = 0;
        int p, q, n;
        bool ok = true;

        if (ext->opc != INDEX_op_ext_i32_i64 || (p = prev_op(s, i)) < 0) {
            continue;
        }
        op = &s->ops[p];
        r = ext->args[1];
        if (op->type != TCG_TYPE_I32 || op->args[0] != r || !widenable(s, op) ||
            s->temps[r].kind == TEMP_GLOBAL) {
            continue;
        }
        nb_i = tcg_op_nb_iargs(op);
        for (k = 0; k < (int)nb_i; k++) {
            own += op->args[1 + k] == r;
        }
        if (uses[r] != 1 + own) {
            continue;
        }
        /* Each input: an i32 constant, or defined by one of the (at most two)
           extrl or "mov_i32 a, $c" ops right before op. */
        for (k = 0; k < (int)nb_i && ok; k++) {
            TCGArg a = op->args[1 + k];
            if (s->temps[a].kind == TEMP_CONST) {
                src[k] = (TCGArg)-1;
                continue;
            }
            ok = false;
            for (q = prev_op(s, p), n = 0; q >= 0 && n < 2; q = prev_op(s, q), n++) {
                const TCGOp *d = &s->ops[q];
                bool movi = d->opc == INDEX_op_mov && d->type == TCG_TYPE_I32 &&
                            s->temps[d->args[1]].kind == TEMP_CONST;
                if (d->opc != INDEX_op_extrl_i64_i32 && !movi) {
                    break;
                }
                if (d->args[0] == a) {
                    src[k] = movi ? (TCGArg)-2 - d->args[1] : d->args[1];
                    ok = true;
                    break;
                }
            }
        }
        if (!ok) {
            continue;
        }
        {
            bool was = s->overflow;
            TCGv_i64 t = tcg_temp_new_i64();
            if (s->overflow && !was) {
                s->overflow = false;
                return;
            }
            for (k = 0; k < (int)nb_i; k++) {
                TCGArg a = op->args[1 + k];
                if (src[k] >= (TCGArg)-2 - TCG_MAX_TEMPS) {
                    /* a constant: the i32 one itself (-1) or a mov's (-2 - idx) */
                    TCGArg ci = src[k] == (TCGArg)-1 ? a : (TCGArg)-2 - src[k];
                    int c = tcg_constant_idx(TCG_TYPE_I64, s->temps[ci].val);
                    if (s->overflow && !was) {
                        s->overflow = false;
                        return;
                    }
                    src[k] = (TCGArg)c;
                }
            }
            op->type = TCG_TYPE_I64;
            op->args[0] = (TCGArg)t.idx;
            for (k = 0; k < (int)nb_i; k++) {
                op->args[1 + k] = src[k];
            }
            ext->opc = INDEX_op_ext32s;
            ext->args[1] = (TCGArg)t.idx;
        }
    }
}

void tcg_optimize(TCGContext *s)
{
    OptState *o = opt_state;
    bool dead = false;
    int dead_br = -1;      /* the br that started the dead region */
    int i, t;

    if (s->overflow) {
        return;
    }
    tcg_ctx = s;           /* new temps and constants are made in s */
    widen_w_ops(s);
    if (!o) {
        o = opt_state = calloc(1, sizeof(*o));
        if (!o) {
            abort();
        }
    }
    o->s = s;
    for (t = 0; t < s->nb_temps; t++) {
        o->next[t] = o->prev[t] = (int16_t)t;
        o->is_const[t] = s->temps[t].kind == TEMP_CONST;
        o->val[t] = (uint64_t)s->temps[t].val;
        o->z_mask[t] = o->is_const[t] ? o->val[t] : ~0ull;
    }
    o->nb_init = s->nb_temps;
    o->nb_touched = 0;
    memset(o->is_touched, 0, sizeof(o->is_touched));
    memset(o->label_refs, 0, sizeof(o->label_refs));
    for (i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_br) {
            o->label_refs[op->args[0]]++;
        } else if (op->opc == INDEX_op_brcond) {
            o->label_refs[op->args[3]]++;
        }
    }

    for (i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];
        TCGOpcode opc = (TCGOpcode)op->opc;
        unsigned nb_o, nb_i, k;
        int known;

        if (opc == INDEX_op_nop || opc == INDEX_op_insn_start) {
            continue;
        }
        if (opc == INDEX_op_set_label) {
            TCGArg l = op->args[0];
            if (dead && dead_br >= 0 && s->ops[dead_br].args[0] == l) {
                /* br to the very next label: fall through instead */
                drop_branch(o, &s->ops[dead_br]);
                dead = false;
                dead_br = -1;
            }
            if (o->label_refs[l] <= 0) {
                make_nop(op);      /* unused: the EBB goes on (or stays dead) */
                s->labels[l].present = false;
                continue;
            }
            dead = false;
            dead_br = -1;
            reset_all(o, false);
            continue;
        }
        if (dead) {
            drop_branch(o, op);
            continue;
        }

        nb_o = tcg_op_nb_oargs(op);
        nb_i = tcg_op_nb_iargs(op);
        for (k = 0; k < nb_i; k++) {
            op->args[nb_o + k] = better_input(o, op->args[nb_o + k]);
        }

        canonicalize(o, op);
        switch (opc) {
        case INDEX_op_discard:
            reset_temp(o, (int)op->args[0]);
            continue;
        case INDEX_op_br:
            dead = true;
            dead_br = i;
            continue;
        case INDEX_op_exit_tb:
        case INDEX_op_goto_ptr:
            dead = true;
            dead_br = -1;
            continue;
        case INDEX_op_brcond:
            known = known_cond(o, (TCGType)op->type, (TCGCond)op->args[2],
                               (int)op->args[0], (int)op->args[1]);
            if (known == 0) {
                drop_branch(o, op);
            } else if (known == 1) {
                op->opc = INDEX_op_br;
                op->args[0] = op->args[3];
                dead = true;
                dead_br = i;
            }
            continue;
        case INDEX_op_mov:
            finish_mov(o, op, (int)op->args[0], (int)op->args[1]);
            continue;
        case INDEX_op_setcond:
            known = known_cond(o, (TCGType)op->type, (TCGCond)op->args[3],
                               (int)op->args[1], (int)op->args[2]);
            if (known >= 0) {
                finish_movi(o, op, (TCGType)op->type, (int)op->args[0], (uint64_t)known);
                continue;
            }
            break;
        case INDEX_op_movcond:
            known = known_cond(o, (TCGType)op->type, (TCGCond)op->args[5],
                               (int)op->args[1], (int)op->args[2]);
            if (known < 0 && same_value(o, (int)op->args[3], (int)op->args[4])) {
                known = 1;
            }
            if (known >= 0) {
                finish_mov(o, op, (int)op->args[0], (int)op->args[known ? 3 : 4]);
                continue;
            }
            break;
        case INDEX_op_call: {
            uint32_t cf = tcg_op_call_info(op)->flags;
            for (k = 0; k < nb_o; k++) {
                reset_temp(o, (int)op->args[k]);
            }
            if (!(cf & TCG_CALL_NO_WG)) {
                reset_all(o, true);
            }
            continue;
        }
        default:
            break;
        }

        if (foldable(opc) && nb_o == 1) {
            bool all_const = true;
            for (k = 0; k < nb_i; k++) {
                all_const &= o->is_const[op->args[nb_o + k]];
            }
            if (all_const) {
                TCGType in_type = (TCGType)op->type, out_type = (TCGType)op->type;
                uint64_t a = o->val[op->args[1]];
                uint64_t b = nb_i > 1 ? o->val[op->args[2]] : 0;
                const TCGArg *c = &op->args[1 + nb_i];
                uint64_t r;
                switch (opc) {
                case INDEX_op_ext_i32_i64: r = (uint64_t)(int64_t)(int32_t)a; break;
                case INDEX_op_extu_i32_i64: r = (uint32_t)a; break;
                case INDEX_op_extrl_i64_i32: r = a; break;
                case INDEX_op_extrh_i64_i32: r = a >> 32; break;
                default:
                    r = in_type == TCG_TYPE_I32 ? fold32(opc, (uint32_t)a, (uint32_t)b, c)
                                                : fold64(opc, a, b, c);
                    break;
                }
                finish_movi(o, op, out_type, (int)op->args[0], r);
                continue;
            }
            if (nb_i == 2 && opc != INDEX_op_deposit && simplify_binop(o, op)) {
                continue;
            }
            if (op->type == TCG_TYPE_I64 && simplify_z(o, op)) {
                continue;
            }
        }

        /* Anything else: forget what the outputs held, but for the bits
           known to be zero. */
        {
            uint64_t z = ~0ull;
            if (nb_o == 1 && op->type == TCG_TYPE_I64 && opc != INDEX_op_call) {
                z = output_z_mask(o, op);
            }
            for (k = 0; k < nb_o; k++) {
                reset_temp(o, (int)op->args[k]);
            }
            if (nb_o == 1) {
                o->z_mask[op->args[0]] = z;
                touch(o, (int)op->args[0]);
            }
        }
    }
}
