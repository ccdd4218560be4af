/*
 * -d out_asm for the interpreter: print pre-decoded code as one line per
 * instruction (handler name, then operands: env+off for globals, tN for
 * frame slots, $value for constants and inline immediates, @off for code
 * positions).  The constant pool after the code prints as .quad words.
 */
#include "tcg/interp/interp.h"

static const char *const handler_names[IH_COUNT] = {
#define NAME(n) #n,
    INTERP_HANDLERS(NAME)
#undef NAME
};

/* Operand kinds of each instruction word after the handler. */
enum { K_ARG = 'a', K_IMM = 'i', K_POS = 'p' };

static const char *shape_of(InterpHandler h)
{
    const char *name = handler_names[h];

    if (!strncmp(name, "brcondi_", 8)) {
        return "aip";
    }
    if (!strncmp(name, "brcond_", 7)) {
        return "aap";
    }
    if (!strncmp(name, "movcond_", 8)) {
        return "aaaaa";
    }
    if (!strncmp(name, "setcondi_", 9)) {
        return "aai";
    }
    if (!strncmp(name, "setcond_", 8)) {
        return "aaa";
    }
    switch (h) {
    case IH_addi_64: case IH_addi_32: case IH_muli_64: case IH_muli_32:
    case IH_andi_64: case IH_andi_32: case IH_ori_64: case IH_ori_32:
    case IH_xori_64: case IH_xori_32: case IH_shli_64: case IH_shli_32:
    case IH_shri_64: case IH_shri_32: case IH_sari_64: case IH_sari_32:
    case IH_qemu_ld: case IH_qemu_st:
        return "aai";
    case IH_extract_64: case IH_extract_32: case IH_sextract_64: case IH_sextract_32:
        return "aaii";
    case IH_deposit_64: case IH_deposit_32:
        return "aaaii";
    case IH_br: case IH_goto_tb:
        return "p";
    case IH_exit_tb:
        return "i";
    case IH_goto_ptr:
        return "a";
    case IH_mb:
        return "";
    case IH_movi_64: case IH_movi_32:
        return "ai";
    case IH_ld32_brnz:
        return "ip";
    case IH_qemu_ld_off: case IH_qemu_st_off:
        return "aaii";
    case IH_call:
    case IH_callv:
        return NULL;    /* variable length: see interp_disas */
    default:
        break;
    }
    if (!strncmp(name, "ld", 2) || !strncmp(name, "st", 2)) {
        return "aai";
    }
    if (h >= IH_ext_i32_i64 && h <= IH_extrh_i64_i32) {
        return "aa";
    }
    /* unary or binary register ops */
    return h < IH_mov_64 ? "aaa" : "aa";
}

static void print_arg(FILE *out, uint64_t w)
{
    int64_t off = (int64_t)w >> 2;

    switch (w & 3) {
    case IB_ENV:
        fprintf(out, "env+0x%" PRIx64, (uint64_t)off);
        break;
    case IB_FRAME:
        if (off) {
            fprintf(out, "t%" PRId64, off / 8);
        } else {
            fputs("env", out);
        }
        break;
    default: {
        uint64_t v;
        memcpy(&v, (const void *)(uintptr_t)off, 8);
        fprintf(out, "$0x%" PRIx64, v);
        break;
    }
    }
}

void interp_disas(FILE *out, const uint8_t *code, size_t size)
{
    const void *const *table;
    const uint64_t *w = (const uint64_t *)code, *end = w + size / 8;

    interp_run(NULL, NULL, &table);
    while (w < end) {
        const char *shape = NULL;
        char callshape[16];
        int h;

        for (h = 0; h < IH_COUNT; h++) {
            if ((uintptr_t)table[h] == w[0]) {
                break;
            }
        }
        if (h == IH_COUNT) {
            break;      /* the constant pool */
        }
        if (h == IH_call || h == IH_callv) {
            unsigned n = w + 2 < end ? (unsigned)w[2] : 0, k = 0, i;
            if (n > TCG_MAX_CALL_ARGS) {
                break;
            }
            callshape[k++] = 'i';
            callshape[k++] = 'i';
            for (i = 0; i < n + (h == IH_call); i++) {
                callshape[k++] = 'a';
            }
            callshape[k] = '\0';
            shape = callshape;
        } else {
            shape = shape_of((InterpHandler)h);
        }
        if (!shape || w + 1 + strlen(shape) > end) {
            break;
        }
        fprintf(out, "  %04zx:  %-14s", (size_t)((const uint8_t *)w - code), handler_names[h]);
        for (size_t i = 0; shape[i]; i++) {
            uint64_t v = w[1 + i];
            fputs(i ? ", " : " ", out);
            switch (shape[i]) {
            case K_ARG:
                print_arg(out, v);
                break;
            case K_POS:
                fprintf(out, "@%04" PRIx64, v - (uint64_t)(uintptr_t)code);
                break;
            default:
                fprintf(out, "$0x%" PRIx64, v);
                break;
            }
        }
        fputc('\n', out);
        w += 1 + strlen(shape);
    }
    for (; w < end; w++) {
        fprintf(out, "  %04zx:  .quad 0x%016" PRIx64 "\n",
                (size_t)((const uint8_t *)w - code), w[0]);
    }
}
