/*
 * The Tiny Code Generator's intermediate representation (IR) and the API that
 * target front ends use to emit it.
 *
 * A translation block (TB) is emitted as a linear array of TCGOp into the
 * current TCGContext, optimized (tcg/optimize.c), annotated with liveness,
 * then handed to one of two back ends behind the same interface:
 * tcg/x86_64/ (a JIT emitting host code) or tcg/interp/ (a pre-decoded IR
 * interpreter).  Both must produce identical guest-visible results.
 *
 * Values are temps.  A temp is one of:
 *   - fixed:  the env pointer (CPU state), pinned in a host register;
 *   - global: a CPU-state field at env + offset, which the back end may cache
 *             in a host register inside a TB and must write back ("sync")
 *             where liveness says: before helpers that read globals or may
 *             raise, before guest memory ops that may fault, at exits;
 *   - tb:     a temporary that keeps its value across labels/branches;
 *   - ebb:    a temporary that is dead at the next label or br (it survives
 *             the fall-through path of a brcond);
 *   - const:  an interned constant (tcg_constant_i64), read-only.
 *
 * The translator is single-threaded: tcg_ctx is the context being filled.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include "util/osdep.h"

typedef struct TranslationBlock TranslationBlock;
typedef struct CPUState CPUState;

typedef enum TCGType {
    TCG_TYPE_I32 = 0,
    TCG_TYPE_I64 = 1,
} TCGType;

typedef enum TCGTempKind {
    TEMP_EBB,          /* dead at the end of the extended basic block */
    TEMP_TB,           /* lives across labels within one TB */
    TEMP_GLOBAL,       /* backed by env + mem_offset */
    TEMP_FIXED,        /* env, pinned in a host register */
    TEMP_CONST,        /* constant value */
} TCGTempKind;

/* Handles to temps: distinct struct types for type safety, passed by value. */
typedef struct TCGv_i32 { int32_t idx; } TCGv_i32;
typedef struct TCGv_i64 { int32_t idx; } TCGv_i64;
#define TCGV_NONE_I64 ((TCGv_i64){ -1 })

typedef enum TCGCond {
    TCG_COND_NEVER, TCG_COND_ALWAYS,
    TCG_COND_EQ, TCG_COND_NE,
    TCG_COND_LT, TCG_COND_GE, TCG_COND_LE, TCG_COND_GT,         /* signed */
    TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,     /* unsigned */
} TCGCond;

TCGCond tcg_invert_cond(TCGCond c);   /* EQ <-> NE, LT <-> GE, ... */
TCGCond tcg_swap_cond(TCGCond c);     /* a < b  <->  b > a */

/* Guest memory operation descriptor. */
typedef enum MemOp {
    MO_8 = 0, MO_16 = 1, MO_32 = 2, MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,           /* sign-extend the loaded value */
    MO_BE = 8,             /* big-endian (default little-endian) */
    MO_ALIGN = 16,         /* a misaligned address raises the CPU's unaligned fault */
    MO_UB = MO_8, MO_UW = MO_16, MO_UL = MO_32, MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN, MO_SW = MO_16 | MO_SIGN, MO_SL = MO_32 | MO_SIGN,
} MemOp;

/* MemOp and MMU index packed together, as passed to the softmmu slow path. */
typedef uint32_t MemOpIdx;
static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    return ((uint32_t)op << 4) | mmu_idx;
}
static inline MemOp get_memop(MemOpIdx oi) { return (MemOp)(oi >> 4); }
static inline unsigned get_mmuidx(MemOpIdx oi) { return oi & 15; }
static inline unsigned memop_size(MemOp op) { return 1u << (op & MO_SIZE); }

/* ---- Opcodes ------------------------------------------------------------
 * DEF(name, outputs, inputs, constant-args, flags).  Typed ops carry
 * TCGOp.type (I32 or I64) and operate at that width; the i32 forms of
 * shifts use the count modulo 32, the i64 forms modulo 64.
 */
