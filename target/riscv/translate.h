/*
 * Internal interface of the RISC-V front end, shared by
 *   translate_core.c  (integrator): TranslatorOps, decode dispatch, common
 *                     helpers below, system instructions (CSR, ecall, ebreak,
 *                     mret, sret, wfi, sfence.vma, fence.i): trans_priv().
 *   translate.c       (decoder helper): RV64I/M/A and bit-manipulation:
 *                     trans_int().
 *   translate_fp.c    (FP helper): F/D/Zfh loads, stores, arithmetic: trans_fp().
 * Each trans_*() returns true if it handled insn (even by raising an
 * exception), false if the op is not its own.
 */
#ifndef TARGET_RISCV_TRANSLATE_H
#define TARGET_RISCV_TRANSLATE_H

#include "target/riscv/cpu.h"

/* Target-specific DisasJumpType values. */
enum {
    DISAS_RISCV_LOOKUP = DISAS_TARGET_0,  /* pc is in cpu_pc: lookup_and_goto_ptr */
    DISAS_RISCV_EXIT,                     /* pc is in cpu_pc: exit to the loop (state changed) */
};

/* Superblocks: a forward branch target inside the TB not reached yet
   (translate_core.c explains the design). */
#define SB_MAX_PENDING 8
typedef struct SBTarget {
    vaddr pc;
    TCGLabel *label;
    int fs;                      /* translate-time state merged over the */
    bool fs_maybe_dirty;         /* branches to it (see DisasContext) */
} SBTarget;

#define FS_DIRTY 3                 /* mstatus.FS = Dirty (DisasContext.fs) */

typedef struct DisasContext {
    DisasContextBase base;
    RISCVCPU *cpu;
    uint64_t tb_flags;
    int priv;
    int mem_idx;                 /* data MMU index */
    /* mstatus.FS at translation time.  After a join of two paths only one of
       which made FS Dirty, fs is the other path's value and fs_maybe_dirty is
       set: while fs is not Dirty, FS may be Dirty at run time, so FP writes
       mark it again and no exit may assume either value (no chaining, no
       inline TB lookup).  Once fs is Dirty again, fs_maybe_dirty is moot. */
    int fs;
    bool fs_maybe_dirty;
    RVExtMask ext;
    RVInsn insn;                 /* the instruction being translated */
    vaddr pc;                    /* its address (base.pc_next is the next one) */
    unsigned slots_used;         /* goto_tb slots taken (bit n: slot n) */
    bool sb_enabled;             /* forward branches may stay inside the TB */
    bool sb_dead;                /* after a forward j: only a label reaches pc_next */
    int sb_nb;
    SBTarget sb[SB_MAX_PENDING];
} DisasContext;

/* Globals (created once by riscv_translate_init). */
extern TCGv_i64 cpu_gpr[32];     /* cpu_gpr[0] is never used: see get_gpr */
extern TCGv_i64 cpu_fpr[32];
extern TCGv_i64 cpu_pc;
extern TCGv_i64 cpu_load_res, cpu_load_val;
void riscv_translate_init(void);

/* x0 reads as a constant 0; writes to x0 are dropped. */
TCGv_i64 get_gpr(DisasContext *ctx, int reg);
void gen_set_gpr(DisasContext *ctx, int reg, TCGv_i64 val);
/* Raise cause at the current instruction (pc synced), ends the TB. */
void gen_exception(DisasContext *ctx, int cause, uint64_t tval);
/* Illegal instruction with mtval = the instruction bits. */
void gen_exception_illegal(DisasContext *ctx);
/* Jump to dest (direct, chained when allowed); ends the TB. */
void gen_goto_tb(DisasContext *ctx, int slot, vaddr dest);
/* Indirect jump: cpu_pc holds the target; ends the TB (lookup_and_goto_ptr). */
void gen_jump_indirect(DisasContext *ctx);
/* Jump target alignment check (2 with C, else 4): raises inst-addr-misaligned. */
bool gen_check_jump_align(DisasContext *ctx, vaddr dest);

/* Superblocks.  The label to branch to for a forward jump from this insn to
   dest that can stay inside the TB (translation goes on at pc_next and sets
   the label on reaching dest, or leaves the TB there), or NULL: end the TB as
   usual. */
TCGLabel *sb_forward_label(DisasContext *ctx, vaddr dest);
/* Whether a forward branch of this TB targets pc and is not resolved yet. */
bool sb_target_pending(const DisasContext *ctx, vaddr pc);
/* For a conditional branch that would end the TB with both goto_tb slots:
   true if the TB ends before it instead (the insn is left to the next TB). */
bool sb_end_before_branch(DisasContext *ctx, vaddr dest);

bool trans_int(DisasContext *ctx, const RVInsn *insn);
bool trans_fp(DisasContext *ctx, const RVInsn *insn);
bool trans_priv(DisasContext *ctx, const RVInsn *insn);

#endif
