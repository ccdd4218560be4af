/*
 * Unit tests of the RISC-V decoder and disassembler (target/riscv/decode.c,
 * disas.c) against vectors generated from GNU binutils by
 * scripts/gen-decode-vectors.py, plus exhaustive 16-bit and random 32-bit
 * checks of the decoder's own consistency.
 */

#include "tests/unit/harness.h"
#include "target/riscv/insn.h"

#include "tests/unit/riscv-decode-vectors.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* xorshift64*: deterministic, no libc rand() state */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rng32(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

static void test_table_unambiguous(void)
{
    char err[128];
    int bad = rv_decode_check_table(err, sizeof(err));
    if (bad) {
        printf("  %d ambiguous pairs, first: %s\n", bad, err);
    }
    CHECK_EQ(bad, 0);
}

static void test_objdump_vectors(void)
{
    char buf[96];
    unsigned fails = 0;

    for (size_t i = 0; i < ARRAY_SIZE(rv_decode_vectors); i++) {
        RVInsn insn;
        bool ok = rv_decode(rv_decode_vectors[i].raw, RV_EXTS_ALL, &insn);
        bool want_ok = rv_decode_vectors[i].text[0] != '.';
        rv_disas(buf, sizeof(buf), rv_decode_vectors[i].pc, &insn);
        if (ok != want_ok || strcmp(buf, rv_decode_vectors[i].text) != 0 ||
            insn.len != rv_decode_vectors[i].len) {
            harness_note("0x%08x: got \"%s\" want \"%s\"", rv_decode_vectors[i].raw, buf,
                   rv_decode_vectors[i].text);
            fails++;
        }
    }
    if (fails) {
        printf("  %u of %zu vectors differ\n", fails, ARRAY_SIZE(rv_decode_vectors));
    }
    CHECK_EQ(fails, 0);
}

/* Every halfword: no crash, legal exactly where binutils says so (except
 * documented HINT policy), expansion consistent. */
static void test_all_halfwords(void)
{
    unsigned fails = 0, legal = 0;
    char buf[96];

    for (uint32_t v = 0; v < 0x10000; v++) {
        RVInsn insn;
        if ((v & 3) == 3) {
            continue;
        }
        bool ok = rv_decode(v, RV_EXTS_ALL, &insn);
        bool want = (rv_decode_c_legal[v >> 5] >> (v & 31)) & 1;
        rv_disas(buf, sizeof(buf), 0x1000, &insn);
        if (ok != want) {
            harness_note("0x%04x: decode %s, binutils %s (%s)", v, ok ? "ok" : "illegal",
                   want ? "legal" : "illegal", buf);
            fails++;
        }
        if (insn.len != 2 || insn.raw != v) {
            harness_note("0x%04x: len %u raw 0x%x", v, insn.len, insn.raw);
            fails++;
        }
        if (ok) {
            legal++;
            /* the expansion must be a 32-bit op of the base table */
            if (rv_insn_cfmt(insn.op) >= 0 || rv_insn_cfmt(insn.dop) < 0) {
                harness_note("0x%04x: op %s dop %s", v, rv_insn_name(insn.op),
                       rv_insn_name(insn.dop));
                fails++;
            }
        }
        /* the upper halfword never matters */
        RVInsn hi;
        rv_decode(v | 0xabcd0000u, RV_EXTS_ALL, &hi);
        if (memcmp(&hi, &insn, sizeof(hi)) != 0) {
            harness_note("0x%04x: upper halfword changed the decode", v);
            fails++;
        }
        /* without C nothing 16-bit decodes */
        if (rv_decode(v, RV_EXTS_ALL & ~RV_EXT_BIT(RV_EXT_C), &insn)) {
            harness_note("0x%04x: decodes without C", v);
            fails++;
        }
    }
    printf("  %u legal compressed encodings\n", legal);
    CHECK_EQ(fails, 0);
}