#define TCG_OPCODES(DEF)                                                        \
    DEF(discard, 1, 0, 0, 0)         /* the temp's value is dead */             \
    DEF(set_label, 0, 0, 1, 0)       /* c0 = label id */                        \
    DEF(br, 0, 0, 1, 0)              /* goto label c0 */                        \
    DEF(brcond, 0, 2, 2, 0)          /* if (i0 cond i1) goto label; c0 cond, c1 label */ \
    DEF(mov, 1, 1, 0, 0)                                                        \
    DEF(setcond, 1, 2, 1, 0)         /* o0 = i0 cond i1 ? 1 : 0; c0 cond */      \
    DEF(movcond, 1, 4, 1, 0)         /* o0 = (i0 cond i1) ? i2 : i3; c0 cond */  \
    DEF(add, 1, 2, 0, 0) DEF(sub, 1, 2, 0, 0) DEF(mul, 1, 2, 0, 0)             \
    DEF(neg, 1, 1, 0, 0)                                                        \
    /* Division follows RISC-V: x/0 = -1 (all ones), x%0 = x,                \
       MIN/-1 = MIN, MIN%-1 = 0; never traps on the host. */                    \
    DEF(div, 1, 2, 0, 0) DEF(divu, 1, 2, 0, 0)                                  \
    DEF(rem, 1, 2, 0, 0) DEF(remu, 1, 2, 0, 0)                                  \
    DEF(mulsh, 1, 2, 0, 0)           /* high half of signed product */          \
    DEF(muluh, 1, 2, 0, 0)           /* high half of unsigned product */        \
    DEF(and, 1, 2, 0, 0) DEF(or, 1, 2, 0, 0) DEF(xor, 1, 2, 0, 0)               \
    DEF(andc, 1, 2, 0, 0) DEF(orc, 1, 2, 0, 0) DEF(eqv, 1, 2, 0, 0)             \
    DEF(not, 1, 1, 0, 0)                                                        \
    DEF(shl, 1, 2, 0, 0) DEF(shr, 1, 2, 0, 0) DEF(sar, 1, 2, 0, 0)              \
    DEF(rotl, 1, 2, 0, 0) DEF(rotr, 1, 2, 0, 0)                                 \
    DEF(clz, 1, 2, 0, 0)             /* o0 = i0 ? clz(i0) : i1 */               \
    DEF(ctz, 1, 2, 0, 0)             /* o0 = i0 ? ctz(i0) : i1 */               \
    DEF(ctpop, 1, 1, 0, 0)                                                      \
    DEF(bswap16, 1, 1, 0, 0)         /* swap low 2 bytes, zero-extend */        \
    DEF(bswap32, 1, 1, 0, 0)         /* swap low 4 bytes, zero-extend */        \
    DEF(bswap64, 1, 1, 0, 0)         /* i64 only */                             \
    DEF(ext8s, 1, 1, 0, 0) DEF(ext8u, 1, 1, 0, 0)                               \
    DEF(ext16s, 1, 1, 0, 0) DEF(ext16u, 1, 1, 0, 0)                             \
    DEF(ext32s, 1, 1, 0, 0) DEF(ext32u, 1, 1, 0, 0)  /* i64 only */             \
    DEF(extract, 1, 1, 2, 0)         /* o0 = (i0 >> c0) & mask(c1) */           \
    DEF(sextract, 1, 1, 2, 0)        /* same, sign-extended from bit c1-1 */    \
    DEF(deposit, 1, 2, 2, 0)         /* o0 = i0 with bits [c0, c0+c1) = i1 */   \
    /* Width changes: type field is the OUTPUT type. */                         \
    DEF(ext_i32_i64, 1, 1, 0, 0)     /* sign-extend i32 -> i64 */               \
    DEF(extu_i32_i64, 1, 1, 0, 0)    /* zero-extend i32 -> i64 */               \
    DEF(extrl_i64_i32, 1, 1, 0, 0)   /* low half */                             \
    DEF(extrh_i64_i32, 1, 1, 0, 0)   /* high half */                            \
    /* Host memory relative to a pointer temp (env): c0 = byte offset. */       \
    DEF(ld8u, 1, 1, 1, 0) DEF(ld8s, 1, 1, 1, 0)                                 \
    DEF(ld16u, 1, 1, 1, 0) DEF(ld16s, 1, 1, 1, 0)                               \
    DEF(ld32u, 1, 1, 1, 0) DEF(ld32s, 1, 1, 1, 0)                               \
    DEF(ld, 1, 1, 1, 0)              /* full width of type */                   \
    DEF(st8, 0, 2, 1, 0) DEF(st16, 0, 2, 1, 0) DEF(st32, 0, 2, 1, 0)            \
    DEF(st, 0, 2, 1, 0)              /* i0 = value, i1 = base */                \
    /* Guest memory through the softmmu: c0 = MemOpIdx. May fault. */           \
    DEF(qemu_ld, 1, 1, 1, 0)         /* o0 = load(i0 = guest vaddr) */          \
    DEF(qemu_st, 0, 2, 1, 0)         /* store i0 at guest vaddr i1 */           \
    /* Helper call: c0 = const TCGHelperInfo *, outputs 0/1, inputs nargs. */   \
    DEF(call, 0, 0, 1, 0)                                                       \
    /* Start of a guest instruction: c0..c(N-1) = target data (pc, ...). */     \
    DEF(insn_start, 0, 0, 2, 0)                                                 \
    DEF(goto_tb, 0, 0, 2, 0)         /* c0 = jump slot 0 or 1 (chainable);       \
                                        c1 = 1: the slot jumps to this TB's start */ \
    DEF(exit_tb, 0, 0, 1, 0)         /* return c0 to the execution loop */      \
    DEF(goto_ptr, 0, 1, 0, 0)        /* jump to host code i0 (0: exit_tb 0) */   \
    DEF(mb, 0, 0, 1, 0)              /* memory barrier; c0 = kind */

