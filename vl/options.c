/*
 * Command-line parsing, QEMU-compatible where the option exists in both.
 * Every user error is one line ("-m: invalid size 'x'") and exit status 1;
 * an option that is recognised but not implemented fails rather than being
 * ignored.
 */
#include "vl/vl.h"
#include "hw/core/machine.h"
#include "qom/object.h"
#include "target/riscv/cpu.h"
#include "util/error.h"
#include "util/log.h"
#include "hw/core/timer.h"

/* Weak: the binary links (and says so) before a back end lands. */
extern const TCGBackend tcg_backend_jit __attribute__((weak));
extern const TCGBackend tcg_backend_interp __attribute__((weak));

typedef struct VlOption {
    const char *name;
    bool has_arg;
    bool (*fn)(VlConfig *cfg, const char *arg, Error **errp);
    const char *arg_help;        /* NULL: undocumented alias */
    const char *help;
} VlOption;

/* ---- Small parsing helpers ------------------------------------------------ */

/* Split "name,rest" into a new name and *rest (NULL if no comma). */
static char *split_first(const char *arg, char **rest)
{
    const char *comma = strchr(arg, ',');

    if (!comma) {
        *rest = NULL;
        return xstrdup(arg);
    }
    *rest = xstrdup(comma + 1);
    return xasprintf("%.*s", (int)(comma - arg), arg);
}

/*
 * Iterate "k=v,k2=v2": fills key/val (val NULL for a bare word) and returns
 * false at the end.  The caller owns and frees nothing; buf holds the item.
 */
static bool next_kv(const char **p, char *buf, size_t size, char **key, char **val)
{
    while (**p == ',') {
        (*p)++;
    }
    if (!**p) {
        return false;
    }
    const char *end = strchr(*p, ',');
    size_t len = end ? (size_t)(end - *p) : strlen(*p);
    if (len >= size) {
        len = size - 1;
    }
    memcpy(buf, *p, len);
    buf[len] = '\0';
    *p += end ? (size_t)(end - *p) : strlen(*p);
    *key = buf;
    *val = strchr(buf, '=');
    if (*val) {
        *(*val)++ = '\0';
    }
    return true;
}

static bool parse_int_range(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    if (!s || !*s) {
        return false;
    }
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

static void set_str(char **field, const char *val)
{
    free(*field);
    *field = xstrdup(val);
}

/* ---- Option handlers -------------------------------------------------------- */

static void print_machines(void)
{
    size_t n;
    ObjectClass **list = object_class_get_list(TYPE_MACHINE, &n);

    printf("Supported machines are:\n");
    for (size_t i = 0; i < n; i++) {
        MachineClass *mc = MACHINE_CLASS(list[i]);
        printf("%-20s %s%s\n", mc->name, list[i]->desc ? list[i]->desc : "",
               mc->is_default ? " (default)" : "");
    }
    free(list);
}

static bool opt_machine(VlConfig *cfg, const char *arg, Error **errp)
{
    char *rest, *name = split_first(arg, &rest);

    /* "-machine type=virt,..." is the long form of "-M virt,...". */
    if (!strncmp(name, "type=", 5)) {
        char *t = xstrdup(name + 5);
        free(name);
        name = t;
    }
    if (!strcmp(name, "help") || !strcmp(name, "?")) {
        print_machines();
        cfg->exit_now = true;
        free(name);
        free(rest);
        return true;
    }
    if (rest && (!strcmp(rest, "help") || !strcmp(rest, "?"))) {
        /* "-M virt,help": the board's properties. */
        size_t n;
        ObjectClass **list = object_class_get_list(TYPE_MACHINE, &n), *oc = NULL;
        for (size_t i = 0; i < n; i++) {
            if (!strcmp(MACHINE_CLASS(list[i])->name, name)) {
                oc = list[i];
            }
        }
        free(list);
        if (!oc) {
            error_setg(errp, "unknown machine '%s' (try -M help)", name);
        } else {
            object_class_print_props(oc, stdout);
            cfg->exit_now = true;
        }
        free(name);
        free(rest);
        return cfg->exit_now;
    }
    free(cfg->machine_type);
    free(cfg->machine_props);
    cfg->machine_type = name;
    cfg->machine_props = rest;
    return true;
}

static bool opt_cpu(VlConfig *cfg, const char *arg, Error **errp)
{
    char *rest, *name = split_first(arg, &rest);

    if (!strcmp(name, "help") || !strcmp(name, "?")) {
        riscv_cpu_list(stdout);
        cfg->exit_now = true;
        goto out;
    }
    ObjectClass *oc = object_class_by_name(name);
    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_RISCV_CPU)) {
        error_setg(errp, "unknown CPU model '%s' (try -cpu help)", name);
        goto out;
    }
    if (rest && (!strcmp(rest, "help") || !strcmp(rest, "?"))) {
        object_class_print_props(oc, stdout);
        cfg->exit_now = true;
        goto out;
    }
    free(cfg->cpu_type);
    free(cfg->cpu_props);
    cfg->cpu_type = name;
    cfg->cpu_props = rest;
    return true;