/* Spot checks of the compressed expansion contract. */
static void test_compressed_expansion(void)
{
    RVInsn i;

    CHECK(rv_decode(0x0505, RV_EXTS_ALL, &i));          /* c.addi a0,1 */
    CHECK_EQ(i.op, RV_OP_ADDI);
    CHECK_EQ(i.dop, RV_OP_C_ADDI);
    CHECK_EQ(i.rd, 10);
    CHECK_EQ(i.rs1, 10);
    CHECK_EQ(i.imm, 1);
    CHECK_EQ(i.len, 2);
    CHECK(rv_decode(0x8082, RV_EXTS_ALL, &i));          /* c.jr ra (ret) */
    CHECK_EQ(i.op, RV_OP_JALR);
    CHECK_EQ(i.rd, 0);
    CHECK_EQ(i.rs1, 1);
    CHECK_EQ(i.imm, 0);
    CHECK(rv_decode(0x9502, RV_EXTS_ALL, &i));          /* c.jalr a0 */
    CHECK_EQ(i.op, RV_OP_JALR);
    CHECK_EQ(i.rd, 1);
    CHECK_EQ(i.rs1, 10);
    CHECK(rv_decode(0x852e, RV_EXTS_ALL, &i));          /* c.mv a0,a1 */
    CHECK_EQ(i.op, RV_OP_ADD);
    CHECK_EQ(i.rd, 10);
    CHECK_EQ(i.rs1, 0);
    CHECK_EQ(i.rs2, 11);
    CHECK(rv_decode(0x6105, RV_EXTS_ALL, &i));          /* c.addi16sp sp,32 */
    CHECK_EQ(i.op, RV_OP_ADDI);
    CHECK_EQ(i.rd, 2);
    CHECK_EQ(i.imm, 32);
    CHECK(rv_decode(0x7501, RV_EXTS_ALL, &i));          /* c.lui a0,0xfffe0 */
    CHECK_EQ(i.op, RV_OP_LUI);
    CHECK_EQ(i.imm, -0x20000);
    CHECK(rv_decode(0x2522, RV_EXTS_ALL, &i));          /* c.fldsp fa0,8(sp) */
    CHECK_EQ(i.op, RV_OP_FLD);
    CHECK_EQ(i.rd, 10);
    CHECK_EQ(i.rs1, 2);
    CHECK_EQ(i.imm, 8);
    CHECK(!rv_decode(0x2522, RV_EXTS_ALL & ~RV_EXT_BIT(RV_EXT_D), &i));
    /* reserved */
    CHECK(!rv_decode(0x0000, RV_EXTS_ALL, &i));         /* all zero */
    CHECK_EQ(i.op, RV_OP_ILLEGAL);
    CHECK_EQ(i.raw, 0);
    CHECK_EQ(i.len, 2);
    CHECK(!rv_decode(0x0004, RV_EXTS_ALL, &i));         /* c.addi4spn imm 0 */
    CHECK(!rv_decode(0x6101 & ~0x107c, RV_EXTS_ALL, &i)); /* c.addi16sp 0 */
    CHECK(!rv_decode(0x6501, RV_EXTS_ALL, &i));         /* c.lui a0,0 */
    CHECK(!rv_decode(0x4002, RV_EXTS_ALL, &i));         /* c.lwsp zero */
    CHECK(!rv_decode(0x6002, RV_EXTS_ALL, &i));         /* c.ldsp zero */
    CHECK(!rv_decode(0x8002, RV_EXTS_ALL, &i));         /* c.jr zero */
    CHECK(!rv_decode(0x2001, RV_EXTS_ALL, &i));         /* c.addiw zero */
    CHECK(!rv_decode(0x9c41, RV_EXTS_ALL, &i));         /* reserved CA */
    CHECK(!rv_decode(0x8000, RV_EXTS_ALL, &i));         /* Zcb space */
    /* HINTs are legal no-ops */
    CHECK(rv_decode(0x0001, RV_EXTS_ALL, &i));          /* c.nop */
    CHECK_EQ(i.op, RV_OP_ADDI);
    CHECK_EQ(i.rd, 0);
    CHECK(rv_decode(0x4015, RV_EXTS_ALL, &i));          /* c.li zero,5 */
    CHECK_EQ(i.rd, 0);
    CHECK(rv_decode(0x802e, RV_EXTS_ALL, &i));          /* c.mv zero,a1 */
    CHECK_EQ(i.rd, 0);
    CHECK(rv_decode(0x0502, RV_EXTS_ALL, &i));          /* c.slli a0,0 */
    CHECK(rv_decode(0x0012, RV_EXTS_ALL, &i));          /* c.slli zero,4 */
    CHECK_EQ(i.rd, 0);
}

