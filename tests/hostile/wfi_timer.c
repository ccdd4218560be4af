/*
 * WFI, always with a way out armed: the timer due shortly with MTIE set
 * and MIE off (WFI must wake without taking the trap), the same with MIE on
 * (the trap is taken), WFI with a software interrupt already pending,
 * WFI in U-mode (illegal) and in S-mode with mstatus.TW (illegal) with the
 * timer armed in case they wait, and a burst of WFIs racing a timer storm.
 */
#include "hostile.h"

#define MSTATUS_TW (1ull << 21)

static void arm_timer(uint64_t ticks)
{
    MMIO64(CLINT_MTIMECMP) = mtime() + ticks;
}

static void lower_wfi(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

static volatile uint64_t rearm;

static void hook(unsigned irq)
{
    if (irq == 7 && rearm) {
        rearm--;
        arm_timer(50);
    }
}

int main(void)
{
    csr_write(mie, MIP_MTIP);

    /* MIE off: WFI wakes on the pending timer, no trap. */
    for (int i = 0; i < 50; i++) {
        uint64_t t = trap_total;
        arm_timer(2000);                            /* 200 us at 10 MHz */
        while (!(csr_read(mip) & MIP_MTIP)) {
            __asm__ volatile("wfi" ::: "memory");
        }
        MMIO64(CLINT_MTIMECMP) = ~0ull;
        if (trap_total != t) {
            fail("trap taken with MIE off", last_cause);
        }
    }
    /* MIE on: the trap is taken (its handler disarms the timer). */
    for (int i = 0; i < 50; i++) {
        uint64_t n = trap_count[16 + 7];
        csr_clear(mstatus, MSTATUS_MIE);
        arm_timer(2000);
        while (trap_count[16 + 7] == n) {
            __asm__ volatile("wfi" ::: "memory");   /* with MIE off, then take it */
            csr_set(mstatus, MSTATUS_MIE);
            csr_clear(mstatus, MSTATUS_MIE);
        }
    }
    /* A software interrupt already pending (enabled, MIE off): no wait. */
    csr_write(mie, MIP_MSIP);
    MMIO32(CLINT_MSIP) = 1;
    for (int i = 0; i < 1000; i++) {
        __asm__ volatile("wfi" ::: "memory");
    }
    MMIO32(CLINT_MSIP) = 0;

    /* WFI below M-mode: U-mode, and S-mode with TW. The timer is armed (an
       M-mode interrupt preempts U/S regardless of MIE) in case they wait. */
    csr_write(mie, MIP_MTIP);
    for (int i = 0; i < 20; i++) {
        arm_timer(20000);
        uint64_t c = run_in_mode(0, lower_wfi);
        if (c != ~0ull && c != 2) {
            fail("U-mode wfi: cause", c);
        }
        csr_set(mstatus, MSTATUS_TW);
        arm_timer(20000);
        c = run_in_mode(1, lower_wfi);
        csr_clear(mstatus, MSTATUS_TW);
        if (c != 2) {
            fail("S-mode wfi with TW: cause", c);
        }
        MMIO64(CLINT_MTIMECMP) = ~0ull;
    }

    /* WFI against a storm of short timers re-armed from the handler. */
    irq_hook = hook;
    rearm = 2000;
    arm_timer(50);
    csr_set(mstatus, MSTATUS_MIE);
    while (rearm) {
        __asm__ volatile("wfi" ::: "memory");
    }
    csr_clear(mstatus, MSTATUS_MIE);
    MMIO64(CLINT_MTIMECMP) = ~0ull;
    csr_write(mie, 0);
    putstr("hostile: wfi_timer: ");
    puthex(trap_total);
    putstr(" traps\n");
    return 0;
}
