/*
 * RISC-V instruction decoding and disassembly (RV64).
 *
 * The instruction set is one declarative table, target/riscv/insn_table.def:
 * each row gives an op, its mnemonic, match/mask bits, an operand format and
 * the extension that enables it.  rv_decode() turns raw bits into an RVInsn
 * (compressed instructions come out as their 32-bit equivalents, so the
 * translator never sees C), rv_disas() prints one in objdump's style.
 */
#ifndef TARGET_RISCV_INSN_H
#define TARGET_RISCV_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum RVExt {
    RV_EXT_I, RV_EXT_M, RV_EXT_A, RV_EXT_F, RV_EXT_D, RV_EXT_C,
    RV_EXT_ZICSR, RV_EXT_ZIFENCEI, RV_EXT_ZICNTR, RV_EXT_ZIHPM,
    RV_EXT_ZBA, RV_EXT_ZBB, RV_EXT_ZBC, RV_EXT_ZBS, RV_EXT_ZBKB, RV_EXT_ZBKX,
    RV_EXT_ZICOND, RV_EXT_ZIHINTPAUSE, RV_EXT_ZFH, RV_EXT_ZFHMIN,
    RV_EXT_ZICBOM, RV_EXT_ZICBOZ, RV_EXT_ZICBOP,
    RV_EXT_SSTC, RV_EXT_SVPBMT, RV_EXT_SVNAPOT, RV_EXT_SVINVAL,
    RV_EXT_PRIV,            /* mret/sret/wfi/sfence.vma: always on */
    RV_EXT_COUNT
} RVExt;

/* A set of extensions: bit (1ull << RVExt).  D implies F and Zfh implies
 * Zfhmin inside rv_decode(); callers need not set the implied bits. */
typedef uint64_t RVExtMask;
#define RV_EXT_BIT(e)   (1ull << (e))
#define RV_EXTS_ALL     ((RV_EXT_BIT(RV_EXT_COUNT) - 1))

typedef enum RVOp {
    RV_OP_ILLEGAL,
#define RV_INSN(id, name, match, mask, fmt, ext) RV_OP_##id,
#define RV_CINSN(id, name, match, mask, cfmt, ext, base) RV_OP_##id,
#include "target/riscv/insn_table.def"
    RV_OP_COUNT
} RVOp;

