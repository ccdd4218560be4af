/*
 * The x86-64 JIT on hand-built IR: every opcode at both widths against a C
 * reference, in every operand form the allocator distinguishes (register,
 * immediate on either side, output aliasing an input, EBB temps), with and
 * without the optimizer and with the host's lzcnt/tzcnt/popcnt disabled;
 * register pressure, helper calls (6 args, global sync and reload), loops,
 * guest memory (fast and slow paths, return addresses), goto_tb patching,
 * goto_ptr, exit values, out_asm and buffer overflow.
 */
#include "tcg-test.h"
#include "tcg/codebuf.h"
#include "tcg/x86_64/jit.h"
#include "fpu/softfloat.h"

#define I64 TCG_TYPE_I64
#define I32 TCG_TYPE_I32
#define MIN64 0x8000000000000000ull

static FakeCPU cpu;
static CodeBuf cb;
static size_t prologue_size;
static const uint8_t *last_tc;      /* rx of the last generated TB */

static uintptr_t run_jit(bool opt)
{
    codebuf_reset(&cb, prologue_size);
    last_tc = codebuf_cur_rx(&cb);
    return t_run_be(&tcg_backend_jit, &cpu, opt, codebuf_cur_rw(&cb), codebuf_cur_rx(&cb),
                    codebuf_avail(&cb));
}

/* ---- C reference ---------------------------------------------------------- */

static uint64_t ref_op(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b)
{
    bool w = type == I64;
    unsigned bits = w ? 64 : 32, n;
    uint64_t m = w ? ~0ull : 0xffffffffull;
    uint64_t ua = a & m, ub = b & m;
    int64_t sa = w ? (int64_t)a : (int32_t)a, sb = w ? (int64_t)b : (int32_t)b;
    int64_t smin = w ? INT64_MIN : INT32_MIN;
    uint64_t r = 0;

    switch (opc) {
    case INDEX_op_add: r = ua + ub; break;
    case INDEX_op_sub: r = ua - ub; break;
    case INDEX_op_mul: r = ua * ub; break;
    case INDEX_op_div:
        r = sb == 0 ? m : (sa == smin && sb == -1) ? (uint64_t)smin : (uint64_t)(sa / sb);
        break;
    case INDEX_op_divu: r = ub == 0 ? m : ua / ub; break;
    case INDEX_op_rem:
        r = sb == 0 ? (uint64_t)sa : (sa == smin && sb == -1) ? 0 : (uint64_t)(sa % sb);
        break;
    case INDEX_op_remu: r = ub == 0 ? ua : ua % ub; break;
    case INDEX_op_mulsh:
        r = w ? (uint64_t)(((__int128)sa * sb) >> 64) : (uint64_t)((sa * sb) >> 32);
        break;
    case INDEX_op_muluh:
        r = w ? (uint64_t)(((unsigned __int128)ua * ub) >> 64) : (ua * ub) >> 32;
        break;
    case INDEX_op_and: r = ua & ub; break;
    case INDEX_op_or: r = ua | ub; break;
    case INDEX_op_xor: r = ua ^ ub; break;
    case INDEX_op_andc: r = ua & ~ub; break;
    case INDEX_op_orc: r = ua | ~ub; break;
    case INDEX_op_eqv: r = ~(ua ^ ub); break;
    case INDEX_op_shl: r = ua << (ub & (bits - 1)); break;
    case INDEX_op_shr: r = ua >> (ub & (bits - 1)); break;
    case INDEX_op_sar: r = (uint64_t)(sa >> (ub & (bits - 1))); break;
    case INDEX_op_rotl:
        n = ub & (bits - 1);
        r = n ? (ua << n) | (ua >> (bits - n)) : ua;
        break;
    case INDEX_op_rotr:
        n = ub & (bits - 1);
        r = n ? (ua >> n) | (ua << (bits - n)) : ua;
        break;
    case INDEX_op_clz:
        r = ua ? (uint64_t)(w ? __builtin_clzll(ua) : __builtin_clz((uint32_t)ua)) : ub;
        break;
    case INDEX_op_ctz:
        r = ua ? (uint64_t)(w ? __builtin_ctzll(ua) : __builtin_ctz((uint32_t)ua)) : ub;
        break;
    case INDEX_op_mov: r = ua; break;
    case INDEX_op_neg: r = -ua; break;
    case INDEX_op_not: r = ~ua; break;
    case INDEX_op_ctpop: r = (uint64_t)__builtin_popcountll(ua); break;
    case INDEX_op_bswap16: r = ((ua & 0xff) << 8) | ((ua >> 8) & 0xff); break;
    case INDEX_op_bswap32: r = __builtin_bswap32((uint32_t)ua); break;
    case INDEX_op_bswap64: r = __builtin_bswap64(ua); break;
    case INDEX_op_ext8s: r = (uint64_t)(int64_t)(int8_t)ua; break;
    case INDEX_op_ext8u: r = (uint8_t)ua; break;
    case INDEX_op_ext16s: r = (uint64_t)(int64_t)(int16_t)ua; break;
    case INDEX_op_ext16u: r = (uint16_t)ua; break;
    case INDEX_op_ext32s: r = (uint64_t)(int64_t)(int32_t)ua; break;
    case INDEX_op_ext32u: r = (uint32_t)ua; break;
    default: assert(0);
    }
    return r & m;
}

static const TCGOpcode binops[] = {
    INDEX_op_add, INDEX_op_sub, INDEX_op_mul, INDEX_op_div, INDEX_op_divu, INDEX_op_rem,
    INDEX_op_remu, INDEX_op_mulsh, INDEX_op_muluh, INDEX_op_and, INDEX_op_or, INDEX_op_xor,
    INDEX_op_andc, INDEX_op_orc, INDEX_op_eqv, INDEX_op_shl, INDEX_op_shr, INDEX_op_sar,
    INDEX_op_rotl, INDEX_op_rotr, INDEX_op_clz, INDEX_op_ctz,
};
static const TCGOpcode unops[] = {
    INDEX_op_mov, INDEX_op_neg, INDEX_op_not, INDEX_op_ctpop, INDEX_op_bswap16,
    INDEX_op_bswap32, INDEX_op_bswap64, INDEX_op_ext8s, INDEX_op_ext8u, INDEX_op_ext16s,
    INDEX_op_ext16u, INDEX_op_ext32s, INDEX_op_ext32u,
};
static const uint64_t values[] = {
    0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 0x7f, 0x80, 0xff, 0x8000, 0x7fffffff,
    0x80000000, 0xffffffff, 0x100000000ull, 0x123456789abcdef0ull, MIN64,
    0x7fffffffffffffffull, ~0ull, ~1ull, 0xfffffffffffffff9ull, 0x8000000080000000ull,
    0xfedcba9876543210ull, 0xdeadbeefcafebabeull,
};

static void op3(TCGOpcode opc, TCGType type, int n, int d, int a, int b)
{
    TCGOp *op = tcg_emit_op(opc, type, n);
    op->args[0] = (TCGArg)d;
    op->args[1] = (TCGArg)a;
    op->args[2] = (TCGArg)b;
}

#define X(i) (t_x[i].idx)
#define NFORMS 8

