/*
 * The IR core: context, temps, labels, op emission, the opcode table and the
 * -d op / op_opt dump.
 *
 * Argument layout of a TCGOp (op->args[]), for every opcode:
 *
 *     [ outputs ... | inputs ... | constants ... ]
 *
 *   outputs, inputs: temp indexes into s->temps[];
 *   constants: raw values (condition codes, label ids, offsets, MemOpIdx...).
 *   The counts come from tcg_op_defs[] except for call, whose counts are in
 *   the op itself (tcg_op_nb_oargs() etc. handle both):
 *
 *   call:        args[0 .. nouts-1]              result (nouts = 0 or 1)
 *                args[nouts .. nouts+nargs-1]    the nargs i64 arguments
 *                args[nouts+nargs]               (uintptr_t)const TCGHelperInfo *
 *   brcond:      i0, i1, c0 = cond, c1 = label id
 *   setcond:     o0, i0, i1, c0 = cond
 *   movcond:     o0, i0 (c1), i1 (c2), i2 (v1), i3 (v2), c0 = cond
 *   ld*:         o0, i0 = base pointer temp, c0 = offset
 *   st*:         i0 = value, i1 = base pointer temp, c0 = offset
 *   qemu_ld:     o0, i0 = vaddr, c0 = MemOpIdx
 *   qemu_st:     i0 = value, i1 = vaddr, c0 = MemOpIdx
 *   insn_start:  c0, c1 = the target's data words (pc, ...)
 *   exit_tb:     c0 = the value returned to the execution loop
 *   set_label, br: c0 = label id
 *
 * Constant temps (TEMP_CONST) are interned per TB: one temp per (type, value);
 * i32 constants hold their value sign-extended to 64 bits in TCGTemp.val.
 */
#include "tcg/tcg.h"

__thread TCGContext *tcg_ctx;
TCGv_i64 tcg_env = { 0 };
__thread uintptr_t tcg_interp_retaddr;

#define SE TCG_OPF_SIDE_EFFECTS
#define BE TCG_OPF_BB_END
#define X TCG_OPF_BB_EXIT
#define T TCG_OPF_TYPED

/* Flags are ours (the DEF list leaves them 0): one row per opcode. */
static const uint8_t tcg_op_flags[NB_TCG_OPS] = {
    [INDEX_op_discard] = 0,
    [INDEX_op_set_label] = BE | SE,
    [INDEX_op_br] = BE | SE,
    [INDEX_op_brcond] = BE | SE | TCG_OPF_COND_BRANCH | T,
    [INDEX_op_mov] = T, [INDEX_op_setcond] = T, [INDEX_op_movcond] = T,
    [INDEX_op_add] = T, [INDEX_op_sub] = T, [INDEX_op_mul] = T, [INDEX_op_neg] = T,
    [INDEX_op_div] = T, [INDEX_op_divu] = T, [INDEX_op_rem] = T, [INDEX_op_remu] = T,
    [INDEX_op_mulsh] = T, [INDEX_op_muluh] = T,
    [INDEX_op_and] = T, [INDEX_op_or] = T, [INDEX_op_xor] = T,
    [INDEX_op_andc] = T, [INDEX_op_orc] = T, [INDEX_op_eqv] = T, [INDEX_op_not] = T,
    [INDEX_op_shl] = T, [INDEX_op_shr] = T, [INDEX_op_sar] = T,
    [INDEX_op_rotl] = T, [INDEX_op_rotr] = T,
    [INDEX_op_clz] = T, [INDEX_op_ctz] = T, [INDEX_op_ctpop] = T,
    [INDEX_op_bswap16] = T, [INDEX_op_bswap32] = T, [INDEX_op_bswap64] = T,
    [INDEX_op_ext8s] = T, [INDEX_op_ext8u] = T, [INDEX_op_ext16s] = T,
    [INDEX_op_ext16u] = T, [INDEX_op_ext32s] = T, [INDEX_op_ext32u] = T,
    [INDEX_op_extract] = T, [INDEX_op_sextract] = T, [INDEX_op_deposit] = T,
    [INDEX_op_ext_i32_i64] = 0, [INDEX_op_extu_i32_i64] = 0,
    [INDEX_op_extrl_i64_i32] = 0, [INDEX_op_extrh_i64_i32] = 0,
    [INDEX_op_ld8u] = T, [INDEX_op_ld8s] = T, [INDEX_op_ld16u] = T,
    [INDEX_op_ld16s] = T, [INDEX_op_ld32u] = T, [INDEX_op_ld32s] = T, [INDEX_op_ld] = T,
    [INDEX_op_st8] = T | SE, [INDEX_op_st16] = T | SE, [INDEX_op_st32] = T | SE,
    [INDEX_op_st] = T | SE,
    [INDEX_op_qemu_ld] = T | SE, [INDEX_op_qemu_st] = T | SE,
    [INDEX_op_call] = SE,
    [INDEX_op_insn_start] = SE,
    [INDEX_op_goto_tb] = BE | X | SE,
    [INDEX_op_exit_tb] = BE | X | SE,
    [INDEX_op_goto_ptr] = BE | X | SE,
    [INDEX_op_mb] = SE,
    [INDEX_op_nop] = 0,
};
#undef SE
#undef BE
#undef X
#undef T

