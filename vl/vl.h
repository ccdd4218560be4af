/*
 * The command line and the run loop of the vireo-riscv64 binary.
 */
#ifndef VL_VL_H
#define VL_VL_H

#include "util/osdep.h"
#include "accel/cpu.h"

typedef struct Error Error;

#define VL_PROGNAME "vireo-riscv64"
#define VL_VERSION "0.1"

/* Everything the command line asked for. */
typedef struct VlConfig {
    char *machine_type;          /* -M NAME (NULL: the default machine) */
    char *machine_props;         /* "dumpdtb=x,..." */
    char *cpu_type;              /* -cpu NAME */
    char *cpu_props;
    uint64_t ram_size;           /* 0: the machine's default */
    int smp_cpus;
    char *bios, *kernel, *initrd, *append, *dtb;
    char *serial;                /* -serial spec (NULL: default) */
    bool nographic;
    bool no_reboot;
    bool snapshot;
    int icount_shift;            /* -1: off */
    AccelConfig accel;
    const char *backend_name;    /* "jit" or "interp" */
    bool exit_now;               /* a help/version option was handled */
} VlConfig;

/*
 * Parse argv.  false with errp set on a user error ("-m: invalid size 'x'");
 * true with exit_now set when an informational option (help, -version) was
 * printed and the program should exit 0.
 */
bool vl_parse_args(VlConfig *cfg, int argc, char **argv, Error **errp);
void vl_config_free(VlConfig *cfg);

/* The serial backend from cfg->serial into m->serial; close restores the
   terminal.  (vl/serial.c) */
typedef struct Machine Machine;
bool vl_serial_open(VlConfig *cfg, Machine *m, Error **errp);
void vl_serial_close(void);

/* Build the machine, run it until shutdown; returns the exit status.  On a
   set-up error, reports one line and returns 1. */
int vl_run(VlConfig *cfg);

#endif
