/*
 * Debug logging: the -d items and -D file.
 *
 * Logging state is process-wide (it mirrors a command-line switch); everything
 * else in Vireo passes its state explicitly.
 */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include "util/osdep.h"

typedef struct Error Error;

enum {
    LOG_GUEST_ERROR = 1u << 0,   /* guest did something hardware would refuse */
    LOG_UNIMP       = 1u << 1,   /* guest used an unimplemented feature */
    LOG_IN_ASM      = 1u << 2,   /* guest code of each translated block */
    LOG_OP          = 1u << 3,   /* IR as generated */
    LOG_OP_OPT      = 1u << 4,   /* IR after optimization */
    LOG_OUT_ASM     = 1u << 5,   /* host code generated */
    LOG_EXEC        = 1u << 6,   /* each block executed */
    LOG_CPU         = 1u << 7,   /* CPU state before each block */
    LOG_INT         = 1u << 8,   /* interrupts and exceptions */
    LOG_MMU         = 1u << 9,   /* page walks and TLB fills */
    LOG_NOCHAIN     = 1u << 10,  /* disable block chaining (a behaviour switch) */
    LOG_STATS       = 1u << 11,  /* translation statistics at exit */
    LOG_DEVICE      = 1u << 12,  /* device register traces */
    LOG_FDT         = 1u << 13,  /* dump the generated device tree */
    LOG_MTREE       = 1u << 14,  /* dump the memory map ("info mtree") at start */
};

extern uint32_t log_mask;

static inline bool log_enabled(uint32_t mask)
{
    return unlikely(log_mask & mask);
}

/* Parse a comma-separated -d list ("in_asm,int"); "help" prints the items. */
bool log_set_items(const char *list, Error **errp);
void log_print_help(FILE *out);
/* -D: send the log to PATH instead of stderr. */
bool log_set_file(const char *path, Error **errp);
FILE *log_file(void);
void log_printf(const char *fmt, ...) PRINTF_FMT(1, 2);
void log_flush(void);

#define log_mask_printf(mask, ...) do {                                        \
        if (log_enabled(mask)) {                                               \
            log_printf(__VA_ARGS__);                                           \
        }                                                                      \
    } while (0)

#define log_guest_error(...) log_mask_printf(LOG_GUEST_ERROR, __VA_ARGS__)
#define log_unimp(...) log_mask_printf(LOG_UNIMP, __VA_ARGS__)

#endif
