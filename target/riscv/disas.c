/*
 * RISC-V disassembler: prints a decoded RVInsn the way GNU objdump -M
 * no-aliases does, driven by the row formats of insn_table.def.
 */
#include "target/riscv/insn.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

static const char *const rv_xreg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const rv_fpr_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

const char *rv_reg_name(unsigned reg)
{
    return rv_xreg_names[reg & 31];
}

const char *rv_freg_name(unsigned reg)
{
    return rv_fpr_names[reg & 31];
}

/* ---- CSR names (priv spec 1.12 tables 2.2-2.6, plus Sstc, Smstateen,
 * Smaia, Sscofpmf, vector and debug CSRs, as objdump names them) ---- */

static const struct { uint16_t num; const char *name; } rv_csr_names[] = {
    { 0x001, "fflags" }, { 0x002, "frm" }, { 0x003, "fcsr" },
    { 0x008, "vstart" }, { 0x009, "vxsat" }, { 0x00a, "vxrm" }, { 0x00f, "vcsr" },
    { 0x015, "seed" },
    { 0xc00, "cycle" }, { 0xc01, "time" }, { 0xc02, "instret" },
    { 0xc80, "cycleh" }, { 0xc81, "timeh" }, { 0xc82, "instreth" },
    { 0xc20, "vl" }, { 0xc21, "vtype" }, { 0xc22, "vlenb" },
    { 0x100, "sstatus" }, { 0x104, "sie" }, { 0x105, "stvec" }, { 0x106, "scounteren" },
    { 0x10a, "senvcfg" }, { 0x140, "sscratch" }, { 0x141, "sepc" }, { 0x142, "scause" },
    { 0x143, "stval" }, { 0x144, "sip" }, { 0x14d, "stimecmp" }, { 0x15d, "stimecmph" },
    { 0x180, "satp" }, { 0x5a8, "scontext" },
    { 0x10c, "sstateen0" }, { 0x10d, "sstateen1" }, { 0x10e, "sstateen2" },
    { 0x10f, "sstateen3" },
    { 0x150, "siselect" }, { 0x151, "sireg" }, { 0x15c, "stopei" }, { 0xdb0, "stopi" },
    { 0x114, "sieh" }, { 0x154, "siph" }, { 0xda0, "scountovf" },
    { 0x600, "hstatus" }, { 0x602, "hedeleg" }, { 0x603, "hideleg" }, { 0x604, "hie" },
    { 0x605, "htimedelta" }, { 0x606, "hcounteren" }, { 0x607, "hgeie" },
    { 0x60a, "henvcfg" }, { 0x615, "htimedeltah" }, { 0x61a, "henvcfgh" },
    { 0x643, "htval" }, { 0x644, "hip" }, { 0x645, "hvip" }, { 0x64a, "htinst" },
    { 0x680, "hgatp" }, { 0x6a8, "hcontext" }, { 0xe12, "hgeip" },
    { 0x60c, "hstateen0" }, { 0x60d, "hstateen1" }, { 0x60e, "hstateen2" },
    { 0x60f, "hstateen3" }, { 0x61c, "hstateen0h" }, { 0x61d, "hstateen1h" },
    { 0x61e, "hstateen2h" }, { 0x61f, "hstateen3h" },
    { 0x608, "hvien" }, { 0x609, "hvictl" }, { 0x646, "hviprio1" }, { 0x647, "hviprio2" },
    { 0x613, "hidelegh" }, { 0x618, "hvienh" }, { 0x655, "hviph" },
    { 0x656, "hviprio1h" }, { 0x657, "hviprio2h" },
    { 0x200, "vsstatus" }, { 0x204, "vsie" }, { 0x205, "vstvec" }, { 0x240, "vsscratch" },
    { 0x241, "vsepc" }, { 0x242, "vscause" }, { 0x243, "vstval" }, { 0x244, "vsip" },
    { 0x24d, "vstimecmp" }, { 0x25d, "vstimecmph" }, { 0x280, "vsatp" },
    { 0x250, "vsiselect" }, { 0x251, "vsireg" }, { 0x25c, "vstopei" }, { 0xeb0, "vstopi" },
    { 0x214, "vsieh" }, { 0x254, "vsiph" },
    { 0xf11, "mvendorid" }, { 0xf12, "marchid" }, { 0xf13, "mimpid" }, { 0xf14, "mhartid" },
    { 0xf15, "mconfigptr" },
    { 0x300, "mstatus" }, { 0x301, "misa" }, { 0x302, "medeleg" }, { 0x303, "mideleg" },
    { 0x304, "mie" }, { 0x305, "mtvec" }, { 0x306, "mcounteren" }, { 0x30a, "menvcfg" },
    { 0x310, "mstatush" }, { 0x31a, "menvcfgh" }, { 0x320, "mcountinhibit" },
    { 0x30c, "mstateen0" }, { 0x30d, "mstateen1" }, { 0x30e, "mstateen2" },
    { 0x30f, "mstateen3" }, { 0x31c, "mstateen0h" }, { 0x31d, "mstateen1h" },
    { 0x31e, "mstateen2h" }, { 0x31f, "mstateen3h" },
    { 0x340, "mscratch" }, { 0x341, "mepc" }, { 0x342, "mcause" }, { 0x343, "mtval" },
    { 0x344, "mip" }, { 0x34a, "mtinst" }, { 0x34b, "mtval2" },
    { 0x350, "miselect" }, { 0x351, "mireg" }, { 0x35c, "mtopei" }, { 0xfb0, "mtopi" },
    { 0x308, "mvien" }, { 0x309, "mvip" }, { 0x313, "midelegh" }, { 0x314, "mieh" },
    { 0x318, "mvienh" }, { 0x319, "mviph" }, { 0x354, "miph" },
    { 0x747, "mseccfg" }, { 0x757, "mseccfgh" },
    { 0xb00, "mcycle" }, { 0xb02, "minstret" }, { 0xb80, "mcycleh" }, { 0xb82, "minstreth" },
    { 0x7a0, "tselect" }, { 0x7a1, "tdata1" }, { 0x7a2, "tdata2" }, { 0x7a3, "tdata3" },
    { 0x7a4, "tinfo" }, { 0x7a5, "tcontrol" }, { 0x7a8, "mcontext" }, { 0x7aa, "mscontext" },
    { 0x7b0, "dcsr" }, { 0x7b1, "dpc" }, { 0x7b2, "dscratch0" }, { 0x7b3, "dscratch1" },
};