typedef enum TCGOpcode {
#define TCG_DEF_ENUM(name, o, i, c, f) INDEX_op_##name,
    TCG_OPCODES(TCG_DEF_ENUM)
#undef TCG_DEF_ENUM
    INDEX_op_nop,          /* removed by the optimizer */
    NB_TCG_OPS,
} TCGOpcode;

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;
extern const TCGOpDef tcg_op_defs[NB_TCG_OPS];

/* Argument slots: outputs first, then inputs (temp indexes), then constants. */
typedef uint64_t TCGArg;
#define TCG_MAX_OP_ARGS 10

/*
 * Liveness, filled by tcg_liveness_analysis() after optimization:
 *   life & DEAD_ARG(i): argument i (temp) is dead after this op;
 *   life & SYNC_ARG(i): output i is a global that must be written back to
 *                       env right after this op.
 */
typedef uint32_t TCGLifeData;
#define DEAD_ARG(n) (1u << (n))
#define SYNC_ARG(n) (1u << ((n) + 16))

typedef struct TCGOp {
    uint16_t opc;          /* TCGOpcode */
    uint8_t type;          /* TCGType of the operation */
    uint8_t nargs;         /* call: number of inputs */
    uint8_t nouts;         /* call: 0 or 1 */
    TCGLifeData life;
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

typedef struct TCGTemp {
    TCGType type;
    TCGTempKind kind;
    int32_t mem_offset;    /* global: offset from env */
    int64_t val;           /* const: value (i32 consts are sign-extended) */
    const char *name;      /* global: for dumps */
    /* Scratch for passes and back ends. */
    int32_t state;
    int32_t reg;
    int64_t aux;
} TCGTemp;

/* Helper calls.  Arguments and result are i64 temps (env is passed as the
   fixed env temp, tcg_env); front ends extend narrower values themselves. */
enum {
    TCG_CALL_NO_RG = 1,    /* does not read guest globals and cannot raise */
    TCG_CALL_NO_WG = 2,    /* does not write guest globals */
    TCG_CALL_NO_SE = 4,    /* no side effects: removable if the result is dead */
    TCG_CALL_PURE = TCG_CALL_NO_RG | TCG_CALL_NO_WG | TCG_CALL_NO_SE,
};
#define TCG_MAX_CALL_ARGS 6

/*
 * An inline host floating-point fast path for a helper call.  The helper's
 * arguments 1..nops are IEEE operands (binary64, or binary32 NaN-boxed in
 * 64 bits); it promises that whenever
 *   - the byte at env + flags_off has every bit of flags_mask set (the
 *     guest's accrued inexact flag: a new inexact result changes nothing),
 *   - rm_off < 0, or the byte at env + rm_off is 0 (dynamic rounding mode
 *     is round-to-nearest-even; rm_off < 0: the call rounds that way),
 *   - binary32 operands are properly NaN-boxed,
 *   - and the host's round-to-nearest-even result r of the operation is a
 *     normal number with a biased exponent in [2, max - 1] (so no invalid,
 *     divide-by-zero, overflow or underflow can have happened),
 * its result is r (boxed) and it has no other effect.  The compares are
 * simpler: when neither operand is a NaN (and binary32 ones are boxed),
 * the result is 0 or 1 as the comparison says and nothing else happens,
 * whatever the flags and rounding mode (flags_mask 0, rm_off -1).  A back
 * end may compute the call inline and call the helper only otherwise.
 */
typedef enum TCGHostFPOp {
    HOSTFP_ADD, HOSTFP_SUB, HOSTFP_MUL, HOSTFP_DIV, HOSTFP_SQRT,
    HOSTFP_MADD,           /*   a * b + c  */
    HOSTFP_MSUB,           /*   a * b - c  */
    HOSTFP_NMSUB,          /* -(a * b) + c */
    HOSTFP_NMADD,          /* -(a * b) - c */
    HOSTFP_LT, HOSTFP_LE, HOSTFP_EQ,    /* a < b, a <= b, a == b: 0 or 1 */
} TCGHostFPOp;

typedef struct TCGHostFP {
    uint8_t op;            /* TCGHostFPOp */
    bool f32;
    uint8_t flags_mask;
    int32_t flags_off;
    int32_t rm_off;
} TCGHostFP;

typedef struct TCGHelperInfo {
    const char *name;
    void *func;            /* uint64_t (*)(uint64_t, ...) or void (*)(...) */
    uint32_t flags;
    uint8_t nargs;
    bool has_ret;
    const TCGHostFP *hostfp;   /* optional, see above */
} TCGHelperInfo;

#define TCG_MAX_TEMPS 1024
#define TCG_MAX_OPS 8192
#define TCG_MAX_LABELS 512
#define TCG_MAX_INSNS 512
#define TCG_INSN_START_WORDS 2

typedef struct TCGLabel {
    int32_t id;
    bool present;          /* set_label emitted */
    bool has_branch;       /* some branch uses it */
    int64_t aux;           /* back end: code offset / patch list */
} TCGLabel;

typedef struct TCGContext {
    TCGOp *ops;
    int nb_ops;
    TCGTemp temps[TCG_MAX_TEMPS];
    int nb_globals;        /* temps [0, nb_globals) are fixed/global, persistent */
    int nb_temps;
    TCGLabel labels[TCG_MAX_LABELS];
    int nb_labels;
    int nb_insns;          /* insn_start ops emitted */
    /* Filled by the back end: host code offset where the code of guest
       instruction i (the ops after insn_start i) ENDS.  A host return address
       r inside the TB belongs to the first insn i with r - tc <= end_off[i]:
       a JIT call site's return address is in (start, end]; the interpreter
       reports (address of the op being executed) + 1. */
    uint32_t insn_end_off[TCG_MAX_INSNS];
    uint64_t insn_data[TCG_MAX_INSNS][TCG_INSN_START_WORDS];
    /* Back end results for chaining: offsets inside the generated code. */
    uint32_t goto_tb_insn_off[2];   /* the patchable jump of slot n */
    uint32_t goto_tb_reset_off[2];  /* where slot n jumps when unchained */
    /* Where slot n enters this same TB when chained to itself (a loop), or
       UINT32_MAX: the TB's start.  Only for slots emitted with
       tcg_gen_goto_tb_loop; the JIT keeps loop-carried globals in host
       registers across that jump. */
    uint32_t goto_tb_loop_off[2];
    bool overflow;         /* too many ops/temps/labels: translate fewer insns */
} TCGContext;

extern __thread TCGContext *tcg_ctx;
extern TCGv_i64 tcg_env;   /* the fixed env temp (index 0) */

/* Context life cycle (called by accel/). */
void tcg_context_init(TCGContext *s);        /* once; creates env */
void tcg_func_start(TCGContext *s);          /* before each TB: drop non-globals */
TCGv_i64 tcg_global_mem_new_i64(int offset, const char *name);
TCGv_i32 tcg_global_mem_new_i32(int offset, const char *name);

/* Temps (front ends). */
TCGv_i64 tcg_temp_new_i64(void);             /* EBB temp */
TCGv_i32 tcg_temp_new_i32(void);
TCGv_i64 tcg_temp_new_tb_i64(void);          /* survives branches */
TCGv_i32 tcg_temp_new_tb_i32(void);
TCGv_i64 tcg_constant_i64(int64_t val);
TCGv_i32 tcg_constant_i32(int32_t val);
static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v) { return &tcg_ctx->temps[v.idx]; }
static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v) { return &tcg_ctx->temps[v.idx]; }

