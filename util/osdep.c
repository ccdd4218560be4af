/*
 * Host helpers: allocation that aborts on out-of-memory, the monotonic clock.
 */
#define _GNU_SOURCE
#include "util/osdep.h"

#include <time.h>

static NORETURN void oom(size_t size)
{
    fprintf(stderr, "vireo: out of memory allocating %zu bytes\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p) {
        oom(size);
    }
    return p;
}

void *xzalloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);

    if (!p) {
        oom(size);
    }
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);

    if (!q) {
        oom(size);
    }
    return q;
}

char *xstrdup(const char *s)
{
    char *p;

    if (!s) {
        return NULL;
    }
    p = strdup(s);
    if (!p) {
        oom(strlen(s) + 1);
    }
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) {
        oom(0);
    }
    return s;
}

int64_t host_clock_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