out:
    free(name);
    free(rest);
    return cfg->exit_now;
}

static bool opt_memory(VlConfig *cfg, const char *arg, Error **errp)
{
    /* "-m 512", "-m 1G" or "-m size=1G" (QEMU's slots/maxmem have no meaning here). */
    const char *size = !strncmp(arg, "size=", 5) ? arg + 5 : arg;

    if (strchr(size, ',') || strchr(size, '=')) {
        error_setg(errp, "only the RAM size is supported ('%s')", arg);
        return false;
    }
    if (!*size) {
        error_setg(errp, "missing size");
        return false;
    }
    /* QEMU: a plain number is in MiB. */
    char *sized = xasprintf("%s%s", size, strspn(size, "0123456789") == strlen(size) ?
                            "M" : "");
    uint64_t bytes;
    Error *err = NULL;
    bool ok = parse_size(sized, &bytes, &err);
    free(sized);
    if (!ok) {
        error_free(err);
        error_setg(errp, "invalid RAM size '%s'", size);
        return false;
    }
    if (bytes < 1 * MiB) {
        error_setg(errp, "RAM size '%s' is too small (at least 1M)", size);
        return false;
    }
    if (bytes > 256 * GiB) {
        error_setg(errp, "RAM size '%s' is too large (at most 256G)", size);
        return false;
    }
    cfg->ram_size = ROUND_UP(bytes, 4 * KiB);
    return true;
}

static bool opt_smp(VlConfig *cfg, const char *arg, Error **errp)
{
    /* "N" or "cpus=N"; a QEMU topology (sockets, cores, threads) is accepted
       when it describes the same count, as is maxcpus equal to it (no hotplug). */
    static const char *const keys[] = { "cpus", "sockets", "cores", "threads", "maxcpus" };
    long v[5] = { -1, -1, -1, -1, -1 };
    const char *p = arg;
    char buf[128], *key, *val;
    bool first = true;

    while (next_kv(&p, buf, sizeof(buf), &key, &val)) {
        size_t k = 0;
        if (!val && first) {
            val = key;                  /* "-smp 4" */
        } else {
            while (k < ARRAY_SIZE(keys) && (!val || strcmp(key, keys[k]))) {
                k++;
            }
            if (k == ARRAY_SIZE(keys)) {
                error_setg(errp, "'%s' is not supported (cpus, sockets, cores, threads, "
                           "maxcpus)", key);
                return false;
            }
        }
        first = false;
        if (!parse_int_range(val, 1, 1024, &v[k])) {
            error_setg(errp, "invalid %s count '%s'", keys[k], val);
            return false;
        }
    }
    long topo = 1;
    for (int k = 1; k <= 3; k++) {
        topo *= v[k] > 0 ? v[k] : 1;
    }
    long n = v[0] > 0 ? v[0] : topo;
    if (first) {
        error_setg(errp, "missing CPU count");
        return false;
    }
    if ((v[1] > 0 || v[2] > 0 || v[3] > 0) && topo != n) {
        error_setg(errp, "topology %ld sockets x %ld cores x %ld threads is not %ld CPUs",
                   v[1] > 0 ? v[1] : 1, v[2] > 0 ? v[2] : 1, v[3] > 0 ? v[3] : 1, n);
        return false;
    }
    if (v[4] > 0 && v[4] != n) {
        error_setg(errp, "maxcpus must equal the CPU count (no CPU hotplug)");
        return false;
    }
    if (n < 1 || n > MAX_CPUS) {
        error_setg(errp, "invalid CPU count %ld (1..%d)", n, MAX_CPUS);
        return false;
    }
    cfg->smp_cpus = (int)n;
    return true;
}