static void test_hints_and_priority(void)
{
    RVExtMask all = RV_EXTS_ALL;
    RVInsn i;
    char buf[64];

    /* pause: a fence for execution, "pause" for display */
    CHECK(rv_decode(0x0100000f, all, &i));
    CHECK_EQ(i.op, RV_OP_FENCE);
    CHECK_EQ(i.dop, RV_OP_PAUSE);
    CHECK_EQ(i.rm, RV_FENCE_W << 4);
    CHECK(rv_decode(0x0100000f, all & ~RV_EXT_BIT(RV_EXT_ZIHINTPAUSE), &i));
    CHECK_EQ(i.dop, RV_OP_FENCE);
    rv_disas(buf, sizeof(buf), 0, &i);
    CHECK_STREQ(buf, "fence w,0");
    /* prefetch.i 32(a0): ori zero,a0,32 */
    CHECK(rv_decode(0x02056013, all, &i));
    CHECK_EQ(i.op, RV_OP_ORI);
    CHECK_EQ(i.dop, RV_OP_PREFETCH_I);
    CHECK_EQ(i.rd, 0);
    CHECK_EQ(i.rs1, 10);
    CHECK_EQ(i.imm, 32);
    CHECK(rv_decode(0x02056013, all & ~RV_EXT_BIT(RV_EXT_ZICBOP), &i));
    CHECK_EQ(i.dop, RV_OP_ORI);
    /* zext.h without Zbb is packw (Zbkb), without both illegal */
    CHECK(rv_decode(0x0805c53b, all, &i));
    CHECK_EQ(i.op, RV_OP_ZEXT_H);
    CHECK(rv_decode(0x0805c53b, all & ~RV_EXT_BIT(RV_EXT_ZBB), &i));
    CHECK_EQ(i.op, RV_OP_PACKW);
    CHECK_EQ(i.rs2, 0);
    CHECK(!rv_decode(0x0805c53b, all & ~RV_EXT_BIT(RV_EXT_ZBB) & ~RV_EXT_BIT(RV_EXT_ZBKB),
                     &i));
    /* rev8 and rori: Zbb or Zbkb */
    CHECK(rv_decode(0x6b85d513, RV_EXT_BIT(RV_EXT_I) | RV_EXT_BIT(RV_EXT_ZBKB), &i));
    CHECK_EQ(i.op, RV_OP_REV8);
    CHECK(rv_decode(0x6055d513, RV_EXT_BIT(RV_EXT_I) | RV_EXT_BIT(RV_EXT_ZBB), &i));
    CHECK_EQ(i.op, RV_OP_RORI);
    CHECK_EQ(i.imm, 5);
    CHECK(!rv_decode(0x6055d513, RV_EXT_BIT(RV_EXT_I), &i));
    /* orc.b beats bseti? no: different funct; orc.b beats gorci space */
    CHECK(rv_decode(0x2875d513, all, &i));
    CHECK_EQ(i.op, RV_OP_ORC_B);
    /* fcvt.d.h needs Zfhmin and D; Zfh implies Zfhmin */
    CHECK(rv_decode(0x42258553, RV_EXT_BIT(RV_EXT_D) | RV_EXT_BIT(RV_EXT_ZFH), &i));
    CHECK_EQ(i.op, RV_OP_FCVT_D_H);
    CHECK(!rv_decode(0x42258553, RV_EXT_BIT(RV_EXT_F) | RV_EXT_BIT(RV_EXT_ZFHMIN), &i));
    /* reserved rounding mode */
    CHECK(!rv_decode(0x00c5d553, all, &i));             /* fadd.s rm=5 */
    CHECK(rv_decode(0x00c5f553, all, &i));              /* rm=dyn */
    CHECK_EQ(i.rm, RV_RM_DYN);
    /* fence fields */
    CHECK(rv_decode(0x0210000f, all, &i));              /* fence r,w */
    CHECK_EQ(i.rm, RV_FENCE_R << 4 | RV_FENCE_W);
    /* ILLEGAL keeps raw bits for mtval */
    CHECK(!rv_decode(0xffffffff, all, &i));
    CHECK_EQ(i.raw, 0xffffffff);
    CHECK_EQ(i.len, 4);
    CHECK_EQ(i.op, RV_OP_ILLEGAL);
    rv_disas(buf, sizeof(buf), 0, &i);
    CHECK_STREQ(buf, ".4byte 0xffffffff");
}

