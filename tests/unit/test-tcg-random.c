/*
 * Random IR programs, run on several configurations and compared:
 *   reference:  interpreter, neither optimizer nor liveness;
 *   interp+opt: interpreter after tcg_optimize;
 *   jit+opt, jit: the x86-64 JIT with and without the optimizer.
 * Compared: every global, the host scratch area, guest RAM, the exit value
 * and the number of softmmu slow-path calls.
 *
 * A program is straight-line code over globals, EBB and TB temps and
 * constants (both widths), with forward brconds and brs, small counted
 * loops, setcond/movcond, bit fields, width changes, host ld/st on env,
 * guest ld/st (fast and slow paths), and helper calls with every flag
 * combination (pure, reading globals, writing globals).
 *
 * SEED=n runs only seed n and dumps its IR; N=count sets the number of seeds.
 */
#include "tcg-test.h"
#include "tcg/codebuf.h"
#include "util/error.h"

#define I64 TCG_TYPE_I64
#define I32 TCG_TYPE_I32

/* ---- Deterministic random numbers ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static unsigned rn(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static uint64_t interesting(void)
{
    static const uint64_t vals[] = {
        0, 1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 0xff, 0x80, 0x7f, 0xffff, 0x8000,
        0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x8000000000000000ull,
        0x7fffffffffffffffull, ~0ull, ~1ull, (uint64_t)-8, 0x123456789abcdef0ull,
    };
    switch (rn(4)) {
    case 0:
        return rnd();
    case 1:
        return rnd() & 0xff;
    default:
        return vals[rn(ARRAY_SIZE(vals))];
    }
}

/* ---- Helpers called by the programs ---- */

static uint64_t h_pure2(uint64_t a, uint64_t b)
{
    return a * 31 + (b ^ (b >> 7));
}

static uint64_t h_norg(uint64_t a)
{
    return ~a + 3;
}

static uint64_t h_reader(uint64_t env)
{
    FakeCPU *f = (FakeCPU *)(uintptr_t)env;
    uint64_t h = f->r32[1] + f->r32[2] * 5 + f->r32[3];
    int i;
    for (i = 0; i < T_NREGS; i++) {
        h = h * 33 + f->regs[i];
    }
    return h;
}

static void h_writer(uint64_t env, uint64_t a)
{
    FakeCPU *f = (FakeCPU *)(uintptr_t)env;
    f->regs[5] ^= a;
    f->regs[9] += f->regs[2];
    f->r32[2] += (uint32_t)a;
}

static uint64_t h_six(uint64_t env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
    FakeCPU *f = (FakeCPU *)(uintptr_t)env;
    f->regs[11] = a - b + f->regs[11];
    return (a ^ (b << 1) ^ (c << 2) ^ (d << 3)) + e;
}

static const TCGHelperInfo hi_pure2 = { "pure2", (void *)h_pure2, TCG_CALL_PURE, 2, true };
static const TCGHelperInfo hi_norg = { "norg", (void *)h_norg, TCG_CALL_NO_RG, 1, true };
static const TCGHelperInfo hi_reader = { "reader", (void *)h_reader,
                                         TCG_CALL_NO_WG | TCG_CALL_NO_SE, 1, true };
static const TCGHelperInfo hi_writer = { "writer", (void *)h_writer, 0, 2, false };
static const TCGHelperInfo hi_six = { "six", (void *)h_six, 0, 6, true };

/* ---- The generator ---- */

#define N_EBB64 4
#define N_TB64 3
#define N_EBB32 2
#define N_TB32 1
#define MAX_PENDING 8
#define SCRATCH_OFF ((int32_t)offsetof(FakeCPU, scratch))

typedef struct Gen {
    TCGv_i64 e64[N_EBB64], t64[N_TB64], loopcnt;
    TCGv_i32 e32[N_EBB32], t32[N_TB32];
    TCGLabel *pending[MAX_PENDING];
    int n_pending;
    int insn;
} Gen;

static TCGv_i64 src64(Gen *g)
{
    switch (rn(8)) {
    case 0: case 1: case 2:
        return t_x[rn(T_NREGS)];
    case 3: case 4:
        return g->e64[rn(N_EBB64)];
    case 5:
        return g->t64[rn(N_TB64)];
    default:
        return tcg_constant_i64((int64_t)interesting());
    }
}