/* Numbered families: name prefix, first CSR, first index, count, suffix. */
static const struct {
    const char *prefix;
    uint16_t base;
    uint8_t first, count;
    const char *suffix;
} rv_csr_ranges[] = {
    { "hpmcounter", 0xc03, 3, 29, "" },
    { "hpmcounter", 0xc83, 3, 29, "h" },
    { "mhpmcounter", 0xb03, 3, 29, "" },
    { "mhpmcounter", 0xb83, 3, 29, "h" },
    { "mhpmevent", 0x323, 3, 29, "" },
    { "mhpmevent", 0x723, 3, 29, "h" },
    { "pmpcfg", 0x3a0, 0, 16, "" },
    { "pmpaddr", 0x3b0, 0, 64, "" },
};

const char *rv_csr_name(uint16_t csr)
{
    static char range_names[sizeof(rv_csr_ranges) / sizeof(rv_csr_ranges[0])][64][16];
    static int range_names_ready;

    for (size_t i = 0; i < sizeof(rv_csr_names) / sizeof(rv_csr_names[0]); i++) {
        if (rv_csr_names[i].num == csr) {
            return rv_csr_names[i].name;
        }
    }
    if (!__atomic_load_n(&range_names_ready, __ATOMIC_ACQUIRE)) {
        /* Idempotent: racing threads write the same bytes. */
        for (size_t r = 0; r < sizeof(rv_csr_ranges) / sizeof(rv_csr_ranges[0]); r++) {
            for (unsigned n = 0; n < rv_csr_ranges[r].count; n++) {
                snprintf(range_names[r][n], sizeof(range_names[r][n]), "%s%u%s",
                         rv_csr_ranges[r].prefix, rv_csr_ranges[r].first + n,
                         rv_csr_ranges[r].suffix);
            }
        }
        __atomic_store_n(&range_names_ready, 1, __ATOMIC_RELEASE);
    }
    for (size_t r = 0; r < sizeof(rv_csr_ranges) / sizeof(rv_csr_ranges[0]); r++) {
        if (csr >= rv_csr_ranges[r].base &&
            csr < rv_csr_ranges[r].base + rv_csr_ranges[r].count) {
            return range_names[r][csr - rv_csr_ranges[r].base];
        }
    }
    return NULL;
}