static void test_immediates(void)
{
    RVInsn i;
    char buf[64];

    CHECK(rv_decode(0x800005b7, RV_EXTS_ALL, &i));      /* lui a1,0x80000 */
    CHECK_EQ(i.imm, (uint64_t)(int64_t)INT32_MIN);
    CHECK(rv_decode(0x800000ef, RV_EXTS_ALL, &i));      /* jal ra,-1MiB */
    CHECK_EQ(i.imm, (uint64_t)-0x100000ll);
    rv_disas(buf, sizeof(buf), 0x80100000ull, &i);
    CHECK_STREQ(buf, "jal ra,80000000");
    CHECK(rv_decode(0x80000063, RV_EXTS_ALL, &i));      /* beq zero,zero,-4096 */
    CHECK_EQ(i.imm, (uint64_t)-4096ll);
    CHECK(rv_decode(0xfe000fa3, RV_EXTS_ALL, &i));      /* sb zero,-1(zero) */
    CHECK_EQ(i.imm, (uint64_t)-1ll);
    CHECK(rv_decode(0x03f59513, RV_EXTS_ALL, &i));      /* slli a0,a1,63 */
    CHECK_EQ(i.imm, 63);
    CHECK(!rv_decode(0x0205951b, RV_EXTS_ALL, &i));     /* slliw shamt[5] set */
    CHECK(rv_decode(0x300fd573, RV_EXTS_ALL, &i));      /* csrrwi a0,mstatus,31 */
    CHECK_EQ(i.csr, 0x300);
    CHECK_EQ(i.imm, 31);
    CHECK_EQ(i.rs1, 0);
    /* snprintf semantics of rv_disas */
    CHECK(rv_decode(0x00c58533, RV_EXTS_ALL, &i));
    CHECK_EQ(rv_disas(buf, 4, 0, &i), (int)strlen("add a0,a1,a2"));
    CHECK_STREQ(buf, "add");
    CHECK_EQ(rv_disas(NULL, 0, 0, &i), 12);
}

/*
 * Random 32-bit words: whatever decodes must be consistent with its row
 * (the matched row's pattern holds, fields re-encode to the same bits in the
 * positions the format uses) and must be rejected when its extension is off.
 */
