/*
 * The image loaders on arbitrary files: the ELF loader (from a buffer, as
 * -kernel and -bios use it), and loader_load_kernel() (ELF, Linux Image or
 * raw binary from a file), then reset (blobs rewritten) and symbol lookups.
 * A refusal must be one line; nothing may crash, hang or write outside the
 * address space.
 */
#include "hw/core/loader.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    Error *err = NULL;
    LoaderElfInfo info;

    if (!init) {
        fuzz_memory_init();
        init = true;
    }
    /* The loader reads a private copy: exact-size buffers catch overreads. */
    uint8_t *copy = malloc(size ? size : 1);
    memcpy(copy, data, size);
    if (loader_load_elf_buf("kernel", "fuzz.elf", copy, size, &fuzz_as, &info, &err)) {
        if (info.low > info.high) {
            abort();
        }
        for (uint64_t a = info.low; a < info.high && a - info.low < 64 * 4; a += 4) {
            uint64_t off;
            loader_symbol_lookup(a, &off);
        }
        loader_symbol_lookup(info.entry, NULL);
    }
    fuzz_drop_error(&err);
    free(copy);
    loader_reset_blobs(&fuzz_as);
    loader_clear();

    uint64_t entry;
    hwaddr end;
    const char *path = fuzz_file(data, size);
    if (loader_load_kernel(path, &fuzz_as, FUZZ_RAM_BASE + 2 * MiB,
                           FUZZ_RAM_BASE + FUZZ_RAM_SIZE, &entry, &end, &err)) {
        loader_symbol_lookup(entry, NULL);
    }
    fuzz_drop_error(&err);
    if (loader_load_raw("firmware", path, &fuzz_as, FUZZ_RAM_BASE, FUZZ_RAM_SIZE, NULL,
                        &err)) {
        loader_reset_blobs(&fuzz_as);
    }
    fuzz_drop_error(&err);
    loader_clear();
    return 0;
}