/* Labels. */
TCGLabel *gen_new_label(void);
void gen_set_label(TCGLabel *l);

/* Low-level emission: append one op; returns it (args zeroed). */
TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, int nargs_total);

/* ---- Emission helpers (tcg/tcg-op.c) ---------------------------------- */
#define TCG_BINOP_DECL(name)                                                    \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);              \
    void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
TCG_BINOP_DECL(add) TCG_BINOP_DECL(sub) TCG_BINOP_DECL(mul)
TCG_BINOP_DECL(div) TCG_BINOP_DECL(divu) TCG_BINOP_DECL(rem) TCG_BINOP_DECL(remu)
TCG_BINOP_DECL(mulsh) TCG_BINOP_DECL(muluh)
TCG_BINOP_DECL(and) TCG_BINOP_DECL(or) TCG_BINOP_DECL(xor)
TCG_BINOP_DECL(andc) TCG_BINOP_DECL(orc) TCG_BINOP_DECL(eqv)
TCG_BINOP_DECL(shl) TCG_BINOP_DECL(shr) TCG_BINOP_DECL(sar)
TCG_BINOP_DECL(rotl) TCG_BINOP_DECL(rotr) TCG_BINOP_DECL(clz) TCG_BINOP_DECL(ctz)
#undef TCG_BINOP_DECL

