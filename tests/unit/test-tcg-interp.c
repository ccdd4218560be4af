/*
 * The IR interpreter on hand-written programs: every opcode at both widths
 * with edge cases, branches and loops, calls, guest and host memory,
 * goto_tb / exit_tb / goto_ptr, and the state-recovery offsets.  Each
 * program runs twice, without and with the optimizer, so constant folding
 * is checked against the same expectations.
 */
#include "tcg-test.h"

#define I64 TCG_TYPE_I64
#define I32 TCG_TYPE_I32
#define MIN64 0x8000000000000000ull

static FakeCPU cpu;

typedef struct Vec {
    TCGOpcode opc;
    TCGType type;
    uint64_t a, b, want;
} Vec;

static const Vec vecs[] = {
    { INDEX_op_add, I64, 1, 2, 3 },
    { INDEX_op_add, I64, ~0ull, 1, 0 },
    { INDEX_op_sub, I64, 5, 7, (uint64_t)-2 },
    { INDEX_op_mul, I64, 0x100000001ull, 0x100000001ull, 0x200000001ull },
    { INDEX_op_div, I64, 7, (uint64_t)-2, (uint64_t)-3 },
    { INDEX_op_div, I64, (uint64_t)-7, 2, (uint64_t)-3 },
    { INDEX_op_div, I64, 42, 0, ~0ull },
    { INDEX_op_div, I64, MIN64, ~0ull, MIN64 },
    { INDEX_op_divu, I64, 7, 0, ~0ull },
    { INDEX_op_divu, I64, 0xfffffffffffffffeull, 3, 0x5555555555555554ull },
    { INDEX_op_rem, I64, (uint64_t)-7, 2, ~0ull },
    { INDEX_op_rem, I64, 5, 0, 5 },
    { INDEX_op_rem, I64, MIN64, ~0ull, 0 },
    { INDEX_op_remu, I64, 7, 0, 7 },
    { INDEX_op_remu, I64, 10, 3, 1 },
    { INDEX_op_mulsh, I64, ~0ull, ~0ull, 0 },
    { INDEX_op_mulsh, I64, MIN64, 2, ~0ull },
    { INDEX_op_mulsh, I64, 1ull << 62, 4, 1 },
    { INDEX_op_muluh, I64, ~0ull, ~0ull, 0xfffffffffffffffeull },
    { INDEX_op_muluh, I64, 1ull << 63, 4, 2 },
    { INDEX_op_and, I64, 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0x0f000f000f000f00ull },
    { INDEX_op_or, I64, 0xf0, 0x0f, 0xff },
    { INDEX_op_xor, I64, 0xff, 0x0f, 0xf0 },
    { INDEX_op_andc, I64, 0xff, 0x0f, 0xf0 },
    { INDEX_op_orc, I64, 0xf0, ~0xfull, 0xff },
    { INDEX_op_eqv, I64, 0xff, 0x0f, ~0xf0ull },
    { INDEX_op_shl, I64, 1, 65, 2 },
    { INDEX_op_shl, I64, 1, 63, MIN64 },
    { INDEX_op_shr, I64, MIN64, 63, 1 },
    { INDEX_op_shr, I64, MIN64, 64, MIN64 },
    { INDEX_op_sar, I64, MIN64, 63, ~0ull },
    { INDEX_op_sar, I64, MIN64, 4, 0xf800000000000000ull },
    { INDEX_op_rotl, I64, 0x8000000000000001ull, 1, 3 },
    { INDEX_op_rotl, I64, 0x1234, 0, 0x1234 },
    { INDEX_op_rotl, I64, 0x1234, 64, 0x1234 },
    { INDEX_op_rotr, I64, 1, 1, MIN64 },
    { INDEX_op_rotr, I64, 0x10, 68, 1 },
    { INDEX_op_clz, I64, 0, 77, 77 },
    { INDEX_op_clz, I64, 1, 0, 63 },
    { INDEX_op_clz, I64, MIN64, 0, 0 },
    { INDEX_op_ctz, I64, 0, 64, 64 },
    { INDEX_op_ctz, I64, 0x100, 0, 8 },

    { INDEX_op_add, I32, 0x7fffffff, 1, 0x80000000 },
    { INDEX_op_add, I32, 0xffffffff, 2, 1 },
    { INDEX_op_sub, I32, 0, 1, 0xffffffff },
    { INDEX_op_mul, I32, 0x10001, 0x10001, 0x20001 },
    { INDEX_op_div, I32, 0x80000000, 0xffffffff, 0x80000000 },
    { INDEX_op_div, I32, 9, 0, 0xffffffff },
    { INDEX_op_div, I32, 0xfffffff9, 2, 0xfffffffd },
    { INDEX_op_divu, I32, 7, 0, 0xffffffff },
    { INDEX_op_divu, I32, 0xfffffff9, 2, 0x7ffffffc },
    { INDEX_op_rem, I32, 0x80000000, 0xffffffff, 0 },
    { INDEX_op_rem, I32, 5, 0, 5 },
    { INDEX_op_rem, I32, 0xfffffff9, 2, 0xffffffff },
    { INDEX_op_remu, I32, 0xfffffff9, 0, 0xfffffff9 },
    { INDEX_op_remu, I32, 0xfffffff9, 2, 1 },
    { INDEX_op_mulsh, I32, 0x80000000, 2, 0xffffffff },
    { INDEX_op_mulsh, I32, 0x40000000, 4, 1 },
    { INDEX_op_muluh, I32, 0xffffffff, 0xffffffff, 0xfffffffe },
    { INDEX_op_and, I32, 0xff00ff00, 0x0ff00ff0, 0x0f000f00 },
    { INDEX_op_andc, I32, 0xff, 0x0f, 0xf0 },
    { INDEX_op_orc, I32, 0, 0xfffffff0, 0xf },
    { INDEX_op_eqv, I32, 0xff, 0x0f, 0xffffff0f },
    { INDEX_op_shl, I32, 1, 33, 2 },
    { INDEX_op_shr, I32, 0x80000000, 31, 1 },
    { INDEX_op_shr, I32, 0x80000000, 32, 0x80000000 },
    { INDEX_op_sar, I32, 0x80000000, 31, 0xffffffff },
    { INDEX_op_rotl, I32, 0x80000001, 1, 3 },
    { INDEX_op_rotl, I32, 0x1234, 32, 0x1234 },
    { INDEX_op_rotr, I32, 1, 1, 0x80000000 },
    { INDEX_op_clz, I32, 0, 32, 32 },
    { INDEX_op_clz, I32, 1, 0, 31 },
    { INDEX_op_ctz, I32, 0x80000000, 0, 31 },
    { INDEX_op_ctz, I32, 0, 99, 99 },
};

