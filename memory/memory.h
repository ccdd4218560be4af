/*
 * The memory API: regions (RAM, ROM, I/O, alias, container) arranged in a
 * tree, and address spaces that flatten a tree into a sorted dispatch view.
 *
 * Devices create regions for their registers and are mapped by the board;
 * they never see host memory outside their own regions.  The flat view of an
 * address space is rebuilt lazily, only after a topology change.
 */
#ifndef MEMORY_MEMORY_H
#define MEMORY_MEMORY_H

#include "util/osdep.h"

typedef struct Error Error;
typedef struct Object Object;
typedef struct MemoryRegion MemoryRegion;
typedef struct AddressSpace AddressSpace;
typedef struct FlatView FlatView;

typedef enum MemTxResult {
    MEMTX_OK = 0,
    MEMTX_ERROR = 1,         /* the device rejected the access */
    MEMTX_DECODE_ERROR = 2,  /* nothing is mapped there */
} MemTxResult;

typedef struct MemoryOps {
    uint64_t (*read)(void *opaque, hwaddr off, unsigned size);
    void (*write)(void *opaque, hwaddr off, uint64_t val, unsigned size);
    /*
     * Optional: return MEMTX_ERROR to signal a bus error to the initiator.
     * When set, they are used instead of read/write.
     */
    MemTxResult (*read_tx)(void *opaque, hwaddr off, uint64_t *val, unsigned size);
    MemTxResult (*write_tx)(void *opaque, hwaddr off, uint64_t val, unsigned size);
    /* Access sizes the device accepts (bytes; 0 means 1 for min, 4 for max). */
    unsigned min_access_size;
    unsigned max_access_size;
    bool unaligned;          /* the device accepts unaligned accesses */
    bool big_endian;         /* register values are big-endian */
} MemoryOps;

typedef enum MemoryRegionKind {
    MR_CONTAINER,
    MR_RAM,
    MR_ROM,                  /* RAM that the guest cannot write */
    MR_IO,
    MR_ALIAS,
} MemoryRegionKind;

struct MemoryRegion {
    char *name;
    MemoryRegionKind kind;
    uint64_t size;
    Object *owner;

    uint8_t *ram;                /* MR_RAM / MR_ROM: host backing */
    uint8_t *code_pages;         /* MR_RAM: one byte per 4 KiB page, set by the
                                    execution engine while the page holds
                                    translated code; NULL until first used */
    const MemoryOps *ops;        /* MR_IO */
    void *opaque;

    MemoryRegion *alias;         /* MR_ALIAS: target and offset into it */
    hwaddr alias_offset;

    MemoryRegion *container;     /* where this region is mapped, or NULL */
    hwaddr addr;                 /* offset inside the container */
    int priority;
    bool enabled;
    bool may_overlap;
    MemoryRegion **subregions;   /* sorted by priority, highest first */
    size_t nr_subregions;
};

void memory_region_init_container(MemoryRegion *mr, Object *owner, const char *name,
                                  uint64_t size);
/* Zero-filled host memory.  Fails (errp) when the host cannot provide it. */
bool memory_region_init_ram(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp);
bool memory_region_init_rom(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp);
void memory_region_init_io(MemoryRegion *mr, Object *owner, const MemoryOps *ops,
                           void *opaque, const char *name, uint64_t size);
void memory_region_init_alias(MemoryRegion *mr, Object *owner, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size);
void memory_region_destroy(MemoryRegion *mr);   /* frees RAM and the name */

/* Map child at offset; subregions of equal priority must not overlap. */
void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset, MemoryRegion *child);
/* Map child at offset with a priority: higher priority wins where regions overlap. */
void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *child, int priority);
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *child);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
static inline uint8_t *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    return mr->ram;
}

/* Call the device's ops for one access of size 1, 2, 4 or 8 at off (split and
   widened to the device's access sizes as needed).  Value is little-endian
   order on the bus (the guest's view of a little-endian access). */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr off, uint64_t *val,
                                        unsigned size);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr off, uint64_t val,
                                         unsigned size);

