/*
 * Shared bits of the libFuzzer harnesses: a small guest address space (boot
 * ROM, a device, RAM, as on virt) and an in-memory file with a path, for the
 * loaders that take file names.
 */
#ifndef TESTS_FUZZ_COMMON_H
#define TESTS_FUZZ_COMMON_H

#include "memory/memory.h"
#include "util/error.h"

#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_ROM_BASE 0x1000ull
#define FUZZ_ROM_SIZE 0xf000ull
#define FUZZ_IO_BASE  0x10000000ull
#define FUZZ_RAM_BASE 0x80000000ull
#define FUZZ_RAM_SIZE (8 * MiB)

static uint64_t fuzz_io_read(void *opaque, hwaddr off, unsigned size)
{
    return 0;
}

static void fuzz_io_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
}

static const MemoryOps fuzz_io_ops = {
    .read = fuzz_io_read, .write = fuzz_io_write,
    .min_access_size = 1, .max_access_size = 8,
};

static MemoryRegion fuzz_sysmem, fuzz_ram, fuzz_rom, fuzz_io;
static AddressSpace fuzz_as;

static void fuzz_memory_init(void)
{
    memory_region_init_container(&fuzz_sysmem, NULL, "system", UINT64_MAX);
    memory_region_init_ram(&fuzz_ram, NULL, "ram", FUZZ_RAM_SIZE, NULL);
    memory_region_init_rom(&fuzz_rom, NULL, "rom", FUZZ_ROM_SIZE, NULL);
    memory_region_init_io(&fuzz_io, NULL, &fuzz_io_ops, NULL, "io", 0x1000);
    memory_region_add_subregion(&fuzz_sysmem, FUZZ_RAM_BASE, &fuzz_ram);
    memory_region_add_subregion(&fuzz_sysmem, FUZZ_ROM_BASE, &fuzz_rom);
    memory_region_add_subregion(&fuzz_sysmem, FUZZ_IO_BASE, &fuzz_io);
    address_space_init(&fuzz_as, &fuzz_sysmem, "memory");
}

/* An anonymous file holding the input; its name is /proc/self/fd/N. */
static int fuzz_fd = -1;
static char fuzz_path[64];

static const char *fuzz_file(const uint8_t *data, size_t size)
{
    if (fuzz_fd < 0) {
        fuzz_fd = memfd_create("fuzz-input", 0);
        if (fuzz_fd < 0) {
            perror("memfd_create");
            abort();
        }
        snprintf(fuzz_path, sizeof(fuzz_path), "/proc/self/fd/%d", fuzz_fd);
    }
    if (ftruncate(fuzz_fd, 0) < 0 ||
        (size && pwrite(fuzz_fd, data, size, 0) != (ssize_t)size)) {
        perror("memfd write");
        abort();
    }
    return fuzz_path;
}

/* multiline_ok: the input itself had a newline the message may quote. */
static void fuzz_drop_error_ex(Error **errp, bool multiline_ok)
{
    if (*errp) {
        /* Every refusal is one line for the user: no newline inside. */
        if (!multiline_ok && strchr(error_get_pretty(*errp), '\n')) {
            fprintf(stderr, "error message spans lines: %s\n", error_get_pretty(*errp));
            abort();
        }
        error_free(*errp);
        *errp = NULL;
    }
}

static void fuzz_drop_error(Error **errp)
{
    fuzz_drop_error_ex(errp, false);
}

#endif