#define TCG_BINOPI_DECL(name)                                                   \
    void tcg_gen_##name##i_i64(TCGv_i64 d, TCGv_i64 a, int64_t imm);            \
    void tcg_gen_##name##i_i32(TCGv_i32 d, TCGv_i32 a, int32_t imm);
TCG_BINOPI_DECL(add) TCG_BINOPI_DECL(sub) TCG_BINOPI_DECL(mul)
TCG_BINOPI_DECL(and) TCG_BINOPI_DECL(or) TCG_BINOPI_DECL(xor)
TCG_BINOPI_DECL(shl) TCG_BINOPI_DECL(shr) TCG_BINOPI_DECL(sar)
TCG_BINOPI_DECL(rotl) TCG_BINOPI_DECL(rotr)
#undef TCG_BINOPI_DECL

#define TCG_UNOP_DECL(name)                                                     \
    void tcg_gen_##name##_i64(TCGv_i64 d, TCGv_i64 a);                          \
    void tcg_gen_##name##_i32(TCGv_i32 d, TCGv_i32 a);
TCG_UNOP_DECL(mov) TCG_UNOP_DECL(neg) TCG_UNOP_DECL(not) TCG_UNOP_DECL(ctpop)
TCG_UNOP_DECL(bswap16) TCG_UNOP_DECL(bswap32)
TCG_UNOP_DECL(ext8s) TCG_UNOP_DECL(ext8u) TCG_UNOP_DECL(ext16s) TCG_UNOP_DECL(ext16u)
#undef TCG_UNOP_DECL
void tcg_gen_bswap64_i64(TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext32s_i64(TCGv_i64 d, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGv_i64 d, TCGv_i64 a);
void tcg_gen_movi_i64(TCGv_i64 d, int64_t v);
void tcg_gen_movi_i32(TCGv_i32 d, int32_t v);

void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 d, TCGv_i64 a, int64_t imm);
void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 d, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2);
void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 d, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l);
void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t imm, TCGLabel *l);
void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l);
void tcg_gen_br(TCGLabel *l);