static TCGv_i64 dst64(Gen *g)
{
    switch (rn(6)) {
    case 0: case 1: case 2:
        return t_x[rn(T_NREGS)];
    case 3: case 4:
        return g->e64[rn(N_EBB64)];
    default:
        return g->t64[rn(N_TB64)];
    }
}

static TCGv_i32 src32(Gen *g)
{
    switch (rn(6)) {
    case 0: case 1:
        return t_w[rn(T_NR32)];
    case 2: case 3:
        return g->e32[rn(N_EBB32)];
    case 4:
        return g->t32[rn(N_TB32)];
    default:
        return tcg_constant_i32((int32_t)interesting());
    }
}

static TCGv_i32 dst32(Gen *g)
{
    switch (rn(5)) {
    case 0: case 1:
        return t_w[rn(T_NR32)];
    case 2: case 3:
        return g->e32[rn(N_EBB32)];
    default:
        return g->t32[rn(N_TB32)];
    }
}

static void init_ebb(Gen *g)
{
    int i;

    for (i = 0; i < N_EBB64; i++) {
        if (rn(2)) {
            tcg_gen_mov_i64(g->e64[i], t_x[rn(T_NREGS)]);
        } else {
            tcg_gen_movi_i64(g->e64[i], (int64_t)interesting());
        }
    }
    for (i = 0; i < N_EBB32; i++) {
        tcg_gen_extrl_i64_i32(g->e32[i], t_x[rn(T_NREGS)]);
    }
}

typedef void (*Bin64)(TCGv_i64, TCGv_i64, TCGv_i64);
typedef void (*Bin32)(TCGv_i32, TCGv_i32, TCGv_i32);
typedef void (*Un64)(TCGv_i64, TCGv_i64);
typedef void (*Un32)(TCGv_i32, TCGv_i32);
typedef void (*Imm64)(TCGv_i64, TCGv_i64, int64_t);
typedef void (*Imm32)(TCGv_i32, TCGv_i32, int32_t);

static const Bin64 bin64[] = {
    tcg_gen_add_i64, tcg_gen_sub_i64, tcg_gen_mul_i64, tcg_gen_div_i64, tcg_gen_divu_i64,
    tcg_gen_rem_i64, tcg_gen_remu_i64, tcg_gen_mulsh_i64, tcg_gen_muluh_i64,
    tcg_gen_and_i64, tcg_gen_or_i64, tcg_gen_xor_i64, tcg_gen_andc_i64, tcg_gen_orc_i64,
    tcg_gen_eqv_i64, tcg_gen_shl_i64, tcg_gen_shr_i64, tcg_gen_sar_i64, tcg_gen_rotl_i64,
    tcg_gen_rotr_i64, tcg_gen_clz_i64, tcg_gen_ctz_i64,
};
static const Bin32 bin32[] = {
    tcg_gen_add_i32, tcg_gen_sub_i32, tcg_gen_mul_i32, tcg_gen_div_i32, tcg_gen_divu_i32,
    tcg_gen_rem_i32, tcg_gen_remu_i32, tcg_gen_mulsh_i32, tcg_gen_muluh_i32,
    tcg_gen_and_i32, tcg_gen_or_i32, tcg_gen_xor_i32, tcg_gen_andc_i32, tcg_gen_orc_i32,
    tcg_gen_eqv_i32, tcg_gen_shl_i32, tcg_gen_shr_i32, tcg_gen_sar_i32, tcg_gen_rotl_i32,
    tcg_gen_rotr_i32, tcg_gen_clz_i32, tcg_gen_ctz_i32,
};
static const Un64 un64[] = {
    tcg_gen_mov_i64, tcg_gen_neg_i64, tcg_gen_not_i64, tcg_gen_ctpop_i64,
    tcg_gen_bswap16_i64, tcg_gen_bswap32_i64, tcg_gen_bswap64_i64, tcg_gen_ext8s_i64,
    tcg_gen_ext8u_i64, tcg_gen_ext16s_i64, tcg_gen_ext16u_i64, tcg_gen_ext32s_i64,
    tcg_gen_ext32u_i64,
};
static const Un32 un32[] = {
    tcg_gen_mov_i32, tcg_gen_neg_i32, tcg_gen_not_i32, tcg_gen_ctpop_i32,
    tcg_gen_bswap16_i32, tcg_gen_bswap32_i32, tcg_gen_ext8s_i32, tcg_gen_ext8u_i32,
    tcg_gen_ext16s_i32, tcg_gen_ext16u_i32,
};
static const Imm64 imm64[] = {
    tcg_gen_addi_i64, tcg_gen_subi_i64, tcg_gen_muli_i64, tcg_gen_andi_i64, tcg_gen_ori_i64,
    tcg_gen_xori_i64, tcg_gen_shli_i64, tcg_gen_shri_i64, tcg_gen_sari_i64,
    tcg_gen_rotli_i64, tcg_gen_rotri_i64,
};
static const Imm32 imm32[] = {
    tcg_gen_addi_i32, tcg_gen_subi_i32, tcg_gen_muli_i32, tcg_gen_andi_i32, tcg_gen_ori_i32,
    tcg_gen_xori_i32, tcg_gen_shli_i32, tcg_gen_shri_i32, tcg_gen_sari_i32,
    tcg_gen_rotli_i32, tcg_gen_rotri_i32,
};