static uint32_t reencode_fields(const RVInsn *i, RVFmt fmt)
{
    uint32_t r = 0;
    switch (fmt) {
    case FMT_R: case FMT_FR: case FMT_FCMP:
        r = i->rd << 7 | i->rs1 << 15 | i->rs2 << 20;
        break;
    case FMT_FR_RM:
        r = i->rd << 7 | i->rs1 << 15 | i->rs2 << 20 | (uint32_t)i->rm << 12;
        break;
    case FMT_FR4:
        r = i->rd << 7 | i->rs1 << 15 | i->rs2 << 20 | (uint32_t)i->rs3 << 27 |
            (uint32_t)i->rm << 12;
        break;
    case FMT_R2: case FMT_F2X: case FMT_X2F:
        r = i->rd << 7 | i->rs1 << 15;
        break;
    case FMT_FR1_RM: case FMT_FR1_XRM: case FMT_F2X_RM: case FMT_X2F_RM: case FMT_X2F_XRM:
        r = i->rd << 7 | i->rs1 << 15 | (uint32_t)i->rm << 12;
        break;
    case FMT_I: case FMT_IMEM: case FMT_FLOAD:
        r = i->rd << 7 | i->rs1 << 15 | ((uint32_t)i->imm & 0xfff) << 20;
        break;
    case FMT_SH:
        r = i->rd << 7 | i->rs1 << 15 | ((uint32_t)i->imm & 0x3f) << 20;
        break;
    case FMT_S: case FMT_FSTORE:
        r = i->rs1 << 15 | i->rs2 << 20 | ((uint32_t)i->imm & 0x1f) << 7 |
            ((uint32_t)i->imm >> 5 & 0x7f) << 25;
        break;
    case FMT_B: {
        uint32_t o = (uint32_t)i->imm;
        r = i->rs1 << 15 | i->rs2 << 20 | (o >> 12 & 1) << 31 | (o >> 5 & 0x3f) << 25 |
            (o >> 1 & 0xf) << 8 | (o >> 11 & 1) << 7;
        break;
    }
    case FMT_U:
        r = i->rd << 7 | ((uint32_t)i->imm & 0xfffff000u);
        break;
    case FMT_J: {
        uint32_t o = (uint32_t)i->imm;
        r = i->rd << 7 | (o >> 20 & 1) << 31 | (o >> 1 & 0x3ff) << 21 |
            (o >> 11 & 1) << 20 | (o >> 12 & 0xff) << 12;
        break;
    }
    case FMT_FENCE:
        r = i->rd << 7 | i->rs1 << 15 | ((uint32_t)i->imm & 0xfff) << 20;
        break;
    case FMT_SFENCE:
        r = i->rs1 << 15 | i->rs2 << 20;
        break;
    case FMT_CSR:
        r = i->rd << 7 | i->rs1 << 15 | (uint32_t)i->csr << 20;
        break;
    case FMT_CSRI:
        r = i->rd << 7 | ((uint32_t)i->imm & 0x1f) << 15 | (uint32_t)i->csr << 20;
        break;
    case FMT_AMO:
        r = i->rd << 7 | i->rs1 << 15 | i->rs2 << 20 | (uint32_t)i->aq << 26 |
            (uint32_t)i->rl << 25;
        break;
    case FMT_LR:
        r = i->rd << 7 | i->rs1 << 15 | (uint32_t)i->aq << 26 | (uint32_t)i->rl << 25;
        break;
    case FMT_CBO:
        r = i->rs1 << 15;
        break;
    case FMT_PREFETCH:
        r = i->rs1 << 15 | ((uint32_t)i->imm & 0xfff) << 20;
        break;
    case FMT_NONE: case FMT_COUNT:
        break;
    }
    return r;
}

/* The raw bits each format's fields cover (outside them, the mask holds). */
static uint32_t format_field_bits(RVFmt fmt)
{
    RVInsn all1 = { .rd = 31, .rs1 = 31, .rs2 = 31, .rs3 = 31, .rm = 7, .aq = 1, .rl = 1,
                    .csr = 0xfff, .imm = -1 };
    return reencode_fields(&all1, fmt);
}

static void test_random_words(void)
{
    unsigned fails = 0, decoded = 0;
    const unsigned n = 2000000;

    for (unsigned k = 0; k < n; k++) {
        uint32_t raw = rng32() | 3;
        RVInsn i;
        if (!rv_decode(raw, RV_EXTS_ALL, &i)) {
            continue;
        }
        decoded++;
        RVFmt fmt = rv_insn_fmt(i.op);
        uint32_t fields = format_field_bits(fmt);
        uint32_t re = reencode_fields(&i, fmt);
        if ((raw & fields) != re) {
            harness_note("0x%08x (%s): fields re-encode to 0x%08x in 0x%08x", raw,
                   rv_insn_name(i.dop), re, fields);
            fails++;
        }
        /* disabling the op's extension must reject it or change the decode */
        RVExt ext = rv_insn_ext(i.dop);
        RVExtMask off = RV_EXTS_ALL & ~rv_insn_ext_any(i.dop);
        if (ext == RV_EXT_F) {
            off &= ~RV_EXT_BIT(RV_EXT_D);       /* D implies F */
        }
        if (ext == RV_EXT_ZFHMIN) {
            off &= ~RV_EXT_BIT(RV_EXT_ZFH);     /* Zfh implies Zfhmin */
        }
        RVInsn j;
        if (rv_decode(raw, off, &j) && j.dop == i.dop) {
            harness_note("0x%08x (%s) still decodes without %s", raw, rv_insn_name(i.dop),
                   rv_ext_name(rv_insn_ext(i.dop)));
            fails++;
        }
        /* with only RV64I, only I ops decode */
        if (rv_decode(raw, RV_EXT_BIT(RV_EXT_I), &j) && rv_insn_ext(j.dop) != RV_EXT_I) {
            harness_note("0x%08x (%s) decodes with I only", raw, rv_insn_name(j.dop));
            fails++;
        }
    }
    printf("  %u of %u random words decode\n", decoded, n);
    CHECK_EQ(fails, 0);
}

