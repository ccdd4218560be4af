/*
 * IRQ lines: a handler, its opaque and a line number.
 */
#include "hw/core/qdev.h"

IRQ *irq_new(IRQHandler *handler, void *opaque, int n)
{
    IRQ *irq = XNEW(IRQ);

    irq->handler = handler;
    irq->opaque = opaque;
    irq->n = n;
    return irq;
}

IRQ **irq_new_array(IRQHandler *handler, void *opaque, int count)
{
    IRQ **irqs = XNEWV(IRQ *, count > 0 ? count : 1);

    for (int i = 0; i < count; i++) {
        irqs[i] = irq_new(handler, opaque, i);
    }
    return irqs;
}