static TCGCond rcond(void)
{
    return (TCGCond)(TCG_COND_EQ + rn(10));
}

/* A guest address in RAM computed at run time from a value. */
static TCGv_i64 guest_addr(Gen *g, MemOp *mop)
{
    TCGv_i64 a = tcg_temp_new_i64();

    *mop = (MemOp)rn(4);
    if (rn(2)) {
        *mop |= MO_SIGN;
    }
    if (rn(4) == 0) {
        *mop |= MO_BE;
    }
    if (rn(4) == 0) {
        *mop |= MO_ALIGN;
    }
    if ((*mop & MO_SIZE) == MO_64) {
        *mop &= ~MO_SIGN;
    }
    if (rn(3) == 0) {
        /* near the page boundary */
        tcg_gen_andi_i64(a, src64(g), 15);
        tcg_gen_addi_i64(a, a, (int64_t)(T_RAM_BASE + TARGET_PAGE_SIZE - 8));
    } else {
        tcg_gen_andi_i64(a, src64(g), (int64_t)(T_RAM_SIZE - 16));
        tcg_gen_addi_i64(a, a, (int64_t)(T_RAM_BASE + rn(8)));
    }
    return a;
}

static void gen_straight(Gen *g)
{
    unsigned k = rn(100);

    if (k < 15) {
        bin64[rn(ARRAY_SIZE(bin64))](dst64(g), src64(g), src64(g));
    } else if (k < 20) {
        /* through a temp, as front ends often do: "op t, ...; mov d, t" */
        TCGv_i64 t = rn(2) ? tcg_temp_new_i64() : g->e64[rn(N_EBB64)];
        TCGv_i64 d = dst64(g);
        switch (rn(3)) {
        case 0:
            bin64[rn(ARRAY_SIZE(bin64))](t, src64(g), d);
            break;
        case 1:
            tcg_gen_call(&hi_six, t, tcg_env, d, src64(g), src64(g), src64(g), src64(g));
            break;
        default: {
            MemOp mop;
            TCGv_i64 a = guest_addr(g, &mop);
            tcg_gen_qemu_ld_i64(t, a, 0, mop);
            break;
        }
        }
        tcg_gen_mov_i64(d, t);
    } else if (k < 24) {
        /* known-zero bits: a narrowing op, then an extension or a mask */
        TCGv_i64 t = g->e64[rn(N_EBB64)], v = rn(3) ? src64(g) : t, d = dst64(g);
        unsigned c = rn(64);
        switch (rn(8)) {
        case 0: tcg_gen_shri_i64(t, v, c); break;
        case 1: tcg_gen_sari_i64(t, v, c); break;
        case 2: tcg_gen_shli_i64(t, v, c); break;
        case 3: tcg_gen_extract_i64(t, v, c, 1 + rn(64 - c)); break;
        case 4: tcg_gen_andi_i64(t, v, (int64_t)interesting()); break;
        case 5: tcg_gen_ld16u_i64(t, tcg_env, SCRATCH_OFF + (int32_t)rn(200)); break;
        case 6: tcg_gen_setcond_i64(rcond(), t, v, src64(g)); break;
        default: {
            MemOp mop;
            TCGv_i64 a = guest_addr(g, &mop);
            tcg_gen_qemu_ld_i64(t, a, 0, mop);
            break;
        }
        }
        if (rn(2)) {
            tcg_gen_or_i64(t, t, rn(2) ? t : src64(g));
        }
        switch (rn(8)) {
        case 0: tcg_gen_ext8u_i64(d, t); break;
        case 1: tcg_gen_ext16u_i64(d, t); break;
        case 2: tcg_gen_ext32u_i64(d, t); break;
        case 3: tcg_gen_ext8s_i64(d, t); break;
        case 4: tcg_gen_ext16s_i64(d, t); break;
        case 5: tcg_gen_ext32s_i64(d, t); break;
        case 6: tcg_gen_and_i64(d, t, tcg_constant_i64((int64_t)interesting())); break;
        default: tcg_gen_movcond_i64(rcond(), d, src64(g), src64(g), t, src64(g)); break;
        }
    } else if (k < 26) {
        /* RV64 "W" shape: extrl a, x; extrl b, y; op_i32; ext_i32_i64 */
        static const Bin32 wops[] = {
            tcg_gen_add_i32, tcg_gen_sub_i32, tcg_gen_mul_i32, tcg_gen_and_i32,
            tcg_gen_xor_i32, tcg_gen_shl_i32, tcg_gen_shr_i32, tcg_gen_div_i32,
        };
        TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32();
        TCGv_i32 r = rn(2) ? a : tcg_temp_new_i32();
        TCGv_i64 d = dst64(g);
        tcg_gen_extrl_i64_i32(a, src64(g));
        switch (rn(3)) {
        case 0: tcg_gen_extrl_i64_i32(b, src64(g)); break;
        case 1: tcg_gen_movi_i32(b, (int32_t)interesting()); break;
        default: b = tcg_constant_i32((int32_t)rn(40)); break;
        }
        if (rn(4) == 0) {
            tcg_gen_neg_i32(r, a);
        } else {
            wops[rn(ARRAY_SIZE(wops))](r, a, b);
        }
        tcg_gen_ext_i32_i64(d, r);
        if (rn(4) == 0) {
            tcg_gen_mov_i32(t_w[rn(T_NR32)], r);     /* a second reader */
        }
    } else if (k < 28) {
        bin32[rn(ARRAY_SIZE(bin32))](dst32(g), src32(g), src32(g));
    } else if (k < 34) {
        un64[rn(ARRAY_SIZE(un64))](dst64(g), src64(g));
    } else if (k < 38) {
        un32[rn(ARRAY_SIZE(un32))](dst32(g), src32(g));
    } else if (k < 46) {
        imm64[rn(ARRAY_SIZE(imm64))](dst64(g), src64(g), (int64_t)interesting());
    } else if (k < 50) {
        imm32[rn(ARRAY_SIZE(imm32))](dst32(g), src32(g), (int32_t)interesting());
    } else if (k < 54) {
        if (rn(2)) {
            tcg_gen_setcond_i64(rcond(), dst64(g), src64(g), src64(g));
        } else {
            tcg_gen_setcond_i32(rcond(), dst32(g), src32(g), src32(g));
        }
    } else if (k < 58) {
        if (rn(2)) {
            tcg_gen_movcond_i64(rcond(), dst64(g), src64(g), src64(g), src64(g), src64(g));
        } else {
            tcg_gen_movcond_i32(rcond(), dst32(g), src32(g), src32(g), src32(g), src32(g));
        }
    } else if (k < 62) {
        bool w64 = rn(2);
        unsigned bits = w64 ? 64 : 32, ofs = rn(bits), len = 1 + rn(bits - ofs);
        switch (rn(3)) {
        case 0:
            if (w64) {
                tcg_gen_extract_i64(dst64(g), src64(g), ofs, len);
            } else {
                tcg_gen_extract_i32(dst32(g), src32(g), ofs, len);
            }
            break;
        case 1:
            if (w64) {
                tcg_gen_sextract_i64(dst64(g), src64(g), ofs, len);
            } else {
                tcg_gen_sextract_i32(dst32(g), src32(g), ofs, len);
            }
            break;
        default:
            if (w64) {
                tcg_gen_deposit_i64(dst64(g), src64(g), src64(g), ofs, len);
            } else {
                tcg_gen_deposit_i32(dst32(g), src32(g), src32(g), ofs, len);
            }
            break;
        }
    } else if (k < 66) {
        switch (rn(4)) {
        case 0: tcg_gen_ext_i32_i64(dst64(g), src32(g)); break;
        case 1: tcg_gen_extu_i32_i64(dst64(g), src32(g)); break;
        case 2: tcg_gen_extrl_i64_i32(dst32(g), src64(g)); break;
        default: tcg_gen_extrh_i64_i32(dst32(g), src64(g)); break;
        }
    } else if (k < 72) {
        int32_t off = SCRATCH_OFF + (int32_t)rn(240);
        switch (rn(12)) {
        case 0: tcg_gen_st8_i64(src64(g), tcg_env, off); break;
        case 1: tcg_gen_st16_i64(src64(g), tcg_env, off); break;
        case 2: tcg_gen_st32_i64(src64(g), tcg_env, off); break;
        case 3: tcg_gen_st_i64(src64(g), tcg_env, off); break;
        case 4: tcg_gen_st_i32(src32(g), tcg_env, off); break;
        case 5: tcg_gen_ld8u_i64(dst64(g), tcg_env, off); break;
        case 6: tcg_gen_ld8s_i64(dst64(g), tcg_env, off); break;
        case 7: tcg_gen_ld16u_i64(dst64(g), tcg_env, off); break;
        case 8: tcg_gen_ld16s_i64(dst64(g), tcg_env, off); break;
        case 9: tcg_gen_ld32u_i64(dst64(g), tcg_env, off); break;
        case 10: tcg_gen_ld32s_i64(dst64(g), tcg_env, off); break;
        default:
            if (rn(2)) {
                tcg_gen_ld_i64(dst64(g), tcg_env, off);
            } else {
                tcg_gen_ld_i32(dst32(g), tcg_env, off);
            }
            break;
        }
    } else if (k < 80) {
        MemOp mop;
        TCGv_i64 a = guest_addr(g, &mop);
        if (rn(2)) {
            tcg_gen_qemu_st_i64(src64(g), a, 0, mop);
        } else {
            tcg_gen_qemu_ld_i64(dst64(g), a, 0, mop);
        }
    } else if (k < 90) {
        switch (rn(5)) {
        case 0: tcg_gen_call(&hi_pure2, dst64(g), src64(g), src64(g)); break;
        case 1: tcg_gen_call(&hi_norg, dst64(g), src64(g)); break;
        case 2: tcg_gen_call(&hi_reader, dst64(g), tcg_env); break;
        case 3: tcg_gen_call(&hi_writer, TCGV_NONE_I64, tcg_env, src64(g)); break;
        default:
            tcg_gen_call(&hi_six, dst64(g), tcg_env, src64(g), src64(g), src64(g), src64(g),
                         src64(g));
            break;
        }
    } else {
        tcg_gen_insn_start(0x1000 + 4 * (uint64_t)g->insn++, 0);
    }
}

