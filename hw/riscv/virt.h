/*
 * The RISC-V "virt" board (QEMU-compatible memory map; see DESIGN.md).
 */
#ifndef HW_RISCV_VIRT_H
#define HW_RISCV_VIRT_H

#include "hw/core/machine.h"

#define TYPE_VIRT_MACHINE "virt-machine"

/* Indexes into the board's memory map. */
enum {
    VIRT_MROM,
    VIRT_TEST,
    VIRT_RTC,
    VIRT_CLINT,
    VIRT_PLIC,
    VIRT_UART0,
    VIRT_VIRTIO,
    VIRT_PCIE_ECAM,
    VIRT_PCIE_MMIO,
    VIRT_DRAM,
};

/* Base address of a memory map entry. */
hwaddr virt_memmap_base(int idx);

#endif