static bool opt_bios(VlConfig *cfg, const char *arg, Error **errp)
{
    set_str(&cfg->bios, arg);
    return true;
}

static bool opt_kernel(VlConfig *cfg, const char *arg, Error **errp)
{
    set_str(&cfg->kernel, arg);
    return true;
}

static bool opt_initrd(VlConfig *cfg, const char *arg, Error **errp)
{
    set_str(&cfg->initrd, arg);
    return true;
}

static bool opt_append(VlConfig *cfg, const char *arg, Error **errp)
{
    set_str(&cfg->append, arg);
    return true;
}

static bool opt_dtb(VlConfig *cfg, const char *arg, Error **errp)
{
    set_str(&cfg->dtb, arg);
    return true;
}

static bool opt_not_yet(VlConfig *cfg, const char *arg, Error **errp)
{
    error_setg(errp, "not supported yet");
    return false;
}

static bool opt_device(VlConfig *cfg, const char *arg, Error **errp)
{
    char *rest, *name = split_first(arg, &rest);
    bool ok = false;

    if (!strcmp(name, "help") || !strcmp(name, "?")) {
        printf("Devices:\n");
        object_class_print_list(TYPE_DEVICE, stdout);
        cfg->exit_now = ok = true;
    } else {
        ObjectClass *oc = object_class_by_name(name);
        if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
            object_class_is_abstract(oc)) {
            error_setg(errp, "'%s' is not a valid device model name (try -device help)", name);
        } else if (rest && (!strcmp(rest, "help") || !strcmp(rest, "?"))) {
            object_class_print_props(oc, stdout);
            cfg->exit_now = ok = true;
        } else {
            error_setg(errp, "not supported yet");
        }
    }
    free(name);
    free(rest);
    return ok;
}

static bool opt_nographic(VlConfig *cfg, const char *arg, Error **errp)
{
    cfg->nographic = true;
    return true;
}

static bool opt_serial(VlConfig *cfg, const char *arg, Error **errp)
{
    static const char *const fixed[] = { "stdio", "mon:stdio", "null", "none" };

    if (cfg->serial) {
        error_setg(errp, "only one serial port is supported");
        return false;
    }
    for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
        if (!strcmp(arg, fixed[i])) {
            set_str(&cfg->serial, arg);
            return true;
        }
    }
    if (!strncmp(arg, "file:", 5) && arg[5]) {
        set_str(&cfg->serial, arg);
        return true;
    }
    error_setg(errp, "unsupported backend '%s' (stdio, mon:stdio, file:PATH, null)", arg);
    return false;
}

static bool opt_display(VlConfig *cfg, const char *arg, Error **errp)
{
    if (!strcmp(arg, "none")) {
        return true;
    }
    if (!strcmp(arg, "help")) {
        printf("Available display backend types:\nnone\n");
        cfg->exit_now = true;
        return true;
    }
    error_setg(errp, "display '%s' is not supported (only 'none')", arg);
    return false;
}

static bool opt_log_items(VlConfig *cfg, const char *arg, Error **errp)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        log_print_help(stdout);
        cfg->exit_now = true;
        return true;
    }
    return log_set_items(arg, errp);
}

static bool opt_log_file(VlConfig *cfg, const char *arg, Error **errp)
{
    return log_set_file(arg, errp);
}

static bool opt_icount(VlConfig *cfg, const char *arg, Error **errp)
{
    const char *p = arg;
    char buf[128], *key, *val;
    long shift = -1;

    while (next_kv(&p, buf, sizeof(buf), &key, &val)) {
        const char *num = val;
        if (!val && shift < 0) {
            num = key;                  /* "-icount 3" */
        } else if (!val || strcmp(key, "shift")) {
            error_setg(errp, "'%s' is not supported (only shift=N)", key);
            return false;
        }
        if (!parse_int_range(num, 0, 10, &shift)) {
            error_setg(errp, "invalid shift '%s' (0..10)", num);
            return false;
        }
    }
    if (shift < 0) {
        error_setg(errp, "missing shift");
        return false;
    }
    cfg->icount_shift = (int)shift;
    return true;
}

