/*
 * The virt board's devices driven through the memory API, with fake IRQ
 * handlers recording line levels.  The virtual clock runs in icount mode so
 * that time only moves when the test says.
 */
#include "hw/char/ns16550a.h"
#include "hw/core/main-loop.h"
#include "hw/core/timer.h"
#include "hw/intc/aclint.h"
#include "hw/intc/plic.h"
#include "hw/misc/sifive_test.h"
#include "hw/rtc/goldfish_rtc.h"
#include "memory/memory.h"
#include "util/error.h"
#include "tests/unit/harness.h"

#define TEST_BASE   0x100000
#define ACLINT_BASE 0x2000000
#define PLIC_BASE   0xc000000
#define UART_BASE   0x10000000

static MemoryRegion sysmem;
static AddressSpace as;
static int levels[64];              /* fake IRQ lines, by number */

static void fake_irq(void *opaque, int n, int level)
{
    levels[n] = level;
}

static IRQ *line(int n)
{
    return irq_new(fake_irq, NULL, n);
}

static uint64_t rd(hwaddr a, unsigned size)
{
    uint8_t b[8] = { 0 };
    uint64_t v = 0;

    address_space_read(&as, a, b, size);
    for (int i = size - 1; i >= 0; i--) {
        v = v << 8 | b[i];
    }
    return v;
}

static void wr(hwaddr a, uint64_t v, unsigned size)
{
    uint8_t b[8];

    for (unsigned i = 0; i < size; i++) {
        b[i] = v >> (8 * i);
    }
    address_space_write(&as, a, b, size);
}

/* ---- sifive_test ------------------------------------------------------------ */

static void test_sifive_test(void)
{
    int code = -1;

    CHECK(!main_loop_reset_requested());
    wr(TEST_BASE, 0x1234, 4);                       /* unknown command: nothing */
    wr(TEST_BASE + 8, 0x5555, 4);                   /* bad offset: nothing */
    CHECK(!main_loop_shutdown_requested(&code));
    CHECK_EQ(rd(TEST_BASE, 4), 0);
    wr(TEST_BASE, 0x7777, 4);
    CHECK(main_loop_reset_requested());
    CHECK(!main_loop_reset_requested());            /* the request is consumed */
    /* Shutdown requests are sticky: this is the process's only one. */
    wr(TEST_BASE, 0x3333 | (42 << 16), 4);
    CHECK(main_loop_shutdown_requested(&code));
    CHECK_EQ(code, 42);
}

/* ---- ACLINT -------------------------------------------------------------------- */

enum { MSIP0 = 0, MSIP1 = 1, MTIP0 = 2, MTIP1 = 3 };

static void advance_ns(int64_t ns)
{
    clock_account_insns(ns);                        /* icount shift 0: 1 ns per insn */
    timers_run_expired();
}

