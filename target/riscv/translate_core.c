/*
 * The RISC-V front end's frame: the TranslatorOps hooks, instruction fetch
 * and decode, dispatch to the per-group translators, the helpers shared by
 * all of them, and the system instructions (CSRs, traps, fences).
 */
#include "target/riscv/translate.h"
#include "target/riscv/csr.h"

TCGv_i64 cpu_gpr[32];
TCGv_i64 cpu_fpr[32];
TCGv_i64 cpu_pc;
TCGv_i64 cpu_load_res, cpu_load_val;

/* Globals are named with the ABI names of the disassembler (insn.h). */
void riscv_translate_init(void)
{
    cpu_gpr[0] = TCGV_NONE_I64;
    for (int i = 1; i < 32; i++) {
        cpu_gpr[i] = tcg_global_mem_new_i64((int)offsetof(RISCVCPU, gpr[i]),
                                            rv_reg_name((unsigned)i));
    }
    for (int i = 0; i < 32; i++) {
        cpu_fpr[i] = tcg_global_mem_new_i64((int)offsetof(RISCVCPU, fpr[i]),
                                            rv_freg_name((unsigned)i));
    }
    cpu_pc = tcg_global_mem_new_i64((int)offsetof(RISCVCPU, pc), "pc");
    cpu_load_res = tcg_global_mem_new_i64((int)offsetof(RISCVCPU, load_res), "load_res");
    cpu_load_val = tcg_global_mem_new_i64((int)offsetof(RISCVCPU, load_val), "load_val");
}

/* ---- Shared helpers ------------------------------------------------------ */

TCGv_i64 get_gpr(DisasContext *ctx, int reg)
{
    return reg == 0 ? tcg_constant_i64(0) : cpu_gpr[reg];
}

void gen_set_gpr(DisasContext *ctx, int reg, TCGv_i64 val)
{
    if (reg != 0) {
        tcg_gen_mov_i64(cpu_gpr[reg], val);
    }
}

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

/*
 * The TB flags of the CPU state here: those of the TB, except mstatus.FS,
 * which the TB may have made Dirty (mark_fs_dirty, fflags/frm/fcsr writes).
 * Every other change of priv, mstatus or misa ends the TB through the loop.
 */
static uint64_t current_tb_flags(const DisasContext *ctx)
{
    return (ctx->tb_flags & ~(3ull << 5)) | ((uint64_t)ctx->fs << 5);
}

/* lookup_and_goto_ptr for the pc value in cpu_pc (dest: that constant). */
static void gen_lookup_and_goto_ptr(DisasContext *ctx, TCGv_i64 dest)
{
    translator_gen_lookup_and_goto_ptr(&ctx->base, dest, current_tb_flags(ctx));
}

void gen_goto_tb(DisasContext *ctx, int slot, vaddr dest)
{
    if (translator_use_goto_tb(&ctx->base, dest)) {
        if (dest == ctx->base.pc_first) {
            tcg_gen_goto_tb_loop((unsigned)slot);
        } else {
            tcg_gen_goto_tb((unsigned)slot);
        }
        tcg_gen_movi_i64(cpu_pc, (int64_t)dest);
        tcg_gen_exit_tb(ctx->base.tb, (unsigned)slot);
    } else {
        tcg_gen_movi_i64(cpu_pc, (int64_t)dest);
        gen_lookup_and_goto_ptr(ctx, tcg_constant_i64((int64_t)dest));
    }
    ctx->base.is_jmp = DISAS_NORETURN;
}

void gen_jump_indirect(DisasContext *ctx)
{
    gen_lookup_and_goto_ptr(ctx, cpu_pc);
    ctx->base.is_jmp = DISAS_NORETURN;
}

bool gen_check_jump_align(DisasContext *ctx, vaddr dest)
{
    if (!(ctx->tb_flags & TB_FLAGS_RVC) && (dest & 2)) {
        gen_exception(ctx, RISCV_EXCP_INST_ADDR_MIS, dest);
        return false;
    }
    return true;
}

/* Leave the TB after this insn so the loop sees new flags or interrupts. */
static void gen_end_tb_exit(DisasContext *ctx)
{
    tcg_gen_movi_i64(cpu_pc, (int64_t)ctx->base.pc_next);
    ctx->base.is_jmp = (DisasJumpType)DISAS_RISCV_EXIT;
}

