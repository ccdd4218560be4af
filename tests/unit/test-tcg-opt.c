/*
 * The optimizer and liveness passes, checked on the IR they produce: each
 * test builds a small op list, runs the pass(es) and compares the dump
 * (nops are not printed) with the expected text.  Also the tcg_gen_*
 * emission simplifications and the dump format itself.
 */
#include "tcg-test.h"

#define I64 TCG_TYPE_I64
#define I32 TCG_TYPE_I32

static char dump_buf[16384];

/* Run the passes and return the dump. */
static const char *passes(bool opt, bool live)
{
    FILE *f;

    if (opt) {
        tcg_optimize(&t_ctx);
    }
    if (live) {
        tcg_liveness_analysis(&t_ctx);
    }
    f = fmemopen(dump_buf, sizeof(dump_buf), "w");
    tcg_dump_ops(&t_ctx, f);
    fputc('\0', f);
    fclose(f);
    return dump_buf;
}

/* Compare dumps with runs of spaces collapsed (life annotations are
   column-aligned in the dump). */
static void squeeze(const char *in, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;

    for (; *in && n + 1 < size; in++) {
        if (*in == ' ') {
            if (!space) {
                out[n++] = ' ';
            }
            space = true;
        } else {
            out[n++] = *in;
            space = false;
        }
    }
    out[n] = '\0';
}

#define CHECK_IR(got, want) do {                                               \
        static char g_[16384], w_[16384];                                      \
        squeeze((got), g_, sizeof(g_));                                        \
        squeeze((want), w_, sizeof(w_));                                       \
        if (strcmp(g_, w_) != 0) {                                             \
            printf("  IR mismatch at %s:%d\n--- got:\n%s--- want:\n%s",       \
                   __FILE__, __LINE__, g_, w_);                                \
            harness_failed_now = 1;                                            \
        }                                                                      \
    } while (0)

static const char *optimized(void)
{
    return passes(true, false);
}

static void start(void)
{
    tcg_func_start(&t_ctx);
}

static TCGv_i64 c64(int64_t v)
{
    return tcg_constant_i64(v);
}

/* ---- Emission (tcg-op.c) ---- */

static void test_emit_simplifications(void)
{
    start();
    tcg_gen_addi_i64(t_x[1], t_x[2], 0);
    tcg_gen_andi_i64(t_x[1], t_x[2], -1);
    tcg_gen_andi_i64(t_x[1], t_x[2], 0);
    tcg_gen_ori_i64(t_x[1], t_x[2], -1);
    tcg_gen_xori_i64(t_x[1], t_x[2], -1);
    tcg_gen_subi_i64(t_x[1], t_x[2], 16);
    tcg_gen_muli_i64(t_x[1], t_x[2], 8);
    tcg_gen_shli_i64(t_x[1], t_x[2], 0);
    tcg_gen_andi_i64(t_x[1], t_x[2], 0xffffffff);
    tcg_gen_mov_i64(t_x[1], t_x[1]);
    tcg_gen_extract_i64(t_x[1], t_x[2], 32, 32);
    tcg_gen_sextract_i64(t_x[1], t_x[2], 0, 16);
    tcg_gen_addi_i32(t_w[1], t_w[2], 0x7fffffff);
    CHECK_IR(passes(false, false),
                " mov_i64 x1,x2\n"
                " mov_i64 x1,x2\n"
                " mov_i64 x1,$0x0\n"
                " mov_i64 x1,$0xffffffffffffffff\n"
                " not_i64 x1,x2\n"
                " add_i64 x1,x2,$0xfffffffffffffff0\n"
                " shl_i64 x1,x2,$0x3\n"
                " mov_i64 x1,x2\n"
                " ext32u_i64 x1,x2\n"
                " shr_i64 x1,x2,$0x20\n"
                " ext16s_i64 x1,x2\n"
                " add_i32 w1,w2,$0x7fffffff\n");
}

