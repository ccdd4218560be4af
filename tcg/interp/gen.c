/*
 * The interpreter back end: translate tcg_ctx's op list into the
 * pre-decoded code format of tcg/interp/interp.h, and the TCGBackend glue.
 */
#include "tcg/interp/interp.h"
#include "accel/cpu.h"

typedef struct Patch {
    uint32_t word;         /* index of the word to patch */
    int32_t target;        /* label id, or const temp index */
} Patch;

typedef struct Emitter {
    uint64_t *code;        /* rw view */
    const uint8_t *rx;
    size_t cap;            /* in words */
    size_t n;              /* words emitted */
    bool full;
    const void *const *table;
    Patch lpatch[TCG_MAX_OPS];
    int nb_lpatch;
    Patch cpatch[TCG_MAX_OPS * 4];
    int nb_cpatch;
    int32_t label_pos[TCG_MAX_LABELS];
    int32_t const_pos[TCG_MAX_TEMPS];
} Emitter;

static __thread Emitter *emitter;

static void put(Emitter *e, uint64_t w)
{
    if (e->n >= e->cap) {
        e->full = true;
        return;
    }
    e->code[e->n++] = w;
}

static void put_h(Emitter *e, InterpHandler h)
{
    put(e, (uint64_t)(uintptr_t)e->table[h]);
}

static uint64_t rx_word_addr(const Emitter *e, size_t word)
{
    return (uint64_t)(uintptr_t)(e->rx + word * 8);
}

/* An operand word for temp idx (constants are patched once the pool is
   placed). */
static void put_arg(Emitter *e, const TCGContext *s, TCGArg idx)
{
    const TCGTemp *t = &s->temps[idx];

    switch (t->kind) {
    case TEMP_GLOBAL:
        put(e, ((uint64_t)(int64_t)t->mem_offset << 2) | IB_ENV);
        break;
    case TEMP_CONST:
        if (e->nb_cpatch < (int)ARRAY_SIZE(e->cpatch)) {
            e->cpatch[e->nb_cpatch].word = e->n;
            e->cpatch[e->nb_cpatch].target = idx;
            e->nb_cpatch++;
        } else {
            e->full = true;
        }
        put(e, 0);
        break;
    default:   /* fixed (env: frame slot 0), TB and EBB temps */
        put(e, ((uint64_t)idx * 8 << 2) | IB_FRAME);
        break;
    }
}

static void put_label(Emitter *e, TCGArg id)
{
    if (e->nb_lpatch < (int)ARRAY_SIZE(e->lpatch)) {
        e->lpatch[e->nb_lpatch].word = e->n;
        e->lpatch[e->nb_lpatch].target = (int32_t)id;
        e->nb_lpatch++;
    } else {
        e->full = true;
    }
    put(e, 0);
}

static bool is64(const TCGOp *op)
{
    return op->type == TCG_TYPE_I64;
}

#define W2(name) (is64(op) ? IH_##name##_64 : IH_##name##_32)

