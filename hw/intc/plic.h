/*
 * SiFive PLIC as on QEMU's virt board: level-triggered sources with
 * priorities, per-context enables, threshold and claim/complete.  Contexts:
 * 2 * hart is the hart's M-mode context, 2 * hart + 1 its S-mode context.
 */
#ifndef HW_INTC_PLIC_H
#define HW_INTC_PLIC_H

#include "hw/core/qdev.h"
#include "memory/memory.h"

#define TYPE_PLIC "sifive-plic"

#define PLIC_NUM_SOURCES    96     /* sources 1..96 (riscv,ndev) */
#define PLIC_NUM_PRIORITIES 7      /* priorities 0..7 */
#define PLIC_SIZE           0x600000

#define PLIC_PRIORITY       0x0
#define PLIC_PENDING        0x1000
#define PLIC_ENABLE         0x2000
#define PLIC_ENABLE_STRIDE  0x80
#define PLIC_CONTEXT        0x200000
#define PLIC_CONTEXT_STRIDE 0x1000

DeviceState *plic_create(MemoryRegion *sysmem, hwaddr base, int num_harts, Error **errp);
/* The input line of source n (1..num-sources), for devices to drive. */
IRQ *plic_get_irq(DeviceState *dev, int n);
/* The output of context ctx, to a hart's IRQ_M_EXT or IRQ_S_EXT. */
void plic_connect_context(DeviceState *dev, int ctx, IRQ *out);

#endif
