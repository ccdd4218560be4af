/*
 * Goldfish RTC (Android emulator's real-time clock; on QEMU's virt board):
 * wall-clock nanoseconds that advance with the virtual clock, and an alarm.
 */
#ifndef HW_RTC_GOLDFISH_RTC_H
#define HW_RTC_GOLDFISH_RTC_H

#include "hw/core/qdev.h"
#include "memory/memory.h"

#define TYPE_GOLDFISH_RTC "goldfish-rtc"
#define GOLDFISH_RTC_SIZE 0x1000

DeviceState *goldfish_rtc_create(MemoryRegion *sysmem, hwaddr base, IRQ *irq, Error **errp);

#endif