const TCGOpDef tcg_op_defs[NB_TCG_OPS] = {
#define TCG_DEF_ROW(nm, o, i, c, f) [INDEX_op_##nm] = { #nm, o, i, c, f },
    TCG_OPCODES(TCG_DEF_ROW)
#undef TCG_DEF_ROW
    [INDEX_op_nop] = { "nop", 0, 0, 0, 0 },
};

unsigned tcg_op_flags_of(TCGOpcode opc)
{
    return tcg_op_flags[opc] | tcg_op_defs[opc].flags;
}

unsigned tcg_op_nb_oargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->nouts : tcg_op_defs[op->opc].nb_oargs;
}

unsigned tcg_op_nb_iargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->nargs : tcg_op_defs[op->opc].nb_iargs;
}

unsigned tcg_op_nb_cargs(const TCGOp *op)
{
    return tcg_op_defs[op->opc].nb_cargs;
}

const TCGHelperInfo *tcg_op_call_info(const TCGOp *op)
{
    return (const TCGHelperInfo *)(uintptr_t)op->args[op->nouts + op->nargs];
}

TCGCond tcg_invert_cond(TCGCond c)
{
    static const TCGCond inv[] = {
        [TCG_COND_NEVER] = TCG_COND_ALWAYS, [TCG_COND_ALWAYS] = TCG_COND_NEVER,
        [TCG_COND_EQ] = TCG_COND_NE, [TCG_COND_NE] = TCG_COND_EQ,
        [TCG_COND_LT] = TCG_COND_GE, [TCG_COND_GE] = TCG_COND_LT,
        [TCG_COND_LE] = TCG_COND_GT, [TCG_COND_GT] = TCG_COND_LE,
        [TCG_COND_LTU] = TCG_COND_GEU, [TCG_COND_GEU] = TCG_COND_LTU,
        [TCG_COND_LEU] = TCG_COND_GTU, [TCG_COND_GTU] = TCG_COND_LEU,
    };
    return inv[c];
}

TCGCond tcg_swap_cond(TCGCond c)
{
    static const TCGCond sw[] = {
        [TCG_COND_NEVER] = TCG_COND_NEVER, [TCG_COND_ALWAYS] = TCG_COND_ALWAYS,
        [TCG_COND_EQ] = TCG_COND_EQ, [TCG_COND_NE] = TCG_COND_NE,
        [TCG_COND_LT] = TCG_COND_GT, [TCG_COND_GT] = TCG_COND_LT,
        [TCG_COND_LE] = TCG_COND_GE, [TCG_COND_GE] = TCG_COND_LE,
        [TCG_COND_LTU] = TCG_COND_GTU, [TCG_COND_GTU] = TCG_COND_LTU,
        [TCG_COND_LEU] = TCG_COND_GEU, [TCG_COND_GEU] = TCG_COND_LEU,
    };
    return sw[c];
}

bool tcg_eval_cond(TCGCond c, TCGType type, uint64_t a, uint64_t b)
{
    if (type == TCG_TYPE_I32) {
        a = (uint64_t)(int64_t)(int32_t)a;
        b = (uint64_t)(int64_t)(int32_t)b;
        if (c >= TCG_COND_LTU) {
            a = (uint32_t)a;
            b = (uint32_t)b;
        }
    }
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return (int64_t)a < (int64_t)b;
    case TCG_COND_GE: return (int64_t)a >= (int64_t)b;
    case TCG_COND_LE: return (int64_t)a <= (int64_t)b;
    case TCG_COND_GT: return (int64_t)a > (int64_t)b;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    }
    return false;
}

