/*
 * Devices: objects with realize (create regions and IRQs, may fail), reset,
 * and IRQ lines.  A device touches the rest of the machine only through IRQ
 * lines, the memory API and the virtual clock.
 */
#ifndef HW_CORE_QDEV_H
#define HW_CORE_QDEV_H

#include "qom/object.h"

#define TYPE_DEVICE "device"

typedef struct DeviceState {
    Object parent_obj;
    bool realized;
} DeviceState;

typedef struct DeviceClass {
    ObjectClass parent_class;
    bool (*realize)(DeviceState *dev, Error **errp);
    void (*reset)(DeviceState *dev);
    bool user_creatable;         /* may be created with -device */
} DeviceClass;

#define DEVICE(obj) OBJECT_CHECK(DeviceState, (obj), TYPE_DEVICE)
#define DEVICE_GET_CLASS(obj) OBJECT_GET_CLASS(DeviceClass, (obj), TYPE_DEVICE)
#define DEVICE_CLASS(k) OBJECT_CLASS_CHECK(DeviceClass, (k), TYPE_DEVICE)

DeviceState *qdev_new(const char *typename);
bool qdev_realize(DeviceState *dev, Error **errp);
void qdev_reset(DeviceState *dev);

/* ---- IRQ lines ---------------------------------------------------------- */

typedef void IRQHandler(void *opaque, int n, int level);

typedef struct IRQ {
    IRQHandler *handler;
    void *opaque;
    int n;
} IRQ;

/* A new line that calls handler(opaque, n, level) on each change. */
IRQ *irq_new(IRQHandler *handler, void *opaque, int n);
/* count lines numbered 0..count-1. */
IRQ **irq_new_array(IRQHandler *handler, void *opaque, int count);
static inline void irq_set(IRQ *irq, int level)
{
    if (irq) {
        irq->handler(irq->opaque, irq->n, level);
    }
}
static inline void irq_raise(IRQ *irq) { irq_set(irq, 1); }
static inline void irq_lower(IRQ *irq) { irq_set(irq, 0); }

#endif