static bool opt_snapshot(VlConfig *cfg, const char *arg, Error **errp)
{
    cfg->snapshot = true;           /* no writable drives exist yet: nothing to protect */
    return true;
}

static bool opt_no_reboot(VlConfig *cfg, const char *arg, Error **errp)
{
    cfg->no_reboot = true;
    return true;
}

static bool opt_accel(VlConfig *cfg, const char *arg, Error **errp)
{
    const char *p = arg;
    char buf[128], *key, *val;
    bool first = true;

    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        printf("Accelerators supported in Vireo binary:\ntcg\n");
        cfg->exit_now = true;
        return true;
    }
    while (next_kv(&p, buf, sizeof(buf), &key, &val)) {
        if (first && !val) {
            if (strcmp(key, "tcg")) {
                error_setg(errp, "accelerator '%s' is not supported (only tcg)", key);
                return false;
            }
            first = false;
            continue;
        }
        first = false;
        if (!val) {
            error_setg(errp, "'%s' needs a value", key);
            return false;
        }
        if (!strcmp(key, "accel") && !strcmp(val, "tcg")) {
            continue;
        } else if (!strcmp(key, "backend")) {
            if (strcmp(val, "jit") && strcmp(val, "interp")) {
                error_setg(errp, "unknown backend '%s' (jit or interp)", val);
                return false;
            }
            cfg->backend_name = !strcmp(val, "jit") ? "jit" : "interp";
        } else if (!strcmp(key, "tb-size")) {
            long mb;
            if (!parse_int_range(val, 1, 2048, &mb)) {
                error_setg(errp, "invalid tb-size '%s' (1..2048 MiB)", val);
                return false;
            }
            cfg->accel.tb_size = (size_t)mb * MiB;
        } else if (!strcmp(key, "one-insn-per-tb")) {
            Error *err = NULL;
            if (!parse_bool(val, &cfg->accel.one_insn_per_tb, &err)) {
                error_free(err);
                error_setg(errp, "invalid one-insn-per-tb '%s' (on or off)", val);
                return false;
            }
        } else if (!strcmp(key, "thread") && !strcmp(val, "single")) {
            continue;                   /* what we do anyway */
        } else {
            error_setg(errp, "unknown property '%s'", key);
            return false;
        }
    }
    return true;
}

static void print_help(void);

static bool opt_help(VlConfig *cfg, const char *arg, Error **errp)
{
    print_help();
    cfg->exit_now = true;
    return true;
}

static bool opt_version(VlConfig *cfg, const char *arg, Error **errp)
{
    printf("Vireo emulator version %s (%s)\n", VL_VERSION, VL_PROGNAME);
    printf("A RISC-V RV64GC full-system emulator (QEMU-compatible virt machine)\n");
    cfg->exit_now = true;
    return true;
}

static const VlOption vl_options[] = {
    { "M", true, opt_machine, "NAME[,prop=val...]", "machine (-M help lists them)" },
    { "machine", true, opt_machine, NULL, NULL },
    { "cpu", true, opt_cpu, "NAME[,ext=on|off...]", "CPU model (-cpu help, -cpu rv64,help)" },
    { "m", true, opt_memory, "SIZE", "RAM size, in MiB or with a K/M/G suffix (size=SIZE)" },
    { "smp", true, opt_smp, "N", "number of harts, 1..8 (cpus=N)" },
    { "bios", true, opt_bios, "none|default|FILE", "firmware (default: OpenSBI fw_dynamic)" },
    { "kernel", true, opt_kernel, "FILE", "kernel: ELF, RISC-V Linux Image or raw binary" },
    { "initrd", true, opt_initrd, "FILE", "initial ramdisk" },
    { "append", true, opt_append, "CMDLINE", "kernel command line" },
    { "dtb", true, opt_dtb, "FILE", "use this device tree instead of the generated one" },
    { "drive", true, opt_not_yet, "...", "block device (not supported yet)" },
    { "device", true, opt_device, "NAME[,help]", "device (-device help lists them)" },
    { "netdev", true, opt_not_yet, "...", "network backend (not supported yet)" },
    { "nographic", false, opt_nographic, NULL, "serial on mon:stdio, no display" },
    { "serial", true, opt_serial, "stdio|mon:stdio|file:PATH|null", "serial port backend" },
    { "display", true, opt_display, "none", "display (only none)" },
    { "s", false, opt_not_yet, NULL, "gdbstub on tcp::1234 (not supported yet)" },
    { "S", false, opt_not_yet, NULL, "start stopped (not supported yet)" },
    { "gdb", true, opt_not_yet, "DEV", "gdbstub (not supported yet)" },
    { "d", true, opt_log_items, "ITEM,...", "debug log items (-d help lists them)" },
    { "D", true, opt_log_file, "FILE", "write the debug log to FILE" },
    { "icount", true, opt_icount, "shift=N", "deterministic virtual time: 2^N ns per insn" },
    { "snapshot", false, opt_snapshot, NULL, "do not write to disk images" },
    { "no-reboot", false, opt_no_reboot, NULL, "exit instead of rebooting" },
    { "accel", true, opt_accel, "tcg[,backend=jit|interp][,tb-size=MB][,one-insn-per-tb=on]",
      "execution engine" },
    { "version", false, opt_version, NULL, "print the version and exit" },
    { "h", false, opt_help, NULL, "print this help and exit" },
    { "help", false, opt_help, NULL, NULL },
};