static void test_dump_format(void)
{
    TCGLabel *l;
    TCGv_i64 t;
    static const TCGHelperInfo info = { "helper_x", NULL, 0, 2, true };

    start();
    t = tcg_temp_new_i64();
    l = gen_new_label();
    tcg_gen_insn_start(0x80000000, 1);
    tcg_gen_addi_i64(t_x[5], t_x[5], 0x10);
    tcg_gen_brcondi_i64(TCG_COND_LTU, t_x[5], 7, l);
    tcg_gen_qemu_ld_i64(t, t_x[5], 3, MO_SL | MO_ALIGN);
    tcg_gen_call(&info, t_x[6], tcg_env, t);
    gen_set_label(l);
    tcg_gen_ld32s_i64(t_x[1], tcg_env, 0x40);
    tcg_gen_exit_tb((const TranslationBlock *)0x1000, 1);
    {
        char want[512];
        snprintf(want, sizeof(want),
                 " ---- 0000000080000000 0000000000000001\n"
                 " add_i64 x5,x5,$0x10\n"
                 " brcond_i64 x5,$0x7,ltu,$L0\n"
                 " qemu_ld_i64 tmp%d,x5,lesl+al,3\n"
                 " call helper_x,$0x0,$1,x6,env,tmp%d\n"
                 " set_label $L0\n"
                 " ld32s_i64 x1,env,$0x40\n"
                 " exit_tb $0x1001\n", t.idx, t.idx);
        CHECK_IR(passes(false, false), want);
    }
}

/* ---- Folding ---- */

static void test_fold_arith(void)
{
    start();
    tcg_gen_add_i64(t_x[1], c64(2), c64(3));
    tcg_gen_div_i64(t_x[2], c64(5), c64(0));
    tcg_gen_rem_i64(t_x[3], c64(INT64_MIN), c64(-1));
    tcg_gen_shl_i64(t_x[4], c64(1), c64(65));
    tcg_gen_clz_i64(t_x[5], c64(0), c64(99));
    tcg_gen_bswap32_i64(t_x[6], c64(0x11223344));
    tcg_gen_extract_i64(t_x[7], c64(0xabcd), 4, 8);
    tcg_gen_movcond_i64(TCG_COND_LT, t_x[8], c64(-1), c64(1), t_x[9], t_x[10]);
    tcg_gen_setcond_i64(TCG_COND_LTU, t_x[9], c64(-1), c64(1));
    CHECK_IR(optimized(),
                " mov_i64 x1,$0x5\n"
                " mov_i64 x2,$0xffffffffffffffff\n"
                " mov_i64 x3,$0x0\n"
                " mov_i64 x4,$0x2\n"
                " mov_i64 x5,$0x63\n"
                " mov_i64 x6,$0x44332211\n"
                " mov_i64 x7,$0xbc\n"
                " mov_i64 x8,x9\n"
                " mov_i64 x9,$0x0\n");
}

/* i32 results are interned sign-extended. */
static void test_fold_i32(void)
{
    TCGOp *op;
    int i;

    start();
    tcg_gen_add_i32(t_w[1], tcg_constant_i32(0x7fffffff), tcg_constant_i32(1));
    tcg_gen_sar_i32(t_w[2], tcg_constant_i32(INT32_MIN), tcg_constant_i32(31));
    tcg_gen_div_i32(t_w[3], tcg_constant_i32(INT32_MIN), tcg_constant_i32(-1));
    tcg_gen_shr_i32(t_w[0], tcg_constant_i32(INT32_MIN), tcg_constant_i32(63));
    CHECK_IR(optimized(),
                " mov_i32 w1,$0x80000000\n"
                " mov_i32 w2,$0xffffffff\n"
                " mov_i32 w3,$0x80000000\n"
                " mov_i32 w0,$0x1\n");
    for (i = 0; i < t_ctx.nb_ops; i++) {
        op = &t_ctx.ops[i];
        if (op->opc == INDEX_op_mov && op->args[0] == (TCGArg)t_w[1].idx) {
            CHECK_EQ(t_ctx.temps[op->args[1]].val, (int64_t)INT32_MIN);
        }
        if (op->opc == INDEX_op_mov && op->args[0] == (TCGArg)t_w[2].idx) {
            CHECK_EQ(t_ctx.temps[op->args[1]].val, -1);
        }
    }
}