/*
 * One TB computing opc(a, b) in NFORMS ways into x3..x10:
 *   x3 = op(x1, x2)            registers
 *   x4 = op(x1, $b)            immediate b
 *   x5 = op($a, x2)            immediate a
 *   x6 = x1; x6 = op(x6, x2)   output is input a
 *   x7 = x2; x7 = op(x1, x7)   output is input b
 *   x8 = op(t, u) with EBB temps loaded from x1, x2
 *   x9 = op(x1, x1)            (expect op(a, a))
 *   x10 = op($a, $b)           both constant
 * i32: the same on EBB temps extracted from x1/x2, results zero-extended.
 */
static void build_forms(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b, bool unary)
{
    int n = unary ? 2 : 3;

    tcg_func_start(&t_ctx);
    if (type == I64) {
        TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();
        op3(opc, I64, n, X(3), X(1), X(2));
        op3(opc, I64, n, X(4), X(1), tcg_constant_idx(I64, (int64_t)b));
        op3(opc, I64, n, X(5), tcg_constant_idx(I64, (int64_t)a), X(2));
        tcg_gen_mov_i64(t_x[6], t_x[1]);
        op3(opc, I64, n, X(6), X(6), X(2));
        tcg_gen_mov_i64(t_x[7], t_x[2]);
        op3(opc, I64, n, X(7), X(1), X(7));
        tcg_gen_mov_i64(t, t_x[1]);
        tcg_gen_mov_i64(u, t_x[2]);
        op3(opc, I64, n, t.idx, t.idx, u.idx);
        tcg_gen_mov_i64(t_x[8], t);
        op3(opc, I64, n, X(9), X(1), X(1));
        op3(opc, I64, n, X(10), tcg_constant_idx(I64, (int64_t)a),
            tcg_constant_idx(I64, (int64_t)b));
    } else {
        TCGv_i32 ta = tcg_temp_new_i32(), tb = tcg_temp_new_i32(), r = tcg_temp_new_i32();
        tcg_gen_extrl_i64_i32(ta, t_x[1]);
        tcg_gen_extrl_i64_i32(tb, t_x[2]);
        op3(opc, I32, n, r.idx, ta.idx, tb.idx);
        tcg_gen_extu_i32_i64(t_x[3], r);
        op3(opc, I32, n, r.idx, ta.idx, tcg_constant_idx(I32, (int32_t)b));
        tcg_gen_extu_i32_i64(t_x[4], r);
        op3(opc, I32, n, r.idx, tcg_constant_idx(I32, (int32_t)a), tb.idx);
        tcg_gen_extu_i32_i64(t_x[5], r);
        tcg_gen_mov_i32(r, ta);
        op3(opc, I32, n, r.idx, r.idx, tb.idx);
        tcg_gen_extu_i32_i64(t_x[6], r);
        /* i32 globals (4 bytes in env): w3 = op(w1, w2) */
        op3(opc, I32, n, t_w[3].idx, t_w[1].idx, t_w[2].idx);
        tcg_gen_mov_i32(r, tb);
        op3(opc, I32, n, r.idx, ta.idx, r.idx);
        tcg_gen_extu_i32_i64(t_x[7], r);
        op3(opc, I32, n, r.idx, ta.idx, ta.idx);
        tcg_gen_extu_i32_i64(t_x[9], r);
        op3(opc, I32, n, r.idx, tcg_constant_idx(I32, (int32_t)a),
            tcg_constant_idx(I32, (int32_t)b));
        tcg_gen_extu_i32_i64(t_x[10], r);
        tcg_gen_extu_i32_i64(t_x[8], ta);
    }
    tcg_gen_exit_tb(NULL, 0);
}

static int check_forms(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b, bool unary,
                       bool opt)
{
    uint64_t want = ref_op(opc, type, a, b), want_aa = ref_op(opc, type, a, unary ? b : a);
    uint64_t got[NFORMS + 1];
    int bad = 0;

    t_cpu_reset(&cpu);
    cpu.regs[1] = a;
    cpu.regs[2] = b;
    cpu.r32[1] = (uint32_t)a;
    cpu.r32[2] = (uint32_t)b;
    cpu.r32[0] = 0xdeadbeef;
    build_forms(opc, type, a, b, unary);
    run_jit(opt);
    for (int f = 0; f < NFORMS; f++) {
        got[f] = cpu.regs[3 + f];
    }
    if (type == I32) {
        got[5] = want;                          /* x8 holds a, checked below */
        if (cpu.regs[8] != (uint32_t)a || cpu.r32[3] != want || cpu.r32[0] != 0xdeadbeef) {
            bad = 1;
        }
    }
    for (int f = 0; f < NFORMS; f++) {
        uint64_t exp = f == 6 ? want_aa : want;
        if (got[f] != exp) {
            printf("  %s_%s(0x%" PRIx64 ", 0x%" PRIx64 ") form %d opt=%d: got 0x%" PRIx64
                   " want 0x%" PRIx64 "\n", tcg_op_defs[opc].name, type == I64 ? "i64" : "i32",
                   a, b, f, opt, got[f], exp);
            bad = 1;
        }
    }
    if (bad && type == I32) {
        printf("  %s_i32(0x%" PRIx64 ", 0x%" PRIx64 "): w3 0x%x x8 0x%" PRIx64 "\n",
               tcg_op_defs[opc].name, a, b, cpu.r32[3], cpu.regs[8]);
    }
    harness_failed_now |= bad;
    return bad;
}

static void run_ops(const TCGOpcode *ops, size_t nops, bool unary)
{
    int fails = 0;

    for (size_t k = 0; k < nops; k++) {
        for (int type = I32; type <= I64; type++) {
            if (type == I32 && (ops[k] == INDEX_op_bswap64 || ops[k] == INDEX_op_ext32s ||
                                ops[k] == INDEX_op_ext32u)) {
                continue;
            }
            for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
                for (size_t j = 0; j < (unary ? 1 : ARRAY_SIZE(values)); j++) {
                    for (int opt = 0; opt < 2 && fails < 10; opt++) {
                        fails += check_forms(ops[k], (TCGType)type, values[i],
                                             unary ? 0 : values[j], unary, opt);
                    }
                }
            }
        }
    }
}

static void test_binops(void) { run_ops(binops, ARRAY_SIZE(binops), false); }
static void test_unops(void) { run_ops(unops, ARRAY_SIZE(unops), true); }

/* Without lzcnt/tzcnt/popcnt/BMI2: bsr/bsf + cmov, the bit-slice popcount,
   shifts by cl. */
static void test_no_host_features(void)
{
    static const TCGOpcode ops[] = {
        INDEX_op_clz, INDEX_op_ctz, INDEX_op_shl, INDEX_op_shr, INDEX_op_sar,
    };
    static const TCGOpcode uops[] = { INDEX_op_ctpop };
    JitHostFeatures saved = jit_host;

    jit_host.lzcnt = jit_host.bmi1 = jit_host.bmi2 = jit_host.popcnt = false;
    run_ops(ops, ARRAY_SIZE(ops), false);
    run_ops(uops, ARRAY_SIZE(uops), true);
    jit_host = saved;
}