static const Vec uvecs[] = {
    { INDEX_op_mov, I64, 0x123456789abcdef0ull, 0, 0x123456789abcdef0ull },
    { INDEX_op_neg, I64, 1, 0, ~0ull },
    { INDEX_op_neg, I64, MIN64, 0, MIN64 },
    { INDEX_op_not, I64, 0, 0, ~0ull },
    { INDEX_op_ctpop, I64, 0xff00ff, 0, 16 },
    { INDEX_op_ctpop, I64, ~0ull, 0, 64 },
    { INDEX_op_bswap16, I64, 0x12345678, 0, 0x7856 },
    { INDEX_op_bswap32, I64, 0x1122334455667788ull, 0, 0x88776655 },
    { INDEX_op_bswap64, I64, 0x1122334455667788ull, 0, 0x8877665544332211ull },
    { INDEX_op_ext8s, I64, 0x180, 0, 0xffffffffffffff80ull },
    { INDEX_op_ext8u, I64, 0x1ff, 0, 0xff },
    { INDEX_op_ext16s, I64, 0x18000, 0, 0xffffffffffff8000ull },
    { INDEX_op_ext16u, I64, 0x1ffff, 0, 0xffff },
    { INDEX_op_ext32s, I64, 0x180000000ull, 0, 0xffffffff80000000ull },
    { INDEX_op_ext32u, I64, 0xfffffffffull, 0, 0xffffffff },
    { INDEX_op_mov, I32, 0x12345678, 0, 0x12345678 },
    { INDEX_op_neg, I32, 1, 0, 0xffffffff },
    { INDEX_op_not, I32, 0xf0f0f0f0, 0, 0x0f0f0f0f },
    { INDEX_op_ctpop, I32, 0xffffffff, 0, 32 },
    { INDEX_op_bswap16, I32, 0x12345678, 0, 0x7856 },
    { INDEX_op_bswap32, I32, 0x11223344, 0, 0x44332211 },
    { INDEX_op_ext8s, I32, 0x80, 0, 0xffffff80 },
    { INDEX_op_ext8u, I32, 0x1ff, 0, 0xff },
    { INDEX_op_ext16s, I32, 0x8000, 0, 0xffff8000 },
    { INDEX_op_ext16u, I32, 0x12345678, 0, 0x5678 },
};

static void emit_op(TCGOpcode opc, TCGType type, int n, TCGArg a0, TCGArg a1, TCGArg a2)
{
    TCGOp *op = tcg_emit_op(opc, type, n);
    op->args[0] = a0;
    op->args[1] = a1;
    op->args[2] = a2;
}

/* Build: reg-reg form into x3/w3, const-const form into x4/w2 (foldable). */
static void build_vec(const Vec *v, bool unary)
{
    int n = unary ? 2 : 3;

    tcg_func_start(&t_ctx);
    if (v->type == I64) {
        emit_op(v->opc, I64, n, t_x[3].idx, t_x[1].idx, t_x[2].idx);
        emit_op(v->opc, I64, n, t_x[4].idx, tcg_constant_idx(I64, v->a),
                tcg_constant_idx(I64, v->b));
    } else {
        emit_op(v->opc, I32, n, t_w[3].idx, t_w[1].idx, t_w[2].idx);
        emit_op(v->opc, I32, n, t_w[2].idx, tcg_constant_idx(I32, v->a),
                tcg_constant_idx(I32, v->b));
    }
    tcg_gen_exit_tb(NULL, 0);
}