static InterpHandler binop_handler(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_add: return W2(add);
    case INDEX_op_sub: return W2(sub);
    case INDEX_op_mul: return W2(mul);
    case INDEX_op_div: return W2(div);
    case INDEX_op_divu: return W2(divu);
    case INDEX_op_rem: return W2(rem);
    case INDEX_op_remu: return W2(remu);
    case INDEX_op_mulsh: return W2(mulsh);
    case INDEX_op_muluh: return W2(muluh);
    case INDEX_op_and: return W2(and);
    case INDEX_op_or: return W2(or);
    case INDEX_op_xor: return W2(xor);
    case INDEX_op_andc: return W2(andc);
    case INDEX_op_orc: return W2(orc);
    case INDEX_op_eqv: return W2(eqv);
    case INDEX_op_shl: return W2(shl);
    case INDEX_op_shr: return W2(shr);
    case INDEX_op_sar: return W2(sar);
    case INDEX_op_rotl: return W2(rotl);
    case INDEX_op_rotr: return W2(rotr);
    case INDEX_op_clz: return W2(clz);
    case INDEX_op_ctz: return W2(ctz);
    case INDEX_op_mov: return W2(mov);
    case INDEX_op_neg: return W2(neg);
    case INDEX_op_not: return W2(not);
    case INDEX_op_ctpop: return W2(ctpop);
    case INDEX_op_bswap16: return W2(bswap16);
    case INDEX_op_bswap32: return W2(bswap32);
    case INDEX_op_bswap64: return W2(bswap64);
    case INDEX_op_ext8s: return W2(ext8s);
    case INDEX_op_ext8u: return W2(ext8u);
    case INDEX_op_ext16s: return W2(ext16s);
    case INDEX_op_ext16u: return W2(ext16u);
    case INDEX_op_ext32s: return W2(ext32s);
    case INDEX_op_ext32u: return W2(ext32u);
    case INDEX_op_ext_i32_i64: return IH_ext_i32_i64;
    case INDEX_op_extu_i32_i64: return IH_extu_i32_i64;
    case INDEX_op_extrl_i64_i32: return IH_extrl_i64_i32;
    case INDEX_op_extrh_i64_i32: return IH_extrh_i64_i32;
    case INDEX_op_ld8u: return W2(ld8u);
    case INDEX_op_ld8s: return W2(ld8s);
    case INDEX_op_ld16u: return W2(ld16u);
    case INDEX_op_ld16s: return W2(ld16s);
    case INDEX_op_ld32u: return W2(ld32u);
    case INDEX_op_ld32s: return W2(ld32s);
    case INDEX_op_ld: return W2(ld);
    case INDEX_op_st8: return W2(st8);
    case INDEX_op_st16: return W2(st16);
    case INDEX_op_st32: return W2(st32);
    case INDEX_op_st: return W2(st);
    default:
        abort();
    }
}

/* Handlers of the conditional ops, indexed by TCGCond - TCG_COND_EQ. */
#define CONDH(c) \
    { IH_setcond_##c##_64, IH_setcond_##c##_32, IH_movcond_##c##_64, \
      IH_movcond_##c##_32, IH_brcond_##c##_64, IH_brcond_##c##_32 }
static const InterpHandler cond_handlers[10][6] = {
    CONDH(eq), CONDH(ne), CONDH(lt), CONDH(ge), CONDH(le), CONDH(gt),
    CONDH(ltu), CONDH(geu), CONDH(leu), CONDH(gtu),
};
#undef CONDH

static InterpHandler cond_handler(const TCGOp *op, TCGCond c, int kind)
{
    return cond_handlers[c - TCG_COND_EQ][kind * 2 + (is64(op) ? 0 : 1)];
}

/* Handlers with an inline constant second operand, or IH_COUNT. */
static InterpHandler imm_handler(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_add: return W2(addi);
    case INDEX_op_mul: return W2(muli);
    case INDEX_op_and: return W2(andi);
    case INDEX_op_or: return W2(ori);
    case INDEX_op_xor: return W2(xori);
    default: return IH_COUNT;
    }
}

static InterpHandler shift_imm_handler(const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_shl: return W2(shli);
    case INDEX_op_shr: return W2(shri);
    case INDEX_op_sar: return W2(sari);
    default: return IH_COUNT;
    }
}

