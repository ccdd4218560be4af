/*
 * NS16550A UART.  Transmission is instantaneous (THR is always empty again
 * after a write); reception goes through a 16-byte FIFO whose free space is
 * what the backend may deliver.  Register map and interrupt priorities:
 * the PC16550D datasheet, tables 2 and 4.
 */
#include "hw/char/ns16550a.h"
#include "hw/core/chardev.h"
#include "util/error.h"
#include "util/log.h"

enum {
    UART_RBR = 0,    /* read, DLAB=0; THR on write; DLL with DLAB=1 */
    UART_IER = 1,    /* DLM with DLAB=1 */
    UART_IIR = 2,    /* read; FCR on write */
    UART_LCR = 3,
    UART_MCR = 4,
    UART_LSR = 5,
    UART_MSR = 6,
    UART_SCR = 7,
};

enum {
    IER_RDI = 0x01, IER_THRI = 0x02, IER_RLSI = 0x04, IER_MSI = 0x08,
    IIR_NO_INT = 0x01, IIR_MSI = 0x00, IIR_THRI = 0x02, IIR_RDI = 0x04, IIR_RLSI = 0x06,
    IIR_CTI = 0x0c, IIR_FIFO = 0xc0,
    FCR_ENABLE = 0x01, FCR_CLEAR_RX = 0x02, FCR_CLEAR_TX = 0x04,
    LCR_DLAB = 0x80,
    MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10,
    LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40,
    MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40,
    MSR_DCD = 0x80,
};

#define RX_FIFO_SIZE 16

typedef struct NS16550A {
    DeviceState parent_obj;
    MemoryRegion mmio;
    IRQ *irq;
    Chardev *chr;
    void (*tx_hook)(void *opaque, uint8_t byte);
    void *tx_hook_opaque;

    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint16_t divisor;
    bool thr_ipending;           /* THR-empty interrupt not yet acknowledged */
    uint8_t rx_fifo[RX_FIFO_SIZE];
    unsigned rx_head, rx_count;
    int irq_level;
} NS16550A;

#define NS16550A_DEV(obj) OBJECT_CHECK(NS16550A, (obj), TYPE_NS16550A)

/* ---- Backend glue ---------------------------------------------------------- */

static void uart_chr_write(NS16550A *s, uint8_t byte)
{
    if (s->tx_hook) {
        s->tx_hook(s->tx_hook_opaque, byte);
    }
    if (s->chr) {
        chardev_write(s->chr, &byte, 1);
    }
}

/* The guest made room in the FIFO: let the backend deliver more. */
static void uart_chr_accept_input(NS16550A *s)
{
    if (s->chr) {
        chardev_accept_input(s->chr);
    }
}

static void uart_chr_connect(NS16550A *s)
{
    if (s->chr) {
        chardev_set_handlers(s->chr, ns16550a_can_receive, ns16550a_receive, s);
    }
}

/* ---- Core -------------------------------------------------------------------- */

static bool fifo_enabled(const NS16550A *s)
{
    return s->fcr & FCR_ENABLE;
}

static unsigned rx_trigger_level(const NS16550A *s)
{
    static const unsigned levels[4] = { 1, 4, 8, 14 };

    return fifo_enabled(s) ? levels[s->fcr >> 6] : 1;
}

/* The highest-priority pending interrupt's IIR code, or IIR_NO_INT. */
static uint8_t uart_pending_iir(const NS16550A *s)
{
    if ((s->ier & IER_RLSI) && (s->lsr & LSR_OE)) {
        return IIR_RLSI;
    }
    if ((s->ier & IER_RDI) && s->rx_count) {
        /* Below the trigger level the FIFO reports a character timeout;
           we do not wait the four character times. */
        return s->rx_count >= rx_trigger_level(s) ? IIR_RDI : IIR_CTI;
    }
    if ((s->ier & IER_THRI) && s->thr_ipending) {
        return IIR_THRI;
    }
    if ((s->ier & IER_MSI) && (s->msr & (MSR_DCTS | MSR_DDSR))) {
        return IIR_MSI;
    }
    return IIR_NO_INT;
}

