/*
 * Building the machine from the command line and running it: every vCPU in
 * turn until it returns to the loop (kick, deadline, halt), then the event
 * loop; blocking in it while all vCPUs are halted (WFI), so an idle guest
 * costs no host CPU.
 */
#include "vl/vl.h"
#include "hw/core/machine.h"
#include "hw/core/main-loop.h"
#include "util/error.h"
#include "util/log.h"

/* The machine class called name, or the default one if name is NULL. */
static ObjectClass *vl_find_machine(const char *name)
{
    size_t n;
    ObjectClass **list = object_class_get_list(TYPE_MACHINE, &n);
    ObjectClass *oc = NULL;

    for (size_t i = 0; i < n && !oc; i++) {
        MachineClass *mc = MACHINE_CLASS(list[i]);
        if (name ? !strcmp(mc->name, name) : mc->is_default) {
            oc = list[i];
        }
    }
    free(list);
    return oc;
}

static Machine *vl_create_machine(VlConfig *cfg, Error **errp)
{
    ObjectClass *oc = vl_find_machine(cfg->machine_type);

    if (!oc) {
        if (cfg->machine_type) {
            error_setg(errp, "-M %s: unknown machine (try -M help)", cfg->machine_type);
        } else {
            error_setg(errp, "no default machine: use -M");
        }
        return NULL;
    }
    MachineClass *mc = MACHINE_CLASS(oc);
    Machine *m = MACHINE(object_new(object_class_get_name(oc)));
    if (cfg->machine_props && !object_set_props_from_string(OBJECT(m), cfg->machine_props,
                                                             errp)) {
        error_prepend(errp, "-M %s: ", mc->name);
        object_unref(OBJECT(m));
        return NULL;
    }
    if (cfg->smp_cpus > mc->max_cpus) {
        error_setg(errp, "-smp %d: machine '%s' supports at most %d CPUs", cfg->smp_cpus,
                   mc->name, mc->max_cpus);
        object_unref(OBJECT(m));
        return NULL;
    }
    m->ram_size = cfg->ram_size ? cfg->ram_size : mc->default_ram_size;
    m->smp_cpus = cfg->smp_cpus;
    m->cpu_type = xstrdup(cfg->cpu_type ? cfg->cpu_type : mc->default_cpu_type);
    m->cpu_props = cfg->cpu_props ? xstrdup(cfg->cpu_props) : NULL;
    m->bios = cfg->bios ? xstrdup(cfg->bios) : NULL;
    m->kernel = cfg->kernel ? xstrdup(cfg->kernel) : NULL;
    m->initrd = cfg->initrd ? xstrdup(cfg->initrd) : NULL;
    m->append = cfg->append ? xstrdup(cfg->append) : NULL;
    m->dtb = cfg->dtb ? xstrdup(cfg->dtb) : NULL;
    m->no_reboot = cfg->no_reboot;
    if (!vl_serial_open(cfg, m, errp)) {
        object_unref(OBJECT(m));
        return NULL;
    }
    if (!mc->init(m, errp)) {
        return NULL;                    /* half-built: the process exits */
    }
    if (log_enabled(LOG_MTREE)) {
        /* Like QEMU's "info mtree": the region tree and what the CPUs see. */
        memory_region_print_tree(m->system_memory, log_file());
        address_space_print_flatview(m->system_as, log_file());
        log_flush();
    }
    return m;
}

/*
 * Kick only the running vCPU: an exit request left on a vCPU that is not
 * running would make its next cpu_exec() return at once, and a vCPU spinning
 * on a lock would then starve the lock holder forever.  cpu_exit_current()
 * also covers a kick that lands between two cpu_exec() calls (it stops the
 * next one), which a plain cpu_exit() would lose: the alarm is one-shot.
 */
static void vl_kick_cpus(void *opaque)
{
    (void)opaque;
    cpu_exit_current();
}

static void vl_reset(Machine *m)
{
    MachineClass *mc = MACHINE_GET_CLASS(m);

    if (mc->reset) {
        mc->reset(m);
    }
}

/* Nothing can run until an interrupt: every vCPU is halted without work. */
static bool vl_all_idle(Machine *m)
{
    for (int i = 0; i < m->smp_cpus; i++) {
        CPUState *cs = m->cpus[i];
        CPUClass *cc = CPU_GET_CLASS(cs);
        if (!cs->stopped && (!cs->halted || (cc->has_work && cc->has_work(cs)))) {
            return false;
        }
    }
    return true;
}

/*
 * Run until a shutdown request; returns its exit status.  One vCPU slice per
 * main-loop iteration: main_loop_wait() arms the deadline alarm that kicks
 * the running vCPU out (at the latest after a few ms), so a vCPU spinning on
 * a lock held by another cannot starve it.
 */
static int vl_loop(Machine *m)
{
    int code = 0, next = 0;

    for (;;) {
        if (main_loop_shutdown_requested(&code)) {
            return code;
        }
        if (main_loop_reset_requested()) {
            if (m->no_reboot) {
                return 0;
            }
            vl_reset(m);
        }
        CPUState *cs = m->cpus[next];
        next = (next + 1) % m->smp_cpus;
        if (!cs->stopped) {
            cpu_exec(cs);
        }
        /* Do not sleep on a request the guest made just now. */
        bool idle = !main_loop_shutdown_requested(NULL) && vl_all_idle(m);
        main_loop_wait(idle ? -1 : 0);
    }
}

int vl_run(VlConfig *cfg)
{
    Error *err = NULL;

    if (!accel_init(&cfg->accel, &err)) {
        error_report_err(err);
        return 1;
    }
    Machine *m = vl_create_machine(cfg, &err);
    if (!m) {
        error_report_err(err);
        vl_serial_close();
        return 1;
    }
    main_loop_set_kick_handler(vl_kick_cpus, m);
    vl_reset(m);
    int code = vl_loop(m);
    main_loop_set_kick_handler(NULL, NULL);

    if (log_enabled(LOG_STATS)) {
        for (int i = 0; i < m->smp_cpus; i++) {
            accel_dump_stats(m->cpus[i], log_file());
        }
    }
    log_flush();
    vl_serial_close();
    /* A process exit status is 8 bits: a failure must not wrap to 0. */
    if (code & ~0xff) {
        code = (code & 0xff) ? (code & 0xff) : 1;
    }
    return code;
}
