/*
 * The executable code buffer: see codebuf.h for the modes and their order.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>
#include "tcg/codebuf.h"

static size_t host_page_size(void)
{
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (size_t)p : 4096;
}

const char *codebuf_mode_name(CodeBufMode mode)
{
    switch (mode) {
    case CODEBUF_AUTO:     return "auto";
    case CODEBUF_DUAL:     return "dual-mapping";
    case CODEBUF_MPROTECT: return "mprotect";
    case CODEBUF_RWX:      return "rwx";
    }
    return "?";
}

/*
 * Where to ask for the executable view: within rel32 reach of our own text
 * (this function's address stands for it; PIE images sit far from mmap's
 * default area), so that generated code calls C helpers directly.  Below
 * the text: above the image lies the heap, whose start Linux randomizes
 * over up to 1 GiB (a buffer asked for 256 MiB above the image met the heap
 * in about one run in ten, and then every helper call became an indirect
 * one).  A non-PIE image sits too low for that: then above it, past the
 * heap's randomized start.  Only a hint.
 */
static void *code_hint(size_t size)
{
    uintptr_t text = (uintptr_t)&code_hint;
    uintptr_t span = ROUND_UP(size, (uintptr_t)(2 * MiB)) + 4 * MiB;

    if (size > 1 * GiB) {
        return NULL;
    }
    if (text > span + 16 * MiB) {
        return (void *)(ROUND_DOWN(text, (uintptr_t)(2 * MiB)) - span);
    }
    if (size <= 512 * MiB) {
        return (void *)(ROUND_UP(text, (uintptr_t)(2 * MiB)) + 1280 * MiB);
    }
    return NULL;
}

static bool init_dual(CodeBuf *cb, Error **errp)
{
    int fd = memfd_create("vireo-jit", MFD_CLOEXEC);
    void *rw, *rx;

    if (fd < 0) {
        error_setg_errno(errp, errno, "memfd_create");
        return false;
    }
    if (ftruncate(fd, (off_t)cb->size) < 0) {
        error_setg_errno(errp, errno, "ftruncate of the code buffer");
        close(fd);
        return false;
    }
    rw = mmap(NULL, cb->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (rw == MAP_FAILED) {
        error_setg_errno(errp, errno, "mmap of the code buffer (rw)");
        close(fd);
        return false;
    }
    /* Some hardened hosts refuse PROT_EXEC on a shared file mapping. */
    rx = mmap(code_hint(cb->size), cb->size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    if (rx == MAP_FAILED) {
        error_setg_errno(errp, errno, "mmap of the code buffer (rx)");
        munmap(rw, cb->size);
        close(fd);
        return false;
    }
    cb->rw = rw;
    cb->rx = rx;
    cb->fd = fd;
    return true;
}

static bool init_single(CodeBuf *cb, int prot, Error **errp)
{
    void *p = mmap(code_hint(cb->size), cb->size, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED) {
        error_setg_errno(errp, errno, "mmap of the code buffer");
        return false;
    }
    cb->rw = cb->rx = p;
    return true;
}

static bool init_mprotect(CodeBuf *cb, Error **errp)
{
    if (!init_single(cb, PROT_READ | PROT_WRITE, errp)) {
        return false;
    }
    /* Check now that the host lets us flip to RX at all. */
    if (mprotect(cb->rw, cb->size, PROT_READ | PROT_EXEC) < 0) {
        error_setg_errno(errp, errno, "mprotect of the code buffer");
        munmap(cb->rw, cb->size);
        cb->rw = cb->rx = NULL;
        return false;
    }
    return true;
}

bool codebuf_init_mode(CodeBuf *cb, size_t size, CodeBufMode mode, Error **errp)
{
    size_t page = host_page_size();
    Error *local = NULL;

    memset(cb, 0, sizeof(*cb));
    cb->fd = -1;
    if (size == 0) {
        size = CODEBUF_DEFAULT_SIZE;
    }
    cb->size = ROUND_UP(size, page);

    if (mode == CODEBUF_AUTO || mode == CODEBUF_DUAL) {
        if (init_dual(cb, mode == CODEBUF_DUAL ? errp : &local)) {
            cb->mode = CODEBUF_DUAL;
            return true;
        }
        if (mode == CODEBUF_DUAL) {
            return false;
        }
        error_free(local);
        local = NULL;
    }
    if (mode == CODEBUF_AUTO || mode == CODEBUF_MPROTECT) {
        if (init_mprotect(cb, mode == CODEBUF_MPROTECT ? errp : &local)) {
            cb->mode = CODEBUF_MPROTECT;
            return true;
        }
        if (mode == CODEBUF_MPROTECT) {
            return false;
        }
        error_free(local);
        local = NULL;
    }
    if (!init_single(cb, PROT_READ | PROT_WRITE | PROT_EXEC, errp)) {
        error_prepend(errp, "cannot allocate %zu bytes of executable memory: ", cb->size);
        return false;
    }
    cb->mode = CODEBUF_RWX;
    return true;
}

bool codebuf_init(CodeBuf *cb, size_t size, Error **errp)
{
    return codebuf_init_mode(cb, size, CODEBUF_AUTO, errp);
}

void codebuf_destroy(CodeBuf *cb)
{
    if (cb->rw) {
        munmap(cb->rw, cb->size);
    }
    if (cb->rx && cb->rx != cb->rw) {
        munmap(cb->rx, cb->size);
    }
    if (cb->fd >= 0) {
        close(cb->fd);
    }
    memset(cb, 0, sizeof(*cb));
    cb->fd = -1;
}

void codebuf_commit(CodeBuf *cb, size_t n)
{
    assert(n <= codebuf_avail(cb));
    cb->used = MIN(cb->size, ROUND_UP(cb->used + n, (size_t)CODEBUF_ALIGN));
}

uint8_t *codebuf_alloc(CodeBuf *cb, size_t n)
{
    uint8_t *p;

    if (n > codebuf_avail(cb)) {
        return NULL;
    }
    p = codebuf_cur_rw(cb);
    codebuf_commit(cb, n);
    return p;
}

void codebuf_reset(CodeBuf *cb, size_t keep)
{
    assert(keep <= cb->size);
    cb->used = MIN(cb->size, ROUND_UP(keep, (size_t)CODEBUF_ALIGN));
}

void codebuf_begin_write(CodeBuf *cb)
{
    if (cb->mode == CODEBUF_MPROTECT && cb->writing++ == 0) {
        if (mprotect(cb->rw, cb->size, PROT_READ | PROT_WRITE) < 0) {
            abort();    /* worked at init: the host cannot recover from this */
        }
    }
}

void codebuf_end_write(CodeBuf *cb, const void *rx, size_t len)
{
    if (cb->mode == CODEBUF_MPROTECT) {
        assert(cb->writing > 0);
        if (--cb->writing == 0 &&
            mprotect(cb->rw, cb->size, PROT_READ | PROT_EXEC) < 0) {
            abort();
        }
    }
    codebuf_flush_icache(rx, len);
}

void codebuf_flush_icache(const void *rx, size_t len)
{
#if defined(__x86_64__) || defined(__i386__)
    (void)rx;
    (void)len;          /* x86 keeps instruction fetch coherent with stores */
#else
    __builtin___clear_cache((char *)rx, (char *)rx + len);
#endif
}
