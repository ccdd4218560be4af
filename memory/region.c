/*
 * Memory regions: creation, the subregion tree, device dispatch (access
 * size adaptation and endianness), code-page tracking.
 */
#define _GNU_SOURCE
#include "memory/memory-internal.h"
#include "util/error.h"
#include "util/log.h"

#include <sys/mman.h>
#include <unistd.h>

static void region_init_common(MemoryRegion *mr, MemoryRegionKind kind, Object *owner,
                               const char *name, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->name = xstrdup(name ? name : "anon");
    mr->kind = kind;
    mr->size = size;
    mr->owner = owner;
    mr->enabled = true;
}

void memory_region_init_container(MemoryRegion *mr, Object *owner, const char *name,
                                  uint64_t size)
{
    region_init_common(mr, MR_CONTAINER, owner, name, size);
}

#define RAM_HUGE_ALIGN ((size_t)2 << 20)

static size_t ram_map_size(uint64_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    return ROUND_UP((size_t)size, page);
}

static bool region_init_ram_kind(MemoryRegion *mr, MemoryRegionKind kind, Object *owner,
                                 const char *name, uint64_t size, Error **errp)
{
    void *p;

    region_init_common(mr, kind, owner, name, size);
    if (size == 0 || size > SIZE_MAX / 2) {
        error_setg(errp, "cannot allocate %" PRIu64 " bytes for '%s'", size, mr->name);
        memory_region_destroy(mr);
        return false;
    }
    /*
     * NORESERVE: a large -m costs nothing until the guest touches it.  Big
     * regions are 2 MiB aligned and advised for transparent huge pages: a
     * booting kernel touches all of RAM, and 4 KiB host faults (each zeroing
     * a page) were the largest single cost of a Linux boot.
     */
    size_t map = ram_map_size(size), slack = size >= RAM_HUGE_ALIGN ? RAM_HUGE_ALIGN : 0;
    p = mmap(NULL, map + slack, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot allocate %" PRIu64 " bytes for '%s'", size,
                         mr->name);
        memory_region_destroy(mr);
        return false;
    }
    if (slack) {
        uintptr_t start = (uintptr_t)p, aligned = ROUND_UP(start, RAM_HUGE_ALIGN);
        if (aligned > start) {
            munmap(p, aligned - start);
        }
        if (start + slack > aligned) {
            munmap((void *)(aligned + map), start + slack - aligned);
        }
        p = (void *)aligned;
        madvise(p, map, MADV_HUGEPAGE);
    }
    mr->ram = p;
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp)
{
    return region_init_ram_kind(mr, MR_RAM, owner, name, size, errp);
}

bool memory_region_init_rom(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp)
{
    return region_init_ram_kind(mr, MR_ROM, owner, name, size, errp);
}

void memory_region_init_io(MemoryRegion *mr, Object *owner, const MemoryOps *ops,
                           void *opaque, const char *name, uint64_t size)
{
    region_init_common(mr, MR_IO, owner, name, size);
    mr->ops = ops;
    mr->opaque = opaque;
}

void memory_region_init_alias(MemoryRegion *mr, Object *owner, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size)
{
    region_init_common(mr, MR_ALIAS, owner, name, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

void memory_region_destroy(MemoryRegion *mr)
{
    if (mr->container) {
        memory_region_del_subregion(mr->container, mr);
    }
    while (mr->nr_subregions) {
        memory_region_del_subregion(mr, mr->subregions[0]);
    }
    if (mr->ram) {
        munmap(mr->ram, ram_map_size(mr->size));
    }
    free(mr->subregions);
    free(mr->code_pages);
    free(mr->name);
    memset(mr, 0, sizeof(*mr));
}

/* ---- The tree ----------------------------------------------------------- */

static bool ranges_overlap(hwaddr a, uint64_t as, hwaddr b, uint64_t bs)
{
    unsigned __int128 ae = (unsigned __int128)a + as, be = (unsigned __int128)b + bs;

    return as && bs && a < be && b < ae;
}

static void add_subregion_common(MemoryRegion *parent, hwaddr offset, MemoryRegion *child)
{
    size_t i;

    assert(parent->kind == MR_CONTAINER);
    assert(!child->container);
    child->container = parent;
    child->addr = offset;
    if (!child->may_overlap) {
        for (i = 0; i < parent->nr_subregions; i++) {
            MemoryRegion *o = parent->subregions[i];
            if (!o->may_overlap && o->priority == child->priority &&
                ranges_overlap(offset, child->size, o->addr, o->size)) {
                warn_report("memory: region '%s' at 0x%" PRIx64 " overlaps '%s' at 0x%"
                            PRIx64 " in '%s'", child->name, offset, o->name, o->addr,
                            parent->name);
            }
        }
    }
    /* Highest priority first; a newcomer goes before its equals (it wins). */
    for (i = 0; i < parent->nr_subregions; i++) {
        if (child->priority >= parent->subregions[i]->priority) {
            break;
        }
    }
    parent->subregions = xrealloc(parent->subregions,
                                  (parent->nr_subregions + 1) * sizeof(MemoryRegion *));
    memmove(&parent->subregions[i + 1], &parent->subregions[i],
            (parent->nr_subregions - i) * sizeof(MemoryRegion *));
    parent->subregions[i] = child;
    parent->nr_subregions++;
    memory_topology_changed(parent);
}

void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset, MemoryRegion *child)
{
    child->may_overlap = false;
    child->priority = 0;
    add_subregion_common(parent, offset, child);
}

void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *child, int priority)
{
    child->may_overlap = true;
    child->priority = priority;
    add_subregion_common(parent, offset, child);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *child)
{
    assert(child->container == parent);
    for (size_t i = 0; i < parent->nr_subregions; i++) {
        if (parent->subregions[i] == child) {
            memmove(&parent->subregions[i], &parent->subregions[i + 1],
                    (parent->nr_subregions - i - 1) * sizeof(MemoryRegion *));
            parent->nr_subregions--;
            break;
        }
    }
    child->container = NULL;
    memory_topology_changed(parent);
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        memory_topology_changed(mr);
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (mr->addr != addr) {
        mr->addr = addr;
        memory_topology_changed(mr);
    }
}