/* ---- Constant interning ----------------------------------------------- */

/* Open-addressed (type, value) -> temp index table, valid for one TB of the
   context that owns it (tcg_func_start bumps the generation). */
#define CONST_HASH_SIZE 2048
typedef struct ConstSlot {
    uint32_t gen;
    int32_t idx;
} ConstSlot;
static __thread ConstSlot const_hash[CONST_HASH_SIZE];
static __thread uint32_t const_gen;
static __thread const TCGContext *const_owner;

static void const_hash_reset(const TCGContext *s)
{
    const_owner = s;
    if (++const_gen == 0) {
        memset(const_hash, 0, sizeof(const_hash));
        const_gen = 1;
    }
}

/* ---- Context life cycle ------------------------------------------------ */

/* The last temp, label and op of each array are scratch targets returned
   after an overflow, so callers never see NULL. */
#define TEMP_LIMIT (TCG_MAX_TEMPS - 1)
#define LABEL_LIMIT (TCG_MAX_LABELS - 1)

void tcg_context_init(TCGContext *s)
{
    memset(s, 0, sizeof(*s));
    s->ops = calloc(TCG_MAX_OPS + 1, sizeof(TCGOp));
    if (!s->ops) {
        abort();
    }
    s->temps[0].type = TCG_TYPE_I64;
    s->temps[0].kind = TEMP_FIXED;
    s->temps[0].name = "env";
    s->nb_globals = 1;
    s->nb_temps = 1;
    tcg_ctx = s;
    tcg_func_start(s);
}

void tcg_func_start(TCGContext *s)
{
    tcg_ctx = s;
    s->nb_ops = 0;
    s->nb_temps = s->nb_globals;
    s->nb_labels = 0;
    s->nb_insns = 0;
    s->overflow = false;
    memset(s->goto_tb_insn_off, 0xff, sizeof(s->goto_tb_insn_off));
    memset(s->goto_tb_reset_off, 0xff, sizeof(s->goto_tb_reset_off));
    memset(s->goto_tb_loop_off, 0xff, sizeof(s->goto_tb_loop_off));
    const_hash_reset(s);
}

static TCGTemp *temp_alloc(TCGContext *s, int *idx)
{
    TCGTemp *t;

    if (s->nb_temps >= TEMP_LIMIT) {
        s->overflow = true;
        *idx = TEMP_LIMIT;
        t = &s->temps[TEMP_LIMIT];
        memset(t, 0, sizeof(*t));
        return t;
    }
    *idx = s->nb_temps++;
    t = &s->temps[*idx];
    memset(t, 0, sizeof(*t));
    return t;
}

static int global_new(TCGType type, int offset, const char *name)
{
    TCGContext *s = tcg_ctx;
    int idx;
    TCGTemp *t;

    /* Globals must be created before the first TB's temps. */
    assert(s->nb_temps == s->nb_globals);
    t = temp_alloc(s, &idx);
    assert(!s->overflow);
    t->type = type;
    t->kind = TEMP_GLOBAL;
    t->mem_offset = offset;
    t->name = name;
    s->nb_globals = s->nb_temps;
    return idx;
}

TCGv_i64 tcg_global_mem_new_i64(int offset, const char *name)
{
    return (TCGv_i64){ global_new(TCG_TYPE_I64, offset, name) };
}

TCGv_i32 tcg_global_mem_new_i32(int offset, const char *name)
{
    return (TCGv_i32){ global_new(TCG_TYPE_I32, offset, name) };
}

static int temp_new(TCGType type, TCGTempKind kind)
{
    int idx;
    TCGTemp *t = temp_alloc(tcg_ctx, &idx);

    t->type = type;
    t->kind = kind;
    return idx;
}

TCGv_i64 tcg_temp_new_i64(void) { return (TCGv_i64){ temp_new(TCG_TYPE_I64, TEMP_EBB) }; }
TCGv_i32 tcg_temp_new_i32(void) { return (TCGv_i32){ temp_new(TCG_TYPE_I32, TEMP_EBB) }; }
TCGv_i64 tcg_temp_new_tb_i64(void) { return (TCGv_i64){ temp_new(TCG_TYPE_I64, TEMP_TB) }; }
TCGv_i32 tcg_temp_new_tb_i32(void) { return (TCGv_i32){ temp_new(TCG_TYPE_I32, TEMP_TB) }; }