static void test_fold_width_changes(void)
{
    TCGv_i32 t;

    start();
    t = tcg_temp_new_i32();
    tcg_gen_extrh_i64_i32(t, c64(0x8000000100000000ll));
    tcg_gen_ext_i32_i64(t_x[1], t);
    tcg_gen_extu_i32_i64(t_x[2], t);
    tcg_gen_extrl_i64_i32(t_w[1], c64(0x12345678ffffffffll));
    {
        char want[256];
        snprintf(want, sizeof(want),
                 " mov_i32 tmp%d,$0x80000001\n"
                 " mov_i64 x1,$0xffffffff80000001\n"
                 " mov_i64 x2,$0x80000001\n"
                 " mov_i32 w1,$0xffffffff\n", t.idx);
        CHECK_IR(optimized(), want);
    }
}

/* ---- Propagation ---- */

static void test_const_and_copy_propagation(void)
{
    TCGv_i64 a, b;

    start();
    a = tcg_temp_new_i64();
    b = tcg_temp_new_i64();
    tcg_gen_movi_i64(a, 7);
    tcg_gen_add_i64(t_x[1], t_x[2], a);      /* a -> $7 */
    tcg_gen_mov_i64(b, t_x[3]);
    tcg_gen_sub_i64(t_x[4], b, t_x[5]);      /* b -> x3 */
    tcg_gen_mov_i64(t_x[3], t_x[6]);         /* x3 changes: b keeps the old value */
    tcg_gen_add_i64(t_x[7], b, b);           /* b is no copy of x3 any more */
    tcg_gen_mov_i64(b, t_x[4]);
    tcg_gen_mov_i64(b, t_x[4]);              /* redundant */
    tcg_gen_mul_i64(t_x[8], a, c64(3));      /* 21 */
    {
        char want[512];
        snprintf(want, sizeof(want),
                 " mov_i64 tmp%d,$0x7\n"
                 " add_i64 x1,x2,$0x7\n"
                 " mov_i64 tmp%d,x3\n"
                 " sub_i64 x4,x3,x5\n"
                 " mov_i64 x3,x6\n"
                 " add_i64 x7,tmp%d,tmp%d\n"
                 " mov_i64 tmp%d,x4\n"
                 " mov_i64 x8,$0x15\n", a.idx, b.idx, b.idx, b.idx, b.idx);
        CHECK_IR(optimized(), want);
    }
}

static void test_commutative_constant_second(void)
{
    TCGLabel *l;

    start();
    l = gen_new_label();
    tcg_gen_add_i64(t_x[1], c64(5), t_x[2]);
    tcg_gen_setcond_i64(TCG_COND_LT, t_x[3], c64(5), t_x[2]);
    tcg_gen_brcond_i64(TCG_COND_GTU, c64(5), t_x[2], l);
    gen_set_label(l);
    CHECK_IR(optimized(),
                " add_i64 x1,x2,$0x5\n"
                " setcond_i64 x3,x2,$0x5,gt\n"
                " brcond_i64 x2,$0x5,ltu,$L0\n"
                " set_label $L0\n");
}

/* ---- Algebraic identities (operands are not constants) ---- */

