/*
 * Interrupt storms: a software interrupt raised again and again (msip set
 * from the loop, and from the handler itself for a burst), a timer whose
 * compare value is always in the past, and a level-triggered UART
 * THR-empty interrupt through the PLIC, re-raised from the handler.  Each
 * storm must make progress and end.
 */
#include "hostile.h"

#define MSI_N 100000
#define MTI_N 20000
#define MEI_N 5000

static volatile unsigned burst;
static volatile uint64_t mei_seen, mti_seen;

static void hook(unsigned irq)
{
    if (irq == 3 && burst) {
        burst--;
        MMIO32(CLINT_MSIP) = 1;         /* again, right after mret */
    }
    if (irq == 7 && ++mti_seen < MTI_N) {
        MMIO64(CLINT_MTIMECMP) = 0;     /* due again at once */
    }
    if (irq == 11) {
        /* Re-enabling ETBEI with the THR empty raises the interrupt again. */
        MMIO8(UART_BASE + 1) = 0;
        if (++mei_seen < MEI_N) {
            MMIO8(UART_BASE + 1) = 0x02;
        }
    }
}

int main(void)
{
    irq_hook = hook;
    MMIO64(CLINT_MTIMECMP) = ~0ull;
    csr_write(mie, MIP_MSIP | MIP_MTIP | MIP_MEIP);
    csr_set(mstatus, MSTATUS_MIE);

    /* Software interrupts from the loop. */
    uint64_t before = trap_count[16 + 3];
    for (int i = 0; i < MSI_N; i++) {
        MMIO32(CLINT_MSIP) = 1;
    }
    if (trap_count[16 + 3] - before != MSI_N) {
        fail("software interrupts taken", trap_count[16 + 3] - before);
    }
    /* A burst re-raised from inside the handler. */
    burst = MSI_N;
    MMIO32(CLINT_MSIP) = 1;
    for (int i = 0; i < 1000 && burst; i++) {
        __asm__ volatile("nop");
    }
    if (burst) {
        fail("software interrupt burst did not drain", burst);
    }

    /* The timer, always due. */
    MMIO64(CLINT_MTIMECMP) = 0;
    for (int i = 0; i < 1000 && mti_seen < MTI_N; i++) {
        __asm__ volatile("nop");
    }
    MMIO64(CLINT_MTIMECMP) = ~0ull;
    if (mti_seen < MTI_N) {
        fail("timer interrupts taken", mti_seen);
    }

    /* UART THR empty -> PLIC source 10 -> M-mode external, level high. */
    MMIO32(PLIC_BASE + 4 * 10) = 1;                 /* priority */
    MMIO32(PLIC_BASE + 0x2000) = 1u << 10;          /* enable, context 0 */
    MMIO32(PLIC_BASE + 0x200000) = 0;               /* threshold */
    MMIO8(UART_BASE + 1) = 0x02;                    /* IER: ETBEI */
    for (int i = 0; i < 10 * MEI_N && mei_seen < MEI_N; i++) {
        __asm__ volatile("nop");
    }
    if (mei_seen < MEI_N) {
        fail("UART interrupts taken", mei_seen);
    }
    MMIO32(PLIC_BASE + 0x2000) = 0;
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mie, 0);
    putstr("hostile: irq_storm: ");
    puthex(trap_total);
    putstr(" interrupts\n");
    return 0;
}