static void test_aclint(void)
{
    DeviceState *d = aclint_create(&sysmem, ACLINT_BASE, 2, NULL);

    CHECK(d != NULL);
    aclint_connect_hart(d, 0, line(MSIP0), line(MTIP0));
    aclint_connect_hart(d, 1, line(MSIP1), line(MTIP1));
    qdev_reset(d);
    /* mtimecmp is not reset (it starts at 0): park both harts' comparators. */
    wr(ACLINT_BASE + ACLINT_MTIMECMP, UINT64_MAX, 8);
    wr(ACLINT_BASE + ACLINT_MTIMECMP + 8, UINT64_MAX, 8);
    CHECK_EQ(levels[MTIP0] | levels[MTIP1], 0);

    /* mtime: 10 MHz, i.e. one tick per 100 ns of virtual time, from 0 at reset. */
    uint64_t t0 = rd(ACLINT_BASE + ACLINT_MTIME, 8);
    advance_ns(1000);
    CHECK_EQ(rd(ACLINT_BASE + ACLINT_MTIME, 8) - t0, 10);
    CHECK_EQ(aclint_read_mtime(d), rd(ACLINT_BASE + ACLINT_MTIME, 8));
    wr(ACLINT_BASE + ACLINT_MTIME, 0x100000005ull, 8);
    CHECK_EQ(rd(ACLINT_BASE + ACLINT_MTIME, 4), 5);
    CHECK_EQ(rd(ACLINT_BASE + ACLINT_MTIME + 4, 4), 1);
    wr(ACLINT_BASE + ACLINT_MTIME + 4, 0, 4);       /* 4-byte write of the high half */
    CHECK_EQ(rd(ACLINT_BASE + ACLINT_MTIME, 8), 5);
    wr(ACLINT_BASE + ACLINT_MTIME, 0, 8);

    /* msip per hart */
    wr(ACLINT_BASE + 4, 1, 4);
    CHECK_EQ(levels[MSIP1], 1);
    CHECK_EQ(levels[MSIP0], 0);
    CHECK_EQ(rd(ACLINT_BASE + 4, 4), 1);
    wr(ACLINT_BASE + 4, 0xfffffffe, 4);             /* only bit 0 exists */
    CHECK_EQ(levels[MSIP1], 0);
    CHECK_EQ(rd(ACLINT_BASE + 4, 4), 0);

    /* mtimecmp: MTIP while mtime >= mtimecmp; a timer raises it on time. */
    wr(ACLINT_BASE + ACLINT_MTIMECMP, 50, 8);       /* 5000 ns away */
    CHECK_EQ(levels[MTIP0], 0);
    CHECK_EQ(rd(ACLINT_BASE + ACLINT_MTIMECMP, 8), 50);
    advance_ns(4900);
    CHECK_EQ(levels[MTIP0], 0);
    advance_ns(100);
    CHECK_EQ(levels[MTIP0], 1);
    CHECK_EQ(levels[MTIP1], 0);
    wr(ACLINT_BASE + ACLINT_MTIMECMP, UINT64_MAX, 8);
    CHECK_EQ(levels[MTIP0], 0);
    /* 4-byte halves of hart 1's mtimecmp */
    wr(ACLINT_BASE + ACLINT_MTIMECMP + 8, 0, 4);
    wr(ACLINT_BASE + ACLINT_MTIMECMP + 12, 0, 4);
    CHECK_EQ(levels[MTIP1], 1);
    CHECK_EQ(rd(ACLINT_BASE + ACLINT_MTIMECMP + 12, 4), 0);
    /* Moving mtime back lowers it again. */
    wr(ACLINT_BASE + ACLINT_MTIMECMP + 8, 1000, 8);
    CHECK_EQ(levels[MTIP1], 0);
    wr(ACLINT_BASE + ACLINT_MTIME, 2000, 8);
    CHECK_EQ(levels[MTIP1], 1);
    wr(ACLINT_BASE + ACLINT_MTIME, 0, 8);
    CHECK_EQ(levels[MTIP1], 0);
    advance_ns(100 * 1000);
    CHECK_EQ(levels[MTIP1], 1);

    /* Unknown offsets read as zero. */
    CHECK_EQ(rd(ACLINT_BASE + 0x8000, 4), 0);
    CHECK_EQ(rd(ACLINT_BASE + 8, 4), 0);            /* msip of a hart that does not exist */
    wr(ACLINT_BASE + 0x8000, 1, 4);
}

/* ---- PLIC ------------------------------------------------------------------------ */

enum { MEIP0 = 10, SEIP0 = 11, MEIP1 = 12, SEIP1 = 13 };

#define PRIO(n)      (PLIC_BASE + 4 * (n))
#define PENDING(w)   (PLIC_BASE + PLIC_PENDING + 4 * (w))
#define ENABLE(c, w) (PLIC_BASE + PLIC_ENABLE + PLIC_ENABLE_STRIDE * (c) + 4 * (w))
#define THRESH(c)    (PLIC_BASE + PLIC_CONTEXT + PLIC_CONTEXT_STRIDE * (c))
#define CLAIM(c)     (THRESH(c) + 4)

