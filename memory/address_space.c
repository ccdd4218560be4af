/*
 * Address spaces: flattening a region tree into a sorted FlatView (rebuilt
 * only after a topology change), lookup, and byte-range reads and writes.
 */
#include "memory/memory-internal.h"
#include "util/log.h"

typedef __int128 i128;

uint64_t memory_generation = 1;
static uint64_t flatview_rebuilds;

static AddressSpace **address_spaces;
static size_t nr_address_spaces;

/* ---- Topology changes --------------------------------------------------- */

static bool tree_contains(const MemoryRegion *node, const MemoryRegion *target, int depth)
{
    if (node == target) {
        return true;
    }
    if (depth > 64) {
        return false;
    }
    if (node->kind == MR_ALIAS) {
        return node->alias && tree_contains(node->alias, target, depth + 1);
    }
    for (size_t i = 0; i < node->nr_subregions; i++) {
        if (tree_contains(node->subregions[i], target, depth + 1)) {
            return true;
        }
    }
    return false;
}

void memory_topology_changed(MemoryRegion *mr)
{
    MemoryRegion *top = mr;

    memory_generation++;
    while (top->container) {
        top = top->container;
    }
    for (size_t i = 0; i < nr_address_spaces; i++) {
        AddressSpace *as = address_spaces[i];

        if (as->listener && as->root && tree_contains(as->root, top, 0)) {
            as->listener(as->listener_opaque, as);
        }
    }
}

uint64_t memory_flatview_rebuild_count(void)
{
    return flatview_rebuilds;
}

/* ---- Rendering ---------------------------------------------------------- */

typedef struct ViewBuilder {
    FlatRange *r;
    size_t nr, cap;
} ViewBuilder;

static void builder_insert_at(ViewBuilder *b, size_t i, hwaddr start, uint64_t size,
                              MemoryRegion *mr, hwaddr off)
{
    if (b->nr == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->r = xrealloc(b->r, b->cap * sizeof(*b->r));
    }
    memmove(&b->r[i + 1], &b->r[i], (b->nr - i) * sizeof(*b->r));
    b->r[i] = (FlatRange){ .start = start, .size = size, .mr = mr, .offset_in_mr = off };
    b->nr++;
}

/* Map [s, e) to mr (offset off at s) wherever nothing is mapped yet:
   regions rendered earlier (higher priority) win. */
static void builder_fill_gaps(ViewBuilder *b, i128 s, i128 e, MemoryRegion *mr, i128 off)
{
    i128 cur = s;
    size_t i = 0;

    while (cur < e) {
        i128 gap_end;

        while (i < b->nr && (i128)b->r[i].start + b->r[i].size <= cur) {
            i++;
        }
        if (i < b->nr && (i128)b->r[i].start <= cur) {
            cur = (i128)b->r[i].start + b->r[i].size;
            continue;
        }
        gap_end = i < b->nr ? MIN(e, (i128)b->r[i].start) : e;
        builder_insert_at(b, i, (hwaddr)cur, (uint64_t)(gap_end - cur), mr,
                          (hwaddr)(off + (cur - s)));
        i++;
        cur = gap_end;
    }
}

/* base: where mr's container starts; own_addr: false for roots and alias
   targets, whose addr means nothing here. */
static void render(ViewBuilder *b, MemoryRegion *mr, i128 base, bool own_addr,
                   i128 clip_s, i128 clip_e, int depth)
{
    i128 s, e;

    if (!mr || !mr->enabled || depth > 64) {
        return;
    }
    if (own_addr) {
        base += mr->addr;
    }
    s = MAX(base, clip_s);
    e = MIN(base + (i128)mr->size, clip_e);
    if (s >= e) {
        return;
    }
    switch (mr->kind) {
    case MR_ALIAS:
        render(b, mr->alias, base - (i128)mr->alias_offset, false, s, e, depth + 1);
        break;
    case MR_CONTAINER:
        for (size_t i = 0; i < mr->nr_subregions; i++) {
            render(b, mr->subregions[i], base, true, s, e, depth + 1);
        }
        break;
    default:
        builder_fill_gaps(b, s, e, mr, s - base);
        break;
    }
}

static FlatView *flatview_build(MemoryRegion *root)
{
    ViewBuilder b = { 0 };
    FlatView *view = XNEW(FlatView);
    size_t n = 0;

    /* The top byte of the 64-bit space is not representable as a size. */
    render(&b, root, 0, false, 0, (i128)UINT64_MAX, 0);
    /* Merge neighbours that continue the same region. */
    for (size_t i = 0; i < b.nr; i++) {
        if (n && b.r[n - 1].mr == b.r[i].mr &&
            b.r[n - 1].start + b.r[n - 1].size == b.r[i].start &&
            b.r[n - 1].offset_in_mr + b.r[n - 1].size == b.r[i].offset_in_mr) {
            b.r[n - 1].size += b.r[i].size;
        } else {
            b.r[n++] = b.r[i];
        }
    }
    view->ranges = b.r;
    view->nr = n;
    flatview_rebuilds++;
    return view;
}