/*
 * Operand formats of the 32-bit rows: which RVInsn fields rv_decode() fills
 * (the others are zero) and how rv_disas() prints them.
 *   FMT_R       rd, rs1, rs2                    add a0,a1,a2
 *   FMT_R2      rd, rs1 (rs2 fixed by the row)   clz a0,a1
 *   FMT_I       rd, rs1, imm = sext(imm12)      addi a0,a1,-1
 *   FMT_IMEM    same fields, address syntax     ld a0,8(a1) / jalr ra,0(a0)
 *   FMT_SH      rd, rs1, imm = shamt (6 bits)   slli a0,a1,0x3
 *   FMT_S       rs1, rs2, imm = sext(imm12)     sd a0,8(sp)
 *   FMT_B       rs1, rs2, imm = byte offset     beq a0,a1,<pc+imm>
 *   FMT_U       rd, imm = sext(raw & ~0xfff)    lui a0,0x12345
 *   FMT_J       rd, imm = byte offset           jal ra,<pc+imm>
 *   FMT_NONE    nothing                         ecall
 *   FMT_FENCE   rs1, rd (reserved, ignored), imm = raw[31:20] (fm|pred|succ),
 *               rm = pred << 4 | succ           fence iorw,iorw
 *   FMT_SFENCE  rs1, rs2                        sfence.vma a0,a1
 *   FMT_CSR     rd, rs1, csr                    csrrw a0,mstatus,a1
 *   FMT_CSRI    rd, csr, imm = uimm5 (rs1 = 0)  csrrwi a0,sstatus,5
 *   FMT_AMO     rd, rs1, rs2, aq, rl            amoadd.w.aqrl a0,a1,(a2)
 *   FMT_LR      rd, rs1, aq, rl                 lr.w.aq a0,(a1)
 *   FMT_CBO     rs1                             cbo.clean (a0)
 *   FMT_PREFETCH rs1, imm (offset)              prefetch.i 32(a0)
 *   FP formats: register numbers are f registers where the mnemonic says so;
 *   rm is the rounding-mode field (0..4 or 7 = dynamic; 5 and 6 are reserved
 *   and rejected by rv_decode()); formats without rm leave rm = 0.
 *   FMT_FR      fd, fs1, fs2                    fsgnj.d fa0,fa1,fa2
 *   FMT_FR_RM   fd, fs1, fs2, rm                fadd.s fa0,fa1,fa2[,rtz]
 *   FMT_FR4     fd, fs1, fs2, fs3, rm           fmadd.d fa0,fa1,fa2,fa3
 *   FMT_FR1_RM  fd, fs1, rm                     fsqrt.s fa0,fa1
 *   FMT_FR1_XRM fd, fs1, rm (exact: rm not printed)   fcvt.d.s fa0,fa1
 *   FMT_FCMP    rd, fs1, fs2                    feq.s a0,fa1,fa2
 *   FMT_F2X     rd, fs1                         fmv.x.w a0,fa0
 *   FMT_F2X_RM  rd, fs1, rm                     fcvt.w.s a0,fa1
 *   FMT_X2F     fd, rs1                         fmv.w.x fa0,a1
 *   FMT_X2F_RM  fd, rs1, rm                     fcvt.s.l fa0,a1
 *   FMT_X2F_XRM fd, rs1, rm (exact)             fcvt.d.w fa0,a1
 *   FMT_FLOAD   fd, rs1, imm                    fld fa0,8(a0)
 *   FMT_FSTORE  rs1, fs2, imm                   fsd fa0,8(a0)
 */
typedef enum RVFmt {
    FMT_R, FMT_R2, FMT_I, FMT_IMEM, FMT_SH, FMT_S, FMT_B, FMT_U, FMT_J,
    FMT_NONE, FMT_FENCE, FMT_SFENCE, FMT_CSR, FMT_CSRI, FMT_AMO, FMT_LR,
    FMT_CBO, FMT_PREFETCH,
    FMT_FR, FMT_FR_RM, FMT_FR4, FMT_FR1_RM, FMT_FR1_XRM, FMT_FCMP,
    FMT_F2X, FMT_F2X_RM, FMT_X2F, FMT_X2F_RM, FMT_X2F_XRM,
    FMT_FLOAD, FMT_FSTORE,
    FMT_COUNT
} RVFmt;

/* Compressed row kinds: how the 16-bit fields expand (see decode.c). */
typedef enum RVCFmt {
    CFMT_ADDI4SPN, CFMT_LW, CFMT_LD, CFMT_SW, CFMT_SD,
    CFMT_ADDI, CFMT_ADDIW, CFMT_LI, CFMT_ADDI16SP, CFMT_LUI,
    CFMT_SHIFTB, CFMT_ANDI, CFMT_CA, CFMT_J, CFMT_BZ,
    CFMT_SLLI, CFMT_LWSP, CFMT_LDSP, CFMT_JR, CFMT_MV, CFMT_NONE, CFMT_JALR,
    CFMT_ADD, CFMT_SWSP, CFMT_SDSP,
    CFMT_COUNT
} RVCFmt;

/* Fence pred/succ bits, as packed in RVInsn.rm for FMT_FENCE. */
enum { RV_FENCE_W = 1, RV_FENCE_R = 2, RV_FENCE_O = 4, RV_FENCE_I = 8 };

/* Rounding modes (RVInsn.rm for FP formats). */
enum { RV_RM_RNE, RV_RM_RTZ, RV_RM_RDN, RV_RM_RUP, RV_RM_RMM, RV_RM_DYN = 7 };