static void test_plic(void)
{
    DeviceState *d = plic_create(&sysmem, PLIC_BASE, 2, NULL);

    CHECK(d != NULL);
    plic_connect_context(d, 0, line(MEIP0));
    plic_connect_context(d, 1, line(SEIP0));
    plic_connect_context(d, 2, line(MEIP1));
    plic_connect_context(d, 3, line(SEIP1));
    IRQ *src10 = plic_get_irq(d, 10), *src11 = plic_get_irq(d, 11);
    IRQ *src40 = plic_get_irq(d, 40);

    /* Priorities are 3 bits; source 0 does not exist. */
    wr(PRIO(10), 0xff, 4);
    CHECK_EQ(rd(PRIO(10), 4), 7);
    wr(PRIO(0), 5, 4);
    CHECK_EQ(rd(PRIO(0), 4), 0);
    wr(PRIO(10), 1, 4);
    wr(PRIO(11), 1, 4);
    wr(PRIO(40), 3, 4);

    /* A pending source with priority 0 or not enabled interrupts nobody. */
    irq_raise(src10);
    CHECK_EQ(rd(PENDING(0), 4), 1u << 10);
    CHECK_EQ(levels[MEIP0] | levels[SEIP0] | levels[MEIP1] | levels[SEIP1], 0);
    wr(ENABLE(1, 0), 0xffffffff, 4);                /* S context of hart 0 */
    CHECK_EQ(rd(ENABLE(1, 0), 4), 0xfffffffe);      /* bit 0 (source 0) is hardwired */
    CHECK_EQ(levels[SEIP0], 1);
    CHECK_EQ(levels[MEIP0], 0);

    /* Threshold: only priorities above it. */
    wr(THRESH(1), 1, 4);
    CHECK_EQ(levels[SEIP0], 0);
    wr(THRESH(1), 0, 4);
    CHECK_EQ(levels[SEIP0], 1);

    /* Claim returns the source, clears pending; the line falls. */
    CHECK_EQ(rd(CLAIM(1), 4), 10);
    CHECK_EQ(rd(PENDING(0), 4), 0);
    CHECK_EQ(levels[SEIP0], 0);
    CHECK_EQ(rd(CLAIM(1), 4), 0);                   /* nothing else */
    /* Level still high at completion: pending again. */
    wr(CLAIM(1), 10, 4);
    CHECK_EQ(levels[SEIP0], 1);
    CHECK_EQ(rd(CLAIM(1), 4), 10);
    irq_lower(src10);
    wr(CLAIM(1), 10, 4);
    CHECK_EQ(levels[SEIP0], 0);
    CHECK_EQ(rd(PENDING(0), 4), 0);

    /* Highest priority first; equal priorities: lowest id. */
    wr(ENABLE(1, 1), 0xffffffff, 4);
    irq_raise(src11);
    irq_raise(src10);
    irq_raise(src40);
    CHECK_EQ(rd(PENDING(1), 4), 1u << (40 - 32));
    CHECK_EQ(rd(CLAIM(1), 4), 40);
    CHECK_EQ(rd(CLAIM(1), 4), 10);
    CHECK_EQ(rd(CLAIM(1), 4), 11);
    CHECK_EQ(levels[SEIP0], 0);
    irq_lower(src10);
    irq_lower(src11);
    irq_lower(src40);
    wr(CLAIM(1), 40, 4);
    wr(CLAIM(1), 10, 4);
    wr(CLAIM(1), 11, 4);
    CHECK_EQ(levels[SEIP0], 0);

    /* A line that drops before the claim withdraws the request. */
    irq_raise(src10);
    CHECK_EQ(levels[SEIP0], 1);
    irq_lower(src10);
    CHECK_EQ(levels[SEIP0], 0);

    /* Contexts are independent: hart 1 M-mode. */
    wr(ENABLE(2, 0), 1u << 10, 4);
    irq_raise(src10);
    CHECK_EQ(levels[MEIP1], 1);
    CHECK_EQ(levels[SEIP0], 1);
    CHECK_EQ(rd(CLAIM(2), 4), 10);
    CHECK_EQ(levels[MEIP1], 0);
    CHECK_EQ(levels[SEIP0], 0);                     /* claimed for everyone */
    /* Completion from a context where the source is not enabled is ignored. */
    wr(CLAIM(3), 10, 4);
    CHECK_EQ(levels[MEIP1], 0);
    wr(CLAIM(2), 10, 4);
    CHECK_EQ(levels[MEIP1], 1);
    CHECK_EQ(rd(CLAIM(2), 4), 10);
    irq_lower(src10);
    wr(CLAIM(2), 10, 4);

    /* Enable bits above riscv,ndev (96) do not exist; bad offsets read 0. */
    wr(ENABLE(0, 3), 0xffffffff, 4);
    CHECK_EQ(rd(ENABLE(0, 3), 4), 1);               /* only source 96 */
    CHECK_EQ(rd(ENABLE(4, 0), 4), 0);               /* context 4 does not exist */
    CHECK_EQ(rd(CLAIM(4), 4), 0);
    CHECK_EQ(rd(PLIC_BASE + PLIC_CONTEXT - 4, 4), 0);
    CHECK_EQ(rd(THRESH(0) + 8, 4), 0);

    /* Reset clears the configuration. */
    qdev_reset(d);
    CHECK_EQ(rd(PRIO(40), 4), 0);
    CHECK_EQ(rd(ENABLE(1, 0), 4), 0);
}

