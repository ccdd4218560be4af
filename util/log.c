/*
 * The -d items and the -D log file.
 */
#include "util/log.h"
#include "util/error.h"

uint32_t log_mask;
static FILE *logfile;

typedef struct LogItem {
    const char *name;
    uint32_t mask;
    const char *help;
} LogItem;

/* Names follow QEMU's -d items where one exists. */
static const LogItem log_items[] = {
    { "guest_errors", LOG_GUEST_ERROR, "log when the guest does something invalid" },
    { "unimp", LOG_UNIMP, "log unimplemented functionality" },
    { "in_asm", LOG_IN_ASM, "show target assembly code for each compiled TB" },
    { "op", LOG_OP, "show micro ops for each compiled TB" },
    { "op_opt", LOG_OP_OPT, "show micro ops after optimization" },
    { "out_asm", LOG_OUT_ASM, "show generated host assembly code for each compiled TB" },
    { "exec", LOG_EXEC, "show trace before each executed TB (lots of logs)" },
    { "cpu", LOG_CPU, "show CPU registers before entering a TB (lots of logs)" },
    { "int", LOG_INT, "show interrupts/exceptions in short format" },
    { "mmu", LOG_MMU, "log MMU-related activities (page walks, TLB fills)" },
    { "nochain", LOG_NOCHAIN, "do not chain compiled TBs so that \"exec\" and \"cpu\" "
      "show complete traces" },
    { "stats", LOG_STATS, "print translation statistics at exit" },
    { "device", LOG_DEVICE, "trace device register accesses" },
    { "fdt", LOG_FDT, "dump the generated device tree" },
    { "mtree", LOG_MTREE, "dump the memory region tree and flat view at start" },
};

bool log_set_items(const char *list, Error **errp)
{
    uint32_t mask = 0;
    const char *p = list;

    if (!list) {
        return true;
    }
    if (strcmp(list, "help") == 0) {
        /* The caller normally checks for "help" first and exits. */
        log_print_help(stdout);
        return true;
    }
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        bool found = false;

        if (len == 3 && strncmp(p, "all", 3) == 0) {
            for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
                if (log_items[i].mask != LOG_NOCHAIN) {
                    mask |= log_items[i].mask;
                }
            }
            found = true;
        }
        for (size_t i = 0; !found && i < ARRAY_SIZE(log_items); i++) {
            if (strlen(log_items[i].name) == len && strncmp(p, log_items[i].name, len) == 0) {
                mask |= log_items[i].mask;
                found = true;
            }
        }
        if (!found && len > 0) {
            error_setg(errp, "unknown -d item '%.*s'", (int)len, p);
            return false;
        }
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    log_mask = mask;     /* like QEMU: the last -d wins */
    return true;
}

void log_print_help(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
        fprintf(out, "%-13s %s\n", log_items[i].name, log_items[i].help);
    }
}

bool log_set_file(const char *path, Error **errp)
{
    FILE *f = fopen(path, "w");

    if (!f) {
        error_setg_errno(errp, errno, "cannot open log file '%s'", path);
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    if (logfile && logfile != stderr) {
        fclose(logfile);
    }
    logfile = f;
    return true;
}

FILE *log_file(void)
{
    return logfile ? logfile : stderr;
}

void log_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(log_file(), fmt, ap);
    va_end(ap);
}

void log_flush(void)
{
    fflush(log_file());
}