static void print_help(void)
{
    printf("usage: %s [options]\n\n", VL_PROGNAME);
    printf("Vireo: a RISC-V RV64GC full-system emulator with a QEMU-compatible virt board.\n\n");
    for (size_t i = 0; i < ARRAY_SIZE(vl_options); i++) {
        const VlOption *o = &vl_options[i];
        if (!o->help) {
            continue;
        }
        char head[96];
        snprintf(head, sizeof(head), "-%s%s%s", o->name, o->arg_help ? " " : "",
                 o->arg_help ? o->arg_help : "");
        if (strlen(head) > 30) {
            printf("  %s\n  %-30s %s\n", head, "", o->help);
        } else {
            printf("  %-30s %s\n", head, o->help);
        }
    }
    printf("\nDuring emulation with -nographic or -serial mon:stdio, Ctrl-A X exits.\n");
}

bool vl_parse_args(VlConfig *cfg, int argc, char **argv, Error **errp)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->smp_cpus = 1;
    cfg->icount_shift = -1;
    cfg->backend_name = "jit";

    for (int i = 1; i < argc && !cfg->exit_now; i++) {
        const char *a = argv[i];
        const VlOption *opt = NULL;

        if (a[0] != '-' || a[1] == '\0') {
            error_setg(errp, "%s: unexpected argument (disk images need -drive, which is "
                       "not supported yet)", a);
            return false;
        }
        const char *name = a + 1 + (a[1] == '-');    /* -opt or --opt */
        for (size_t k = 0; k < ARRAY_SIZE(vl_options); k++) {
            if (!strcmp(vl_options[k].name, name)) {
                opt = &vl_options[k];
                break;
            }
        }
        if (!opt) {
            error_setg(errp, "%s: invalid option", a);
            return false;
        }
        const char *arg = NULL;
        if (opt->has_arg) {
            if (i + 1 >= argc) {
                error_setg(errp, "%s: requires an argument", a);
                return false;
            }
            arg = argv[++i];
        }
        Error *err = NULL;
        if (!opt->fn(cfg, arg, &err)) {
            error_setg(errp, "%s: %s", a, error_get_pretty(err));
            error_free(err);
            return false;
        }
    }
    if (cfg->exit_now) {
        return true;
    }
    if (cfg->nographic && !cfg->serial) {
        cfg->serial = xstrdup("mon:stdio");
    }
    cfg->accel.backend = !strcmp(cfg->backend_name, "jit") ? &tcg_backend_jit :
                         &tcg_backend_interp;
    cfg->accel.nochain = log_enabled(LOG_NOCHAIN);
    if (!cfg->accel.backend) {
        error_setg(errp, "-accel tcg,backend=%s: this back end is not built in yet",
                   cfg->backend_name);
        return false;
    }
    if (cfg->icount_shift >= 0) {
        clock_set_icount(cfg->icount_shift);
    }
    return true;
}

void vl_config_free(VlConfig *cfg)
{
    free(cfg->machine_type);
    free(cfg->machine_props);
    free(cfg->cpu_type);
    free(cfg->cpu_props);
    free(cfg->bios);
    free(cfg->kernel);
    free(cfg->initrd);
    free(cfg->append);
    free(cfg->dtb);
    free(cfg->serial);
}