/* ---- System instructions ------------------------------------------------- */

static void gen_csr(DisasContext *ctx, const RVInsn *in, bool imm_form)
{
    TCGv_i64 src = imm_form ? tcg_constant_i64(in->imm) : get_gpr(ctx, in->rs1);
    bool src_zero = imm_form ? in->imm == 0 : in->rs1 == 0;
    uint32_t flags = 0;
    TCGv_i64 val, mask;

    switch (in->op) {
    case RV_OP_CSRRW:
    case RV_OP_CSRRWI:
        /* Zicsr: csrrw with rd = x0 does not read (no read side effects). */
        flags = CSR_OP_WRITE | (in->rd ? CSR_OP_READ : 0);
        val = src;
        mask = tcg_constant_i64(-1);
        break;
    case RV_OP_CSRRS:
    case RV_OP_CSRRSI:
        flags = CSR_OP_READ | (src_zero ? 0 : CSR_OP_WRITE);
        val = tcg_constant_i64(-1);
        mask = src;
        break;
    default:  /* CSRRC, CSRRCI */
        flags = CSR_OP_READ | (src_zero ? 0 : CSR_OP_WRITE);
        val = tcg_constant_i64(0);
        mask = src;
        break;
    }

    TCGv_i64 old = tcg_temp_new_i64();
    tcg_gen_call(&helper_info_csr, old, tcg_env, tcg_constant_i64(in->csr | flags), val,
                 mask, tcg_constant_i64(in->raw));
    gen_set_gpr(ctx, in->rd, old);
    if ((flags & CSR_OP_WRITE) &&
        (in->csr == CSR_FFLAGS || in->csr == CSR_FRM || in->csr == CSR_FCSR)) {
        ctx->fs = 3;                    /* the helper made mstatus.FS Dirty */
    }
    if ((flags & CSR_OP_WRITE) && riscv_csr_write_ends_tb(in->csr)) {
        gen_end_tb_exit(ctx);
    }
}

static void gen_cbo(DisasContext *ctx, const RVInsn *in, int op)
{
    tcg_gen_call(&helper_info_cbo, TCGV_NONE_I64, tcg_env, tcg_constant_i64(op),
                 get_gpr(ctx, in->rs1), tcg_constant_i64(in->raw));
}

bool trans_priv(DisasContext *ctx, const RVInsn *in)
{
    switch (in->op) {
    case RV_OP_ECALL:
        gen_exception(ctx, RISCV_EXCP_U_ECALL + ctx->priv, 0);
        return true;
    case RV_OP_EBREAK:
        /* Priv spec 3.1.16: mtval is zero or the breakpoint address; zero,
           as QEMU 7.2 (the test oracle) does. */
        gen_exception(ctx, RISCV_EXCP_BREAKPOINT, 0);
        return true;
    case RV_OP_MRET:
    case RV_OP_SRET:
        tcg_gen_call(in->op == RV_OP_MRET ? &helper_info_mret : &helper_info_sret, cpu_pc,
                     tcg_env, tcg_constant_i64(in->raw));
        ctx->base.is_jmp = (DisasJumpType)DISAS_RISCV_EXIT;
        return true;
    case RV_OP_WFI:
        tcg_gen_call(&helper_info_wfi, TCGV_NONE_I64, tcg_env,
                     tcg_constant_i64((int64_t)ctx->base.pc_next), tcg_constant_i64(in->raw));
        gen_end_tb_exit(ctx);
        return true;
    case RV_OP_SFENCE_VMA:
    case RV_OP_SINVAL_VMA:
        tcg_gen_call(&helper_info_sfence_vma, TCGV_NONE_I64, tcg_env, get_gpr(ctx, in->rs1),
                     tcg_constant_i64(in->rs1 != 0), tcg_constant_i64(in->raw));
        gen_end_tb_exit(ctx);
        return true;
    case RV_OP_SFENCE_W_INVAL:
    case RV_OP_SFENCE_INVAL_IR:
        /* Svinval 1.0: illegal in U-mode, otherwise ordering only. */
        if (ctx->priv == PRV_U) {
            gen_exception_illegal(ctx);
        }
        return true;
    case RV_OP_FENCE_I:
        /* Stores to code already invalidate translations (Ziccid-like);
           ending the TB makes the next fetch see the new bytes. */
        gen_end_tb_exit(ctx);
        return true;
    case RV_OP_CSRRW:
    case RV_OP_CSRRS:
    case RV_OP_CSRRC:
        gen_csr(ctx, in, false);
        return true;
    case RV_OP_CSRRWI:
    case RV_OP_CSRRSI:
    case RV_OP_CSRRCI:
        gen_csr(ctx, in, true);
        return true;
    case RV_OP_CBO_CLEAN:
        gen_cbo(ctx, in, 0);
        return true;
    case RV_OP_CBO_FLUSH:
        gen_cbo(ctx, in, 1);
        return true;
    case RV_OP_CBO_INVAL:
        gen_cbo(ctx, in, 2);
        return true;
    case RV_OP_CBO_ZERO:
        gen_cbo(ctx, in, 3);
        return true;
    default:
        return false;
    }
}

