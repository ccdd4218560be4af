/*
 * The "virt" board: QEMU's RISC-V virt memory map, so firmware, kernels and
 * bare-metal tests run on both.  One const table drives both the devices
 * created and the device tree given to the guest.
 */
#include "hw/riscv/virt.h"
#include "hw/riscv/boot.h"
#include "hw/core/fdt.h"
#include "hw/core/loader.h"
#include "hw/core/main-loop.h"
#include "hw/char/ns16550a.h"
#include "hw/intc/aclint.h"
#include "hw/intc/plic.h"
#include "hw/misc/sifive_test.h"
#include "hw/rtc/goldfish_rtc.h"
#include "target/riscv/cpu.h"
#include "util/error.h"
#include "util/log.h"

#include <libfdt.h>

typedef struct VirtMachine VirtMachine;
typedef struct VirtMapEntry VirtMapEntry;

struct VirtMapEntry {
    const char *name;            /* device-tree node name */
    hwaddr base;
    uint64_t size;
    int irq;                     /* PLIC source, or 0 */
    bool (*create)(VirtMachine *vm, const VirtMapEntry *e, Error **errp);
    void (*fdt)(VirtMachine *vm, const VirtMapEntry *e, const char *path);
};

struct VirtMachine {
    Machine parent_obj;
    char *dumpdtb;               /* -M virt,dumpdtb=FILE */
    MemoryRegion sysmem, ram, rom;
    AddressSpace as;
    DeviceState *aclint, *plic, *uart, *test, *rtc;
    uint32_t next_phandle;
    uint32_t plic_phandle, test_phandle;
    uint32_t intc_phandle[MAX_CPUS];
    RISCVBootInfo boot;
    RISCVBootLayout layout;
};

#define VIRT_MACHINE(obj) OBJECT_CHECK(VirtMachine, (obj), TYPE_VIRT_MACHINE)

/* ---- Devices ------------------------------------------------------------ */

static bool virt_create_rom(VirtMachine *vm, const VirtMapEntry *e, Error **errp)
{
    if (!memory_region_init_rom(&vm->rom, OBJECT(vm), "riscv.virt.mrom", e->size, errp)) {
        return false;
    }
    memory_region_add_subregion(&vm->sysmem, e->base, &vm->rom);
    return true;
}

static bool virt_create_test(VirtMachine *vm, const VirtMapEntry *e, Error **errp)
{
    vm->test = sifive_test_create(MACHINE(vm), &vm->sysmem, e->base, errp);
    return vm->test != NULL;
}

static bool virt_create_aclint(VirtMachine *vm, const VirtMapEntry *e, Error **errp)
{
    vm->aclint = aclint_create(&vm->sysmem, e->base, MACHINE(vm)->smp_cpus, errp);
    return vm->aclint != NULL;
}

static bool virt_create_plic(VirtMachine *vm, const VirtMapEntry *e, Error **errp)
{
    vm->plic = plic_create(&vm->sysmem, e->base, MACHINE(vm)->smp_cpus, errp);
    return vm->plic != NULL;
}

static bool virt_create_uart(VirtMachine *vm, const VirtMapEntry *e, Error **errp)
{
    vm->uart = ns16550a_create(&vm->sysmem, e->base, plic_get_irq(vm->plic, e->irq),
                               MACHINE(vm)->serial, errp);
    return vm->uart != NULL;
}

static bool virt_create_rtc(VirtMachine *vm, const VirtMapEntry *e, Error **errp)
{
    vm->rtc = goldfish_rtc_create(&vm->sysmem, e->base, plic_get_irq(vm->plic, e->irq), errp);
    return vm->rtc != NULL;
}

static bool virt_create_ram(VirtMachine *vm, const VirtMapEntry *e, Error **errp)
{
    Machine *m = MACHINE(vm);

    if (!memory_region_init_ram(&vm->ram, OBJECT(vm), "riscv.virt.ram", m->ram_size, errp)) {
        error_prepend(errp, "-m %" PRIu64 "M: ", (uint64_t)(m->ram_size / MiB));
        return false;
    }
    memory_region_add_subregion(&vm->sysmem, e->base, &vm->ram);
    return true;
}

/* ---- Device tree ---------------------------------------------------------- */