/* setcond, movcond, brcond: every condition, operand forms, both widths. */
static void test_conditions(void)
{
    int fails = 0;

    for (size_t i = 0; i < ARRAY_SIZE(values) && fails < 10; i += 2) {
        for (size_t k = 0; k < ARRAY_SIZE(values) && fails < 10; k += 3) {
            uint64_t a = values[i], b = values[k];
            for (TCGCond c = TCG_COND_NEVER; c <= TCG_COND_GTU; c++) {
                bool r64 = tcg_eval_cond(c, I64, a, b), r32 = tcg_eval_cond(c, I32, a, b);
                bool z64 = tcg_eval_cond(c, I64, a, 0);
                TCGv_i32 ta, tb, tr;
                TCGLabel *l1, *l2;

                t_cpu_reset(&cpu);
                cpu.regs[1] = a;
                cpu.regs[2] = b;
                cpu.regs[14] = 100;
                cpu.regs[15] = 200;
                tcg_func_start(&t_ctx);
                tcg_gen_setcond_i64(c, t_x[3], t_x[1], t_x[2]);
                tcg_gen_setcondi_i64(c, t_x[4], t_x[1], (int64_t)b);
                tcg_gen_setcond_i64(c, t_x[5], tcg_constant_i64((int64_t)a), t_x[2]);
                tcg_gen_movcond_i64(c, t_x[6], t_x[1], t_x[2], t_x[14], t_x[15]);
                tcg_gen_movcond_i64(c, t_x[7], t_x[1], tcg_constant_i64(0), t_x[14],
                                    tcg_constant_i64(-5));
                ta = tcg_temp_new_i32();
                tb = tcg_temp_new_i32();
                tr = tcg_temp_new_i32();
                tcg_gen_extrl_i64_i32(ta, t_x[1]);
                tcg_gen_extrl_i64_i32(tb, t_x[2]);
                tcg_gen_setcond_i32(c, tr, ta, tb);
                tcg_gen_extu_i32_i64(t_x[8], tr);
                tcg_gen_movcond_i32(c, tr, ta, tb, tcg_constant_i32(7), tcg_constant_i32(-7));
                tcg_gen_ext_i32_i64(t_x[9], tr);
                l1 = gen_new_label();
                tcg_gen_movi_i64(t_x[10], 1);
                tcg_gen_brcond_i64(c, t_x[1], t_x[2], l1);
                tcg_gen_movi_i64(t_x[10], 0);
                gen_set_label(l1);
                l2 = gen_new_label();
                tcg_gen_movi_i64(t_x[11], 1);
                tcg_gen_extrl_i64_i32(ta, t_x[1]);
                tcg_gen_extrl_i64_i32(tb, t_x[2]);
                tcg_gen_brcond_i32(c, ta, tb, l2);
                tcg_gen_movi_i64(t_x[11], 0);
                gen_set_label(l2);
                tcg_gen_exit_tb(NULL, 0);
                run_jit(i & 1);
                CHECK_EQ(cpu.regs[3], r64);
                CHECK_EQ(cpu.regs[4], r64);
                CHECK_EQ(cpu.regs[5], r64);
                CHECK_EQ(cpu.regs[6], r64 ? 100 : 200);
                CHECK_EQ(cpu.regs[7], z64 ? 100 : (uint64_t)-5);
                CHECK_EQ(cpu.regs[8], r32);
                CHECK_EQ(cpu.regs[9], r32 ? 7 : (uint64_t)-7);
                CHECK_EQ(cpu.regs[10], r64);
                CHECK_EQ(cpu.regs[11], r32);
                if (harness_failed_now) {
                    printf("  cond %s a=0x%" PRIx64 " b=0x%" PRIx64 "\n", tcg_cond_name(c), a, b);
                    fails++;
                    harness_failed_now = 0;
                }
            }
        }
    }
    harness_failed_now = fails != 0;
}

/* ld + brcond against an immediate: compared in memory (TB-entry check). */
static void test_ld_brcond(void)
{
    static const int64_t imms[] = { 0, 1, -1, 0x1234, -0x80000000ll };
    int32_t off = offsetof(FakeCPU, scratch);

    for (size_t i = 0; i < ARRAY_SIZE(values); i += 3) {
        for (size_t k = 0; k < ARRAY_SIZE(imms); k++) {
            for (TCGCond c = TCG_COND_EQ; c <= TCG_COND_GTU; c++) {
                uint64_t v = values[i];
                TCGv_i64 t = tcg_temp_new_i64();
                TCGv_i32 u;
                TCGLabel *l1, *l2;

                t_cpu_reset(&cpu);
                memcpy(cpu.scratch, &v, 8);
                tcg_func_start(&t_ctx);
                t = tcg_temp_new_i64();
                u = tcg_temp_new_i32();
                l1 = gen_new_label();
                l2 = gen_new_label();
                tcg_gen_movi_i64(t_x[1], 1);
                tcg_gen_movi_i64(t_x[2], 1);
                tcg_gen_ld_i64(t, tcg_env, off);
                tcg_gen_brcondi_i64(c, t, imms[k], l1);
                tcg_gen_movi_i64(t_x[1], 0);
                gen_set_label(l1);
                tcg_gen_ld_i32(u, tcg_env, off);
                tcg_gen_brcond_i32(c, u, tcg_constant_i32((int32_t)imms[k]), l2);
                tcg_gen_movi_i64(t_x[2], 0);
                gen_set_label(l2);
                tcg_gen_exit_tb(NULL, 0);
                run_jit(false);
                CHECK_EQ(cpu.regs[1], tcg_eval_cond(c, I64, v, (uint64_t)imms[k]));
                CHECK_EQ(cpu.regs[2], tcg_eval_cond(c, I32, v, (uint64_t)imms[k]));
                if (harness_failed_now) {
                    printf("  %s 0x%" PRIx64 " vs %" PRId64 "\n", tcg_cond_name(c), v, imms[k]);
                    return;
                }
            }
        }
    }
}

/* extract/sextract/deposit at every (ofs, len) of both widths. */
static void test_bitfields(void)
{
    static const uint64_t a = 0xfedcba9876543210ull, b = 0x0123456789abcdefull;
    int fails = 0;

    for (int type = I32; type <= I64; type++) {
        unsigned bits = type == I64 ? 64 : 32;
        for (unsigned ofs = 0; ofs < bits && fails < 10; ofs++) {
            for (unsigned len = 1; ofs + len <= bits; len++) {
                uint64_t m = bits == 64 ? ~0ull : 0xffffffffull;
                uint64_t ex = extract64(a, ofs, len), sx = (uint64_t)sextract64(a, ofs, len) & m;
                uint64_t dp = deposit64(a, ofs, len, b) & m, dc = deposit64(a, ofs, len, 0x5a) & m;

                t_cpu_reset(&cpu);
                cpu.regs[1] = a;
                cpu.regs[2] = b;
                tcg_func_start(&t_ctx);
                if (type == I64) {
                    tcg_gen_extract_i64(t_x[3], t_x[1], ofs, len);
                    tcg_gen_sextract_i64(t_x[4], t_x[1], ofs, len);
                    tcg_gen_deposit_i64(t_x[5], t_x[1], t_x[2], ofs, len);
                    tcg_gen_deposit_i64(t_x[6], t_x[1], tcg_constant_i64(0x5a), ofs, len);
                } else {
                    TCGv_i32 ta = tcg_temp_new_i32(), tb = tcg_temp_new_i32();
                    TCGv_i32 r = tcg_temp_new_i32();
                    tcg_gen_extrl_i64_i32(ta, t_x[1]);
                    tcg_gen_extrl_i64_i32(tb, t_x[2]);
                    tcg_gen_extract_i32(r, ta, ofs, len);
                    tcg_gen_extu_i32_i64(t_x[3], r);
                    tcg_gen_sextract_i32(r, ta, ofs, len);
                    tcg_gen_extu_i32_i64(t_x[4], r);
                    tcg_gen_deposit_i32(r, ta, tb, ofs, len);
                    tcg_gen_extu_i32_i64(t_x[5], r);
                    tcg_gen_deposit_i32(r, ta, tcg_constant_i32(0x5a), ofs, len);
                    tcg_gen_extu_i32_i64(t_x[6], r);
                }
                tcg_gen_exit_tb(NULL, 0);
                run_jit(false);
                if (cpu.regs[3] != ex || cpu.regs[4] != sx || cpu.regs[5] != dp ||
                    cpu.regs[6] != dc) {
                    printf("  bits=%u ofs=%u len=%u: 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
                           " 0x%" PRIx64 "\n", bits, ofs, len, cpu.regs[3], cpu.regs[4],
                           cpu.regs[5], cpu.regs[6]);
                    fails++;
                }
            }
        }
    }
    harness_failed_now = fails != 0;
}

