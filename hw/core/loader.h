/*
 * Loading guest images into an address space: ELF64 executables, raw
 * binaries, RISC-V Linux `Image` files and initrds.
 *
 * Every byte written is also recorded as a "ROM blob" so that a machine reset
 * can put the images back (loader_reset_blobs).  Writes go through
 * address_space_write_rom, so ROM and RAM both work and pages holding
 * translated code are invalidated.
 *
 * Errors name what was loaded and the file, for one line to the user:
 * "could not load kernel 'x': truncated ELF program header".
 */
#ifndef HW_CORE_LOADER_H
#define HW_CORE_LOADER_H

#include "util/osdep.h"
#include "memory/memory.h"

typedef struct Error Error;

/* What an ELF load produced. */
typedef struct LoaderElfInfo {
    uint64_t entry;
    hwaddr low;                  /* lowest loaded physical address */
    hwaddr high;                 /* end (exclusive) of the highest segment */
} LoaderElfInfo;

/* Read a whole file; *buf is freed by the caller.  what: "kernel", ... */
bool loader_read_file(const char *what, const char *path, uint8_t **buf, size_t *len,
                      Error **errp);
/* The same, refusing (before allocating) a file larger than max bytes. */
bool loader_read_file_max(const char *what, const char *path, uint64_t max, uint8_t **buf,
                          size_t *len, Error **errp);
/* A generous bound for images whose useful size is not known before parsing
   (ELF files with debug info): larger files are refused, not allocated. */
#define LOADER_MAX_FILE_SIZE (4 * GiB)

/* True if buf starts like an ELF file (even a malformed one). */
bool loader_looks_like_elf(const uint8_t *buf, size_t len);

/*
 * Validate and load a RISC-V ELF64 image held in buf (name is the file name
 * for messages).  Segments are loaded at their physical addresses; the BSS
 * part is zeroed.  The symbol table, if any, is kept for loader_symbol_lookup.
 */
bool loader_load_elf_buf(const char *what, const char *name, const uint8_t *buf,
                         size_t len, AddressSpace *as, LoaderElfInfo *info, Error **errp);
bool loader_load_elf(const char *what, const char *path, AddressSpace *as,
                     LoaderElfInfo *info, Error **errp);

/* A raw binary at addr; fails if it is larger than max_size. */
bool loader_load_raw(const char *what, const char *path, AddressSpace *as, hwaddr addr,
                     uint64_t max_size, uint64_t *size, Error **errp);

/* RISC-V Linux Image header (Documentation/arch/riscv/boot-image-header.rst). */
typedef struct LinuxImageHeader {
    uint64_t text_offset;
    uint64_t image_size;         /* effective size in memory, incl. BSS */
    uint64_t flags;
    uint32_t version;
} LinuxImageHeader;
#define LINUX_IMAGE_MAGIC2_OFFSET 0x38
bool loader_parse_linux_image(const uint8_t *buf, size_t len, LinuxImageHeader *hdr);

/*
 * A kernel: an ELF (loaded at its physical addresses) or an Image / raw
 * binary at load_addr.  *entry is where to start it, *end the first byte
 * after it (in memory, BSS included).  limit: first address not usable.
 */
bool loader_load_kernel(const char *path, AddressSpace *as, hwaddr load_addr, hwaddr limit,
                        uint64_t *entry, hwaddr *end, Error **errp);

/* Write buf at addr and record it for reset. */
bool loader_write_blob(const char *what, const char *name, AddressSpace *as, hwaddr addr,
                       const void *buf, size_t len, Error **errp);
/* Write the recorded blobs again (machine reset). */
void loader_reset_blobs(AddressSpace *as);
/* Forget blobs and symbols (tests). */
void loader_clear(void);

/* Symbol of the ELF images loaded, for -d logs: name and offset into it, or NULL. */
const char *loader_symbol_lookup(uint64_t addr, uint64_t *offset);

#endif