/* ---- operand templates ----
 * d/s/t: rd/rs1/rs2 as x registers; D/S/T/R: rd/rs1/rs2/rs3 as f registers;
 * j: imm in decimal; h: imm in hex; u: U-type imm >> 12 in hex; b: pc + imm;
 * c: CSR name; m: ",rm" unless dynamic; x: ",rm" unless rne (exact
 * conversions, whose rm binutils leaves 0); p: prefetch offset (imm without
 * its low five bits, which select the hint); P: fence pred,succ.  Other
 * characters are copied. */
static const char *const rv_fmt_operands[FMT_COUNT] = {
    [FMT_R] = "d,s,t",       [FMT_R2] = "d,s",         [FMT_I] = "d,s,j",
    [FMT_IMEM] = "d,j(s)",   [FMT_SH] = "d,s,h",       [FMT_S] = "t,j(s)",
    [FMT_B] = "s,t,b",       [FMT_U] = "d,u",          [FMT_J] = "d,b",
    [FMT_NONE] = "",         [FMT_FENCE] = "P",        [FMT_SFENCE] = "s,t",
    [FMT_CSR] = "d,c,s",     [FMT_CSRI] = "d,c,j",     [FMT_AMO] = "d,t,(s)",
    [FMT_LR] = "d,(s)",      [FMT_CBO] = "(s)",        [FMT_PREFETCH] = "p(s)",
    [FMT_FR] = "D,S,T",      [FMT_FR_RM] = "D,S,Tm",   [FMT_FR4] = "D,S,T,Rm",
    [FMT_FR1_RM] = "D,Sm",   [FMT_FR1_XRM] = "D,Sx",    [FMT_FCMP] = "d,S,T",
    [FMT_F2X] = "d,S",       [FMT_F2X_RM] = "d,Sm",    [FMT_X2F] = "D,s",
    [FMT_X2F_RM] = "D,sm",   [FMT_X2F_XRM] = "D,sx",    [FMT_FLOAD] = "D,j(s)",
    [FMT_FSTORE] = "T,j(s)",
};

/* Compressed rows print their own operands; NULL = as the expanded op. */
static const char *const rv_cfmt_operands[CFMT_COUNT] = {
    [CFMT_ADDI] = "d,j",     [CFMT_ADDIW] = "d,j",     [CFMT_LI] = "d,j",
    [CFMT_ADDI16SP] = "d,j", [CFMT_ANDI] = "d,j",      [CFMT_SHIFTB] = "d,h",
    [CFMT_SLLI] = "d,h",     [CFMT_CA] = "d,t",        [CFMT_MV] = "d,t",
    [CFMT_ADD] = "d,t",      [CFMT_J] = "b",           [CFMT_BZ] = "s,b",
    [CFMT_JR] = "s",         [CFMT_JALR] = "s",        [CFMT_NONE] = "",
};

static const char *const rv_rm_names[8] = {
    "rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn",
};

typedef struct Out {
    char *buf;
    size_t size;
    int len;
} Out;