static void test_algebraic(void)
{
    TCGv_i64 a = t_x[14], b = t_x[15];

    start();
    tcg_gen_add_i64(t_x[0], a, c64(0));
    tcg_gen_mul_i64(t_x[1], a, c64(1));
    tcg_gen_mul_i64(t_x[2], a, c64(0));
    tcg_gen_and_i64(t_x[3], a, c64(0));
    tcg_gen_and_i64(t_x[4], a, c64(-1));
    tcg_gen_or_i64(t_x[5], a, c64(0));
    tcg_gen_or_i64(t_x[6], a, c64(-1));
    tcg_gen_xor_i64(t_x[7], a, a);
    tcg_gen_sub_i64(t_x[8], a, a);
    tcg_gen_and_i64(t_x[9], b, b);
    tcg_gen_shl_i64(t_x[10], b, c64(0));
    tcg_gen_sar_i64(t_x[11], b, c64(64));   /* count mod 64 = 0 */
    tcg_gen_eqv_i64(t_x[12], b, b);
    tcg_gen_add_i64(t_x[13], t_x[13], c64(0));    /* mov to itself: removed */
    CHECK_IR(optimized(),
             " mov_i64 x0,x14\n"
             " mov_i64 x1,x14\n"
             " mov_i64 x2,$0x0\n"
             " mov_i64 x3,$0x0\n"
             " mov_i64 x4,x14\n"
             " mov_i64 x5,x14\n"
             " mov_i64 x6,$0xffffffffffffffff\n"
             " mov_i64 x7,$0x0\n"
             " mov_i64 x8,$0x0\n"
             " mov_i64 x9,x15\n"
             " mov_i64 x10,x15\n"
             " mov_i64 x11,x15\n"
             " mov_i64 x12,$0xffffffffffffffff\n");
}

static void test_algebraic_2(void)
{
    TCGv_i64 a = t_x[14];

    start();
    tcg_gen_setcond_i64(TCG_COND_GE, t_x[1], a, a);
    tcg_gen_setcond_i64(TCG_COND_LTU, t_x[2], a, a);
    tcg_gen_setcondi_i64(TCG_COND_GEU, t_x[3], a, 0);
    tcg_gen_movcond_i64(TCG_COND_EQ, t_x[4], t_x[13], t_x[13], t_x[5], t_x[6]);
    tcg_gen_movcond_i64(TCG_COND_LT, t_x[7], t_x[12], t_x[13], t_x[5], t_x[5]);
    tcg_gen_divu_i64(t_x[8], a, c64(1));
    tcg_gen_and_i32(t_w[1], t_w[2], tcg_constant_i32(-1));
    tcg_gen_orc_i64(t_x[9], a, a);
    tcg_gen_andc_i64(t_x[10], a, a);
    /* a copy of a copy is still the same value */
    tcg_gen_mov_i64(t_x[11], a);
    tcg_gen_sub_i64(t_x[12], t_x[11], a);
    CHECK_IR(optimized(),
             " mov_i64 x1,$0x1\n"
             " mov_i64 x2,$0x0\n"
             " mov_i64 x3,$0x1\n"
             " mov_i64 x4,x5\n"
             " mov_i64 x7,x5\n"
             " mov_i64 x8,x14\n"
             " mov_i32 w1,w2\n"
             " mov_i64 x9,$0xffffffffffffffff\n"
             " mov_i64 x10,$0x0\n"
             " mov_i64 x11,x14\n"
             " mov_i64 x12,$0x0\n");
}

/* Known-zero bits turn extensions and masks that cannot change the value
   into moves. */
