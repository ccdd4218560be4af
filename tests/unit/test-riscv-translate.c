/*
 * Unit test of the RISC-V integer front end (target/riscv/translate.c):
 * every instruction trans_int() handles is decoded from random encodings,
 * translated alone into IR, run on the IR interpreter with random register
 * values, and compared with a reference model written independently below.
 *
 * The test includes translate.c and provides the few front-end services it
 * uses (normally from translate_core.c and op_helper.c) as minimal stand-ins:
 * gpr globals in a fake CPU, exits that store the pc, exceptions that
 * longjmp out of the run, and a byte-array guest RAM behind the softmmu slow
 * path.
 */
#include "target/riscv/translate.c"

#include <setjmp.h>

#include "tests/unit/harness.h"
#include "tcg/codebuf.h"

/* ---- The fake CPU ---- */

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 4096

typedef struct TestCPU {
    CPUState cs;
    uint64_t gpr[32];
    uint64_t pc;
    uint64_t load_res, load_val;
    uint8_t ram[RAM_SIZE];
    int excp;                   /* -1 or the cause raised */
    uint64_t tval;
    int cbo_calls;
    uint64_t cbo_op, cbo_addr;
} TestCPU;

static TCGContext t_ctx;
static TestCPU t_cpu;
static uint64_t t_code[1 << 15];        /* interpreter code */
static CodeBuf t_cb;                    /* JIT code */
static size_t t_prologue_size;
static bool t_jit_ok;
static const TCGBackend *t_be = &tcg_backend_interp;
static CPUTLBEntry t_tlb_miss = { ~0ull, ~0ull, ~0ull, 0 };

TCGv_i64 cpu_gpr[32];
TCGv_i64 cpu_fpr[32];
TCGv_i64 cpu_pc;
TCGv_i64 cpu_load_res, cpu_load_val;

void riscv_translate_init(void)
{
    static const char *const names[32] = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2",
        "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
        "s10", "s11", "t3", "t4", "t5", "t6",
    };
    for (int i = 1; i < 32; i++) {
        cpu_gpr[i] = tcg_global_mem_new_i64(offsetof(TestCPU, gpr) + 8 * i, names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(offsetof(TestCPU, pc), "pc");
    cpu_load_res = tcg_global_mem_new_i64(offsetof(TestCPU, load_res), "load_res");
    cpu_load_val = tcg_global_mem_new_i64(offsetof(TestCPU, load_val), "load_val");
}

TCGv_i64 get_gpr(DisasContext *ctx, int reg)
{
    return reg ? cpu_gpr[reg] : tcg_constant_i64(0);
}

void gen_set_gpr(DisasContext *ctx, int reg, TCGv_i64 val)
{
    if (reg) {
        tcg_gen_mov_i64(cpu_gpr[reg], val);
    }
}

void cpu_loop_exit(CPUState *cpu)
{
    tcg_interp_retaddr = 0;
    siglongjmp(cpu->jmp_env, 1);
}

static NORETURN void t_raise(TestCPU *cpu, uint64_t cause, uint64_t tval)
{
    cpu->cs.exception_index = (int)cause;
    cpu->tval = tval;
    cpu_loop_exit(&cpu->cs);
}

static void helper_t_raise(uint64_t env, uint64_t cause, uint64_t tval)
{
    t_raise((TestCPU *)(uintptr_t)env, cause, tval);
}

const TCGHelperInfo helper_info_raise_exception = {
    .name = "raise_exception", .func = (void *)helper_t_raise, .nargs = 3,
};

static void helper_t_cbo(uint64_t env, uint64_t op, uint64_t addr, uint64_t raw)
{
    TestCPU *cpu = (TestCPU *)(uintptr_t)env;
    cpu->cbo_calls++;
    cpu->cbo_op = op;
    cpu->cbo_addr = addr;
}

const TCGHelperInfo helper_info_cbo = {
    .name = "cbo", .func = (void *)helper_t_cbo, .nargs = 4,
};

void gen_exception(DisasContext *ctx, int cause, uint64_t tval)
{
    tcg_gen_movi_i64(cpu_pc, (int64_t)ctx->pc);
    tcg_gen_call(&helper_info_raise_exception, TCGV_NONE_I64, tcg_env,
                 tcg_constant_i64(cause), tcg_constant_i64((int64_t)tval));
    ctx->base.is_jmp = DISAS_NORETURN;
}

void gen_exception_illegal(DisasContext *ctx)
{
    gen_exception(ctx, RISCV_EXCP_ILLEGAL_INST, ctx->insn.raw);
}

void gen_goto_tb(DisasContext *ctx, int slot, vaddr dest)
{
    tcg_gen_movi_i64(cpu_pc, (int64_t)dest);
    tcg_gen_exit_tb(NULL, 0);
    ctx->base.is_jmp = DISAS_NORETURN;
}

void gen_jump_indirect(DisasContext *ctx)
{
    tcg_gen_exit_tb(NULL, 0);
    ctx->base.is_jmp = DISAS_NORETURN;
}

bool gen_check_jump_align(DisasContext *ctx, vaddr dest)
{
    if ((ctx->tb_flags & TB_FLAGS_RVC) || !(dest & 2)) {
        return true;
    }
    gen_exception(ctx, RISCV_EXCP_INST_ADDR_MIS, dest);
    return false;
}

/* One insn per translation here: branches always end it (no superblocks). */
TCGLabel *sb_forward_label(DisasContext *ctx, vaddr dest)
{
    return NULL;
}

bool sb_target_pending(const DisasContext *ctx, vaddr pc)
{
    return false;
}

bool sb_end_before_branch(DisasContext *ctx, vaddr dest)
{
    return false;
}

static bool ref_mem_ok(uint64_t addr, unsigned size)
{
    return addr >= RAM_BASE && addr - RAM_BASE <= RAM_SIZE - size;
}

/* Guest RAM through the slow path (the TLB always misses). */
uint64_t helper_ld_slow(CPUState *cs, vaddr addr, MemOpIdx oi, uintptr_t retaddr)
{
    TestCPU *cpu = (TestCPU *)cs;
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop);
    uint64_t v = 0;

    if ((mop & MO_ALIGN) && (addr & (size - 1))) {
        t_raise(cpu, RISCV_EXCP_LOAD_ADDR_MIS, addr);
    }
    if (!ref_mem_ok(addr, size)) {
        t_raise(cpu, RISCV_EXCP_LOAD_ACCESS_FAULT, addr);
    }
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)cpu->ram[addr - RAM_BASE + i] << (8 * i);
    }
    if ((mop & MO_SIGN) && size < 8) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    return v;
}