static void flatview_free(FlatView *view)
{
    if (view) {
        free(view->ranges);
        free(view);
    }
}

/* ---- Address spaces ----------------------------------------------------- */

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name)
{
    memset(as, 0, sizeof(*as));
    as->name = xstrdup(name ? name : "anon");
    as->root = root;
    address_spaces = xrealloc(address_spaces,
                              (nr_address_spaces + 1) * sizeof(*address_spaces));
    address_spaces[nr_address_spaces++] = as;
}

void address_space_destroy(AddressSpace *as)
{
    for (size_t i = 0; i < nr_address_spaces; i++) {
        if (address_spaces[i] == as) {
            address_spaces[i] = address_spaces[--nr_address_spaces];
            break;
        }
    }
    flatview_free(as->view);
    free(as->name);
    memset(as, 0, sizeof(*as));
}

FlatView *address_space_get_flatview(AddressSpace *as)
{
    if (!as->view || as->view_generation != memory_generation) {
        flatview_free(as->view);
        as->view = flatview_build(as->root);
        as->view_generation = memory_generation;
    }
    return as->view;
}

void address_space_set_listener(AddressSpace *as, MemoryListenerFn *fn, void *opaque)
{
    as->listener = fn;
    as->listener_opaque = opaque;
}

/* Index of the last range starting at or below addr, or -1. */
static ptrdiff_t flatview_find(const FlatView *view, hwaddr addr)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)view->nr - 1, found = -1;

    while (lo <= hi) {
        ptrdiff_t mid = lo + (hi - lo) / 2;

        if (view->ranges[mid].start <= addr) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

bool address_space_lookup(AddressSpace *as, hwaddr addr, FlatRange *range)
{
    FlatView *view = address_space_get_flatview(as);
    ptrdiff_t i = flatview_find(view, addr);

    if (i < 0 || addr - view->ranges[i].start >= view->ranges[i].size) {
        return false;
    }
    if (range) {
        *range = view->ranges[i];
    }
    return true;
}

/* ---- Reads and writes --------------------------------------------------- */

/* Access size for I/O at addr: the largest power of two <= 8 and <= len,
   naturally aligned; the region's dispatch adapts it further. */
static unsigned io_chunk(hwaddr addr, hwaddr len)
{
    unsigned s = 8;

    while (s > len || (addr & (s - 1))) {
        s >>= 1;
    }
    return s;
}

static MemTxResult worse(MemTxResult a, MemTxResult b)
{
    return a > b ? a : b;
}

static MemTxResult as_access(AddressSpace *as, hwaddr addr, uint8_t *buf, hwaddr len,
                             bool is_write, bool rom_ok)
{
    MemTxResult res = MEMTX_OK;

    while (len) {
        FlatView *view = address_space_get_flatview(as);
        ptrdiff_t i = flatview_find(view, addr);
        FlatRange fr;
        hwaddr l, off;

        if (i < 0 || addr - view->ranges[i].start >= view->ranges[i].size) {
            /* Unassigned up to the next range (or all of it). */
            l = len;
            if ((size_t)(i + 1) < view->nr && view->ranges[i + 1].start - addr < l) {
                l = view->ranges[i + 1].start - addr;
            }
            log_guest_error("%s: unassigned access at 0x%" PRIx64 " (%s, %" PRIu64
                            " bytes)\n", as->name, addr, is_write ? "write" : "read", l);
            if (!is_write) {
                memset(buf, 0, l);
            }
            res = worse(res, MEMTX_DECODE_ERROR);
            goto next;
        }
        fr = view->ranges[i];
        off = fr.offset_in_mr + (addr - fr.start);
        l = MIN(len, fr.size - (addr - fr.start));
        if (fr.mr->kind == MR_IO) {
            l = io_chunk(addr, l);
            if (is_write) {
                uint64_t v = 0;
                memcpy(&v, buf, l);              /* little-endian host */
                res = worse(res, memory_region_dispatch_write(fr.mr, off, v, (unsigned)l));
            } else {
                uint64_t v = 0;
                res = worse(res, memory_region_dispatch_read(fr.mr, off, &v, (unsigned)l));
                memcpy(buf, &v, l);
            }
        } else if (!is_write) {
            memcpy(buf, fr.mr->ram + off, l);
        } else if (fr.mr->kind == MR_ROM && !rom_ok) {
            log_guest_error("%s: write to ROM '%s' at 0x%" PRIx64 " (%" PRIu64
                            " bytes) ignored\n", as->name, fr.mr->name, addr, l);
        } else {
            /* Invalidate translated code before the new bytes land. */
            memory_notify_code_write(fr.mr, off, addr, l);
            memcpy(fr.mr->ram + off, buf, l);
        }
next:
        buf += l;
        addr += l;
        len -= l;
    }
    return res;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, void *buf, hwaddr len,
                             bool is_write)
{
    return as_access(as, addr, buf, len, is_write, false);
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr, void *buf, hwaddr len)
{
    return as_access(as, addr, buf, len, false, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr, const void *buf, hwaddr len)
{
    return as_access(as, addr, (void *)buf, len, true, false);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr, const void *buf,
                                    hwaddr len)
{
    return as_access(as, addr, (void *)buf, len, true, true);
}

void *address_space_ram_ptr(AddressSpace *as, hwaddr addr, hwaddr *len, bool is_write)
{
    FlatRange fr;
    hwaddr off;

    if (!*len || !address_space_lookup(as, addr, &fr) || !fr.mr->ram ||
        (is_write && fr.mr->kind != MR_RAM)) {
        return NULL;
    }
    off = fr.offset_in_mr + (addr - fr.start);
    *len = MIN(*len, fr.size - (addr - fr.start));
    if (is_write) {
        memory_notify_code_write(fr.mr, off, addr, *len);
    }
    return fr.mr->ram + off;
}

static uint64_t ld_le(AddressSpace *as, hwaddr addr, unsigned size, MemTxResult *res)
{
    uint64_t v = 0;
    MemTxResult r = as_access(as, addr, (uint8_t *)&v, size, false, false);

    if (res) {
        *res = r;
    }
    return v;
}

static void st_le(AddressSpace *as, hwaddr addr, uint64_t v, unsigned size, MemTxResult *res)
{
    MemTxResult r = as_access(as, addr, (uint8_t *)&v, size, true, false);

    if (res) {
        *res = r;
    }
}

uint8_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxResult *res)
{
    return (uint8_t)ld_le(as, addr, 1, res);
}

uint16_t address_space_lduw_le(AddressSpace *as, hwaddr addr, MemTxResult *res)
{
    return (uint16_t)ld_le(as, addr, 2, res);
}

uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxResult *res)
{
    return (uint32_t)ld_le(as, addr, 4, res);
}

uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxResult *res)
{
    return ld_le(as, addr, 8, res);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t v, MemTxResult *res)
{
    st_le(as, addr, v, 1, res);
}

void address_space_stw_le(AddressSpace *as, hwaddr addr, uint16_t v, MemTxResult *res)
{
    st_le(as, addr, v, 2, res);
}

void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t v, MemTxResult *res)
{
    st_le(as, addr, v, 4, res);
}

void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t v, MemTxResult *res)
{
    st_le(as, addr, v, 8, res);
}

/* ---- info mtree --------------------------------------------------------- */

static const char *kind_name(const MemoryRegion *mr)
{
    switch (mr->kind) {
    case MR_CONTAINER: return "container";
    case MR_RAM:       return "ram";
    case MR_ROM:       return "rom";
    case MR_IO:        return "i/o";
    case MR_ALIAS:     return mr->alias ? kind_name(mr->alias) : "alias";
    }
    return "?";
}

static void print_range(FILE *out, int indent, i128 start, uint64_t size)
{
    i128 last = start + (i128)size - (size ? 1 : 0);

    fprintf(out, "%*s%016" PRIx64 "-%016" PRIx64, indent, "", (uint64_t)start,
            (uint64_t)last);
}

static void print_tree(const MemoryRegion *mr, i128 base, int indent, FILE *out, int depth)
{
    if (depth > 64) {
        return;
    }
    print_range(out, indent, base, mr->size);
    fprintf(out, " (prio %d, %s): ", mr->priority, kind_name(mr));
    if (mr->kind == MR_ALIAS && mr->alias) {
        fprintf(out, "alias %s @%s ", mr->name, mr->alias->name);
        print_range(out, 0, mr->alias_offset, mr->size);
    } else {
        fprintf(out, "%s", mr->name);
    }
    fprintf(out, "%s\n", mr->enabled ? "" : " [disabled]");
    for (size_t i = 0; i < mr->nr_subregions; i++) {
        const MemoryRegion *sub = mr->subregions[i];
        print_tree(sub, base + sub->addr, indent + 2, out, depth + 1);
    }
}

void memory_region_print_tree(MemoryRegion *root, FILE *out)
{
    print_tree(root, 0, 2, out, 0);
}

void address_space_print_flatview(AddressSpace *as, FILE *out)
{
    FlatView *view = address_space_get_flatview(as);

    fprintf(out, "FlatView of address-space: %s\n Root memory region: %s\n", as->name,
            as->root ? as->root->name : "(none)");
    if (!view->nr) {
        fprintf(out, "  No rendered FlatView\n");
    }
    for (size_t i = 0; i < view->nr; i++) {
        const FlatRange *fr = &view->ranges[i];

        print_range(out, 2, fr->start, fr->size);
        fprintf(out, " (prio %d, %s): %s", fr->mr->priority, kind_name(fr->mr),
                fr->mr->name);
        if (fr->offset_in_mr) {
            fprintf(out, " @%016" PRIx64, fr->offset_in_mr);
        }
        fputc('\n', out);
    }
}
