/*
 * RISC-V boot: image placement and the boot ROM, compatible with QEMU's virt
 * so that OpenSBI, Linux and bare-metal tests run unchanged.
 */
#include "hw/riscv/boot.h"
#include "hw/core/fdt.h"
#include "hw/core/loader.h"
#include "util/error.h"
#include "util/log.h"

#include <libfdt.h>
#include <unistd.h>

static const char *const default_firmware[] = {
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin",
    "/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin",
};

const char *riscv_default_firmware_path(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(default_firmware); i++) {
        if (access(default_firmware[i], R_OK) == 0) {
            return default_firmware[i];
        }
    }
    return NULL;
}

hwaddr riscv_compute_fdt_addr(hwaddr dram_base, uint64_t dram_size, uint32_t fdt_size)
{
    hwaddr dram_end = dram_base + dram_size;
    /* Below 3 GiB so that 32-bit-addressing early code can reach it. */
    hwaddr top = dram_base < 3 * GiB ? MIN(dram_end, 3 * GiB) : dram_end;

    return ROUND_DOWN(top - fdt_size, 2 * MiB);
}

/* ---- Instruction encoders for the reset code (unprivileged spec ch. 2) --- */

enum { REG_T0 = 5, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12 };
#define CSR_MHARTID 0xf14