/* Phandles come from a counter: the PLIC's is referenced before its node exists. */
static uint32_t virt_new_phandle(VirtMachine *vm)
{
    return ++vm->next_phandle;
}

static uint32_t virt_add_phandle(VirtMachine *vm, const char *path)
{
    uint32_t ph = virt_new_phandle(vm);

    dt_setprop_u32(MACHINE(vm)->fdt, path, "phandle", ph);
    return ph;
}

static void fdt_reg(void *fdt, const char *path, hwaddr base, uint64_t size)
{
    uint32_t reg[4] = { base >> 32, (uint32_t)base, size >> 32, (uint32_t)size };

    dt_setprop_cells(fdt, path, "reg", reg, 4);
}

static void fdt_irq(VirtMachine *vm, const char *path, int irq)
{
    dt_setprop_u32(MACHINE(vm)->fdt, path, "interrupt-parent", vm->plic_phandle);
    dt_setprop_u32(MACHINE(vm)->fdt, path, "interrupts", irq);
}

static void virt_fdt_test(VirtMachine *vm, const VirtMapEntry *e, const char *path)
{
    void *fdt = MACHINE(vm)->fdt;

    dt_setprop_strings(fdt, path, "compatible", "sifive,test1", "sifive,test0", "syscon",
                       NULL);
    fdt_reg(fdt, path, e->base, e->size);
    vm->test_phandle = virt_add_phandle(vm, path);

    /* Linux powers off and reboots through syscon writes to the finisher. */
    static const struct { const char *node, *compat; uint32_t value; } syscon[] = {
        { "/poweroff", "syscon-poweroff", SIFIVE_TEST_PASS },
        { "/reboot", "syscon-reboot", SIFIVE_TEST_RESET },
    };
    for (size_t i = 0; i < ARRAY_SIZE(syscon); i++) {
        dt_add_node(fdt, syscon[i].node);
        dt_setprop_string(fdt, syscon[i].node, "compatible", syscon[i].compat);
        dt_setprop_u32(fdt, syscon[i].node, "regmap", vm->test_phandle);
        dt_setprop_u32(fdt, syscon[i].node, "offset", 0);
        dt_setprop_u32(fdt, syscon[i].node, "value", syscon[i].value);
    }
}

static void virt_fdt_aclint(VirtMachine *vm, const VirtMapEntry *e, const char *path)
{
    Machine *m = MACHINE(vm);
    uint32_t cells[4 * MAX_CPUS];

    dt_setprop_strings(m->fdt, path, "compatible", "sifive,clint0", "riscv,clint0", NULL);
    fdt_reg(m->fdt, path, e->base, e->size);
    for (int i = 0; i < m->smp_cpus; i++) {
        cells[4 * i + 0] = vm->intc_phandle[i];
        cells[4 * i + 1] = IRQ_M_SOFT;
        cells[4 * i + 2] = vm->intc_phandle[i];
        cells[4 * i + 3] = IRQ_M_TIMER;
    }
    dt_setprop_cells(m->fdt, path, "interrupts-extended", cells, 4 * m->smp_cpus);
}

static void virt_fdt_plic(VirtMachine *vm, const VirtMapEntry *e, const char *path)
{
    Machine *m = MACHINE(vm);
    uint32_t cells[4 * MAX_CPUS];

    dt_setprop_u32(m->fdt, path, "#interrupt-cells", 1);
    dt_setprop_u32(m->fdt, path, "#address-cells", 0);
    dt_setprop_strings(m->fdt, path, "compatible", "sifive,plic-1.0.0", "riscv,plic0", NULL);
    dt_setprop_empty(m->fdt, path, "interrupt-controller");
    for (int i = 0; i < m->smp_cpus; i++) {
        cells[4 * i + 0] = vm->intc_phandle[i];
        cells[4 * i + 1] = IRQ_M_EXT;
        cells[4 * i + 2] = vm->intc_phandle[i];
        cells[4 * i + 3] = IRQ_S_EXT;
    }
    dt_setprop_cells(m->fdt, path, "interrupts-extended", cells, 4 * m->smp_cpus);
    fdt_reg(m->fdt, path, e->base, e->size);
    dt_setprop_u32(m->fdt, path, "riscv,ndev", PLIC_NUM_SOURCES);
    dt_setprop_u32(m->fdt, path, "phandle", vm->plic_phandle);
}