/* ---- Address spaces ---------------------------------------------------- */

/* A piece of a flat view: [start, start + size) maps to mr at offset_in_mr. */
typedef struct FlatRange {
    hwaddr start;
    uint64_t size;
    MemoryRegion *mr;            /* terminal region: RAM, ROM or IO */
    hwaddr offset_in_mr;
} FlatRange;

struct FlatView {
    FlatRange *ranges;           /* sorted by start, non-overlapping */
    size_t nr;
};

/* Called after the topology of an address space changed (e.g. to flush TLBs). */
typedef void MemoryListenerFn(void *opaque, AddressSpace *as);

struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *view;              /* current view; rebuilt when stale */
    uint64_t view_generation;
    MemoryListenerFn *listener;
    void *listener_opaque;
};

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name);
void address_space_destroy(AddressSpace *as);
FlatView *address_space_get_flatview(AddressSpace *as);
/* The listener is called right after each topology change that touches the
   region tree of as (the view is rebuilt lazily, at the next lookup). */
void address_space_set_listener(AddressSpace *as, MemoryListenerFn *fn, void *opaque);
/* Number of flat views built so far (for tests and -d stats). */
uint64_t memory_flatview_rebuild_count(void);

/*
 * The terminal region at addr: fills *range (a copy, trimmed to nothing), and
 * returns false if nothing is mapped at addr.
 */
bool address_space_lookup(AddressSpace *as, hwaddr addr, FlatRange *range);

/*
 * Copy len bytes between buf and the address space, splitting at region
 * edges and into each device's access sizes.  Unassigned accesses are logged
 * under -d guest_errors, read as zero / are dropped, and make the result
 * MEMTX_DECODE_ERROR.  Writes to ROM are dropped (logged).  Writes to RAM
 * pages holding translated code invalidate that code.
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, void *buf, hwaddr len,
                             bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr, void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr, const void *buf, hwaddr len);
/* Like write, but also writes ROM: for loaders. */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr, const void *buf,
                                    hwaddr len);

/*
 * Direct access to guest RAM for DMA: the host pointer for addr when RAM is
 * mapped there (ROM too, for reads), with *len reduced to the part that is
 * contiguous host memory; NULL otherwise (then use address_space_rw, which
 * also reports the error).  With is_write, translated code in
 * [addr, addr + *len) is invalidated first, as address_space_write does.
 */
void *address_space_ram_ptr(AddressSpace *as, hwaddr addr, hwaddr *len, bool is_write);

/* Little-endian scalar helpers for DMA (virtio rings, page tables). */
uint8_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxResult *res);
uint16_t address_space_lduw_le(AddressSpace *as, hwaddr addr, MemTxResult *res);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxResult *res);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxResult *res);
void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t v, MemTxResult *res);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint16_t v, MemTxResult *res);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t v, MemTxResult *res);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t v, MemTxResult *res);

/*
 * Self-modifying code support.  The execution engine marks RAM pages that
 * hold translated code (memory_region_mark_code) and installs one hook; any
 * write through address_space_rw to a marked page calls it with the guest
 * physical range written, before the write lands.
 */
typedef void MemoryCodeWriteFn(void *opaque, hwaddr addr, hwaddr len);
void memory_set_code_write_hook(MemoryCodeWriteFn *fn, void *opaque);
void memory_region_mark_code(MemoryRegion *mr, hwaddr offset);
void memory_region_clear_code(MemoryRegion *mr, hwaddr offset);
static inline bool memory_region_is_code(const MemoryRegion *mr, hwaddr offset)
{
    return mr->code_pages && mr->code_pages[offset >> 12];
}
/* Invoke the hook if [addr, addr + len) touches a marked page of mr. */
void memory_notify_code_write(MemoryRegion *mr, hwaddr offset, hwaddr addr, hwaddr len);

/* "info mtree": the region tree and the flat view of as. */
void memory_region_print_tree(MemoryRegion *root, FILE *out);
void address_space_print_flatview(AddressSpace *as, FILE *out);

#endif