/* More values live at once than host registers: spills and reloads. */
static void test_register_pressure(void)
{
    enum { N = 40 };
    TCGv_i64 t[N];
    uint64_t want = 0;

    t_cpu_reset(&cpu);
    for (int i = 1; i < 16; i++) {
        cpu.regs[i] = 0x1000 * i + 3;
    }
    tcg_func_start(&t_ctx);
    for (int i = 0; i < N; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_muli_i64(t[i], t_x[1 + i % 15], i + 1);
        tcg_gen_xor_i64(t[i], t[i], t_x[1 + (i * 7) % 15]);
    }
    /* every global modified too, so dirty globals compete for registers */
    for (int i = 1; i < 16; i++) {
        tcg_gen_addi_i64(t_x[i], t_x[i], i);
    }
    for (int i = 1; i < N; i++) {
        tcg_gen_add_i64(t[0], t[0], t[i]);
    }
    tcg_gen_mov_i64(t_x[1], t[0]);
    tcg_gen_exit_tb(NULL, 0);
    for (int i = 0; i < N; i++) {
        uint64_t v = (0x1000ull * (1 + i % 15) + 3) * (i + 1);
        want += v ^ (0x1000ull * (1 + (i * 7) % 15) + 3);
    }
    run_jit(false);
    CHECK_EQ(cpu.regs[1], want);
    for (int i = 2; i < 16; i++) {
        CHECK_EQ(cpu.regs[i], 0x1000 * i + 3 + i);
    }
}

/* ---- Calls ------------------------------------------------------------------ */

static uint64_t seen_x1;
static uintptr_t seen_ra;
static int ncalls;

static uint64_t h_sum6(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e, uint64_t f)
{
    ncalls++;
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}

/* Reads a global from env (so it must have been synced) and writes one. */
static void h_touch(uint64_t env, uint64_t v)
{
    FakeCPU *f = (FakeCPU *)(uintptr_t)env;
    seen_x1 = f->regs[1];
    seen_ra = GETPC();
    f->regs[2] = v * 3;
    ncalls++;
}

/* Clobbers every caller-saved register it can, through a big computation. */
static uint64_t h_clobber(uint64_t a)
{
    volatile uint64_t x[16];
    for (int i = 0; i < 16; i++) {
        x[i] = a * i;
    }
    ncalls++;
    return x[15] + x[1];
}

/* The SysV ABI wants rsp 16-byte aligned at calls: then the callee's
   frame pointer (its entry rsp - 8) is a multiple of 16. */
static uint64_t h_aligned(uint64_t x)
{
    uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
    __asm__ volatile("" : "+r"(fp));
    ncalls++;
    return (fp & 15) == 0 ? x : ~0ull;
}

static const TCGHelperInfo i_aligned = { "aligned", (void *)h_aligned, TCG_CALL_PURE, 1, true };
static const TCGHelperInfo i_sum6 = { "sum6", (void *)h_sum6, TCG_CALL_PURE, 6, true };
static const TCGHelperInfo i_touch = { "touch", (void *)h_touch, 0, 2, false };
static const TCGHelperInfo i_clobber = { "clobber", (void *)h_clobber, TCG_CALL_PURE, 1, true };

static void test_calls(void)
{
    TCGv_i64 t[12], r = tcg_temp_new_i64();

    t_cpu_reset(&cpu);
    ncalls = 0;
    cpu.regs[1] = 10;
    cpu.regs[3] = 3;
    tcg_func_start(&t_ctx);
    tcg_gen_insn_start(0x100, 0);
    r = tcg_temp_new_i64();
    /* live temps across the calls, in caller- and callee-saved registers */
    for (int i = 0; i < 12; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_addi_i64(t[i], t_x[3], i);
    }
    tcg_gen_call(&i_sum6, t_x[4], t_x[3], t[1], t[2], tcg_constant_i64(4),
                 tcg_constant_i64(0x100000000ll), t[11]);
    tcg_gen_insn_start(0x104, 0);
    tcg_gen_addi_i64(t_x[1], t_x[1], 5);        /* dirty global: synced before touch */
    tcg_gen_movi_i64(t_x[2], 1);                /* overwritten by touch: reloaded after */
    tcg_gen_call(&i_touch, TCGV_NONE_I64, tcg_env, t_x[3]);
    tcg_gen_mov_i64(t_x[5], t_x[2]);
    tcg_gen_insn_start(0x108, 0);
    tcg_gen_call(&i_clobber, r, t[0]);
    tcg_gen_mov_i64(t_x[6], r);
    for (int i = 1; i < 12; i++) {
        tcg_gen_add_i64(t[0], t[0], t[i]);
    }
    tcg_gen_mov_i64(t_x[7], t[0]);
    tcg_gen_call(&i_aligned, t_x[8], t_x[3]);
    tcg_gen_exit_tb(NULL, 0);
    run_jit(false);
    CHECK_EQ(cpu.regs[8], 3);
    CHECK_EQ(cpu.regs[4], 3 + 2 * 4 + 3 * 5 + 4 * 4 + 5 * 0x100000000ull + 6 * 14);
    CHECK_EQ(seen_x1, 15);
    CHECK_EQ(cpu.regs[1], 15);
    CHECK_EQ(cpu.regs[2], 9);
    CHECK_EQ(cpu.regs[5], 9);
    CHECK_EQ(cpu.regs[6], 3 * 15 + 3);
    CHECK_EQ(cpu.regs[7], 12 * 3 + 66);
    CHECK_EQ(ncalls, 4);
    /* The touch call's return address belongs to insn 1. */
    CHECK(seen_ra > (uintptr_t)last_tc + t_ctx.insn_end_off[0]);
    CHECK(seen_ra <= (uintptr_t)last_tc + t_ctx.insn_end_off[1]);
    CHECK(t_ctx.insn_end_off[1] <= t_ctx.insn_end_off[2]);
}