static void place_label(Gen *g, int i)
{
    gen_set_label(g->pending[i]);
    g->pending[i] = g->pending[--g->n_pending];
    init_ebb(g);
}

/*
 * One program in four is a loop TB (loop_program): it counts its runs down in
 * FakeCPU.pad (leaving through exit_tb 0x5000 when they are spent) and its
 * exits jump back to its own start with goto_tb's loop flag.  The JIT runs
 * it chained to itself at goto_tb_loop_off (loop-carried globals in host
 * registers); the interpreter runs it again for each 0x1000 exit.
 */
#define LOOP_EXIT 0x6000   /* distinct from the other programs' exits */
static bool loop_program(uint64_t seed)
{
    return seed % 4 == 3;
}

static void gen_program(uint64_t seed, int *exit_kind)
{
    Gen g;
    int i, n;
    bool loop = loop_program(seed);
    TCGLabel *done = NULL;

    memset(&g, 0, sizeof(g));
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    tcg_func_start(&t_ctx);
    for (i = 0; i < N_EBB64; i++) {
        g.e64[i] = tcg_temp_new_i64();
    }
    for (i = 0; i < N_TB64; i++) {
        g.t64[i] = tcg_temp_new_tb_i64();
        tcg_gen_movi_i64(g.t64[i], (int64_t)interesting());
    }
    for (i = 0; i < N_EBB32; i++) {
        g.e32[i] = tcg_temp_new_i32();
    }
    for (i = 0; i < N_TB32; i++) {
        g.t32[i] = tcg_temp_new_tb_i32();
        tcg_gen_movi_i32(g.t32[i], (int32_t)interesting());
    }
    g.loopcnt = tcg_temp_new_tb_i64();
    tcg_gen_insn_start(0x1000, 0);
    if (loop) {
        /* the runs left, as the translator's exit check: ld + brcond */
        TCGv_i32 c = tcg_temp_new_i32();
        done = gen_new_label();
        tcg_gen_ld_i32(c, tcg_env, offsetof(FakeCPU, pad));
        tcg_gen_brcond_i32(TCG_COND_EQ, c, tcg_constant_i32(0), done);
        c = tcg_temp_new_i32();
        tcg_gen_ld_i32(c, tcg_env, offsetof(FakeCPU, pad));
        tcg_gen_subi_i32(c, c, 1);
        tcg_gen_st_i32(c, tcg_env, offsetof(FakeCPU, pad));
    }
    init_ebb(&g);

    n = 10 + rn(80);
    for (i = 0; i < n; i++) {
        unsigned k = rn(100);
        if (k < 8 && g.n_pending < MAX_PENDING) {
            /* forward brcond */
            TCGLabel *l;
            if (g.n_pending && rn(2)) {
                l = g.pending[rn(g.n_pending)];
            } else {
                l = g.pending[g.n_pending++] = gen_new_label();
            }
            if (rn(3)) {
                tcg_gen_brcond_i64(rcond(), src64(&g), src64(&g), l);
            } else {
                tcg_gen_brcond_i32(rcond(), src32(&g), src32(&g), l);
            }
        } else if (k < 10 && g.n_pending < MAX_PENDING) {
            TCGLabel *l = g.pending[g.n_pending++] = gen_new_label();
            tcg_gen_br(l);
        } else if (k < 18 && g.n_pending) {
            place_label(&g, rn(g.n_pending));
        } else if (k < 20) {
            /* a counted loop with a straight-line body */
            TCGLabel *top = gen_new_label();
            int body = 1 + rn(5), j;
            tcg_gen_movi_i64(g.loopcnt, 1 + rn(4));
            gen_set_label(top);
            init_ebb(&g);
            for (j = 0; j < body; j++) {
                gen_straight(&g);
            }
            tcg_gen_subi_i64(g.loopcnt, g.loopcnt, 1);
            tcg_gen_brcondi_i64(TCG_COND_NE, g.loopcnt, 0, top);
        } else {
            gen_straight(&g);
        }
    }
    while (g.n_pending) {
        place_label(&g, 0);
    }
    *exit_kind = rn(3);
    if (loop) {
        TCGLabel *l = gen_new_label();
        switch (*exit_kind) {
        case 0:
            tcg_gen_goto_tb_loop(0);
            tcg_gen_exit_tb((const TranslationBlock *)LOOP_EXIT, 0);
            break;
        default:
            /* two ways back (case 1), or back or out (case 2) */
            tcg_gen_brcondi_i64(rcond(), t_x[rn(T_NREGS)], (int64_t)interesting(), l);
            tcg_gen_goto_tb_loop(0);
            tcg_gen_exit_tb((const TranslationBlock *)LOOP_EXIT, 0);
            gen_set_label(l);
            if (*exit_kind == 1) {
                tcg_gen_goto_tb_loop(1);
                tcg_gen_exit_tb((const TranslationBlock *)LOOP_EXIT, 1);
            } else {
                tcg_gen_exit_tb((const TranslationBlock *)0x3000, 0);
            }
            break;
        }
        gen_set_label(done);
        tcg_gen_exit_tb((const TranslationBlock *)0x5000, 0);
        return;
    }
    switch (*exit_kind) {
    case 0:
        tcg_gen_exit_tb(NULL, 0);
        break;
    case 1:
        tcg_gen_goto_tb(0);
        tcg_gen_exit_tb((const TranslationBlock *)0x1000, 0);
        break;
    default: {
        /* two exits chosen at run time */
        TCGLabel *l = gen_new_label();
        tcg_gen_brcondi_i64(rcond(), t_x[rn(T_NREGS)], (int64_t)interesting(), l);
        tcg_gen_exit_tb((const TranslationBlock *)0x2000, 1);
        gen_set_label(l);
        tcg_gen_exit_tb((const TranslationBlock *)0x3000, 0);
        break;
    }
    }
}