typedef struct RVInsn {
    RVOp op;            /* what to execute; never a C op or a hint op */
    RVOp dop;           /* the row that matched, for display: a C row
                           (RV_OP_C_*), a hint (RV_OP_PAUSE, RV_OP_PREFETCH_*)
                           or op itself */
    uint8_t len;        /* 2 or 4 */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;         /* FP rounding mode, or fence pred << 4 | succ */
    uint8_t aq, rl;
    uint16_t csr;
    int64_t imm;        /* sign-extended immediate / shamt / uimm, per format */
    uint32_t raw;       /* the instruction bits as fetched (16 or 32) */
} RVInsn;

/*
 * Decode one instruction.  raw holds 32 bits, or 16 if the low two bits are
 * not 11 (the upper half is then ignored).  Returns false, with op =
 * RV_OP_ILLEGAL and len/raw still set, if no enabled row matches or the
 * encoding is reserved; the caller raises illegal-instruction with
 * mtval = out->raw.  Thread-safe; builds its index on first use.
 */
bool rv_decode(uint32_t raw, RVExtMask exts, RVInsn *out);

/* 2 for a compressed instruction, else 4 (RV64: no 48/64-bit encodings). */
static inline int rv_insn_length(uint16_t first_halfword)
{
    return (first_halfword & 3) == 3 ? 4 : 2;
}

const char *rv_insn_name(RVOp op);  /* "addi", "c.addi"; "illegal" for 0 */
RVExt rv_insn_ext(RVOp op);         /* the (first) enabling extension */
RVExtMask rv_insn_ext_any(RVOp op); /* any one of these enables the row */
RVFmt rv_insn_fmt(RVOp op);         /* 32-bit rows only, else FMT_NONE */
int rv_insn_cfmt(RVOp op);          /* RVCFmt of a compressed row, else -1 */
/* The row's match and mask bits (16-bit for C rows); false for ILLEGAL. */
bool rv_insn_pattern(RVOp op, uint32_t *match, uint32_t *mask);
const char *rv_ext_name(RVExt ext); /* "zba" */
const char *rv_reg_name(unsigned reg);  /* ABI name: "a0" */
const char *rv_freg_name(unsigned reg); /* "fa0" */
const char *rv_csr_name(uint16_t csr);  /* "mstatus", or NULL if unnamed */

/*
 * objdump-like text (like objdump -M no-aliases: canonical mnemonics, c.
 * names for compressed instructions): "addi a0,a1,-1", "c.lw a0,4(a1)";
 * branch and jump targets as absolute hex addresses ("beq a0,a1,8000001c").
 * An illegal insn prints as ".4byte 0x..." / ".2byte 0x...".  Returns the
 * length snprintf() would have produced.
 */
int rv_disas(char *buf, size_t size, uint64_t pc, const RVInsn *insn);

/* rv_disas with options:
 *   RV_DISAS_EXPAND   compressed instructions as their 32-bit forms
 *                     ("addi a0,a0,1" for c.addi a0,1);
 *   RV_DISAS_ALIASES  pseudo-instructions where one applies, as objdump
 *                     prints by default and QEMU's in_asm does: li, mv, nop,
 *                     not, neg, seqz, j, jr, ret, beqz, csrr, csrw, rdcycle,
 *                     fmv.d, ... (implies RV_DISAS_EXPAND). */
enum { RV_DISAS_EXPAND = 1, RV_DISAS_ALIASES = 2 };
int rv_disas_ex(char *buf, size_t size, uint64_t pc, const RVInsn *insn, unsigned flags);

/*
 * Self-check of the table for tests: counts pairs of 32-bit or 16-bit rows
 * whose encodings overlap without one being strictly more specific (an
 * ambiguous priority).  Describes the first one in err.
 */
int rv_decode_check_table(char *err, size_t size);

#endif