int tcg_constant_idx(TCGType type, int64_t val)
{
    TCGContext *s = tcg_ctx;
    uint64_t h;
    unsigned i, n;
    int idx;
    TCGTemp *t;

    if (type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    if (const_owner != s) {
        const_hash_reset(s);
    }
    h = ((uint64_t)val ^ ((uint64_t)val >> 29) ^ (uint64_t)type) * 0x9e3779b97f4a7c15ull;
    i = (unsigned)(h >> 40) & (CONST_HASH_SIZE - 1);
    for (n = 0; n < CONST_HASH_SIZE; n++, i = (i + 1) & (CONST_HASH_SIZE - 1)) {
        ConstSlot *slot = &const_hash[i];
        if (slot->gen != const_gen) {
            t = temp_alloc(s, &idx);
            t->type = type;
            t->kind = TEMP_CONST;
            t->val = val;
            if (idx != TEMP_LIMIT) {
                slot->gen = const_gen;
                slot->idx = idx;
            }
            return idx;
        }
        t = &s->temps[slot->idx];
        if (t->type == type && t->val == val) {
            return slot->idx;
        }
    }
    s->overflow = true;
    return TEMP_LIMIT;
}

TCGv_i64 tcg_constant_i64(int64_t val)
{
    return (TCGv_i64){ tcg_constant_idx(TCG_TYPE_I64, val) };
}

TCGv_i32 tcg_constant_i32(int32_t val)
{
    return (TCGv_i32){ tcg_constant_idx(TCG_TYPE_I32, val) };
}

/* ---- Labels ------------------------------------------------------------ */

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;
    TCGLabel *l;

    if (s->nb_labels >= LABEL_LIMIT) {
        s->overflow = true;
        l = &s->labels[LABEL_LIMIT];
        l->id = LABEL_LIMIT;
        return l;
    }
    l = &s->labels[s->nb_labels];
    memset(l, 0, sizeof(*l));
    l->id = s->nb_labels++;
    return l;
}

void gen_set_label(TCGLabel *l)
{
    TCGOp *op = tcg_emit_op(INDEX_op_set_label, TCG_TYPE_I64, 1);

    l->present = true;
    op->args[0] = l->id;
}

/* ---- Op emission ------------------------------------------------------- */

TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, int nargs_total)
{
    TCGContext *s = tcg_ctx;
    TCGOp *op;

    assert(nargs_total <= TCG_MAX_OP_ARGS);
    if (s->nb_ops >= TCG_MAX_OPS) {
        s->overflow = true;
        op = &s->ops[TCG_MAX_OPS];
    } else {
        op = &s->ops[s->nb_ops++];
    }
    memset(op, 0, sizeof(*op));
    op->opc = opc;
    op->type = type;
    return op;
}

/* ---- Dump --------------------------------------------------------------- */

