/* Minimal console output for the bare-metal benchmarks (ns16550a at 0x10000000). */
#ifndef BENCH_LIB_H
#define BENCH_LIB_H

#ifndef __riscv
/* The native build of the same programs on the host (bench/run.sh).  The
   include is here because "lib.h" is found next to the program before any -I. */
#include "host/lib.h"
#else

#include <stdint.h>
#include <stddef.h>

#define UART ((volatile uint8_t *)0x10000000)

static inline void putc_(char c)
{
    while (!(UART[5] & 0x20)) {
    }
    UART[0] = (uint8_t)c;
}

static inline void puts_(const char *s)
{
    while (*s) {
        putc_(*s++);
    }
}

static inline void puthex(uint64_t v)
{
    for (int i = 60; i >= 0; i -= 4) {
        putc_("0123456789abcdef"[(v >> i) & 15]);
    }
}

static inline void report(const char *name, uint64_t checksum)
{
    puts_(name);
    puts_(" checksum ");
    puthex(checksum);
    putc_('\n');
}

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif /* __riscv */
#endif
