/*
 * Goldfish RTC.  Register layout: the Android emulator's goldfish_rtc
 * (TIME_LOW latches TIME_HIGH; writing ALARM_LOW arms the alarm).  The time
 * is the host's wall clock at start-up plus the virtual time elapsed, so it
 * stops with the machine and follows -icount.
 */
#include "hw/rtc/goldfish_rtc.h"
#include "hw/core/timer.h"
#include "util/error.h"
#include "util/log.h"

#include <time.h>

enum {
    RTC_TIME_LOW = 0x00,
    RTC_TIME_HIGH = 0x04,
    RTC_ALARM_LOW = 0x08,
    RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10,
    RTC_CLEAR_ALARM = 0x14,
    RTC_ALARM_STATUS = 0x18,
    RTC_CLEAR_INTERRUPT = 0x1c,
};

typedef struct GoldfishRTC {
    DeviceState parent_obj;
    MemoryRegion mmio;
    IRQ *irq;
    Timer *timer;
    int64_t offset_ns;           /* wall time = virtual clock + offset */
    uint64_t alarm_ns;           /* wall time of the alarm */
    uint32_t alarm_high;         /* staged by ALARM_HIGH, used by ALARM_LOW */
    uint32_t time_high;          /* latched by a TIME_LOW read */
    bool alarm_running;
    bool irq_pending;
    bool irq_enabled;
} GoldfishRTC;

#define GOLDFISH_RTC(obj) OBJECT_CHECK(GoldfishRTC, (obj), TYPE_GOLDFISH_RTC)

static uint64_t rtc_now(const GoldfishRTC *s)
{
    /* Modulo 2^64: the guest may set any time (signed overflow is UB). */
    return (uint64_t)clock_get_ns() + (uint64_t)s->offset_ns;
}

static void rtc_update_irq(GoldfishRTC *s)
{
    irq_set(s->irq, s->irq_pending && s->irq_enabled);
}

static void rtc_arm(GoldfishRTC *s)
{
    uint64_t now = rtc_now(s);

    if (!s->alarm_running) {
        timer_del(s->timer);
    } else if (s->alarm_ns <= now) {
        timer_del(s->timer);
        s->alarm_running = false;
        s->irq_pending = true;
    } else {
        timer_mod(s->timer, clock_get_ns() + (int64_t)MIN(s->alarm_ns - now,
                                                          (uint64_t)INT64_MAX / 2));
    }
    rtc_update_irq(s);
}

static void rtc_timer_cb(void *opaque)
{
    rtc_arm(opaque);
}

static uint64_t goldfish_rtc_read(void *opaque, hwaddr off, unsigned size)
{
    GoldfishRTC *s = opaque;
    uint64_t now;

    switch (off) {
    case RTC_TIME_LOW:
        now = rtc_now(s);
        s->time_high = now >> 32;
        return (uint32_t)now;
    case RTC_TIME_HIGH:
        return s->time_high;
    case RTC_ALARM_LOW:
        return (uint32_t)s->alarm_ns;
    case RTC_ALARM_HIGH:
        return s->alarm_ns >> 32;
    case RTC_IRQ_ENABLED:
        return s->irq_enabled;
    case RTC_ALARM_STATUS:
        return s->alarm_running;
    default:
        log_guest_error("goldfish_rtc: read of bad offset 0x%" PRIx64 "\n", off);
        return 0;
    }
}

static void goldfish_rtc_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    GoldfishRTC *s = opaque;
    uint64_t now = rtc_now(s);

    switch (off) {
    case RTC_TIME_LOW:
        s->offset_ns = (int64_t)((uint64_t)s->offset_ns + (deposit64(now, 0, 32, val) - now));
        rtc_arm(s);
        break;
    case RTC_TIME_HIGH:
        s->offset_ns = (int64_t)((uint64_t)s->offset_ns + (deposit64(now, 32, 32, val) - now));
        rtc_arm(s);
        break;
    case RTC_ALARM_LOW:
        s->alarm_ns = (uint64_t)s->alarm_high << 32 | (uint32_t)val;
        s->alarm_running = true;
        rtc_arm(s);
        break;
    case RTC_ALARM_HIGH:
        s->alarm_high = val;
        break;
    case RTC_IRQ_ENABLED:
        s->irq_enabled = val & 1;
        rtc_update_irq(s);
        break;
    case RTC_CLEAR_ALARM:
        s->alarm_running = false;
        timer_del(s->timer);
        break;
    case RTC_CLEAR_INTERRUPT:
        s->irq_pending = false;
        rtc_update_irq(s);
        break;
    default:
        log_guest_error("goldfish_rtc: write to bad offset 0x%" PRIx64 "\n", off);
    }
}

static const MemoryOps goldfish_rtc_ops = {
    .read = goldfish_rtc_read,
    .write = goldfish_rtc_write,
    .min_access_size = 4,
    .max_access_size = 4,
};

static void goldfish_rtc_reset(DeviceState *dev)
{
    GoldfishRTC *s = GOLDFISH_RTC(dev);
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    s->offset_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - clock_get_ns();
    s->alarm_ns = 0;
    s->alarm_high = 0;
    s->time_high = 0;
    s->alarm_running = false;
    s->irq_pending = false;
    s->irq_enabled = false;
    timer_del(s->timer);
    rtc_update_irq(s);
}

static bool goldfish_rtc_realize(DeviceState *dev, Error **errp)
{
    GoldfishRTC *s = GOLDFISH_RTC(dev);

    s->timer = timer_new(rtc_timer_cb, s);
    memory_region_init_io(&s->mmio, OBJECT(dev), &goldfish_rtc_ops, s, "goldfish_rtc",
                          GOLDFISH_RTC_SIZE);
    goldfish_rtc_reset(dev);
    return true;
}

static void goldfish_rtc_finalize(Object *obj)
{
    GoldfishRTC *s = GOLDFISH_RTC(obj);

    if (s->timer) {
        timer_free(s->timer);
    }
}

DeviceState *goldfish_rtc_create(MemoryRegion *sysmem, hwaddr base, IRQ *irq, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_GOLDFISH_RTC);
    GoldfishRTC *s = GOLDFISH_RTC(dev);

    s->irq = irq;
    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    memory_region_add_subregion(sysmem, base, &s->mmio);
    return dev;
}

static void goldfish_rtc_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    klass->desc = "Goldfish real-time clock";
    dc->realize = goldfish_rtc_realize;
    dc->reset = goldfish_rtc_reset;
}

static const TypeInfo goldfish_rtc_type = {
    .name = TYPE_GOLDFISH_RTC,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(GoldfishRTC),
    .class_init = goldfish_rtc_class_init,
    .instance_finalize = goldfish_rtc_finalize,
};

static void goldfish_rtc_register_types(void)
{
    type_register_static(&goldfish_rtc_type);
}

type_init(goldfish_rtc_register_types)