void tcg_gen_extract_i64(TCGv_i64 d, TCGv_i64 a, unsigned ofs, unsigned len);
void tcg_gen_sextract_i64(TCGv_i64 d, TCGv_i64 a, unsigned ofs, unsigned len);
void tcg_gen_deposit_i64(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, unsigned ofs, unsigned len);
void tcg_gen_extract_i32(TCGv_i32 d, TCGv_i32 a, unsigned ofs, unsigned len);
void tcg_gen_sextract_i32(TCGv_i32 d, TCGv_i32 a, unsigned ofs, unsigned len);
void tcg_gen_deposit_i32(TCGv_i32 d, TCGv_i32 a, TCGv_i32 b, unsigned ofs, unsigned len);

void tcg_gen_ext_i32_i64(TCGv_i64 d, TCGv_i32 a);
void tcg_gen_extu_i32_i64(TCGv_i64 d, TCGv_i32 a);
void tcg_gen_extrl_i64_i32(TCGv_i32 d, TCGv_i64 a);
void tcg_gen_extrh_i64_i32(TCGv_i32 d, TCGv_i64 a);

/* Host loads/stores relative to a base pointer temp (usually tcg_env). */
void tcg_gen_ld8u_i64(TCGv_i64 d, TCGv_i64 base, int32_t off);
void tcg_gen_ld8s_i64(TCGv_i64 d, TCGv_i64 base, int32_t off);
void tcg_gen_ld16u_i64(TCGv_i64 d, TCGv_i64 base, int32_t off);
void tcg_gen_ld16s_i64(TCGv_i64 d, TCGv_i64 base, int32_t off);
void tcg_gen_ld32u_i64(TCGv_i64 d, TCGv_i64 base, int32_t off);
void tcg_gen_ld32s_i64(TCGv_i64 d, TCGv_i64 base, int32_t off);
void tcg_gen_ld_i64(TCGv_i64 d, TCGv_i64 base, int32_t off);
void tcg_gen_st8_i64(TCGv_i64 v, TCGv_i64 base, int32_t off);
void tcg_gen_st16_i64(TCGv_i64 v, TCGv_i64 base, int32_t off);
void tcg_gen_st32_i64(TCGv_i64 v, TCGv_i64 base, int32_t off);
void tcg_gen_st_i64(TCGv_i64 v, TCGv_i64 base, int32_t off);
void tcg_gen_ld_i32(TCGv_i32 d, TCGv_i64 base, int32_t off);
void tcg_gen_st_i32(TCGv_i32 v, TCGv_i64 base, int32_t off);

/* Guest memory. */
void tcg_gen_qemu_ld_i64(TCGv_i64 d, TCGv_i64 addr, unsigned mmu_idx, MemOp op);
void tcg_gen_qemu_st_i64(TCGv_i64 v, TCGv_i64 addr, unsigned mmu_idx, MemOp op);

/* Helper calls: ret may be TCGV_NONE_I64 when the helper returns nothing. */
void tcg_gen_call(const TCGHelperInfo *info, TCGv_i64 ret, ...);

/* Block structure. */
void tcg_gen_insn_start(uint64_t data0, uint64_t data1);
void tcg_gen_goto_tb(unsigned slot);
/* goto_tb for a slot whose destination is the start of the TB being
   translated (same pc): a back end may enter the TB past its set-up there. */
void tcg_gen_goto_tb_loop(unsigned slot);
void tcg_gen_exit_tb(const TranslationBlock *tb, unsigned idx);  /* value tb | idx */
void tcg_gen_lookup_and_goto_ptr(void);
void tcg_gen_mb(unsigned kind);