static void uart_update_irq(NS16550A *s)
{
    int level = uart_pending_iir(s) != IIR_NO_INT;

    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set(s->irq, level);
    }
}

static void rx_push(NS16550A *s, uint8_t byte)
{
    unsigned cap = fifo_enabled(s) ? RX_FIFO_SIZE : 1;

    if (s->rx_count >= cap) {
        s->lsr |= LSR_OE;
        return;
    }
    s->rx_fifo[(s->rx_head + s->rx_count) % RX_FIFO_SIZE] = byte;
    s->rx_count++;
    s->lsr |= LSR_DR;
}

static uint8_t rx_pop(NS16550A *s)
{
    uint8_t byte = 0;

    if (s->rx_count) {
        byte = s->rx_fifo[s->rx_head];
        s->rx_head = (s->rx_head + 1) % RX_FIFO_SIZE;
        s->rx_count--;
    }
    if (!s->rx_count) {
        s->lsr &= ~LSR_DR;
    }
    return byte;
}

int ns16550a_can_receive(void *opaque)
{
    NS16550A *s = opaque;

    if (s->mcr & MCR_LOOP) {
        return 0;                       /* the line is disconnected in loopback */
    }
    return (fifo_enabled(s) ? RX_FIFO_SIZE : 1) - s->rx_count;
}

void ns16550a_receive(void *opaque, const uint8_t *buf, int len)
{
    NS16550A *s = opaque;

    for (int i = 0; i < len; i++) {
        rx_push(s, buf[i]);
    }
    uart_update_irq(s);
}

static void uart_transmit(NS16550A *s, uint8_t byte)
{
    if (s->mcr & MCR_LOOP) {
        rx_push(s, byte);
    } else {
        uart_chr_write(s, byte);
    }
    /* The byte left at once: THR is empty again and may interrupt. */
    s->lsr |= LSR_THRE | LSR_TEMT;
    s->thr_ipending = true;
}

/* Loopback ties the modem outputs to the inputs (datasheet 8.6). */
static uint8_t uart_msr(const NS16550A *s)
{
    if (s->mcr & MCR_LOOP) {
        uint8_t m = s->msr & 0x0f;
        m |= (s->mcr & MCR_RTS) ? MSR_CTS : 0;
        m |= (s->mcr & MCR_DTR) ? MSR_DSR : 0;
        m |= (s->mcr & MCR_OUT1) ? MSR_RI : 0;
        m |= (s->mcr & MCR_OUT2) ? MSR_DCD : 0;
        return m;
    }
    return s->msr;
}

static uint64_t ns16550a_read(void *opaque, hwaddr off, unsigned size)
{
    NS16550A *s = opaque;
    uint8_t val = 0;

    switch (off) {
    case UART_RBR:
        if (s->lcr & LCR_DLAB) {
            val = s->divisor & 0xff;
        } else {
            bool was_full = ns16550a_can_receive(s) == 0;
            val = rx_pop(s);
            uart_update_irq(s);
            if (was_full) {
                uart_chr_accept_input(s);
            }
        }
        break;
    case UART_IER:
        val = (s->lcr & LCR_DLAB) ? s->divisor >> 8 : s->ier;
        break;
    case UART_IIR:
        val = uart_pending_iir(s);
        if (val == IIR_THRI) {
            s->thr_ipending = false;    /* reading IIR acknowledges THRE */
            uart_update_irq(s);
        }
        if (fifo_enabled(s)) {
            val |= IIR_FIFO;
        }
        break;
    case UART_LCR:
        val = s->lcr;
        break;
    case UART_MCR:
        val = s->mcr;
        break;
    case UART_LSR:
        val = s->lsr;
        if (s->lsr & LSR_OE) {
            s->lsr &= ~LSR_OE;          /* error bits clear on read */
            uart_update_irq(s);
        }
        break;
    case UART_MSR:
        val = uart_msr(s);
        if (s->msr & 0x0f) {
            s->msr &= ~0x0f;            /* delta bits clear on read */
            uart_update_irq(s);
        }
        break;
    case UART_SCR:
        val = s->scr;
        break;
    default:
        log_guest_error("ns16550a: read of bad offset 0x%" PRIx64 "\n", off);
        return 0;
    }
    return val;
}