static void test_known_zero_bits(void)
{
    TCGv_i64 t;

    start();
    t = tcg_temp_new_i64();
    tcg_gen_extract_i64(t_x[1], t_x[2], 1, 31);     /* srliw: 31 bits */
    tcg_gen_ext32s_i64(t_x[3], t_x[1]);              /* -> mov */
    tcg_gen_ld32u_i64(t, tcg_env, 0x40);
    tcg_gen_ext32u_i64(t_x[4], t);                   /* -> mov */
    tcg_gen_qemu_ld_i64(t_x[5], t_x[6], 0, MO_UB);
    tcg_gen_andi_i64(t_x[7], t_x[5], 0x1ff);         /* -> mov */
    tcg_gen_shri_i64(t_x[8], t_x[9], 56);
    tcg_gen_ext8s_i64(t_x[10], t_x[8]);              /* bit 7 may be set: kept */
    tcg_gen_ext8u_i64(t_x[11], t_x[8]);              /* -> mov */
    tcg_gen_setcond_i64(TCG_COND_LT, t_x[12], t_x[13], t_x[14]);
    tcg_gen_ext8s_i64(t_x[12], t_x[12]);             /* 0 or 1: removed */
    tcg_gen_ext32s_i64(t_x[13], t_x[14]);            /* unknown: kept */
    {
        char want[768];
        snprintf(want, sizeof(want),
                 " extract_i64 x1,x2,$0x1,$0x1f\n"
                 " mov_i64 x3,x1\n"
                 " ld32u_i64 tmp%d,env,$0x40\n"
                 " mov_i64 x4,tmp%d\n"
                 " qemu_ld_i64 x5,x6,leub,0\n"
                 " mov_i64 x7,x5\n"
                 " shr_i64 x8,x9,$0x38\n"
                 " ext8s_i64 x10,x8\n"
                 " mov_i64 x11,x8\n"
                 " setcond_i64 x12,x13,x14,lt\n"
                 " ext32s_i64 x13,x14\n", t.idx, t.idx);
        CHECK_IR(optimized(), want);
    }
}

/* RV64 "W" shapes become 64-bit ops plus ext32s. */
static void test_widen_w_ops(void)
{
    TCGv_i32 a, b, c, s3;
    TCGv_i64 t;

    start();
    a = tcg_temp_new_i32();
    b = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(a, t_x[1]);                /* subw x3, x1, x2 */
    tcg_gen_extrl_i64_i32(b, t_x[2]);
    tcg_gen_sub_i32(a, a, b);
    tcg_gen_ext_i32_i64(t_x[3], a);
    a = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(a, t_x[4]);                /* addiw x5, x4, -1 */
    tcg_gen_addi_i32(a, a, -1);
    tcg_gen_ext_i32_i64(t_x[5], a);
    s3 = tcg_temp_new_i32();
    c = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(s3, t_x[6]);               /* srlw: not widened */
    tcg_gen_shri_i32(c, s3, 3);
    tcg_gen_ext_i32_i64(t_x[7], c);
    a = tcg_temp_new_i32();
    tcg_gen_extrl_i64_i32(a, t_x[8]);                /* result read again: kept */
    tcg_gen_neg_i32(a, a);
    tcg_gen_ext_i32_i64(t_x[9], a);
    tcg_gen_mov_i32(t_w[1], a);
    tcg_gen_exit_tb(NULL, 0);
    t = (TCGv_i64){ t_ctx.nb_temps };               /* the first widened temp */
    {
        char want[1024];
        snprintf(want, sizeof(want),
                 " sub_i64 tmp%d,x1,x2 dead: 1 2\n"
                 " ext32s_i64 x3,tmp%d dead: 0 1 sync: 0\n"
                 " add_i64 tmp%d,x4,$0xffffffffffffffff dead: 1\n"
                 " ext32s_i64 x5,tmp%d dead: 0 1 sync: 0\n"
                 " extrl_i64_i32 tmp%d,x6 dead: 1\n"
                 " shr_i32 tmp%d,tmp%d,$0x3 dead: 1\n"
                 " ext_i32_i64 x7,tmp%d dead: 0 1 sync: 0\n"
                 " extrl_i64_i32 tmp%d,x8 dead: 1\n"
                 " neg_i32 tmp%d,tmp%d dead: 1\n"
                 " ext_i32_i64 x9,tmp%d dead: 0 sync: 0\n"
                 " mov_i32 w1,tmp%d dead: 0 1 sync: 0\n"
                 " exit_tb $0x0\n",
                 t.idx, t.idx, t.idx + 1, t.idx + 1,
                 s3.idx, c.idx, s3.idx, c.idx,
                 a.idx, a.idx, a.idx, a.idx, a.idx);
        CHECK_IR(passes(true, true), want);
    }
}

/* ---- Branches and dead code ---- */

