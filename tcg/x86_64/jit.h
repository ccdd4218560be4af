/*
 * Internals of the x86-64 JIT back end (tcg/x86_64/), shared by its files:
 *   emit.c     the instruction encoder;
 *   regalloc.c the register allocator (temp states, spills, syncs);
 *   codegen.c  code generation for each opcode, gen_code;
 *   bitops.c   clz/ctz/ctpop/bswap/extensions/bit fields;
 *   operands.h operand helpers shared by codegen.c and bitops.c;
 *   ldst.c     the inline softmmu fast path and its out-of-line slow paths;
 *   hostfp.c   inline host floating point for helpers that allow it;
 *   backend.c  prologue/epilogue, exec, jump patching, disassembly.
 *
 * Host registers: env is pinned in rbp; r10 and r11 are scratch registers
 * that the allocator never hands out (used inside one op's code, and r11 by
 * stores of wide constants between ops, see JitCtx.scratch_free); rsp is the
 * stack pointer; the other 12 registers are allocatable.
 *
 * Frame (rsp is 16-byte aligned inside generated code, so helper calls
 * follow the SysV ABI directly): the prologue pushes rbp, rbx, r12-r15 and
 * reserves JIT_FRAME_SIZE bytes:
 *   [rsp + 0, JIT_STUB_SAVE_SIZE)  slow-path stubs save caller-saved regs here
 *   [rsp + JIT_SLOT_BASE + 8 * t]  the spill slot of temp t (one per temp, so
 *                                  no slot allocation is needed)
 *
 * Allocation (regalloc.c): a temp is dead, in a register (memory copy
 * coherent or not), in memory only, or a known constant.  Registers are
 * taken on demand, callee-saved ones first; when none is free the one whose
 * temp needs no store is spilled.  Constants become immediates where an
 * instruction takes one.  Globals stay cached across a TB and are stored
 * where the back end contract in tcg.h says: SYNC_ARG outputs, before calls
 * without TCG_CALL_NO_RG (and dropped after those without NO_WG), at brcond
 * / br / set_label / goto_tb / exit_tb / goto_ptr, and in the slow path of
 * guest memory accesses (ldst.c).  Caller-saved registers are spilled
 * before helper calls.
 *
 * Loop TBs (a goto_tb back to the TB's own start): the globals the TB reads
 * before writing get fixed registers, loaded once at TB entry; every label
 * and the loop entry (TCGContext.goto_tb_loop_off, just after those loads)
 * see them there, so an iteration reloads nothing (regalloc.c).
 *
 * Block ends: exit_tb loads rax and jumps to the epilogue; goto_tb is a
 * `jmp rel32` whose displacement is 4-byte aligned (atomic patching) and
 * initially targets the next instruction; goto_ptr jumps to its operand, or
 * returns 0 when it is 0.
 */
#ifndef TCG_X86_64_JIT_H
#define TCG_X86_64_JIT_H

#include "tcg/tcg.h"

enum {
    R_RAX, R_RCX, R_RDX, R_RBX, R_RSP, R_RBP, R_RSI, R_RDI,
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
};
#define R_ENV R_RBP
#define R_TMP0 R_R10
#define R_TMP1 R_R11
#define RBIT(r) (1u << (r))
#define JIT_ALLOCATABLE (0xffffu & ~(RBIT(R_RSP) | RBIT(R_RBP) | RBIT(R_R10) | RBIT(R_R11)))
/* The allocatable registers that survive helper calls (SysV callee-saved,
   rbp aside: it holds env). */
#define JIT_CALLEE_SAVED_REGS R_RBX, R_R12, R_R13, R_R14, R_R15
#define JIT_NB_CALLEE_SAVED 5
#define JIT_CALL_CLOBBER (RBIT(R_RAX) | RBIT(R_RCX) | RBIT(R_RDX) | RBIT(R_RSI) | \
                          RBIT(R_RDI) | RBIT(R_R8) | RBIT(R_R9) | RBIT(R_R10) | RBIT(R_R11))

#define JIT_STUB_SAVE_SIZE (16 * 8)
#define JIT_SLOT_BASE JIT_STUB_SAVE_SIZE
#define JIT_FRAME_SIZE (JIT_SLOT_BASE + TCG_MAX_TEMPS * 8 + 8)   /* = 8 mod 16 */
#define JIT_MAX_JMP_OFF 0xff00
#define JIT_SLOT_OFF(t) (JIT_SLOT_BASE + 8 * (t))

/* ---- Encoder (emit.c) --------------------------------------------------- */