/* exit_tb values: (uintptr_t)tb | TB_EXIT_*, or 0 (no chaining). */
enum {
    TB_EXIT_IDX0 = 0,          /* left through goto_tb slot 0 */
    TB_EXIT_IDX1 = 1,          /* left through goto_tb slot 1 */
    TB_EXIT_REQUESTED = 3,     /* exit_request seen at TB entry: state is at TB start */
    TB_EXIT_MASK = 3,
};

/* ---- IR core additions (tcg/tcg.c) -------------------------------------
 * Op flags (tcg_op_flags_of): the DEF list above leaves flags 0; tcg.c owns
 * the real table. */
enum {
    TCG_OPF_BB_END = 1,        /* ends a basic block: br, brcond, set_label, exits */
    TCG_OPF_BB_EXIT = 2,       /* leaves the TB: goto_tb, exit_tb, goto_ptr */
    TCG_OPF_COND_BRANCH = 4,   /* brcond */
    TCG_OPF_SIDE_EFFECTS = 8,  /* never removed even if its outputs are dead */
    TCG_OPF_TYPED = 16,        /* op->type selects i32/i64 (dumped as name_i32/_i64) */
};
unsigned tcg_op_flags_of(TCGOpcode opc);
/* Argument counts of one op (call: from the op; others: from tcg_op_defs). */
unsigned tcg_op_nb_oargs(const TCGOp *op);
unsigned tcg_op_nb_iargs(const TCGOp *op);
unsigned tcg_op_nb_cargs(const TCGOp *op);
/* call: the helper, stored as the op's only constant argument. */
const TCGHelperInfo *tcg_op_call_info(const TCGOp *op);
/* Evaluate a condition at a width (i32 compares the low 32 bits). */
bool tcg_eval_cond(TCGCond c, TCGType type, uint64_t a, uint64_t b);
const char *tcg_cond_name(TCGCond c);
/* The interned constant temp index for (type, val). */
int tcg_constant_idx(TCGType type, int64_t val);
/* Format one op as in tcg_dump_ops (no newline); returns its length. */
int tcg_format_op(const TCGContext *s, const TCGOp *op, char *buf, size_t size);

/* Provided by the execution engine (accel/): the host code of the TB for
   cpu's current (pc, flags) or 0.  Used by tcg_gen_lookup_and_goto_ptr, which
   references it weakly so that unit tests need not link the engine. */
uintptr_t helper_lookup_tb_ptr(CPUState *cpu);