static void test_brcond_known(void)
{
    TCGLabel *l1, *l2;

    start();
    l1 = gen_new_label();
    l2 = gen_new_label();
    tcg_gen_movi_i64(t_x[1], 5);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t_x[1], 6, l1);     /* never: removed */
    tcg_gen_addi_i64(t_x[2], t_x[1], 1);                /* still folded */
    tcg_gen_brcondi_i64(TCG_COND_LT, t_x[1], 6, l2);     /* always: br */
    tcg_gen_movi_i64(t_x[3], 1);                        /* dead */
    gen_set_label(l1);                                  /* unused now */
    tcg_gen_movi_i64(t_x[4], 1);                        /* dead */
    gen_set_label(l2);
    tcg_gen_addi_i64(t_x[5], t_x[1], 2);
    /* the br to the next label went away, so l2 is unused and x1 stays known */
    CHECK_IR(optimized(),
                " mov_i64 x1,$0x5\n"
                " mov_i64 x2,$0x6\n"
                " mov_i64 x5,$0x7\n");
}

static void test_label_resets_knowledge(void)
{
    TCGLabel *l;

    start();
    l = gen_new_label();
    tcg_gen_movi_i64(t_x[1], 5);
    tcg_gen_brcond_i64(TCG_COND_EQ, t_x[2], t_x[3], l);
    tcg_gen_addi_i64(t_x[4], t_x[1], 1);     /* fall-through: still known */
    gen_set_label(l);
    tcg_gen_addi_i64(t_x[5], t_x[1], 1);     /* after a used label: unknown */
    CHECK_IR(optimized(),
                " mov_i64 x1,$0x5\n"
                " brcond_i64 x2,x3,eq,$L0\n"
                " mov_i64 x4,$0x6\n"
                " set_label $L0\n"
                " add_i64 x5,x1,$0x1\n");
}

static void test_dead_after_exit(void)
{
    TCGLabel *l;

    start();
    l = gen_new_label();
    tcg_gen_brcondi_i64(TCG_COND_NE, t_x[1], 0, l);
    tcg_gen_exit_tb(NULL, 0);
    tcg_gen_movi_i64(t_x[2], 1);             /* unreachable */
    tcg_gen_insn_start(0x100, 0);            /* kept */
    tcg_gen_movi_i64(t_x[3], 1);             /* unreachable */
    gen_set_label(l);
    tcg_gen_movi_i64(t_x[4], 1);
    tcg_gen_br(l);                           /* backward: kept */
    tcg_gen_movi_i64(t_x[5], 1);             /* unreachable, no label follows */
    CHECK_IR(optimized(),
                " brcond_i64 x1,$0x0,ne,$L0\n"
                " exit_tb $0x0\n"
                " ---- 0000000000000100 0000000000000000\n"
                " set_label $L0\n"
                " mov_i64 x4,$0x1\n"
                " br $L0\n");
}

static uint64_t h_any(uint64_t a)
{
    return a;
}

/* Calls forget globals unless TCG_CALL_NO_WG. */
static void test_calls_invalidate_globals(void)
{
    static const TCGHelperInfo wg = { "wg", (void *)h_any, 0, 1, true };
    static const TCGHelperInfo nowg = { "nowg", (void *)h_any, TCG_CALL_NO_WG, 1, true };
    TCGv_i64 t;

    start();
    t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t_x[1], 5);
    tcg_gen_movi_i64(t, 9);
    tcg_gen_call(&nowg, t_x[2], t_x[1]);
    tcg_gen_addi_i64(t_x[3], t_x[1], 1);     /* known: 6 */
    tcg_gen_call(&wg, t_x[2], t_x[1]);
    tcg_gen_addi_i64(t_x[4], t_x[1], 1);     /* x1 unknown now */
    tcg_gen_addi_i64(t_x[5], t, 1);          /* temps survive: 10 */
    tcg_gen_addi_i64(t_x[6], t_x[2], 1);     /* call output: unknown */
    {
        char want[512];
        snprintf(want, sizeof(want),
                 " mov_i64 x1,$0x5\n"
                 " mov_i64 tmp%d,$0x9\n"
                 " call nowg,$0x2,$1,x2,$0x5\n"
                 " mov_i64 x3,$0x6\n"
                 " call wg,$0x0,$1,x2,$0x5\n"
                 " add_i64 x4,x1,$0x1\n"
                 " mov_i64 x5,$0xa\n"
                 " add_i64 x6,x2,$0x1\n", t.idx);
        CHECK_IR(optimized(), want);
    }
}

