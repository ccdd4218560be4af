/*
 * SiFive Platform-Level Interrupt Controller (RISC-V PLIC spec 1.0.0).
 *
 * Gateways are level-triggered: a source is pending while its line is high
 * and it is not being serviced; claim takes the highest-priority pending
 * enabled source above the context's threshold (lowest id on ties) and marks
 * it in service; complete ends the service, and a still-high line makes the
 * source pending again.
 */
#include "hw/intc/plic.h"
#include "hw/core/machine.h"
#include "util/error.h"
#include "util/log.h"

#define PLIC_MAX_SOURCES 1024
#define PLIC_WORDS (PLIC_MAX_SOURCES / 32)
#define PLIC_MAX_CONTEXTS (2 * MAX_CPUS)

typedef struct PLICContext {
    uint32_t enable[PLIC_WORDS];
    uint32_t threshold;
    IRQ *out;
} PLICContext;

typedef struct PLIC {
    DeviceState parent_obj;
    MemoryRegion mmio;
    uint32_t num_harts;
    uint32_t num_sources;
    uint32_t num_priorities;
    uint32_t num_contexts;
    uint32_t priority[PLIC_MAX_SOURCES];
    uint32_t pending[PLIC_WORDS];
    uint32_t claimed[PLIC_WORDS];
    uint32_t level[PLIC_WORDS];
    PLICContext ctx[PLIC_MAX_CONTEXTS];
    IRQ **inputs;
} PLIC;

#define PLIC_DEV(obj) OBJECT_CHECK(PLIC, (obj), TYPE_PLIC)

static bool bit_get(const uint32_t *w, uint32_t n)
{
    return (w[n / 32] >> (n % 32)) & 1;
}

static void bit_set(uint32_t *w, uint32_t n, bool v)
{
    if (v) {
        w[n / 32] |= 1u << (n % 32);
    } else {
        w[n / 32] &= ~(1u << (n % 32));
    }
}

/* The source context c would claim now, or 0. */
static uint32_t plic_best(const PLIC *s, const PLICContext *c)
{
    uint32_t best = 0, best_prio = c->threshold;

    for (uint32_t w = 0; w <= s->num_sources / 32; w++) {
        uint32_t cand = s->pending[w] & ~s->claimed[w] & c->enable[w];
        while (cand) {
            uint32_t n = w * 32 + __builtin_ctz(cand);
            cand &= cand - 1;
            if (s->priority[n] > best_prio) {
                best = n;
                best_prio = s->priority[n];
            }
        }
    }
    return best;
}

static void plic_update(PLIC *s)
{
    for (uint32_t i = 0; i < s->num_contexts; i++) {
        irq_set(s->ctx[i].out, plic_best(s, &s->ctx[i]) != 0);
    }
}

static void plic_set_irq(void *opaque, int n, int level)
{
    PLIC *s = opaque;

    if (n <= 0 || (uint32_t)n > s->num_sources) {
        return;
    }
    bit_set(s->level, n, level);
    /* A line that drops before the claim withdraws its request (as QEMU does). */
    bit_set(s->pending, n, level && !bit_get(s->claimed, n));
    plic_update(s);
}

static uint32_t plic_claim(PLIC *s, PLICContext *c)
{
    uint32_t n = plic_best(s, c);

    if (n) {
        bit_set(s->pending, n, false);
        bit_set(s->claimed, n, true);
        plic_update(s);
    }
    return n;
}

static void plic_complete(PLIC *s, PLICContext *c, uint32_t n)
{
    /* PLIC spec 7: a completion for a source not enabled for c is ignored. */
    if (n == 0 || n > s->num_sources || !bit_get(c->enable, n)) {
        log_guest_error("plic: complete of source %u ignored\n", n);
        return;
    }
    bit_set(s->claimed, n, false);
    if (bit_get(s->level, n)) {
        bit_set(s->pending, n, true);
    }
    plic_update(s);
}

static uint64_t plic_read(void *opaque, hwaddr off, unsigned size)
{
    PLIC *s = opaque;

    if (off < PLIC_PENDING) {
        uint32_t n = off / 4;
        if (n <= s->num_sources) {
            return s->priority[n];
        }
    } else if (off < PLIC_ENABLE) {
        uint32_t w = (off - PLIC_PENDING) / 4;
        if (w <= s->num_sources / 32) {
            return s->pending[w];
        }
    } else if (off < PLIC_CONTEXT) {
        uint32_t ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
        uint32_t w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
        if (ctx < s->num_contexts && w <= s->num_sources / 32) {
            return s->ctx[ctx].enable[w];
        }
    } else {
        uint32_t ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
        hwaddr reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
        if (ctx < s->num_contexts && reg == 0) {
            return s->ctx[ctx].threshold;
        }
        if (ctx < s->num_contexts && reg == 4) {
            return plic_claim(s, &s->ctx[ctx]);
        }
    }
    log_guest_error("plic: read of bad offset 0x%" PRIx64 "\n", off);
    return 0;
}

