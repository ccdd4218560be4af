/*
 * The RISC-V decoder and disassembler on arbitrary words and extension sets.
 * Input: 8 bytes extension mask, 8 bytes pc, 1 byte output-buffer size, then
 * instruction words (4 bytes each; a compressed one uses the low half).
 * Checks what the rest of Vireo relies on: a decoded insn matches its row,
 * its extension is enabled, its fields are in range, a compressed insn
 * ignores the upper half, and rv_disas() never writes past its buffer.
 */
#include "target/riscv/insn.h"
#include "fuzz_common.h"

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

#define CHECK(c) do {                                                          \
        if (!(c)) {                                                            \
            fprintf(stderr, "check failed: %s (raw 0x%08x exts 0x%" PRIx64 ")\n", \
                    #c, raw, exts);                                            \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* Disassemble into a heap buffer of exactly size bytes (ASan sees overruns). */
static void disas_into(size_t size, uint64_t pc, const RVInsn *insn, unsigned flags,
                       uint32_t raw, RVExtMask exts)
{
    char *buf = size ? malloc(size) : NULL;
    char full[256];
    int n = rv_disas_ex(buf, size, pc, insn, flags);
    int m = rv_disas_ex(full, sizeof(full), pc, insn, flags);

    CHECK(n == m && n > 0 && (size_t)n < sizeof(full));
    CHECK(strlen(full) == (size_t)n);
    if (size) {
        CHECK(strlen(buf) == MIN((size_t)n, size - 1));
        CHECK(!strncmp(buf, full, size - 1));
    }
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 17) {
        return 0;
    }
    RVExtMask exts = rd64(data) & RV_EXTS_ALL;
    uint64_t pc = rd64(data + 8);
    size_t bufsize = data[16] % 80;
    /* The effective set, with the implications rv_decode() applies. */
    RVExtMask eff = exts | RV_EXT_BIT(RV_EXT_PRIV);
    if (eff & RV_EXT_BIT(RV_EXT_D)) {
        eff |= RV_EXT_BIT(RV_EXT_F);
    }
    if (eff & RV_EXT_BIT(RV_EXT_ZFH)) {
        eff |= RV_EXT_BIT(RV_EXT_ZFHMIN);
    }

    for (size_t i = 17; i + 4 <= size; i += 4) {
        uint32_t raw = data[i] | data[i + 1] << 8 | data[i + 2] << 16 |
                       (uint32_t)data[i + 3] << 24;
        RVInsn insn, all;
        bool ok = rv_decode(raw, exts, &insn);
        bool ok_all = rv_decode(raw, RV_EXTS_ALL, &all);

        CHECK(insn.len == ((raw & 3) == 3 ? 4 : 2));
        CHECK(insn.len == rv_insn_length((uint16_t)raw));
        CHECK(insn.raw == (insn.len == 2 ? (raw & 0xffff) : raw));
        /* An insn valid with some extensions stays valid with all of them. */
        CHECK(!ok || ok_all);
        if (!ok) {
            CHECK(insn.op == RV_OP_ILLEGAL);
        } else {
            uint32_t match, mask;
            CHECK(insn.op > RV_OP_ILLEGAL && insn.op < RV_OP_COUNT);
            CHECK(insn.dop > RV_OP_ILLEGAL && insn.dop < RV_OP_COUNT);
            CHECK(insn.rd < 32 && insn.rs1 < 32 && insn.rs2 < 32 && insn.rs3 < 32);
            CHECK(insn.rm < 8 || rv_insn_fmt(insn.op) == FMT_FENCE);
            CHECK(insn.aq <= 1 && insn.rl <= 1 && insn.csr < 4096);
            CHECK(rv_insn_pattern(insn.dop, &match, &mask));
            CHECK((insn.raw & mask) == match);
            CHECK(rv_insn_ext_any(insn.dop) & eff);
            CHECK(rv_insn_cfmt(insn.op) < 0);      /* the translator never sees C */
            CHECK(rv_insn_name(insn.op) && rv_insn_name(insn.dop));
            CHECK(rv_insn_ext(insn.op) < RV_EXT_COUNT);
            CHECK(rv_ext_name(rv_insn_ext(insn.dop)) != NULL);
            if (insn.len == 2) {
                RVInsn low;
                CHECK(rv_decode(raw & 0xffff, exts, &low));
                CHECK(low.op == insn.op && low.imm == insn.imm && low.rd == insn.rd &&
                      low.rs1 == insn.rs1 && low.rs2 == insn.rs2);
            }
        }
        for (unsigned flags = 0; flags < 4; flags++) {
            disas_into(bufsize, pc, &insn, flags, raw, exts);
        }
        pc += insn.len;
    }
    return 0;
}