/* ---- NS16550A ------------------------------------------------------------------- */

enum { UART_IRQ = 20 };
static uint8_t tx_buf[64];
static int tx_len;

static void tx_hook(void *opaque, uint8_t byte)
{
    if (tx_len < (int)sizeof(tx_buf)) {
        tx_buf[tx_len++] = byte;
    }
}

enum { RBR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };
#define U(r) (UART_BASE + (r))

static void test_uart(void)
{
    DeviceState *d = ns16550a_create(&sysmem, UART_BASE, line(UART_IRQ), NULL, NULL);

    CHECK(d != NULL);
    ns16550a_set_tx_hook(d, tx_hook, NULL);

    /* Reset state */
    CHECK_EQ(rd(U(LSR), 1), 0x60);                  /* THRE | TEMT */
    CHECK_EQ(rd(U(IIR), 1), 0x01);                  /* no interrupt */
    CHECK_EQ(levels[UART_IRQ], 0);

    /* Transmit */
    wr(U(RBR), 'h', 1);
    wr(U(RBR), 'i', 1);
    CHECK_EQ(tx_len, 2);
    CHECK(!memcmp(tx_buf, "hi", 2));
    CHECK_EQ(rd(U(LSR), 1) & 0x60, 0x60);

    /* THR-empty interrupt: raised when enabled, acknowledged by reading IIR. */
    wr(U(IER), 0x02, 1);
    CHECK_EQ(levels[UART_IRQ], 1);
    CHECK_EQ(rd(U(IIR), 1), 0x02);
    CHECK_EQ(levels[UART_IRQ], 0);
    CHECK_EQ(rd(U(IIR), 1), 0x01);
    wr(U(RBR), '!', 1);                             /* sent: empty again */
    CHECK_EQ(levels[UART_IRQ], 1);
    wr(U(IER), 0, 1);
    CHECK_EQ(levels[UART_IRQ], 0);
    CHECK_EQ(rd(U(IIR), 1), 0x01);
    wr(U(IER), 0xff, 1);
    CHECK_EQ(rd(U(IER), 1), 0x0f);
    rd(U(IIR), 1);
    wr(U(IER), 0, 1);

    /* Divisor latch behind DLAB */
    wr(U(LCR), 0x83, 1);
    wr(U(RBR), 0x0c, 1);
    wr(U(IER), 0x01, 1);
    CHECK_EQ(rd(U(RBR), 1), 0x0c);
    CHECK_EQ(rd(U(IER), 1), 0x01);
    wr(U(LCR), 0x03, 1);
    CHECK_EQ(rd(U(IER), 1), 0x00);                  /* IER itself untouched */
    CHECK_EQ(tx_len, 3);                            /* DLL write did not transmit */
    CHECK_EQ(rd(U(LCR), 1), 0x03);

    /* Receive without FIFO: one byte holding register (the device state is
       the opaque of the backend callbacks). */
    void *be = d;
    CHECK_EQ(ns16550a_can_receive(be), 1);
    ns16550a_receive(be, (const uint8_t *)"a", 1);
    CHECK_EQ(ns16550a_can_receive(be), 0);
    CHECK_EQ(rd(U(LSR), 1) & 0x01, 0x01);           /* DR */
    CHECK_EQ(levels[UART_IRQ], 0);                  /* RDI not enabled */
    wr(U(IER), 0x01, 1);
    CHECK_EQ(levels[UART_IRQ], 1);
    CHECK_EQ(rd(U(IIR), 1), 0x04);                  /* RX data available */
    CHECK_EQ(rd(U(RBR), 1), 'a');
    CHECK_EQ(levels[UART_IRQ], 0);
    CHECK_EQ(rd(U(LSR), 1) & 0x01, 0);

    /* Overrun: a second byte with the holding register full. */
    ns16550a_receive(be, (const uint8_t *)"bc", 2);
    wr(U(IER), 0x05, 1);                            /* RDI | RLSI */
    CHECK_EQ(rd(U(IIR), 1), 0x06);                  /* line status first */
    CHECK_EQ(rd(U(LSR), 1) & 0x03, 0x03);           /* DR | OE; reading clears OE */
    CHECK_EQ(rd(U(LSR), 1) & 0x02, 0);
    CHECK_EQ(rd(U(IIR), 1), 0x04);
    CHECK_EQ(rd(U(RBR), 1), 'b');
    wr(U(IER), 0, 1);

    /* FIFO mode: 16 bytes, trigger level, timeout indication below it. */
    wr(U(FCR), 0x87, 1);                            /* enable, clear, trigger 8 */
    CHECK_EQ(rd(U(IIR), 1) & 0xc0, 0xc0);
    CHECK_EQ(ns16550a_can_receive(be), 16);
    ns16550a_receive(be, (const uint8_t *)"0123", 4);
    CHECK_EQ(ns16550a_can_receive(be), 12);
    wr(U(IER), 0x01, 1);
    CHECK_EQ(levels[UART_IRQ], 1);
    CHECK_EQ(rd(U(IIR), 1), 0xcc);                  /* character timeout */
    ns16550a_receive(be, (const uint8_t *)"4567", 4);
    CHECK_EQ(rd(U(IIR), 1), 0xc4);                  /* trigger level reached */
    char got[9] = { 0 };
    for (int i = 0; i < 8; i++) {
        got[i] = (char)rd(U(RBR), 1);
    }
    CHECK_STREQ(got, "01234567");
    CHECK_EQ(levels[UART_IRQ], 0);
    CHECK_EQ(rd(U(RBR), 1), 0);                     /* empty FIFO reads 0 */
    ns16550a_receive(be, (const uint8_t *)"xyz", 3);
    wr(U(FCR), 0x03, 1);                            /* clear RX */
    CHECK_EQ(rd(U(LSR), 1) & 0x01, 0);
    CHECK_EQ(levels[UART_IRQ], 0);
    wr(U(IER), 0, 1);

    /* Loopback: transmitted bytes come back, nothing reaches the backend. */
    int before = tx_len;
    wr(U(MCR), 0x1b, 1);                            /* LOOP | OUT2 | RTS | DTR */
    CHECK_EQ(ns16550a_can_receive(be), 0);
    wr(U(RBR), 'L', 1);
    CHECK_EQ(tx_len, before);
    CHECK_EQ(rd(U(RBR), 1), 'L');
    CHECK_EQ(rd(U(MSR), 1) & 0xf0, 0xb0);           /* DCD, DSR, CTS from OUT2, DTR, RTS */
    wr(U(MCR), 0x08, 1);

    /* Scratch, and bad offsets */
    wr(U(SCR), 0x5a, 1);
    CHECK_EQ(rd(U(SCR), 1), 0x5a);
    CHECK_EQ(rd(U(8), 1), 0);
    wr(U(0x10), 1, 1);

    qdev_reset(d);
    CHECK_EQ(rd(U(SCR), 1), 0);
    CHECK_EQ(rd(U(LSR), 1), 0x60);
}

