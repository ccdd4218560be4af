/*
 * Common host definitions included by every Vireo source file.
 */
#ifndef UTIL_OSDEP_H
#define UTIL_OSDEP_H

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A guest physical address, or an offset inside a memory region. */
typedef uint64_t hwaddr;
/* A guest virtual address. */
typedef uint64_t vaddr;

#define HWADDR_MAX UINT64_MAX

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ROUND_UP(n, d) (((n) + (d) - 1) & -(__typeof__(n))(d))
#define ROUND_DOWN(n, d) ((n) & -(__typeof__(n))(d))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define IS_POWER_OF_2(x) ((x) != 0 && ((x) & ((x) - 1)) == 0)

#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define NORETURN __attribute__((noreturn))
#define PRINTF_FMT(a, b) __attribute__((format(printf, a, b)))
#define UNUSED __attribute__((unused))

#define KiB (1ull << 10)
#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* Allocation that aborts on out-of-memory: the host cannot recover from it. */
void *xmalloc(size_t size);
void *xzalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) PRINTF_FMT(1, 2);
#define XNEW(type) ((type *)xzalloc(sizeof(type)))
#define XNEWV(type, n) ((type *)xzalloc(sizeof(type) * (n)))

/* Host monotonic clock in nanoseconds. */
int64_t host_clock_ns(void);

/* Bit helpers. */
static inline uint64_t extract64(uint64_t v, unsigned start, unsigned len)
{
    assert(len > 0 && start + len <= 64);
    return (v >> start) & (~0ull >> (64 - len));
}

static inline int64_t sextract64(uint64_t v, unsigned start, unsigned len)
{
    assert(len > 0 && start + len <= 64);
    return (int64_t)(v << (64 - len - start)) >> (64 - len);
}

static inline uint64_t deposit64(uint64_t v, unsigned start, unsigned len, uint64_t field)
{
    uint64_t mask = (~0ull >> (64 - len)) << start;
    assert(len > 0 && start + len <= 64);
    return (v & ~mask) | ((field << start) & mask);
}

#endif
