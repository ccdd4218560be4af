/*
 * RISC-V ACLINT in the SiFive CLINT layout: MSWI (msip per hart at 0x0) and
 * MTIMER (mtimecmp per hart at 0x4000, mtime at 0xbff8), mtime counting at
 * timebase-freq (10 MHz) on the virtual clock.
 */
#ifndef HW_INTC_ACLINT_H
#define HW_INTC_ACLINT_H

#include "hw/core/qdev.h"
#include "memory/memory.h"

#define TYPE_ACLINT "riscv-aclint"

#define ACLINT_MSIP          0x0
#define ACLINT_MTIMECMP      0x4000
#define ACLINT_MTIME         0xbff8
#define ACLINT_SIZE          0x10000
#define ACLINT_TIMEBASE_FREQ 10000000

/* Create for num_harts harts, realize and map at base. */
DeviceState *aclint_create(MemoryRegion *sysmem, hwaddr base, int num_harts, Error **errp);
/* Outputs of hart: machine software (msip) and machine timer interrupt. */
void aclint_connect_hart(DeviceState *dev, int hart, IRQ *msip, IRQ *mtip);
/* mtime now; opaque is the device (fits riscv_cpu_set_rdtime). */
uint64_t aclint_read_mtime(void *opaque);

#endif
