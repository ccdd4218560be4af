/*
 * Self-modifying code in tight loops:
 *  1. a store rewrites the next instruction of the same block every
 *     iteration (with fence.i: the new one must run; without: either may);
 *  2. an instruction rewrites itself (a store that replaces its own word);
 *  3. a block rewrites a later instruction of itself, then fence.i;
 *  4. generated functions rewritten and called thousands of times;
 *  5. an instruction straddling a page boundary whose second half changes.
 */
#include "hostile.h"

#define N 20000
#define ADDI_A0(imm) (0x00050513u | ((uint32_t)(imm) << 20))   /* addi a0,a0,imm */

/* 1. The store hits the next instruction of the same block. */
static uint64_t next_insn(uint64_t n, bool fence)
{
    register uint64_t a0 __asm__("a0") = 0;

    if (fence) {
        __asm__ volatile(
            ".option push\n.option norvc\n"
            "la t2, 2f\n"
            "li t4, %[one]\n"
            "li t5, %[two]\n"
            "1: sw t4, 0(t2)\n"
            "fence.i\n"
            "2: addi a0, a0, 100\n"
            "mv t6, t4\n mv t4, t5\n mv t5, t6\n"
            "addi %[n], %[n], -1\n"
            "bnez %[n], 1b\n"
            ".option pop\n"
            : [n] "+r"(n), "+r"(a0)
            : [one] "i"(ADDI_A0(1)), [two] "i"(ADDI_A0(2))
            : "t2", "t4", "t5", "t6", "memory");
    } else {
        __asm__ volatile(
            ".option push\n.option norvc\n"
            "la t2, 2f\n"
            "li t4, %[one]\n"
            "li t5, %[two]\n"
            "1: sw t4, 0(t2)\n"
            "2: addi a0, a0, 100\n"
            "mv t6, t4\n mv t4, t5\n mv t5, t6\n"
            "addi %[n], %[n], -1\n"
            "bnez %[n], 1b\n"
            ".option pop\n"
            : [n] "+r"(n), "+r"(a0)
            : [one] "i"(ADDI_A0(1)), [two] "i"(ADDI_A0(2))
            : "t2", "t4", "t5", "t6", "memory");
    }
    return a0;
}

/* 2. The instruction at 1: stores over itself ("sw t4,0(t2)" becomes
   "addi a0,a0,1"), the loop runs it again as the addi, then puts the
   store back: one addi per round. */
static uint64_t self_store(uint64_t n)
{
    register uint64_t a0 __asm__("a0") = 0;

    __asm__ volatile(
        ".option push\n.option norvc\n"
        "la t2, 1f\n"
        "lw t5, 0(t2)\n"            /* the store's own encoding */
        "li t4, %[one]\n"
        "li t6, 0\n"
        "1: sw t4, 0(t2)\n"
        "fence.i\n"
        "bnez t6, 2f\n"
        "li t6, 1\n"
        "j 1b\n"                    /* now 1: is the addi */
        "2: li t6, 0\n"
        "sw t5, 0(t2)\n"            /* the store again */
        "fence.i\n"
        "addi %[n], %[n], -1\n"
        "bnez %[n], 1b\n"
        ".option pop\n"
        : [n] "+r"(n), "+r"(a0)
        : [one] "i"(ADDI_A0(1))
        : "t2", "t4", "t5", "t6", "memory");
    return a0;
}

/* 3 and 4: code in a RAM buffer, generated and rewritten. */
static uint32_t buf[64] __attribute__((aligned(64)));

static uint64_t call_buf(void)
{
    register uint64_t a0 __asm__("a0") = 0;

    __asm__ volatile("jalr ra, 0(%1)" : "+r"(a0) : "r"(buf) : "ra", "t0", "t1", "memory");
    return a0;
}

/* 5. A 32-bit instruction at the last halfword of a page. */
static uint16_t straddle[4096] __attribute__((aligned(4096)));

int main(void)
{
    uint64_t r = next_insn(N, true);
    if (r != (uint64_t)N / 2 * 3) {
        fail("rewritten next instruction (fence.i): sum", r);
    }
    r = next_insn(N, false);
    if (r < N || r > 100ull * N) {
        fail("rewritten next instruction: sum", r);
    }
    r = self_store(N);
    if (r != (uint64_t)N) {
        fail("self-overwriting store: sum", r);
    }

    /* 4. li a0, k; ret -- rewritten N times. */
    for (uint32_t k = 0; k < N; k++) {
        uint32_t imm = k & 0x7ff;
        buf[0] = 0x00000513u | imm << 20;           /* addi a0, zero, imm */
        buf[1] = 0x00008067u;                       /* ret */
        __asm__ volatile("fence.i" ::: "memory");
        if (call_buf() != imm) {
            fail("generated function result", k);
        }
    }

    /* 3. The block stores a new addi into its own later slot, then
       fence.i, then runs it: t0 = &buf[3], t1 = new insn. */
    for (uint32_t k = 0; k < N / 4; k++) {
        uint32_t imm = (k * 7) & 0x7ff;
        buf[0] = 0x00000297u;                       /* auipc t0, 0 */
        buf[1] = 0x0062a623u;                       /* sw t1, 12(t0) */
        buf[2] = 0x0000100fu;                       /* fence.i */
        buf[3] = 0x00000013u;                       /* nop, to be replaced */
        buf[4] = 0x00008067u;                       /* ret */
        __asm__ volatile("fence.i" ::: "memory");
        register uint64_t t1 __asm__("t1") = 0x00000513u | imm << 20;
        register uint64_t a0 __asm__("a0") = 0;
        __asm__ volatile("jalr ra, 0(%2)" : "+r"(a0), "+r"(t1) : "r"(buf)
                         : "ra", "t0", "memory");
        if (a0 != imm) {
            fail("block rewriting itself: result", k);
        }
    }

    /* 5. addi a0, a0, imm across the page end: the immediate (upper half)
       is on the next page, ret after it. */
    uint16_t *p = &straddle[2048 - 1];              /* last halfword of page 0 */
    for (uint32_t k = 0; k < N / 4; k++) {
        uint32_t imm = (k * 13) & 0x7ff;
        uint32_t insn = ADDI_A0(imm);
        p[0] = (uint16_t)insn;
        p[1] = (uint16_t)(insn >> 16);
        p[2] = 0x8082;                              /* c.ret */
        __asm__ volatile("fence.i" ::: "memory");
        register uint64_t a0 __asm__("a0") = 1;
        __asm__ volatile("jalr ra, 0(%1)" : "+r"(a0) : "r"(p) : "ra", "memory");
        if (a0 != 1 + imm) {
            fail("instruction across a page: result", k);
        }
    }
    putstr("hostile: smc: ok\n");
    return 0;
}