/* ---- Goldfish RTC -------------------------------------------------------------- */

#define RTC_BASE 0x101000
enum { RTC_IRQ = 30 };

static uint64_t rtc_time(void)
{
    uint64_t lo = rd(RTC_BASE + 0x00, 4);           /* latches the high half */
    return rd(RTC_BASE + 0x04, 4) << 32 | lo;
}

static void test_goldfish_rtc(void)
{
    DeviceState *d = goldfish_rtc_create(&sysmem, RTC_BASE, line(RTC_IRQ), NULL);

    CHECK(d != NULL);
    uint64_t t0 = rtc_time();
    CHECK(t0 > 1600000000ull * 1000000000ull);      /* wall clock, after 2020 */
    advance_ns(12345);
    CHECK_EQ(rtc_time() - t0, 12345);               /* follows the virtual clock */

    /* Setting the time: high half, then low half. */
    wr(RTC_BASE + 0x04, 0x10, 4);
    wr(RTC_BASE + 0x00, 0x20, 4);
    CHECK_EQ(rtc_time(), 0x1000000020ull);

    /* An alarm 1000 ns ahead fires on time, if enabled. */
    wr(RTC_BASE + 0x10, 1, 4);
    wr(RTC_BASE + 0x0c, 0x10, 4);
    wr(RTC_BASE + 0x08, 0x20 + 1000, 4);
    CHECK_EQ(rd(RTC_BASE + 0x18, 4), 1);            /* running */
    advance_ns(999);
    CHECK_EQ(levels[RTC_IRQ], 0);
    advance_ns(1);
    CHECK_EQ(levels[RTC_IRQ], 1);
    CHECK_EQ(rd(RTC_BASE + 0x18, 4), 0);
    wr(RTC_BASE + 0x1c, 1, 4);                      /* clear interrupt */
    CHECK_EQ(levels[RTC_IRQ], 0);
    /* An alarm in the past fires at once; a cleared one never. */
    wr(RTC_BASE + 0x08, 0, 4);
    CHECK_EQ(levels[RTC_IRQ], 1);
    wr(RTC_BASE + 0x1c, 1, 4);
    wr(RTC_BASE + 0x08, 0x20 + 100000, 4);
    wr(RTC_BASE + 0x14, 1, 4);
    advance_ns(200000);
    CHECK_EQ(levels[RTC_IRQ], 0);
    CHECK_EQ(rd(RTC_BASE + 0x40, 4), 0);            /* bad offset */
}

int main(void)
{
    clock_set_icount(0);
    memory_region_init_container(&sysmem, NULL, "system", UINT64_MAX);
    address_space_init(&as, &sysmem, "memory");
    CHECK(sifive_test_create(NULL, &sysmem, TEST_BASE, NULL) != NULL);

    RUN_TEST(test_aclint);
    RUN_TEST(test_plic);
    RUN_TEST(test_uart);
    RUN_TEST(test_goldfish_rtc);
    RUN_TEST(test_sifive_test);
    HARNESS_EXIT();
}
