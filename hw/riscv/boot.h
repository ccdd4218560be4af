/*
 * Booting a RISC-V board the way QEMU's virt does: firmware at the start of
 * DRAM, the kernel after it (or alone, with -bios none), the initrd and the
 * device tree high in RAM, and a boot ROM holding the reset code and the
 * OpenSBI fw_dynamic_info.
 */
#ifndef HW_RISCV_BOOT_H
#define HW_RISCV_BOOT_H

#include "hw/core/machine.h"

/* OpenSBI fw_dynamic_info (include/sbi/fw_dynamic.h in OpenSBI). */
#define FW_DYNAMIC_INFO_MAGIC   0x4942534f
#define FW_DYNAMIC_INFO_VERSION 2
#define FW_DYNAMIC_NEXT_MODE_S  1

/* Layout of the boot ROM: reset code, then two .dwords, then fw_dynamic_info. */
#define BOOT_ROM_START_ADDR_OFF 24
#define BOOT_ROM_FDT_ADDR_OFF   32
#define BOOT_ROM_FW_DYN_OFF     40

typedef struct RISCVBootLayout {
    hwaddr rom_base;
    uint64_t rom_size;
    hwaddr dram_base;
    uint64_t dram_size;
} RISCVBootLayout;

/* What was placed where (for tests and logs). */
typedef struct RISCVBootInfo {
    bool have_firmware;
    hwaddr firmware_entry, firmware_end;
    bool have_kernel;
    uint64_t kernel_entry;
    hwaddr kernel_end;
    hwaddr initrd_start, initrd_end;  /* 0, 0 if none */
    hwaddr fdt_addr;
    hwaddr start_addr;                /* where the ROM jumps */
} RISCVBootInfo;

/* The -bios default firmware path, or NULL if none is installed. */
const char *riscv_default_firmware_path(void);

/*
 * Load firmware (m->bios), kernel (m->kernel), initrd, finish /chosen in
 * m->fdt (bootargs, initrd), place the tree and write the boot ROM.
 * m->fdt must have room to grow (dt_create or opened with slack).
 */
bool riscv_boot_setup(Machine *m, const RISCVBootLayout *layout, RISCVBootInfo *info,
                      Error **errp);

/* The DTB address QEMU would use for this RAM and tree size. */
hwaddr riscv_compute_fdt_addr(hwaddr dram_base, uint64_t dram_size, uint32_t fdt_size);

#endif