static void virt_fdt_uart(VirtMachine *vm, const VirtMapEntry *e, const char *path)
{
    void *fdt = MACHINE(vm)->fdt;

    dt_setprop_string(fdt, path, "compatible", "ns16550a");
    fdt_reg(fdt, path, e->base, e->size);
    dt_setprop_u32(fdt, path, "clock-frequency", NS16550A_CLOCK_FREQ);
    fdt_irq(vm, path, e->irq);
    dt_add_node(fdt, "/chosen");
    dt_setprop_string(fdt, "/chosen", "stdout-path", path);
}

static void virt_fdt_rtc(VirtMachine *vm, const VirtMapEntry *e, const char *path)
{
    void *fdt = MACHINE(vm)->fdt;

    dt_setprop_string(fdt, path, "compatible", "google,goldfish-rtc");
    fdt_reg(fdt, path, e->base, e->size);
    fdt_irq(vm, path, e->irq);
}

static void virt_fdt_ram(VirtMachine *vm, const VirtMapEntry *e, const char *path)
{
    void *fdt = MACHINE(vm)->fdt;

    dt_setprop_string(fdt, path, "device_type", "memory");
    fdt_reg(fdt, path, e->base, MACHINE(vm)->ram_size);
}

/*
 * The memory map (DESIGN.md).  Entries with an IRQ are created after those
 * without (the PLIC); entries with no create function are reserved.
 */
static const VirtMapEntry virt_memmap[] = {
    [VIRT_MROM]  = { "mrom", 0x1000, 0xf000, 0, virt_create_rom, NULL },
    [VIRT_TEST]  = { "test", 0x100000, 0x1000, 0, virt_create_test, virt_fdt_test },
    [VIRT_RTC]   = { "rtc", 0x101000, GOLDFISH_RTC_SIZE, 11, virt_create_rtc, virt_fdt_rtc },
    [VIRT_CLINT] = { "clint", 0x2000000, ACLINT_SIZE, 0, virt_create_aclint,
                     virt_fdt_aclint },
    [VIRT_PLIC]  = { "plic", 0xc000000, PLIC_SIZE, 0, virt_create_plic, virt_fdt_plic },
    [VIRT_UART0] = { "serial", 0x10000000, NS16550A_SIZE, 10, virt_create_uart,
                     virt_fdt_uart },
    [VIRT_VIRTIO] = { "virtio_mmio", 0x10001000, 0x1000, 1, NULL, NULL },
    [VIRT_PCIE_ECAM] = { "pcie-ecam", 0x30000000, 0x10000000, 32, NULL, NULL },
    [VIRT_PCIE_MMIO] = { "pcie-mmio", 0x40000000, 0x40000000, 0, NULL, NULL },
    [VIRT_DRAM]  = { "memory", 0x80000000, 0, 0, virt_create_ram, virt_fdt_ram },
};

hwaddr virt_memmap_base(int idx)
{
    assert(idx >= 0 && idx < (int)ARRAY_SIZE(virt_memmap));
    return virt_memmap[idx].base;
}

static void virt_fdt_cpus(VirtMachine *vm)
{
    Machine *m = MACHINE(vm);
    void *fdt = m->fdt;

    dt_add_node(fdt, "/cpus");
    dt_setprop_u32(fdt, "/cpus", "timebase-frequency", ACLINT_TIMEBASE_FREQ);
    dt_setprop_u32(fdt, "/cpus", "#size-cells", 0);
    dt_setprop_u32(fdt, "/cpus", "#address-cells", 1);
    /* libfdt inserts new nodes first: add them last to first. */
    for (int i = m->smp_cpus - 1; i >= 0; i--) {
        RISCVCPU *cpu = RISCV_CPU(m->cpus[i]);
        char path[64], intc[96];
        snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
        snprintf(intc, sizeof(intc), "%s/interrupt-controller", path);
        dt_add_node(fdt, path);
        dt_setprop_string(fdt, path, "device_type", "cpu");
        dt_setprop_u32(fdt, path, "reg", i);
        dt_setprop_string(fdt, path, "status", "okay");
        dt_setprop_string(fdt, path, "compatible", "riscv");
        char *isa = riscv_cpu_isa_string(cpu);
        dt_setprop_string(fdt, path, "riscv,isa", isa);
        free(isa);
        if (cpu->mmu_sv57 || cpu->mmu_sv48 || cpu->mmu_sv39) {
            dt_setprop_string(fdt, path, "mmu-type", cpu->mmu_sv57 ? "riscv,sv57" :
                              cpu->mmu_sv48 ? "riscv,sv48" : "riscv,sv39");
        }
        if (cpu->ext_zicbom) {
            dt_setprop_u32(fdt, path, "riscv,cbom-block-size", cpu->cbom_blocksize);
        }
        if (cpu->ext_zicboz) {
            dt_setprop_u32(fdt, path, "riscv,cboz-block-size", cpu->cboz_blocksize);
        }
        if (cpu->ext_zicbop) {
            /* Linux drops Zicbop without it; prefetches use the same 64-byte block. */
            dt_setprop_u32(fdt, path, "riscv,cbop-block-size", cpu->cbom_blocksize);
        }
        virt_add_phandle(vm, path);
        dt_add_node(fdt, intc);
        dt_setprop_u32(fdt, intc, "#interrupt-cells", 1);
        dt_setprop_empty(fdt, intc, "interrupt-controller");
        dt_setprop_string(fdt, intc, "compatible", "riscv,cpu-intc");
        vm->intc_phandle[i] = virt_add_phandle(vm, intc);
    }
}

