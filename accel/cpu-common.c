/*
 * The abstract CPU type (TYPE_CPU), the list of vCPUs, and the requests other
 * parts of the machine make of a vCPU: exit the loop, raise an interrupt.
 */
#include "accel/tb-internal.h"

#define CPU_LIST_MAX 64

CPUState *cpu_list[CPU_LIST_MAX];
int cpu_count;

static void cpu_instance_init(Object *obj)
{
    CPUState *cpu = CPU(obj);

    assert(cpu_count < CPU_LIST_MAX);
    cpu->cpu_index = cpu_count;
    cpu_list[cpu_count++] = cpu;
    cpu->exception_index = EXCP_NONE;
    cpu->cflags_next_tb = (uint32_t)-1;
    cpu->can_do_io = true;
    cpu_engine_init(cpu);
}

static void cpu_instance_finalize(Object *obj)
{
    CPUState *cpu = CPU(obj);

    for (int i = 0; i < cpu_count; i++) {
        if (cpu_list[i] == cpu) {
            memmove(&cpu_list[i], &cpu_list[i + 1], (cpu_count - i - 1) * sizeof(cpu));
            cpu_list[--cpu_count] = NULL;
            break;
        }
    }
    tlb_destroy(cpu);
}

/* TYPE_CPU derives from TYPE_DEVICE: make sure a static link pulls it in. */
static __attribute__((used)) void (*const cpu_needs_qdev)(DeviceState *) = qdev_reset;

static const TypeInfo cpu_type_info = {
    .name = TYPE_CPU,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CPUState),
    .class_size = sizeof(CPUClass),
    .abstract = true,
    .instance_init = cpu_instance_init,
    .instance_finalize = cpu_instance_finalize,
};

static void cpu_register_types(void)
{
    type_register_static(&cpu_type_info);
}
type_init(cpu_register_types)

void cpu_exit(CPUState *cpu)
{
    cpu->exit_request = 1;
}

void cpu_interrupt(CPUState *cpu, uint32_t mask)
{
    cpu->interrupt_request |= mask;
    cpu->exit_request = 1;
}

void cpu_reset_interrupt(CPUState *cpu, uint32_t mask)
{
    cpu->interrupt_request &= ~mask;
}