/*
 * ---- Back end contract ---------------------------------------------------
 * What tcg_liveness_analysis() guarantees and a register-allocating back end
 * (the JIT) must do.  The interpreter keeps every global in env and every
 * temp in its frame slot, so it needs none of this.
 *
 * Temps: env (TEMP_FIXED, index 0) is always available; TEMP_CONST temps are
 * immediates (never marked dead, never written); globals live at
 * env + mem_offset (i32 globals are 4 bytes there); TB and EBB temps need a
 * stack slot only if they must be in memory (see below).
 *
 * For each op, in order:
 *   1. read the inputs (any op may read an input that is also its output:
 *      "add x5, x5, $1");
 *   2. inputs with DEAD_ARG(i) are not read again: their registers are free
 *      once the op has read them.  No store is needed for a dead global:
 *      whenever memory needs a value, the op that produced it carried
 *      SYNC_ARG.  When one temp appears twice among the inputs, only one of
 *      the two args is marked;
 *   3. write the outputs;  an output with SYNC_ARG(i) must be stored to its
 *      memory slot (global: env + mem_offset; TB temp: its stack slot) right
 *      after the op;  an output with DEAD_ARG(i) is never read: its register
 *      is free after the (possible) store.
 *   (Arg numbers i count outputs first, then inputs, as in op->args;
 *   constants and env are never marked.)
 * Any op's output may be a global, including call and qemu_ld (liveness
 * coalesces "op t, ...; mov x5, t" into "op x5, ..."); for a call without
 * TCG_CALL_NO_WG, write the result after dropping the cached globals.
 *
 * Calls (op->args layout in tcg.c):
 *   - without TCG_CALL_NO_RG: before the call every global whose register
 *     copy is newer than memory must be stored (the helper reads env, and
 *     may raise an exception that reads env);
 *   - without TCG_CALL_NO_WG: after the call no global may be taken from a
 *     register: reload from env on next use (liveness has also stored them
 *     all before the call, so simply dropping the registers is enough);
 *   - all caller-saved host registers are clobbered as usual.
 * qemu_ld / qemu_st: before the access every dirty global must be stored
 *   (it may fault, and the exception path reads env); registers stay valid
 *   after it.
 * Basic block ends:
 *   - brcond: before branching, store every dirty global and TB temp; the
 *     registers may be kept for the fall-through path (the taken path
 *     reaches a label, where nothing is assumed to be in a register).  EBB
 *     temps live after the brcond stay live on the fall-through path only;
 *   - br, set_label: every global and TB temp is in memory, every EBB temp
 *     is dead, no register holds anything (at set_label: on entry from
 *     any path; so before br and before falling into a label, store dirty
 *     globals and TB temps and forget all registers);
 *   - goto_tb, exit_tb, goto_ptr: every global is in memory; all temps dead.
 *   A back end may keep more in registers than this says, as long as every
 *   path into a label agrees on it and memory is still written as above:
 *   the JIT does so for the loop-carried globals of a TB that has a
 *   goto_tb with the loop flag (tcg_gen_goto_tb_loop), entering the TB at
 *   goto_tb_loop_off when it is chained to itself (tcg/x86_64/regalloc.c).
 * Liveness removes ops whose outputs are all dead and which have no side
 * effects (they become INDEX_op_nop, which back ends skip, as well as
 * discard and insn_start, which generate no code).  The exact rules are at
 * the top of tcg/liveness.c.
 */

/* ---- Passes ------------------------------------------------------------ */
void tcg_optimize(TCGContext *s);
void tcg_liveness_analysis(TCGContext *s);
/* -d op / op_opt: print the IR. */
void tcg_dump_ops(TCGContext *s, FILE *out);

/* ---- Back ends ---------------------------------------------------------- */
#define TCG_GEN_TOO_LARGE (-2)   /* gen_code: see below */
typedef struct TCGBackend {
    const char *name;
    /* One-time set-up (prologue/epilogue) into the start of the code buffer. */
    void (*init)(uint8_t *buf_rw, const uint8_t *buf_rx, size_t size, size_t *used);
    /* Generate code for tcg_ctx's ops at buf (rw view; rx is where it runs).
       Returns bytes used, or -1 if size was not enough, or
       TCG_GEN_TOO_LARGE if a goto_tb jump would lie beyond the 16-bit
       offsets of TranslationBlock (translate fewer insns, no flush).  Fills
       insn_end_off[] and goto_tb_*_off[] in s. */
    long (*gen_code)(TCGContext *s, TranslationBlock *tb, uint8_t *buf_rw,
                     const uint8_t *buf_rx, size_t size);
    /* Run code at tc (rx address) for cpu; returns the exit_tb value. */
    uintptr_t (*exec)(CPUState *cpu, const void *tc);
    /* Point jump slot n (patch at jmp_rx / jmp_rw) at target (rx address). */
    void (*set_jmp_target)(uint8_t *jmp_rw, const uint8_t *jmp_rx, const uint8_t *target);
    /* Disassemble generated code for -d out_asm (NULL if not applicable). */
    void (*disas)(FILE *out, const uint8_t *code, size_t size);
} TCGBackend;

extern const TCGBackend tcg_backend_jit;
extern const TCGBackend tcg_backend_interp;

/*
 * Host return address of the current helper call, for precise exception
 * recovery: the JIT's call sites provide it through the return address; the
 * interpreter sets tcg_interp_retaddr (the position in its code) around
 * helper calls and guest memory accesses.
 */
extern __thread uintptr_t tcg_interp_retaddr;
#define GETPC() \
    (tcg_interp_retaddr ? tcg_interp_retaddr : (uintptr_t)__builtin_return_address(0))

#endif