static void virt_build_fdt(VirtMachine *vm)
{
    Machine *m = MACHINE(vm);
    void *fdt = dt_create();

    m->fdt = fdt;
    vm->next_phandle = 0;
    dt_setprop_u32(fdt, "/", "#address-cells", 2);
    dt_setprop_u32(fdt, "/", "#size-cells", 2);
    dt_setprop_string(fdt, "/", "compatible", "riscv-virtio");
    dt_setprop_string(fdt, "/", "model", "riscv-virtio,vireo");
    virt_fdt_cpus(vm);
    dt_add_node(fdt, "/soc");
    dt_setprop_empty(fdt, "/soc", "ranges");
    dt_setprop_string(fdt, "/soc", "compatible", "simple-bus");
    dt_setprop_u32(fdt, "/soc", "#size-cells", 2);
    dt_setprop_u32(fdt, "/soc", "#address-cells", 2);
    /* The PLIC's phandle is needed by every node that has an interrupt. */
    vm->plic_phandle = virt_new_phandle(vm);

    for (size_t i = ARRAY_SIZE(virt_memmap); i-- > 0;) {
        const VirtMapEntry *e = &virt_memmap[i];
        if (!e->fdt) {
            continue;
        }
        char path[80];
        if (i == VIRT_DRAM) {
            snprintf(path, sizeof(path), "/%s@%" PRIx64, e->name, e->base);
        } else {
            snprintf(path, sizeof(path), "/soc/%s@%" PRIx64, e->name, e->base);
        }
        dt_add_node(fdt, path);
        e->fdt(vm, e, path);
    }
}

/* -dtb FILE: the user's tree, with room for /chosen additions. */
static bool virt_load_user_fdt(VirtMachine *vm, Error **errp)
{
    Machine *m = MACHINE(vm);
    int size;
    void *user = dt_load_file(m->dtb, &size, errp);

    if (!user) {
        return false;
    }
    /* Room for /chosen: the command line can be as long as argv allows. */
    int bufsize = size + 64 * KiB + (m->append ? (int)strlen(m->append) : 0);
    m->fdt = xzalloc(bufsize);
    int err = fdt_open_into(user, m->fdt, bufsize);
    free(user);
    if (err) {
        error_setg(errp, "could not load dtb '%s': %s", m->dtb, fdt_strerror(err));
        return false;
    }
    return true;
}

/* ---- Machine -------------------------------------------------------------- */

static bool virt_create_cpus(VirtMachine *vm, Error **errp)
{
    Machine *m = MACHINE(vm);

    for (int i = 0; i < m->smp_cpus; i++) {
        RISCVCPU *cpu = riscv_cpu_create(m->cpu_type ? m->cpu_type : TYPE_RISCV_CPU_RV64,
                                         m->cpu_props, i, errp);
        if (!cpu) {
            if (errp && *errp && strncmp(error_get_pretty(*errp), "-cpu", 4)) {
                error_prepend(errp, "-cpu: ");
            }
            return false;
        }
        CPUState *cs = CPU(cpu);
        cs->as = m->system_as;
        cs->machine = m;
        cs->cpu_index = i;
        m->cpus[i] = cs;
    }
    return true;
}

