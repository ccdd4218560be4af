/*
 * The command-line parser (vl_parse_args) on arbitrary argument vectors: the
 * input is split at NUL bytes into argv[1..].  Options with effects outside
 * the process (-D creates a file) are dropped.  An error must be one line;
 * nothing may crash or leak.  Help output goes to /dev/null.
 */
#include "vl/vl.h"
#include "util/log.h"
#include "fuzz_common.h"

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    char *argv[MAX_ARGS + 2];
    int argc = 1;

    if (!init) {
        if (!freopen("/dev/null", "w", stdout)) {
            abort();
        }
        init = true;
    }
    char *copy = malloc(size + 1);
    memcpy(copy, data, size);
    copy[size] = '\0';
    argv[0] = (char *)"vireo-riscv64";
    for (char *p = copy; p < copy + size + 1 && argc <= MAX_ARGS; p += strlen(p) + 1) {
        if (!strcmp(p, "-D") || !strcmp(p, "--D")) {
            free(copy);
            return 0;
        }
        argv[argc++] = p;
    }
    argv[argc] = NULL;

    VlConfig cfg;
    Error *err = NULL;
    vl_parse_args(&cfg, argc, argv, &err);
    fuzz_drop_error_ex(&err, memchr(data, '\n', size) != NULL);
    vl_config_free(&cfg);
    free(copy);
    log_mask = 0;
    return 0;
}