/* Every row is reachable: some encoding of its pattern decodes to it. */
static void test_every_row_reachable(void)
{
    unsigned fails = 0;

    for (int op = 1; op < RV_OP_COUNT; op++) {
        uint32_t match, mask;
        bool hit = false;
        CHECK(rv_insn_pattern(op, &match, &mask));
        for (int t = 0; t < 256 && !hit; t++) {
            RVInsn i;
            uint32_t raw = match | (rng32() & ~mask);
            if (rv_insn_cfmt(op) >= 0) {
                raw &= 0xffff;
            }
            hit = rv_decode(raw, RV_EXTS_ALL, &i) && i.dop == (RVOp)op;
        }
        if (!hit) {
            harness_note("%s never decodes", rv_insn_name(op));
            fails++;
        }
    }
    CHECK(!rv_insn_pattern(RV_OP_ILLEGAL, NULL, NULL));
    CHECK_EQ(fails, 0);
}

/*
 * Every legal compressed instruction, re-encoded as the 32-bit instruction
 * it expands to, decodes to the same op and fields (so the expansion stays
 * within the 32-bit formats' ranges and the translator sees nothing new).
 */
static void test_expansion_reencodes(void)
{
    unsigned fails = 0;

    for (uint32_t v = 0; v < 0x10000; v++) {
        RVInsn c, w;
        uint32_t match, mask, raw;
        if ((v & 3) == 3 || !rv_decode(v, RV_EXTS_ALL, &c)) {
            continue;
        }
        RVFmt fmt = rv_insn_fmt(c.op);
        rv_insn_pattern(c.op, &match, &mask);
        raw = match | reencode_fields(&c, fmt);
        if (!rv_decode(raw, RV_EXTS_ALL, &w) || w.op != c.op || w.rd != c.rd ||
            w.rs1 != c.rs1 || w.rs2 != c.rs2 || w.imm != c.imm || w.rm != c.rm) {
            harness_note("0x%04x (%s): 32-bit form 0x%08x decodes as %s", v, rv_insn_name(c.dop),
                   raw, rv_insn_name(w.op));
            fails++;
        }
    }
    CHECK_EQ(fails, 0);
}

/* rv_disas_ex with every buffer size and option: snprintf semantics, no
 * overflow (ASan). */
static void test_disas_buffer_sizes(void)
{
    unsigned fails = 0;

    for (int k = 0; k < 20000; k++) {
        RVInsn i;
        char full[128];
        uint32_t raw = rng32();
        rv_decode(k & 1 ? raw : (raw & 0xffff) | (raw & 3 ? 0 : 1), RV_EXTS_ALL, &i);
        uint64_t pc = rng32();
        unsigned flags = (unsigned)k % 3;       /* 0, EXPAND, ALIASES */
        int n = rv_disas_ex(full, sizeof(full), pc, &i, flags);
        if (n <= 0 || (size_t)n >= sizeof(full) || strlen(full) != (size_t)n) {
            fails++;
            continue;
        }
        for (int size = 0; size <= n + 1; size += 1 + (k % 3)) {
            char *b = malloc(size ? size : 1);
            int m = rv_disas_ex(size ? b : NULL, (size_t)size, pc, &i, flags);
            if (m != n || (size && (strlen(b) != (size_t)(size - 1 < n ? size - 1 : n) ||
                                    strncmp(b, full, strlen(b)) != 0))) {
                fails++;
            }
            free(b);
        }
    }
    CHECK_EQ(fails, 0);
}

/* RV_DISAS_ALIASES: pseudo-instructions as objdump prints them by default
 * (where binutils 2.40 is odd, the spec's name: csrwi, addi). */