static void plic_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    PLIC *s = opaque;

    if (off < PLIC_PENDING) {
        uint32_t n = off / 4;
        if (n >= 1 && n <= s->num_sources) {
            s->priority[n] = val & s->num_priorities;   /* WARL: low bits */
            plic_update(s);
            return;
        }
    } else if (off < PLIC_ENABLE) {
        /* Pending bits are read-only (set by the gateways). */
    } else if (off < PLIC_CONTEXT) {
        uint32_t ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
        uint32_t w = (off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE / 4;
        if (ctx < s->num_contexts && w <= s->num_sources / 32) {
            uint32_t mask = ~0u;
            if (w == 0) {
                mask &= ~1u;                            /* source 0 does not exist */
            }
            if (w == s->num_sources / 32) {
                uint32_t last = s->num_sources % 32;    /* highest valid bit */
                mask &= last == 31 ? ~0u : (2u << last) - 1;
            }
            s->ctx[ctx].enable[w] = val & mask;
            plic_update(s);
            return;
        }
    } else {
        uint32_t ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
        hwaddr reg = (off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE;
        if (ctx < s->num_contexts && reg == 0) {
            s->ctx[ctx].threshold = val & s->num_priorities;
            plic_update(s);
            return;
        }
        if (ctx < s->num_contexts && reg == 4) {
            plic_complete(s, &s->ctx[ctx], val);
            return;
        }
    }
    log_guest_error("plic: write to bad offset 0x%" PRIx64 "\n", off);
}

static const MemoryOps plic_ops = {
    .read = plic_read,
    .write = plic_write,
    .min_access_size = 4,
    .max_access_size = 4,
};

static void plic_reset(DeviceState *dev)
{
    PLIC *s = PLIC_DEV(dev);

    memset(s->priority, 0, sizeof(s->priority));
    memset(s->pending, 0, sizeof(s->pending));
    memset(s->claimed, 0, sizeof(s->claimed));
    for (uint32_t i = 0; i < PLIC_MAX_CONTEXTS; i++) {
        memset(s->ctx[i].enable, 0, sizeof(s->ctx[i].enable));
        s->ctx[i].threshold = 0;
    }
    /* Lines still high (a device that kept its level) are pending again. */
    memcpy(s->pending, s->level, sizeof(s->pending));
    plic_update(s);
}

static bool plic_realize(DeviceState *dev, Error **errp)
{
    PLIC *s = PLIC_DEV(dev);

    if (s->num_harts < 1 || s->num_harts > MAX_CPUS) {
        error_setg(errp, "plic: num-harts must be 1..%d", MAX_CPUS);
        return false;
    }
    if (s->num_sources < 1 || s->num_sources >= PLIC_MAX_SOURCES) {
        error_setg(errp, "plic: num-sources must be 1..%d", PLIC_MAX_SOURCES - 1);
        return false;
    }
    if (!IS_POWER_OF_2(s->num_priorities + 1)) {
        error_setg(errp, "plic: num-priorities must be 2^n - 1");
        return false;
    }
    s->num_contexts = 2 * s->num_harts;
    s->inputs = irq_new_array(plic_set_irq, s, s->num_sources + 1);
    memory_region_init_io(&s->mmio, OBJECT(dev), &plic_ops, s, "plic", PLIC_SIZE);
    plic_reset(dev);
    return true;
}

DeviceState *plic_create(MemoryRegion *sysmem, hwaddr base, int num_harts, Error **errp)
{
    DeviceState *dev = qdev_new(TYPE_PLIC);

    object_property_set_uint(OBJECT(dev), "num-harts", num_harts);
    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    memory_region_add_subregion(sysmem, base, &PLIC_DEV(dev)->mmio);
    return dev;
}

IRQ *plic_get_irq(DeviceState *dev, int n)
{
    PLIC *s = PLIC_DEV(dev);

    assert(n >= 1 && (uint32_t)n <= s->num_sources);
    return s->inputs[n];
}

void plic_connect_context(DeviceState *dev, int ctx, IRQ *out)
{
    PLIC *s = PLIC_DEV(dev);

    assert(ctx >= 0 && (uint32_t)ctx < s->num_contexts);
    s->ctx[ctx].out = out;
}

static const Property plic_props[] = {
    DEFINE_PROP_UINT32("num-harts", PLIC, num_harts, 1),
    DEFINE_PROP_UINT32("num-sources", PLIC, num_sources, PLIC_NUM_SOURCES),
    DEFINE_PROP_UINT32("num-priorities", PLIC, num_priorities, PLIC_NUM_PRIORITIES),
    DEFINE_PROP_END_OF_LIST(),
};

static void plic_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    klass->desc = "SiFive PLIC (platform-level interrupt controller)";
    klass->props = plic_props;
    dc->realize = plic_realize;
    dc->reset = plic_reset;
}

static const TypeInfo plic_type = {
    .name = TYPE_PLIC,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(PLIC),
    .class_init = plic_class_init,
};

static void plic_register_types(void)
{
    type_register_static(&plic_type);
}

type_init(plic_register_types)
