/*
 * ACLINT (CLINT layout).  mtime is derived from the virtual clock, so it
 * stops with it and follows -icount; a per-hart Timer raises MTIP when mtime
 * reaches mtimecmp.  RISC-V ACLINT spec 1.0, sections 2 (MTIMER), 3 (MSWI).
 */
#include "hw/intc/aclint.h"
#include "hw/core/machine.h"
#include "hw/core/timer.h"
#include "util/error.h"
#include "util/log.h"

typedef struct ACLINT ACLINT;

typedef struct ACLINTHart {
    ACLINT *s;
    int hart;
    uint32_t msip;
    uint64_t mtimecmp;
    Timer *timer;
    IRQ *msip_irq;
    IRQ *mtip_irq;
} ACLINTHart;

struct ACLINT {
    DeviceState parent_obj;
    MemoryRegion mmio;
    uint32_t num_harts;
    uint32_t timebase_freq;
    int64_t mtime_delta;         /* mtime = ticks(virtual clock) + delta */
    ACLINTHart harts[MAX_CPUS];
};

#define ACLINT_DEV(obj) OBJECT_CHECK(ACLINT, (obj), TYPE_ACLINT)

static uint64_t ns_to_ticks(const ACLINT *s, int64_t ns)
{
    return (uint64_t)((unsigned __int128)ns * s->timebase_freq / 1000000000u);
}

uint64_t aclint_read_mtime(void *opaque)
{
    ACLINT *s = opaque;

    return ns_to_ticks(s, clock_get_ns()) + s->mtime_delta;
}

/* Raise or lower MTIP for h, arming its timer for when mtime reaches mtimecmp. */
static void aclint_update_timer(ACLINTHart *h)
{
    ACLINT *s = h->s;
    uint64_t now = aclint_read_mtime(s);

    if (now >= h->mtimecmp) {
        timer_del(h->timer);
        irq_raise(h->mtip_irq);
        return;
    }
    irq_lower(h->mtip_irq);
    /* Virtual time at which ticks + delta == mtimecmp, rounded up. */
    unsigned __int128 ticks = (unsigned __int128)(h->mtimecmp - s->mtime_delta);
    unsigned __int128 ns = (ticks * 1000000000u + s->timebase_freq - 1) / s->timebase_freq;
    if (h->mtimecmp - now > (uint64_t)INT64_MAX / 1000 || ns > (unsigned __int128)INT64_MAX) {
        timer_del(h->timer);        /* centuries away: never */
        return;
    }
    timer_mod(h->timer, (int64_t)ns);
}

static void aclint_timer_cb(void *opaque)
{
    aclint_update_timer(opaque);
}

static uint64_t aclint_read(void *opaque, hwaddr off, unsigned size)
{
    ACLINT *s = opaque;
    uint64_t val;

    if (off < ACLINT_MSIP + 4 * s->num_harts) {
        return off % 4 == 0 && size == 4 ? s->harts[off / 4].msip : 0;
    }
    if (off >= ACLINT_MTIMECMP && off < ACLINT_MTIMECMP + 8 * s->num_harts) {
        val = s->harts[(off - ACLINT_MTIMECMP) / 8].mtimecmp;
    } else if (off == ACLINT_MTIME || off == ACLINT_MTIME + 4) {
        val = aclint_read_mtime(s);
    } else {
        log_guest_error("aclint: read of bad offset 0x%" PRIx64 "\n", off);
        return 0;
    }
    /* 8-byte registers: a 4-byte access sees one half. */
    if (size == 4) {
        return off % 8 ? val >> 32 : (uint32_t)val;
    }
    if (off % 8) {
        log_guest_error("aclint: misaligned 8-byte read at 0x%" PRIx64 "\n", off);
        return 0;
    }
    return val;
}

static uint64_t merge64(uint64_t old, hwaddr off, uint64_t val, unsigned size)
{
    if (size == 8) {
        return val;
    }
    return off % 8 ? deposit64(old, 32, 32, val) : deposit64(old, 0, 32, val);
}