/* Opcode flags, or'ed into the opcode byte. */
#define P_EXT     0x100     /* 0x0f escape */
#define P_DATA16  0x400     /* 0x66 prefix */
#define P_REXW    0x1000    /* 64-bit operand size */
#define P_REXB_R  0x2000    /* reg field names a byte register */
#define P_REXB_RM 0x4000    /* r/m field names a byte register */
#define P_F3      0x8000    /* 0xf3 prefix */
#define P_F2      0x10000   /* 0xf2 prefix */

/* Opcodes used (with the flags they always need). */
enum {
    OPC_ARITH_EvIz = 0x81, OPC_ARITH_EvIb = 0x83,
    OPC_ARITH_GvEv = 0x03,          /* + (ARITH_x << 3) */
    OPC_MOVL_GvEv = 0x8b, OPC_MOVL_EvGv = 0x89, OPC_MOVB_EvGv = 0x88 | P_REXB_R,
    OPC_MOVL_EvIz = 0xc7, OPC_MOVB_EvIb = 0xc6, OPC_MOVL_Iv = 0xb8,
    OPC_MOVZBL = 0xb6 | P_EXT | P_REXB_RM, OPC_MOVZWL = 0xb7 | P_EXT,
    OPC_MOVSBL = 0xbe | P_EXT | P_REXB_RM, OPC_MOVSWL = 0xbf | P_EXT,
    OPC_MOVSLQ = 0x63 | P_REXW,
    OPC_LEA = 0x8d, OPC_TESTL = 0x85, OPC_XCHG = 0x87,
    OPC_IMUL_GvEv = 0xaf | P_EXT, OPC_IMUL_GvEvIb = 0x6b, OPC_IMUL_GvEvIz = 0x69,
    OPC_SHIFT_Ib = 0xc1, OPC_SHIFT_cl = 0xd3, OPC_SHIFT_1 = 0xd1,
    OPC_GRP3_Ev = 0xf7, OPC_GRP5 = 0xff,
    OPC_SETCC = 0x90 | P_EXT | P_REXB_RM, OPC_CMOVCC = 0x40 | P_EXT,
    OPC_JCC_long = 0x80 | P_EXT, OPC_JMP_long = 0xe9, OPC_CALL_Jz = 0xe8,
    OPC_BSWAP = 0xc8 | P_EXT,
    OPC_BSF = 0xbc | P_EXT, OPC_BSR = 0xbd | P_EXT,
    OPC_TZCNT = 0xbc | P_EXT | P_F3, OPC_LZCNT = 0xbd | P_EXT | P_F3,
    OPC_POPCNT = 0xb8 | P_EXT | P_F3,
};
enum { ARITH_ADD, ARITH_OR, ARITH_ADC, ARITH_SBB, ARITH_AND, ARITH_SUB, ARITH_XOR, ARITH_CMP };
enum { SHIFT_ROL = 0, SHIFT_ROR = 1, SHIFT_SHL = 4, SHIFT_SHR = 5, SHIFT_SAR = 7 };
enum { EXT3_TEST = 0, EXT3_NOT = 2, EXT3_NEG = 3, EXT3_MUL = 4, EXT3_IMUL = 5,
       EXT3_DIV = 6, EXT3_IDIV = 7 };
enum { EXT5_CALL = 2, EXT5_JMP = 4 };
enum { JCC_O, JCC_NO, JCC_B, JCC_AE, JCC_E, JCC_NE, JCC_BE, JCC_A,
       JCC_S, JCC_NS, JCC_P, JCC_NP, JCC_L, JCC_GE, JCC_LE, JCC_G };

typedef struct JitEmit {
    uint8_t *start;          /* rw view of the code being generated */
    const uint8_t *start_rx; /* rx view of the same byte */
    uint8_t *p;              /* rw cursor */
    uint8_t *limit;          /* the cursor must stay below this (margin kept) */
} JitEmit;

static inline uint32_t emit_off(const JitEmit *e) { return (uint32_t)(e->p - e->start); }
static inline uintptr_t emit_rx(const JitEmit *e, uint32_t off)
{
    return (uintptr_t)e->start_rx + off;
}
static inline void emit8(JitEmit *e, uint8_t v) { *e->p++ = v; }
static inline void emit32(JitEmit *e, uint32_t v) { memcpy(e->p, &v, 4); e->p += 4; }
static inline void emit64(JitEmit *e, uint64_t v) { memcpy(e->p, &v, 8); e->p += 8; }
static inline void patch32(JitEmit *e, uint32_t off, uint32_t v)
{
    memcpy(e->start + off, &v, 4);
}
static inline int rexw_of(bool w) { return w ? P_REXW : 0; }
static inline bool fits_i32(int64_t v) { return v == (int32_t)v; }
static inline bool fits_i8(int64_t v) { return v == (int8_t)v; }