static void test_disas_aliases(void)
{
    static const struct { uint64_t pc; uint32_t raw; const char *text; } v[] = {
        { 0x00, 0x00000013, "nop" },          { 0x04, 0x00500513, "li a0,5" },
        { 0x08, 0x00058513, "mv a0,a1" },     { 0x0c, 0x0005851b, "sext.w a0,a1" },
        { 0x10, 0xfff5c513, "not a0,a1" },    { 0x14, 0x40b00533, "neg a0,a1" },
        { 0x18, 0x40b0053b, "negw a0,a1" },   { 0x1c, 0x0015b513, "seqz a0,a1" },
        { 0x20, 0x00b03533, "snez a0,a1" },   { 0x24, 0x0005a533, "sltz a0,a1" },
        { 0x28, 0x00b02533, "sgtz a0,a1" },   { 0x2c, 0x0805853b, "zext.w a0,a1" },
        { 0x30, 0x0000006f, "j 30" },         { 0x34, 0xffdff0ef, "jal 30" },
        { 0x38, 0x00008067, "ret" },          { 0x3c, 0x00050067, "jr a0" },
        { 0x40, 0x000500e7, "jalr a0" },      { 0x44, 0xfe0506e3, "beqz a0,30" },
        { 0x48, 0xfe0514e3, "bnez a0,30" },   { 0x4c, 0xfe0542e3, "bltz a0,30" },
        { 0x50, 0xfe0550e3, "bgez a0,30" },   { 0x54, 0xfca04ee3, "bgtz a0,30" },
        { 0x58, 0xfca05ce3, "blez a0,30" },   { 0x5c, 0x0ff0000f, "fence" },
        { 0x60, 0xc0002573, "rdcycle a0" },   { 0x64, 0xc0102573, "rdtime a0" },
        { 0x68, 0x00302573, "frcsr a0" },     { 0x6c, 0x00202573, "frrm a0" },
        { 0x70, 0x00102573, "frflags a0" },   { 0x74, 0x30002573, "csrr a0,mstatus" },
        { 0x78, 0x30059073, "csrw mstatus,a1" }, { 0x7c, 0x3045a073, "csrs mie,a1" },
        { 0x80, 0x3045b073, "csrc mie,a1" },  { 0x84, 0x3002d073, "csrwi mstatus,5" },
        { 0x88, 0x22b58553, "fmv.d fa0,fa1" }, { 0x8c, 0x20b59553, "fneg.s fa0,fa1" },
        { 0x90, 0x22b5a553, "fabs.d fa0,fa1" }, { 0x94, 0x0505, "addi a0,a0,1" },
        { 0x96, 0x852e, "mv a0,a1" },         { 0x98, 0x8082, "ret" },
        { 0x9a, 0x0001, "nop" },              { 0x9c, 0x4515, "li a0,5" },
        { 0x9e, 0x41c8, "lw a0,4(a1)" },      { 0xa0, 0x0210000f, "fence r,w" },
        { 0xa4, 0x0100000f, "pause" },        { 0xa8, 0x02056013, "prefetch.i 32(a0)" },
        { 0xac, 0x00c58533, "add a0,a1,a2" }, { 0xb0, 0xffffffff, ".4byte 0xffffffff" },
    };
    char buf[64];

    for (size_t k = 0; k < ARRAY_SIZE(v); k++) {
        RVInsn i;
        rv_decode(v[k].raw, RV_EXTS_ALL, &i);
        rv_disas_ex(buf, sizeof(buf), v[k].pc, &i, RV_DISAS_ALIASES);
        CHECK_STREQ(buf, v[k].text);
    }
    /* RV_DISAS_EXPAND alone: the 32-bit form, no pseudo-instructions */
    {
        RVInsn i;
        rv_decode(0x852e, RV_EXTS_ALL, &i);
        rv_disas_ex(buf, sizeof(buf), 0, &i, RV_DISAS_EXPAND);
        CHECK_STREQ(buf, "add a0,zero,a1");
        rv_disas_ex(buf, sizeof(buf), 0, &i, 0);
        CHECK_STREQ(buf, "c.mv a0,a1");
    }
}

int main(void)
{
    RUN_TEST(test_table_unambiguous);
    RUN_TEST(test_objdump_vectors);
    RUN_TEST(test_all_halfwords);
    RUN_TEST(test_compressed_expansion);
    RUN_TEST(test_hints_and_priority);
    RUN_TEST(test_immediates);
    RUN_TEST(test_random_words);
    RUN_TEST(test_every_row_reachable);
    RUN_TEST(test_expansion_reencodes);
    RUN_TEST(test_disas_buffer_sizes);
    RUN_TEST(test_disas_aliases);
    HARNESS_EXIT();
}
