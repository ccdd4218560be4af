/* The benchmark programs' console, for the native build on the host
   (bench/run.sh): report() with printf, memset and memcpy from libc. */
#ifndef BENCH_HOST_LIB_H
#define BENCH_HOST_LIB_H

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline void report(const char *name, uint64_t checksum)
{
    printf("%s checksum %016" PRIx64 "\n", name, checksum);
}

#endif