void emit_opc(JitEmit *e, int opc, int r, int rm, int x);
void emit_modrm(JitEmit *e, int opc, int r, int rm);
/* [base + index << shift + disp]; index < 0: none; base < 0: rip + disp. */
void emit_modrm_sib(JitEmit *e, int opc, int r, int base, int index, int shift, int32_t disp);
static inline void emit_modrm_off(JitEmit *e, int opc, int r, int base, int32_t disp)
{
    emit_modrm_sib(e, opc, r, base, -1, 0, disp);
}
void emit_mov(JitEmit *e, bool w64, int dst, int src);
/* dst = val; never touches the flags. */
void emit_movi(JitEmit *e, int dst, uint64_t val);
/* dst = 0 via xor: clobbers the flags. */
void emit_zero(JitEmit *e, int dst);
void emit_arith_rr(JitEmit *e, int arith, bool w64, int dst, int src);
/* dst op= imm; imm must fit in 32 bits (sign-extended for 64-bit ops). */
void emit_arith_ri(JitEmit *e, int arith, bool w64, int dst, int64_t imm);
void emit_shift_ri(JitEmit *e, int shift, bool w64, int dst, int count);
void emit_ld(JitEmit *e, bool w64, int dst, int base, int32_t off);
void emit_st(JitEmit *e, bool w64, int src, int base, int32_t off);
void emit_jcc_rel32(JitEmit *e, int cc, uintptr_t target_rx);  /* -1 cc: jmp */
/* A jcc/jmp with a 0 displacement; returns the offset of its rel32 field. */
uint32_t emit_jcc_fwd(JitEmit *e, int cc);
/* Point the rel32 field at code offset off to code offset target. */
void emit_patch_rel32(JitEmit *e, uint32_t field_off, uint32_t target_off);
void emit_call(JitEmit *e, const void *fn);
/* BMI2 shlx/shrx/sarx: dst = src shifted by count (mod width). */
void emit_shiftx(JitEmit *e, int shift, bool w64, int dst, int src, int count);
void emit_nops(JitEmit *e, int n);

/* ---- Host features (backend.c) ------------------------------------------ */
typedef struct JitHostFeatures {
    bool lzcnt, bmi1, bmi2, popcnt;
    bool fma;                /* FMA3 with OS-enabled AVX state */
} JitHostFeatures;
extern JitHostFeatures jit_host;
/* The epilogue in the code buffer (rx): return rax / return 0. */
extern const uint8_t *jit_epilogue_rx, *jit_epilogue_ret0_rx;

/* ---- Code generation state ---------------------------------------------- */

enum { VAL_DEAD, VAL_REG, VAL_MEM, VAL_CONST };

typedef struct JitTemp {
    uint8_t val;             /* VAL_* */
    int8_t reg;              /* VAL_REG: the host register */
    bool coherent;           /* the memory slot holds the value too */
    int64_t cval;            /* VAL_CONST */
} JitTemp;

typedef struct JitSlowPath {
    bool is_ld;
    TCGType type;
    MemOpIdx oi;
    int8_t addr_reg, data_reg;   /* data_reg -1: store the constant data_val */
    int64_t data_val;
    uint32_t jcc_field;      /* rel32 field of the jne into the stub */
    uint32_t ret_off;        /* where the stub jumps back; also the retaddr */
    uint16_t save_mask;      /* caller-saved registers to preserve */
    uint8_t nsync;           /* dirty globals to store first */
    struct { int8_t reg; bool is64; int32_t off; } sync[16];
} JitSlowPath;

typedef struct JitReloc {
    int label;
    uint32_t field_off;
} JitReloc;

#define JIT_MAX_RESIDENT 8
#define JIT_DIRTY_BITS 256   /* globals tracked in the dirty set (more: scans) */