/* Arguments already in argument registers, crosswise: rsi -> rdi and
   rdi -> rsi (a move cycle), given the allocation order rbx, r12-r15, rsi,
   rdi, r8, ...  The result must not depend on that order, only the path. */
static void test_call_arg_cycle(void)
{
    TCGv_i64 t[6];

    t_cpu_reset(&cpu);
    cpu.regs[1] = 100;
    tcg_func_start(&t_ctx);
    for (int i = 0; i < 6; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_addi_i64(t[i], t_x[1], i + 1);
    }
    tcg_gen_call(&i_sum6, t_x[2], t[4], t[5], t[0], t[1], t[2], t[3]);
    tcg_gen_call(&i_sum6, t_x[3], t[5], t[4], t[3], t[2], t[1], t[0]);
    tcg_gen_add_i64(t_x[4], t_x[1], t[0]);      /* x1 stays live in rbx */
    tcg_gen_exit_tb(NULL, 0);
    run_jit(false);
    CHECK_EQ(cpu.regs[4], 201);
    CHECK_EQ(cpu.regs[2], 105 + 2 * 106 + 3 * 101 + 4 * 102 + 5 * 103 + 6 * 104);
    CHECK_EQ(cpu.regs[3], 106 + 2 * 105 + 3 * 104 + 4 * 103 + 5 * 102 + 6 * 101);
}

/* A loop with a TB temp carried across labels, and a global counter. */
static void test_loop(void)
{
    TCGv_i64 acc, k;
    TCGLabel *top, *out;

    t_cpu_reset(&cpu);
    tcg_func_start(&t_ctx);
    acc = tcg_temp_new_tb_i64();
    k = tcg_temp_new_tb_i64();
    top = gen_new_label();
    out = gen_new_label();
    tcg_gen_movi_i64(t_x[1], 100);
    tcg_gen_movi_i64(acc, 0);
    tcg_gen_movi_i64(k, 7);
    gen_set_label(top);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t_x[1], 0, out);
    tcg_gen_add_i64(acc, acc, t_x[1]);
    tcg_gen_xor_i64(k, k, acc);
    tcg_gen_subi_i64(t_x[1], t_x[1], 1);
    tcg_gen_br(top);
    gen_set_label(out);
    tcg_gen_mov_i64(t_x[2], acc);
    tcg_gen_mov_i64(t_x[3], k);
    tcg_gen_exit_tb(NULL, 0);
    run_jit(true);
    {
        uint64_t a = 0, kk = 7;
        for (int i = 100; i > 0; i--) {
            a += i;
            kk ^= a;
        }
        CHECK_EQ(cpu.regs[1], 0);
        CHECK_EQ(cpu.regs[2], a);
        CHECK_EQ(cpu.regs[3], kk);
    }
}

/* ---- Guest memory --------------------------------------------------------- */

static void test_guest_mem(void)
{
    static const MemOp ops[] = {
        MO_UB, MO_SB, MO_UW, MO_SW, MO_UL, MO_SL, MO_UQ,
        MO_UW | MO_BE, MO_SW | MO_BE, MO_UL | MO_BE, MO_SL | MO_BE, MO_UQ | MO_BE,
    };
    static const uint64_t offs[] = { 0x10, 0x11, 0xffd, 0xff9, 0xffe, 0x1008 };

    for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
        for (size_t k = 0; k < ARRAY_SIZE(offs); k++) {
            for (int al = 0; al < 6; al++) {
                /* al & 1: MO_ALIGN; al >> 1: value in a register, or one of
                   two constants (immediate store when it fits). */
                MemOp mop = ops[i] | ((al & 1) ? MO_ALIGN : 0);
                int form = al >> 1;
                unsigned size = memop_size(mop);
                uint64_t addr = T_RAM_BASE + offs[k], want = 0;
                uint64_t v = form == 2 ? 0xffffffff85848388ull : 0x8182838485868788ull;
                bool aligned = (addr & (size - 1)) == 0;
                bool cross = (addr & 0xfff) + size > 0x1000;
                bool st_slow = ((al & 1) && !aligned) || cross || offs[k] >= 0x1000;
                bool ld_slow = ((al & 1) && !aligned) || cross;

                t_cpu_reset(&cpu);
                memset(t_ram, 0, sizeof(t_ram));
                cpu.regs[1] = addr;
                cpu.regs[2] = v;
                tcg_func_start(&t_ctx);
                tcg_gen_insn_start(0x200, 0);
                tcg_gen_qemu_st_i64(form ? tcg_constant_i64((int64_t)v) : t_x[2], t_x[1], 0, mop);
                tcg_gen_insn_start(0x204, 0);
                tcg_gen_qemu_ld_i64(t_x[3], t_x[1], 0, mop);
                tcg_gen_insn_start(0x208, 0);
                tcg_gen_exit_tb(NULL, 0);
                run_jit(false);
                for (unsigned b = 0; b < size; b++) {
                    uint64_t byte = (v >> (8 * b)) & 0xff;
                    want |= byte << (8 * b);
                }
                if ((mop & MO_SIGN) && size < 8) {
                    want = (uint64_t)((int64_t)(want << (64 - 8 * size)) >> (64 - 8 * size));
                }
                CHECK_EQ(cpu.regs[3], want);
                CHECK_EQ(cpu.slow_stores, st_slow);
                CHECK_EQ(cpu.slow_loads, ld_slow);
                if (!(mop & MO_BE)) {
                    CHECK_EQ(t_ram[offs[k]], 0x88);
                } else {
                    CHECK_EQ(t_ram[offs[k]], (v >> (8 * (size - 1))) & 0xff);
                }
                if (ld_slow) {
                    /* the slow load's retaddr lies inside insn 1 */
                    CHECK(cpu.last_retaddr > (uintptr_t)last_tc + t_ctx.insn_end_off[0]);
                    CHECK(cpu.last_retaddr <= (uintptr_t)last_tc + t_ctx.insn_end_off[1]);
                }
                if (harness_failed_now) {
                    printf("  mop 0x%x addr 0x%" PRIx64 "\n", mop, addr);
                    return;
                }
            }
        }
    }
}

/* Live values in caller-saved registers survive a slow path. */
static void test_slow_path_preserves(void)
{
    TCGv_i64 t[10];

    t_cpu_reset(&cpu);
    memset(t_ram, 0, sizeof(t_ram));
    cpu.regs[1] = T_RAM_BASE + 0x1010;          /* read-only page: slow stores */
    tcg_func_start(&t_ctx);
    for (int i = 0; i < 10; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_movi_i64(t[i], 0);
        tcg_gen_addi_i64(t[i], t_x[1], i * 0x100);
    }
    for (int i = 2; i < 14; i++) {
        tcg_gen_addi_i64(t_x[i], t_x[1], i);
    }
    tcg_gen_qemu_st_i64(t_x[2], t_x[1], 0, MO_UQ);
    tcg_gen_qemu_ld_i64(t_x[14], t_x[1], 0, MO_UQ | MO_ALIGN);
    tcg_gen_qemu_ld_i64(t_x[15], t_x[1], 0, MO_UL | MO_ALIGN);
    for (int i = 1; i < 10; i++) {
        tcg_gen_add_i64(t[0], t[0], t[i]);
    }
    tcg_gen_mov_i64(t_x[1], t[0]);
    tcg_gen_exit_tb(NULL, 0);
    run_jit(false);
    CHECK_EQ(cpu.slow_stores, 1);
    CHECK_EQ(cpu.slow_loads, 0);
    CHECK_EQ(cpu.regs[14], T_RAM_BASE + 0x1012);
    CHECK_EQ(cpu.regs[15], (uint32_t)(T_RAM_BASE + 0x1012));
    CHECK_EQ(cpu.regs[1], 10 * (T_RAM_BASE + 0x1010) + 45 * 0x100);
    for (int i = 2; i < 14; i++) {
        CHECK_EQ(cpu.regs[i], T_RAM_BASE + 0x1010 + i);
    }
}