#define CONDIH(c) \
    { IH_setcondi_##c##_64, IH_setcondi_##c##_32, IH_brcondi_##c##_64, IH_brcondi_##c##_32 }
static const InterpHandler condi_handlers[10][4] = {
    CONDIH(eq), CONDIH(ne), CONDIH(lt), CONDIH(ge), CONDIH(le), CONDIH(gt),
    CONDIH(ltu), CONDIH(geu), CONDIH(leu), CONDIH(gtu),
};
#undef CONDIH

static bool is_const_arg(const TCGContext *s, TCGArg a)
{
    return s->temps[a].kind == TEMP_CONST;
}

/* The immediate word of a constant operand (i32: the low 32 bits matter). */
static uint64_t imm_of(const TCGContext *s, TCGArg a)
{
    return (uint64_t)s->temps[a].val;
}

static void gen_op(Emitter *e, TCGContext *s, const TCGOp *op)
{
    const TCGArg *a = op->args;
    TCGCond c;

    switch (op->opc) {
    case INDEX_op_nop:
    case INDEX_op_discard:
    case INDEX_op_insn_start:
        break;
    case INDEX_op_set_label:
        e->label_pos[a[0]] = (int32_t)e->n;
        break;
    case INDEX_op_br:
        put_h(e, IH_br);
        put_label(e, a[0]);
        break;
    case INDEX_op_brcond:
        c = (TCGCond)a[2];
        if (c == TCG_COND_NEVER) {
            break;
        }
        if (c == TCG_COND_ALWAYS) {
            put_h(e, IH_br);
            put_label(e, a[3]);
            break;
        }
        if (is_const_arg(s, a[1])) {
            put_h(e, condi_handlers[c - TCG_COND_EQ][2 + (is64(op) ? 0 : 1)]);
            put_arg(e, s, a[0]);
            put(e, imm_of(s, a[1]));
        } else {
            put_h(e, cond_handler(op, c, 2));
            put_arg(e, s, a[0]);
            put_arg(e, s, a[1]);
        }
        put_label(e, a[3]);
        break;
    case INDEX_op_setcond:
        c = (TCGCond)a[3];
        if (c == TCG_COND_NEVER || c == TCG_COND_ALWAYS) {
            put_h(e, W2(mov));
            put_arg(e, s, a[0]);
            put_arg(e, s, tcg_constant_idx(op->type, c == TCG_COND_ALWAYS));
            break;
        }
        if (is_const_arg(s, a[2])) {
            put_h(e, condi_handlers[c - TCG_COND_EQ][is64(op) ? 0 : 1]);
            put_arg(e, s, a[0]);
            put_arg(e, s, a[1]);
            put(e, imm_of(s, a[2]));
            break;
        }
        put_h(e, cond_handler(op, c, 0));
        put_arg(e, s, a[0]);
        put_arg(e, s, a[1]);
        put_arg(e, s, a[2]);
        break;
    case INDEX_op_movcond:
        c = (TCGCond)a[5];
        if (c == TCG_COND_NEVER || c == TCG_COND_ALWAYS) {
            put_h(e, W2(mov));
            put_arg(e, s, a[0]);
            put_arg(e, s, c == TCG_COND_ALWAYS ? a[3] : a[4]);
            break;
        }
        put_h(e, cond_handler(op, c, 1));
        for (int i = 0; i < 5; i++) {
            put_arg(e, s, a[i]);
        }
        break;
    case INDEX_op_extract:
    case INDEX_op_sextract:
        if (op->opc == INDEX_op_extract) {
            put_h(e, W2(extract));
        } else {
            put_h(e, W2(sextract));
        }
        put_arg(e, s, a[0]);
        put_arg(e, s, a[1]);
        put(e, a[2]);
        put(e, a[3]);
        break;
    case INDEX_op_deposit:
        put_h(e, W2(deposit));
        put_arg(e, s, a[0]);
        put_arg(e, s, a[1]);
        put_arg(e, s, a[2]);
        put(e, a[3]);
        put(e, a[4]);
        break;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld:
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st:
        put_h(e, binop_handler(op));
        put_arg(e, s, a[0]);
        put_arg(e, s, a[1]);
        put(e, a[2]);
        break;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        put_h(e, op->opc == INDEX_op_qemu_ld ? IH_qemu_ld : IH_qemu_st);
        put_arg(e, s, a[0]);
        put_arg(e, s, a[1]);
        put(e, a[2]);
        break;
    case INDEX_op_call: {
        const TCGHelperInfo *info = tcg_op_call_info(op);
        unsigned i;
        put_h(e, op->nouts ? IH_call : IH_callv);
        put(e, (uint64_t)(uintptr_t)info->func);
        put(e, op->nargs);
        for (i = 0; i < (unsigned)op->nouts + op->nargs; i++) {
            put_arg(e, s, a[i]);
        }
        break;
    }
    case INDEX_op_goto_tb: {
        unsigned slot = (unsigned)a[0];
        put_h(e, IH_goto_tb);
        s->goto_tb_insn_off[slot] = (uint32_t)(e->n * 8);
        put(e, rx_word_addr(e, e->n + 1));
        s->goto_tb_reset_off[slot] = (uint32_t)(e->n * 8);
        break;
    }
    case INDEX_op_exit_tb:
        put_h(e, IH_exit_tb);
        put(e, a[0]);
        break;
    case INDEX_op_goto_ptr:
        put_h(e, IH_goto_ptr);
        put_arg(e, s, a[0]);
        break;
    case INDEX_op_mb:
        put_h(e, IH_mb);
        break;
    default: {
        /* Unary and binary ops: outputs then inputs, all temps. */
        unsigned n = tcg_op_nb_oargs(op) + tcg_op_nb_iargs(op), i;
        if (op->opc == INDEX_op_mov && is_const_arg(s, a[1])) {
            put_h(e, W2(movi));
            put_arg(e, s, a[0]);
            put(e, imm_of(s, a[1]));
            break;
        }
        if (n == 3 && is_const_arg(s, a[2])) {
            InterpHandler h = imm_handler(op);
            uint64_t imm = imm_of(s, a[2]);
            if (h == IH_COUNT && (h = shift_imm_handler(op)) != IH_COUNT) {
                imm &= is64(op) ? 63 : 31;
            }
            if (h == IH_COUNT && op->opc == INDEX_op_sub) {
                h = W2(addi);
                imm = 0 - imm;
            }
            if (h != IH_COUNT) {
                put_h(e, h);
                put_arg(e, s, a[0]);
                put_arg(e, s, a[1]);
                put(e, imm);
                break;
            }
        }
        put_h(e, binop_handler(op));
        for (i = 0; i < n; i++) {
            put_arg(e, s, a[i]);
        }
        break;
    }
    }
}

/* "ld_i32 t, env, off; brcond_i32 t, $0, ne, L" with t dead after: the
   exit_request test at every TB entry, as one instruction. */
static bool fuse_ld_brcond(Emitter *e, TCGContext *s, const TCGOp *ld, const TCGOp *br)
{
    if (ld->opc != INDEX_op_ld || ld->type != TCG_TYPE_I32 || br->opc != INDEX_op_brcond ||
        br->type != TCG_TYPE_I32 || br->args[0] != ld->args[0] ||
        s->temps[ld->args[1]].kind != TEMP_FIXED || !is_const_arg(s, br->args[1]) ||
        (int32_t)imm_of(s, br->args[1]) != 0 || br->args[2] != TCG_COND_NE ||
        !(br->life & DEAD_ARG(0)) || s->temps[ld->args[0]].kind == TEMP_GLOBAL) {
        return false;
    }
    put_h(e, IH_ld32_brnz);
    put(e, ld->args[2]);
    put_label(e, br->args[3]);
    return true;
}

/* "add_i64 t, base, $off; qemu_ld/st ..., t" with t dead after the access:
   one instruction that adds the offset itself.  Both ops belong to the same
   guest instruction (no insn_start in between). */
static bool fuse_addr_ldst(Emitter *e, TCGContext *s, const TCGOp *add, const TCGOp *mem)
{
    TCGArg t = add->args[0];

    if (add->opc != INDEX_op_add || add->type != TCG_TYPE_I64 ||
        (mem->opc != INDEX_op_qemu_ld && mem->opc != INDEX_op_qemu_st) ||
        mem->type != TCG_TYPE_I64 || mem->args[1] != t || !(mem->life & DEAD_ARG(1)) ||
        !is_const_arg(s, add->args[2]) || is_const_arg(s, add->args[1]) ||
        s->temps[t].kind == TEMP_GLOBAL || s->temps[t].kind == TEMP_FIXED ||
        (mem->opc == INDEX_op_qemu_st && mem->args[0] == t)) {
        return false;
    }
    put_h(e, mem->opc == INDEX_op_qemu_ld ? IH_qemu_ld_off : IH_qemu_st_off);
    put_arg(e, s, mem->args[0]);
    put_arg(e, s, add->args[1]);
    put(e, imm_of(s, add->args[2]));
    put(e, mem->args[2]);
    return true;
}

static long interp_gen_code(TCGContext *s, TranslationBlock *tb, uint8_t *buf_rw,
                            const uint8_t *buf_rx, size_t size)
{
    Emitter *e = emitter;
    int i, insn = -1;

    assert(((uintptr_t)buf_rw & 7) == 0 && ((uintptr_t)buf_rx & 7) == 0);
    if (!e) {
        e = emitter = calloc(1, sizeof(*emitter));
        if (!e) {
            abort();
        }
    }
    interp_run(NULL, NULL, &e->table);
    e->code = (uint64_t *)buf_rw;
    e->rx = buf_rx;
    e->cap = size / 8;
    e->n = 0;
    e->full = false;
    e->nb_lpatch = 0;
    e->nb_cpatch = 0;
    for (i = 0; i < s->nb_labels; i++) {
        e->label_pos[i] = -1;
    }

    for (i = 0; i < s->nb_ops && !e->full; i++) {
        const TCGOp *op = &s->ops[i];
        if (op->opc == INDEX_op_insn_start) {
            if (insn >= 0 && insn < TCG_MAX_INSNS) {
                s->insn_end_off[insn] = (uint32_t)(e->n * 8);
            }
            insn++;
        }
        if (i + 1 < s->nb_ops && (fuse_ld_brcond(e, s, op, &s->ops[i + 1]) ||
                                  fuse_addr_ldst(e, s, op, &s->ops[i + 1]))) {
            i++;
            continue;
        }
        gen_op(e, s, op);
    }
    if (insn >= 0 && insn < TCG_MAX_INSNS) {
        s->insn_end_off[insn] = (uint32_t)(e->n * 8);
    }
    if (e->full) {
        return -1;
    }
    /* TranslationBlock keeps jump offsets in 16 bits. */
    for (i = 0; i < 2; i++) {
        if (s->goto_tb_reset_off[i] != UINT32_MAX && s->goto_tb_reset_off[i] >= 0xff00) {
            return TCG_GEN_TOO_LARGE;
        }
    }

    for (i = 0; i < e->nb_lpatch; i++) {
        const Patch *p = &e->lpatch[i];
        assert(e->label_pos[p->target] >= 0);
        e->code[p->word] = rx_word_addr(e, e->label_pos[p->target]);
    }

    /* The constant pool: one 8-byte entry per constant temp used. */
    for (i = 0; i < e->nb_cpatch; i++) {
        e->const_pos[e->cpatch[i].target] = -1;
    }
    for (i = 0; i < e->nb_cpatch; i++) {
        const Patch *p = &e->cpatch[i];
        int32_t *pos = &e->const_pos[p->target];
        if (*pos < 0) {
            *pos = (int32_t)e->n;
            put(e, (uint64_t)s->temps[p->target].val);
            if (e->full) {
                return -1;
            }
        }
        e->code[p->word] = (rx_word_addr(e, *pos) << 2) | IB_ABS;
    }
    return (long)(e->n * 8);
}

static void interp_init(uint8_t *buf_rw, const uint8_t *buf_rx, size_t size, size_t *used)
{
    *used = 0;
}

static uintptr_t interp_exec(CPUState *cpu, const void *tc)
{
    return interp_run(cpu, (const uint64_t *)tc, NULL);
}

static void interp_set_jmp_target(uint8_t *jmp_rw, const uint8_t *jmp_rx,
                                  const uint8_t *target)
{
    __atomic_store_n((uint64_t *)jmp_rw, (uint64_t)(uintptr_t)target, __ATOMIC_RELEASE);
}

const TCGBackend tcg_backend_interp = {
    .name = "interp",
    .init = interp_init,
    .gen_code = interp_gen_code,
    .exec = interp_exec,
    .set_jmp_target = interp_set_jmp_target,
    .disas = interp_disas,
};