static void aclint_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    ACLINT *s = opaque;

    if (size == 8 && off % 8) {
        log_guest_error("aclint: misaligned 8-byte write at 0x%" PRIx64 "\n", off);
        return;
    }
    if (off < ACLINT_MSIP + 4 * s->num_harts) {
        ACLINTHart *h = &s->harts[off / 4];
        if (off % 4) {
            log_guest_error("aclint: misaligned msip write at 0x%" PRIx64 "\n", off);
            return;
        }
        h->msip = val & 1;      /* other bits are WARL zero */
        irq_set(h->msip_irq, h->msip);
        if (size == 8 && off / 4 + 1 < s->num_harts) {
            ACLINTHart *h2 = &s->harts[off / 4 + 1];
            h2->msip = (val >> 32) & 1;
            irq_set(h2->msip_irq, h2->msip);
        }
    } else if (off >= ACLINT_MTIMECMP && off < ACLINT_MTIMECMP + 8 * s->num_harts) {
        ACLINTHart *h = &s->harts[(off - ACLINT_MTIMECMP) / 8];
        h->mtimecmp = merge64(h->mtimecmp, off, val, size);
        aclint_update_timer(h);
    } else if (off == ACLINT_MTIME || off == ACLINT_MTIME + 4) {
        uint64_t now = ns_to_ticks(s, clock_get_ns());
        uint64_t mtime = merge64(now + s->mtime_delta, off, val, size);
        s->mtime_delta = (int64_t)(mtime - now);
        for (uint32_t i = 0; i < s->num_harts; i++) {
            aclint_update_timer(&s->harts[i]);
        }
    } else {
        log_guest_error("aclint: write to bad offset 0x%" PRIx64 "\n", off);
    }
}

static const MemoryOps aclint_ops = {
    .read = aclint_read,
    .write = aclint_write,
    .min_access_size = 4,
    .max_access_size = 8,
};

static void aclint_reset(DeviceState *dev)
{
    ACLINT *s = ACLINT_DEV(dev);

    /* ACLINT spec 2.1: mtime is cleared on reset; mtimecmp is left as is. */
    s->mtime_delta = -(int64_t)ns_to_ticks(s, clock_get_ns());
    for (uint32_t i = 0; i < s->num_harts; i++) {
        ACLINTHart *h = &s->harts[i];
        h->msip = 0;
        irq_lower(h->msip_irq);
        timer_del(h->timer);
        irq_lower(h->mtip_irq);
    }
}

static bool aclint_realize(DeviceState *dev, Error **errp)
{
    ACLINT *s = ACLINT_DEV(dev);

    if (s->num_harts < 1 || s->num_harts > MAX_CPUS) {
        error_setg(errp, "aclint: num-harts must be 1..%d", MAX_CPUS);
        return false;
    }
    if (s->timebase_freq == 0) {
        error_setg(errp, "aclint: timebase-freq must not be 0");
        return false;
    }
    for (uint32_t i = 0; i < s->num_harts; i++) {
        s->harts[i].s = s;
        s->harts[i].hart = i;
        s->harts[i].timer = timer_new(aclint_timer_cb, &s->harts[i]);
    }
    memory_region_init_io(&s->mmio, OBJECT(dev), &aclint_ops, s, "aclint", ACLINT_SIZE);
    aclint_reset(dev);
    return true;
}

static void aclint_finalize(Object *obj)
{
    ACLINT *s = ACLINT_DEV(obj);

    for (uint32_t i = 0; i < MAX_CPUS; i++) {
        if (s->harts[i].timer) {
            timer_free(s->harts[i].timer);
        }
    }
}

DeviceState *aclint_create(MemoryRegion *sysmem, hwaddr base, int num_harts, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_ACLINT);

    object_property_set_uint(OBJECT(dev), "num-harts", num_harts);
    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    memory_region_add_subregion(sysmem, base, &ACLINT_DEV(dev)->mmio);
    return dev;
}

void aclint_connect_hart(DeviceState *dev, int hart, IRQ *msip, IRQ *mtip)
{
    ACLINT *s = ACLINT_DEV(dev);

    assert(hart >= 0 && (uint32_t)hart < s->num_harts);
    s->harts[hart].msip_irq = msip;
    s->harts[hart].mtip_irq = mtip;
}

static const Property aclint_props[] = {
    DEFINE_PROP_UINT32("num-harts", ACLINT, num_harts, 1),
    DEFINE_PROP_UINT32("timebase-freq", ACLINT, timebase_freq, ACLINT_TIMEBASE_FREQ),
    DEFINE_PROP_END_OF_LIST(),
};

static void aclint_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    klass->desc = "RISC-V ACLINT (CLINT layout: msip, mtimecmp, mtime)";
    klass->props = aclint_props;
    dc->realize = aclint_realize;
    dc->reset = aclint_reset;
}

static const TypeInfo aclint_type = {
    .name = TYPE_ACLINT,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(ACLINT),
    .class_init = aclint_class_init,
    .instance_finalize = aclint_finalize,
};

static void aclint_register_types(void)
{
    type_register_static(&aclint_type);
}

type_init(aclint_register_types)