void helper_st_slow(CPUState *cs, vaddr addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr)
{
    TestCPU *cpu = (TestCPU *)cs;
    unsigned size = memop_size(get_memop(oi));

    if ((get_memop(oi) & MO_ALIGN) && (addr & (size - 1))) {
        t_raise(cpu, RISCV_EXCP_STORE_AMO_ADDR_MIS, addr);
    }
    if (!ref_mem_ok(addr, size)) {
        t_raise(cpu, RISCV_EXCP_STORE_AMO_ACCESS_FAULT, addr);
    }
    for (unsigned i = 0; i < size; i++) {
        cpu->ram[addr - RAM_BASE + i] = (uint8_t)(val >> (8 * i));
    }
}

void riscv_raise_exception(RISCVCPU *cpu, int cause, uint64_t tval, uintptr_t ra)
{
    t_raise((TestCPU *)cpu, (uint64_t)cause, tval);
}

uint64_t cpu_ld_mmu(CPUState *cpu, vaddr addr, MemOpIdx oi, uintptr_t retaddr)
{
    return helper_ld_slow(cpu, addr, oi, retaddr);
}

void cpu_st_mmu(CPUState *cpu, vaddr addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr)
{
    helper_st_slow(cpu, addr, val, oi, retaddr);
}

/* ---- The reference model ---- */

typedef struct RefState {
    uint64_t x[32];
    uint64_t pc;
    uint64_t load_res, load_val;
    uint8_t ram[RAM_SIZE];
    int excp;
    uint64_t tval;
    int cbo_calls;
    uint64_t cbo_op, cbo_addr;
} RefState;

static uint64_t ref_ld(RefState *s, uint64_t addr, unsigned size, bool sign)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)s->ram[addr - RAM_BASE + i] << (8 * i);
    }
    if (sign && size < 8) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    return v;
}

static void ref_st(RefState *s, uint64_t addr, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++) {
        s->ram[addr - RAM_BASE + i] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t sx32(uint64_t v)
{
    return (uint64_t)(int64_t)(int32_t)v;
}

static uint64_t ror64(uint64_t v, unsigned n)
{
    n &= 63;
    return n ? (v >> n) | (v << (64 - n)) : v;
}

static uint32_t ror32(uint32_t v, unsigned n)
{
    n &= 31;
    return n ? (v >> n) | (v << (32 - n)) : v;
}

static uint64_t ref_div(int64_t a, int64_t b)
{
    if (b == 0) {
        return ~0ull;
    }
    if (a == INT64_MIN && b == -1) {
        return (uint64_t)a;
    }
    return (uint64_t)(a / b);
}

static uint64_t ref_rem(int64_t a, int64_t b)
{
    if (b == 0) {
        return (uint64_t)a;
    }
    if (a == INT64_MIN && b == -1) {
        return 0;
    }
    return (uint64_t)(a % b);
}

static uint64_t ref_clmul_bits(uint64_t a, uint64_t b, int kind)
{
    /* kind 0: low half, 1: high half, 2: bits [126:63] of the product */
    unsigned __int128 p = 0;
    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            p ^= (unsigned __int128)a << i;
        }
    }
    return kind == 0 ? (uint64_t)p : kind == 1 ? (uint64_t)(p >> 64) : (uint64_t)(p >> 63);
}