static void run_vecs(const Vec *vs, size_t count, bool unary)
{
    size_t i;
    int opt;

    for (i = 0; i < count; i++) {
        const Vec *v = &vs[i];
        for (opt = 0; opt < 2; opt++) {
            uint64_t got_r, got_c;
            t_cpu_reset(&cpu);
            cpu.regs[1] = v->a;
            cpu.regs[2] = v->b;
            cpu.r32[1] = (uint32_t)v->a;
            cpu.r32[2] = (uint32_t)v->b;
            cpu.r32[0] = 0xdeadbeef;
            build_vec(v, unary);
            t_run(&cpu, opt);
            if (v->type == I64) {
                got_r = cpu.regs[3];
                got_c = cpu.regs[4];
            } else {
                got_r = cpu.r32[3];
                got_c = cpu.r32[2];
                CHECK_EQ(cpu.r32[0], 0xdeadbeef);   /* i32 globals are 4 bytes */
            }
            if (got_r != v->want || got_c != v->want) {
                printf("  %s_%s(0x%" PRIx64 ", 0x%" PRIx64 ") opt=%d: reg 0x%" PRIx64
                       " const 0x%" PRIx64 " want 0x%" PRIx64 "\n",
                       tcg_op_defs[v->opc].name, v->type == I64 ? "i64" : "i32",
                       v->a, v->b, opt, got_r, got_c, v->want);
                harness_failed_now = 1;
            }
        }
    }
}

static void test_binops(void)
{
    run_vecs(vecs, ARRAY_SIZE(vecs), false);
}

static void test_unops(void)
{
    run_vecs(uvecs, ARRAY_SIZE(uvecs), true);
}

/* Every condition at both widths, signed/unsigned distinctions. */
static void test_conditions(void)
{
    static const struct { uint64_t a, b; } pairs[] = {
        { 1, 2 }, { 2, 1 }, { 5, 5 }, { ~0ull, 1 }, { 1, ~0ull }, { MIN64, 0x7fffffffffffffffull },
        { 0x1ffffffffull, 0x100000001ull }, { 0x80000000, 0x7fffffff },
    };
    TCGCond c;
    size_t i;
    int opt;

    for (i = 0; i < ARRAY_SIZE(pairs); i++) {
        for (c = TCG_COND_NEVER; c <= TCG_COND_GTU; c++) {
            for (opt = 0; opt < 2; opt++) {
                uint64_t a = pairs[i].a, b = pairs[i].b;
                bool w64 = tcg_eval_cond(c, I64, a, b), w32 = tcg_eval_cond(c, I32, a, b);
                TCGLabel *l1, *l2;
                TCGOp *op;

                t_cpu_reset(&cpu);
                cpu.regs[1] = a;
                cpu.regs[2] = b;
                cpu.r32[1] = (uint32_t)a;
                cpu.r32[2] = (uint32_t)b;
                cpu.regs[8] = 100;
                cpu.regs[9] = 200;
                tcg_func_start(&t_ctx);
                tcg_gen_setcond_i64(c, t_x[3], t_x[1], t_x[2]);
                tcg_gen_setcondi_i64(c, t_x[4], t_x[1], (int64_t)b);
                tcg_gen_movcond_i64(c, t_x[5], t_x[1], t_x[2], t_x[8], t_x[9]);
                tcg_gen_setcond_i32(c, t_w[3], t_w[1], t_w[2]);
                tcg_gen_movcond_i32(c, t_w[0], t_w[1], t_w[2], tcg_constant_i32(7),
                                    tcg_constant_i32(-7));
                /* brcond i64 -> x6 = 1 when taken; brcond i32 -> x7 = 1 */
                l1 = gen_new_label();
                tcg_gen_movi_i64(t_x[6], 1);
                tcg_gen_brcond_i64(c, t_x[1], t_x[2], l1);
                tcg_gen_movi_i64(t_x[6], 0);
                gen_set_label(l1);
                l2 = gen_new_label();
                tcg_gen_movi_i64(t_x[7], 1);
                /* constant operands: folded by the optimizer */
                op = tcg_emit_op(INDEX_op_brcond, I32, 4);
                op->args[0] = tcg_constant_idx(I32, (int64_t)a);
                op->args[1] = tcg_constant_idx(I32, (int64_t)b);
                op->args[2] = c;
                op->args[3] = l2->id;
                l2->has_branch = true;
                tcg_gen_movi_i64(t_x[7], 0);
                gen_set_label(l2);
                tcg_gen_exit_tb(NULL, 0);
                t_run(&cpu, opt);
                CHECK_EQ(cpu.regs[3], w64);
                CHECK_EQ(cpu.regs[4], w64);
                CHECK_EQ(cpu.regs[5], w64 ? 100 : 200);
                CHECK_EQ(cpu.r32[3], w32);
                CHECK_EQ(cpu.r32[0], w32 ? 7u : (uint32_t)-7);
                CHECK_EQ(cpu.regs[6], w64);
                CHECK_EQ(cpu.regs[7], w32);
                if (harness_failed_now) {
                    printf("  cond %s a=0x%" PRIx64 " b=0x%" PRIx64 " opt=%d\n",
                           tcg_cond_name(c), a, b, opt);
                    return;
                }
            }
        }
    }
}

