/*
 * The executable code buffer shared by the back ends.
 *
 * Generated code is written through one view (rw) and executed through
 * another (rx), so no page is ever writable and executable at once (W^X).
 * Preferred: one memfd mapped twice.  Fallbacks, in order: one private
 * mapping whose protection is toggled with mprotect around writes (rw == rx;
 * writers must bracket writes with codebuf_begin_write/codebuf_end_write), and
 * as a last resort a single RWX mapping.
 *
 * The buffer is a bump allocator: codebuf_alloc hands out aligned pieces,
 * codebuf_reset(cb, keep) frees everything after the first `keep` bytes (the
 * prologue survives a code flush).  Instruction-cache coherence is a no-op on
 * x86 hosts (codebuf_flush_icache is kept for other hosts).
 *
 * Independent of any back end: the JIT and the interpreter both use it.
 */
#ifndef TCG_CODEBUF_H
#define TCG_CODEBUF_H

#include "util/osdep.h"
#include "util/error.h"

#define CODEBUF_DEFAULT_SIZE (64 * MiB)
#define CODEBUF_ALIGN 16

typedef enum CodeBufMode {
    CODEBUF_AUTO,       /* best available: dual mapping, then mprotect, then RWX */
    CODEBUF_DUAL,       /* memfd mapped twice (rw and rx views differ) */
    CODEBUF_MPROTECT,   /* one mapping, RW while writing and RX otherwise */
    CODEBUF_RWX,        /* one RWX mapping (no W^X) */
} CodeBufMode;

typedef struct CodeBuf {
    uint8_t *rw;        /* writable view */
    uint8_t *rx;        /* executable view of the same bytes */
    size_t size;        /* bytes */
    size_t used;        /* allocation cursor */
    CodeBufMode mode;   /* the mode in use (never CODEBUF_AUTO once set up) */
    int fd;             /* memfd for CODEBUF_DUAL, else -1 */
    int writing;        /* CODEBUF_MPROTECT: nesting of begin_write */
} CodeBuf;

/* Map a buffer of size bytes (rounded up to the page size; 0 means the
   default).  Returns false and sets errp if no mode works. */
bool codebuf_init(CodeBuf *cb, size_t size, Error **errp);
/* Same, asking for a particular mode (tests); CODEBUF_AUTO as above. */
bool codebuf_init_mode(CodeBuf *cb, size_t size, CodeBufMode mode, Error **errp);
void codebuf_destroy(CodeBuf *cb);
const char *codebuf_mode_name(CodeBufMode mode);

/* Convert between the two views. */
static inline const uint8_t *codebuf_rw_to_rx(const CodeBuf *cb, const uint8_t *rw)
{
    return cb->rx + (rw - cb->rw);
}
static inline uint8_t *codebuf_rx_to_rw(const CodeBuf *cb, const uint8_t *rx)
{
    return cb->rw + (rx - cb->rx);
}
static inline bool codebuf_contains_rx(const CodeBuf *cb, uintptr_t rx)
{
    return rx >= (uintptr_t)cb->rx && rx < (uintptr_t)cb->rx + cb->size;
}

/* Allocation cursor: the free space starts at codebuf_cur_rw / _rx. */
static inline uint8_t *codebuf_cur_rw(const CodeBuf *cb) { return cb->rw + cb->used; }
static inline const uint8_t *codebuf_cur_rx(const CodeBuf *cb) { return cb->rx + cb->used; }
static inline size_t codebuf_avail(const CodeBuf *cb) { return cb->size - cb->used; }
/* Mark n bytes at the cursor as used; the cursor stays CODEBUF_ALIGN-aligned. */
void codebuf_commit(CodeBuf *cb, size_t n);
/* Reserve n bytes (aligned); returns the rw pointer or NULL when full. */
uint8_t *codebuf_alloc(CodeBuf *cb, size_t n);
/* Forget everything after the first keep bytes (a code flush). */
void codebuf_reset(CodeBuf *cb, size_t keep);

/* Bracket every write into the buffer (code generation and jump patching).
   Only CODEBUF_MPROTECT does work here.  end_write also makes the written
   range [rx, rx + len) coherent for instruction fetch. */
void codebuf_begin_write(CodeBuf *cb);
void codebuf_end_write(CodeBuf *cb, const void *rx, size_t len);
/* Instruction-cache coherence for [rx, rx + len): nothing to do on x86. */
void codebuf_flush_icache(const void *rx, size_t len);

#endif
