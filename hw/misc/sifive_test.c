/*
 * SiFive test finisher ("sifive,test0"): how bare-metal tests and Linux's
 * syscon-poweroff/syscon-reboot drivers end a run on the virt board.
 */
#include "hw/misc/sifive_test.h"
#include "util/error.h"
#include "util/log.h"

typedef struct SiFiveTest {
    DeviceState parent_obj;
    MemoryRegion mmio;
    Machine *machine;
} SiFiveTest;

#define SIFIVE_TEST(obj) OBJECT_CHECK(SiFiveTest, (obj), TYPE_SIFIVE_TEST)

static uint64_t sifive_test_read(void *opaque, hwaddr off, unsigned size)
{
    return 0;
}

static void sifive_test_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    SiFiveTest *s = opaque;

    if (off != 0) {
        log_guest_error("sifive_test: write to bad offset 0x%" PRIx64 "\n", off);
        return;
    }
    switch (val & 0xffff) {
    case SIFIVE_TEST_PASS:
        machine_request_shutdown(s->machine, 0);
        break;
    case SIFIVE_TEST_FAIL: {
        /* The status is code (as QEMU does); a failure never reads as success. */
        int code = (int)((val >> 16) & 0xffff);
        machine_request_shutdown(s->machine, code ? code : 1);
        break;
    }
    case SIFIVE_TEST_RESET:
        machine_request_reset(s->machine);
        break;
    default:
        log_guest_error("sifive_test: unknown command 0x%" PRIx64 "\n", val);
    }
}

static const MemoryOps sifive_test_ops = {
    .read = sifive_test_read,
    .write = sifive_test_write,
    .min_access_size = 2,
    .max_access_size = 4,
};

static bool sifive_test_realize(DeviceState *dev, Error **errp)
{
    SiFiveTest *s = SIFIVE_TEST(dev);

    memory_region_init_io(&s->mmio, OBJECT(dev), &sifive_test_ops, s, "sifive_test", 0x1000);
    return true;
}

DeviceState *sifive_test_create(Machine *m, MemoryRegion *sysmem, hwaddr base, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_SIFIVE_TEST);
    SiFiveTest *s = SIFIVE_TEST(dev);

    s->machine = m;
    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    memory_region_add_subregion(sysmem, base, &s->mmio);
    return dev;
}

static void sifive_test_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    klass->desc = "SiFive test finisher (power-off, reset, exit status)";
    dc->realize = sifive_test_realize;
}

static const TypeInfo sifive_test_type = {
    .name = TYPE_SIFIVE_TEST,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(SiFiveTest),
    .class_init = sifive_test_class_init,
};

static void sifive_test_register_types(void)
{
    type_register_static(&sifive_test_type);
}

type_init(sifive_test_register_types)