/* ---- Dispatch ----------------------------------------------------------- */

/* One access exactly as the device implements it; value in device order. */
/* One call into the device; -d device traces every register access here, so
   device files need no tracing of their own. */
static MemTxResult device_read(MemoryRegion *mr, hwaddr off, uint64_t *val, unsigned size)
{
    const MemoryOps *ops = mr->ops;
    MemTxResult res = MEMTX_OK;

    if (ops->read_tx) {
        *val = 0;
        res = ops->read_tx(mr->opaque, off, val, size);
    } else {
        *val = ops->read ? ops->read(mr->opaque, off, size) : 0;
    }
    log_mask_printf(LOG_DEVICE, "%s: read  0x%" PRIx64 " -> 0x%" PRIx64 " (%u)\n", mr->name,
                    off, *val, size);
    return res;
}

static MemTxResult device_write(MemoryRegion *mr, hwaddr off, uint64_t val, unsigned size)
{
    const MemoryOps *ops = mr->ops;

    log_mask_printf(LOG_DEVICE, "%s: write 0x%" PRIx64 " <- 0x%" PRIx64 " (%u)\n", mr->name,
                    off, val, size);
    if (ops->write_tx) {
        return ops->write_tx(mr->opaque, off, val, size);
    }
    if (ops->write) {
        ops->write(mr->opaque, off, val, size);
    }
    return MEMTX_OK;
}

/* Byte i (in address order) of a device value of size bytes. */
static uint8_t dev_byte(const MemoryOps *ops, uint64_t v, unsigned size, unsigned i)
{
    unsigned shift = ops->big_endian ? (size - 1 - i) * 8 : i * 8;

    return (uint8_t)(v >> shift);
}

static uint64_t dev_set_byte(const MemoryOps *ops, uint64_t v, unsigned size, unsigned i,
                             uint8_t b)
{
    unsigned shift = ops->big_endian ? (size - 1 - i) * 8 : i * 8;

    return (v & ~(0xffull << shift)) | ((uint64_t)b << shift);
}

static MemTxResult worse(MemTxResult a, MemTxResult b)
{
    return a > b ? a : b;
}

/*
 * The bytes [off, off + size) of an I/O region, as a sequence of accesses
 * the device accepts: pieces no larger than max_access_size, aligned unless
 * the device takes unaligned accesses, and widened to min_access_size (a
 * narrow write becomes read-modify-write of the containing word).  The bus
 * value is little-endian: byte i of *val is the byte at off + i.
 */