static void test_bitfields(void)
{
    int opt;

    for (opt = 0; opt < 2; opt++) {
        t_cpu_reset(&cpu);
        cpu.regs[1] = 0xfedcba9876543210ull;
        cpu.regs[2] = 0xabcd;
        cpu.r32[1] = 0x87654321;
        cpu.r32[2] = 0x5;
        tcg_func_start(&t_ctx);
        tcg_gen_extract_i64(t_x[3], t_x[1], 4, 12);
        tcg_gen_sextract_i64(t_x[4], t_x[1], 60, 4);
        tcg_gen_sextract_i64(t_x[5], t_x[1], 8, 7);
        tcg_gen_deposit_i64(t_x[6], t_x[1], t_x[2], 16, 16);
        tcg_gen_extract_i64(t_x[7], t_x[1], 32, 32);
        tcg_gen_sextract_i64(t_x[8], t_x[1], 0, 16);
        tcg_gen_deposit_i64(t_x[9], t_x[1], t_x[2], 60, 4);
        tcg_gen_extract_i32(t_w[3], t_w[1], 28, 3);
        tcg_gen_sextract_i32(t_w[0], t_w[1], 28, 4);
        tcg_gen_deposit_i32(t_w[2], t_w[1], t_w[2], 4, 3);
        /* the same through constants (folded) */
        tcg_gen_extract_i64(t_x[10], tcg_constant_i64(0xfedcba9876543210ll), 4, 12);
        tcg_gen_sextract_i64(t_x[11], tcg_constant_i64(0xfedcba9876543210ll), 8, 7);
        tcg_gen_deposit_i64(t_x[12], tcg_constant_i64(0xfedcba9876543210ll),
                            tcg_constant_i64(0xabcd), 16, 16);
        tcg_gen_exit_tb(NULL, 0);
        t_run(&cpu, opt);
        CHECK_EQ(cpu.regs[3], 0x321);
        CHECK_EQ(cpu.regs[4], ~0ull);
        CHECK_EQ(cpu.regs[5], 0x32);
        CHECK_EQ(cpu.regs[6], 0xfedcba98abcd3210ull);
        CHECK_EQ(cpu.regs[7], 0xfedcba98);
        CHECK_EQ(cpu.regs[8], 0x3210);
        CHECK_EQ(cpu.regs[9], 0xdedcba9876543210ull);
        CHECK_EQ(cpu.r32[3], 0);
        CHECK_EQ(cpu.r32[0], 0xfffffff8);
        CHECK_EQ(cpu.r32[2], 0x87654351);
        CHECK_EQ(cpu.regs[10], 0x321);
        CHECK_EQ(cpu.regs[11], 0x32);
        CHECK_EQ(cpu.regs[12], 0xfedcba98abcd3210ull);
    }
}

static void test_width_changes(void)
{
    int opt;

    for (opt = 0; opt < 2; opt++) {
        TCGv_i32 t;
        t_cpu_reset(&cpu);
        cpu.regs[1] = 0x8000000180000002ull;
        cpu.r32[1] = 0x80000000;
        tcg_func_start(&t_ctx);
        t = tcg_temp_new_i32();
        tcg_gen_ext_i32_i64(t_x[2], t_w[1]);
        tcg_gen_extu_i32_i64(t_x[3], t_w[1]);
        tcg_gen_extrl_i64_i32(t_w[2], t_x[1]);
        tcg_gen_extrh_i64_i32(t_w[3], t_x[1]);
        tcg_gen_extrh_i64_i32(t, t_x[1]);
        tcg_gen_addi_i32(t, t, 1);
        tcg_gen_ext_i32_i64(t_x[4], t);
        tcg_gen_ext_i32_i64(t_x[5], tcg_constant_i32(-5));
        tcg_gen_extu_i32_i64(t_x[6], tcg_constant_i32(-5));
        tcg_gen_extrh_i64_i32(t, tcg_constant_i64(0x8000000100000000ll));
        tcg_gen_ext_i32_i64(t_x[7], t);
        tcg_gen_exit_tb(NULL, 0);
        t_run(&cpu, opt);
        CHECK_EQ(cpu.regs[2], 0xffffffff80000000ull);
        CHECK_EQ(cpu.regs[3], 0x80000000ull);
        CHECK_EQ(cpu.r32[2], 0x80000002);
        CHECK_EQ(cpu.r32[3], 0x80000001);
        CHECK_EQ(cpu.regs[4], 0xffffffff80000002ull);
        CHECK_EQ(cpu.regs[5], (uint64_t)-5);
        CHECK_EQ(cpu.regs[6], 0xfffffffbull);
        CHECK_EQ(cpu.regs[7], 0xffffffff80000001ull);
    }
}

/* A counting loop through a backward branch, with a TB temp accumulator. */
static void test_loop(void)
{
    int opt;

    for (opt = 0; opt < 2; opt++) {
        TCGv_i64 acc;
        TCGLabel *top, *out;
        t_cpu_reset(&cpu);
        tcg_func_start(&t_ctx);
        acc = tcg_temp_new_tb_i64();
        top = gen_new_label();
        out = gen_new_label();
        tcg_gen_movi_i64(t_x[1], 10);
        tcg_gen_movi_i64(acc, 0);
        gen_set_label(top);
        tcg_gen_brcondi_i64(TCG_COND_EQ, t_x[1], 0, out);
        tcg_gen_add_i64(acc, acc, t_x[1]);
        tcg_gen_subi_i64(t_x[1], t_x[1], 1);
        tcg_gen_br(top);
        gen_set_label(out);
        tcg_gen_mov_i64(t_x[2], acc);
        tcg_gen_exit_tb(NULL, 0);
        t_run(&cpu, opt);
        CHECK_EQ(cpu.regs[1], 0);
        CHECK_EQ(cpu.regs[2], 55);
    }
}