static uint64_t ref_xperm(uint64_t a, uint64_t b, unsigned w)
{
    uint64_t r = 0, m = (1ull << w) - 1;
    for (unsigned i = 0; i < 64; i += w) {
        uint64_t idx = (b >> i) & m;
        if (idx * w < 64) {
            r |= ((a >> (idx * w)) & m) << i;
        }
    }
    return r;
}

/* Returns false if the op is not modelled. */
static bool ref_exec(RefState *s, const RVInsn *in, RVExtMask ext)
{
    uint64_t a = s->x[in->rs1], b = s->x[in->rs2], imm = (uint64_t)in->imm, r = 0;
    uint64_t next = s->pc + in->len, addr;
    bool wr = true;
    unsigned sh = (unsigned)(imm & 63);

    switch (in->op) {
    case RV_OP_LUI: r = imm; break;
    case RV_OP_AUIPC: r = s->pc + imm; break;
    case RV_OP_JAL:
    case RV_OP_JALR:
        addr = in->op == RV_OP_JAL ? s->pc + imm : (a + imm) & ~1ull;
        if (!(ext & RV_EXT_BIT(RV_EXT_C)) && (addr & 2)) {
            s->excp = RISCV_EXCP_INST_ADDR_MIS;
            s->tval = addr;
            return true;
        }
        r = next;
        next = addr;
        break;
    case RV_OP_BEQ: case RV_OP_BNE: case RV_OP_BLT: case RV_OP_BGE:
    case RV_OP_BLTU: case RV_OP_BGEU: {
        bool t = in->op == RV_OP_BEQ ? a == b : in->op == RV_OP_BNE ? a != b :
                 in->op == RV_OP_BLT ? (int64_t)a < (int64_t)b :
                 in->op == RV_OP_BGE ? (int64_t)a >= (int64_t)b :
                 in->op == RV_OP_BLTU ? a < b : a >= b;
        wr = false;
        if (t) {
            addr = s->pc + imm;
            if (!(ext & RV_EXT_BIT(RV_EXT_C)) && (addr & 2)) {
                s->excp = RISCV_EXCP_INST_ADDR_MIS;
                s->tval = addr;
                return true;
            }
            next = addr;
        }
        break;
    }
    case RV_OP_LB: case RV_OP_LH: case RV_OP_LW: case RV_OP_LD:
    case RV_OP_LBU: case RV_OP_LHU: case RV_OP_LWU: {
        static const struct { RVOp op; unsigned size; bool sign; } lds[] = {
            { RV_OP_LB, 1, true }, { RV_OP_LH, 2, true }, { RV_OP_LW, 4, true },
            { RV_OP_LD, 8, false }, { RV_OP_LBU, 1, false }, { RV_OP_LHU, 2, false },
            { RV_OP_LWU, 4, false },
        };
        unsigned k = 0;
        while (lds[k].op != in->op) {
            k++;
        }
        addr = a + imm;
        if (!ref_mem_ok(addr, lds[k].size)) {
            s->excp = RISCV_EXCP_LOAD_ACCESS_FAULT;
            s->tval = addr;
            return true;
        }
        r = ref_ld(s, addr, lds[k].size, lds[k].sign);
        break;
    }
    case RV_OP_SB: case RV_OP_SH: case RV_OP_SW: case RV_OP_SD: {
        unsigned size = in->op == RV_OP_SB ? 1 : in->op == RV_OP_SH ? 2 :
                        in->op == RV_OP_SW ? 4 : 8;
        addr = a + imm;
        if (!ref_mem_ok(addr, size)) {
            s->excp = RISCV_EXCP_STORE_AMO_ACCESS_FAULT;
            s->tval = addr;
            return true;
        }
        ref_st(s, addr, size, b);
        wr = false;
        break;
    }
    case RV_OP_ADDI: r = a + imm; break;
    case RV_OP_SLTI: r = (int64_t)a < (int64_t)imm; break;
    case RV_OP_SLTIU: r = a < imm; break;
    case RV_OP_XORI: r = a ^ imm; break;
    case RV_OP_ORI: r = a | imm; break;
    case RV_OP_ANDI: r = a & imm; break;
    case RV_OP_SLLI: r = a << sh; break;
    case RV_OP_SRLI: r = a >> sh; break;
    case RV_OP_SRAI: r = (uint64_t)((int64_t)a >> sh); break;
    case RV_OP_ADD: r = a + b; break;
    case RV_OP_SUB: r = a - b; break;
    case RV_OP_SLL: r = a << (b & 63); break;
    case RV_OP_SLT: r = (int64_t)a < (int64_t)b; break;
    case RV_OP_SLTU: r = a < b; break;
    case RV_OP_XOR: r = a ^ b; break;
    case RV_OP_SRL: r = a >> (b & 63); break;
    case RV_OP_SRA: r = (uint64_t)((int64_t)a >> (b & 63)); break;
    case RV_OP_OR: r = a | b; break;
    case RV_OP_AND: r = a & b; break;
    case RV_OP_ADDIW: r = sx32(a + imm); break;
    case RV_OP_SLLIW: r = sx32((uint32_t)a << sh); break;
    case RV_OP_SRLIW: r = sx32((uint32_t)a >> sh); break;
    case RV_OP_SRAIW: r = sx32((uint32_t)((int32_t)a >> sh)); break;
    case RV_OP_ADDW: r = sx32(a + b); break;
    case RV_OP_SUBW: r = sx32(a - b); break;
    case RV_OP_SLLW: r = sx32((uint32_t)a << (b & 31)); break;
    case RV_OP_SRLW: r = sx32((uint32_t)a >> (b & 31)); break;
    case RV_OP_SRAW: r = sx32((uint32_t)((int32_t)a >> (b & 31))); break;
    case RV_OP_FENCE: case RV_OP_FENCE_TSO: wr = false; break;
    case RV_OP_MUL: r = a * b; break;
    case RV_OP_MULH: r = (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64); break;
    case RV_OP_MULHSU:
        r = (uint64_t)(((__int128)(int64_t)a * (__int128)(unsigned __int128)b) >> 64);
        break;
    case RV_OP_MULHU: r = (uint64_t)(((unsigned __int128)a * b) >> 64); break;
    case RV_OP_DIV: r = ref_div((int64_t)a, (int64_t)b); break;
    case RV_OP_DIVU: r = b ? a / b : ~0ull; break;
    case RV_OP_REM: r = ref_rem((int64_t)a, (int64_t)b); break;
    case RV_OP_REMU: r = b ? a % b : a; break;
    case RV_OP_MULW: r = sx32(a * b); break;
    case RV_OP_DIVW: r = sx32(ref_div((int32_t)a, (int32_t)b)); break;
    case RV_OP_DIVUW: r = sx32((uint32_t)b ? (uint32_t)a / (uint32_t)b : ~0u); break;
    case RV_OP_REMW: r = sx32(ref_rem((int32_t)a, (int32_t)b)); break;
    case RV_OP_REMUW: r = sx32((uint32_t)b ? (uint32_t)a % (uint32_t)b : (uint32_t)a); break;
    case RV_OP_LR_W: case RV_OP_LR_D: {
        unsigned size = in->op == RV_OP_LR_W ? 4 : 8;
        if (a & (size - 1)) {
            s->excp = RISCV_EXCP_LOAD_ADDR_MIS;
            s->tval = a;
            return true;
        }
        if (!ref_mem_ok(a, size)) {
            s->excp = RISCV_EXCP_LOAD_ACCESS_FAULT;
            s->tval = a;
            return true;
        }
        r = ref_ld(s, a, size, true);
        s->load_res = a;
        s->load_val = r;
        break;
    }
    case RV_OP_SC_W: case RV_OP_SC_D: {
        unsigned size = in->op == RV_OP_SC_W ? 4 : 8;
        r = 1;
        if (a == s->load_res && !ref_mem_ok(a, size)) {
            /* the value check loads first */
            s->excp = RISCV_EXCP_LOAD_ACCESS_FAULT;
            s->tval = a;
            return true;
        }
        if (a == s->load_res && ref_ld(s, a, size, true) == s->load_val) {
            if (a & (size - 1)) {
                s->excp = RISCV_EXCP_STORE_AMO_ADDR_MIS;
                s->tval = a;
                return true;
            }
            ref_st(s, a, size, b);
            r = 0;
        }
        s->load_res = ~0ull;
        break;
    }
    case RV_OP_AMOSWAP_W: case RV_OP_AMOADD_W: case RV_OP_AMOXOR_W: case RV_OP_AMOAND_W:
    case RV_OP_AMOOR_W: case RV_OP_AMOMIN_W: case RV_OP_AMOMAX_W: case RV_OP_AMOMINU_W:
    case RV_OP_AMOMAXU_W:
    case RV_OP_AMOSWAP_D: case RV_OP_AMOADD_D: case RV_OP_AMOXOR_D: case RV_OP_AMOAND_D:
    case RV_OP_AMOOR_D: case RV_OP_AMOMIN_D: case RV_OP_AMOMAX_D: case RV_OP_AMOMINU_D:
    case RV_OP_AMOMAXU_D: {
        bool w = in->op <= RV_OP_AMOMAXU_W;
        unsigned size = w ? 4 : 8;
        uint64_t old, v, src = w ? sx32(b) : b;
        RVOp k = w ? in->op : (RVOp)(in->op - (RV_OP_AMOSWAP_D - RV_OP_AMOSWAP_W));
        if (a & (size - 1)) {
            s->excp = RISCV_EXCP_STORE_AMO_ADDR_MIS;
            s->tval = a;
            return true;
        }
        if (!ref_mem_ok(a, size)) {
            s->excp = RISCV_EXCP_STORE_AMO_ACCESS_FAULT;
            s->tval = a;
            return true;
        }
        old = ref_ld(s, a, size, true);
        switch (k) {
        case RV_OP_AMOSWAP_W: v = src; break;
        case RV_OP_AMOADD_W: v = old + src; break;
        case RV_OP_AMOXOR_W: v = old ^ src; break;
        case RV_OP_AMOAND_W: v = old & src; break;
        case RV_OP_AMOOR_W: v = old | src; break;
        case RV_OP_AMOMIN_W: v = (int64_t)old < (int64_t)src ? old : src; break;
        case RV_OP_AMOMAX_W: v = (int64_t)old > (int64_t)src ? old : src; break;
        case RV_OP_AMOMINU_W: v = old < src ? old : src; break;
        default: v = old > src ? old : src; break;
        }
        ref_st(s, a, size, v);
        r = old;
        break;
    }
    case RV_OP_SH1ADD: r = (a << 1) + b; break;
    case RV_OP_SH2ADD: r = (a << 2) + b; break;
    case RV_OP_SH3ADD: r = (a << 3) + b; break;
    case RV_OP_ADD_UW: r = (uint32_t)a + b; break;
    case RV_OP_SH1ADD_UW: r = ((uint64_t)(uint32_t)a << 1) + b; break;
    case RV_OP_SH2ADD_UW: r = ((uint64_t)(uint32_t)a << 2) + b; break;
    case RV_OP_SH3ADD_UW: r = ((uint64_t)(uint32_t)a << 3) + b; break;
    case RV_OP_SLLI_UW: r = (uint64_t)(uint32_t)a << sh; break;
    case RV_OP_ANDN: r = a & ~b; break;
    case RV_OP_ORN: r = a | ~b; break;
    case RV_OP_XNOR: r = ~(a ^ b); break;
    case RV_OP_CLZ: r = a ? (uint64_t)__builtin_clzll(a) : 64; break;
    case RV_OP_CTZ: r = a ? (uint64_t)__builtin_ctzll(a) : 64; break;
    case RV_OP_CPOP: r = (uint64_t)__builtin_popcountll(a); break;
    case RV_OP_CLZW: r = (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32; break;
    case RV_OP_CTZW: r = (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32; break;
    case RV_OP_CPOPW: r = (uint64_t)__builtin_popcount((uint32_t)a); break;
    case RV_OP_MAX: r = (int64_t)a > (int64_t)b ? a : b; break;
    case RV_OP_MAXU: r = a > b ? a : b; break;
    case RV_OP_MIN: r = (int64_t)a < (int64_t)b ? a : b; break;
    case RV_OP_MINU: r = a < b ? a : b; break;
    case RV_OP_SEXT_B: r = (uint64_t)(int64_t)(int8_t)a; break;
    case RV_OP_SEXT_H: r = (uint64_t)(int64_t)(int16_t)a; break;
    case RV_OP_ZEXT_H: r = (uint16_t)a; break;
    case RV_OP_ROL: r = ror64(a, (unsigned)(64 - (b & 63))); break;
    case RV_OP_ROR: r = ror64(a, (unsigned)b); break;
    case RV_OP_RORI: r = ror64(a, sh); break;
    case RV_OP_ROLW: r = sx32(ror32((uint32_t)a, 32 - (unsigned)(b & 31))); break;
    case RV_OP_RORW: r = sx32(ror32((uint32_t)a, (unsigned)b)); break;
    case RV_OP_RORIW: r = sx32(ror32((uint32_t)a, sh)); break;
    case RV_OP_ORC_B:
        for (int i = 0; i < 64; i += 8) {
            r |= ((a >> i) & 0xff) ? 0xffull << i : 0;
        }
        break;
    case RV_OP_REV8: r = __builtin_bswap64(a); break;
    case RV_OP_CLMUL: r = ref_clmul_bits(a, b, 0); break;
    case RV_OP_CLMULH: r = ref_clmul_bits(a, b, 1); break;
    case RV_OP_CLMULR: r = ref_clmul_bits(a, b, 2); break;
    case RV_OP_BCLR: r = a & ~(1ull << (b & 63)); break;
    case RV_OP_BCLRI: r = a & ~(1ull << sh); break;
    case RV_OP_BEXT: r = (a >> (b & 63)) & 1; break;
    case RV_OP_BEXTI: r = (a >> sh) & 1; break;
    case RV_OP_BINV: r = a ^ (1ull << (b & 63)); break;
    case RV_OP_BINVI: r = a ^ (1ull << sh); break;
    case RV_OP_BSET: r = a | (1ull << (b & 63)); break;
    case RV_OP_BSETI: r = a | (1ull << sh); break;
    case RV_OP_PACK: r = (uint32_t)a | (b << 32); break;
    case RV_OP_PACKH: r = (a & 0xff) | ((b & 0xff) << 8); break;
    case RV_OP_PACKW: r = sx32((a & 0xffff) | ((b & 0xffff) << 16)); break;
    case RV_OP_BREV8:
        for (int i = 0; i < 64; i++) {
            r |= ((a >> i) & 1) << ((i & ~7) | (7 - (i & 7)));
        }
        break;
    case RV_OP_XPERM4: r = ref_xperm(a, b, 4); break;
    case RV_OP_XPERM8: r = ref_xperm(a, b, 8); break;
    case RV_OP_CZERO_EQZ: r = b ? a : 0; break;
    case RV_OP_CZERO_NEZ: r = b ? 0 : a; break;
    case RV_OP_CBO_INVAL: case RV_OP_CBO_CLEAN: case RV_OP_CBO_FLUSH: case RV_OP_CBO_ZERO:
        s->cbo_calls++;
        s->cbo_op = in->raw >> 20;
        s->cbo_addr = a;
        wr = false;
        break;
    default:
        return false;
    }
    if (wr && in->rd) {
        s->x[in->rd] = r;
    }
    s->pc = next;
    return true;
}

/* ---- Running one instruction through trans_int and the interpreter ---- */

static uint64_t rng_state = 0x243f6a8885a308d3ull;
static uint64_t rng64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* Interesting operand values: small, extreme and random. */
static uint64_t rand_value(void)
{
    static const uint64_t special[] = {
        0, 1, 2, 31, 32, 63, 64, ~0ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
        0x7fffffff, 0x80000000, 0xffffffff, 0xffffffff80000000ull, 0x100000000ull,
    };
    uint64_t r = rng64();
    switch (r & 3) {
    case 0: return special[(r >> 8) % ARRAY_SIZE(special)];
    case 1: return (uint64_t)(int64_t)(int8_t)(r >> 8);
    default: return rng64();
    }
}

static bool t_translate_and_run(const RVInsn *insn, RVExtMask ext, uint64_t pc, bool *handled)
{
    DisasContext ctx;
    long n;
    uint8_t *rw;
    const uint8_t *rx;
    size_t size;

    memset(&ctx, 0, sizeof(ctx));
    ctx.base.pc_first = pc;
    ctx.base.pc_next = pc + insn->len;
    ctx.base.is_jmp = DISAS_NEXT;
    ctx.base.max_insns = 1;
    ctx.ext = ext;
    ctx.tb_flags = (ext & RV_EXT_BIT(RV_EXT_C)) ? TB_FLAGS_RVC : 0;
    ctx.mem_idx = 0;
    ctx.pc = pc;
    ctx.insn = *insn;

    tcg_func_start(&t_ctx);
    tcg_gen_insn_start(pc, 0);
    *handled = trans_int(&ctx, insn);
    if (!*handled) {
        return false;
    }
    if (ctx.base.is_jmp == DISAS_NEXT) {
        tcg_gen_movi_i64(cpu_pc, (int64_t)ctx.base.pc_next);
        tcg_gen_exit_tb(NULL, 0);
    }
    tcg_optimize(&t_ctx);
    tcg_liveness_analysis(&t_ctx);
    if (t_be == &tcg_backend_interp) {
        rw = (uint8_t *)t_code;
        rx = (const uint8_t *)t_code;
        size = sizeof(t_code);
    } else {
        codebuf_reset(&t_cb, t_prologue_size);
        rw = codebuf_cur_rw(&t_cb);
        rx = codebuf_cur_rx(&t_cb);
        size = codebuf_avail(&t_cb);
    }
    n = t_be->gen_code(&t_ctx, NULL, rw, rx, size);
    if (n < 0) {
        printf("  gen_code failed\n");
        return false;
    }
    t_cpu.excp = -1;
    if (sigsetjmp(t_cpu.cs.jmp_env, 0) == 0) {
        t_be->exec(&t_cpu.cs, rx);
    } else {
        t_cpu.excp = t_cpu.cs.exception_index;
    }
    return true;
}


static bool op_is_int(RVOp op)
{
    switch (rv_insn_ext(op)) {
    case RV_EXT_I: case RV_EXT_M: case RV_EXT_A: case RV_EXT_C: case RV_EXT_ZBA:
    case RV_EXT_ZBB: case RV_EXT_ZBC: case RV_EXT_ZBS: case RV_EXT_ZBKB: case RV_EXT_ZBKX:
    case RV_EXT_ZICOND: case RV_EXT_ZICBOP: case RV_EXT_ZIHINTPAUSE:
        break;
    default:
        return false;
    }
    /* system instructions in the I rows belong to trans_priv() */
    return op != RV_OP_ECALL && op != RV_OP_EBREAK;
}

/* One random trial of op: returns false on a mismatch (reported). */
static bool t_trial(RVOp op, RVExtMask ext, unsigned *runs)
{
    uint32_t match, mask, raw;
    RVInsn insn;
    RefState ref;
    bool handled;
    uint64_t pc = RAM_BASE + 0x100 + 2 * (rng64() % 64);
    char text[80];
    uint64_t in_rs1, in_rs2;

    if (!rv_insn_pattern(op, &match, &mask)) {
        return true;
    }
    raw = match | ((uint32_t)rng64() & ~mask);
    if (rv_insn_cfmt(op) >= 0) {
        raw &= 0xffff;
    }
    if (!rv_decode(raw, ext, &insn) || insn.dop != op) {
        return true;                    /* a reserved or shadowed encoding */
    }
    if (!op_is_int(insn.op)) {
        return true;                    /* c.fld and friends */
    }

    /* Random state; memory ops get an address inside RAM most of the time. */
    memset(&ref, 0, sizeof(ref));
    for (int i = 1; i < 32; i++) {
        ref.x[i] = rand_value();
    }
    for (int i = 0; i < RAM_SIZE; i++) {
        ref.ram[i] = (uint8_t)rng64();
    }
    if (rng64() % 8) {
        uint64_t align = rng64() % 4 ? 8 : 1;
        uint64_t target = RAM_BASE + 16 + ((rng64() % (RAM_SIZE - 32)) & ~(align - 1));
        if (insn.rs1) {
            ref.x[insn.rs1] = target - (uint64_t)insn.imm;
        }
        if (insn.op >= RV_OP_LR_W && insn.op <= RV_OP_AMOMAXU_D && insn.rs1) {
            ref.x[insn.rs1] = target;
        }
    }
    ref.load_res = rng64() % 2 ? ~0ull : ref.x[insn.rs1];
    ref.load_val = rng64() % 2 ? rand_value() : 0;
    if (ref.load_res != ~0ull && ref_mem_ok(ref.load_res, 8) && rng64() % 2) {
        /* make SC succeed sometimes */
        unsigned size = insn.op == RV_OP_SC_W ? 4 : 8;
        ref.load_val = ref_ld(&ref, ref.load_res, size, true);
    }
    ref.pc = pc;
    ref.excp = -1;
    in_rs1 = ref.x[insn.rs1];
    in_rs2 = ref.x[insn.rs2];

    memset(&t_cpu.gpr, 0, sizeof(t_cpu.gpr));
    memcpy(t_cpu.gpr, ref.x, sizeof(ref.x));
    memcpy(t_cpu.ram, ref.ram, RAM_SIZE);
    t_cpu.pc = ~0ull;
    t_cpu.load_res = ref.load_res;
    t_cpu.load_val = ref.load_val;
    t_cpu.cbo_calls = 0;

    if (!ref_exec(&ref, &insn, ext)) {
        harness_note("%s: no reference model", rv_insn_name(op));
        return false;
    }
    if (!t_translate_and_run(&insn, ext, pc, &handled)) {
        if (!handled) {
            harness_note("%s: trans_int did not handle it", rv_insn_name(op));
        }
        return false;
    }
    (*runs)++;

    rv_disas(text, sizeof(text), pc, &insn);
    if (ref.excp != t_cpu.excp || (ref.excp >= 0 && ref.tval != t_cpu.tval)) {
        harness_note("%s (0x%08x): exception %d tval 0x%" PRIx64 ", want %d tval 0x%" PRIx64,
                 text, raw, t_cpu.excp, t_cpu.tval, ref.excp, ref.tval);
        return false;
    }
    if (ref.excp >= 0) {
        return true;
    }
    for (int i = 1; i < 32; i++) {
        if (t_cpu.gpr[i] != ref.x[i]) {
            harness_note("%s (0x%08x) rs1=0x%" PRIx64 " rs2=0x%" PRIx64 ": x%d = 0x%" PRIx64
                     ", want 0x%" PRIx64, text, raw, in_rs1, in_rs2, i, t_cpu.gpr[i],
                     ref.x[i]);
            return false;
        }
    }
    if (t_cpu.pc != ref.pc) {
        harness_note("%s (0x%08x): pc 0x%" PRIx64 ", want 0x%" PRIx64, text, raw, t_cpu.pc,
                 ref.pc);
        return false;
    }
    if (memcmp(t_cpu.ram, ref.ram, RAM_SIZE) != 0) {
        harness_note("%s (0x%08x): memory differs", text, raw);
        return false;
    }
    if ((insn.op >= RV_OP_LR_W && insn.op <= RV_OP_SC_D) &&
        (t_cpu.load_res != ref.load_res ||
         (insn.op == RV_OP_LR_W || insn.op == RV_OP_LR_D ? t_cpu.load_val != ref.load_val
                                                          : false))) {
        harness_note("%s (0x%08x): reservation 0x%" PRIx64 "/0x%" PRIx64 ", want 0x%" PRIx64
                 "/0x%" PRIx64, text, raw, t_cpu.load_res, t_cpu.load_val, ref.load_res,
                 ref.load_val);
        return false;
    }
    if (t_cpu.cbo_calls != ref.cbo_calls ||
        (ref.cbo_calls && (t_cpu.cbo_op != ref.cbo_op || t_cpu.cbo_addr != ref.cbo_addr))) {
        harness_note("%s (0x%08x): cbo helper calls differ", text, raw);
        return false;
    }
    return true;
}

static void test_every_int_op(RVExtMask ext, const char *what)
{
    unsigned fails = 0, runs = 0, ops = 0;

    for (int op = 1; op < RV_OP_COUNT; op++) {
        unsigned before = runs;
        if (!op_is_int(op)) {
            continue;
        }
        if (rv_insn_cfmt(op) >= 0 && !(ext & RV_EXT_BIT(RV_EXT_C))) {
            continue;
        }
        ops++;
        for (int t = 0; t < 300; t++) {
            if (!t_trial(op, ext, &runs)) {
                fails++;
                break;
            }
        }
        if (runs == before && !fails && rv_insn_cfmt(op) < 0) {
            harness_note("%s: no trial ran", rv_insn_name(op));
        }
    }
    printf("  %s: %u ops, %u runs\n", what, ops, runs);
    CHECK_EQ(fails, 0);
}

static void test_int_ops_with_c(void)
{
    t_be = &tcg_backend_interp;
    test_every_int_op(RV_EXTS_ALL, "interp, with C");
}

static void test_int_ops_without_c(void)
{
    t_be = &tcg_backend_interp;
    test_every_int_op(RV_EXTS_ALL & ~RV_EXT_BIT(RV_EXT_C), "interp, without C");
}

static void test_int_ops_jit(void)
{
    if (!t_jit_ok) {
        printf("  no executable code buffer\n");
        CHECK(t_jit_ok);
        return;
    }
    t_be = &tcg_backend_jit;
    test_every_int_op(RV_EXTS_ALL, "jit, with C");
    test_every_int_op(RV_EXTS_ALL & ~RV_EXT_BIT(RV_EXT_C), "jit, without C");
    t_be = &tcg_backend_interp;
}

int main(void)
{
    Error *err = NULL;

    tcg_context_init(&t_ctx);
    tcg_ctx = &t_ctx;
    riscv_translate_init();
    t_cpu.cs.tlb_fast[0].mask = 0;
    t_cpu.cs.tlb_fast[0].table = &t_tlb_miss;

    t_jit_ok = codebuf_init(&t_cb, 4 << 20, &err);
    if (t_jit_ok) {
        tcg_backend_jit.init(t_cb.rw, t_cb.rx, t_cb.size, &t_prologue_size);
    }

    RUN_TEST(test_int_ops_with_c);
    RUN_TEST(test_int_ops_without_c);
    RUN_TEST(test_int_ops_jit);
    if (t_jit_ok) {
        codebuf_destroy(&t_cb);
    }
    HARNESS_EXIT();
}