typedef struct JitCtx {
    TCGContext *s;
    JitEmit e;
    bool overflow;
    bool too_large;          /* a goto_tb beyond JIT_MAX_JMP_OFF */
    bool scratch_free;       /* r11 holds nothing: ra_sync may use it */
    JitTemp *t;              /* [s->nb_temps] */
    int16_t reg_temp[16];    /* temp index held by each register, -1: free */
    uint16_t locked;         /* registers in use by the op being generated */
    uint64_t dirty[JIT_DIRTY_BITS / 64];   /* globals maybe newer than memory */
    int64_t *label_off;      /* code offset of each label, -1 before set */
    JitReloc *relocs;
    int nb_relocs, max_relocs;
    JitSlowPath *slow;
    int nb_slow, max_slow;
    /* Loop TBs: globals kept in fixed registers at joins (regalloc.c). */
    int nb_res;
    int16_t res_temp[JIT_MAX_RESIDENT];
    int8_t res_reg[JIT_MAX_RESIDENT];
    uint16_t res_mask;       /* RBIT of every res_reg */
    uint32_t loop_off;       /* code offset of the loop entry */
} JitCtx;

/* ---- Register allocator (regalloc.c) ------------------------------------ */

void ra_init(JitCtx *j);
/* A free register among allowed (spilling the least useful if needed); the
   result is locked for the current op but belongs to no temp. */
int ra_alloc(JitCtx *j, uint16_t allowed);
/* Make sure register r holds no temp (move or spill its temp); lock it. */
void ra_evict(JitCtx *j, int r);
/* Load temp ti into a register (any in allowed) and lock it; the temp keeps
   the register (a constant gets a private register). */
int ra_load(JitCtx *j, int ti, uint16_t allowed);
/* Bind temp ti to register r as its new value (an op output). */
void ra_set_output(JitCtx *j, int ti, int r);
/* Output ti gets the constant v (no code). */
void ra_set_const(JitCtx *j, int ti, int64_t v);
/* Store temp ti to memory if memory is stale; keeps the register. */
void ra_sync(JitCtx *j, int ti);
/* Forget temp ti's register (after ra_sync when the value matters). */
void ra_free_temp(JitCtx *j, int ti);
void ra_sync_globals(JitCtx *j);                  /* store dirty globals */
/* The globals newer in a register or as a constant than in memory, into
   out[] (room for nb_globals); returns how many. */
int ra_dirty_globals(const JitCtx *j, int16_t *out);
void ra_save_globals(JitCtx *j);                  /* sync, then drop registers */
void ra_sync_tb_temps(JitCtx *j);                 /* store dirty TB temps */
/* Before a call: every temp in a caller-saved register goes to memory. */
void ra_spill_call_clobbered(JitCtx *j);
/* At a label: globals and TB temps in memory, EBB temps dead, no registers
   (but the resident globals of a loop TB in their registers). */
void ra_reset_at_label(JitCtx *j);
/* Loop TBs: pick the resident globals (none unless the TB has a goto_tb to
   itself); load them at TB entry; at a join edge, after the globals and TB
   temps are stored, put each resident in its register (flags preserved). */
void ra_choose_resident(JitCtx *j);
void ra_enter_resident(JitCtx *j);
void ra_canonicalize(JitCtx *j);
/* Register moves src[k] -> dst[k] in an order that reads every source before
   it is overwritten (cycles through r11); src[k] < 0: none.  Updates src. */
void ra_parallel_moves(JitCtx *j, int8_t *src, const int8_t *dst, int n);
/* After an op: free dead inputs, sync/free outputs as op->life says. */
void ra_op_end(JitCtx *j, const TCGOp *op);
bool ra_is_const(const JitCtx *j, int ti, int64_t *val);
static inline bool ra_room(const JitCtx *j) { return j->e.p < j->e.limit; }

/* ---- Op code generation ------------------------------------------------- */
void jit_gen_count_zeros(JitCtx *j, const TCGOp *op, bool is_clz);
void jit_gen_ctpop(JitCtx *j, const TCGOp *op);
void jit_gen_ext(JitCtx *j, const TCGOp *op, int opc);    /* one-insn unary op */
void jit_gen_bswap(JitCtx *j, const TCGOp *op, int size);
void jit_gen_extract(JitCtx *j, const TCGOp *op, bool is_signed);
void jit_gen_deposit(JitCtx *j, const TCGOp *op);
void jit_gen_qemu_ld(JitCtx *j, const TCGOp *op);
void jit_gen_qemu_st(JitCtx *j, const TCGOp *op);
bool jit_gen_slow_paths(JitCtx *j);
/* Inline fast path of a helper call with a TCGHostFP (hostfp.c), emitted
   with the arguments already in the call registers: on success rax holds
   the result and the code jumps past the call; returns the rel32 field of
   that jump, or UINT32_MAX if the host cannot do this operation. */
uint32_t jit_gen_hostfp(JitCtx *j, const TCGHostFP *h);
void jit_disas(FILE *out, const uint8_t *code, size_t size);

#endif