static void test_host_ldst(void)
{
    int opt;
    int32_t base = offsetof(FakeCPU, scratch);

    for (opt = 0; opt < 2; opt++) {
        t_cpu_reset(&cpu);
        cpu.regs[1] = 0x8899aabbccddeeffull;
        tcg_func_start(&t_ctx);
        tcg_gen_st_i64(t_x[1], tcg_env, base);
        tcg_gen_st32_i64(t_x[1], tcg_env, base + 8);
        tcg_gen_st16_i64(t_x[1], tcg_env, base + 16);
        tcg_gen_st8_i64(t_x[1], tcg_env, base + 24);
        tcg_gen_ld8u_i64(t_x[2], tcg_env, base);
        tcg_gen_ld8s_i64(t_x[3], tcg_env, base);
        tcg_gen_ld16u_i64(t_x[4], tcg_env, base);
        tcg_gen_ld16s_i64(t_x[5], tcg_env, base);
        tcg_gen_ld32u_i64(t_x[6], tcg_env, base);
        tcg_gen_ld32s_i64(t_x[7], tcg_env, base);
        tcg_gen_ld_i64(t_x[8], tcg_env, base + 4);
        tcg_gen_ld_i32(t_w[1], tcg_env, base + 4);
        tcg_gen_st_i32(t_w[1], tcg_env, base + 32);
        tcg_gen_exit_tb(NULL, 0);
        t_run(&cpu, opt);
        CHECK_EQ(cpu.regs[2], 0xff);
        CHECK_EQ(cpu.regs[3], ~0ull);
        CHECK_EQ(cpu.regs[4], 0xeeff);
        CHECK_EQ(cpu.regs[5], 0xffffffffffffeeffull);
        CHECK_EQ(cpu.regs[6], 0xccddeeff);
        CHECK_EQ(cpu.regs[7], 0xffffffffccddeeffull);
        CHECK_EQ(cpu.regs[8], 0xccddeeff8899aabbull);
        CHECK_EQ(cpu.r32[1], 0x8899aabb);
        CHECK_EQ(cpu.scratch[8], 0xff);
        CHECK_EQ(cpu.scratch[12], 0);
        CHECK_EQ(cpu.scratch[16], 0xff);
        CHECK_EQ(cpu.scratch[17], 0xee);
        CHECK_EQ(cpu.scratch[18], 0);
        CHECK_EQ(cpu.scratch[24], 0xff);
        CHECK_EQ(cpu.scratch[25], 0);
        CHECK_EQ(cpu.scratch[32], 0xbb);
        CHECK_EQ(cpu.scratch[36], 0);
    }
}

static void test_guest_mem(void)
{
    int opt;

    for (opt = 0; opt < 2; opt++) {
        t_cpu_reset(&cpu);
        memset(t_ram, 0, sizeof(t_ram));
        cpu.regs[1] = T_RAM_BASE + 0x10;
        cpu.regs[2] = 0x8182838485868788ull;
        tcg_func_start(&t_ctx);
        tcg_gen_qemu_st_i64(t_x[2], t_x[1], 0, MO_UQ);
        tcg_gen_qemu_ld_i64(t_x[3], t_x[1], 0, MO_SB);
        tcg_gen_qemu_ld_i64(t_x[4], t_x[1], 0, MO_UW);
        tcg_gen_qemu_ld_i64(t_x[5], t_x[1], 0, MO_SL | MO_BE);
        tcg_gen_addi_i64(t_x[6], t_x[1], 0x100);
        tcg_gen_qemu_st_i64(t_x[2], t_x[6], 0, MO_UL | MO_BE);
        tcg_gen_qemu_ld_i64(t_x[7], t_x[6], 0, MO_UL);
        /* misaligned + MO_ALIGN: slow path */
        tcg_gen_addi_i64(t_x[8], t_x[1], 1);
        tcg_gen_qemu_ld_i64(t_x[8], t_x[8], 0, MO_UW | MO_ALIGN);
        /* page crossing: slow path */
        tcg_gen_movi_i64(t_x[9], T_RAM_BASE + TARGET_PAGE_SIZE - 2);
        tcg_gen_qemu_st_i64(t_x[2], t_x[9], 0, MO_UL);
        tcg_gen_qemu_ld_i64(t_x[10], t_x[9], 0, MO_UL);
        /* second page is read-only in the TLB: store through the slow path */
        tcg_gen_movi_i64(t_x[11], T_RAM_BASE + TARGET_PAGE_SIZE + 8);
        tcg_gen_qemu_st_i64(t_x[2], t_x[11], 0, MO_UW);
        tcg_gen_qemu_ld_i64(t_x[12], t_x[11], 0, MO_SW);
        tcg_gen_exit_tb(NULL, 0);
        t_run(&cpu, opt);
        CHECK_EQ(cpu.regs[3], 0xffffffffffffff88ull);
        CHECK_EQ(cpu.regs[4], 0x8788);
        CHECK_EQ(cpu.regs[5], 0xffffffff88878685ull);
        CHECK_EQ(cpu.regs[7], 0x88878685);
        CHECK_EQ(cpu.regs[8], 0x8687);
        CHECK_EQ(cpu.regs[10], 0x85868788);
        CHECK_EQ(cpu.regs[12], 0xffffffffffff8788ull);
        CHECK_EQ(cpu.slow_loads, 2);
        CHECK_EQ(cpu.slow_stores, 2);
        CHECK_EQ(t_ram[TARGET_PAGE_SIZE - 2], 0x88);
        CHECK_EQ(t_ram[TARGET_PAGE_SIZE + 1], 0x85);
        CHECK_EQ(tcg_interp_retaddr, 0);
        CHECK(cpu.last_retaddr > (uintptr_t)t_code &&
              cpu.last_retaddr < (uintptr_t)t_code + sizeof(t_code));
    }
}

