/*
 * Machines (boards): a type per board, registered with type_init; the
 * command line fills MachineState, then init() creates CPUs, memory and
 * devices.
 */
#ifndef HW_CORE_MACHINE_H
#define HW_CORE_MACHINE_H

#include "qom/object.h"
#include "memory/memory.h"

#define TYPE_MACHINE "machine"
#define MAX_CPUS 8

typedef struct CPUState CPUState;
typedef struct Chardev Chardev;

typedef struct Machine {
    Object parent_obj;
    /* From the command line. */
    uint64_t ram_size;
    int smp_cpus;
    char *cpu_type;              /* "rv64" */
    char *cpu_props;             /* "zbb=false,..." or NULL */
    char *bios;                  /* NULL/"default", "none", or a path */
    char *kernel;
    char *initrd;
    char *append;
    char *dtb;
    Chardev *serial;             /* first UART backend */
    bool no_reboot;
    /* Built by init(). */
    MemoryRegion *system_memory;
    AddressSpace *system_as;
    CPUState *cpus[MAX_CPUS];
    void *fdt;                   /* the device tree given to the guest */
    int fdt_size;
} Machine;

typedef struct MachineClass {
    ObjectClass parent_class;
    const char *name;            /* -M name */
    bool (*init)(Machine *m, Error **errp);
    void (*reset)(Machine *m);
    uint64_t default_ram_size;
    int max_cpus;
    const char *default_cpu_type;
    bool is_default;
} MachineClass;

#define MACHINE(obj) OBJECT_CHECK(Machine, (obj), TYPE_MACHINE)
#define MACHINE_GET_CLASS(obj) OBJECT_GET_CLASS(MachineClass, (obj), TYPE_MACHINE)
#define MACHINE_CLASS(k) OBJECT_CLASS_CHECK(MachineClass, (k), TYPE_MACHINE)

/* Devices ask for power-off (with an exit status) or reset. */
void machine_request_shutdown(Machine *m, int exit_code);
void machine_request_reset(Machine *m);

#endif