/* ---- Liveness ---- */

static void test_liveness_basic(void)
{
    TCGv_i64 t, u;

    start();
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_add_i64(t, t_x[1], t_x[2]);      /* x1, x2 not read again */
    tcg_gen_mul_i64(u, t, t_x[3]);           /* dead: u is never used */
    tcg_gen_add_i64(t_x[4], t, t);           /* t dead after; x4 synced at exit */
    tcg_gen_mov_i64(t_x[5], t_x[4]);
    tcg_gen_movi_i64(t_x[6], 1);             /* overwritten before any sync: removed */
    tcg_gen_movi_i64(t_x[6], 2);
    tcg_gen_exit_tb(NULL, 0);
    {
        char want[512];
        snprintf(want, sizeof(want),
                 " add_i64 tmp%d,x1,x2                     dead: 1 2\n"
                 " add_i64 x4,tmp%d,tmp%d                    dead: 1  sync: 0\n"
                 " mov_i64 x5,x4                           dead: 0 1  sync: 0\n"
                 " mov_i64 x6,$0x2                         dead: 0  sync: 0\n"
                 " exit_tb $0x0\n", t.idx, t.idx, t.idx);
        CHECK_IR(passes(false, true), want);
    }
    (void)u;
}

static uint64_t h_two(uint64_t a, uint64_t b)
{
    return a + b;
}

/* Globals synced before calls that read them and before guest memory
   accesses; dead pure calls removed, side-effect calls kept. */
static void test_liveness_sync_points(void)
{
    static const TCGHelperInfo pure = { "pure", (void *)h_two, TCG_CALL_PURE, 2, true };
    static const TCGHelperInfo rd = { "rd", (void *)h_two, TCG_CALL_NO_WG, 2, true };
    static const TCGHelperInfo side = { "side", (void *)h_two, TCG_CALL_NO_RG | TCG_CALL_NO_WG,
                                        2, true };
    TCGv_i64 t;

    start();
    t = tcg_temp_new_i64();
    tcg_gen_addi_i64(t_x[1], t_x[1], 1);     /* read by rd's env access: sync */
    tcg_gen_call(&pure, t, t_x[1], t_x[1]);  /* result dead: removed */
    tcg_gen_call(&rd, t, tcg_env, t_x[2]);   /* result dead but NO_SE unset: kept */
    tcg_gen_addi_i64(t_x[2], t_x[2], 1);     /* live in a register across qemu_ld: sync */
    tcg_gen_qemu_ld_i64(t, t_x[3], 0, MO_UQ);
    tcg_gen_add_i64(t_x[3], t, t_x[2]);
    tcg_gen_call(&side, t, t_x[3], t_x[3]);
    tcg_gen_movi_i64(t_x[2], 0);
    tcg_gen_exit_tb(NULL, 0);
    {
        char want[768];
        snprintf(want, sizeof(want),
                 " add_i64 x1,x1,$0x1                      dead: 0 1  sync: 0\n"
                 " call rd,$0x2,$1,tmp%d,env,x2             dead: 0\n"
                 " add_i64 x2,x2,$0x1                      dead: 1  sync: 0\n"
                 " qemu_ld_i64 tmp%d,x3,leuq,0              dead: 1\n"
                 " add_i64 x3,tmp%d,x2                      dead: 1 2  sync: 0\n"
                 " call side,$0x3,$1,tmp%d,x3,x3            dead: 0 1\n"
                 " mov_i64 x2,$0x0                         dead: 0  sync: 0\n"
                 " exit_tb $0x0\n", t.idx, t.idx, t.idx, t.idx);
        CHECK_IR(passes(false, true), want);
    }
}