/* ---- Calls and state recovery ---- */

static uint64_t seen_args[6];
static uintptr_t seen_retaddr, seen_getpc;
static int calls;

static uint64_t h_sum6(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    seen_args[0] = a;
    seen_args[5] = f;
    calls++;
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}

static uint64_t h_const(void)
{
    calls++;
    return 0x1234;
}

static void h_record(uint64_t env, uint64_t x)
{
    seen_retaddr = tcg_interp_retaddr;
    seen_getpc = GETPC();
    ((FakeCPU *)(uintptr_t)env)->regs[15] = x * 2;
    calls++;
}

static uint64_t h_sub3(uint64_t a, uint64_t b, uint64_t c)
{
    calls++;
    return a - b - c;
}

static const TCGHelperInfo info_sum6 = { "sum6", (void *)h_sum6, TCG_CALL_PURE, 6, true };
static const TCGHelperInfo info_const = { "const", (void *)h_const, 0, 0, true };
static const TCGHelperInfo info_record = { "record", (void *)h_record, 0, 2, false };
static const TCGHelperInfo info_sub3 = { "sub3", (void *)h_sub3, TCG_CALL_NO_RG, 3, true };

static void test_calls(void)
{
    int opt;

    for (opt = 0; opt < 2; opt++) {
        uintptr_t code = (uintptr_t)t_code;
        t_cpu_reset(&cpu);
        calls = 0;
        cpu.regs[1] = 1;
        tcg_func_start(&t_ctx);
        tcg_gen_insn_start(0x1000, 0);
        tcg_gen_call(&info_sum6, t_x[2], t_x[1], tcg_constant_i64(2), tcg_constant_i64(3),
                     tcg_constant_i64(4), tcg_constant_i64(5), tcg_constant_i64(6));
        tcg_gen_insn_start(0x1004, 0);
        tcg_gen_call(&info_const, t_x[3]);
        tcg_gen_insn_start(0x1008, 7);
        tcg_gen_addi_i64(t_x[4], t_x[3], 1);
        tcg_gen_call(&info_record, TCGV_NONE_I64, tcg_env, t_x[4]);
        tcg_gen_call(&info_sub3, t_x[5], t_x[2], t_x[3], t_x[4]);
        /* a pure call whose result is dead is removed */
        tcg_gen_call(&info_sum6, tcg_temp_new_i64(), t_x[1], t_x[1], t_x[1], t_x[1], t_x[1],
                     t_x[1]);
        tcg_gen_insn_start(0x100c, 0);
        tcg_gen_exit_tb(NULL, 0);
        CHECK_EQ(t_ctx.nb_insns, 4);
        CHECK_EQ(t_ctx.insn_data[2][0], 0x1008);
        CHECK_EQ(t_ctx.insn_data[2][1], 7);
        t_run(&cpu, opt);
        CHECK_EQ(cpu.regs[2], 1 + 4 + 9 + 16 + 25 + 36);
        CHECK_EQ(seen_args[0], 1);
        CHECK_EQ(seen_args[5], 6);
        CHECK_EQ(cpu.regs[3], 0x1234);
        CHECK_EQ(cpu.regs[4], 0x1235);
        CHECK_EQ(cpu.regs[15], 0x246a);
        CHECK_EQ(cpu.regs[5], (uint64_t)(91 - 0x1234 - 0x1235));
        CHECK_EQ(calls, 4);
        CHECK_EQ(tcg_interp_retaddr, 0);
        CHECK_EQ(seen_getpc, seen_retaddr);
        /* the record call belongs to insn 2 */
        CHECK(seen_retaddr > code);
        CHECK(seen_retaddr - code > t_ctx.insn_end_off[1]);
        CHECK(seen_retaddr - code <= t_ctx.insn_end_off[2]);
        CHECK(t_ctx.insn_end_off[0] <= t_ctx.insn_end_off[1]);
        CHECK(t_ctx.insn_end_off[2] <= t_ctx.insn_end_off[3]);
    }
}

/* ---- Block exits ---- */