/* ---- Running and comparing ---- */

typedef struct Result {
    FakeCPU cpu;
    uint8_t ram[T_RAM_SIZE];
    uintptr_t exit;
} Result;

static void initial_state(uint64_t seed, FakeCPU *f)
{
    int i;

    t_cpu_reset(f);
    rng_state = seed * 0x2545f4914f6cdd1dull + 7;
    for (i = 0; i < T_NREGS; i++) {
        f->regs[i] = interesting();
    }
    for (i = 0; i < T_NR32; i++) {
        f->r32[i] = (uint32_t)interesting();
    }
    for (i = 0; i < (int)sizeof(f->scratch); i++) {
        f->scratch[i] = (uint8_t)rnd();
    }
    for (i = 0; i < (int)T_RAM_SIZE; i++) {
        t_ram[i] = (uint8_t)(i * 7 + seed);
    }
    f->pad = loop_program(seed) ? 1 + (uint32_t)(seed / 4 % 7) : 0;
}

/* Interpreter: a loop program's LOOP_EXIT means "run it again". */
static uintptr_t interp_run_loop(FakeCPU *f, uintptr_t exit)
{
    for (int k = 0; k < 100 && (exit & ~(uintptr_t)TB_EXIT_MASK) == LOOP_EXIT; k++) {
        exit = tcg_backend_interp.exec(&f->cs, t_code);
    }
    return exit;
}