/* EBB temps die at labels; TB temps are kept in memory across them. */
static void test_liveness_branches(void)
{
    TCGv_i64 e, tb;
    TCGLabel *l;

    start();
    e = tcg_temp_new_i64();
    tb = tcg_temp_new_tb_i64();
    l = gen_new_label();
    tcg_gen_addi_i64(e, t_x[1], 1);
    tcg_gen_addi_i64(tb, t_x[1], 2);
    tcg_gen_addi_i64(t_x[2], t_x[2], 3);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t_x[3], 0, l);
    tcg_gen_add_i64(t_x[4], e, tb);          /* fall-through use of the EBB temp */
    gen_set_label(l);
    tcg_gen_add_i64(t_x[5], tb, t_x[2]);
    tcg_gen_exit_tb(NULL, 0);
    {
        char want[768];
        snprintf(want, sizeof(want),
                 " add_i64 tmp%d,x1,$0x1\n"
                 " add_i64 loc%d,x1,$0x2                    dead: 1  sync: 0\n"
                 " add_i64 x2,x2,$0x3                      dead: 0 1  sync: 0\n"
                 " brcond_i64 x3,$0x0,eq,$L0               dead: 0\n"
                 " add_i64 x4,tmp%d,loc%d                    dead: 0 1 2  sync: 0\n"
                 " set_label $L0\n"
                 " add_i64 x5,loc%d,x2                      dead: 0 1 2  sync: 0\n"
                 " exit_tb $0x0\n", e.idx, tb.idx, e.idx, tb.idx, tb.idx);
        CHECK_IR(passes(false, true), want);
    }
}

/* "op t, ...; mov d, t" with t dead afterwards: op writes d. */
static void test_liveness_coalesce(void)
{
    TCGv_i64 t, u;

    start();
    t = tcg_temp_new_i64();
    u = tcg_temp_new_i64();
    tcg_gen_add_i64(t, t_x[1], t_x[2]);
    tcg_gen_mov_i64(t_x[1], t);              /* coalesced: add x1,x1,x2 */
    tcg_gen_qemu_ld_i64(u, t_x[3], 0, MO_UL);
    tcg_gen_mov_i64(t_x[4], u);              /* u still read below: kept */
    tcg_gen_add_i64(t_x[5], u, t_x[5]);
    tcg_gen_exit_tb(NULL, 0);
    {
        char want[512];
        snprintf(want, sizeof(want),
                 " add_i64 x1,x1,x2 dead: 0 1 2 sync: 0\n"
                 " qemu_ld_i64 tmp%d,x3,leul,0 dead: 1\n"
                 " mov_i64 x4,tmp%d dead: 0 sync: 0\n"
                 " add_i64 x5,tmp%d,x5 dead: 0 1 2 sync: 0\n"
                 " exit_tb $0x0\n", u.idx, u.idx, u.idx);
        CHECK_IR(passes(false, true), want);
    }
}

int main(void)
{
    t_init();
    RUN_TEST(test_emit_simplifications);
    RUN_TEST(test_dump_format);
    RUN_TEST(test_fold_arith);
    RUN_TEST(test_fold_i32);
    RUN_TEST(test_fold_width_changes);
    RUN_TEST(test_const_and_copy_propagation);
    RUN_TEST(test_commutative_constant_second);
    RUN_TEST(test_algebraic);
    RUN_TEST(test_algebraic_2);
    RUN_TEST(test_known_zero_bits);
    RUN_TEST(test_widen_w_ops);
    RUN_TEST(test_brcond_known);
    RUN_TEST(test_label_resets_knowledge);
    RUN_TEST(test_dead_after_exit);
    RUN_TEST(test_calls_invalidate_globals);
    RUN_TEST(test_liveness_basic);
    RUN_TEST(test_liveness_sync_points);
    RUN_TEST(test_liveness_branches);
    RUN_TEST(test_liveness_coalesce);
    HARNESS_EXIT();
}