static void test_exit_and_chain(void)
{
    static uint64_t code2[256];
    uintptr_t r;
    long n;
    int opt;

    for (opt = 0; opt < 2; opt++) {
        /* TB 2: x2 = 22, exit with 0x2000 | 1 */
        t_cpu_reset(&cpu);
        tcg_func_start(&t_ctx);
        tcg_gen_movi_i64(t_x[2], 22);
        tcg_gen_exit_tb((const TranslationBlock *)0x2000, 1);
        tcg_liveness_analysis(&t_ctx);
        n = tcg_backend_interp.gen_code(&t_ctx, NULL, (uint8_t *)code2, (uint8_t *)code2,
                                        sizeof(code2));
        CHECK(n > 0);

        /* TB 1: x1 = 11, goto_tb 0 -> exit 0x1000|0; goto_tb 1 -> exit 0x1000|1 */
        tcg_func_start(&t_ctx);
        tcg_gen_movi_i64(t_x[1], 11);
        tcg_gen_goto_tb(0);
        tcg_gen_exit_tb((const TranslationBlock *)0x1000, 0);
        tcg_gen_exit_tb((const TranslationBlock *)0x1000, 1);
        r = t_run(&cpu, opt);
        CHECK_EQ(r, 0x1000);
        CHECK_EQ(cpu.regs[1], 11);
        CHECK(t_ctx.goto_tb_insn_off[0] != 0xffffffffu);
        CHECK(t_ctx.goto_tb_reset_off[0] > t_ctx.goto_tb_insn_off[0]);

        /* chain slot 0 to TB 2 */
        tcg_backend_interp.set_jmp_target((uint8_t *)t_code + t_ctx.goto_tb_insn_off[0],
                                          (uint8_t *)t_code + t_ctx.goto_tb_insn_off[0],
                                          (uint8_t *)code2);
        r = tcg_backend_interp.exec(&cpu.cs, t_code);
        CHECK_EQ(r, 0x2001);
        CHECK_EQ(cpu.regs[2], 22);
        /* unchain */
        tcg_backend_interp.set_jmp_target((uint8_t *)t_code + t_ctx.goto_tb_insn_off[0],
                                          (uint8_t *)t_code + t_ctx.goto_tb_insn_off[0],
                                          (uint8_t *)t_code + t_ctx.goto_tb_reset_off[0]);
        cpu.regs[2] = 0;
        r = tcg_backend_interp.exec(&cpu.cs, t_code);
        CHECK_EQ(r, 0x1000);
        CHECK_EQ(cpu.regs[2], 0);

        /* goto_ptr: to TB 2, then with 0 */
        tcg_func_start(&t_ctx);
        tcg_gen_movi_i64(t_x[3], 33);
        {
            TCGOp *op = tcg_emit_op(INDEX_op_goto_ptr, I64, 1);
            op->args[0] = t_x[4].idx;
        }
        cpu.regs[4] = (uintptr_t)code2;
        r = t_run(&cpu, opt);
        CHECK_EQ(r, 0x2001);
        CHECK_EQ(cpu.regs[3], 33);
        cpu.regs[4] = 0;
        r = tcg_backend_interp.exec(&cpu.cs, t_code);
        CHECK_EQ(r, 0);
    }
}

static uintptr_t lookup_result;
uintptr_t helper_lookup_tb_ptr(CPUState *c)
{
    (void)c;
    return lookup_result;
}

static void test_lookup_and_goto_ptr(void)
{
    int opt;

    for (opt = 0; opt < 2; opt++) {
        t_cpu_reset(&cpu);
        lookup_result = 0;
        tcg_func_start(&t_ctx);
        tcg_gen_movi_i64(t_x[1], 5);
        tcg_gen_lookup_and_goto_ptr();
        CHECK_EQ(t_run(&cpu, opt), 0);
        CHECK_EQ(cpu.regs[1], 5);
    }
}

static void test_mb_discard(void)
{
    TCGv_i64 t;

    t_cpu_reset(&cpu);
    tcg_func_start(&t_ctx);
    t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, 3);
    tcg_gen_mb(0);
    tcg_gen_mov_i64(t_x[1], t);
    {
        TCGOp *op = tcg_emit_op(INDEX_op_discard, I64, 1);
        op->args[0] = t.idx;
    }
    tcg_gen_exit_tb(NULL, 0);
    t_run(&cpu, true);
    CHECK_EQ(cpu.regs[1], 3);
}

/* The exit_request test at TB entry (fused into one instruction), and the
   out_asm disassembler. */
static void test_exit_request(void)
{
    int req, opt;
    char buf[4096];
    FILE *f;

    for (opt = 0; opt < 2; opt++) {
        for (req = 0; req < 2; req++) {
            TCGLabel *l;
            TCGv_i32 flag;
            long n;
            t_cpu_reset(&cpu);
            cpu.cs.exit_request = req;
            tcg_func_start(&t_ctx);
            l = gen_new_label();
            flag = tcg_temp_new_i32();
            tcg_gen_ld_i32(flag, tcg_env, offsetof(CPUState, exit_request));
            tcg_gen_brcond_i32(TCG_COND_NE, flag, tcg_constant_i32(0), l);
            tcg_gen_addi_i64(t_x[1], t_x[2], 5);
            tcg_gen_exit_tb((const TranslationBlock *)0x1000, 0);
            gen_set_label(l);
            tcg_gen_exit_tb((const TranslationBlock *)0x1000, TB_EXIT_REQUESTED);
            CHECK_EQ(t_run(&cpu, opt), req ? 0x1003 : 0x1000);
            CHECK_EQ(cpu.regs[1], req ? 0 : 5);
            n = tcg_backend_interp.gen_code(&t_ctx, NULL, (uint8_t *)t_code, (uint8_t *)t_code,
                                            sizeof(t_code));
            f = fmemopen(buf, sizeof(buf), "w");
            tcg_backend_interp.disas(f, (const uint8_t *)t_code, (size_t)n);
            fputc(0, f);
            fclose(f);
            CHECK(strstr(buf, "ld32_brnz") != NULL);
            CHECK(strstr(buf, "addi_64") != NULL);
            CHECK(strstr(buf, "exit_tb") != NULL);
        }
    }
}

/* "add t, base, $off; qemu_ld/st via t" runs as one instruction, fast and
   slow paths. */
