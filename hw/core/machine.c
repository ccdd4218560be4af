/*
 * The abstract machine type and the requests devices make of the machine
 * (power-off with an exit status, reset).  The requests are forwarded to the
 * main loop, which the run loop (vl/run.c) polls between vCPU slices.
 */
#include "hw/core/machine.h"
#include "hw/core/main-loop.h"

void machine_request_shutdown(Machine *m, int exit_code)
{
    (void)m;
    main_loop_request_shutdown(exit_code);
}

void machine_request_reset(Machine *m)
{
    if (m && m->no_reboot) {
        /* -no-reboot: a guest reset ends the run successfully, as in QEMU. */
        main_loop_request_shutdown(0);
        return;
    }
    main_loop_request_reset();
}

static void machine_class_init(ObjectClass *klass, const void *data)
{
    (void)data;
    klass->desc = "abstract machine";
}

static const TypeInfo machine_type = {
    .name = TYPE_MACHINE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Machine),
    .class_size = sizeof(MachineClass),
    .abstract = true,
    .class_init = machine_class_init,
};

static void machine_register_types(void)
{
    type_register_static(&machine_type);
}

type_init(machine_register_types)