static CodeBuf jit_cb;
static size_t jit_prologue;
static bool have_jit;

enum { CFG_REF, CFG_INTERP_OPT, CFG_JIT_OPT, CFG_JIT, CFG_COUNT };
static const char *const cfg_names[CFG_COUNT] = { "interp", "interp+opt", "jit+opt", "jit" };

static bool run_cfg(uint64_t seed, int cfg, Result *r, bool dump)
{
    int exit_kind;
    bool opt = cfg == CFG_INTERP_OPT || cfg == CFG_JIT_OPT;

    initial_state(seed, &r->cpu);
    gen_program(seed, &exit_kind);
    if (t_ctx.overflow) {
        printf("  seed %" PRIu64 ": overflow\n", seed);
        return false;
    }
    if (dump) {
        printf("---- seed %" PRIu64 " %s: IR\n", seed, cfg_names[cfg]);
        tcg_dump_ops(&t_ctx, stdout);
    }
    if (cfg == CFG_REF) {
        /* The oracle: no optimizer and no liveness (the interpreter does not
           need it), so dead-code removal is checked too. */
        if (tcg_backend_interp.gen_code(&t_ctx, NULL, (uint8_t *)t_code,
                                        (const uint8_t *)t_code, sizeof(t_code)) < 0) {
            printf("  seed %" PRIu64 ": interp gen_code failed\n", seed);
            return false;
        }
        r->exit = interp_run_loop(&r->cpu, tcg_backend_interp.exec(&r->cpu.cs, t_code));
    } else if (cfg == CFG_INTERP_OPT) {
        r->exit = interp_run_loop(&r->cpu, t_run(&r->cpu, opt));
    } else {
        uint8_t *rw = codebuf_cur_rw(&jit_cb);
        const uint8_t *rx = codebuf_cur_rx(&jit_cb);
        long n;
        if (opt) {
            tcg_optimize(&t_ctx);
        }
        tcg_liveness_analysis(&t_ctx);
        codebuf_begin_write(&jit_cb);
        n = tcg_backend_jit.gen_code(&t_ctx, NULL, rw, rx, codebuf_avail(&jit_cb));
        codebuf_end_write(&jit_cb, rx, n > 0 ? (size_t)n : 0);
        if (n < 0) {
            printf("  seed %" PRIu64 ": jit gen_code failed\n", seed);
            return false;
        }
        if (dump && tcg_backend_jit.disas) {
            tcg_backend_jit.disas(stdout, rx, (size_t)n);
        }
        if (loop_program(seed)) {
            /* Chain the loop slots to this TB, as the engine does. */
            codebuf_begin_write(&jit_cb);
            for (int k = 0; k < 2; k++) {
                uint32_t at = t_ctx.goto_tb_insn_off[k], to = t_ctx.goto_tb_loop_off[k];
                if (at != UINT32_MAX) {
                    tcg_backend_jit.set_jmp_target(rw + at, rx + at,
                                                   rx + (to != UINT32_MAX ? to : 0));
                }
            }
            codebuf_end_write(&jit_cb, rx, (size_t)n);
        }
        r->exit = tcg_backend_jit.exec(&r->cpu.cs, rx);
    }
    if (dump && opt) {
        printf("---- after optimization + liveness\n");
        tcg_dump_ops(&t_ctx, stdout);
    }
    memcpy(r->ram, t_ram, sizeof(t_ram));
    return true;
}