static void test_fused_address(void)
{
    char buf[4096];
    FILE *f;
    long n;
    int opt;

    for (opt = 0; opt < 2; opt++) {
        TCGv_i64 t;
        t_cpu_reset(&cpu);
        memset(t_ram, 0, sizeof(t_ram));
        t_ram[TARGET_PAGE_SIZE - 1] = 0xaa;
        t_ram[TARGET_PAGE_SIZE] = 0xbb;
        cpu.regs[1] = T_RAM_BASE;
        cpu.regs[2] = 0x1122334455667788ull;
        tcg_func_start(&t_ctx);
        t = tcg_temp_new_i64();
        tcg_gen_addi_i64(t, t_x[1], 0x20);
        tcg_gen_qemu_st_i64(t_x[2], t, 0, MO_UQ);
        t = tcg_temp_new_i64();
        tcg_gen_addi_i64(t, t_x[1], 0x24);
        tcg_gen_qemu_ld_i64(t_x[3], t, 0, MO_SL);
        t = tcg_temp_new_i64();
        tcg_gen_addi_i64(t, t_x[1], TARGET_PAGE_SIZE + 0x10);   /* slow store */
        tcg_gen_qemu_st_i64(t_x[2], t, 0, MO_UW);
        t = tcg_temp_new_i64();
        tcg_gen_addi_i64(t, t_x[1], TARGET_PAGE_SIZE - 1);      /* crossing load */
        tcg_gen_qemu_ld_i64(t, t, 0, MO_UW);
        tcg_gen_mov_i64(t_x[4], t);
        tcg_gen_exit_tb(NULL, 0);
        t_run(&cpu, opt);
        CHECK_EQ(cpu.regs[3], 0x11223344);
        CHECK_EQ(t_ram[0x20], 0x88);
        CHECK_EQ(t_ram[TARGET_PAGE_SIZE + 0x10], 0x88);
        CHECK_EQ(t_ram[TARGET_PAGE_SIZE + 0x11], 0x77);
        CHECK_EQ(cpu.regs[4], 0xbbaa);
        CHECK_EQ(cpu.slow_stores, 1);
        CHECK_EQ(cpu.slow_loads, 1);
        n = tcg_backend_interp.gen_code(&t_ctx, NULL, (uint8_t *)t_code, (uint8_t *)t_code,
                                        sizeof(t_code));
        f = fmemopen(buf, sizeof(buf), "w");
        tcg_backend_interp.disas(f, (const uint8_t *)t_code, (size_t)n);
        fputc(0, f);
        fclose(f);
        CHECK(strstr(buf, "qemu_ld_off") != NULL);
        CHECK(strstr(buf, "qemu_st_off") != NULL);
        CHECK(strstr(buf, "addi_64") == NULL);
    }
}

/* Overflow is reported, not a crash. */
static void test_overflow(void)
{
    int i;

    tcg_func_start(&t_ctx);
    for (i = 0; i < TCG_MAX_OPS + 10; i++) {
        tcg_gen_addi_i64(t_x[1], t_x[1], 1);
    }
    CHECK(t_ctx.overflow);
    tcg_func_start(&t_ctx);
    CHECK(!t_ctx.overflow);
    for (i = 0; i < TCG_MAX_TEMPS + 10; i++) {
        tcg_temp_new_i64();
    }
    CHECK(t_ctx.overflow);
    tcg_func_start(&t_ctx);
    for (i = 0; i < TCG_MAX_LABELS + 10; i++) {
        gen_new_label();
    }
    CHECK(t_ctx.overflow);
    tcg_func_start(&t_ctx);
    for (i = 0; i < TCG_MAX_TEMPS + 10; i++) {
        tcg_constant_i64(i);
    }
    CHECK(t_ctx.overflow);
    tcg_func_start(&t_ctx);
    CHECK_EQ(tcg_constant_i64(5).idx, tcg_constant_i64(5).idx);
    CHECK(tcg_constant_i64(5).idx != tcg_constant_i32(5).idx);
    CHECK(!t_ctx.overflow);
}

/* The code buffer being too small is reported as -1. */
static void test_small_buffer(void)
{
    int i;

    tcg_func_start(&t_ctx);
    for (i = 0; i < 100; i++) {
        tcg_gen_add_i64(t_x[1], t_x[1], t_x[2]);
    }
    tcg_gen_exit_tb(NULL, 0);
    CHECK_EQ(tcg_backend_interp.gen_code(&t_ctx, NULL, (uint8_t *)t_code, (uint8_t *)t_code,
                                         256), -1);
    /* goto_tb beyond the 16-bit offsets of TranslationBlock */
    tcg_func_start(&t_ctx);
    for (i = 0; i < 3000; i++) {
        tcg_gen_add_i64(t_x[1], t_x[1], t_x[2]);
    }
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(NULL, 0);
    CHECK_EQ(tcg_backend_interp.gen_code(&t_ctx, NULL, (uint8_t *)t_code, (uint8_t *)t_code,
                                         sizeof(t_code)), TCG_GEN_TOO_LARGE);
}

int main(void)
{
    t_init();
    RUN_TEST(test_binops);
    RUN_TEST(test_unops);
    RUN_TEST(test_conditions);
    RUN_TEST(test_bitfields);
    RUN_TEST(test_width_changes);
    RUN_TEST(test_loop);
    RUN_TEST(test_host_ldst);
    RUN_TEST(test_guest_mem);
    RUN_TEST(test_calls);
    RUN_TEST(test_exit_and_chain);
    RUN_TEST(test_lookup_and_goto_ptr);
    RUN_TEST(test_mb_discard);
    RUN_TEST(test_exit_request);
    RUN_TEST(test_fused_address);
    RUN_TEST(test_overflow);
    RUN_TEST(test_small_buffer);
    HARNESS_EXIT();
}
