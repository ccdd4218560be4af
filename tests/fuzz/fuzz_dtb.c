/*
 * The -dtb path on arbitrary files, as hw/riscv/virt.c runs it: load and
 * validate the file (dt_load_file), open it with room for /chosen, let the
 * boot code add /chosen (bootargs of up to 150 KB, initrd range), pack and
 * place it in RAM, then print it as -d fdt does.  A refusal must be one line; nothing may
 * crash or hang.
 */
#include "hw/core/fdt.h"
#include "hw/core/loader.h"
#include "hw/riscv/boot.h"
#include "fuzz_common.h"

#include <libfdt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    static FILE *devnull;
    Error *err = NULL;
    int fdt_size;

    if (!init) {
        fuzz_memory_init();
        devnull = fopen("/dev/null", "w");
        init = true;
    }
    void *user = dt_load_file(fuzz_file(data, size), &fdt_size, &err);
    if (!user) {
        fuzz_drop_error(&err);
        return 0;
    }
    /* A command line of up to ~150 KB (argv allows 128 KiB per argument),
       its length from the last input byte. */
    static char append[256 * 600 + 1];
    size_t alen = size ? data[size - 1] * 600u : 0;
    memset(append, 'a', alen);
    append[alen] = '\0';
    /* virt_load_user_fdt() */
    int bufsize = fdt_size + 64 * KiB + (int)alen;
    void *fdt = xzalloc(bufsize);
    int r = fdt_open_into(user, fdt, bufsize);
    free(user);
    if (r == 0) {
        dt_print(fdt, devnull);
        Machine m = {
            .ram_size = FUZZ_RAM_SIZE, .smp_cpus = 1, .bios = (char *)"none",
            .append = append,
            .system_memory = &fuzz_sysmem, .system_as = &fuzz_as, .fdt = fdt,
        };
        RISCVBootLayout layout = {
            .rom_base = FUZZ_ROM_BASE, .rom_size = FUZZ_ROM_SIZE,
            .dram_base = FUZZ_RAM_BASE, .dram_size = FUZZ_RAM_SIZE,
        };
        RISCVBootInfo info;
        if (riscv_boot_setup(&m, &layout, &info, &err)) {
            dt_print(fdt, devnull);
        }
        fuzz_drop_error(&err);
    }
    free(fdt);
    loader_clear();
    return 0;
}
