/*
 * The device base type: realize once, reset.
 */
#include "hw/core/qdev.h"
#include "util/error.h"

DeviceState *qdev_new(const char *typename)
{
    Object *obj = object_new(typename);

    if (!obj) {
        return NULL;
    }
    return DEVICE(obj);
}

bool qdev_realize(DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dev->realized) {
        return true;
    }
    if (dc->realize && !dc->realize(dev, errp)) {
        return false;
    }
    dev->realized = true;
    return true;
}

void qdev_reset(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (dc->reset) {
        dc->reset(dev);
    }
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .class_size = sizeof(DeviceClass),
    .abstract = true,
};

static void device_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(device_register_types)
