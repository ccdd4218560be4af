/*
 * RISC-V decoder driven by insn_table.def.
 *
 * 32-bit words: an index built on first use maps a 13-bit key (opcode bits
 * 6:2, funct3 bits 14:12, bits 31:27) to the short list of rows that can
 * match words with that key, most specific mask first.  A lookup is one key
 * computation and a scan of usually one to three rows.
 * 16-bit words: a 64K-entry table gives the compressed row for every
 * halfword; the row's CFMT then expands the fields to the 32-bit form and
 * rejects reserved encodings.
 */
#include "target/riscv/insn.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct RVRow {
    uint32_t match, mask;
    RVExtMask any;      /* enabled if any of these is on ... */
    RVExtMask all;      /* ... and all of these are on */
    const char *name;
    uint16_t base;      /* op to execute (self, or the hint/C row's base) */
    uint8_t fmt;        /* RVFmt, or RVCFmt for compressed rows */
    uint8_t ext;        /* first enabling RVExt */
    bool compressed;
} RVRow;

#define B(e) RV_EXT_BIT(RV_EXT_##e)
static const RVRow rv_rows[RV_OP_COUNT] = {
    [RV_OP_ILLEGAL] = { 0, 0, 0, 0, "illegal", RV_OP_ILLEGAL, FMT_NONE, RV_EXT_I, false },
#define RV_INSN(id, name, match, mask, fmt, ext) \
    [RV_OP_##id] = { match, mask, B(ext), 0, name, RV_OP_##id, fmt, RV_EXT_##ext, false },
#define RV_INSN_ANY(id, name, match, mask, fmt, ext, ext2) \
    [RV_OP_##id] = { match, mask, B(ext) | B(ext2), 0, name, RV_OP_##id, fmt, \
                     RV_EXT_##ext, false },
#define RV_INSN_ALL(id, name, match, mask, fmt, ext, ext2) \
    [RV_OP_##id] = { match, mask, B(ext), B(ext2), name, RV_OP_##id, fmt, \
                     RV_EXT_##ext, false },
#define RV_HINT(id, name, match, mask, fmt, ext, base) \
    [RV_OP_##id] = { match, mask, B(ext), 0, name, RV_OP_##base, fmt, RV_EXT_##ext, false },
#define RV_CINSN(id, name, match, mask, cfmt, ext, base) \
    [RV_OP_##id] = { match, mask, B(ext), 0, name, RV_OP_##base, cfmt, RV_EXT_##ext, true },
#include "target/riscv/insn_table.def"
};
#undef B

/* ---- field layout per 32-bit format ---- */

enum {
    F_RD = 1, F_RS1 = 2, F_RS2 = 4, F_RS3 = 8, F_RM = 16, F_AQRL = 32, F_CSR = 64,
};
enum { IMM_NONE, IMM_I, IMM_S, IMM_B, IMM_U, IMM_J, IMM_SH, IMM_CSRI, IMM_FENCE };

static const struct { uint8_t fields, imm; } rv_fmt_layout[FMT_COUNT] = {
    [FMT_R]        = { F_RD | F_RS1 | F_RS2, IMM_NONE },
    [FMT_R2]       = { F_RD | F_RS1, IMM_NONE },
    [FMT_I]        = { F_RD | F_RS1, IMM_I },
    [FMT_IMEM]     = { F_RD | F_RS1, IMM_I },
    [FMT_SH]       = { F_RD | F_RS1, IMM_SH },
    [FMT_S]        = { F_RS1 | F_RS2, IMM_S },
    [FMT_B]        = { F_RS1 | F_RS2, IMM_B },
    [FMT_U]        = { F_RD, IMM_U },
    [FMT_J]        = { F_RD, IMM_J },
    [FMT_NONE]     = { 0, IMM_NONE },
    [FMT_FENCE]    = { F_RD | F_RS1, IMM_FENCE },
    [FMT_SFENCE]   = { F_RS1 | F_RS2, IMM_NONE },
    [FMT_CSR]      = { F_RD | F_RS1 | F_CSR, IMM_NONE },
    [FMT_CSRI]     = { F_RD | F_CSR, IMM_CSRI },
    [FMT_AMO]      = { F_RD | F_RS1 | F_RS2 | F_AQRL, IMM_NONE },
    [FMT_LR]       = { F_RD | F_RS1 | F_AQRL, IMM_NONE },
    [FMT_CBO]      = { F_RS1, IMM_NONE },
    [FMT_PREFETCH] = { F_RS1, IMM_I },
    [FMT_FR]       = { F_RD | F_RS1 | F_RS2, IMM_NONE },
    [FMT_FR_RM]    = { F_RD | F_RS1 | F_RS2 | F_RM, IMM_NONE },
    [FMT_FR4]      = { F_RD | F_RS1 | F_RS2 | F_RS3 | F_RM, IMM_NONE },
    [FMT_FR1_RM]   = { F_RD | F_RS1 | F_RM, IMM_NONE },
    [FMT_FR1_XRM]  = { F_RD | F_RS1 | F_RM, IMM_NONE },
    [FMT_FCMP]     = { F_RD | F_RS1 | F_RS2, IMM_NONE },
    [FMT_F2X]      = { F_RD | F_RS1, IMM_NONE },
    [FMT_F2X_RM]   = { F_RD | F_RS1 | F_RM, IMM_NONE },
    [FMT_X2F]      = { F_RD | F_RS1, IMM_NONE },
    [FMT_X2F_RM]   = { F_RD | F_RS1 | F_RM, IMM_NONE },
    [FMT_X2F_XRM]  = { F_RD | F_RS1 | F_RM, IMM_NONE },
    [FMT_FLOAD]    = { F_RD | F_RS1, IMM_I },
    [FMT_FSTORE]   = { F_RS1 | F_RS2, IMM_S },
};

static inline uint32_t bits(uint32_t x, int hi, int lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int64_t sext(uint64_t x, int width)
{
    return (int64_t)(x << (64 - width)) >> (64 - width);
}

/* ---- the index ---- */

#define KEY_BITS    13
#define NKEYS       (1u << KEY_BITS)

static inline unsigned key32(uint32_t raw)
{
    return bits(raw, 6, 2) | bits(raw, 14, 12) << 5 | bits(raw, 31, 27) << 8;
}

static uint32_t key_to_raw(unsigned key)
{
    return (key & 0x1f) << 2 | ((key >> 5) & 7) << 12 | ((key >> 8) & 0x1f) << 27 | 3;
}

#define KEY_RAW_MASK 0xf800707fu    /* the raw bits a key fixes (with bits 1:0) */

static uint16_t *rv_bucket_rows;        /* row ops, bucket after bucket */
static uint32_t rv_bucket_start[NKEYS + 1];
static uint8_t rv_c_row[65536];         /* index into rv_c_ops, or 0xff */
static uint16_t rv_c_ops[64];
static pthread_once_t rv_index_once = PTHREAD_ONCE_INIT;

/* Row a takes priority over row b. */
static bool row_before(RVOp a, RVOp b)
{
    int pa = __builtin_popcount(rv_rows[a].mask);
    int pb = __builtin_popcount(rv_rows[b].mask);
    return pa != pb ? pa > pb : a < b;
}

static bool row_fits_key(RVOp op, uint32_t key_raw)
{
    const RVRow *r = &rv_rows[op];
    return !r->compressed && (r->match & 3) == 3 &&
           ((key_raw ^ r->match) & r->mask & KEY_RAW_MASK) == 0;
}

static void rv_build_index(void)
{
    size_t total = 0, cap = 4096, n;
    uint16_t *list = malloc(cap * sizeof(*list));
    unsigned nc = 0;

    assert(list);
    for (unsigned key = 0; key < NKEYS; key++) {
        uint32_t kr = key_to_raw(key);
        rv_bucket_start[key] = total;
        for (unsigned op = 1; op < RV_OP_COUNT; op++) {
            if (!row_fits_key(op, kr)) {
                continue;
            }
            if (total == cap) {
                cap *= 2;
                list = realloc(list, cap * sizeof(*list));
                assert(list);
            }
            /* insertion into this bucket, keeping priority order */
            for (n = total; n > rv_bucket_start[key] && row_before(op, list[n - 1]); n--) {
                list[n] = list[n - 1];
            }
            list[n] = op;
            total++;
        }
    }
    rv_bucket_start[NKEYS] = total;
    rv_bucket_rows = list;

    for (unsigned op = 1; op < RV_OP_COUNT; op++) {
        if (rv_rows[op].compressed) {
            assert(nc < sizeof(rv_c_ops) / sizeof(rv_c_ops[0]));
            rv_c_ops[nc++] = op;
        }
    }
    for (uint32_t v = 0; v < 65536; v++) {
        unsigned best = 0xff;
        if ((v & 3) != 3) {
            for (unsigned i = 0; i < nc; i++) {
                const RVRow *r = &rv_rows[rv_c_ops[i]];
                if ((v & r->mask) == r->match &&
                    (best == 0xff || row_before(rv_c_ops[i], rv_c_ops[best]))) {
                    best = i;
                }
            }
        }
        rv_c_row[v] = best;
    }
}

static inline void rv_index_init(void)
{
    pthread_once(&rv_index_once, rv_build_index);
}

/* ---- decoding ---- */

static inline RVExtMask normalize_exts(RVExtMask e)
{
    if (e & RV_EXT_BIT(RV_EXT_D)) {
        e |= RV_EXT_BIT(RV_EXT_F);
    }
    if (e & RV_EXT_BIT(RV_EXT_ZFH)) {
        e |= RV_EXT_BIT(RV_EXT_ZFHMIN);
    }
    return e;
}

static inline bool row_enabled(const RVRow *r, RVExtMask exts)
{
    return (exts & r->any) && (exts & r->all) == r->all;
}

static bool decode32(uint32_t raw, RVExtMask exts, RVInsn *out)
{
    unsigned key = key32(raw);

    for (uint32_t i = rv_bucket_start[key]; i < rv_bucket_start[key + 1]; i++) {
        RVOp dop = rv_bucket_rows[i];
        const RVRow *r = &rv_rows[dop];
        if ((raw & r->mask) != r->match || !row_enabled(r, exts)) {
            continue;
        }
        RVOp op = r->base;
        unsigned fields = rv_fmt_layout[rv_rows[op].fmt].fields;

        if (fields & F_RD) {
            out->rd = bits(raw, 11, 7);
        }
        if (fields & F_RS1) {
            out->rs1 = bits(raw, 19, 15);
        }
        if (fields & F_RS2) {
            out->rs2 = bits(raw, 24, 20);
        }
        if (fields & F_RS3) {
            out->rs3 = bits(raw, 31, 27);
        }
        if (fields & F_RM) {
            out->rm = bits(raw, 14, 12);
            if (out->rm == 5 || out->rm == 6) {
                return false;   /* reserved rounding modes */
            }
        }
        if (fields & F_AQRL) {
            out->aq = bits(raw, 26, 26);
            out->rl = bits(raw, 25, 25);
        }
        if (fields & F_CSR) {
            out->csr = bits(raw, 31, 20);
        }
        switch (rv_fmt_layout[rv_rows[op].fmt].imm) {
        case IMM_I:
            out->imm = sext(raw >> 20, 12);
            break;
        case IMM_S:
            out->imm = sext(bits(raw, 31, 25) << 5 | bits(raw, 11, 7), 12);
            break;
        case IMM_B:
            out->imm = sext(bits(raw, 31, 31) << 12 | bits(raw, 7, 7) << 11 |
                            bits(raw, 30, 25) << 5 | bits(raw, 11, 8) << 1, 13);
            break;
        case IMM_U:
            out->imm = (int32_t)(raw & 0xfffff000u);
            break;
        case IMM_J:
            out->imm = sext(bits(raw, 31, 31) << 20 | bits(raw, 19, 12) << 12 |
                            bits(raw, 20, 20) << 11 | bits(raw, 30, 21) << 1, 21);
            break;
        case IMM_SH:
            out->imm = bits(raw, 25, 20);
            break;
        case IMM_CSRI:
            out->imm = bits(raw, 19, 15);
            break;
        case IMM_FENCE:
            out->imm = bits(raw, 31, 20);
            out->rm = bits(raw, 27, 20);
            break;
        }
        out->op = op;
        out->dop = dop;
        return true;
    }
    return false;
}

/* Spec 16.3-16.8: expand a compressed instruction into out. */
static bool expand16(uint32_t c, const RVRow *r, RVInsn *out)
{
    unsigned rdp = 8 + bits(c, 4, 2);       /* rd' / rs2' */
    unsigned rs1p = 8 + bits(c, 9, 7);      /* rs1' / rd' */
    unsigned rfull = bits(c, 11, 7);
    unsigned rs2full = bits(c, 6, 2);
    int64_t imm6 = sext(bits(c, 12, 12) << 5 | bits(c, 6, 2), 6);
    unsigned shamt = bits(c, 12, 12) << 5 | bits(c, 6, 2);

    switch ((RVCFmt)r->fmt) {
    case CFMT_ADDI4SPN:
        out->rd = rdp;
        out->rs1 = 2;
        out->imm = bits(c, 12, 11) << 4 | bits(c, 10, 7) << 6 |
                   bits(c, 6, 6) << 2 | bits(c, 5, 5) << 3;
        return out->imm != 0;
    case CFMT_LW:
    case CFMT_SW:
    case CFMT_LD:
    case CFMT_SD:
        out->rs1 = rs1p;
        if (r->fmt == CFMT_LW || r->fmt == CFMT_SW) {
            out->imm = bits(c, 12, 10) << 3 | bits(c, 6, 6) << 2 | bits(c, 5, 5) << 6;
        } else {
            out->imm = bits(c, 12, 10) << 3 | bits(c, 6, 5) << 6;
        }
        if (r->fmt == CFMT_LW || r->fmt == CFMT_LD) {
            out->rd = rdp;
        } else {
            out->rs2 = rdp;
        }
        return true;
    case CFMT_ADDI:         /* rd = 0 or imm = 0: nop / HINT */
        out->rd = out->rs1 = rfull;
        out->imm = imm6;
        return true;
    case CFMT_ADDIW:
        out->rd = out->rs1 = rfull;
        out->imm = imm6;
        return rfull != 0;
    case CFMT_LI:           /* rd = 0: HINT */
        out->rd = rfull;
        out->imm = imm6;
        return true;
    case CFMT_ADDI16SP:
        out->rd = out->rs1 = 2;
        out->imm = sext(bits(c, 12, 12) << 9 | bits(c, 6, 6) << 4 | bits(c, 5, 5) << 6 |
                        bits(c, 4, 3) << 7 | bits(c, 2, 2) << 5, 10);
        return out->imm != 0;
    case CFMT_LUI:          /* rd = 0: HINT; rd = 2 is c.addi16sp */
        out->rd = rfull;
        out->imm = sext(bits(c, 12, 12) << 17 | bits(c, 6, 2) << 12, 18);
        return out->imm != 0;
    case CFMT_SHIFTB:       /* shamt = 0: HINT */
        out->rd = out->rs1 = rs1p;
        out->imm = shamt;
        return true;
    case CFMT_ANDI:
        out->rd = out->rs1 = rs1p;
        out->imm = imm6;
        return true;
    case CFMT_CA:
        out->rd = out->rs1 = rs1p;
        out->rs2 = rdp;
        return true;
    case CFMT_J:
        out->imm = sext(bits(c, 12, 12) << 11 | bits(c, 11, 11) << 4 | bits(c, 10, 9) << 8 |
                        bits(c, 8, 8) << 10 | bits(c, 7, 7) << 6 | bits(c, 6, 6) << 7 |
                        bits(c, 5, 3) << 1 | bits(c, 2, 2) << 5, 12);
        return true;
    case CFMT_BZ:
        out->rs1 = rs1p;
        out->imm = sext(bits(c, 12, 12) << 8 | bits(c, 11, 10) << 3 | bits(c, 6, 5) << 6 |
                        bits(c, 4, 3) << 1 | bits(c, 2, 2) << 5, 9);
        return true;
    case CFMT_SLLI:         /* rd = 0 or shamt = 0: HINT */
        out->rd = out->rs1 = rfull;
        out->imm = shamt;
        return true;
    case CFMT_LWSP:
        out->rd = rfull;
        out->rs1 = 2;
        out->imm = bits(c, 12, 12) << 5 | bits(c, 6, 4) << 2 | bits(c, 3, 2) << 6;
        return rfull != 0;
    case CFMT_LDSP:         /* c.fldsp may target f0; c.ldsp x0 is reserved */
        out->rd = rfull;
        out->rs1 = 2;
        out->imm = bits(c, 12, 12) << 5 | bits(c, 6, 5) << 3 | bits(c, 4, 2) << 6;
        return rfull != 0 || r->base != RV_OP_LD;
    case CFMT_SWSP:
        out->rs1 = 2;
        out->rs2 = rs2full;
        out->imm = bits(c, 12, 9) << 2 | bits(c, 8, 7) << 6;
        return true;
    case CFMT_SDSP:
        out->rs1 = 2;
        out->rs2 = rs2full;
        out->imm = bits(c, 12, 10) << 3 | bits(c, 9, 7) << 6;
        return true;
    case CFMT_JR:
        out->rs1 = rfull;
        return rfull != 0;
    case CFMT_JALR:
        out->rd = 1;
        out->rs1 = rfull;
        return true;
    case CFMT_MV:           /* rd = 0: HINT */
        out->rd = rfull;
        out->rs2 = rs2full;
        return true;
    case CFMT_ADD:          /* rd = 0: HINT */
        out->rd = out->rs1 = rfull;
        out->rs2 = rs2full;
        return true;
    case CFMT_NONE:
        return true;
    case CFMT_COUNT:
        break;
    }
    return false;
}

static bool decode16(uint32_t c, RVExtMask exts, RVInsn *out)
{
    unsigned idx = rv_c_row[c];
    if (idx == 0xff) {
        return false;
    }
    RVOp dop = rv_c_ops[idx];
    const RVRow *r = &rv_rows[dop];
    if (!row_enabled(r, exts) || !row_enabled(&rv_rows[r->base], exts)) {
        return false;
    }
    if (!expand16(c, r, out)) {
        return false;
    }
    out->op = r->base;
    out->dop = dop;
    out->rm = (rv_fmt_layout[rv_rows[r->base].fmt].fields & F_RM) ? RV_RM_DYN : 0;
    return true;
}

bool rv_decode(uint32_t raw, RVExtMask exts, RVInsn *out)
{
    bool ok;

    rv_index_init();
    memset(out, 0, sizeof(*out));
    exts = normalize_exts(exts);
    if ((raw & 3) == 3) {
        out->len = 4;
        out->raw = raw;
        ok = decode32(raw, exts, out);
    } else {
        out->len = 2;
        out->raw = raw & 0xffff;
        ok = decode16(raw & 0xffff, exts, out);
    }
    if (!ok) {
        uint32_t keep = out->raw;
        uint8_t len = out->len;
        memset(out, 0, sizeof(*out));
        out->raw = keep;
        out->len = len;
    }
    return ok;
}

/* ---- table queries ---- */

const char *rv_insn_name(RVOp op)
{
    return (unsigned)op < RV_OP_COUNT ? rv_rows[op].name : "illegal";
}

RVExt rv_insn_ext(RVOp op)
{
    return (unsigned)op < RV_OP_COUNT ? (RVExt)rv_rows[op].ext : RV_EXT_I;
}

RVExtMask rv_insn_ext_any(RVOp op)
{
    return (unsigned)op < RV_OP_COUNT ? rv_rows[op].any : 0;
}

RVFmt rv_insn_fmt(RVOp op)
{
    if ((unsigned)op >= RV_OP_COUNT || rv_rows[op].compressed) {
        return FMT_NONE;
    }
    return (RVFmt)rv_rows[op].fmt;
}

int rv_insn_cfmt(RVOp op)
{
    if ((unsigned)op >= RV_OP_COUNT || !rv_rows[op].compressed) {
        return -1;
    }
    return rv_rows[op].fmt;
}

bool rv_insn_pattern(RVOp op, uint32_t *match, uint32_t *mask)
{
    if (op <= RV_OP_ILLEGAL || op >= RV_OP_COUNT) {
        return false;
    }
    *match = rv_rows[op].match;
    *mask = rv_rows[op].mask;
    return true;
}

const char *rv_ext_name(RVExt ext)
{
    static const char *const names[RV_EXT_COUNT] = {
        "i", "m", "a", "f", "d", "c", "zicsr", "zifencei", "zicntr", "zihpm",
        "zba", "zbb", "zbc", "zbs", "zbkb", "zbkx", "zicond", "zihintpause",
        "zfh", "zfhmin", "zicbom", "zicboz", "zicbop", "sstc", "svpbmt",
        "svnapot", "svinval", "priv",
    };
    return (unsigned)ext < RV_EXT_COUNT ? names[ext] : "?";
}

int rv_decode_check_table(char *err, size_t size)
{
    int bad = 0;

    if (size) {
        err[0] = 0;
    }
    for (unsigned a = 1; a < RV_OP_COUNT; a++) {
        for (unsigned b = a + 1; b < RV_OP_COUNT; b++) {
            const RVRow *ra = &rv_rows[a], *rb = &rv_rows[b];
            uint32_t common = ra->mask & rb->mask;
            if (ra->compressed != rb->compressed || ((ra->match ^ rb->match) & common)) {
                continue;       /* disjoint */
            }
            /* overlapping: one must be strictly more specific */
            bool a_in_b = (ra->mask & rb->mask) == rb->mask && ra->mask != rb->mask;
            bool b_in_a = (ra->mask & rb->mask) == ra->mask && ra->mask != rb->mask;
            if (!a_in_b && !b_in_a) {
                if (!bad && size) {
                    snprintf(err, size, "%s and %s overlap ambiguously",
                             ra->name, rb->name);
                }
                bad++;
            }
        }
        if ((rv_rows[a].match & ~rv_rows[a].mask) != 0) {
            if (!bad && size) {
                snprintf(err, size, "%s: match bits outside mask", rv_rows[a].name);
            }
            bad++;
        }
    }
    return bad;
}
