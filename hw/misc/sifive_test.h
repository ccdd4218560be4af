/*
 * SiFive test finisher: a write of 0x5555 powers off (exit 0), 0x3333 |
 * code << 16 powers off with exit status code, 0x7777 resets.
 */
#ifndef HW_MISC_SIFIVE_TEST_H
#define HW_MISC_SIFIVE_TEST_H

#include "hw/core/qdev.h"
#include "hw/core/machine.h"

#define TYPE_SIFIVE_TEST "sifive-test"

enum { SIFIVE_TEST_PASS = 0x5555, SIFIVE_TEST_FAIL = 0x3333, SIFIVE_TEST_RESET = 0x7777 };

/* Create, realize and map at base in sysmem.  m may be NULL (tests). */
DeviceState *sifive_test_create(Machine *m, MemoryRegion *sysmem, hwaddr base, Error **errp);

#endif