static int compare(uint64_t seed, const char *name, const Result *a, const Result *b)
{
    int i, bad = 0;

    for (i = 0; i < T_NREGS; i++) {
        if (a->cpu.regs[i] != b->cpu.regs[i]) {
            printf("  seed %" PRIu64 " %s: x%d 0x%" PRIx64 " != 0x%" PRIx64 "\n", seed, name,
                   i, b->cpu.regs[i], a->cpu.regs[i]);
            bad++;
        }
    }
    for (i = 0; i < T_NR32; i++) {
        if (a->cpu.r32[i] != b->cpu.r32[i]) {
            printf("  seed %" PRIu64 " %s: w%d 0x%" PRIx32 " != 0x%" PRIx32 "\n", seed, name,
                   i, b->cpu.r32[i], a->cpu.r32[i]);
            bad++;
        }
    }
    if (memcmp(a->cpu.scratch, b->cpu.scratch, sizeof(a->cpu.scratch))) {
        printf("  seed %" PRIu64 " %s: host scratch memory differs\n", seed, name);
        bad++;
    }
    if (memcmp(a->ram, b->ram, sizeof(a->ram))) {
        printf("  seed %" PRIu64 " %s: guest RAM differs\n", seed, name);
        bad++;
    }
    if (a->exit != b->exit) {
        printf("  seed %" PRIu64 " %s: exit 0x%" PRIxPTR " != 0x%" PRIxPTR "\n", seed, name,
               b->exit, a->exit);
        bad++;
    }
    if (a->cpu.slow_loads != b->cpu.slow_loads || a->cpu.slow_stores != b->cpu.slow_stores) {
        printf("  seed %" PRIu64 " %s: slow path calls %" PRIu64 "/%" PRIu64 " != %" PRIu64
               "/%" PRIu64 "\n", seed, name, b->cpu.slow_loads, b->cpu.slow_stores,
               a->cpu.slow_loads, a->cpu.slow_stores);
        bad++;
    }
    return bad;
}