static void virt_wire_cpus(VirtMachine *vm)
{
    Machine *m = MACHINE(vm);

    for (int i = 0; i < m->smp_cpus; i++) {
        RISCVCPU *cpu = RISCV_CPU(m->cpus[i]);
        riscv_cpu_set_rdtime(cpu, aclint_read_mtime, vm->aclint);
        aclint_connect_hart(vm->aclint, i, riscv_cpu_irq(cpu, IRQ_M_SOFT),
                            riscv_cpu_irq(cpu, IRQ_M_TIMER));
        plic_connect_context(vm->plic, 2 * i, riscv_cpu_irq(cpu, IRQ_M_EXT));
        plic_connect_context(vm->plic, 2 * i + 1, riscv_cpu_irq(cpu, IRQ_S_EXT));
    }
}

static bool virt_init(Machine *m, Error **errp)
{
    VirtMachine *vm = VIRT_MACHINE(m);

    memory_region_init_container(&vm->sysmem, OBJECT(vm), "system", UINT64_MAX);
    address_space_init(&vm->as, &vm->sysmem, "memory");
    m->system_memory = &vm->sysmem;
    m->system_as = &vm->as;

    if (m->ram_size == 0 || m->ram_size > 0x80000000ull * 256) {
        error_setg(errp, "-m: invalid RAM size %" PRIu64, m->ram_size);
        return false;
    }
    if (!virt_create_cpus(vm, errp)) {
        return false;
    }
    /* Two passes: the interrupt controllers before the devices wired to them. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < ARRAY_SIZE(virt_memmap); i++) {
            const VirtMapEntry *e = &virt_memmap[i];
            if (e->create && (e->irq != 0) == pass && !e->create(vm, e, errp)) {
                return false;
            }
        }
    }
    virt_wire_cpus(vm);

    if (m->dtb) {
        if (!virt_load_user_fdt(vm, errp)) {
            return false;
        }
    } else {
        virt_build_fdt(vm);
    }
    vm->layout = (RISCVBootLayout) {
        .rom_base = virt_memmap[VIRT_MROM].base,
        .rom_size = virt_memmap[VIRT_MROM].size,
        .dram_base = virt_memmap[VIRT_DRAM].base,
        .dram_size = m->ram_size,
    };
    if (!riscv_boot_setup(m, &vm->layout, &vm->boot, errp)) {
        return false;
    }
    if (log_enabled(LOG_FDT)) {
        dt_print(m->fdt, log_file());
        log_flush();
    }
    if (vm->dumpdtb) {
        if (!dt_save_file(m->fdt, vm->dumpdtb, errp)) {
            return false;
        }
        main_loop_request_shutdown(0);
    }
    return true;
}

static void virt_reset(Machine *m)
{
    VirtMachine *vm = VIRT_MACHINE(m);
    DeviceState *devs[] = { vm->test, vm->aclint, vm->plic, vm->uart, vm->rtc };

    loader_reset_blobs(m->system_as);
    for (size_t i = 0; i < ARRAY_SIZE(devs); i++) {
        if (devs[i]) {
            qdev_reset(devs[i]);
        }
    }
    for (int i = 0; i < m->smp_cpus; i++) {
        qdev_reset(DEVICE(m->cpus[i]));
    }
}

static const Property virt_props[] = {
    { .name = "dumpdtb", .kind = PROP_STRING, .offset = offsetof(VirtMachine, dumpdtb),
      .desc = "write the device tree to this file and exit" },
    DEFINE_PROP_END_OF_LIST(),
};

static void virt_class_init(ObjectClass *klass, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(klass);

    klass->desc = "RISC-V VirtIO board";
    klass->props = virt_props;
    mc->name = "virt";
    mc->init = virt_init;
    mc->reset = virt_reset;
    mc->default_ram_size = 128 * MiB;
    mc->max_cpus = MAX_CPUS;
    mc->default_cpu_type = TYPE_RISCV_CPU_RV64;
    mc->is_default = true;
}

static const TypeInfo virt_type = {
    .name = TYPE_VIRT_MACHINE,
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(VirtMachine),
    .class_init = virt_class_init,
};

static void virt_register_types(void)
{
    type_register_static(&virt_type);
}

type_init(virt_register_types)
