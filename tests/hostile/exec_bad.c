/*
 * Jumping to where no code is: unmapped addresses (the vector must be an
 * instruction access fault), device registers, the top of the address space, the boot ROM's
 * data and zero fill (illegal), and the boot ROM's reset code itself (which
 * re-enters _start: hostile_reentry brings us back).  exec_straddle.c
 * has the instruction straddling the end of RAM.
 */
#include "hostile.h"

#define RAM_END (DRAM_BASE + 256 * 1024 * 1024ull)   /* run.sh passes -m 256M */

/* What the code at the target may destroy: the callee-saved registers and
   sp are saved here, and sp points to a scratch stack while it runs (QEMU
   executes device registers as code: "vi" of virtio's magic is c.ldsp s2). */
uint64_t exec_save[13];
uint8_t exec_scratch[4096] __attribute__((aligned(16)));

/* Jump to target; come back (in M-mode) through a trap or a re-entry. */
static uint64_t jump_to(uint64_t target)
{
    uint64_t before = trap_total;

    __asm__ volatile(
        "la t1, exec_save\n"
        "sd sp, 0(t1)\n"
        "sd s0, 8(t1)\n"
        "sd s1, 16(t1)\n"
        "sd s2, 24(t1)\n"
        "sd s3, 32(t1)\n"
        "sd s4, 40(t1)\n"
        "sd s5, 48(t1)\n"
        "sd s6, 56(t1)\n"
        "sd s7, 64(t1)\n"
        "sd s8, 72(t1)\n"
        "sd s9, 80(t1)\n"
        "sd s10, 88(t1)\n"
        "sd s11, 96(t1)\n"
        "la t0, 1f\n"
        "la t1, recover_pc\n"
        "sd t0, 0(t1)\n"
        "la t1, hostile_reentry\n"
        "sd t0, 0(t1)\n"
        "la sp, exec_scratch + 2048\n"
        "jr %0\n"
        ".balign 4\n"
        "1: la t1, exec_save\n"
        "ld sp, 0(t1)\n"
        "ld s0, 8(t1)\n"
        "ld s1, 16(t1)\n"
        "ld s2, 24(t1)\n"
        "ld s3, 32(t1)\n"
        "ld s4, 40(t1)\n"
        "ld s5, 48(t1)\n"
        "ld s6, 56(t1)\n"
        "ld s7, 64(t1)\n"
        "ld s8, 72(t1)\n"
        "ld s9, 80(t1)\n"
        "ld s10, 88(t1)\n"
        "ld s11, 96(t1)\n"
        :: "r"(target)
        : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4", "a5",
          "a6", "a7", "ra", "memory");
    recover_pc = 0;
    hostile_reentry = 0;
    return trap_total - before;
}

static void expect_fetch_fault(uint64_t target)
{
    uint64_t faults = trap_count[1];

    jump_to(target);
    if (trap_count[1] != faults + 1 || last_cause != 1) {
        fail("no instruction access fault at", target);
    }
}

int main(void)
{
    static const uint64_t unmapped[] = {
        0x0, 0x800, 0x200000, 0x6100000, 0xdeadbeef000ull, 0x8000000000000000ull,
        0xfffffffffffffffcull, 0xfffffffffffffffeull, RAM_END, RAM_END + 0x1000,
        0x00fffffffffff000ull,
    };
    static const uint64_t devices[] = {
        UART_BASE, UART_BASE + 4, CLINT_BASE, CLINT_BASE + 0xbff8, PLIC_BASE,
        PLIC_BASE + 0x200004, RTC_BASE, TEST_BASE + 8, 0x10001000, ROM_BASE + 0x18,
        ROM_BASE + 0x28, ROM_BASE + 0x100, ROM_BASE + 0xeffe,
    };

    for (int round = 0; round < 20; round++) {
        for (unsigned i = 0; i < sizeof(unmapped) / sizeof(unmapped[0]); i++) {
            expect_fetch_fault(unmapped[i]);
        }
        for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
            jump_to(devices[i]);
        }
        /* The ROM's reset code: a full trip through _start. */
        uint64_t t = trap_total;
        jump_to(ROM_BASE);
        if (trap_total != t) {
            fail("trap while re-running the boot ROM", last_cause);
        }
    }
    putstr("hostile: exec_bad: ");
    puthex(trap_total);
    putstr(" traps\n");
    return 0;
}