static const char *const cond_names[] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always",
    [TCG_COND_EQ] = "eq", [TCG_COND_NE] = "ne",
    [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge", [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt",
    [TCG_COND_LTU] = "ltu", [TCG_COND_GEU] = "geu",
    [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
};

const char *tcg_cond_name(TCGCond c)
{
    return (unsigned)c < ARRAY_SIZE(cond_names) ? cond_names[c] : "?";
}

static int temp_name(const TCGContext *s, char *buf, size_t size, TCGArg arg)
{
    const TCGTemp *t;

    if (arg >= TCG_MAX_TEMPS) {
        return snprintf(buf, size, "?%" PRIu64, arg);
    }
    t = &s->temps[arg];
    switch (t->kind) {
    case TEMP_FIXED:
    case TEMP_GLOBAL:
        return snprintf(buf, size, "%s", t->name ? t->name : "global");
    case TEMP_CONST:
        if (t->type == TCG_TYPE_I32) {
            return snprintf(buf, size, "$0x%" PRIx32, (uint32_t)t->val);
        }
        return snprintf(buf, size, "$0x%" PRIx64, (uint64_t)t->val);
    case TEMP_TB:
        return snprintf(buf, size, "loc%d", (int)arg);
    default:
        return snprintf(buf, size, "tmp%d", (int)arg);
    }
}

static void memop_name(char *buf, size_t size, MemOpIdx oi)
{
    static const char *const sz[] = { "b", "w", "l", "q" };
    MemOp mop = get_memop(oi);

    snprintf(buf, size, "%s%s%s%s,%u", (mop & MO_BE) ? "be" : "le",
             (mop & MO_SIGN) ? "s" : "u", sz[mop & MO_SIZE],
             (mop & MO_ALIGN) ? "+al" : "", get_mmuidx(oi));
}

/* Format one op into buf (no newline); returns the length. */
int tcg_format_op(const TCGContext *s, const TCGOp *op, char *buf, size_t size)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    unsigned nb_o = tcg_op_nb_oargs(op), nb_i = tcg_op_nb_iargs(op);
    unsigned nb_c = tcg_op_nb_cargs(op), i, k = 0;
    size_t n = 0;
    char tmp[64];

#define OUT(...) do {                                                          \
        int r_ = snprintf(buf + n, n < size ? size - n : 0, __VA_ARGS__);      \
        n += r_ > 0 ? (size_t)r_ : 0;                                          \
    } while (0)

    switch (op->opc) {
    case INDEX_op_insn_start:
        OUT(" ---- %016" PRIx64 " %016" PRIx64, op->args[0], op->args[1]);
        return (int)MIN(n, size ? size - 1 : 0);
    case INDEX_op_call: {
        const TCGHelperInfo *info = tcg_op_call_info(op);
        OUT(" call %s,$0x%x,$%u", info->name ? info->name : "?", info->flags, nb_o);
        for (i = 0; i < nb_o + nb_i; i++) {
            temp_name(s, tmp, sizeof(tmp), op->args[i]);
            OUT(",%s", tmp);
        }
        return (int)MIN(n, size ? size - 1 : 0);
    }
    default:
        break;
    }

    if (tcg_op_flags_of(op->opc) & TCG_OPF_TYPED) {
        OUT(" %s_%s", def->name, op->type == TCG_TYPE_I32 ? "i32" : "i64");
    } else {
        OUT(" %s", def->name);
    }
    for (i = 0; i < nb_o + nb_i; i++) {
        temp_name(s, tmp, sizeof(tmp), op->args[i]);
        OUT("%s%s", k++ ? "," : " ", tmp);
    }
    for (i = 0; i < nb_c; i++) {
        TCGArg c = op->args[nb_o + nb_i + i];
        const char *sep = k++ ? "," : " ";
        switch (op->opc) {
        case INDEX_op_brcond:
            if (i == 0) {
                OUT("%s%s", sep, tcg_cond_name((TCGCond)c));
            } else {
                OUT("%s$L%d", sep, (int)c);
            }
            break;
        case INDEX_op_setcond:
        case INDEX_op_movcond:
            OUT("%s%s", sep, tcg_cond_name((TCGCond)c));
            break;
        case INDEX_op_set_label:
        case INDEX_op_br:
            OUT("%s$L%d", sep, (int)c);
            break;
        case INDEX_op_qemu_ld:
        case INDEX_op_qemu_st:
            memop_name(tmp, sizeof(tmp), (MemOpIdx)c);
            OUT("%s%s", sep, tmp);
            break;
        default:
            OUT("%s$0x%" PRIx64, sep, (uint64_t)c);
            break;
        }
    }
#undef OUT
    return (int)MIN(n, size ? size - 1 : 0);
}

void tcg_dump_ops(TCGContext *s, FILE *out)
{
    char buf[256];
    int i, n;
    unsigned a;

    for (i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_nop) {
            continue;
        }
        n = tcg_format_op(s, op, buf, sizeof(buf));
        if (op->life) {
            fprintf(out, "%-*s", n < 40 ? 40 : n, buf);
            if (op->life & 0xffff) {
                fputs("  dead:", out);
                for (a = 0; a < 16; a++) {
                    if (op->life & DEAD_ARG(a)) {
                        fprintf(out, " %u", a);
                    }
                }
            }
            if (op->life >> 16) {
                fputs("  sync:", out);
                for (a = 0; a < 16; a++) {
                    if (op->life & SYNC_ARG(a)) {
                        fprintf(out, " %u", a);
                    }
                }
            }
            fputc('\n', out);
        } else {
            fprintf(out, "%s\n", buf);
        }
    }
}