/* ---- Block exits -------------------------------------------------------- */

static void test_exit_and_chain(void)
{
    const uint8_t *tb2, *tb1;
    uint8_t *rw;
    long n;
    uintptr_t r;

    codebuf_reset(&cb, prologue_size);
    /* TB 2: x2 = 22, exit 0x2000|1 */
    t_cpu_reset(&cpu);
    tcg_func_start(&t_ctx);
    tcg_gen_movi_i64(t_x[2], 22);
    tcg_gen_exit_tb((const TranslationBlock *)0x2000, 1);
    tcg_liveness_analysis(&t_ctx);
    tb2 = codebuf_cur_rx(&cb);
    n = tcg_backend_jit.gen_code(&t_ctx, NULL, codebuf_cur_rw(&cb), tb2, codebuf_avail(&cb));
    CHECK(n > 0);
    codebuf_commit(&cb, (size_t)n);

    /* TB 1: x1 = 11; goto_tb 0; exit 0x1000|0 */
    tcg_func_start(&t_ctx);
    tcg_gen_movi_i64(t_x[1], 11);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb((const TranslationBlock *)0x1000, 0);
    tcg_liveness_analysis(&t_ctx);
    tb1 = codebuf_cur_rx(&cb);
    rw = codebuf_cur_rw(&cb);
    n = tcg_backend_jit.gen_code(&t_ctx, NULL, rw, tb1, codebuf_avail(&cb));
    CHECK(n > 0);
    codebuf_commit(&cb, (size_t)n);
    CHECK_EQ(((uintptr_t)tb1 + t_ctx.goto_tb_insn_off[0] + 1) & 3, 0);
    CHECK_EQ(t_ctx.goto_tb_reset_off[0], t_ctx.goto_tb_insn_off[0] + 5);
    CHECK_EQ(t_ctx.goto_tb_insn_off[1], UINT32_MAX);

    r = tcg_backend_jit.exec(&cpu.cs, tb1);
    CHECK_EQ(r, 0x1000);
    CHECK_EQ(cpu.regs[1], 11);
    CHECK_EQ(cpu.regs[2], 0);

    tcg_backend_jit.set_jmp_target(rw + t_ctx.goto_tb_insn_off[0],
                                   tb1 + t_ctx.goto_tb_insn_off[0], tb2);
    r = tcg_backend_jit.exec(&cpu.cs, tb1);
    CHECK_EQ(r, 0x2001);
    CHECK_EQ(cpu.regs[2], 22);

    tcg_backend_jit.set_jmp_target(rw + t_ctx.goto_tb_insn_off[0],
                                   tb1 + t_ctx.goto_tb_insn_off[0],
                                   tb1 + t_ctx.goto_tb_reset_off[0]);
    cpu.regs[2] = 0;
    r = tcg_backend_jit.exec(&cpu.cs, tb1);
    CHECK_EQ(r, 0x1000);
    CHECK_EQ(cpu.regs[2], 0);

    /* goto_ptr to TB 2, then with 0: returns 0 */
    tcg_func_start(&t_ctx);
    tcg_gen_movi_i64(t_x[3], 33);
    {
        TCGOp *op = tcg_emit_op(INDEX_op_goto_ptr, I64, 1);
        op->args[0] = (TCGArg)t_x[4].idx;
    }
    tcg_liveness_analysis(&t_ctx);
    tb1 = codebuf_cur_rx(&cb);
    n = tcg_backend_jit.gen_code(&t_ctx, NULL, codebuf_cur_rw(&cb), tb1, codebuf_avail(&cb));
    CHECK(n > 0);
    codebuf_commit(&cb, (size_t)n);
    cpu.regs[4] = (uintptr_t)tb2;
    r = tcg_backend_jit.exec(&cpu.cs, tb1);
    CHECK_EQ(r, 0x2001);
    CHECK_EQ(cpu.regs[3], 33);
    cpu.regs[4] = 0;
    cpu.regs[3] = 0;
    r = tcg_backend_jit.exec(&cpu.cs, tb1);
    CHECK_EQ(r, 0);
    CHECK_EQ(cpu.regs[3], 33);

    /* exit values: small, large, and 0 */
    for (int k = 0; k < 3; k++) {
        uintptr_t v = k == 0 ? 3 : k == 1 ? (uintptr_t)0x7fffdeadbee0ull | 1 : 0;
        tcg_func_start(&t_ctx);
        tcg_gen_exit_tb((const TranslationBlock *)(v & ~(uintptr_t)3), (unsigned)(v & 3));
        CHECK_EQ(run_jit(false), v);
    }
}

/* The JIT in each code buffer mode, writes bracketed as the engine does. */
static void test_codebuf_modes(void)
{
    static const CodeBufMode modes[] = { CODEBUF_DUAL, CODEBUF_MPROTECT, CODEBUF_RWX };

    for (size_t m = 0; m < ARRAY_SIZE(modes); m++) {
        CodeBuf b;
        Error *err = NULL;
        size_t used;
        const uint8_t *tb1, *tb2;
        long n;

        if (!codebuf_init_mode(&b, 1 * MiB, modes[m], &err)) {
            printf("  %s: %s\n", codebuf_mode_name(modes[m]), error_get_pretty(err));
            error_free(err);
            harness_failed_now = 1;
            continue;
        }
        codebuf_begin_write(&b);
        tcg_backend_jit.init(b.rw, b.rx, b.size, &used);
        codebuf_end_write(&b, b.rx, used);
        codebuf_commit(&b, used);

        t_cpu_reset(&cpu);
        tcg_func_start(&t_ctx);
        tcg_gen_addi_i64(t_x[2], t_x[2], 5);
        tcg_gen_exit_tb((const TranslationBlock *)0x2000, 1);
        tcg_liveness_analysis(&t_ctx);
        codebuf_begin_write(&b);
        tb2 = codebuf_cur_rx(&b);
        n = tcg_backend_jit.gen_code(&t_ctx, NULL, codebuf_cur_rw(&b), tb2, codebuf_avail(&b));
        codebuf_end_write(&b, tb2, n > 0 ? (size_t)n : 0);
        CHECK(n > 0);
        codebuf_commit(&b, (size_t)n);

        tcg_func_start(&t_ctx);
        tcg_gen_addi_i64(t_x[1], t_x[1], 1);
        tcg_gen_goto_tb(1);
        tcg_gen_exit_tb((const TranslationBlock *)0x1000, 1);
        tcg_liveness_analysis(&t_ctx);
        codebuf_begin_write(&b);
        tb1 = codebuf_cur_rx(&b);
        n = tcg_backend_jit.gen_code(&t_ctx, NULL, codebuf_cur_rw(&b), tb1, codebuf_avail(&b));
        codebuf_end_write(&b, tb1, n > 0 ? (size_t)n : 0);
        CHECK(n > 0);
        codebuf_commit(&b, (size_t)n);

        CHECK_EQ(tcg_backend_jit.exec(&cpu.cs, tb1), 0x1001);
        codebuf_begin_write(&b);
        tcg_backend_jit.set_jmp_target(codebuf_rx_to_rw(&b, tb1 + t_ctx.goto_tb_insn_off[1]),
                                       tb1 + t_ctx.goto_tb_insn_off[1], tb2);
        codebuf_end_write(&b, tb1 + t_ctx.goto_tb_insn_off[1], 5);
        CHECK_EQ(tcg_backend_jit.exec(&cpu.cs, tb1), 0x2001);
        CHECK_EQ(cpu.regs[1], 2);
        CHECK_EQ(cpu.regs[2], 5);
        codebuf_destroy(&b);
        if (harness_failed_now) {
            printf("  mode %s\n", codebuf_mode_name(modes[m]));
        }
    }
    /* Back to the shared buffer's prologue. */
    tcg_backend_jit.init(cb.rw, cb.rx, cb.size, &prologue_size);
}