int main(void)
{
    static Result ref, other;
    const char *seed_env = getenv("SEED"), *n_env = getenv("N");
    uint64_t first = 1, count = n_env ? strtoull(n_env, NULL, 0) : 10000, seed;
    int fails[CFG_COUNT] = { 0 }, cfg;
    bool dump = false;
    Error *err = NULL;

    t_init();
    if (seed_env) {
        first = strtoull(seed_env, NULL, 0);
        count = 1;
        dump = true;
    }
    if (codebuf_init(&jit_cb, 4 * MiB, &err)) {
        codebuf_begin_write(&jit_cb);
        tcg_backend_jit.init(jit_cb.rw, jit_cb.rx, jit_cb.size, &jit_prologue);
        codebuf_end_write(&jit_cb, jit_cb.rx, jit_prologue);
        codebuf_commit(&jit_cb, jit_prologue);
        have_jit = true;
    } else {
        error_free(err);
    }

    for (seed = first; seed < first + count; seed++) {
        if (!run_cfg(seed, CFG_REF, &ref, dump)) {
            fails[CFG_REF]++;
            continue;
        }
        for (cfg = CFG_INTERP_OPT; cfg < CFG_COUNT; cfg++) {
            if (cfg >= CFG_JIT_OPT && !have_jit) {
                continue;
            }
            if (fails[cfg] >= 5 && !dump) {
                continue;    /* enough reports for this configuration */
            }
            if (!run_cfg(seed, cfg, &other, dump) ||
                compare(seed, cfg_names[cfg], &ref, &other)) {
                if (++fails[cfg] == 1 && !dump) {
                    printf("  reproduce with SEED=%" PRIu64 "\n", seed);
                }
            }
        }
    }

    if (fails[CFG_REF]) {
        printf("FAIL random_generate: %d programs could not be built\n", fails[CFG_REF]);
    } else {
        printf("PASS random_generate\n");
    }
    for (cfg = CFG_INTERP_OPT; cfg < CFG_COUNT; cfg++) {
        const char *name = cfg == CFG_INTERP_OPT ? "random_interp_vs_interp_opt"
                         : cfg == CFG_JIT_OPT ? "random_interp_vs_jit_opt"
                                              : "random_interp_vs_jit_noopt";
        if (cfg >= CFG_JIT_OPT && !have_jit) {
            printf("SKIP %s: no executable code buffer\n", name);
        } else if (fails[cfg]) {
            printf("FAIL %s: %d%s of %" PRIu64 " programs differ\n", name, fails[cfg],
                   fails[cfg] >= 5 ? "+" : "", count);
        } else {
            printf("PASS %s (%" PRIu64 " programs)\n", name, count);
        }
    }
    if (have_jit) {
        codebuf_destroy(&jit_cb);
    }
    harness_failures = fails[0] | fails[1] | fails[2] | fails[3];
    (void)harness_failed_now;
    HARNESS_EXIT();
}
