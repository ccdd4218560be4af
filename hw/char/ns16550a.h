/*
 * NS16550A UART (reg-shift 0, 8 registers, 1-byte accesses) with a 16-byte
 * receive FIFO fed from a character backend.
 */
#ifndef HW_CHAR_NS16550A_H
#define HW_CHAR_NS16550A_H

#include "hw/core/qdev.h"
#include "memory/memory.h"

#define TYPE_NS16550A "ns16550a"
#define NS16550A_SIZE 0x100
#define NS16550A_CLOCK_FREQ 3686400

typedef struct Chardev Chardev;

/* Create, realize and map at base; chr may be NULL (output dropped). */
DeviceState *ns16550a_create(MemoryRegion *sysmem, hwaddr base, IRQ *irq, Chardev *chr,
                             Error **errp);

/* The backend side (also used by tests): free RX space, and bytes received. */
int ns16550a_can_receive(void *opaque);
void ns16550a_receive(void *opaque, const uint8_t *buf, int len);
/* Observe transmitted bytes (tests; the board uses the chardev). */
void ns16550a_set_tx_hook(DeviceState *dev, void (*fn)(void *opaque, uint8_t byte),
                          void *opaque);

#endif