static void out_printf(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out_printf(Out *o, const char *fmt, ...)
{
    va_list ap;
    size_t off = (size_t)o->len < o->size ? (size_t)o->len : o->size;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(o->buf ? o->buf + off : NULL, o->size - off, fmt, ap);
    va_end(ap);
    if (n > 0) {
        o->len += n;
    }
}

static void print_fence_set(Out *o, unsigned set)
{
    if (!set) {
        out_printf(o, "0");
        return;
    }
    out_printf(o, "%s%s%s%s", set & RV_FENCE_I ? "i" : "", set & RV_FENCE_O ? "o" : "",
               set & RV_FENCE_R ? "r" : "", set & RV_FENCE_W ? "w" : "");
}

static void print_operands(Out *o, const char *ops, uint64_t pc, const RVInsn *insn)
{
    for (; *ops; ops++) {
        switch (*ops) {
        case 'd': out_printf(o, "%s", rv_reg_name(insn->rd)); break;
        case 's': out_printf(o, "%s", rv_reg_name(insn->rs1)); break;
        case 't': out_printf(o, "%s", rv_reg_name(insn->rs2)); break;
        case 'D': out_printf(o, "%s", rv_freg_name(insn->rd)); break;
        case 'S': out_printf(o, "%s", rv_freg_name(insn->rs1)); break;
        case 'T': out_printf(o, "%s", rv_freg_name(insn->rs2)); break;
        case 'R': out_printf(o, "%s", rv_freg_name(insn->rs3)); break;
        case 'j': out_printf(o, "%" PRId64, insn->imm); break;
        case 'h': out_printf(o, "0x%" PRIx64, (uint64_t)insn->imm); break;
        case 'u': out_printf(o, "0x%" PRIx64, ((uint64_t)insn->imm >> 12) & 0xfffff); break;
        case 'b': out_printf(o, "%" PRIx64, pc + (uint64_t)insn->imm); break;
        case 'c': {
            const char *name = rv_csr_name(insn->csr);
            if (name) {
                out_printf(o, "%s", name);
            } else {
                out_printf(o, "0x%x", insn->csr);
            }
            break;
        }
        case 'm':
            if (insn->rm != RV_RM_DYN) {
                out_printf(o, ",%s", rv_rm_names[insn->rm & 7]);
            }
            break;
        case 'x':
            if (insn->rm != RV_RM_RNE) {
                out_printf(o, ",%s", rv_rm_names[insn->rm & 7]);
            }
            break;
        case 'p': out_printf(o, "%" PRId64, insn->imm & ~(int64_t)31); break;
        case 'P':
            print_fence_set(o, insn->rm >> 4);
            out_printf(o, ",");
            print_fence_set(o, insn->rm & 15);
            break;
        default:
            out_printf(o, "%c", *ops);
            break;
        }
    }
}

static int rv_disas_ex_plain(Out *o, uint64_t pc, const RVInsn *insn)
{
    const char *ops;
    int cfmt;

    if (insn->op == RV_OP_ILLEGAL) {
        out_printf(o, ".%dbyte 0x%" PRIx32, insn->len == 2 ? 2 : 4, insn->raw);
        return o->len;
    }
    cfmt = rv_insn_cfmt(insn->dop);
    if (cfmt >= 0 && rv_cfmt_operands[cfmt]) {
        ops = rv_cfmt_operands[cfmt];
    } else {
        ops = rv_fmt_operands[rv_insn_fmt(cfmt >= 0 ? insn->op : insn->dop)];
    }
    out_printf(o, "%s", rv_insn_name(insn->dop));
    if (rv_insn_fmt(insn->op) == FMT_AMO || rv_insn_fmt(insn->op) == FMT_LR) {
        out_printf(o, "%s", insn->aq ? (insn->rl ? ".aqrl" : ".aq") : (insn->rl ? ".rl" : ""));
    }
    if (*ops) {
        out_printf(o, " ");
    }
    print_operands(o, ops, pc, insn);
    return o->len;
}

/*
 * Pseudo-instructions for RV_DISAS_ALIASES (unprivileged spec ch. 25,
 * tables 25.2-25.3, as GNU objdump prints them by default).  The first row
 * whose op and condition match wins, so the more specific rows come first.
 */
typedef enum AliasCond {
    AC_NOP, AC_RS1_0, AC_RS2_0, AC_IMM_0, AC_IMM_1, AC_IMM_M1, AC_RD_0,
    AC_RET, AC_JR, AC_JALR_RA, AC_JAL_RA, AC_RS1_EQ_RS2, AC_FENCE_ALL,
    AC_RD_0_CSR, AC_CSR_READ, AC_CSR_COUNTER, AC_FRCSR, AC_FRRM, AC_FRFLAGS,
} AliasCond;

static const struct {
    RVOp op;
    uint8_t cond;
    const char *name, *ops;     /* ops: as rv_fmt_operands; 'C': counter name */
} rv_aliases[] = {
    { RV_OP_ADDI,   AC_NOP,         "nop",    "" },
    { RV_OP_ADDI,   AC_RS1_0,       "li",     "d,j" },
    { RV_OP_ADDI,   AC_IMM_0,       "mv",     "d,s" },
    { RV_OP_ADD,    AC_RS1_0,       "mv",     "d,t" },      /* c.mv */
    { RV_OP_ADDIW,  AC_IMM_0,       "sext.w", "d,s" },
    { RV_OP_XORI,   AC_IMM_M1,      "not",    "d,s" },
    { RV_OP_SUB,    AC_RS1_0,       "neg",    "d,t" },
    { RV_OP_SUBW,   AC_RS1_0,       "negw",   "d,t" },
    { RV_OP_SLTIU,  AC_IMM_1,       "seqz",   "d,s" },
    { RV_OP_SLTU,   AC_RS1_0,       "snez",   "d,t" },
    { RV_OP_SLT,    AC_RS2_0,       "sltz",   "d,s" },
    { RV_OP_SLT,    AC_RS1_0,       "sgtz",   "d,t" },
    { RV_OP_ADD_UW, AC_RS2_0,       "zext.w", "d,s" },
    { RV_OP_JAL,    AC_RD_0,        "j",      "b" },
    { RV_OP_JAL,    AC_JAL_RA,      "jal",    "b" },
    { RV_OP_JALR,   AC_RET,         "ret",    "" },
    { RV_OP_JALR,   AC_JR,          "jr",     "s" },
    { RV_OP_JALR,   AC_JALR_RA,     "jalr",   "s" },
    { RV_OP_BEQ,    AC_RS2_0,       "beqz",   "s,b" },
    { RV_OP_BNE,    AC_RS2_0,       "bnez",   "s,b" },
    { RV_OP_BLT,    AC_RS2_0,       "bltz",   "s,b" },
    { RV_OP_BGE,    AC_RS2_0,       "bgez",   "s,b" },
    { RV_OP_BLT,    AC_RS1_0,       "bgtz",   "t,b" },
    { RV_OP_BGE,    AC_RS1_0,       "blez",   "t,b" },
    { RV_OP_FENCE,  AC_FENCE_ALL,   "fence",  "" },
    { RV_OP_CSRRS,  AC_CSR_COUNTER, "rd",     "d" },     /* rdcycle, rdtime, ... */
    { RV_OP_CSRRS,  AC_FRCSR,       "frcsr",  "d" },
    { RV_OP_CSRRS,  AC_FRRM,        "frrm",   "d" },
    { RV_OP_CSRRS,  AC_FRFLAGS,     "frflags", "d" },
    { RV_OP_CSRRS,  AC_CSR_READ,    "csrr",   "d,c" },
    { RV_OP_CSRRW,  AC_RD_0_CSR,    "csrw",   "c,s" },
    { RV_OP_CSRRS,  AC_RD_0_CSR,    "csrs",   "c,s" },
    { RV_OP_CSRRC,  AC_RD_0_CSR,    "csrc",   "c,s" },
    { RV_OP_CSRRWI, AC_RD_0_CSR,    "csrwi",  "c,j" },
    { RV_OP_CSRRSI, AC_RD_0_CSR,    "csrsi",  "c,j" },
    { RV_OP_CSRRCI, AC_RD_0_CSR,    "csrci",  "c,j" },
    { RV_OP_FSGNJ_S,  AC_RS1_EQ_RS2, "fmv.s",  "D,S" },
    { RV_OP_FSGNJN_S, AC_RS1_EQ_RS2, "fneg.s", "D,S" },
    { RV_OP_FSGNJX_S, AC_RS1_EQ_RS2, "fabs.s", "D,S" },
    { RV_OP_FSGNJ_D,  AC_RS1_EQ_RS2, "fmv.d",  "D,S" },
    { RV_OP_FSGNJN_D, AC_RS1_EQ_RS2, "fneg.d", "D,S" },
    { RV_OP_FSGNJX_D, AC_RS1_EQ_RS2, "fabs.d", "D,S" },
    { RV_OP_FSGNJ_H,  AC_RS1_EQ_RS2, "fmv.h",  "D,S" },
    { RV_OP_FSGNJN_H, AC_RS1_EQ_RS2, "fneg.h", "D,S" },
    { RV_OP_FSGNJX_H, AC_RS1_EQ_RS2, "fabs.h", "D,S" },
};

static bool alias_cond(const RVInsn *i, AliasCond c)
{
    switch (c) {
    case AC_NOP:         return i->rd == 0 && i->rs1 == 0 && i->imm == 0;
    case AC_RS1_0:       return i->rs1 == 0;
    case AC_RS2_0:       return i->rs2 == 0;
    case AC_IMM_0:       return i->imm == 0;
    case AC_IMM_1:       return i->imm == 1;
    case AC_IMM_M1:      return i->imm == -1;
    case AC_RD_0:        return i->rd == 0;
    case AC_RET:         return i->rd == 0 && i->rs1 == 1 && i->imm == 0;
    case AC_JR:          return i->rd == 0 && i->imm == 0;
    case AC_JALR_RA:     return i->rd == 1 && i->imm == 0;
    case AC_JAL_RA:      return i->rd == 1;
    case AC_RS1_EQ_RS2:  return i->rs1 == i->rs2;
    case AC_FENCE_ALL:   return i->imm == 0x0ff;
    case AC_RD_0_CSR:    return i->rd == 0;
    case AC_CSR_READ:    return i->rs1 == 0;
    case AC_CSR_COUNTER: return i->rs1 == 0 && (i->csr == 0xc00 || i->csr == 0xc01 ||
                                                 i->csr == 0xc02);
    case AC_FRCSR:       return i->rs1 == 0 && i->csr == 0x003;
    case AC_FRRM:        return i->rs1 == 0 && i->csr == 0x002;
    case AC_FRFLAGS:     return i->rs1 == 0 && i->csr == 0x001;
    }
    return false;
}

static void print_operands(Out *o, const char *ops, uint64_t pc, const RVInsn *insn);

int rv_disas_ex(char *buf, size_t size, uint64_t pc, const RVInsn *insn, unsigned flags)
{
    Out o = { buf, size, 0 };

    if (size) {
        buf[0] = 0;
    }
    if (insn->op != RV_OP_ILLEGAL && (flags & RV_DISAS_ALIASES)) {
        for (size_t k = 0; k < sizeof(rv_aliases) / sizeof(rv_aliases[0]); k++) {
            if (rv_aliases[k].op == insn->op && alias_cond(insn, rv_aliases[k].cond)) {
                if (rv_aliases[k].cond == AC_CSR_COUNTER) {
                    out_printf(&o, "rd%s", rv_csr_name(insn->csr));
                } else {
                    out_printf(&o, "%s", rv_aliases[k].name);
                }
                if (*rv_aliases[k].ops) {
                    out_printf(&o, " ");
                }
                print_operands(&o, rv_aliases[k].ops, pc, insn);
                return o.len;
            }
        }
    }
    if (insn->op != RV_OP_ILLEGAL && (flags & (RV_DISAS_ALIASES | RV_DISAS_EXPAND))) {
        /* the 32-bit instruction a compressed or hint row stands for */
        RVInsn plain = *insn;
        if (rv_insn_cfmt(insn->dop) >= 0) {
            plain.dop = insn->op;
            return rv_disas_ex(buf, size, pc, &plain, 0);
        }
    }
    return rv_disas_ex_plain(&o, pc, insn);
}

int rv_disas(char *buf, size_t size, uint64_t pc, const RVInsn *insn)
{
    return rv_disas_ex(buf, size, pc, insn, 0);
}