/* ---- TranslatorOps -------------------------------------------------------- */

static void riscv_tr_init_disas_context(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = container_of(db, DisasContext, base);
    RISCVCPU *cpu = RISCV_CPU(cs);
    uint64_t f = db->tb->flags;

    ctx->cpu = cpu;
    ctx->tb_flags = f;
    ctx->priv = (int)TB_FLAGS_PRIV(f);
    ctx->mem_idx = (int)TB_FLAGS_MMU_IDX(f);
    ctx->fs = (int)TB_FLAGS_FS(f);
    ctx->ext = cpu->ext;
}

static void riscv_tr_tb_start(DisasContextBase *db, CPUState *cs)
{
}

static void riscv_tr_insn_start(DisasContextBase *db, CPUState *cs)
{
    tcg_gen_insn_start(db->pc_next, 0);
}

static void riscv_tr_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = container_of(db, DisasContext, base);
    vaddr pc = db->pc_next;
    uint32_t raw = cpu_lduw_code(cs, pc);

    if (rv_insn_length((uint16_t)raw) == 4) {
        /* Only the first insn of a TB may cross a page: a later one would
           fetch (and maybe fault on) the next page too early. */
        if ((pc & ~TARGET_PAGE_MASK) == TARGET_PAGE_SIZE - 2 && db->num_insns > 1) {
            db->is_jmp = DISAS_TOO_MANY;
            return;
        }
        raw |= (uint32_t)cpu_lduw_code(cs, pc + 2) << 16;
    }
    ctx->pc = pc;
    bool ok = rv_decode(raw, ctx->ext, &ctx->insn);
    db->pc_next = pc + ctx->insn.len;
    if (!ok) {
        gen_exception_illegal(ctx);
        return;
    }
    if (!trans_priv(ctx, &ctx->insn) && !trans_int(ctx, &ctx->insn) &&
        !trans_fp(ctx, &ctx->insn)) {
        gen_exception_illegal(ctx);
    }
}

static void riscv_tr_tb_stop(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = container_of(db, DisasContext, base);

    switch ((int)db->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        gen_goto_tb(ctx, 0, db->pc_next);
        break;
    case DISAS_RISCV_LOOKUP:
        gen_lookup_and_goto_ptr(ctx, cpu_pc);
        break;
    case DISAS_RISCV_EXIT:
        tcg_gen_exit_tb(NULL, 0);
        break;
    default:
        break;
    }
}

static const TranslatorOps riscv_tr_ops = {
    .init_disas_context = riscv_tr_init_disas_context,
    .tb_start = riscv_tr_tb_start,
    .insn_start = riscv_tr_insn_start,
    .translate_insn = riscv_tr_translate_insn,
    .tb_stop = riscv_tr_tb_stop,
};

void riscv_cpu_translate(CPUState *cs, TranslationBlock *tb, int max_insns)
{
    static __thread TCGContext *globals_ctx;
    DisasContext ctx;

    /* Globals live in the translation context: create them once per context. */
    if (globals_ctx != tcg_ctx) {
        riscv_translate_init();
        globals_ctx = tcg_ctx;
    }
    memset(&ctx, 0, sizeof(ctx));
    translator_loop(cs, tb, max_insns, &riscv_tr_ops, &ctx.base);
}