static uintptr_t lookup_result;
uintptr_t helper_lookup_tb_ptr(CPUState *c)
{
    (void)c;
    return lookup_result;
}

static void test_lookup_and_goto_ptr(void)
{
    t_cpu_reset(&cpu);
    lookup_result = 0;
    tcg_func_start(&t_ctx);
    tcg_gen_movi_i64(t_x[1], 5);
    tcg_gen_lookup_and_goto_ptr();
    CHECK_EQ(run_jit(true), 0);
    CHECK_EQ(cpu.regs[1], 5);
}

static void test_mb_discard(void)
{
    TCGv_i64 t;

    t_cpu_reset(&cpu);
    tcg_func_start(&t_ctx);
    t = tcg_temp_new_i64();
    tcg_gen_movi_i64(t, 3);
    tcg_gen_mb(0);
    tcg_gen_add_i64(t_x[1], t, t_x[2]);
    {
        TCGOp *op = tcg_emit_op(INDEX_op_discard, I64, 1);
        op->args[0] = (TCGArg)t.idx;
    }
    tcg_gen_exit_tb(NULL, 0);
    run_jit(false);
    CHECK_EQ(cpu.regs[1], 3);
}

/* -d out_asm output, and -1 when the buffer is too small. */
static void test_disas_and_overflow(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    long n;

    tcg_func_start(&t_ctx);
    for (int i = 0; i < 200; i++) {
        tcg_gen_add_i64(t_x[1], t_x[1], t_x[2]);
        tcg_gen_qemu_ld_i64(t_x[3], t_x[1], 0, MO_UQ);
    }
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(&t_ctx);
    codebuf_reset(&cb, prologue_size);
    n = tcg_backend_jit.gen_code(&t_ctx, NULL, codebuf_cur_rw(&cb), codebuf_cur_rx(&cb), 4096);
    CHECK_EQ(n, -1);
    n = tcg_backend_jit.gen_code(&t_ctx, NULL, codebuf_cur_rw(&cb), codebuf_cur_rx(&cb),
                                 codebuf_avail(&cb));
    CHECK(n > 4096);
    tcg_backend_jit.disas(f, codebuf_cur_rx(&cb), (size_t)n);

    /* A goto_tb beyond the 16-bit offsets of TranslationBlock. */
    tcg_func_start(&t_ctx);
    for (int i = 0; i < 3000; i++) {
        tcg_gen_qemu_ld_i64(t_x[1 + i % 8], t_x[9 + i % 6], 0, MO_UQ);
    }
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(NULL, 0);
    tcg_liveness_analysis(&t_ctx);
    CHECK_EQ(tcg_backend_jit.gen_code(&t_ctx, NULL, codebuf_cur_rw(&cb), codebuf_cur_rx(&cb),
                                      codebuf_avail(&cb)), TCG_GEN_TOO_LARGE);
    fclose(f);
    CHECK(strstr(text, "jne") != NULL);
    CHECK(strstr(text, "not decoded") == NULL);
    free(text);
}

/*
 * Inline host floating point (TCGHostFP): a call whose inline fast path and
 * whose helper (pure softfloat here, the reference) must agree on the
 * result and the flags for every operand, rounding mode and flag state.
 * env->scratch[0] holds the accrued flags, [1] the dynamic rounding mode,
 * [2] the op and [3] whether it is binary32, for the helper.
 */
static uint64_t h_fp(uint64_t env, uint64_t a, uint64_t b, uint64_t c)
{
    FakeCPU *f = (FakeCPU *)(uintptr_t)env;
    int op = f->scratch[2], neg;
    bool f32 = f->scratch[3];
    /* NX cleared: softfloat takes its soft path, not its own host one. */
    FpStatus s = { f->scratch[1], (uint8_t)(f->scratch[0] & ~FP_FLAG_NX) };
    uint32_t ua = (a >> 32) == 0xffffffffu ? (uint32_t)a : 0x7fc00000u;
    uint32_t ub = (b >> 32) == 0xffffffffu ? (uint32_t)b : 0x7fc00000u;
    uint32_t uc = (c >> 32) == 0xffffffffu ? (uint32_t)c : 0x7fc00000u;
    uint64_t r = 0;

    neg = op == HOSTFP_MSUB ? FP_FMSUB : op == HOSTFP_NMSUB ? FP_FNMSUB
        : op == HOSTFP_NMADD ? FP_FNMADD : 0;
    switch (op) {
    case HOSTFP_ADD: r = f32 ? f32_add(ua, ub, &s) : f64_add(a, b, &s); break;
    case HOSTFP_SUB: r = f32 ? f32_sub(ua, ub, &s) : f64_sub(a, b, &s); break;
    case HOSTFP_MUL: r = f32 ? f32_mul(ua, ub, &s) : f64_mul(a, b, &s); break;
    case HOSTFP_DIV: r = f32 ? f32_div(ua, ub, &s) : f64_div(a, b, &s); break;
    case HOSTFP_SQRT: r = f32 ? f32_sqrt(ua, &s) : f64_sqrt(a, &s); break;
    case HOSTFP_LT: r = f32 ? f32_lt(ua, ub, &s) : f64_lt(a, b, &s); break;
    case HOSTFP_LE: r = f32 ? f32_le(ua, ub, &s) : f64_le(a, b, &s); break;
    case HOSTFP_EQ: r = f32 ? f32_eq(ua, ub, &s) : f64_eq(a, b, &s); break;
    default:
        r = f32 ? f32_muladd(ua, ub, uc, neg, &s) : f64_muladd(a, b, c, neg, &s);
        break;
    }
    f->scratch[0] |= s.flags;
    if (op >= HOSTFP_LT) {
        return r;
    }
    return f32 ? 0xffffffff00000000ull | (uint32_t)r : r;
}