static MemTxResult io_access(MemoryRegion *mr, hwaddr off, uint64_t *val, unsigned size,
                             bool is_write)
{
    const MemoryOps *ops = mr->ops;
    unsigned min = ops->min_access_size ? ops->min_access_size : 1;
    unsigned max = ops->max_access_size ? ops->max_access_size : 4;
    hwaddr pos = off, end = off + size;
    uint64_t in = *val, out = 0;
    MemTxResult res = MEMTX_OK;

    if (max < min) {
        max = min;
    }
    /* Fast path: the access fits the device as is. */
    if (size >= min && size <= max && (ops->unaligned || (off & (size - 1)) == 0)) {
        uint64_t v = 0;

        if (is_write) {
            for (unsigned i = 0; i < size; i++) {
                v = dev_set_byte(ops, v, size, i, (uint8_t)(in >> (i * 8)));
            }
            return device_write(mr, off, v, size);
        }
        res = device_read(mr, off, &v, size);
        for (unsigned i = 0; i < size; i++) {
            out |= (uint64_t)dev_byte(ops, v, size, i) << (i * 8);
        }
        *val = out;
        return res;
    }
    while (pos < end) {
        unsigned s = 8, n;
        hwaddr base;
        uint64_t v = 0;

        while (s > end - pos || s > max) {
            s >>= 1;
        }
        while (!ops->unaligned && (pos & (s - 1))) {
            s >>= 1;
        }
        if (s >= min) {
            base = pos;
            n = s;
        } else {
            /* Widen: the min-sized aligned word containing pos. */
            s = min;
            base = pos & ~(hwaddr)(min - 1);
            n = (unsigned)(MIN(end, base + min) - pos);
        }
        if (is_write) {
            if (n != s) {
                res = worse(res, device_read(mr, base, &v, s));
            }
            for (unsigned i = 0; i < n; i++) {
                v = dev_set_byte(ops, v, s, (unsigned)(pos - base) + i,
                                 (uint8_t)(in >> ((pos - off + i) * 8)));
            }
            res = worse(res, device_write(mr, base, v, s));
        } else {
            res = worse(res, device_read(mr, base, &v, s));
            for (unsigned i = 0; i < n; i++) {
                out |= (uint64_t)dev_byte(ops, v, s, (unsigned)(pos - base) + i)
                       << ((pos - off + i) * 8);
            }
        }
        pos += n;
    }
    if (!is_write) {
        *val = out;
    }
    return res;
}

/* The terminal region under off of a container or alias, or NULL. */
static MemoryRegion *region_resolve(MemoryRegion *mr, hwaddr *off)
{
    for (;;) {
        if (mr->kind == MR_ALIAS) {
            *off += mr->alias_offset;
            mr = mr->alias;
        } else if (mr->kind == MR_CONTAINER) {
            MemoryRegion *hit = NULL;

            for (size_t i = 0; i < mr->nr_subregions; i++) {
                MemoryRegion *sub = mr->subregions[i];
                if (sub->enabled && *off >= sub->addr && *off - sub->addr < sub->size) {
                    hit = sub;
                    break;
                }
            }
            if (!hit) {
                return NULL;
            }
            *off -= hit->addr;
            mr = hit;
        } else {
            return mr;
        }
    }
}

static MemTxResult region_access(MemoryRegion *mr, hwaddr off, uint64_t *val,
                                 unsigned size, bool is_write)
{
    assert(size == 1 || size == 2 || size == 4 || size == 8);
    mr = region_resolve(mr, &off);
    if (!mr) {
        if (!is_write) {
            *val = 0;
        }
        return MEMTX_DECODE_ERROR;
    }
    if (mr->kind == MR_IO) {
        return io_access(mr, off, val, size, is_write);
    }
    if (off + size > mr->size || off + size < off) {
        if (!is_write) {
            *val = 0;
        }
        return MEMTX_DECODE_ERROR;
    }
    if (is_write) {
        if (mr->kind == MR_ROM) {
            log_guest_error("memory: write to ROM '%s' at offset 0x%" PRIx64 " ignored\n",
                            mr->name, off);
            return MEMTX_OK;
        }
        memcpy(mr->ram + off, val, size);     /* little-endian host */
    } else {
        *val = 0;
        memcpy(val, mr->ram + off, size);
    }
    return MEMTX_OK;
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr off, uint64_t *val,
                                        unsigned size)
{
    return region_access(mr, off, val, size, false);
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr off, uint64_t val,
                                         unsigned size)
{
    return region_access(mr, off, &val, size, true);
}

/* ---- Code pages --------------------------------------------------------- */

static MemoryCodeWriteFn *code_write_hook;
static void *code_write_opaque;

void memory_set_code_write_hook(MemoryCodeWriteFn *fn, void *opaque)
{
    code_write_hook = fn;
    code_write_opaque = opaque;
}

void memory_region_mark_code(MemoryRegion *mr, hwaddr offset)
{
    assert(mr->kind == MR_RAM || mr->kind == MR_ROM);
    assert(offset < mr->size);
    if (!mr->code_pages) {
        mr->code_pages = xzalloc(DIV_ROUND_UP(mr->size, 4096));
    }
    mr->code_pages[offset >> 12] = 1;
}

void memory_region_clear_code(MemoryRegion *mr, hwaddr offset)
{
    if (mr->code_pages && offset < mr->size) {
        mr->code_pages[offset >> 12] = 0;
    }
}

void memory_notify_code_write(MemoryRegion *mr, hwaddr offset, hwaddr addr, hwaddr len)
{
    hwaddr last;

    if (!mr->code_pages || !code_write_hook || len == 0 || offset >= mr->size) {
        return;
    }
    last = MIN(offset + len - 1, mr->size - 1);
    for (hwaddr page = offset >> 12; page <= last >> 12; page++) {
        if (mr->code_pages[page]) {
            code_write_hook(code_write_opaque, addr, len);
            return;
        }
    }
}
