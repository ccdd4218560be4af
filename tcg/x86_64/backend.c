/*
 * The x86-64 JIT as a TCGBackend: host feature detection, the prologue and
 * epilogue, entering generated code, patching direct jumps, disassembly.
 *
 * The prologue is generated once per code buffer (TCGBackend.init); exec()
 * calls it: it saves the callee-saved registers, allocates the frame, pins
 * env in rbp and jumps to the TB.  exit_tb jumps to the epilogue with the
 * value in rax.  Because TCGBackend.exec gets no buffer, the prologue and
 * epilogue addresses are process-wide, set by the last init().
 */
#include <cpuid.h>
#include <capstone/capstone.h>
#include "tcg/x86_64/jit.h"

JitHostFeatures jit_host;
const uint8_t *jit_epilogue_rx, *jit_epilogue_ret0_rx;
static const uint8_t *jit_prologue_rx;

long jit_gen_code(TCGContext *s, TranslationBlock *tb, uint8_t *buf_rw,
                  const uint8_t *buf_rx, size_t size);

static void detect_host(void)
{
    unsigned a, b, c, d;

    memset(&jit_host, 0, sizeof(jit_host));
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        jit_host.popcnt = (c >> 23) & 1;
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
        jit_host.lzcnt = (c >> 5) & 1;          /* ABM */
    }
    if (__get_cpuid_max(0, NULL) >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        jit_host.bmi1 = (b >> 3) & 1;           /* tzcnt */
        jit_host.bmi2 = (b >> 8) & 1;           /* shlx/shrx/sarx */
    }
    /* FMA3 (VEX-encoded) needs the OS to save the AVX state: OSXSAVE, then
       XCR0 bits 1 (SSE) and 2 (AVX). */
    if (__get_cpuid(1, &a, &b, &c, &d) && ((c >> 12) & 1) && ((c >> 27) & 1) &&
        ((c >> 28) & 1)) {
        uint32_t lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        jit_host.fma = (lo & 6) == 6;
    }
}

static const int8_t saved_regs[] = { R_RBP, JIT_CALLEE_SAVED_REGS };

static void push_pop(JitEmit *e, int r, bool push)
{
    if (r >= 8) {
        emit8(e, 0x41);
    }
    emit8(e, (push ? 0x50 : 0x58) + (r & 7));
}

static void jit_init(uint8_t *buf_rw, const uint8_t *buf_rx, size_t size, size_t *used)
{
    JitEmit e = { .start = buf_rw, .start_rx = buf_rx, .p = buf_rw, .limit = buf_rw + size };

    assert(size >= 128);
    detect_host();
    jit_prologue_rx = buf_rx;
    for (size_t i = 0; i < ARRAY_SIZE(saved_regs); i++) {
        push_pop(&e, saved_regs[i], true);
    }
    /* 6 pushes after the return address: a frame of 8 mod 16 bytes leaves
       rsp 16-byte aligned for the calls made by generated code. */
    emit_modrm(&e, OPC_ARITH_EvIz | P_REXW, ARITH_SUB, R_RSP);
    emit32(&e, JIT_FRAME_SIZE);
    emit_mov(&e, true, R_ENV, R_RDI);
    emit_modrm(&e, OPC_GRP5, EXT5_JMP, R_RSI);

    jit_epilogue_ret0_rx = buf_rx + emit_off(&e);
    emit_zero(&e, R_RAX);
    jit_epilogue_rx = buf_rx + emit_off(&e);
    emit_modrm(&e, OPC_ARITH_EvIz | P_REXW, ARITH_ADD, R_RSP);
    emit32(&e, JIT_FRAME_SIZE);
    for (int i = ARRAY_SIZE(saved_regs) - 1; i >= 0; i--) {
        push_pop(&e, saved_regs[i], false);
    }
    emit8(&e, 0xc3);
    *used = emit_off(&e);
}

static uintptr_t jit_exec(CPUState *cpu, const void *tc)
{
    uintptr_t (*prologue)(CPUState *, const void *);

    prologue = (uintptr_t (*)(CPUState *, const void *))(uintptr_t)jit_prologue_rx;
    return prologue(cpu, tc);
}

static void jit_set_jmp_target(uint8_t *jmp_rw, const uint8_t *jmp_rx, const uint8_t *target)
{
    int64_t disp = (int64_t)((uintptr_t)target - ((uintptr_t)jmp_rx + 5));

    assert(jmp_rw[0] == OPC_JMP_long);
    assert(((uintptr_t)(jmp_rx + 1) & 3) == 0);
    assert(fits_i32(disp));
    /* An aligned 4-byte store: other threads see the old or the new jump. */
    __atomic_store_n((uint32_t *)(void *)(jmp_rw + 1), (uint32_t)disp, __ATOMIC_RELEASE);
}

void jit_disas(FILE *out, const uint8_t *code, size_t size)
{
    csh handle;
    cs_insn *insn;
    size_t n;

    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        fprintf(out, "  (capstone unavailable)\n");
        return;
    }
    n = cs_disasm(handle, code, size, (uint64_t)(uintptr_t)code, 0, &insn);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "  0x%" PRIx64 ":  %-8s %s\n", insn[i].address, insn[i].mnemonic,
                insn[i].op_str);
    }
    if (n) {
        const cs_insn *last = &insn[n - 1];
        uint64_t end = last->address + last->size;
        if (end < (uint64_t)(uintptr_t)code + size) {
            fprintf(out, "  0x%" PRIx64 ":  (%zu bytes not decoded)\n", end,
                    (size_t)((uintptr_t)code + size - end));
        }
        cs_free(insn, n);
    } else if (size) {
        fprintf(out, "  (%zu bytes not decoded)\n", size);
    }
    cs_close(&handle);
}

const TCGBackend tcg_backend_jit = {
    .name = "jit",
    .init = jit_init,
    .gen_code = jit_gen_code,
    .exec = jit_exec,
    .set_jmp_target = jit_set_jmp_target,
    .disas = jit_disas,
};