static uint32_t enc_i(unsigned opc, unsigned f3, unsigned rd, unsigned rs1, int imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static uint32_t enc_auipc(unsigned rd, uint32_t imm20)
{
    return imm20 << 12 | rd << 7 | 0x17;
}

static uint32_t enc_addi(unsigned rd, unsigned rs1, int imm)
{
    return enc_i(0x13, 0, rd, rs1, imm);
}

static uint32_t enc_ld(unsigned rd, unsigned rs1, int imm)
{
    return enc_i(0x03, 3, rd, rs1, imm);
}

static uint32_t enc_jr(unsigned rs1)
{
    return enc_i(0x67, 0, 0, rs1, 0);
}

static uint32_t enc_csrr(unsigned rd, unsigned csr)
{
    return enc_i(0x73, 2, rd, 0, (int)csr);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = v >> (8 * i);
    }
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

/*
 * The reset code: a0 = mhartid, a1 = DTB address, a2 = &fw_dynamic_info,
 * then jump to start_addr, all relative to the ROM base.
 */
static size_t build_boot_rom(uint8_t *rom, hwaddr start_addr, hwaddr fdt_addr,
                             uint64_t next_addr)
{
    static const unsigned fw_dyn_words = 6;
    uint32_t code[6] = {
        enc_auipc(REG_T0, 0),
        enc_addi(REG_A2, REG_T0, BOOT_ROM_FW_DYN_OFF),
        enc_csrr(REG_A0, CSR_MHARTID),
        enc_ld(REG_A1, REG_T0, BOOT_ROM_FDT_ADDR_OFF),
        enc_ld(REG_T0, REG_T0, BOOT_ROM_START_ADDR_OFF),
        enc_jr(REG_T0),
    };

    for (size_t i = 0; i < ARRAY_SIZE(code); i++) {
        put32(rom + 4 * i, code[i]);
    }
    put64(rom + BOOT_ROM_START_ADDR_OFF, start_addr);
    put64(rom + BOOT_ROM_FDT_ADDR_OFF, fdt_addr);
    /* struct fw_dynamic_info: magic, version, next_addr, next_mode, options,
       boot_hart (0: hart 0 boots, as QEMU passes). */
    uint64_t fw_dyn[6] = {
        FW_DYNAMIC_INFO_MAGIC, FW_DYNAMIC_INFO_VERSION, next_addr,
        FW_DYNAMIC_NEXT_MODE_S, 0, 0,
    };
    for (unsigned i = 0; i < fw_dyn_words; i++) {
        put64(rom + BOOT_ROM_FW_DYN_OFF + 8 * i, fw_dyn[i]);
    }
    return BOOT_ROM_FW_DYN_OFF + 8 * fw_dyn_words;
}

/* Firmware: an ELF at its addresses, or a raw binary at the start of DRAM. */
static bool load_firmware(Machine *m, const char *path, const RISCVBootLayout *l,
                          RISCVBootInfo *info, Error **errp)
{
    uint8_t *buf;
    size_t len;

    if (!loader_read_file("firmware", path, &buf, &len, errp)) {
        return false;
    }
    bool ok;
    if (loader_looks_like_elf(buf, len)) {
        LoaderElfInfo elf;
        ok = loader_load_elf_buf("firmware", path, buf, len, m->system_as, &elf, errp);
        info->firmware_entry = elf.entry;
        info->firmware_end = elf.high;
    } else if (len > l->dram_size) {
        error_setg(errp, "could not load firmware '%s': too large (%zu bytes, %" PRIu64
                   " of RAM)", path, len, l->dram_size);
        ok = false;
    } else {
        ok = loader_write_blob("firmware", path, m->system_as, l->dram_base, buf, len, errp);
        info->firmware_entry = l->dram_base;
        info->firmware_end = l->dram_base + len;
    }
    free(buf);
    info->have_firmware = ok;
    return ok;
}

/* /chosen: bootargs and the initrd range (also in a user-supplied DTB, as QEMU). */
static void fdt_set_chosen(void *fdt, const Machine *m, const RISCVBootInfo *info)
{
    if (!dt_node_exists(fdt, "/chosen")) {
        dt_add_node(fdt, "/chosen");
    }
    if (m->append) {
        dt_setprop_string(fdt, "/chosen", "bootargs", m->append);
    }
    if (info->initrd_end) {
        dt_setprop_u64(fdt, "/chosen", "linux,initrd-start", info->initrd_start);
        dt_setprop_u64(fdt, "/chosen", "linux,initrd-end", info->initrd_end);
    }
}

bool riscv_boot_setup(Machine *m, const RISCVBootLayout *l, RISCVBootInfo *info,
                      Error **errp)
{
    hwaddr dram_end = l->dram_base + l->dram_size;
    const char *bios = m->bios;

    memset(info, 0, sizeof(*info));
    if (!bios || !strcmp(bios, "default")) {
        bios = riscv_default_firmware_path();
        if (!bios) {
            error_setg(errp, "-bios default: no OpenSBI fw_dynamic.bin found (install the "
                       "opensbi package, or use -bios FILE or -bios none)");
            return false;
        }
    } else if (!strcmp(bios, "none")) {
        bios = NULL;
    }
    if (bios && !load_firmware(m, bios, l, info, errp)) {
        return false;
    }

    /* QEMU: the kernel goes at the next 2 MiB boundary after the firmware. */
    hwaddr kernel_start = info->have_firmware ?
        ROUND_UP(MAX(info->firmware_end, l->dram_base), 2 * MiB) : l->dram_base;
    if (m->kernel) {
        if (!loader_load_kernel(m->kernel, m->system_as, kernel_start, dram_end,
                                &info->kernel_entry, &info->kernel_end, errp)) {
            return false;
        }
        info->have_kernel = true;
    } else if (m->initrd) {
        error_setg(errp, "-initrd: no kernel given (use -kernel)");
        return false;
    } else if (m->append) {
        error_setg(errp, "-append: no kernel given (use -kernel)");
        return false;
    }

    if (m->initrd) {
        uint8_t *buf;
        size_t len;
        if (!loader_read_file_max("initrd", m->initrd, l->dram_size, &buf, &len, errp)) {
            return false;
        }
        /* QEMU: halfway into small RAMs, else 128 MiB above the kernel, so
           that the decompressed kernel does not overwrite it. */
        hwaddr start = info->kernel_entry + MIN(l->dram_size / 2, 128 * MiB);
        start = MAX(start, ROUND_UP(info->kernel_end, 4 * KiB));
        if (start >= dram_end || len > dram_end - start) {
            error_setg(errp, "could not load initrd '%s': too large (%zu bytes, %" PRIu64
                       " available at 0x%" PRIx64 ")", m->initrd, len,
                       start < dram_end ? dram_end - start : 0, start);
            free(buf);
            return false;
        }
        bool ok = loader_write_blob("initrd", m->initrd, m->system_as, start, buf, len, errp);
        free(buf);
        if (!ok) {
            return false;
        }
        info->initrd_start = start;
        info->initrd_end = start + len;
    }

    fdt_set_chosen(m->fdt, m, info);
    m->fdt_size = dt_finish(m->fdt);
    info->fdt_addr = riscv_compute_fdt_addr(l->dram_base, l->dram_size, m->fdt_size);
    if (info->fdt_addr < l->dram_base || info->fdt_addr < info->initrd_end) {
        error_setg(errp, "not enough RAM for the device tree (%d bytes) above the initrd",
                   m->fdt_size);
        return false;
    }
    if (!loader_write_blob("dtb", "device tree", m->system_as, info->fdt_addr, m->fdt,
                           m->fdt_size, errp)) {
        return false;
    }

    /* -bios none: the ROM jumps to the kernel itself, in M-mode. */
    if (info->have_firmware) {
        info->start_addr = info->firmware_entry;
    } else {
        info->start_addr = info->have_kernel ? info->kernel_entry : l->dram_base;
    }
    uint8_t rom[128] = { 0 };
    size_t rom_len = build_boot_rom(rom, info->start_addr, info->fdt_addr,
                                    info->have_kernel ? info->kernel_entry : 0);
    assert(rom_len <= sizeof(rom) && rom_len <= l->rom_size);
    return loader_write_blob("boot ROM", "reset vector", m->system_as, l->rom_base, rom,
                             rom_len, errp);
}
