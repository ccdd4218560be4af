/*
 * The RISC-V front end's frame: the TranslatorOps hooks, instruction fetch
 * and decode, dispatch to the per-group translators, the helpers shared by
 * all of them, and the system instructions (CSRs, traps, fences).
 */
#include "target/riscv/translate.h"
#include "target/riscv/csr.h"
#include "hw/core/timer.h"

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

/* Whether mstatus.FS at run time is ctx->fs (see DisasContext). */
static bool fs_known(const DisasContext *ctx)
{
    return ctx->fs == FS_DIRTY || !ctx->fs_maybe_dirty;
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

/* lookup_and_goto_ptr for the pc value in cpu_pc (dest: that constant).
   When FS is not known here, the helper reads the real state. */
static void gen_lookup_and_goto_ptr(DisasContext *ctx, TCGv_i64 dest)
{
    if (!fs_known(ctx)) {
        tcg_gen_lookup_and_goto_ptr();
        return;
    }
    translator_gen_lookup_and_goto_ptr(&ctx->base, dest, current_tb_flags(ctx));
}

/* slot < 0: no goto_tb slot is free, leave through the TB lookup.  A chained
   slot always reaches the same TB, so its state (FS) must be exact. */
void gen_goto_tb(DisasContext *ctx, int slot, vaddr dest)
{
    if (slot >= 0 && fs_known(ctx) && translator_use_goto_tb(&ctx->base, dest)) {
        assert(!(ctx->slots_used & (1u << slot)));
        ctx->slots_used |= 1u << slot;
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
        ctx->fs = FS_DIRTY;             /* the helper made mstatus.FS Dirty */
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

/* ---- Superblocks ------------------------------------------------------------
 *
 * A TB goes on past a short forward conditional branch instead of ending
 * there, so that a small if/then (or if/else) inside a loop is one TB that
 * chains to itself, instead of two or three TBs chained through the loop:
 *
 *     beqz a3, 1f              brcond_i64 a3, $0, eq, $L1
 *     addi a5, a4, 1           (the not-taken path, translated in line)
 *  1: addi a2, a2, 1           set_label $L1; insn_start ...
 *
 * The branch becomes a brcond to a label; translation continues with the
 * fall-through insn, and the label is set when translation reaches the
 * target pc.  A target not reached by the time the TB ends (a jump, an
 * exception, a TB-ending insn such as a CSR write, wfi or fence.i, the insn
 * budget, the IR buffers) is left through a stub after the TB's normal end:
 * set_label, then goto_tb to the target with a free slot (the TB has two),
 * else the TB lookup (see sb_end_before_branch for keeping one free).  A
 * "j" forward (jal x0) whose next insn is such a pending target (the else
 * arm of an if/else) becomes a br to the label of its own target, and
 * translation goes on at the pending target.
 *
 * Which branches (sb_forward_label):
 *   - targets at most SB_WINDOW bytes ahead, at or after the next insn, and
 *     in the TB's page: the join is normally reached by translation within
 *     a few insns (an if/then of up to 16 insns, 32 compressed); a longer
 *     arm would translate more code that does not run, and a far target
 *     would rarely be reached before the TB ends anyway.  Up to
 *     SB_MAX_PENDING targets at a time (nested diamonds);
 *   - only where the TB may chain (no CF_NOCHAIN, no single-step: -d
 *     nochain and one-shot TBs keep one TB per basic block), and never
 *     under -icount: the virtual clock counts tb->icount for a whole TB
 *     (cpu_icount_sync counts insns by position), which would include the
 *     skipped insns.  -icount implies CF_NOCHAIN today; the explicit test
 *     keeps it so if that changes;
 *   - only when the TB has room for another insn (max_insns);
 *   - not to a misaligned target (no C): the taken path must raise, which
 *     the usual two-exit translation does.
 * The TB's size and pages still cover every byte translated (pc_next moves
 * as usual; targets never translated are outside the TB).
 *
 * At the label:
 *   - IR: nothing is in a register (back end contract); globals and TB temps
 *     survive.  The brcond compares globals or constants, and each insn
 *     makes its own EBB temps, so no EBB temp lives across the label (the
 *     optimizer only propagates copies to globals and TB temps).
 *   - The label goes before the target's insn_start: the host code from the
 *     label on is the target insn's, and so is a fault there; a fault in the
 *     fall-through arm is recovered from that insn's own insn_start data.
 *     The skipped insns never partly run, so nothing else depends on the
 *     path taken.
 *   - Translation state: of the DisasContext, only fs changes along a TB
 *     (everything else that could change, priv, mstatus, misa, ends the TB).
 *     Inside a TB fs only becomes Dirty, so two paths agree or one is Dirty:
 *     the join keeps the other value and sets fs_maybe_dirty (translate.h).
 *     The FP insns after it then mark FS Dirty again (harmless if it is),
 *     and until one does, the exits neither chain nor use the inline lookup,
 *     which needs exact TB flags: a chained slot would always enter the TB
 *     made for the state of its first run (made for FS Dirty, that TB would
 *     not mark it).  A stub uses the state at its branches, merged alike.
 */
#define SB_WINDOW 64

static bool same_page_as_tb(const DisasContext *ctx, vaddr pc)
{
    return ((pc ^ ctx->base.pc_first) & TARGET_PAGE_MASK) == 0;
}

/* The state where two paths join (fs_maybe_dirty is moot while fs is Dirty). */
static void fs_merge(int *fs, bool *maybe_dirty, int fs2, bool maybe_dirty2)
{
    if (*fs != fs2) {
        if (*fs == FS_DIRTY) {
            *fs = fs2;
        }
        *maybe_dirty = true;
    } else {
        *maybe_dirty |= maybe_dirty2;
    }
}

TCGLabel *sb_forward_label(DisasContext *ctx, vaddr dest)
{
    DisasContextBase *db = &ctx->base;
    SBTarget *t;

    if (!ctx->sb_enabled || dest < db->pc_next || dest - ctx->pc > SB_WINDOW ||
        !same_page_as_tb(ctx, dest) || db->num_insns >= db->max_insns ||
        tcg_ctx->overflow || (!(ctx->tb_flags & TB_FLAGS_RVC) && (dest & 2))) {
        return NULL;
    }
    for (int i = 0; i < ctx->sb_nb; i++) {
        t = &ctx->sb[i];
        if (t->pc == dest) {
            fs_merge(&t->fs, &t->fs_maybe_dirty, ctx->fs, ctx->fs_maybe_dirty);
            return t->label;
        }
    }
    if (ctx->sb_nb == SB_MAX_PENDING) {
        return NULL;
    }
    t = &ctx->sb[ctx->sb_nb++];
    t->pc = dest;
    t->label = gen_new_label();
    t->fs = ctx->fs;
    t->fs_maybe_dirty = ctx->fs_maybe_dirty;
    return t->label;
}

bool sb_target_pending(const DisasContext *ctx, vaddr pc)
{
    for (int i = 0; i < ctx->sb_nb; i++) {
        if (ctx->sb[i].pc == pc) {
            return true;
        }
    }
    return false;
}

/*
 * A conditional branch that ends the TB takes both goto_tb slots, leaving
 * every pending target to the TB lookup: booting Linux, over a quarter of
 * the stubs had no slot, for 7% more TB lookups (1% with this).  Ending the
 * TB just before the branch instead (it starts the next TB, reached by a
 * chained jump) leaves slot 1 to a pending target.  Not for a back edge to
 * the TB's start: that loop stays one TB chained to itself.
 */
bool sb_end_before_branch(DisasContext *ctx, vaddr dest)
{
    DisasContextBase *db = &ctx->base;

    if (ctx->sb_nb == 0 || db->num_insns <= 1 || dest == db->pc_first) {
        return false;
    }
    db->pc_next = ctx->pc;
    db->is_jmp = DISAS_TOO_MANY;
    return true;
}

/* Translation reached pc_next: set its label (before its insn_start). */
static void sb_reach(DisasContext *ctx)
{
    vaddr pc = ctx->base.pc_next;

    for (int i = 0; i < ctx->sb_nb; i++) {
        SBTarget *t = &ctx->sb[i];
        if (t->pc != pc) {
            continue;
        }
        gen_set_label(t->label);
        if (ctx->sb_dead) {
            ctx->fs = t->fs;            /* the label is the only way here */
            ctx->fs_maybe_dirty = t->fs_maybe_dirty;
            ctx->sb_dead = false;
        } else {
            fs_merge(&ctx->fs, &ctx->fs_maybe_dirty, t->fs, t->fs_maybe_dirty);
        }
        ctx->sb[i] = ctx->sb[--ctx->sb_nb];
        return;
    }
    assert(!ctx->sb_dead);
}

/* After the TB's end: leave towards every target translation did not reach. */
static void sb_leave_pending(DisasContext *ctx)
{
    for (int i = 0; i < ctx->sb_nb; i++) {
        SBTarget *t = &ctx->sb[i];
        int slot = !(ctx->slots_used & 1) ? 0 : !(ctx->slots_used & 2) ? 1 : -1;

        gen_set_label(t->label);
        ctx->fs = t->fs;
        ctx->fs_maybe_dirty = t->fs_maybe_dirty;
        gen_goto_tb(ctx, slot, t->pc);
    }
    ctx->sb_nb = 0;
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
    ctx->sb_enabled = !(db->tb->cflags & (CF_NOCHAIN | CF_SINGLE_STEP)) &&
                      clock_icount_shift() < 0 && db->max_insns > 1;
}

static void riscv_tr_tb_start(DisasContextBase *db, CPUState *cs)
{
}

static void riscv_tr_insn_start(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = container_of(db, DisasContext, base);

    if (ctx->sb_nb) {
        sb_reach(ctx);
    }
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

    switch (ctx->sb_dead ? DISAS_NORETURN : (int)db->is_jmp) {
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
    sb_leave_pending(ctx);
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
