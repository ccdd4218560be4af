/* The hostile guests' runtime (see hostile.h). */
#include "hostile.h"

volatile uint64_t trap_count[32];
volatile uint64_t trap_total;
volatile uint64_t last_cause, last_epc, last_tval;
volatile uintptr_t recover_pc;
volatile uint64_t recover_cause;
void (*volatile irq_hook)(unsigned irq);

extern char _start[], _end[];

static uint64_t rng = 0x9e3779b97f4a7c15ull;

void rand_seed(uint64_t s)
{
    rng = s ? s : 1;
}

uint64_t rand64(void)
{
    /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

uint64_t mtime(void)
{
    return MMIO64(CLINT_MTIME);
}

/* Undo what random UART writes may have done: 8N1, no DLAB, FIFO on. */
void uart_sane(void)
{
    MMIO8(UART_BASE + 3) = 0x03;
    MMIO8(UART_BASE + 1) = 0x00;
    MMIO8(UART_BASE + 2) = 0x07;
    MMIO8(UART_BASE + 4) = 0x00;
}

static void putch(char c)
{
    for (int i = 0; i < 100000 && !(MMIO8(UART_BASE + 5) & 0x20); i++) {
    }
    MMIO8(UART_BASE) = c;
}

void putstr(const char *s)
{
    while (*s) {
        putch(*s++);
    }
}

void puthex(uint64_t v)
{
    putstr("0x");
    for (int i = 60; i >= 0; i -= 4) {
        putch("0123456789abcdef"[(v >> i) & 15]);
    }
}

extern _Noreturn void hostile_exit(int status);

_Noreturn void fail(const char *why, uint64_t val)
{
    csr_clear(mstatus, MSTATUS_MIE);
    uart_sane();
    putstr("hostile: FAIL: ");
    putstr(why);
    putstr(" ");
    puthex(val);
    putstr(" (last trap cause ");
    puthex(last_cause);
    putstr(" epc ");
    puthex(last_epc);
    putstr(")\n");
    hostile_exit(1);
}

static void plic_claim_all(void)
{
    /* Context 0 (hart 0 M-mode) claim register. */
    for (int i = 0; i < 128; i++) {
        uint32_t id = MMIO32(PLIC_BASE + 0x200004);
        if (!id) {
            return;
        }
        if (id == 10) {
            /* Acknowledge the UART (the PLIC gateway is level-triggered):
               reading IIR clears THR-empty, LSR the line status, RBR data. */
            (void)MMIO8(UART_BASE + 2);
            (void)MMIO8(UART_BASE + 5);
            for (int n = 0; n < 32 && (MMIO8(UART_BASE + 5) & 1); n++) {
                (void)MMIO8(UART_BASE);
            }
        }
        MMIO32(PLIC_BASE + 0x200004) = id;
    }
    /* Still pending after 128 claims: mask everything for this context. */
    for (int w = 0; w < 4; w++) {
        MMIO32(PLIC_BASE + 0x2000 + 4 * w) = 0;
    }
}

static bool in_text(uint64_t pc)
{
    return pc >= (uintptr_t)_start && pc < (uintptr_t)_end;
}

uint64_t hostile_trap(uint64_t *frame __attribute__((unused)), uint64_t cause, uint64_t epc,
                      uint64_t tval)
{
    last_cause = cause;
    last_epc = epc;
    last_tval = tval;
    trap_total++;
    if ((int64_t)cause < 0) {
        unsigned irq = cause & 0xff;
        trap_count[16 + (irq & 15)]++;
        switch (irq) {
        case 3:
            MMIO32(CLINT_MSIP) = 0;
            break;
        case 7:
            MMIO64(CLINT_MTIMECMP) = ~0ull;
            break;
        case 11:
            plic_claim_all();
            break;
        default:
            /* A garbage write enabled some other interrupt: mask it. */
            csr_clear(mie, 1ull << irq);
            csr_clear(mip, 1ull << irq);
            break;
        }
        if (irq_hook) {
            irq_hook(irq);
        }
        return epc;
    }
    trap_count[cause & 15]++;
    uint64_t mpp = (csr_read(mstatus) >> 11) & 3;
    bool fetch = cause == 0 || cause == 1 || cause == 12;
    if (fetch || !in_text(epc) || mpp != 3) {
        if (!recover_pc) {
            fail("unexpected trap", cause);
        }
        /* Resume in M-mode with interrupts off (mret would set MIE from
           MPIE, and a timer armed for the lower mode could then hit the
           recovery code). */
        csr_set(mstatus, MSTATUS_MPP);
        csr_clear(mstatus, 1ull << 7);
        recover_cause = cause;
        uint64_t pc = recover_pc;
        recover_pc = 0;
        return pc;
    }
    uint16_t half = *(volatile uint16_t *)(uintptr_t)epc;
    return epc + ((half & 3) == 3 ? 4 : 2);
}

/* Lower-privilege runs: fn executes in U or S mode and ends with an ecall,
   which (coming from below M) resumes at recover_pc. */
static void (*volatile lower_fn)(void);

static void lower_entry(void)
{
    lower_fn();
    __asm__ volatile("ecall");
    for (;;) {
    }
}

void (*volatile hostile_secondary_fn)(unsigned hart);

void start_secondaries(void (*fn)(unsigned hart), unsigned nr_harts)
{
    hostile_secondary_fn = fn;
    __asm__ volatile("fence rw, rw" ::: "memory");
    for (unsigned h = 1; h < nr_harts; h++) {
        MMIO32(CLINT_MSIP + 4 * h) = 1;
    }
}

extern void run_lower(uint64_t mode, void (*entry)(void));

uint64_t run_in_mode(unsigned mode, void (*fn)(void))
{
    lower_fn = fn;
    run_lower(mode, lower_entry);
    return recover_cause == 8 || recover_cause == 9 ? ~0ull : recover_cause;
}

/* What the compiler may call. */
void *memset(void *d, int c, size_t n)
{
    volatile uint8_t *p = d;

    while (n--) {
        *p++ = (uint8_t)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *p = d;
    const uint8_t *q = s;

    while (n--) {
        *p++ = *q++;
    }
    return d;
}