static void ns16550a_write(void *opaque, hwaddr off, uint64_t val64, unsigned size)
{
    NS16550A *s = opaque;
    uint8_t val = val64;

    switch (off) {
    case UART_RBR:
        if (s->lcr & LCR_DLAB) {
            s->divisor = (s->divisor & 0xff00) | val;
        } else {
            uart_transmit(s, val);
        }
        break;
    case UART_IER:
        if (s->lcr & LCR_DLAB) {
            s->divisor = (s->divisor & 0x00ff) | val << 8;
        } else {
            uint8_t old = s->ier;
            s->ier = val & 0x0f;
            /* Enabling ETBEI with THR empty raises the interrupt (datasheet). */
            if (!(old & IER_THRI) && (s->ier & IER_THRI) && (s->lsr & LSR_THRE)) {
                s->thr_ipending = true;
            }
        }
        break;
    case UART_IIR: {                    /* FCR */
        bool was_enabled = fifo_enabled(s);
        if ((val & FCR_CLEAR_RX) || (val & FCR_ENABLE) != was_enabled) {
            s->rx_head = s->rx_count = 0;
            s->lsr &= ~LSR_DR;
            uart_chr_accept_input(s);
        }
        s->fcr = val & 0xc9;            /* enable, DMA mode, trigger level */
        break;
    }
    case UART_LCR:
        s->lcr = val;
        break;
    case UART_MCR: {
        bool was_loop = s->mcr & MCR_LOOP;
        s->mcr = val & 0x1f;
        if (was_loop && !(s->mcr & MCR_LOOP)) {
            uart_chr_accept_input(s);
        }
        break;
    }
    case UART_LSR:
    case UART_MSR:
        break;                          /* read-only; writes are ignored */
    case UART_SCR:
        s->scr = val;
        break;
    default:
        log_guest_error("ns16550a: write to bad offset 0x%" PRIx64 "\n", off);
        return;
    }
    uart_update_irq(s);
}

static const MemoryOps ns16550a_ops = {
    .read = ns16550a_read,
    .write = ns16550a_write,
    .min_access_size = 1,
    .max_access_size = 1,
};

static void ns16550a_reset(DeviceState *dev)
{
    NS16550A *s = NS16550A_DEV(dev);

    s->ier = 0;
    s->lcr = 0;
    s->mcr = MCR_OUT2;
    s->lsr = LSR_THRE | LSR_TEMT;
    s->msr = MSR_DCD | MSR_DSR | MSR_CTS;
    s->scr = 0;
    s->fcr = 0;
    s->divisor = 0;
    s->thr_ipending = false;
    s->rx_head = s->rx_count = 0;
    s->irq_level = 0;
    irq_lower(s->irq);
}

static bool ns16550a_realize(DeviceState *dev, Error **errp)
{
    NS16550A *s = NS16550A_DEV(dev);

    memory_region_init_io(&s->mmio, OBJECT(dev), &ns16550a_ops, s, "ns16550a",
                          NS16550A_SIZE);
    ns16550a_reset(dev);
    uart_chr_connect(s);
    return true;
}

DeviceState *ns16550a_create(MemoryRegion *sysmem, hwaddr base, IRQ *irq, Chardev *chr,
                             Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_NS16550A);
    NS16550A *s = NS16550A_DEV(dev);

    s->irq = irq;
    s->chr = chr;
    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    if (sysmem) {
        memory_region_add_subregion(sysmem, base, &s->mmio);
    }
    return dev;
}

void ns16550a_set_tx_hook(DeviceState *dev, void (*fn)(void *opaque, uint8_t byte),
                          void *opaque)
{
    NS16550A *s = NS16550A_DEV(dev);

    s->tx_hook = fn;
    s->tx_hook_opaque = opaque;
}

static void ns16550a_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    klass->desc = "NS16550A UART";
    dc->realize = ns16550a_realize;
    dc->reset = ns16550a_reset;
}

static const TypeInfo ns16550a_type = {
    .name = TYPE_NS16550A,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(NS16550A),
    .class_init = ns16550a_class_init,
};

static void ns16550a_register_types(void)
{
    type_register_static(&ns16550a_type);
}

type_init(ns16550a_register_types)