static uint64_t fp_operand(uint64_t rnd, bool f32)
{
    static const uint64_t d[] = {
        0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0x7ff8000000000000ull,
        0x7ff0000000000001ull, 1, 0x000fffffffffffffull, 0x0010000000000000ull,
        0x0010000000000001ull, 0x7fefffffffffffffull, 0x7fe0000000000000ull,
        0x3ff0000000000000ull, 0xbff0000000000000ull, 0x4000000000000000ull,
        0x3fe0000000000000ull, 0x2000000000000000ull, 0x5ff0000000000000ull,
    };
    static const uint32_t s[] = {
        0, 0x80000000u, 0x7f800000u, 0x7fc00000u, 0x7f800001u, 1, 0x007fffffu,
        0x00800000u, 0x00800001u, 0x7f7fffffu, 0x7f000000u, 0x3f800000u,
        0xbf800000u, 0x40000000u, 0x3f000000u, 0x20000000u, 0x5f800000u,
    };
    uint64_t v;

    switch (rnd & 7) {
    case 0:             /* a special or boundary value, maybe negated */
        v = f32 ? s[(rnd >> 3) % ARRAY_SIZE(s)] : d[(rnd >> 3) % ARRAY_SIZE(d)];
        v ^= (rnd >> 40 & 1) ? (f32 ? 0x80000000u : 0x8000000000000000ull) : 0;
        break;
    case 1:             /* any bits */
        v = rnd * 0x9e3779b97f4a7c15ull;
        break;
    default:            /* moderate exponents, random mantissa */
        if (f32) {
            v = ((uint64_t)(127 - 20 + (rnd >> 8) % 40) << 23) | ((rnd >> 20) & 0x7fffff);
            v |= (rnd >> 50 & 1) << 31;
        } else {
            v = ((uint64_t)(1023 - 60 + (rnd >> 8) % 120) << 52) |
                ((rnd * 0x2545f4914f6cdd1dull) >> 12);
            v |= (rnd >> 50 & 1) << 63;
        }
        break;
    }
    if (f32) {
        /* mostly NaN-boxed */
        v = ((rnd >> 45) & 15) == 0 ? (uint32_t)v : (0xffffffff00000000ull | (uint32_t)v);
    }
    return v;
}

static void test_hostfp(void)
{
    uint64_t rnd = 0x1234567;
    int fast_seen = 0;
    bool saved_fma = jit_host.fma;

    for (int pass = 0; pass < 2; pass++) {
        jit_host.fma = pass == 0 ? saved_fma : false;
        for (int f32 = 0; f32 < 2; f32++) {
            for (int dyn = 0; dyn < 2; dyn++) {
                for (int op = 0; op <= HOSTFP_EQ; op++) {
                    bool cmp = op >= HOSTFP_LT;
                    const TCGHostFP h = {
                        .op = (uint8_t)op, .f32 = f32, .flags_mask = cmp ? 0 : FP_FLAG_NX,
                        .flags_off = offsetof(FakeCPU, scratch),
                        .rm_off = dyn && !cmp ? (int32_t)offsetof(FakeCPU, scratch) + 1 : -1,
                    };
                    const TCGHelperInfo fpi = {
                        .name = "fp", .func = (void *)h_fp, .nargs = 4, .has_ret = true,
                        .flags = TCG_CALL_NO_RG | TCG_CALL_NO_WG, .hostfp = &h,
                    };
                    const TCGHelperInfo *info = &fpi;
                    /* One TB, run on many inputs: x3 = fp(x0, x1, x2). */
                    t_cpu_reset(&cpu);
                    tcg_func_start(&t_ctx);
                    tcg_gen_call(info, t_x[3], tcg_env, t_x[0], t_x[1], t_x[2]);
                    tcg_gen_exit_tb(NULL, 0);
                    tcg_liveness_analysis(&t_ctx);
                    codebuf_reset(&cb, prologue_size);
                    if (tcg_backend_jit.gen_code(&t_ctx, NULL, codebuf_cur_rw(&cb),
                                                 codebuf_cur_rx(&cb), codebuf_avail(&cb)) < 0) {
                        CHECK(false);
                        return;
                    }
                    for (int n = 0; n < 3000; n++) {
                        uint64_t in[3], want, got;
                        uint8_t flags, rm;
                        FakeCPU ref;

                        for (int k = 0; k < 3; k++) {
                            rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
                            in[k] = fp_operand(rnd >> 7, f32);
                        }
                        flags = (rnd >> 20 & 3) ? FP_FLAG_NX : (uint8_t)(rnd >> 24 & 31);
                        rm = dyn ? ((rnd >> 30 & 3) ? 0 : (uint8_t)(rnd >> 33) % 5) : 0;
                        /* compares: any flags and mode */
                        rm = cmp ? (uint8_t)(rnd >> 33) % 5 : rm;
                        memset(&ref, 0, sizeof(ref));
                        ref.scratch[0] = flags;
                        ref.scratch[1] = rm;
                        ref.scratch[2] = (uint8_t)op;
                        ref.scratch[3] = (uint8_t)f32;
                        want = h_fp((uintptr_t)&ref, in[0], in[1], in[2]);
                        memcpy(cpu.scratch, ref.scratch, 4);
                        cpu.scratch[0] = flags;
                        memcpy(cpu.regs, in, sizeof(in));
                        tcg_backend_jit.exec(&cpu.cs, codebuf_cur_rx(&cb));
                        got = cpu.regs[3];
                        fast_seen += ref.scratch[0] == flags && flags == FP_FLAG_NX;
                        if (got != want || cpu.scratch[0] != ref.scratch[0]) {
                            printf("  op %d f32 %d dyn %d rm %d fma %d: %016" PRIx64 " %016" PRIx64
                                   " %016" PRIx64 " flags %02x: got %016" PRIx64 "/%02x, want %016"
                                   PRIx64 "/%02x\n", op, f32, dyn, rm, jit_host.fma, in[0], in[1],
                                   in[2], flags, got, cpu.scratch[0], want, ref.scratch[0]);
                            CHECK(false);
                            jit_host.fma = saved_fma;
                            return;
                        }
                    }
                }
            }
        }
    }
    jit_host.fma = saved_fma;
    CHECK(fast_seen > 10000);
}

int main(void)
{
    Error *err = NULL;

    t_init();
    (void)t_run;            /* the interpreter runner of tcg-test.h */
    if (!codebuf_init(&cb, 16 * MiB, &err)) {
        printf("FAIL codebuf: %s\n", error_get_pretty(err));
        return 1;
    }
    tcg_backend_jit.init(cb.rw, cb.rx, cb.size, &prologue_size);
    RUN_TEST(test_binops);
    RUN_TEST(test_unops);
    RUN_TEST(test_no_host_features);
    RUN_TEST(test_conditions);
    RUN_TEST(test_ld_brcond);
    RUN_TEST(test_bitfields);
    RUN_TEST(test_register_pressure);
    RUN_TEST(test_calls);
    RUN_TEST(test_call_arg_cycle);
    RUN_TEST(test_loop);
    RUN_TEST(test_guest_mem);
    RUN_TEST(test_slow_path_preserves);
    RUN_TEST(test_exit_and_chain);
    RUN_TEST(test_codebuf_modes);
    RUN_TEST(test_lookup_and_goto_ptr);
    RUN_TEST(test_mb_discard);
    RUN_TEST(test_disas_and_overflow);
    RUN_TEST(test_hostfp);
    codebuf_destroy(&cb);
    HARNESS_EXIT();
}
